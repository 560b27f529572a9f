"""Write tests/fixtures/gradients_golden.json: golden BPTT gradients computed by torch.autograd.

Run from the repository root (torch is a fixture-time tool, not an app dependency):

    pip install torch==2.13.0 && python scripts/make_gradient_fixtures.py

Everything is float64. The tests never import torch: they read the JSON only. API.md "Gradients
(BPTT)" and REFERENCE.md §1, §5 are the specification.

What each case holds:

- ``request``: a complete ``POST /api/v1/forward`` body in the ``"pytorch"`` format, with
  ``options.gradients`` (``true``, ``{"loss": "sum"}``, ``{"loss": "last"}``, ``{"loss": "mse", "targets": …}``
  or ``{"loss": "cross_entropy", "targets": (B, T) class indices}``), made
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

All numbers are written with ``repr`` precision, so they round-trip exactly. The re-implementation,
the networks' construction and the JSON writing are shared with ``make_fixtures.py``:
``scripts/torch_reference.py``.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
import torch_reference as ref

OUT = ref.FIXTURES / "gradients_golden.json"

TOLERANCES = {"float64": {"rtol": 1e-10, "atol": 1e-12}}  # the rtol; what the tests use
SELF_CHECK_TOL = 1e-13  # re-implementation vs nn module (relative to 1 + |value|)
KINK_MARGIN = 1e-3  # hard-sigmoid pre-activations stay this far from the clip points
KINKS = {"hard_sigmoid": 3.0, "hard_sigmoid_keras2": 2.5}
SIGMOID_GATES = {"lstm": (0, 1, 3), "gru": (0, 1)}  # i, f, o; r, z: the blocks the gate activation acts on
DT = torch.float64


def jacobian_norms(
    k: ref.Kind, p: ref.Params, layer_in, steps: list[ref.Step], reverse: bool
) -> torch.Tensor:
    """(B, T): ‖∂s_last/∂s_t‖₂ by torch.autograd.functional.jacobian, one batch row at a time, where
    ``run_rest`` re-runs the cell (REFERENCE.md §1, torch_reference.step) from s_t."""
    p = p.detached()
    B, T = layer_in.shape[:2]
    P = steps[0].h.shape[-1]
    order = ref.direction_order(T, reverse)
    norms = torch.empty(B, T, dtype=DT)
    for b in range(B):
        for pos, t in enumerate(order):
            rest = order[pos + 1 :]

            def run_rest(s, b=b, rest=rest):
                h, c = (s[:P], s[P:]) if k.cell == "lstm" else (s, None)
                for u in rest:
                    st = ref.step(k, p, layer_in[b, u].detach(), h, c)
                    h, c = st.h, st.c
                return h if c is None else torch.cat([h, c])

            s_t = steps[t].h[b] if k.cell != "lstm" else torch.cat([steps[t].h[b], steps[t].c[b]])
            J = torch.autograd.functional.jacobian(run_rest, s_t.detach())
            norms[b, t] = torch.linalg.matrix_norm(J, ord=2)
    return norms


# ---------------------------------------------------------------------------------------------
# Cases


@dataclass
class Spec(ref.NetSpec):
    loss: str = "sum"  # "sum" | "last" | "mse" | "cross_entropy"
    shorthand: bool = False  # options.gradients = true instead of {"loss": "sum"}
    weight_scale: float = 1.0  # > 1 to make hard sigmoids clip
    input_scale: float = 1.0

    @property
    def torch_can_run(self) -> bool:
        return self.gate_activation == "sigmoid" and self.reset_after


# one case a line or a few: name, cell, input_size, hidden_size, steps, batch, what is not the default
# fmt: off
SPECS = [
    Spec("rnn_tanh", "rnn", 3, 4, 5, 2, description="Elman RNN, tanh, non-zero h0, loss sum"),
    Spec("rnn_relu", "rnn", 3, 4, 6, 2, nonlinearity="relu", loss="mse", description="Elman RNN, relu, mse"),
    Spec("lstm", "lstm", 3, 4, 5, 2, loss="mse", description="LSTM, non-zero h0 and c0, mse"),
    Spec("lstm_proj", "lstm", 3, 4, 5, 2, proj_size=2, shorthand=True,
         description="LSTM with proj_size 2 (h 2 wide, c 4); options.gradients = true"),
    Spec("gru", "gru", 3, 4, 6, 2, description="GRU (reset-after, b_hn inside the reset product), sum"),
    Spec("gru_no_bias", "gru", 2, 3, 4, 2, bias=False, description="GRU with bias=False: no bias keys"),
    Spec("lstm_2layer_bidir", "lstm", 3, 3, 4, 2, num_layers=2, bidirectional=True, loss="mse",
         description="2-layer bidirectional LSTM, mse on output (B, T, 2·3)"),
    Spec("gru_2layer_bidir_softmax", "gru", 2, 3, 5, 2, num_layers=2, bidirectional=True,
         readout=(3, "softmax"), loss="mse",
         description="2-layer bidirectional GRU + softmax readout, mse (a sum of softmax is constant)"),
    Spec("rnn_2layer_bidir_sigmoid", "rnn", 3, 3, 5, 2, num_layers=2, bidirectional=True,
         readout=(2, "sigmoid"), description="2-layer bidirectional tanh RNN + sigmoid readout, sum"),
    Spec("lstm_proj_2layer_bidir_tanh", "lstm", 2, 4, 4, 2, num_layers=2, bidirectional=True, proj_size=3,
         initial_state=False, readout=(2, "tanh"),
         description="2-layer bidirectional LSTM, proj_size 3, tanh readout; no initial_state (zeros)"),
    Spec("lstm_softmax", "lstm", 3, 4, 6, 1, readout=(3, "softmax"), loss="mse",
         description="LSTM + softmax readout, mse, batch 1"),
    Spec("rnn_identity_readout", "rnn", 2, 4, 6, 2, readout=(2, "identity"), loss="mse",
         description="tanh RNN + identity readout, mse"),
    # what nn modules cannot run: autograd on the re-implementation alone
    Spec("gru_reset_before", "gru", 3, 4, 5, 2, reset_after=False, loss="mse",
         description="GRU reset-before (Keras reset_after=False), mse"),
    Spec("gru_reset_before_hard_sigmoid_2layer_bidir", "gru", 2, 3, 4, 2, num_layers=2, bidirectional=True,
         reset_after=False, gate_activation="hard_sigmoid", readout=(2, "sigmoid"),
         weight_scale=4.0, input_scale=2.0,
         description="2-layer bidirectional reset-before GRU, Keras 3 hard_sigmoid gates (some clipped)"),
    Spec("lstm_hard_sigmoid_keras2", "lstm", 3, 4, 5, 2, gate_activation="hard_sigmoid_keras2", loss="mse",
         weight_scale=4.0, input_scale=2.0,
         description="LSTM with Keras 2 hard_sigmoid gates (0.2x + 0.5, some clipped), mse"),
    # issue 14: the losses that tell the story
    Spec("rnn_tanh_last", "rnn", 2, 4, 8, 2, loss="last", description="tanh RNN, loss last: Σ output at t = T-1"),
    Spec("gru_2layer_bidir_last", "gru", 2, 3, 5, 2, num_layers=2, bidirectional=True, readout=(2, "tanh"),
         loss="last", description="2-layer bidirectional GRU + tanh readout, loss last"),
    Spec("lstm_softmax_cross_entropy", "lstm", 3, 4, 6, 2, readout=(5, "softmax"), loss="cross_entropy",
         description="LSTM + softmax readout, cross_entropy to class indices (-1: a step not scored)"),
    Spec("rnn_logits_cross_entropy", "rnn", 3, 4, 5, 2, readout=(3, "identity"), loss="cross_entropy",
         description="tanh RNN + identity readout taken as logits, cross_entropy (F.cross_entropy)"),
    Spec("gru_output_cross_entropy", "gru", 2, 3, 4, 2, loss="cross_entropy",
         description="GRU without a readout: output taken as logits, cross_entropy"),
]
# fmt: on


def build(s: Spec):
    """The module (default init, scaled by weight_scale), the readout, x, h0, c0 and targets (or None)."""
    module, readout = ref.torch_modules(s, DT)
    if s.weight_scale != 1.0:
        with torch.no_grad():
            for w in module.parameters():
                w.mul_(s.weight_scale)
    x = s.input_scale * torch.randn(s.batch, s.steps, s.input_size, dtype=DT)
    # no initial_state: what the API uses by default; still leaves, for dL/dh0 at zero
    h0, c0 = ref.initial_states(s, DT, random=s.initial_state)
    width = s.readout[0] if s.readout else s.directions * s.output_size
    targets = torch.randn(s.batch, s.steps, width, dtype=DT) if s.loss == "mse" else None
    if s.loss == "cross_entropy":  # class indices; the last step of row 0 is not scored
        targets = torch.randint(0, width, (s.batch, s.steps))
        targets[0, -1] = -1
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
    module, readout, x = ref.book_module(DT)
    return s, (module, readout, x, *ref.initial_states(s, DT, random=False), None)


def check_kinks(s: Spec, runs: list[list[list[ref.Step]]]) -> str:
    """Hard-sigmoid cases: no pre-activation near a clip point, and some gates clipped."""
    if s.gate_activation == "sigmoid":
        return ""
    gate_pre = [
        st.pre_activation.detach().chunk(len(ref.GATES[s.cell]), dim=-1)[j]
        for layer in runs
        for steps in layer
        for st in steps
        for j in SIGMOID_GATES[s.cell]
    ]
    a = torch.cat([g.reshape(-1) for g in gate_pre]).abs()
    kink = KINKS[s.gate_activation]
    margin = float((a - kink).abs().min())
    clipped = float((a > kink).double().mean())
    assert margin >= KINK_MARGIN, f"{s.name}: a pre-activation is {margin:.2g} from a clip point"
    assert 0.05 <= clipped <= 0.8, f"{s.name}: {clipped:.0%} of the hard-sigmoid gates clip"
    return f"kink margin {margin:.2g}, {clipped:.0%} clipped"


def make_case(s: Spec, built) -> tuple[dict[str, Any], str]:
    module, readout, x, h0, c0, targets = built
    act = ref.readout_fn(s.readout[1]) if s.readout else None
    k = s.kind

    def loss_of(out):
        pred = out if readout is None else act(readout(out))
        if s.loss == "last":
            return pred[:, -1].sum()
        if s.loss == "cross_entropy":  # a softmax readout's y are probabilities, else logits
            flat = pred.reshape(-1, pred.shape[-1])
            log_p = torch.log(flat) if s.readout and s.readout[1] == "softmax" else F.log_softmax(flat, -1)
            return F.nll_loss(log_p, targets.reshape(-1), ignore_index=-1)
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
    params = ref.params_of(s, dict(module.named_parameters()))
    out_r, layer_inputs, runs = ref.run_network(k, params, x, h0, c0)
    loss_r = loss_of(out_r)
    hs_flat = [st.h for layer in runs for steps in layer for st in steps]
    grads_r = torch.autograd.grad(loss_r, wrt + hs_flat)
    note = check_kinks(s, runs)

    if s.torch_can_run:  # the nn module is the reference; the re-implementation must agree
        state = (h0, c0) if s.cell == "lstm" else h0
        out_m = module(x, state)[0]
        loss_m = loss_of(out_m)
        grads_m = torch.autograd.grad(loss_m, wrt)
        worst = max(ref.max_err(out_r, out_m), ref.max_err(loss_r, loss_m))
        worst = max(worst, *(ref.max_err(a, b) for a, b in zip(grads_r, grads_m, strict=False)))
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
    for layer_idx, layer in enumerate(runs):
        hidden.append({})
        jac.append({})
        for d, steps in enumerate(layer):
            name = "backward" if d else "forward"
            hidden[-1][name] = ref.tolist(torch.stack([next(it_h) for _ in steps], dim=1))
            norms = jacobian_norms(k, params[layer_idx][d], layer_inputs[layer_idx], steps, reverse=d == 1)
            last = 0 if d else s.steps - 1
            assert torch.allclose(norms[:, last], torch.ones(s.batch, dtype=DT), rtol=0, atol=1e-15)
            jac[-1][name] = ref.tolist(norms)
    assert len(hidden) == s.num_layers and all(len(layer) == s.directions for layer in hidden)

    request: dict[str, Any] = {
        "model": ref.model_json(s, gate_options=True),
        "weights": ref.pytorch_weights(module.state_dict(), readout),
        "inputs": ref.tolist(x),
    }
    if s.initial_state:
        request["initial_state"] = ref.initial_state_json(h0, c0)
    if s.shorthand:
        gradients: Any = True
    elif s.loss in ("mse", "cross_entropy"):
        gradients = {"loss": s.loss, "targets": targets.tolist()}
    else:
        gradients = {"loss": s.loss}
    request["options"] = {"dtype": "float64", "gradients": gradients}
    expected = {
        "loss": float(loss.detach()),
        "inputs": ref.tolist(dx),
        "initial_state": ref.initial_state_json(dh0, dc0),
        "parameters": {n: ref.tolist(g) for n, g in dparams.items()},
        "hidden": hidden,
        "jacobian_norm": jac,
    }
    case = ref.case_json(
        s, "torch" if s.torch_can_run else "torch-reimplementation", "float64", request, expected
    )
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

    doc = {"generated_by": ref.generated_by(__file__), "tolerances": TOLERANCES, "cases": cases}
    text = ref.write_fixture(args.out, doc)

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
