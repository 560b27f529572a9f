"""What the two fixture generators share: the torch reference and the fixture file's form.

``scripts/make_fixtures.py`` (forward passes) and ``scripts/make_gradient_fixtures.py`` (BPTT
gradients) both import from here; run them from the repository root (``python scripts/…``), which
puts this folder on ``sys.path``. Like them, this module is a fixture-time tool: it needs torch and
never imports ``app``, so the fixtures stay independent of the code they test.

- The step-by-step re-implementation of REFERENCE.md §1 in torch ops (``step``, ``run_network``):
  every step's h_t is a graph node (for autograd) and comes with the trace terms of API.md
  (input_term, recurrent_term, pre_activation, gates).
- The networks the cases are made from: ``torch.nn.RNN/LSTM/GRU`` with PyTorch's default (random)
  initialisation after seeding torch with the case's name, the readout, initial states, the
  REFERENCE.md §2 book example.
- The JSON: request pieces, ``generated_by`` and ``write_fixture``, which writes one case a line
  with every number at ``repr`` precision, so that the values round-trip exactly.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

GATES = {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
TRACE_FIELDS = ("input_term", "recurrent_term", "pre_activation", "gates")


def gate_function(name: str):
    """The gate nonlinearities of API.md, in torch ops."""
    if name == "sigmoid":
        return torch.sigmoid
    if name == "hard_sigmoid":  # Keras 3: clip(x/6 + 1/2, 0, 1), kinks at ±3
        return lambda a: torch.clamp(a / 6 + 0.5, 0.0, 1.0)
    if name == "hard_sigmoid_keras2":  # clip(0.2x + 0.5, 0, 1), kinks at ±2.5
        return lambda a: torch.clamp(0.2 * a + 0.5, 0.0, 1.0)
    raise ValueError(name)


def readout_fn(activation: str):
    return {
        "identity": lambda a: a,
        "softmax": lambda a: torch.softmax(a, dim=-1),
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
    }[activation]


# ---------------------------------------------------------------------------------------------
# The step-by-step re-implementation (REFERENCE.md §1).


@dataclass
class Kind:
    """What the cell computes, apart from its weights, and (``fused_gru``) how.

    ``fused_gru``: a GRU's arithmetic on the whole (..., 3H) terms, as nn.GRU lays them out, rather
    than one gate block at a time. The two agree to about 1e-16 but not to the bit (the elementwise
    kernels round differently on strided views and on contiguous blocks); the forward fixtures were
    made fused, the gradient fixtures block-wise, and each generator keeps its way so that
    regenerating gives the same bytes."""

    cell: str
    nonlinearity: str = "tanh"
    gate_activation: str = "sigmoid"
    reset_after: bool = True
    fused_gru: bool = False


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


@dataclass
class Step:
    """One step's new state and its API.md trace terms, (..., G·H) each with the gate blocks in order."""

    h: torch.Tensor
    c: torch.Tensor | None
    input_term: torch.Tensor
    recurrent_term: torch.Tensor
    pre_activation: torch.Tensor
    gates: torch.Tensor


def step(k: Kind, p: Params, x_t: torch.Tensor, h: torch.Tensor, c: torch.Tensor | None) -> Step:
    """One step. x_t: (..., n), h: (..., P), c: (..., H) for an lstm (else None)."""
    sig = gate_function(k.gate_activation)
    it = F.linear(x_t, p.W_ih, p.b_ih)  # W_i* x_t + b_i*
    if k.cell == "rnn":
        rt = F.linear(h, p.W_hh, p.b_hh)  # W_h* h_{t-1} + b_h*
        pre = it + rt
        h = torch.tanh(pre) if k.nonlinearity == "tanh" else torch.relu(pre)
        return Step(h, None, it, rt, pre, h)
    if k.cell == "lstm":
        rt = F.linear(h, p.W_hh, p.b_hh)
        pre = it + rt
        a_i, a_f, a_g, a_o = pre.chunk(4, dim=-1)
        i, f, g, o = sig(a_i), sig(a_f), torch.tanh(a_g), sig(a_o)
        c = f * c + i * g  # c_t = f ⊙ c_{t-1} + i ⊙ g
        h = o * torch.tanh(c)  # h_t = o ⊙ tanh(c_t)
        if p.W_hr is not None:
            h = F.linear(h, p.W_hr)  # h_t = W_hr (o ⊙ tanh(c_t))
        return Step(h, c, it, rt, pre, torch.cat([i, f, g, o], dim=-1))
    return (gru_step_fused if k.fused_gru else gru_step_blocks)(k, p, it, h)


def gru_step_blocks(k: Kind, p: Params, it: torch.Tensor, h: torch.Tensor) -> Step:
    """A GRU step one gate block (r, z, n) at a time, from the input_term ``it`` (see ``Kind``)."""
    sig = gate_function(k.gate_activation)
    x_r, x_z, x_n = it.chunk(3, dim=-1)
    W_r, W_z, W_n = p.W_hh.chunk(3, dim=0)
    b_r, b_z, b_n = p.b_hh.chunk(3)
    h_r = F.linear(h, W_r, b_r)
    a_r = x_r + h_r
    h_z = F.linear(h, W_z, b_z)
    a_z = x_z + h_z
    r, z = sig(a_r), sig(a_z)
    if k.reset_after:
        h_n = F.linear(h, W_n, b_n)
        a_n = x_n + r * h_n  # b_hn inside the reset product
    else:
        h_n = F.linear(r * h, W_n, b_n)  # reset before: W_hn (r ⊙ h) + b_hn
        a_n = x_n + h_n
    n = torch.tanh(a_n)
    return Step(
        (1 - z) * n + z * h,
        None,
        it,
        torch.cat([h_r, h_z, h_n], dim=-1),
        torch.cat([a_r, a_z, a_n], dim=-1),
        torch.cat([r, z, n], dim=-1),
    )


def gru_step_fused(k: Kind, p: Params, it: torch.Tensor, h: torch.Tensor) -> Step:
    """A GRU step on the whole (..., 3H) input_term ``it`` and recurrent_term, as nn.GRU (see ``Kind``)."""
    sig = gate_function(k.gate_activation)
    H = p.W_hh.shape[0] // 3
    if k.reset_after:
        rt = F.linear(h, p.W_hh, p.b_hh)  # W_h* h_{t-1} + b_h*
        pre = it + rt
        # n: input_term + r ⊙ recurrent_term (b_hn inside the product)
        pre[..., 2 * H :] = it[..., 2 * H :] + sig(pre[..., :H]) * rt[..., 2 * H :]
    else:  # reset before (Keras reset_after=False, TF1 GRUCell): n uses W_hn (r ⊙ h) + b_hn
        rt_rz = F.linear(h, p.W_hh[: 2 * H], p.b_hh[: 2 * H])
        r = sig(it[..., :H] + rt_rz[..., :H])
        rt = torch.cat([rt_rz, F.linear(r * h, p.W_hh[2 * H :], p.b_hh[2 * H :])], dim=-1)
        pre = it + rt
    r, z, n = sig(pre[..., :H]), sig(pre[..., H : 2 * H]), torch.tanh(pre[..., 2 * H :])
    return Step((1 - z) * n + z * h, None, it, rt, pre, torch.cat([r, z, n], dim=-1))


def direction_order(T: int, reverse: bool) -> list[int]:
    return list(range(T - 1, -1, -1)) if reverse else list(range(T))


def run_direction(k: Kind, p: Params, x, h0, c0, reverse: bool) -> list[Step]:
    """x: (B, T, n), h0: (B, P), c0: (B, H). Returns the steps indexed by time position."""
    T = x.shape[1]
    steps: list[Any] = [None] * T
    h, c = h0, c0
    for t in direction_order(T, reverse):
        steps[t] = step(k, p, x[:, t], h, c)
        h, c = steps[t].h, steps[t].c
    return steps


def run_network(
    k: Kind, params: list[list[Params]], x, h0, c0
) -> tuple[torch.Tensor, list[torch.Tensor], list[list[list[Step]]]]:
    """Stack layers and directions as PyTorch does. x: (B, T, I); h0: (L·D, B, P); c0: (L·D, B, H).
    Returns the top layer's output (B, T, D·P), every layer's input, and runs[l][d] = its steps."""
    D = len(params[0])
    layer_in, inputs, runs = x, [], []
    for layer_idx, layer in enumerate(params):
        inputs.append(layer_in)
        dirs = []
        for d, p in enumerate(layer):
            s = layer_idx * D + d
            c_s = None if c0 is None else c0[s]
            dirs.append(run_direction(k, p, layer_in, h0[s], c_s, reverse=d == 1))
        runs.append(dirs)
        layer_in = torch.cat([torch.stack([st.h for st in steps], dim=1) for steps in dirs], dim=2)
    return layer_in, inputs, runs


def final_states(runs: list[list[list[Step]]]) -> tuple[torch.Tensor, torch.Tensor | None]:
    """h_n (L·D, B, P) and c_n (L·D, B, H) or None: a backward direction ends at t = 0."""
    last = [steps[0 if d else -1] for layer in runs for d, steps in enumerate(layer)]
    h_n = torch.stack([st.h for st in last])
    return h_n, None if last[0].c is None else torch.stack([st.c for st in last])


def trace_arrays(steps: list[Step]) -> dict[str, torch.Tensor]:
    """One direction's trace over time: {field: (B, T, G·H), "c": (B, T, H) for an lstm, "h": (B, T, P)}."""
    names = [*TRACE_FIELDS, *(["c"] if steps[0].c is not None else []), "h"]
    return {name: torch.stack([getattr(st, name) for st in steps], dim=1) for name in names}


# ---------------------------------------------------------------------------------------------
# The networks the cases are made from.


@dataclass
class NetSpec:
    """A case's network, and the name its random numbers are seeded with."""

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
    description: str = ""

    @property
    def output_size(self) -> int:
        return self.proj_size or self.hidden_size

    @property
    def directions(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def kind(self) -> Kind:
        return Kind(self.cell, self.nonlinearity, self.gate_activation, self.reset_after)


def seed_of(name: str) -> int:
    return zlib.crc32(name.encode())


def torch_modules(s: NetSpec, dtype: torch.dtype) -> tuple[nn.Module, nn.Linear | None]:
    """The nn module and the readout (or None), default-initialised after seeding torch with the name."""
    torch.manual_seed(seed_of(s.name))
    kw = dict(
        num_layers=s.num_layers, bidirectional=s.bidirectional, bias=s.bias, batch_first=True, dtype=dtype
    )
    if s.cell == "rnn":
        module = nn.RNN(s.input_size, s.hidden_size, nonlinearity=s.nonlinearity, **kw)
    elif s.cell == "lstm":
        module = nn.LSTM(s.input_size, s.hidden_size, proj_size=s.proj_size, **kw)
    else:
        module = nn.GRU(s.input_size, s.hidden_size, **kw)
    readout = nn.Linear(s.directions * s.output_size, s.readout[0], dtype=dtype) if s.readout else None
    return module, readout


def initial_states(
    s: NetSpec, dtype: torch.dtype, *, random: bool
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """h0 (L·D, B, P) and, for an lstm, c0 (L·D, B, H): 0.5 · torch.randn (h0 first), or zeros."""
    LD = s.num_layers * s.directions

    def make(size: int) -> torch.Tensor:
        shape = (LD, s.batch, size)
        return 0.5 * torch.randn(*shape, dtype=dtype) if random else torch.zeros(*shape, dtype=dtype)

    h0 = make(s.output_size)
    return h0, make(s.hidden_size) if s.cell == "lstm" else None


def book_module(dtype: torch.dtype = torch.float64) -> tuple[nn.Module, nn.Linear, torch.Tensor]:
    """REFERENCE.md §2 as nn.RNN(1, 2) plus nn.Linear(2, 1), and its input x (1, 2, 1)."""
    module = nn.RNN(1, 2, batch_first=True, dtype=dtype)
    w_cell_state = torch.tensor([[0.1, 0.2], [0.3, 0.4]], dtype=dtype)
    w_cell_input = torch.tensor([0.5, 0.6], dtype=dtype)
    b_cell = torch.tensor([0.1, -0.1], dtype=dtype)
    readout = nn.Linear(2, 1, dtype=dtype)
    with torch.no_grad():
        module.weight_ih_l0.copy_(w_cell_input[:, None])
        module.weight_hh_l0.copy_(w_cell_state.T)
        module.bias_ih_l0.copy_(b_cell)
        module.bias_hh_l0.zero_()
        readout.weight.copy_(torch.tensor([[1.0, 2.0]], dtype=dtype))
        readout.bias.fill_(0.1)
    x = torch.tensor([[[1.0], [2.0]]], dtype=dtype)
    return module, readout, x


def params_of(s: NetSpec, tensors: Mapping[str, torch.Tensor]) -> list[list[Params]]:
    """Per layer and direction, from state_dict names (a state_dict or named_parameters); bias=False:
    zero biases."""
    G = len(GATES[s.cell])
    out = []
    for k in range(s.num_layers):
        layer = []
        for d in range(s.directions):
            sfx = f"_l{k}" + ("_reverse" if d else "")
            W_ih = tensors[f"weight_ih{sfx}"]
            zeros = W_ih.new_zeros(G * s.hidden_size)
            layer.append(
                Params(
                    W_ih=W_ih,
                    W_hh=tensors[f"weight_hh{sfx}"],
                    b_ih=tensors.get(f"bias_ih{sfx}", zeros),
                    b_hh=tensors.get(f"bias_hh{sfx}", zeros),
                    W_hr=tensors.get(f"weight_hr{sfx}"),
                )
            )
        out.append(layer)
    return out


# ---------------------------------------------------------------------------------------------
# Numbers and JSON.


def tolist(a: torch.Tensor | np.ndarray) -> Any:
    """Exact: float32 values become the doubles equal to them."""
    if isinstance(a, torch.Tensor):
        a = a.detach().numpy()
    return np.asarray(a, dtype=np.float64).tolist()


def max_err(a: Any, b: Any) -> float:
    """max |a - b| / (1 + |b|) over arrays, tensors (with or without grad) or nested lists."""
    a, b = (np.asarray(v.detach() if isinstance(v, torch.Tensor) else v, dtype=np.float64) for v in (a, b))
    assert a.shape == b.shape, (a.shape, b.shape)
    return float(np.max(np.abs(a - b) / (1 + np.abs(b))))


def model_json(s: NetSpec, *, gate_options: bool, proj_size: bool = True) -> dict[str, Any]:
    """The request's ``model``. ``gate_options``: gate_activation (and gru_reset_after) are written
    even at their defaults; ``proj_size``: an lstm's proj_size is written."""
    m: dict[str, Any] = {
        "cell": s.cell,
        "input_size": s.input_size,
        "hidden_size": s.hidden_size,
        "num_layers": s.num_layers,
        "bidirectional": s.bidirectional,
    }
    if s.cell == "rnn":
        m["nonlinearity"] = s.nonlinearity
    elif gate_options:
        m["gate_activation"] = s.gate_activation
    if gate_options and s.cell == "gru":
        m["gru_reset_after"] = s.reset_after
    if proj_size and s.cell == "lstm":
        m["proj_size"] = s.proj_size
    if s.readout:
        m["readout"] = {"size": s.readout[0], "activation": s.readout[1]}
    return m


def pytorch_weights(sd: Mapping[str, torch.Tensor], readout: nn.Linear | None) -> dict[str, Any]:
    """The ``"pytorch"`` weights: the state_dict, and the readout's weight and bias."""
    weights: dict[str, Any] = {"format": "pytorch", "state_dict": {k: tolist(v) for k, v in sd.items()}}
    if readout is not None:
        weights["readout"] = {"weight": tolist(readout.weight), "bias": tolist(readout.bias)}
    return weights


def initial_state_json(h0: Any, c0: Any) -> dict[str, Any]:
    return {"h": tolist(h0)} if c0 is None else {"h": tolist(h0), "c": tolist(c0)}


def case_json(
    s: NetSpec, source: str, dtype: str, request: dict[str, Any], expected: dict[str, Any]
) -> dict[str, Any]:
    return {
        "name": s.name,
        "source": source,
        "description": s.description,
        "dtype": dtype,
        "request": request,
        "expected": expected,
    }


def generated_by(script: str, **tools: str | None) -> dict[str, Any]:
    """The fixture's provenance: the script (path from the repository root), torch, ``tools``, numpy."""
    path = Path(script).resolve().relative_to(ROOT).as_posix()
    return {"script": path, "torch": torch.__version__, **tools, "numpy": np.__version__}


def write_fixture(path: Path, doc: dict[str, Any]) -> str:
    """Write ``doc`` (with a ``"cases"`` list) as JSON, one case a line, numbers at ``repr`` precision.
    Returns the text written."""
    text = "{\n" + ",\n".join(
        f"{json.dumps(k)}: {json.dumps(v, allow_nan=False)}" for k, v in doc.items() if k != "cases"
    )
    text += ',\n"cases": [\n' + ",\n".join(json.dumps(c, allow_nan=False) for c in doc["cases"]) + "\n]\n}\n"
    assert json.loads(text) == json.loads(json.dumps(doc))  # well-formed, exact round trip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return text
