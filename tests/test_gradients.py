"""Backpropagation through time (API.md "Gradients (BPTT)", REFERENCE.md §5) against references.

- Golden gradients from torch.autograd in float64 (tests/fixtures/gradients_golden.json, written by
  ``scripts/make_gradient_fixtures.py``; nothing here imports torch): loss, dL/dx, dL/dh0, dL/dc0,
  every parameter gradient, the total dL/dh_t of every layer and direction and the Jacobian-norm
  curve, at rtol 1e-10 / atol 1e-12, through the API and through the engine alone.
- Central finite differences of the engine's own forward pass for what PyTorch lacks: the
  reset-before GRU and the hard-sigmoid gates (inputs kept away from the clip kinks), and a
  standard cell; the Jacobian norms of one-layer nets by finite differences of a rerun from s_t.
- The Jacobian-norm curve of a tanh RNN with W_hh = gain · orthogonal: in the small-signal
  (linear) regime it is gain^(T-1-t), vanishing for gain < 1, exploding for gain > 1.
- Encodings (base64, float32) and the 422s of the mse loss's targets.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pytest

from tests.golden import compare, fail_with, load_golden, post

GOLDEN, CASES = load_golden("gradients_golden.json")
TOL = GOLDEN["tolerances"]["float64"]  # rtol 1e-10, atol 1e-12
FLOAT32_TOL = {"rtol": 1e-4, "atol": 1e-5}
GRADIENT_FIELDS = ("loss", "inputs", "initial_state", "parameters", "hidden", "jacobian_norm")
TARGETS_LOC = ["body", "options", "gradients", "targets"]


# ---------------------------------------------------------------------------------------------
# comparison of the gradients (tests/golden.py: one field, and the failure listing them all)


def compare_gradients(got: Any, want: dict[str, Any], tol: dict[str, float]) -> list[str]:
    if not isinstance(got, dict):
        return [f"gradients: expected an object, got {str(got)[:200]}"]
    errors: list[str] = []
    for key in GRADIENT_FIELDS:
        compare(got.get(key), want[key], f"gradients.{key}", errors, tol)
    return errors


def key_errors(got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    """The response has exactly the expected names: state_dict keys, h/c, layers and directions."""
    errors = []
    for key in ("parameters", "initial_state"):
        if list(got.get(key, {})) != list(want[key]):
            errors.append(f"gradients.{key}: keys {list(got.get(key, {}))}, expected {list(want[key])}")
    for key in ("hidden", "jacobian_norm"):
        got_dirs = [sorted(layer) for layer in got.get(key) or []]
        want_dirs = [sorted(layer) for layer in want[key]]
        if got_dirs != want_dirs:
            errors.append(f"gradients.{key}: directions {got_dirs}, expected {want_dirs}")
    return errors


# ---------------------------------------------------------------------------------------------
# the fixture itself


def test_fixture_covers_what_it_promises() -> None:
    assert GOLDEN["generated_by"]["torch"].startswith("2.13.0")
    assert TOL == {"rtol": 1e-10, "atol": 1e-12}
    models = {n: c["request"]["model"] for n, c in CASES.items()}
    torch_models = [m for n, m in models.items() if CASES[n]["source"] == "torch"]
    for cell, extra in (("rnn", "tanh"), ("rnn", "relu")):
        assert any(m["cell"] == cell and m["nonlinearity"] == extra for m in torch_models), extra
    assert any(m["cell"] == "lstm" and m["proj_size"] for m in torch_models)
    assert any(m["cell"] == "gru" and m["gru_reset_after"] for m in torch_models)
    for cell in ("rnn", "lstm", "gru"):
        assert any(m["cell"] == cell and m["bidirectional"] and m["num_layers"] == 2 for m in torch_models)
    assert any(m.get("readout", {}).get("activation") == "softmax" for m in torch_models)
    losses = [c["request"]["options"]["gradients"] for c in CASES.values()]
    assert True in losses and {"loss": "sum"} in losses
    assert any(isinstance(g, dict) and g["loss"] == "mse" and "targets" in g for g in losses)
    assert sum(np.shape(c["request"]["inputs"])[0] > 1 for c in CASES.values()) >= len(CASES) - 2
    assert sum("initial_state" in c["request"] for c in CASES.values()) >= len(CASES) - 3
    # what only the re-implementation can make (autograd on it; finite differences below as well)
    gated = [m for n, m in models.items() if CASES[n]["source"] == "torch-reimplementation"]
    assert any(m["cell"] == "gru" and not m["gru_reset_after"] for m in gated)
    assert {m["gate_activation"] for m in gated} >= {"hard_sigmoid", "hard_sigmoid_keras2"}


def test_book_case_gradients_by_hand() -> None:
    """REFERENCE.md §2 with L = y_0 + y_1: y_t = w_out·h_t + b, so dL/db_out = 2 and
    dL/dw_out = h_0 + h_1 (the states of the reference table)."""
    g = CASES["book_rnn"]["expected"]
    h = np.array([[0.5370495669980352, 0.46211715726000974], [0.8597381843462615, 0.8836664119437349]])
    np.testing.assert_allclose(g["parameters"]["readout.bias"], [2.0], rtol=1e-15)
    np.testing.assert_allclose(g["parameters"]["readout.weight"], [h.sum(axis=0)], rtol=1e-14)
    np.testing.assert_allclose(g["loss"], 1.5612838815180548 + 2.727071008233731, rtol=1e-14)
    # the last step's h only reaches the loss through the readout: dL/dh_1 = w_out
    np.testing.assert_allclose(g["hidden"][0]["forward"][0][1], [1.0, 2.0], rtol=1e-15)


# ---------------------------------------------------------------------------------------------
# golden gradients: HTTP and engine


@pytest.mark.parametrize("name", list(CASES))
def test_gradients_match_golden(client: Any, name: str) -> None:
    case = CASES[name]
    resp = post(client, case["request"])
    fail_with(name, compare_gradients(resp.get("gradients"), case["expected"], TOL))


@pytest.mark.parametrize("name", list(CASES))
def test_gradient_keys_match_golden(client: Any, name: str) -> None:
    """Exactly the state_dict names (a bias=False net has no bias keys), h/c, layers, directions."""
    case = CASES[name]
    fail_with(name, key_errors(post(client, case["request"])["gradients"], case["expected"]))


def engine_gradients(req: dict[str, Any], dtype: str = "float64") -> dict[str, Any]:
    """Read, run and differentiate a request with the engine directly (no HTTP, no encoding)."""
    from rnnscope.engine import forward
    from rnnscope.engine.backward import backward
    from rnnscope.formats import read_network

    model = req["model"]
    net = read_network(model, set(model), req["weights"]).astype(np.dtype(dtype))
    x = np.asarray(req["inputs"], dtype)
    init = req.get("initial_state", {})
    h0 = np.asarray(init["h"], dtype) if "h" in init else None
    c0 = np.asarray(init["c"], dtype) if "c" in init else None
    opts = req["options"]["gradients"]
    opts = {"loss": "sum"} if opts is True else opts
    targets = np.asarray(opts["targets"], dtype) if "targets" in opts else None
    g = backward(net, forward(net, x, h0, c0), x, h0, c0, opts["loss"], targets)
    names = net.arch.direction_names()
    assert g.inputs.dtype == np.dtype(dtype)
    return {
        "loss": g.loss,
        "inputs": g.inputs,
        "initial_state": {"h": g.h0} if g.c0 is None else {"h": g.h0, "c": g.c0},
        "parameters": g.parameters,
        "hidden": [dict(zip(names, layer, strict=True)) for layer in g.hidden],
        "jacobian_norm": [dict(zip(names, layer, strict=True)) for layer in g.jacobian_norm],
    }


@pytest.mark.parametrize("name", list(CASES))
def test_engine_gradients_match_golden(name: str) -> None:
    """The same without HTTP: pinpoints an engine regression."""
    case = CASES[name]
    fail_with(name, compare_gradients(engine_gradients(case["request"]), case["expected"], TOL))


def test_jacobian_norm_ends_at_one() -> None:
    """The last entry of every curve is ‖I‖ = 1 (t = T-1 forward, t = 0 backward), in the fixture."""
    for name, case in CASES.items():
        for k, layer in enumerate(case["expected"]["jacobian_norm"]):
            for d, norms in layer.items():
                last = np.asarray(norms)[:, 0 if d == "backward" else -1]
                np.testing.assert_allclose(last, 1.0, rtol=0, atol=1e-15, err_msg=f"{name} [{k}].{d}")


def test_gradients_true_is_loss_sum(client: Any) -> None:
    case = CASES["lstm_proj"]
    assert case["request"]["options"]["gradients"] is True
    body = copy.deepcopy(case["request"])
    body["options"]["gradients"] = {"loss": "sum"}
    assert post(client, body)["gradients"] == post(client, case["request"])["gradients"]


def test_no_gradients_unless_asked(client: Any) -> None:
    body = copy.deepcopy(CASES["gru"]["request"])
    for off in ({}, {"gradients": False}):
        body["options"] = off
        assert post(client, body).get("gradients") is None, off


# ---------------------------------------------------------------------------------------------
# encodings


def decode_gradients(obj: Any, dtypes: set[str]) -> Any:
    """Every {"dtype", "shape", "bdata"} decoded with app.encoding.decode_array, noting dtypes."""
    from rnnscope.encoding import decode_array

    if isinstance(obj, dict):
        if set(obj) == {"dtype", "shape", "bdata"}:
            dtypes.add(obj["dtype"])
            return decode_array(obj)
        return {k: decode_gradients(v, dtypes) for k, v in obj.items()}
    if isinstance(obj, list):
        assert all(isinstance(v, dict) for v in obj), "a raw list in a base64 response"
        return [decode_gradients(v, dtypes) for v in obj]
    return obj


@pytest.mark.parametrize("name", ["lstm_2layer_bidir", "gru_2layer_bidir_softmax", "lstm_proj"])
def test_gradients_base64(client: Any, name: str) -> None:
    case = CASES[name]
    body = copy.deepcopy(case["request"])
    body["options"]["encoding"] = "base64"
    raw = post(client, body)["gradients"]
    assert isinstance(raw["loss"], float)
    assert set(raw["inputs"]) == {"dtype", "shape", "bdata"}, raw["inputs"]
    seen: set[str] = set()
    got = decode_gradients(raw, seen)
    assert seen == {"f8"}, f"{name}: base64 dtypes {seen}"
    fail_with(name, compare_gradients(got, case["expected"], TOL))


@pytest.mark.parametrize(
    "name",
    ["rnn_tanh", "lstm", "gru_2layer_bidir_softmax", "lstm_proj_2layer_bidir_tanh", "gru_reset_before"],
)
def test_float32_gradients_agree_with_float64(client: Any, name: str) -> None:
    case = CASES[name]
    body = copy.deepcopy(case["request"])
    body["options"] |= {"dtype": "float32", "encoding": "base64"}
    seen: set[str] = set()
    got = decode_gradients(post(client, body)["gradients"], seen)
    assert seen == {"f4"}, f"{name}: float32 gradients came as {seen}"
    fail_with(f"{name} (float32)", compare_gradients(got, case["expected"], FLOAT32_TOL))


# ---------------------------------------------------------------------------------------------
# finite differences of the engine's forward pass: what PyTorch cannot run


EPS = 1e-6
FD_RTOL = 1e-5
FD_ATOL = 1e-9  # for the gradients that are 0 (clipped gates): far below any non-zero one checked
KINK_MARGIN = 1e-3  # hard-sigmoid pre-activations at least this far from the clip points
KINKS = {"hard_sigmoid": 3.0, "hard_sigmoid_keras2": 2.5}
SIGMOID_GATES = {"lstm": (0, 1, 3), "gru": (0, 1)}  # i, f, o; r, z: the blocks the gate activation acts on


@dataclass
class FDCase:
    name: str
    model: dict[str, Any]
    seed: int
    batch: int = 2
    steps: int = 4
    loss: str = "sum"
    weight_scale: float = 1.0  # random weights are U(-1/√H, 1/√H); scaled up so hard sigmoids clip
    input_scale: float = 1.0


CLIPPING = {"weight_scale": 4.0, "input_scale": 2.0}  # hard-sigmoid cases: some gates clip

# one case a few lines: name, model, then what is not the default
# fmt: off
FD_CASES = [
    FDCase("gru_reset_before_2layer_bidir_softmax",
           {"cell": "gru", "input_size": 3, "hidden_size": 3, "num_layers": 2, "bidirectional": True,
            "gru_reset_after": False, "readout": {"size": 3, "activation": "softmax"}},
           seed=1, loss="mse"),
    FDCase("gru_reset_before", {"cell": "gru", "input_size": 2, "hidden_size": 4, "gru_reset_after": False},
           seed=2, steps=5),
    FDCase("gru_hard_sigmoid",
           {"cell": "gru", "input_size": 3, "hidden_size": 4, "gate_activation": "hard_sigmoid"},
           seed=3, loss="mse", **CLIPPING),
    FDCase("gru_reset_before_hard_sigmoid_keras2",
           {"cell": "gru", "input_size": 3, "hidden_size": 3, "gate_activation": "hard_sigmoid_keras2",
            "gru_reset_after": False, "readout": {"size": 2, "activation": "sigmoid"}},
           seed=4, **CLIPPING),
    FDCase("lstm_hard_sigmoid_keras2",
           {"cell": "lstm", "input_size": 3, "hidden_size": 4, "gate_activation": "hard_sigmoid_keras2"},
           seed=5, loss="mse", **CLIPPING),
    FDCase("lstm_hard_sigmoid_2layer_bidir_proj",
           {"cell": "lstm", "input_size": 2, "hidden_size": 3, "num_layers": 2, "bidirectional": True,
            "proj_size": 2, "gate_activation": "hard_sigmoid", "readout": {"size": 2, "activation": "tanh"}},
           seed=6, **CLIPPING),
    FDCase("lstm_proj_standard",
           {"cell": "lstm", "input_size": 3, "hidden_size": 4, "proj_size": 2,
            "readout": {"size": 2, "activation": "identity"}},
           seed=7, loss="mse"),
]
# fmt: on


def fd_setup(c: FDCase) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """A random network (scaled), inputs, non-zero initial states and (mse) targets, all float64."""
    from rnnscope.engine import CellParams, Network, Readout
    from rnnscope.formats import read_network

    net = read_network(c.model, set(c.model), {"format": "random", "seed": c.seed}).astype(
        np.dtype("float64")
    )

    def scaled(p: Any) -> Any:
        arrays = {f.name: getattr(p, f.name) for f in fields(p)}
        return CellParams(**{k: None if a is None else c.weight_scale * a for k, a in arrays.items()})

    readout = net.readout and Readout(c.weight_scale * net.readout.W, net.readout.b.copy())
    net = Network(net.arch, tuple(tuple(scaled(p) for p in layer) for layer in net.layers), readout)
    arch = net.arch
    rng = np.random.default_rng(100 + c.seed)
    LD = arch.num_layers * arch.num_directions
    x = c.input_scale * rng.standard_normal((c.batch, c.steps, arch.input_size))
    h0 = 0.5 * rng.standard_normal((LD, c.batch, arch.output_size))
    c0 = 0.5 * rng.standard_normal((LD, c.batch, arch.hidden_size)) if arch.cell == "lstm" else None
    width = arch.readout_size or arch.num_directions * arch.output_size
    targets = rng.standard_normal((c.batch, c.steps, width)) if c.loss == "mse" else None
    return net, x, h0, c0, targets


def loss_value(
    net: Any, x: np.ndarray, h0: np.ndarray, c0: np.ndarray | None, loss: str, targets: Any
) -> float:
    """The loss from the engine's forward pass alone (API.md: sum of y or output; mse = the mean)."""
    from rnnscope.engine import forward

    r = forward(net, x, h0, c0)
    pred = r.output if r.y is None else r.y
    return float(pred.sum()) if loss == "sum" else float(np.mean((pred - targets) ** 2))


def central_difference(f, a: np.ndarray, index: tuple[int, ...]) -> float:
    """(f(a + eps e_i) - f(a - eps e_i)) / 2 eps, restoring ``a``."""
    old = a[index]
    a[index] = old + EPS
    up = f()
    a[index] = old - EPS
    down = f()
    a[index] = old
    return (up - down) / (2 * EPS)


PARAM_FIELDS = {
    "weight_ih": "W_ih",
    "weight_hh": "W_hh",
    "bias_ih": "b_ih",
    "bias_hh": "b_hh",
    "weight_hr": "W_hr",
}


def parameter_array(net: Any, name: str) -> np.ndarray:
    """The engine's array behind a state_dict name (the test mutates it in place, then restores it)."""
    if name == "readout.weight":
        return net.readout.W
    if name == "readout.bias":
        return net.readout.b
    m = re.fullmatch(r"(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\d+)(_reverse)?", name)
    assert m, name
    return getattr(net.layers[int(m[2])][1 if m[3] else 0], PARAM_FIELDS[m[1]])


def check_kink_margin(c: FDCase, net: Any, x: np.ndarray, h0: np.ndarray, c0: Any) -> None:
    """Hard sigmoids: every gate pre-activation is KINK_MARGIN from a clip point, and some clip."""
    from rnnscope.engine import forward

    arch = net.arch
    if arch.gate_activation == "sigmoid":
        return
    H, kink = arch.hidden_size, KINKS[arch.gate_activation]
    r = forward(net, x, h0, c0)
    blocks = [
        tr.pre_activation[..., j * H : (j + 1) * H]
        for layer in r.trace
        for tr in layer
        for j in SIGMOID_GATES[arch.cell]
    ]
    a = np.concatenate([b.ravel() for b in blocks])
    margin = float(np.min(np.abs(np.abs(a) - kink)))
    clipped = float(np.mean(np.abs(a) > kink))
    assert margin >= KINK_MARGIN, f"{c.name}: a gate pre-activation is {margin:.2g} from a clip point"
    assert 0.05 <= clipped <= 0.8, f"{c.name}: {clipped:.0%} of the gates clip; the case tests too little"


@pytest.mark.parametrize("c", FD_CASES, ids=lambda c: c.name)
def test_gradients_match_finite_differences(c: FDCase) -> None:
    from rnnscope.engine import forward
    from rnnscope.engine.backward import backward

    net, x, h0, c0, targets = fd_setup(c)
    check_kink_margin(c, net, x, h0, c0)
    g = backward(net, forward(net, x, h0, c0), x, h0, c0, c.loss, targets)
    L = lambda: loss_value(net, x, h0, c0, c.loss, targets)  # noqa: E731
    assert g.loss == pytest.approx(L(), rel=1e-14)

    checks: list[tuple[str, np.ndarray, np.ndarray, list[tuple[int, ...]]]] = [
        ("inputs", x, g.inputs, list(np.ndindex(x.shape))),
        ("initial_state.h", h0, g.h0, list(np.ndindex(h0.shape))),
    ]
    if c0 is not None:
        checks.append(("initial_state.c", c0, g.c0, list(np.ndindex(c0.shape))))
    rng = np.random.default_rng(c.seed)
    for name, grad in g.parameters.items():
        a = parameter_array(net, name)
        assert grad.shape == a.shape, f"{c.name}: parameters.{name} shape {grad.shape}, expected {a.shape}"
        picks = {tuple(int(i) for i in rng.integers(0, a.shape)) for _ in range(4)}
        checks.append((f"parameters.{name}", a, grad, sorted(picks)))
    expected_names = {"readout.weight", "readout.bias"} if net.readout is not None else set()
    for k in range(net.arch.num_layers):
        for sfx in ("", "_reverse")[: net.arch.num_directions]:
            expected_names |= {f"{p}_l{k}{sfx}" for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
            expected_names |= {f"weight_hr_l{k}{sfx}"} if net.arch.proj_size else set()
    assert set(g.parameters) == expected_names

    errors, worst, nonzero, total = [], 0.0, 0, 0
    for where, array, grad, indices in checks:
        for i in indices:
            fd, an = central_difference(L, array, i), float(grad[i])
            total += 1
            nonzero += abs(an) > 1e-6
            if abs(an - fd) > FD_RTOL * max(abs(an), abs(fd)) + FD_ATOL:
                errors.append(f"{where}{list(i)}: backward {an:.10g}, finite difference {fd:.10g}")
            if abs(fd) > 1e-6:
                worst = max(worst, abs(an - fd) / abs(fd))
    fail_with(f"{c.name} (finite differences, worst relative error {worst:.2g})", errors)
    assert nonzero >= 0.7 * total, f"{c.name}: only {nonzero} of {total} checked gradients are non-zero"


@pytest.mark.parametrize(
    "c", [c for c in FD_CASES if c.model.get("num_layers", 1) == 1], ids=lambda c: c.name
)
def test_jacobian_norm_matches_finite_differences(c: FDCase) -> None:
    """One layer, one direction: ∂s_{T-1}/∂s_t is ∂(h_n, c_n)/∂(h0, c0) of the same net rerun on
    x[:, t+1:] from the state s_t, by central differences; its spectral norm is jacobian_norm."""
    from rnnscope.engine import forward
    from rnnscope.engine.backward import backward

    net, x, h0, c0, targets = fd_setup(c)
    r = forward(net, x, h0, c0)
    norms = backward(net, r, x, h0, c0, c.loss, targets).jacobian_norm[0][0]
    tr = r.trace[0][0]
    lstm = net.arch.cell == "lstm"
    P = net.arch.output_size
    np.testing.assert_allclose(norms[:, -1], 1.0, rtol=0, atol=1e-15)
    for t in range(c.steps - 1):
        s_t = np.concatenate([tr.h[t], tr.c[t]], axis=1) if lstm else tr.h[t].copy()  # (B, S)
        rest = x[:, t + 1 :]

        def final(s: np.ndarray, rest: np.ndarray = rest) -> np.ndarray:
            rr = forward(net, rest, s[None, :, :P], s[None, :, P:] if lstm else None)
            return np.concatenate([rr.h_n[0], rr.c_n[0]], axis=1) if lstm else rr.h_n[0]

        S = s_t.shape[1]
        J = np.empty((c.batch, S, S))
        for j in range(S):  # rows are independent: perturb component j of every row at once
            up, down = s_t.copy(), s_t.copy()
            up[:, j] += EPS
            down[:, j] -= EPS
            J[:, :, j] = (final(up) - final(down)) / (2 * EPS)
        fd = np.linalg.norm(J, ord=2, axis=(1, 2))
        np.testing.assert_allclose(norms[:, t], fd, rtol=FD_RTOL, atol=FD_ATOL, err_msg=f"{c.name} t={t}")


# ---------------------------------------------------------------------------------------------
# the picture the feature exists for (REFERENCE.md §5): vanishing and exploding


def gain_rnn_request(gain: float, steps: int, input_scale: float, hidden: int = 6) -> dict[str, Any]:
    """A tanh RNN with W_hh = gain · Q (Q orthogonal), zero biases, in the pytorch format."""
    rng = np.random.default_rng(42)
    Q, _ = np.linalg.qr(rng.standard_normal((hidden, hidden)))
    sd = {
        "weight_ih_l0": rng.uniform(-0.5, 0.5, (hidden, 2)).tolist(),
        "weight_hh_l0": (gain * Q).tolist(),
        "bias_ih_l0": [0.0] * hidden,
        "bias_hh_l0": [0.0] * hidden,
    }
    return {
        "model": {"cell": "rnn", "nonlinearity": "tanh"},
        "weights": {"format": "pytorch", "state_dict": sd},
        "inputs": (input_scale * rng.standard_normal((2, steps, 2))).tolist(),
        "options": {"gradients": True, "trace": False},
    }


@pytest.mark.parametrize("gain", [0.5, 0.8, 1.5])
def test_jacobian_norm_small_signal_is_gain_power(client: Any, gain: float) -> None:
    """Tiny inputs keep tanh linear (1 - h² = 1 - O(1e-10)): ∂h_{T-1}/∂h_t = (gain Q)^(T-1-t), whose
    spectral norm is gain^(T-1-t) exactly: falls toward the start for gain < 1, grows for gain > 1."""
    T = 20
    norms = np.asarray(
        post(client, gain_rnn_request(gain, T, 1e-9))["gradients"]["jacobian_norm"][0]["forward"]
    )
    want = gain ** np.arange(T - 1, -1, -1.0)
    np.testing.assert_allclose(norms, np.broadcast_to(want, norms.shape), rtol=1e-8)
    if gain < 1:
        assert np.all(np.diff(norms, axis=1) > 0) and norms[:, 0].max() < 0.02, norms  # vanishing
    else:
        assert np.all(np.diff(norms, axis=1) < 0) and norms[:, 0].min() > 1e3, norms  # exploding


def test_jacobian_norm_vanishes_for_tanh_with_small_gain(client: Any) -> None:
    """Ordinary inputs: diag(1 - h²) ≤ 1 only shrinks, so each step back at most halves the norm
    (gain 0.5), and 29 steps back the state reaches the end with strength < 0.5²⁹ ≈ 2e-9."""
    T = 30
    g = post(client, gain_rnn_request(0.5, T, 1.0))["gradients"]
    norms = np.asarray(g["jacobian_norm"][0]["forward"])
    np.testing.assert_allclose(norms[:, -1], 1.0, rtol=0, atol=1e-15)
    assert np.all(norms[:, :-1] <= 0.5 * norms[:, 1:] * (1 + 1e-12)), norms
    assert norms[:, 0].max() < 0.5 ** (T - 1) * (1 + 1e-12), norms[:, 0]
    assert norms[:, 0].min() > 0  # small, not underflowed or broken


# ---------------------------------------------------------------------------------------------
# the mse loss's targets: 422 at options.gradients.targets


def targets_body(targets: Any, readout: bool = False) -> dict[str, Any]:
    """gru (B=2, T=6, D·P=4) or gru_2layer_bidir_softmax (B=2, T=5, O=3) with the given targets."""
    body = copy.deepcopy(CASES["gru_2layer_bidir_softmax" if readout else "gru"]["request"])
    body["options"]["gradients"] = {"loss": "mse"} if targets is None else {"loss": "mse", "targets": targets}
    return body


TARGETS_ERRORS = [
    ("missing", targets_body(None)),
    ("null", {**targets_body(None), "options": {"gradients": {"loss": "mse", "targets": None}}}),
    ("width", targets_body(np.zeros((2, 6, 5)).tolist())),
    ("steps", targets_body(np.zeros((2, 5, 4)).tolist())),
    ("batch", targets_body(np.zeros((1, 6, 4)).tolist())),
    ("rank", targets_body(np.zeros((2, 6, 4, 1)).tolist())),
    ("readout_width_not_DP", targets_body(np.zeros((2, 5, 6)).tolist(), readout=True)),
]


@pytest.mark.parametrize(("label", "body"), [pytest.param(*e, id=e[0]) for e in TARGETS_ERRORS])
def test_mse_targets_errors(client: Any, label: str, body: dict[str, Any]) -> None:
    r = client.post("/api/v1/forward", json=body)
    assert r.status_code == 422, f"{label}: {r.status_code} {r.text[:300]}"
    detail = r.json()["detail"]
    assert [d["loc"] for d in detail] == [TARGETS_LOC], f"{label}: {detail}"
    assert detail[0]["msg"], detail


def test_mse_targets_of_the_right_shape(client: Any) -> None:
    """The readout's width O is right for a net with a readout (the golden case itself)."""
    case = CASES["gru_2layer_bidir_softmax"]
    assert np.shape(case["request"]["options"]["gradients"]["targets"]) == (2, 5, 3)
    assert post(client, case["request"])["gradients"]["loss"] == pytest.approx(
        case["expected"]["loss"], rel=1e-12
    )
