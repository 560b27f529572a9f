"""A PyTorch state_dict (names -> arrays, in module order) as embedding -> recurrent -> head.

The modules are found by the suffixes and shapes of their tensors, not by a list of names
(docs/design/model-v2.md): ``<p>weight_ih_l0`` … for ``nn.RNN/LSTM/GRU``; a lone 2-D
``<p>weight`` before the first recurrent module whose width is its input for ``nn.Embedding``;
``<p>weight`` (+ ``<p>bias``) pairs after it that chain by shape for ``nn.Linear`` (an
``nn.Sequential`` of them included). What a state_dict does not hold is assumed and said in
``warnings``: the activations between and after the Linear layers (none), whether the head runs
on every step or on the last one (every step), nn.RNN's nonlinearity (tanh).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from .record import CELL_OF_GATES, Dense, Direction, Embedding, Network, Recurrent, build, numeric, refuse

RNN_NAME = re.compile(
    r"^(?P<prefix>.*?)(?P<kind>weight|bias)_(?P<part>ih|hh|hr)_l(?P<layer>\d+)(?P<rev>_reverse)?$"
)
CELL_WORDS = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}


def is_state_dict(names: list[str]) -> bool:
    return any(RNN_NAME.match(n) for n in names)


def read(tensors: Mapping[str, np.ndarray], source: str = "PyTorch state_dict") -> dict[str, Any]:
    """The record of a state_dict; ``source`` starts the summary."""
    names = list(tensors)
    used: set[str] = set()
    rnn_prefixes: list[str] = []
    for n in names:
        m = RNN_NAME.match(n)
        if m and m["prefix"] not in rnn_prefixes:
            rnn_prefixes.append(m["prefix"])
    if not rnn_prefixes:
        raise refuse(
            f"found no recurrent module among {names[:6]}: expected nn.RNN / nn.LSTM / nn.GRU tensors "
            "named …weight_ih_l0, …weight_hh_l0"
        )
    layers: list[Recurrent] = []
    words: list[str] = []
    for p in rnn_prefixes:
        new, word = _recurrent(tensors, p, used)
        layers += new
        words.append(word)
    first_rnn = min(names.index(n) for n in used)
    pairs = _weight_pairs(tensors, used)
    warnings: list[str] = []

    embedding = None
    # nn.Embedding: a 2-D weight with no bias whose width is the first recurrent layer's input,
    # the one nearest before that layer in the state_dict's order
    fits = [(p, w) for p, w, b in pairs if b is None and w.ndim == 2 and w.shape[1] == layers[0].input_size]
    fits.sort(key=lambda f: (names.index(f[0] + "weight") > first_rnn, -names.index(f[0] + "weight")))
    if fits:
        p, E = fits[0]
        embedding = Embedding(E)
        used.add(p + "weight")
        words.insert(0, f"Embedding({E.shape[0]}→{E.shape[1]})")
        warnings.append(
            f"{p}weight is read as an nn.Embedding ({E.shape[0]} tokens of {E.shape[1]}): inputs are token ids"
        )

    head: list[Dense] = []
    width = layers[-1].output_size
    while True:  # nn.Linear layers chained by shape, in state_dict order where several fit
        fits = [
            (p, W, b)
            for p, W, b in pairs
            if p + "weight" not in used and W.ndim == 2 and W.shape[1] == width
            and (b is None or b.shape == (W.shape[0],))
        ]  # fmt: skip
        if not fits:
            break
        p, W, b = fits[0]
        head.append(Dense(W, b))
        used.update({p + "weight", p + "bias"} & set(names))
        words.append(f"Linear({W.shape[1]}→{W.shape[0]})")
        width = W.shape[0]
    left = [n for n in names if n not in used]
    if left:
        shapes = ", ".join(f"{n} {list(np.shape(tensors[n]))}" for n in left[:6])
        raise refuse(
            f"the state_dict holds tensors rnnscope cannot place in embedding → recurrent → Linear head: "
            f"{shapes}{' …' if len(left) > 6 else ''}"
        )
    if any(layer.cell == "rnn" for layer in layers):
        warnings.append(
            "nn.RNN's nonlinearity is not in a state_dict: tanh is assumed (set model.nonlinearity "
            "or model.layers[k].activations.cell to relu if the model used nonlinearity='relu')"
        )
    if head:
        warnings.append(
            "the head runs on every step: a state_dict does not say whether the model applied its Linear "
            'layers to every output or to the final state (set model.head_on to "final" for a '
            "many-to-one model)"
        )
        warnings.append(
            "activations are not in a state_dict: none is assumed between or after the Linear layers "
            "(set each model.head[k].activation, e.g. relu, sigmoid, softmax)"
        )
    net = Network(layers, head, embedding)
    return build(net, f"{source}: " + " → ".join(words), warnings)


def _recurrent(tensors: Mapping[str, np.ndarray], p: str, used: set[str]) -> tuple[list[Recurrent], str]:
    def get(name: str, ndim: int) -> np.ndarray | None:
        key = p + name
        if key not in tensors:
            return None
        a = numeric(tensors[key], key)
        if a.ndim != ndim:
            raise refuse(f"{key} has shape {list(a.shape)}: expected a {ndim}-D tensor", "shape_error")
        used.add(key)
        return a

    hh = get("weight_hh_l0", 2)
    if hh is None:
        raise refuse(f"found {p}… recurrent tensors but no {p}weight_hh_l0")
    hr = get("weight_hr_l0", 2)  # LSTM proj_size: weight_hh is (4H, P), weight_hr (P, H)
    H0 = hr.shape[1] if hr is not None else hh.shape[1]
    cell = CELL_OF_GATES.get(hh.shape[0] // max(H0, 1)) if hh.shape[0] % max(H0, 1) == 0 else None
    if hr is not None and cell != "lstm":
        raise refuse(
            f"{p}weight_hr_l0: a projection belongs to an LSTM, but {p}weight_hh_l0 is {list(hh.shape)}"
        )
    if cell is None:
        raise refuse(
            f"{p}weight_hh_l0 has shape {list(hh.shape)}: expected (G·H, H) with G = 1, 3 or 4", "shape_error"
        )
    bidirectional = p + "weight_ih_l0_reverse" in tensors
    layers = []
    k = 0
    while p + f"weight_ih_l{k}" in tensors:
        dirs = []
        for s in ("", "_reverse") if bidirectional else ("",):
            W_ih, W_hh = get(f"weight_ih_l{k}{s}", 2), get(f"weight_hh_l{k}{s}", 2)
            if W_ih is None or W_hh is None:
                raise refuse(f"{p}weight_ih_l{k}{s} or {p}weight_hh_l{k}{s} is missing")
            W_hr = get(f"weight_hr_l{k}{s}", 2)
            dirs.append(Direction(W_ih, W_hh, get(f"bias_ih_l{k}{s}", 1), get(f"bias_hh_l{k}{s}", 1), W_hr))
        layers.append(Recurrent(cell, dirs, "bidirectional" if bidirectional else "forward"))
        k += 1
    if not layers:
        raise refuse(f"found {p}weight_hh_l0 but no {p}weight_ih_l0")
    H, n = layers[0].hidden_size, layers[0].input_size
    extras = [f"{k} layers"] if k > 1 else []
    if layers[0].proj_size:
        extras.append(f"proj_size={layers[0].proj_size}")
    if bidirectional:
        extras.append("bidirectional")
    return layers, f"{CELL_WORDS[cell]}({n}→{H}{''.join(', ' + e for e in extras)})"


def _weight_pairs(
    tensors: Mapping[str, np.ndarray], used: set[str]
) -> list[tuple[str, np.ndarray, np.ndarray | None]]:
    """(prefix, weight, bias or None) of every ``<prefix>weight`` left, in state_dict order."""
    out = []
    for n, a in tensors.items():
        if n in used or not (n == "weight" or n.endswith(".weight")):
            continue
        p = n[: -len("weight")]
        b = tensors.get(p + "bias")
        out.append((p, numeric(a, n), None if b is None else numeric(b, p + "bias")))
    return out
