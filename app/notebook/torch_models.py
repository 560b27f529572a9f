"""A live ``torch.nn.Module`` -> the API's model and weights (torch is imported only when a user
hands one in).

Read from the module's own types and flags, in registration order (nested ``nn.Sequential``
too): an optional ``nn.Embedding``, one or more ``nn.RNN`` / ``nn.LSTM`` / ``nn.GRU`` (mode,
num_layers, bidirectional, proj_size, bias, batch_first), then ``nn.Linear`` layers, each followed
by at most one activation module (``nn.ReLU``, ``nn.Sigmoid``, ``nn.Tanh``, ``nn.Softmax(dim=-1)``,
``nn.LeakyReLU``, ``nn.ELU``, ``nn.SELU``, ``nn.Softsign``); ``nn.Dropout`` is skipped. One recurrent
module with at most one Linear is today's model (``pytorch`` weights, ``readout``); anything more
is a model-v2 model (``embedding``, ``layers``, ``head``; canonical weights). The module's own
``forward`` is never called and cannot be read: this is the usual chain, and a module that does
something else between its layers gets different numbers. The head is applied on every step (``trace.y[:, t]``: the prediction if the sequence ended at t;
a classifier that reads ``out[:, -1]`` gets ``trace.y[:, -1]``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .models import Source

CELLS = {
    "RNN_TANH": ("rnn", "tanh"),
    "RNN_RELU": ("rnn", "relu"),
    "LSTM": ("lstm", None),
    "GRU": ("gru", None),
}


def array(t: Any) -> np.ndarray:
    return t.detach().cpu().double().numpy()


def leaves(module: Any) -> list[tuple[str, Any]]:
    """The modules that compute, in registration order (an nn.RNNBase counts as one)."""
    import torch.nn as nn

    out = []

    def visit(prefix: str, m: Any) -> None:
        children = list(m.named_children())
        if isinstance(m, nn.RNNBase | nn.Embedding | nn.Linear) or not children:
            out.append((prefix, m))
            return
        for name, child in children:
            visit(f"{prefix}.{name}" if prefix else name, child)

    visit("", module)
    return out


def activation_of(module: Any) -> str | dict[str, Any] | None:
    """The model-v2 activation an activation module stands for; None when it is not one."""
    name = type(module).__name__
    if name == "Softmax":
        if module.dim not in (-1, None, 2):
            raise ValueError(f"nn.Softmax(dim={module.dim}): only a softmax over the last axis is supported")
        return "softmax"
    if name == "LeakyReLU":
        return {"name": "leaky_relu", "alpha": float(module.negative_slope)}
    if name == "ELU":
        return {"name": "elu", "alpha": float(module.alpha)}
    return {"ReLU": "relu", "Sigmoid": "sigmoid", "Tanh": "tanh", "SELU": "selu", "Softsign": "softsign",
            "Identity": "identity"}.get(name)  # fmt: skip


def from_torch(module: Any) -> Source:
    import torch.nn as nn

    warnings: list[str] = []
    if module.training:
        warnings.append(
            f"{type(module).__name__} is in training mode; rnnscope computes as in eval mode (no dropout)"
        )
    parts = [(n, m) for n, m in leaves(module) if type(m).__name__ not in ("Dropout",)]
    rnns = [(i, m) for i, (_, m) in enumerate(parts) if isinstance(m, nn.RNNBase)]
    if not rnns:
        raise ValueError("expected an nn.RNN / nn.LSTM / nn.GRU in the module, found none")
    first, last = rnns[0][0], rnns[-1][0]
    between = [n for n, m in parts[first:last] if not isinstance(m, nn.RNNBase)]
    if between:
        raise ValueError(f"found {', '.join(between)} between the recurrent modules: only recurrent modules "
                         "can follow one another")  # fmt: skip
    if len({m.batch_first for _, m in rnns}) > 1:
        raise ValueError("the recurrent modules disagree on batch_first")
    embeddings = [m for _, m in parts[:first] if isinstance(m, nn.Embedding)]
    if len(embeddings) > 1 or len(embeddings) != first:
        raise ValueError(f"expected at most an nn.Embedding before the recurrent module, found "
                         f"{[type(m).__name__ for _, m in parts[:first]]}")  # fmt: skip
    heads = head_layers(parts[last + 1 :])
    uniform = len(rnns) == 1 and not embeddings and len(heads) <= 1
    if uniform and (not heads or heads[0][1] in ("identity", "sigmoid", "tanh", "softmax")):
        return uniform_source(module, rnns[0][1], heads, warnings)
    return v2_source(module, embeddings[0] if embeddings else None, [m for _, m in rnns], heads, warnings)


def head_layers(rest: list[tuple[str, Any]]) -> list[tuple[Any, Any]]:
    """[(nn.Linear, its activation)] from the modules after the recurrent ones."""
    import torch.nn as nn

    heads: list[tuple[Any, Any]] = []
    for name, m in rest:
        if isinstance(m, nn.Linear):
            heads.append((m, "identity"))
            continue
        act = activation_of(m)
        if act is None or not heads or heads[-1][1] != "identity":
            what = "an activation module" if act is not None else type(m).__name__
            raise ValueError(f"{name}: {what} where a Linear layer (each followed by at most one activation: "
                             "ReLU, Sigmoid, Tanh, Softmax(-1), LeakyReLU, ELU, SELU, Softsign) was expected")  # fmt: skip
        heads[-1] = (heads[-1][0], act)
    return heads


def words_of(rnn: Any) -> str:
    return (f"{type(rnn).__name__}({rnn.input_size}→{rnn.hidden_size}"
            + (f", layers={rnn.num_layers}" if rnn.num_layers > 1 else "")
            + (", bidirectional" if rnn.bidirectional else "") + ")")  # fmt: skip


def head_words(lin: Any, act: Any) -> str:
    name = act if isinstance(act, str) else act["name"]
    return f"Linear({lin.in_features}→{lin.out_features}" + ("" if name == "identity" else f", {name}") + ")"


def uniform_source(module: Any, rnn: Any, heads: list[tuple[Any, Any]], warnings: list[str]) -> Source:
    """One recurrent module and at most one Linear: today's model with the ``pytorch`` weights."""
    cell, nonlinearity = CELLS[rnn.mode]
    model: dict[str, Any] = {
        "cell": cell,
        "input_size": rnn.input_size,
        "hidden_size": rnn.hidden_size,
        "num_layers": rnn.num_layers,
        "bidirectional": rnn.bidirectional,
        "proj_size": getattr(rnn, "proj_size", 0),
    }
    if nonlinearity:
        model["nonlinearity"] = nonlinearity
    weights: dict[str, Any] = {
        "format": "pytorch",
        "state_dict": {k: array(v) for k, v in rnn.state_dict().items()},
    }
    words = [words_of(rnn)]
    if heads:
        lin, act = heads[0]
        model["readout"] = {"size": lin.out_features, "activation": act}
        weights["readout"] = {"weight": array(lin.weight)}
        if lin.bias is not None:
            weights["readout"]["bias"] = array(lin.bias)
        words.append(head_words(lin, act))
    return Source(model, weights, time_major=not rnn.batch_first,
                  summary="PyTorch " + type(module).__name__ + ": " + " → ".join(words), warnings=warnings)  # fmt: skip


def v2_source(
    module: Any, emb: Any, rnns: list[Any], heads: list[tuple[Any, Any]], warnings: list[str]
) -> Source:
    """An embedding, several recurrent modules or several heads: a model-v2 model (``layers``,
    ``embedding``, ``head``) with canonical weights in PyTorch's stacked layout."""
    model: dict[str, Any] = {"cell": CELLS[rnns[0].mode][0], "layers": []}
    weights: dict[str, Any] = {"format": "canonical", "layers": []}
    words = []
    if emb is not None:
        if emb.max_norm is not None:
            raise ValueError("nn.Embedding(max_norm=...) renormalises rows in forward; not supported")
        model["embedding"] = {"num_embeddings": emb.num_embeddings, "embedding_dim": emb.embedding_dim,
                              "padding_idx": emb.padding_idx}  # fmt: skip
        weights["embedding"] = array(emb.weight)
        words.append(f"Embedding({emb.num_embeddings}→{emb.embedding_dim})")
    else:
        model["input_size"] = rnns[0].input_size
    for rnn in rnns:
        cell, nonlinearity = CELLS[rnn.mode]
        sd = {k: array(v) for k, v in rnn.state_dict().items()}
        for k in range(rnn.num_layers):
            layer: dict[str, Any] = {"cell": cell, "hidden_size": rnn.hidden_size, "bias": bool(rnn.bias),
                                     "direction": "bidirectional" if rnn.bidirectional else "forward",
                                     "proj_size": getattr(rnn, "proj_size", 0)}  # fmt: skip
            if nonlinearity:
                layer["activations"] = {"cell": nonlinearity}
            directions = {}
            for d, suffix in (("forward", ""), ("backward", "_reverse"))[: 1 + rnn.bidirectional]:
                directions[d] = {
                    field: sd[f"{name}_l{k}{suffix}"]
                    for field, name in (
                        ("W_ih", "weight_ih"),
                        ("W_hh", "weight_hh"),
                        ("b_ih", "bias_ih"),
                        ("b_hh", "bias_hh"),
                        ("W_hr", "weight_hr"),
                    )
                    if f"{name}_l{k}{suffix}" in sd
                }
            model["layers"].append(layer)
            weights["layers"].append(directions)
        words.append(words_of(rnn))
    if heads:
        model["head"] = [{"size": lin.out_features, "activation": act} for lin, act in heads]
        weights["head"] = [
            {"W": array(lin.weight)} | ({"b": array(lin.bias)} if lin.bias is not None else {})
            for lin, _ in heads
        ]
        words += [head_words(lin, act) for lin, act in heads]
    return Source(model, weights, time_major=not rnns[0].batch_first, native_ids=emb is not None,
                  summary="PyTorch " + type(module).__name__ + ": " + " → ".join(words), warnings=warnings)  # fmt: skip
