"""A live Keras 3 model -> the API's model and ``keras`` weights, from each layer's
``get_config()`` and weights (``get_weights()``) (the same reading as a saved .keras file's config).

Layers, in order: an optional ``Embedding``, one or more ``SimpleRNN`` / ``LSTM`` / ``GRU`` of one
kind and size (each may be wrapped in ``Bidirectional(merge_mode="concat")``), an optional
``Dense`` head; ``InputLayer`` and ``Dropout`` are skipped. The head runs on every step
(``trace.y[:, -1]`` is what a ``return_sequences=False`` model outputs).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .models import Source, to_numpy

CELLS = {"SimpleRNN": "rnn", "LSTM": "lstm", "GRU": "gru"}
GATE_ACTIVATIONS = {"sigmoid": "sigmoid", "hard_sigmoid": "hard_sigmoid"}
HEAD_ACTIVATIONS = {"linear": "identity", "softmax": "softmax", "sigmoid": "sigmoid", "tanh": "tanh"}
SKIPPED = ("InputLayer", "Dropout", "SpatialDropout1D")


def activation_name(value: Any) -> str:
    if isinstance(value, dict):  # a serialised activation object
        value = value.get("config", {}).get("name", value.get("class_name"))
    return str(value)


def values(layer: Any) -> list[np.ndarray]:
    """``layer.get_weights()`` in float64, read from each variable's backend tensor (get_weights
    goes through a torch tensor's ``__array__``, which NumPy 2 warns about)."""
    return [np.asarray(to_numpy(getattr(w, "value", w)), dtype=np.float64) for w in layer.weights]


def weights_of(layer: Any) -> dict[str, np.ndarray]:
    names = ("kernel", "recurrent_kernel", "bias")
    return dict(zip(names, values(layer), strict=False))


def recurrent(layer: Any, k: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the layer's settings, its weights) for a recurrent layer or a Bidirectional wrapper."""
    kind = type(layer).__name__
    if kind == "Bidirectional":
        cfg = layer.get_config()
        if cfg.get("merge_mode") != "concat":
            raise ValueError(f"layer {k} ({layer.name}): Bidirectional merge_mode {cfg.get('merge_mode')!r}; "
                             "this engine concatenates (others come with the model-v2 engine)")  # fmt: skip
        inner, _ = recurrent(layer.forward_layer, k)
        return {**inner, "bidirectional": True}, {
            "forward": weights_of(layer.forward_layer),
            "backward": weights_of(layer.backward_layer),
        }
    cfg = layer.get_config()
    cell = CELLS[kind]
    if cfg.get("go_backwards"):
        raise ValueError(f"layer {k} ({layer.name}): go_backwards=True is not supported")
    act = activation_name(cfg.get("activation", "tanh"))
    out: dict[str, Any] = {"cell": cell, "hidden_size": cfg["units"], "bidirectional": False}
    if cell == "rnn":
        if act not in ("tanh", "relu"):
            raise ValueError(f"layer {k} ({layer.name}): SimpleRNN activation {act!r}; expected tanh or relu")
        out["nonlinearity"] = act
    else:
        if act != "tanh":
            raise ValueError(f"layer {k} ({layer.name}): activation {act!r}; this engine's cells use tanh")
        gate = activation_name(cfg.get("recurrent_activation", "sigmoid"))
        if gate not in GATE_ACTIVATIONS:
            raise ValueError(
                f"layer {k} ({layer.name}): recurrent_activation {gate!r}; expected sigmoid or hard_sigmoid"
            )
        out["gate_activation"] = GATE_ACTIVATIONS[gate]
    if cell == "gru":
        out["gru_reset_after"] = bool(cfg.get("reset_after", True))
    out["return_sequences"] = bool(cfg.get("return_sequences", False))
    return out, weights_of(layer)


def from_keras(model: Any) -> Source:
    layers = [layer for layer in getattr(model, "layers", [model]) if type(layer).__name__ not in SKIPPED]
    embedding = None
    words: list[str] = []
    if layers and type(layers[0]).__name__ == "Embedding":
        emb = layers.pop(0)
        cfg = emb.get_config()
        if cfg.get("mask_zero"):
            raise ValueError("Embedding(mask_zero=True) masks steps; not supported by this engine")
        embedding = values(emb)[0]
        words.append(f"Embedding({cfg['input_dim']}→{cfg['output_dim']})")
    cells: list[tuple[dict[str, Any], dict[str, Any]]] = []
    while layers and (type(layers[0]).__name__ in CELLS or type(layers[0]).__name__ == "Bidirectional"):
        layer = layers.pop(0)
        cells.append(recurrent(layer, len(cells)))
        words.append(
            f"{type(layer).__name__}({layer.get_config().get('units', '') or cells[-1][0]['hidden_size']})"
        )
    if not cells:
        raise ValueError("expected a SimpleRNN, LSTM or GRU layer (after an optional Embedding)")
    first = {k: v for k, v in cells[0][0].items() if k != "return_sequences"}
    for k, (spec, _) in enumerate(cells[1:], 1):
        if {key: v for key, v in spec.items() if key != "return_sequences"} != first:
            raise ValueError(f"recurrent layer {k} differs from layer 0 ({spec} vs {first}): this engine stacks "
                             "layers of one kind and size (mixed stacks come with the model-v2 engine)")  # fmt: skip
    for k, (spec, _) in enumerate(cells[:-1]):
        if not spec["return_sequences"]:
            raise ValueError(f"recurrent layer {k} has return_sequences=False but feeds another layer")
    kernel = cells[0][1]["forward"]["kernel"] if first["bidirectional"] else cells[0][1]["kernel"]
    spec: dict[str, Any] = {**first, "input_size": int(kernel.shape[0]), "num_layers": len(cells)}
    weights: dict[str, Any] = {"format": "keras", "layers": [w for _, w in cells]}
    dense = [layer for layer in layers if type(layer).__name__ == "Dense"]
    others = [type(layer).__name__ for layer in layers if type(layer).__name__ != "Dense"]
    if others or len(dense) > 1:
        raise ValueError(f"after the recurrent layers expected at most one Dense, got {[type(x).__name__ for x in layers]}"
                         " (several heads come with the model-v2 engine)")  # fmt: skip
    if dense:
        cfg = dense[0].get_config()
        act = activation_name(cfg.get("activation", "linear"))
        if act not in HEAD_ACTIVATIONS:
            raise ValueError(f"Dense activation {act!r}; expected one of {', '.join(HEAD_ACTIVATIONS)}")
        w = values(dense[0])
        spec["readout"] = {"size": cfg["units"], "activation": HEAD_ACTIVATIONS[act]}
        weights["readout"] = {"kernel": w[0]}
        if len(w) > 1:
            weights["readout"]["bias"] = w[1]
        words.append(f"Dense({cfg['units']}, {act})")
    return Source(
        spec, weights, embedding=embedding, summary=f"Keras {type(model).__name__}: " + " → ".join(words)
    )
