"""Keras layer configs (read as JSON data, never deserialised by Keras) plus their weights, as a
record: ``Embedding`` → recurrent layers → ``Dense`` head.

Supported: InputLayer, Embedding (mask_zero), SimpleRNN / LSTM / GRU (activation,
recurrent_activation, use_bias, return_sequences, go_backwards, reset_after), Bidirectional
(merge_mode concat / sum / mul / ave), Dense (activation), Activation after a Dense, and the
layers that are the identity at inference (Dropout and its kin). Anything else, a Lambda or a
custom layer in particular, is a 422 naming its class: no code from a file is ever run.

Weights arrive per layer in ``get_weights()`` order (kernel, recurrent_kernel, bias; a
Bidirectional layer's forward then backward) and become PyTorch's layout: ``W = kernel.T``;
LSTM gate blocks i,f,c,o are PyTorch's i,f,g,o; GRU blocks z,r,h become r,z,n, and its
reset_after bias (2, 3u) is the input row and the recurrent row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .record import Dense, Direction, Embedding, Network, Recurrent, build, refuse

RECURRENT = {"SimpleRNN": "rnn", "LSTM": "lstm", "GRU": "gru"}
IDENTITY = {
    "Dropout",
    "SpatialDropout1D",
    "GaussianDropout",
    "GaussianNoise",
    "AlphaDropout",
    "ActivityRegularization",
}
SUPPORTED = {"InputLayer", "Embedding", "Bidirectional", "Dense", "Activation", *RECURRENT, *IDENTITY}
# Keras activation name -> model-v2 activation (with Keras' parameters written out)
ACTIVATIONS: dict[str, Any] = {
    "tanh": "tanh", "sigmoid": "sigmoid", "relu": "relu", "linear": "linear", "softsign": "softsign",
    "softplus": "softplus", "elu": "elu", "selu": "selu", "exponential": "exponential",
    "hard_sigmoid": {"name": "hard_sigmoid", "alpha": 1 / 6, "beta": 0.5},  # Keras 3: relu6(x + 3) / 6
    "leaky_relu": {"name": "leaky_relu", "alpha": 0.2},  # Keras 3's default negative_slope
}  # fmt: skip
HEAD_ACTIVATIONS = {**ACTIVATIONS, "linear": "identity", "softmax": "softmax"}


@dataclass
class Layer:
    """One layer as the config describes it."""

    class_name: str
    name: str
    config: dict[str, Any]


def layers_of(model_config: Any) -> tuple[str, list[Layer]]:
    """('Sequential' | 'Functional', the layers in order) from a Keras model config (Keras 2 or 3)."""
    if not isinstance(model_config, dict) or not isinstance(model_config.get("config"), (dict, list)):
        raise refuse("the Keras config is not a model: expected {class_name, config}")
    kind = str(model_config.get("class_name"))
    config = model_config["config"]
    raw = config if isinstance(config, list) else config.get("layers")
    if not isinstance(raw, list):
        raise refuse(f"the Keras config of a {kind} has no list of layers")
    layers = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict) or not isinstance(entry.get("config"), dict):
            raise refuse(f"layer {i} of the Keras config is not {{class_name, config}}")
        cfg = entry["config"]
        layers.append(
            Layer(str(entry.get("class_name")), str(entry.get("name") or cfg.get("name") or i), cfg)
        )
    if kind in ("Functional", "Model"):
        _check_chain(raw, layers)
        return "Functional", layers
    if kind != "Sequential":
        raise refuse(
            f"the Keras model is a {kind}: rnnscope reads Sequential and Functional models only (a subclassed "
            "model's config is code, which rnnscope never runs)",
            "layer_unsupported",
        )
    return "Sequential", layers


def _histories(node: Any) -> list[str]:
    """The layer names a Functional inbound node reads (Keras 3 keras_history, Keras 2 [name, i, j, kwargs])."""
    found: list[str] = []
    if isinstance(node, dict):
        history = (
            node.get("config", {}).get("keras_history") if isinstance(node.get("config"), dict) else None
        )
        if isinstance(history, list) and history and isinstance(history[0], str):
            return [history[0]]
        for key in ("args", "config"):
            if key in node:
                found += _histories(node[key])
    elif isinstance(node, list):
        if len(node) >= 3 and isinstance(node[0], str) and isinstance(node[1], int):
            return [node[0]]
        for item in node:
            found += _histories(item)
    return found


def _check_chain(raw: list[Any], layers: list[Layer]) -> None:
    for k, (entry, layer) in enumerate(zip(raw, layers, strict=True)):
        inbound = sorted(set(_histories(entry.get("inbound_nodes", []))))
        expected = [] if k == 0 else [layers[k - 1].name]
        if inbound != expected:
            raise refuse(
                f"the Functional model is not a chain: layer {layer.name!r} reads {inbound or 'nothing'}, "
                f"expected {expected or 'the input'} (rnnscope reads one input → layers in a row → one output)",
                "layer_unsupported",
            )


def check_supported(layers: Sequence[Layer]) -> None:
    for layer in layers:
        if layer.class_name not in SUPPORTED:
            why = (
                "a Lambda layer is Python code, which rnnscope never runs"
                if layer.class_name == "Lambda"
                else "rnnscope reads " + ", ".join(sorted(SUPPORTED - IDENTITY)) + " and Dropout"
            )
            raise refuse(f"layer {layer.name!r} is a {layer.class_name}: {why}", "layer_unsupported")
        if layer.class_name == "Bidirectional":
            inner = layer.config.get("layer")
            inner_class = inner.get("class_name") if isinstance(inner, dict) else None
            if inner_class not in RECURRENT:
                raise refuse(
                    f"layer {layer.name!r} is a Bidirectional({inner_class}): expected SimpleRNN, LSTM or GRU inside",
                    "layer_unsupported",
                )


def activation(value: Any, where: str, head: bool = False) -> Any:
    """A Keras activation (a name, or a serialised function {class_name: function, config: name})."""
    if isinstance(value, dict):
        value = value.get("config") if value.get("class_name") == "function" else value.get("class_name")
    table = HEAD_ACTIVATIONS if head else ACTIVATIONS
    if not isinstance(value, str) or value not in table:
        raise refuse(
            f"{where} uses the activation {value!r}: expected one of {', '.join(sorted(table))}",
            "layer_unsupported",
        )
    return table[value]


def _count(layer: Layer) -> int:
    """How many arrays ``get_weights()`` gives for the layer."""
    cfg = layer.config
    if layer.class_name in RECURRENT:
        return 3 if cfg.get("use_bias", True) else 2
    if layer.class_name == "Bidirectional":
        return 2 * _count(Layer(cfg["layer"]["class_name"], layer.name, cfg["layer"].get("config", {})))
    if layer.class_name == "Dense":
        return 2 if cfg.get("use_bias", True) else 1
    if layer.class_name == "Embedding":
        return 1
    return 0


def weight_counts(layers: Sequence[Layer]) -> list[int]:
    return [_count(layer) for layer in layers]


def _direction(cell: str, arrays: list[np.ndarray], where: str, reset_after: bool) -> Direction:
    kernel, rk = arrays[0], arrays[1]
    bias = arrays[2] if len(arrays) > 2 else None
    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    if kernel.ndim != 2 or rk.ndim != 2 or rk.shape[1] != G * rk.shape[0] or kernel.shape[1] != rk.shape[1]:
        raise refuse(
            f"{where}: kernel {list(kernel.shape)} and recurrent_kernel {list(rk.shape)} are not a {cell} "
            f"layer's (in, {G}·u) and (u, {G}·u)",
            "shape_error",
        )
    u = rk.shape[0]
    b_ih = b_hh = None
    if bias is not None:
        want = (2, G * u) if cell == "gru" and reset_after else (G * u,)
        if bias.shape != want:
            raise refuse(f"{where}: bias has shape {list(bias.shape)}, expected {list(want)}", "shape_error")
        b_ih, b_hh = (bias[0], bias[1]) if bias.ndim == 2 else (bias, None)
    W_ih, W_hh = kernel.T, rk.T
    if cell == "gru":  # z, r, h -> r, z, n

        def order(a: np.ndarray) -> np.ndarray:
            return np.concatenate([a[u : 2 * u], a[:u], a[2 * u :]], axis=0)

        W_ih, W_hh = order(W_ih), order(W_hh)
        b_ih = None if b_ih is None else order(b_ih)
        b_hh = None if b_hh is None else order(b_hh)
    return Direction(np.ascontiguousarray(W_ih), np.ascontiguousarray(W_hh), b_ih, b_hh)


def _recurrent(class_name: str, cfg: dict[str, Any], arrays: list[np.ndarray], where: str) -> Recurrent:
    cell = RECURRENT[class_name]
    acts: dict[str, Any] = {}
    act = activation(cfg.get("activation", "tanh"), where)
    if act != "tanh":
        acts["cell"] = act
        if cell == "lstm":
            acts["output"] = act  # Keras uses `activation` for the candidate and for h = o * act(c)
    if cell != "rnn":
        gate = activation(cfg.get("recurrent_activation", "sigmoid"), where)
        if gate != "sigmoid":
            acts["gate"] = gate
    reset_after = bool(cfg.get("reset_after", True)) if cell == "gru" else True
    n = len(arrays) // 2 if len(arrays) in (4, 6) else len(arrays)
    dirs = [_direction(cell, arrays[i : i + n], where, reset_after) for i in range(0, len(arrays), n)]
    return Recurrent(
        cell, dirs, "reverse" if cfg.get("go_backwards") else "forward", activations=acts,
        gru_reset_after=reset_after, return_sequences=bool(cfg.get("return_sequences", False)),
    )  # fmt: skip


def _words(class_name: str, cfg: dict[str, Any]) -> str:
    parts = [str(cfg.get("units"))]
    if cfg.get("activation", "tanh") not in ("tanh",):
        parts.append(f"activation={_act_name(cfg.get('activation'))}")
    if class_name != "SimpleRNN" and cfg.get("recurrent_activation", "sigmoid") != "sigmoid":
        parts.append(f"recurrent_activation={_act_name(cfg.get('recurrent_activation'))}")
    if class_name == "GRU" and not cfg.get("reset_after", True):
        parts.append("reset_after=False")
    if cfg.get("go_backwards"):
        parts.append("go_backwards")
    if cfg.get("return_sequences"):
        parts.append("return_sequences")
    return f"{class_name}({', '.join(parts)})"


def _act_name(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("config") if value.get("class_name") == "function" else value.get("class_name"))
    return str(value)


def network(
    kind: str,
    layers: Sequence[Layer],
    arrays_of: Callable[[int, Layer], list[np.ndarray]],
    source: str,
    warnings: list[str] | None = None,
) -> dict[str, Any]:
    """The record of a Keras model: ``arrays_of(k, layer)`` gives layer k's get_weights() arrays."""
    check_supported(layers)
    warnings = list(warnings or [])
    net = Network([])
    words: list[str] = []
    zero_output: list[str] = []
    reversed_order = False  # the sequence so far is in processing order of a go_backwards layer
    for k, layer in enumerate(layers):
        cfg, cls, where = layer.config, layer.class_name, f"layer {layer.name!r} ({layer.class_name})"
        if cls in ("InputLayer", *IDENTITY):
            if cls != "InputLayer":
                words.append(f"{cls}({cfg.get('rate', '')})" if "rate" in cfg else cls)
            continue
        arrays = arrays_of(k, layer)
        if net.head and cls != "Dense" and cls != "Activation":
            raise refuse(
                f"{where} comes after a Dense layer: rnnscope reads [Embedding] → recurrent → Dense",
                "layer_unsupported",
            )
        if cls == "Embedding":
            if net.layers or net.embedding is not None:
                raise refuse(f"{where}: an Embedding must come first", "layer_unsupported")
            E = arrays[0]
            if E.ndim != 2:
                raise refuse(
                    f"{where}: embeddings has shape {list(E.shape)}, expected (input_dim, output_dim)",
                    "shape_error",
                )
            net.embedding = Embedding(E, mask_zero=bool(cfg.get("mask_zero", False)))
            words.append(
                f"Embedding({E.shape[0]}→{E.shape[1]}{', mask_zero' if cfg.get('mask_zero') else ''})"
            )
        elif cls in RECURRENT or cls == "Bidirectional":
            if net.head:
                raise refuse(f"{where} comes after a Dense layer", "layer_unsupported")
            if net.layers and not net.layers[-1].return_sequences:
                raise refuse(
                    f"{where} follows a recurrent layer with return_sequences=False (its input would be one "
                    "vector, not a sequence)", "layer_unsupported",
                )  # fmt: skip
            if cls == "Bidirectional":
                if reversed_order:
                    raise refuse(
                        f"{where} reads the sequence of a go_backwards layer, which Keras passes on last step "
                        "first: a Bidirectional's halves would swap, which rnnscope does not reproduce",
                        "layer_unsupported",
                    )
                inner = cfg["layer"]
                icfg = inner.get("config", {})
                layer_rec = _recurrent(inner["class_name"], icfg, arrays, where)
                merge = cfg.get("merge_mode", "concat")
                if merge not in ("concat", "sum", "mul", "ave"):
                    raise refuse(
                        f"{where} has merge_mode {merge!r}: expected concat, sum, mul or ave",
                        "layer_unsupported",
                    )
                if icfg.get("go_backwards"):
                    raise refuse(
                        f"{where}: a Bidirectional of a go_backwards layer is not read", "layer_unsupported"
                    )
                if len(layer_rec.directions) != 2:
                    raise refuse(f"{where}: expected forward and backward weights", "shape_error")
                layer_rec.direction, layer_rec.merge_mode = "bidirectional", merge
                words.append(f"Bidirectional({_words(inner['class_name'], icfg)}, {merge})")
            else:
                layer_rec = _recurrent(cls, cfg, arrays, where)
                if cfg.get("zero_output_for_mask") and cfg.get("return_sequences"):
                    zero_output.append(where)
                if len(layer_rec.directions) != 1:
                    raise refuse(
                        f"{where}: expected one set of kernel, recurrent_kernel, bias", "shape_error"
                    )
                words.append(_words(cls, cfg))
                # A layer runs through time backwards when it goes backwards over a sequence in time
                # order, or forwards over one a go_backwards layer passed on last step first; it passes
                # its own sequence on in the order it ran.
                reversed_order = reversed_order != bool(cfg.get("go_backwards"))
                layer_rec.direction = "reverse" if reversed_order else "forward"
            net.layers.append(layer_rec)
        elif cls == "Dense":
            if not net.layers:
                raise refuse(f"{where} comes before any recurrent layer", "layer_unsupported")
            kernel = arrays[0]
            if kernel.ndim != 2:
                raise refuse(
                    f"{where}: kernel has shape {list(kernel.shape)}, expected (in, units)", "shape_error"
                )
            act = activation(cfg.get("activation", "linear"), where, head=True)
            net.head.append(
                Dense(np.ascontiguousarray(kernel.T), arrays[1] if len(arrays) > 1 else None, act)
            )
            name = _act_name(cfg.get("activation", "linear"))
            words.append(f"Dense({kernel.shape[1]}{'' if name == 'linear' else ', ' + name})")
        elif cls == "Activation":
            if not net.head or net.head[-1].activation != "identity":
                raise refuse(
                    f"{where}: an Activation layer is read only right after a linear Dense",
                    "layer_unsupported",
                )
            net.head[-1].activation = activation(cfg.get("activation"), where, head=True)
            words.append(f"Activation({_act_name(cfg.get('activation'))})")
    if net.layers and not net.layers[-1].return_sequences:
        net.head_on = "final"
    elif reversed_order:
        warnings.append(
            "a go_backwards layer: Keras returns its sequence in processing order (last step first); "
            "rnnscope shows every output at its time position, so y[t] here is Keras' output[T-1-t]"
        )
    if zero_output and net.embedding is not None and net.embedding.mask_zero:
        # rnnscope follows Keras' defaults: a masked step repeats the last output, zeros inside a
        # Bidirectional (which forces zero_output_for_mask); a plain layer set to zeros has no field
        raise refuse(
            f"{zero_output[0]} has zero_output_for_mask=True outside a Bidirectional: rnnscope masks as "
            "Keras does by default (a masked step repeats the last output)",
            "layer_unsupported",
        )
    return build(net, f"Keras {kind}: " + " → ".join(words), warnings)
