"""A live ``torch.nn.Module`` -> the API's model and ``pytorch`` weights (imported only when a
user hands one in).

Read from the module's own types and flags, in registration order: an optional ``nn.Embedding``,
one ``nn.RNN`` / ``nn.LSTM`` / ``nn.GRU`` (mode, num_layers, bidirectional, proj_size, bias,
batch_first) and an optional ``nn.Linear`` head, whose activation is the module registered right
after it (``nn.Sigmoid``, ``nn.Tanh``, ``nn.Softmax(dim=-1)``; in an ``nn.Sequential`` as well).
The head is applied on every step (``trace.y[:, t]``: the prediction if the sequence ended at t;
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
IGNORED = ("Dropout", "Identity", "Flatten")


def array(t: Any) -> np.ndarray:
    return t.detach().cpu().double().numpy()


def head_activation(module: Any) -> str | None:
    """The readout activation an activation module stands for; None when it is not one."""
    name = type(module).__name__
    if name == "Softmax":
        if module.dim not in (-1, None, 2):
            raise ValueError(f"nn.Softmax(dim={module.dim}): only a softmax over the last axis is supported")
        return "softmax"
    return {"Sigmoid": "sigmoid", "Tanh": "tanh"}.get(name)


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


def from_torch(module: Any) -> Source:
    import torch.nn as nn

    warnings: list[str] = []
    if module.training:
        warnings.append(
            f"{type(module).__name__} is in training mode; rnnscope computes as in eval mode (no dropout)"
        )
    parts = leaves(module)
    rnns = [(n, m) for n, m in parts if isinstance(m, nn.RNNBase)]
    if len(rnns) != 1:
        found = ", ".join(f"{n or 'the module'}: {type(m).__name__}" for n, m in rnns) or "none"
        raise ValueError(f"expected exactly one nn.RNN / nn.LSTM / nn.GRU in the module, found {found}")
    rnn_at = next(i for i, (_, m) in enumerate(parts) if isinstance(m, nn.RNNBase))
    rnn_name, rnn = rnns[0]
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
    words = [f"{type(rnn).__name__}({rnn.input_size}→{rnn.hidden_size}"
             + (f", layers={rnn.num_layers}" if rnn.num_layers > 1 else "")
             + (", bidirectional" if rnn.bidirectional else "") + ")"]  # fmt: skip

    embedding = None
    embeddings = [(n, m) for n, m in parts[:rnn_at] if isinstance(m, nn.Embedding)]
    if len(embeddings) > 1:
        raise ValueError(f"expected at most one nn.Embedding before {rnn_name}, found {len(embeddings)}")
    if embeddings:
        _, emb = embeddings[0]
        if emb.max_norm is not None:
            raise ValueError("nn.Embedding(max_norm=...) renormalises rows in forward; not supported")
        embedding = array(emb.weight)
        words.insert(0, f"Embedding({emb.num_embeddings}→{emb.embedding_dim})")

    after = [(n, m) for n, m in parts[rnn_at + 1 :] if type(m).__name__ not in IGNORED]
    linears = [(i, n, m) for i, (n, m) in enumerate(after) if isinstance(m, nn.Linear)]
    if len(linears) > 1:
        names = ", ".join(n for _, n, _ in linears)
        raise ValueError(
            f"found {len(linears)} nn.Linear layers after {rnn_name} ({names}): this engine runs one dense "
            "head (several heads come with the model-v2 engine, docs/design/model-v2.md)"
        )
    if linears:
        i, _, lin = linears[0]
        activation = head_activation(after[i + 1][1]) if i + 1 < len(after) else None
        model["readout"] = {"size": lin.out_features, "activation": activation or "identity"}
        weights["readout"] = {"weight": array(lin.weight)}
        if lin.bias is not None:
            weights["readout"]["bias"] = array(lin.bias)
        words.append(
            f"Linear({lin.in_features}→{lin.out_features}" + (f", {activation})" if activation else ")")
        )
    return Source(
        model,
        weights,
        time_major=not rnn.batch_first,
        embedding=embedding,
        summary="PyTorch " + type(module).__name__ + ": " + " → ".join(words),
        warnings=warnings,
    )
