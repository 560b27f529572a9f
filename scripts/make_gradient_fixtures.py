"""Write tests/fixtures/gradients_golden.json: golden BPTT gradients computed by torch.autograd.

Run from the repository root (torch is a fixture-time tool, not an app dependency):

    pip install torch==2.13.0 && python scripts/make_gradient_fixtures.py

Everything is float64. The tests never import torch: they read the JSON only. API.md "Gradients
(BPTT)" and REFERENCE.md §1, §5 are the specification.

What each case holds:

- ``request``: a complete ``POST /api/v1/forward`` body in the ``"pytorch"`` format, with
  ``options.gradients`` (``true``, ``{"loss": "sum"}`` or ``{"loss": "mse", "targets": …}``), made
  from a ``torch.nn.RNN/LSTM/GRU`` (and ``nn.Linear`` readout) with PyTorch's default (random)
  initialisation and a fixed seed; inputs and non-zero initial states from ``torch.randn``.
- ``expected``: the response's ``gradients`` object.
  ``loss``, ``inputs`` (dL/dx), ``initial_state`` (dL/dh0, dL/dc0) and ``parameters`` (every
  state_dict name, ``readout.weight``, ``readout.bias``) come from ``loss.backward()`` through the
  nn modules themselves. ``hidden`` (the total dL/dh_t of every layer and direction) comes from
  ``torch.autograd.grad`` on a step-by-step re-implementation in torch ops (REFERENCE.md §1) whose
  h_t are graph nodes; before anything is written, that re-implementation must reproduce the
  module's output, loss and every gradient above to 1e-13. ``jacobian_norm[l][d][b, t]`` is
  ``torch.linalg.matrix_norm(J, 2)`` of ``J = torch.autograd.functional.jacobian(f, s_t)``, where ``f``
  re-runs that layer and direction's cell from its state s_t (h, or [h; c] for an lstm) over the
  remaining steps of its own order (layer input held fixed) and returns the direction's final state.

Cases with ``source: "torch-reimplementation"`` (GRU reset-before, hard-sigmoid gates) are what
nn modules cannot run: every field there comes from autograd on the re-implementation alone. Their
inputs keep every hard-sigmoid pre-activation at least ``KINK_MARGIN`` from the clip points, with
a share of gates clipped, so that the derivative is defined and both regions are exercised.

All numbers are written with ``repr`` precision, so they round-trip exactly.
"""

from __future__ import annotations

import argparse
import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "gradients_golden.json"

GATE_COUNT = {"rnn": 1, "lstm": 4, "gru": 3}
TOLERANCES = {"float64": {"rtol": 1e-10, "atol": 1e-12}}  # the rtol; what the tests use
SELF_CHECK_TOL = 1e-13  # re-implementation vs nn module (relative to 1 + |value|)
KINK_MARGIN = 1e-3  # hard-sigmoid pre-activations stay this far from the clip points
DT = torch.float64


def gate_function(name: str):
    """The gate nonlinearities of API.md, in torch ops."""
    if name == "sigmoid":
        return torch.sigmoid
    if name == "hard_sigmoid":  # Keras 3: clip(x/6 + 1/2, 0, 1), kinks at ±3
        return lambda a: torch.clamp(a / 6 + 0.5, 0.0, 1.0)
    if name == "hard_sigmoid_keras2":  # clip(0.2x + 0.5, 0, 1), kinks at ±2.5
        return lambda a: torch.clamp(0.2 * a + 0.5, 0.0, 1.0)
    raise ValueError(name)


KINKS = {"hard_sigmoid": 3.0, "hard_sigmoid_keras2": 2.5}


# ---------------------------------------------------------------------------------------------
# The step-by-step re-implementation (REFERENCE.md §1), keeping every h_t as a graph node.


@dataclass
class Kind:
    """What the cell computes, apart from its weights."""

    cell: str
    nonlinearity: str = "tanh"
    gate_activation: str = "sigmoid"
    reset_after: bool = True


@dataclass
class Params:
    """One layer and direction in PyTorch's layout: W_ih (G·H, n), W_hh (G·H, P), b (G·H,), W_hr (P, H)."""

    W_ih: torch.Tensor
    W_hh: torch.Tensor
    b_ih: torch.Tensor
    b_hh: torch.Tensor
    W_hr: torch.Tensor | None = None

    def detached(self) -> Params:
        return Params(*(None if a is None else a.detach() for a in vars(self).values()))


def step(k: Kind, p: Params, x_t, h, c, gate_pre: list | None = None):
    """One step. x_t: (..., n), h: (..., P), c: (..., H) lstm (else None). Returns (h, c).
    ``gate_pre`` collects the pre-activations of the sigmoid-type gates (for the kink check)."""
    sig = gate_function(k.gate_activation)
    a_x = F.linear(x_t, p.W_ih, p.b_ih)  # W_i* x_t + b_i*
    if k.cell == "rnn":
        a = a_x + F.linear(h, p.W_hh, p.b_hh)
        return (torch.tanh(a) if k.nonlinearity == "tanh" else torch.relu(a)), None
    if k.cell == "lstm":
        a_i, a_f, a_g, a_o = (a_x + F.linear(h, p.W_hh, p.b_hh)).chunk(4, dim=-1)
        if gate_pre is not None:
            gate_pre += [a_i, a_f, a_o]
        c = sig(a_f) * c + sig(a_i) * torch.tanh(a_g)  # c_t = f ⊙ c_{t-1} + i ⊙ g
        h = sig(a_o) * torch.tanh(c)  # h_t = o ⊙ tanh(c_t)
        if p.W_hr is not None:
            h = F.linear(h, p.W_hr)  # h_t = W_hr (o ⊙ tanh(c_t))
        return h, c
    x_r, x_z, x_n = a_x.chunk(3, dim=-1)
    W_r, W_z, W_n = p.W_hh.chunk(3, dim=0)
    b_r, b_z, b_n = p.b_hh.chunk(3)
    a_r, a_z = x_r + F.linear(h, W_r, b_r), x_z + F.linear(h, W_z, b_z)
    if gate_pre is not None:
        gate_pre += [a_r, a_z]
    r, z = sig(a_r), sig(a_z)
    if k.reset_after:
        n = torch.tanh(x_n + r * F.linear(h, W_n, b_n))  # b_hn inside the reset product
    else:
        n = torch.tanh(x_n + F.linear(r * h, W_n, b_n))  # reset before: W_hn (r ⊙ h) + b_hn
    return (1 - z) * n + z * h, None


def direction_order(T: int, reverse: bool) -> list[int]:
    return list(range(T - 1, -1, -1)) if reverse else list(range(T))


def run_direction(k: Kind, p: Params, x, h0, c0, reverse: bool, gate_pre: list | None = None):
    """x: (B, T, n), h0: (B, P), c0: (B, H). Returns the lists h_t, c_t indexed by time position."""
    T = x.shape[1]
    hs: list[Any] = [None] * T
    cs: list[Any] = [None] * T
    h, c = h0, c0
    for t in direction_order(T, reverse):
        h, c = step(k, p, x[:, t], h, c, gate_pre)
        hs[t], cs[t] = h, c
    return hs, cs


def run_network(k: Kind, params: list[list[Params]], x, h0, c0, gate_pre: list | None = None):
    """Stack layers and directions as PyTorch does. x: (B, T, I); h0: (L·D, B, P); c0: (L·D, B, H).
    Returns the top layer's output (B, T, D·P), every layer's input, and states[l][d] = (hs, cs)."""
    D = len(params[0])
    layer_in, inputs, states = x, [], []
    for layer_idx, layer in enumerate(params):
        inputs.append(layer_in)
        dirs = []
        for d, p in enumerate(layer):
            s = layer_idx * D + d
            c_s = None if c0 is None else c0[s]
            dirs.append(run_direction(k, p, layer_in, h0[s], c_s, reverse=d == 1, gate_pre=gate_pre))
        states.append(dirs)
        layer_in = torch.cat([torch.stack(hs, dim=1) for hs, _ in dirs], dim=2)
    return layer_in, inputs, states


def jacobian_norms(k: Kind, p: Params, layer_in, hs, cs, reverse: bool) -> torch.Tensor:
    """(B, T): ‖∂s_last/∂s_t‖₂ by torch.autograd.functional.jacobian, one batch row at a time."""
    p = p.detached()
    B, T = layer_in.shape[:2]
    P = hs[0].shape[-1]
    order = direction_order(T, reverse)
    norms = torch.empty(B, T, dtype=DT)
    for b in range(B):
        for pos, t in enumerate(order):
            rest = order[pos + 1 :]

            def run_rest(s, b=b, rest=rest):
                h, c = (s[:P], s[P:]) if k.cell == "lstm" else (s, None)
                for u in rest:
                    h, c = step(k, p, layer_in[b, u].detach(), h, c)
                return h if c is None else torch.cat([h, c])

            s_t = hs[t][b] if k.cell != "lstm" else torch.cat([hs[t][b], cs[t][b]])
            J = torch.autograd.functional.jacobian(run_rest, s_t.detach())
            norms[b, t] = torch.linalg.matrix_norm(J, ord=2)
    return norms


# ---------------------------------------------------------------------------------------------
# Cases


@dataclass
class Spec:
    name: str
    cell: str
    input_size: int
    hidden_size: int
    steps: int
    batch: int
    num_layers: int = 1
    bidirectional: bool = False
    nonlinearity: str = "tanh"
    gate_activation: str = "sigmoid"
    reset_after: bool = True
    proj_size: int = 0
    bias: bool = True
    initial_state: bool = True
    readout: tuple[int, str] | None = None  # (size, activation)
    loss: str = "sum"  # "sum" | "mse"
    shorthand: bool = False  # options.gradients = true instead of {"loss": "sum"}
    weight_scale: float = 1.0  # > 1 to make hard sigmoids clip
    input_scale: float = 1.0
    description: str = ""

    @property
    def torch_can_run(self) -> bool:
        return self.gate_activation == "sigmoid" and self.reset_after

    @property
    def kind(self) -> Kind:
        return Kind(self.cell, self.nonlinearity, self.gate_activation, self.reset_after)


SPECS = [
    Spec("rnn_tanh", "rnn", 3, 4, 5, 2, description="Elman RNN, tanh, non-zero h0, loss sum"),
    Spec("rnn_relu", "rnn", 3, 4, 6, 2, nonlinearity="relu", loss="mse", description="Elman RNN, relu, mse"),
    Spec("lstm", "lstm", 3, 4, 5, 2, loss="mse", description="LSTM, non-zero h0 and c0, mse"),
    Spec(
        "lstm_proj",
        "lstm",
        3,
        4,
        5,
        2,
        proj_size=2,
        shorthand=True,
        description="LSTM with proj_size 2 (h 2 wide, c 4); options.gradients = true",
    ),
    Spec("gru", "gru", 3, 4, 6, 2, description="GRU (reset-after, b_hn inside the reset product), sum"),
    Spec("gru_no_bias", "gru", 2, 3, 4, 2, bias=False, description="GRU with bias=False: no bias keys"),
    Spec(
        "lstm_2layer_bidir",
        "lstm",
        3,
        3,
        4,
        2,
        num_layers=2,
        bidirectional=True,
        loss="mse",
        description="2-layer bidirectional LSTM, mse on output (B, T, 2·3)",
    ),
    Spec(
        "gru_2layer_bidir_softmax",
        "gru",
        2,
        3,
        5,
        2,
        num_layers=2,
        bidirectional=True,
        readout=(3, "softmax"),
        loss="mse",
        description="2-layer bidirectional GRU + softmax readout, mse (a sum of softmax is constant)",
    ),
    Spec(
        "rnn_2layer_bidir_sigmoid",
        "rnn",
        3,
        3,
        5,
        2,
        num_layers=2,
        bidirectional=True,
        readout=(2, "sigmoid"),
        description="2-layer bidirectional tanh RNN + sigmoid readout, sum",
    ),
    Spec(
        "lstm_proj_2layer_bidir_tanh",
        "lstm",
        2,
        4,
        4,
        2,
        num_layers=2,
        bidirectional=True,
        proj_size=3,
        initial_state=False,
        readout=(2, "tanh"),
        description="2-layer bidirectional LSTM, proj_size 3, tanh readout; no initial_state (zeros)",
    ),
    Spec(
        "lstm_softmax",
        "lstm",
        3,
        4,
        6,
        1,
        readout=(3, "softmax"),
        loss="mse",
        description="LSTM + softmax readout, mse, batch 1",
    ),
    Spec(
        "rnn_identity_readout",
        "rnn",
        2,
        4,
        6,
        2,
        readout=(2, "identity"),
        loss="mse",
        description="tanh RNN + identity readout, mse",
    ),
    # what nn modules cannot run: autograd on the re-implementation alone
    Spec(
        "gru_reset_before",
        "gru",
        3,
        4,
        5,
        2,
        reset_after=False,
        loss="mse",
        description="GRU reset-before (Keras reset_after=False), mse",
    ),
    Spec(
        "gru_reset_before_hard_sigmoid_2layer_bidir",
        "gru",
        2,
        3,
        4,
        2,
        num_layers=2,
        bidirectional=True,
        reset_after=False,
        gate_activation="hard_sigmoid",
        readout=(2, "sigmoid"),
        weight_scale=4.0,
        input_scale=2.0,
        description="2-layer bidirectional reset-before GRU, Keras 3 hard_sigmoid gates (some clipped)",
    ),
    Spec(
        "lstm_hard_sigmoid_keras2",
        "lstm",
        3,
        4,
        5,
        2,
        gate_activation="hard_sigmoid_keras2",
        loss="mse",
        weight_scale=4.0,
        input_scale=2.0,
        description="LSTM with Keras 2 hard_sigmoid gates (0.2x + 0.5, some clipped), mse",
    ),
]


def seed_of(name: str) -> int:
    return zlib.crc32(name.encode())


def readout_fn(activation: str):
    return {
        "identity": lambda a: a,
        "softmax": lambda a: torch.softmax(a, dim=-1),
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
    }[activation]


def build(s: Spec):
    """The module (default init, scaled by weight_scale), the readout, x, h0, c0 and targets (or None)."""
    torch.manual_seed(seed_of(s.name))
    kw = dict(num_layers=s.num_layers, bidirectional=s.bidirectional, bias=s.bias, batch_first=True, dtype=DT)
    if s.cell == "rnn":
        module = nn.RNN(s.input_size, s.hidden_size, nonlinearity=s.nonlinearity, **kw)
    elif s.cell == "lstm":
        module = nn.LSTM(s.input_size, s.hidden_size, proj_size=s.proj_size, **kw)
    else:
        module = nn.GRU(s.input_size, s.hidden_size, **kw)
    if s.weight_scale != 1.0:
        with torch.no_grad():
            for w in module.parameters():
                w.mul_(s.weight_scale)
    D = 2 if s.bidirectional else 1
    P = s.proj_size or s.hidden_size
    readout = nn.Linear(D * P, s.readout[0], dtype=DT) if s.readout else None
    x = s.input_scale * torch.randn(s.batch, s.steps, s.input_size, dtype=DT)
    if s.initial_state:
        h0 = 0.5 * torch.randn(s.num_layers * D, s.batch, P, dtype=DT)
        c0 = (
            0.5 * torch.randn(s.num_layers * D, s.batch, s.hidden_size, dtype=DT)
            if s.cell == "lstm"
            else None
        )
    else:  # what the API uses by default; still leaves, for dL/dh0 at zero
        h0 = torch.zeros(s.num_layers * D, s.batch, P, dtype=DT)
        c0 = torch.zeros(s.num_layers * D, s.batch, s.hidden_size, dtype=DT) if s.cell == "lstm" else None
    width = s.readout[0] if s.readout else D * P
    targets = torch.randn(s.batch, s.steps, width, dtype=DT) if s.loss == "mse" else None
    return module, readout, x, h0, c0, targets


def book_spec_and_module():
    """REFERENCE.md §2 as nn.RNN(1, 2) plus nn.Linear(2, 1): the book's example, loss = Σ output."""
    s = Spec(
        "book_rnn",
        "rnn",
        1,
        2,
        2,
        1,
        initial_state=False,
        readout=(1, "identity"),
        description="REFERENCE.md §2 (the book's RNN) as nn.RNN(1, 2) + nn.Linear(2, 1), loss sum",
    )
    module = nn.RNN(1, 2, batch_first=True, dtype=DT)
    readout = nn.Linear(2, 1, dtype=DT)
    with torch.no_grad():
        module.weight_ih_l0.copy_(torch.tensor([[0.5], [0.6]], dtype=DT))
        module.weight_hh_l0.copy_(torch.tensor([[0.1, 0.2], [0.3, 0.4]], dtype=DT).T)
        module.bias_ih_l0.copy_(torch.tensor([0.1, -0.1], dtype=DT))
        module.bias_hh_l0.zero_()
        readout.weight.copy_(torch.tensor([[1.0, 2.0]], dtype=DT))
        readout.bias.fill_(0.1)
    x = torch.tensor([[[1.0], [2.0]]], dtype=DT)
    return s, (module, readout, x, torch.zeros(1, 1, 2, dtype=DT), None, None)


def params_of(s: Spec, module: nn.Module) -> list[list[Params]]:
    """The module's own parameter tensors (leaves), per layer and direction."""
    G = GATE_COUNT[s.cell]
    zeros = torch.zeros(G * s.hidden_size, dtype=DT)
    out = []
    for k in range(s.num_layers):
        layer = []
        for d in range(2 if s.bidirectional else 1):
            sfx = f"_l{k}" + ("_reverse" if d else "")
            get = lambda name, default=None, sfx=sfx: getattr(module, name + sfx, default)  # noqa: E731
            layer.append(
                Params(
                    get("weight_ih"),
                    get("weight_hh"),
                    get("bias_ih", zeros),
                    get("bias_hh", zeros),
                    get("weight_hr"),
                )
            )
        out.append(layer)
    return out


def tolist(a: torch.Tensor | np.ndarray) -> Any:
    if isinstance(a, torch.Tensor):
        a = a.detach().numpy()
    return np.asarray(a, dtype=np.float64).tolist()


def max_err(a, b) -> float:
    a, b = (np.asarray(v.detach() if isinstance(v, torch.Tensor) else v, dtype=np.float64) for v in (a, b))
    assert a.shape == b.shape, (a.shape, b.shape)
    return float(np.max(np.abs(a - b) / (1 + np.abs(b))))


def model_json(s: Spec) -> dict[str, Any]:
    m: dict[str, Any] = {
        "cell": s.cell,
        "input_size": s.input_size,
        "hidden_size": s.hidden_size,
        "num_layers": s.num_layers,
        "bidirectional": s.bidirectional,
    }
    if s.cell == "rnn":
        m["nonlinearity"] = s.nonlinearity
    else:
        m["gate_activation"] = s.gate_activation
    if s.cell == "gru":
        m["gru_reset_after"] = s.reset_after
    if s.cell == "lstm":
        m["proj_size"] = s.proj_size
    if s.readout:
        m["readout"] = {"size": s.readout[0], "activation": s.readout[1]}
    return m


def check_kinks(s: Spec, gate_pre: list[torch.Tensor]) -> str:
    """Hard-sigmoid cases: no pre-activation near a clip point, and some gates clipped."""
    if s.gate_activation == "sigmoid":
        return ""
    a = torch.cat([g.detach().reshape(-1) for g in gate_pre]).abs()
    kink = KINKS[s.gate_activation]
    margin = float((a - kink).abs().min())
    clipped = float((a > kink).double().mean())
    assert margin >= KINK_MARGIN, f"{s.name}: a pre-activation is {margin:.2g} from a clip point"
    assert 0.05 <= clipped <= 0.8, f"{s.name}: {clipped:.0%} of the hard-sigmoid gates clip"
    return f"kink margin {margin:.2g}, {clipped:.0%} clipped"


def make_case(s: Spec, built) -> tuple[dict[str, Any], str]:
    module, readout, x, h0, c0, targets = built
    act = readout_fn(s.readout[1]) if s.readout else None
    D = 2 if s.bidirectional else 1
    k = s.kind

    def loss_of(out):
        pred = out if readout is None else act(readout(out))
        return pred.sum() if s.loss == "sum" else F.mse_loss(pred, targets)  # mse: the mean

    for leaf in (x, h0, c0):
        if leaf is not None:
            leaf.requires_grad_(True)
    names = [n for n, _ in module.named_parameters()]
    leaves = dict(module.named_parameters())
    if readout is not None:
        names += ["readout.weight", "readout.bias"]
        leaves |= {"readout.weight": readout.weight, "readout.bias": readout.bias}
    assert names == [*module.state_dict(), *(["readout.weight", "readout.bias"] if readout else [])]
    wrt = [x, h0] + ([c0] if c0 is not None else []) + [leaves[n] for n in names]

    # the re-implementation, its h_t graph nodes and its gradients
    gate_pre: list[torch.Tensor] = []
    params = params_of(s, module)
    out_r, layer_inputs, states = run_network(k, params, x, h0, c0, gate_pre)
    loss_r = loss_of(out_r)
    hs_flat = [h for layer in states for hs, _ in layer for h in hs]
    grads_r = torch.autograd.grad(loss_r, wrt + hs_flat)
    note = check_kinks(s, gate_pre)

    if s.torch_can_run:  # the nn module is the reference; the re-implementation must agree
        state = (h0, c0) if s.cell == "lstm" else h0
        out_m = module(x, state)[0]
        loss_m = loss_of(out_m)
        grads_m = torch.autograd.grad(loss_m, wrt)
        worst = max(max_err(out_r, out_m), max_err(loss_r, loss_m))
        worst = max(worst, *(max_err(a, b) for a, b in zip(grads_r, grads_m, strict=False)))
        assert worst <= SELF_CHECK_TOL, f"{s.name}: re-implementation off by {worst:.3g}"
        note = f"re-implementation vs nn module {worst:.1e} " + note
        loss, grads = loss_m, grads_m
    else:
        loss, grads = loss_r, grads_r[: len(wrt)]

    it = iter(grads)
    dx, dh0 = next(it), next(it)
    dc0 = next(it) if c0 is not None else None
    dparams = {n: next(it) for n in names}
    it_h = iter(grads_r[len(wrt) :])
    hidden, jac = [], []
    for layer_idx, layer in enumerate(states):
        hidden.append({})
        jac.append({})
        for d, (hs, cs) in enumerate(layer):
            name = "backward" if d else "forward"
            hidden[-1][name] = tolist(torch.stack([next(it_h) for _ in hs], dim=1))
            norms = jacobian_norms(k, params[layer_idx][d], layer_inputs[layer_idx], hs, cs, reverse=d == 1)
            last = 0 if d else s.steps - 1
            assert torch.allclose(norms[:, last], torch.ones(s.batch, dtype=DT), rtol=0, atol=1e-15)
            jac[-1][name] = tolist(norms)
    assert len(hidden) == s.num_layers and all(len(layer) == D for layer in hidden)

    sd = module.state_dict()
    request: dict[str, Any] = {
        "model": model_json(s),
        "weights": {"format": "pytorch", "state_dict": {n: tolist(v) for n, v in sd.items()}},
        "inputs": tolist(x),
    }
    if readout is not None:
        request["weights"]["readout"] = {"weight": tolist(readout.weight), "bias": tolist(readout.bias)}
    if s.initial_state:
        request["initial_state"] = {"h": tolist(h0)}
        if c0 is not None:
            request["initial_state"]["c"] = tolist(c0)
    if s.shorthand:
        gradients: Any = True
    elif s.loss == "mse":
        gradients = {"loss": "mse", "targets": tolist(targets)}
    else:
        gradients = {"loss": "sum"}
    request["options"] = {"dtype": "float64", "gradients": gradients}
    initial = {"h": tolist(dh0)}
    if dc0 is not None:
        initial["c"] = tolist(dc0)
    expected = {
        "loss": float(loss.detach()),
        "inputs": tolist(dx),
        "initial_state": initial,
        "parameters": {n: tolist(g) for n, g in dparams.items()},
        "hidden": hidden,
        "jacobian_norm": jac,
    }
    case = {
        "name": s.name,
        "source": "torch" if s.torch_can_run else "torch-reimplementation",
        "description": s.description,
        "dtype": "float64",
        "request": request,
        "expected": expected,
    }
    return case, note


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    cases, notes = [], {}
    for s in SPECS:
        case, notes[s.name] = make_case(s, build(s))
        cases.append(case)
    s, built = book_spec_and_module()
    case, notes[s.name] = make_case(s, built)
    cases.append(case)

    doc = {
        "generated_by": {
            "script": "scripts/make_gradient_fixtures.py",
            "torch": torch.__version__,
            "numpy": np.__version__,
        },
        "tolerances": TOLERANCES,
        "cases": cases,
    }
    text = "{\n" + ",\n".join(
        f"{json.dumps(k)}: {json.dumps(v, allow_nan=False)}" for k, v in doc.items() if k != "cases"
    )
    text += ',\n"cases": [\n' + ",\n".join(json.dumps(c, allow_nan=False) for c in cases) + "\n]\n}\n"
    assert json.loads(text) == json.loads(json.dumps(doc))  # well-formed, exact round trip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)

    print(f"torch {torch.__version__}")
    for c in cases:
        m = c["request"]["model"]
        shape = np.shape(c["request"]["inputs"])
        g = c["request"]["options"]["gradients"]
        loss = "true" if g is True else g["loss"]
        print(
            f"  {c['name']:<44} {c['source']:<22} {m['cell']} L={m['num_layers']} "
            f"D={2 if m['bidirectional'] else 1} x{shape} loss={loss:<4} {len(json.dumps(c)) / 1024:5.1f} KB  "
            f"{notes[c['name']]}"
        )
    print(f"wrote {args.out}: {len(cases)} cases, {len(text) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
