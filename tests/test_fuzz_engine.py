"""Property tests of the NumPy engine (issue 6, fuzzing): random cells, sizes, layers, directions,
batch, steps, dtypes and input magnitudes, checked against what docs/API.md promises.

Each property is bounded (``EXAMPLES`` cases, no deadline) so the file runs in a few seconds;
``scripts/fuzz.py`` runs the same properties with many more examples. pytest turns every warning
into an error, so a RuntimeWarning (overflow, invalid value) anywhere in the engine fails a case.

What is checked, for every drawn network and input:
- the documented shapes of output (B, T, D·P), h_n (L·D, B, P), c_n (L·D, B, H), y (B, T, O) and of
  every trace field of ``DirectionTrace.arrays()``;
- finite everything for finite inputs, including inputs of magnitude 1e30 (saturation), and no
  "non-finite" sentence in ``warnings``;
- the trace's definitions: input_term = W_ih x + b_ih, recurrent_term = W_hh h_{t-1} + b_hh (reset-
  before GRU n: W_hn (r ⊙ h_{t-1}) + b_hn), pre_activation = input_term + recurrent_term (reset-after
  GRU n: input_term + r ⊙ recurrent_term; elsewhere that very float sum), gates = activation(pre_activation) (rnn: gates == h), the
  LSTM/GRU state updates, h_n/c_n = the last step of each direction, output = the top layer's h,
  bidirectional h_n[-1] == output[:, 0, P:], y = readout(output);
- agreement with the PyTorch/Keras reference of tests/fixtures/forward_golden.json when the batch rows
  are permuted, repeated, run one at a time, or the sequence cut short;
- backward: finite gradients of the documented shapes and names, loss = Σ prediction, the Jacobian
  norm ending at 1, and dL/dx against a central difference.
"""

from __future__ import annotations

import collections
import json
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from rnnscope.engine import forward
from rnnscope.engine.backward import backward
from rnnscope.formats import read_network
from rnnscope.inputs import read_inputs, read_state

# cases per property; scripts/fuzz.py sets RNNSCOPE_FUZZ_EXAMPLES for its longer run
EXAMPLES = int(os.environ.get("RNNSCOPE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CASES_RUN: collections.Counter[str] = collections.Counter()  # read by scripts/fuzz.py

GOLDEN = json.loads((Path(__file__).parent / "fixtures" / "forward_golden.json").read_text())
GOLDEN_CASES = {c["name"]: c for c in GOLDEN["cases"]}
GATE_NAMES = {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
TRACE_FIELDS = ("input_term", "recurrent_term", "pre_activation", "gates")
PT_SUFFIX = ("", "_reverse")


# ---------------------------------------------------------------------------------------------
# strategies


@st.composite
def models(draw: st.DrawFn) -> dict[str, Any]:
    """A /forward ``model`` object: every cell variant, 1-3 layers, either direction, a readout or none."""
    cell = draw(st.sampled_from(["rnn", "lstm", "gru"]))
    hidden = draw(st.integers(1, 6))
    model: dict[str, Any] = {
        "cell": cell,
        "input_size": draw(st.integers(1, 5)),
        "hidden_size": hidden,
        "num_layers": draw(st.integers(1, 3)),
        "bidirectional": draw(st.booleans()),
    }
    if cell == "rnn":
        model["nonlinearity"] = draw(st.sampled_from(["tanh", "relu"]))
    else:
        model["gate_activation"] = draw(st.sampled_from(["sigmoid", "hard_sigmoid", "hard_sigmoid_keras2"]))
    if cell == "gru":
        model["gru_reset_after"] = draw(st.booleans())
    if cell == "lstm" and hidden > 1 and draw(st.booleans()):
        model["proj_size"] = draw(st.integers(1, hidden - 1))  # PyTorch: 0 < proj_size < hidden_size
    if draw(st.booleans()):
        model["readout"] = {
            "size": draw(st.integers(1, 3)),
            "activation": draw(st.sampled_from(["identity", "softmax", "sigmoid", "tanh"])),
        }
    return model


def saturating(model: dict[str, Any]) -> bool:
    """Every unit of the network is bounded (no relu), so inputs of any finite size stay finite."""
    return model.get("nonlinearity", "tanh") != "relu"


@st.composite
def problems(draw: st.DrawFn, max_batch: int = 4, max_steps: int = 8) -> dict[str, Any]:
    """A model, its random weights' seed, a dtype and inputs x: (B, T, I) of some magnitude."""
    model = draw(models())
    dtype = np.dtype(draw(st.sampled_from(["float64", "float32"])))
    # 1e30 saturates every tanh and sigmoid; a relu net grows with its input, so it gets at most 1e6
    scales = [1e-3, 1.0, 10.0, 1e3, 1e30] if saturating(model) else [1e-3, 1.0, 10.0, 1e6]
    scale = draw(st.sampled_from(scales))
    shape = (draw(st.integers(1, max_batch)), draw(st.integers(1, max_steps)), model["input_size"])
    width = 32 if dtype == np.float32 else 64
    scale = float(dtype.type(scale))  # exactly representable in the dtype
    elements = st.floats(-scale, scale, allow_nan=False, allow_infinity=False, width=width)
    extremes = st.sampled_from([0.0, scale, -scale])
    x = draw(hnp.arrays(dtype, shape, elements=elements | extremes))
    return {"model": model, "seed": draw(st.integers(0, 2**32 - 1)), "dtype": dtype, "x": x, "scale": scale}


def build(problem: dict[str, Any]) -> Any:
    model = problem["model"]
    net = read_network(model, set(model), {"format": "random", "seed": problem["seed"]})
    return net.astype(problem["dtype"])


def run(net: Any, x: np.ndarray, h0: Any = None, c0: Any = None) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # also outside pytest (scripts/fuzz.py)
        return forward(net, x, h0, c0)


# ---------------------------------------------------------------------------------------------
# reference math, in float64 from the stored numbers


def sigmoid(a: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # exp(1e30) = inf, 1/(1+inf) = 0: the right limit
        return 1.0 / (1.0 + np.exp(-a))


GATE_FN = {
    "sigmoid": sigmoid,
    "hard_sigmoid": lambda a: np.clip(a / 6.0 + 0.5, 0.0, 1.0),
    "hard_sigmoid_keras2": lambda a: np.clip(0.2 * a + 0.5, 0.0, 1.0),
}
READOUT_FN = {
    "identity": lambda a: a,
    "sigmoid": sigmoid,
    "tanh": np.tanh,
    "softmax": lambda a: (
        np.exp(a - a.max(-1, keepdims=True)) / np.exp(a - a.max(-1, keepdims=True)).sum(-1, keepdims=True)
    ),
}


def assert_close(got: Any, want: Any, magnitude: Any, dtype: np.dtype, what: str, ulps: float = 64) -> None:
    """|got - want| <= ulps · eps · (magnitude + 1), elementwise: rounding of sums of terms of that size."""
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    assert got.shape == want.shape, f"{what}: shape {got.shape}, expected {want.shape}"
    bound = ulps * np.finfo(dtype).eps * (np.asarray(magnitude, np.float64) + 1.0)
    err = np.abs(got - want)
    bad = ~(err <= bound)
    if bad.any():
        i = tuple(int(k) for k in np.argwhere(bad)[0])
        raise AssertionError(
            f"{what}: {got[i]!r} != {want[i]!r} at {list(i)} (bound {np.broadcast_to(bound, got.shape)[i]:.3g})"
        )


def previous(seq: np.ndarray, first: np.ndarray, reverse: bool) -> np.ndarray:
    """The state before each step, time-major: seq (T, B, n), first (B, n)."""
    if reverse:
        return np.concatenate([seq[1:], first[None]], axis=0)
    return np.concatenate([first[None], seq[:-1]], axis=0)


def check_direction(
    arch: Any, p: Any, tr: Any, x: np.ndarray, h0: np.ndarray, c0: Any, reverse: bool, dtype: np.dtype
) -> None:
    """Every definition of docs/API.md's trace for one layer and direction.  x: (T, B, n) time-major."""
    H, P = arch.hidden_size, arch.output_size
    W_ih, W_hh, b_ih, b_hh = (np.asarray(a, np.float64) for a in (p.W_ih, p.W_hh, p.b_ih, p.b_hh))
    x = np.asarray(x, np.float64)
    it, rt, pre, g = (np.asarray(getattr(tr, f), np.float64) for f in TRACE_FIELDS)
    h = np.asarray(tr.h, np.float64)
    h_prev = previous(h, np.asarray(h0, np.float64), reverse)
    # input_term = W_ih x_t + b_ih
    assert_close(it, x @ W_ih.T + b_ih, np.abs(x) @ np.abs(W_ih.T) + np.abs(b_ih), dtype, "input_term")
    # recurrent_term = W_hh h_{t-1} + b_hh; the reset-before GRU's n block: W_hn (r ⊙ h_{t-1}) + b_hn
    rec_in = np.repeat(h_prev[:, :, None, :], len(arch.gates), axis=2)  # (T, B, G, P)
    if arch.cell == "gru" and not arch.gru_reset_after:
        rec_in[:, :, 2, :] = g[:, :, :H] * h_prev
    W = W_hh.reshape(len(arch.gates), H, P)
    want_rt = np.einsum("tbgp,ghp->tbgh", rec_in, W).reshape(rt.shape) + b_hh
    mag_rt = np.einsum("tbgp,ghp->tbgh", np.abs(rec_in), np.abs(W)).reshape(rt.shape) + np.abs(b_hh)
    assert_close(rt, want_rt, mag_rt, dtype, "recurrent_term")
    # pre_activation = input_term + recurrent_term (reset-after GRU n: input_term + r ⊙ recurrent_term)
    want_pre = it + rt
    if arch.cell == "gru" and arch.gru_reset_after:
        want_pre[:, :, 2 * H :] = it[:, :, 2 * H :] + g[:, :, :H] * rt[:, :, 2 * H :]
    assert_close(pre, want_pre, np.abs(it) + np.abs(rt), dtype, "pre_activation")
    # ... and, where it is that sum, the very sum in the trace's dtype (PyTorch's order), which the
    # binary encoding sends as "input_term + recurrent_term" for the readers to add
    summed = slice(0, 2 * H) if arch.cell == "gru" and arch.gru_reset_after else slice(None)
    x_rec = tr.input_term[..., summed] + tr.recurrent_term[..., summed]
    assert np.array_equal(tr.pre_activation[..., summed], x_rec), (
        "pre_activation != input_term + recurrent_term"
    )
    # gates = activation(pre_activation)
    if arch.cell == "rnn":
        assert tr.gates is tr.h or np.array_equal(tr.gates, tr.h), "rnn: gates['h'] must be h"
        want_g = np.tanh(pre) if arch.nonlinearity == "tanh" else np.maximum(pre, 0.0)
        assert_close(g, want_g, np.abs(want_g), dtype, "gates (rnn h)")
        return
    want_g = GATE_FN[arch.gate_activation](pre)
    tanh_block = slice(2 * H, 3 * H)  # lstm g, gru n
    want_g[:, :, tanh_block] = np.tanh(pre[:, :, tanh_block])
    assert_close(g, want_g, 1.0, dtype, "gates")
    if arch.cell == "lstm":
        c = np.asarray(tr.c, np.float64)
        c_prev = previous(c, np.asarray(c0, np.float64), reverse)
        i, f, gg, o = (g[:, :, k * H : (k + 1) * H] for k in range(4))
        assert_close(c, f * c_prev + i * gg, np.abs(f * c_prev) + np.abs(i * gg), dtype, "c = f c' + i g")
        m = o * np.tanh(c)
        if p.W_hr is None:
            assert_close(h, m, 1.0, dtype, "h = o tanh(c)")
        else:
            W_hr = np.asarray(p.W_hr, np.float64)
            assert_close(h, m @ W_hr.T, np.abs(m) @ np.abs(W_hr.T), dtype, "h = W_hr (o tanh(c))")
    else:
        z, n = g[:, :, H : 2 * H], g[:, :, 2 * H :]
        assert_close(h, (1.0 - z) * n + z * h_prev, 2.0 + np.abs(h_prev), dtype, "h = (1-z) n + z h'")


def check_forward(net: Any, x: np.ndarray, r: Any, h0: Any = None, c0: Any = None) -> None:
    """Shapes, finiteness and every invariant of one forward result."""
    arch = net.arch
    B, T, _ = x.shape
    L, D, H, P, O = (
        arch.num_layers,
        arch.num_directions,
        arch.hidden_size,
        arch.output_size,
        arch.readout_size,
    )
    dtype = x.dtype
    assert r.output.shape == (B, T, D * P)
    assert r.h_n.shape == (L * D, B, P)
    if arch.cell == "lstm":
        assert r.c_n is not None and r.c_n.shape == (L * D, B, H)
    else:
        assert r.c_n is None
    if O:
        assert r.y is not None and r.y.shape == (B, T, O)
    else:
        assert r.y is None
    for name in ("output", "h_n", "c_n", "y"):
        a = getattr(r, name)
        assert a is None or a.dtype == dtype, f"{name} is {a.dtype}, computed in {dtype}"
    assert len(r.trace) == L and all(len(layer) == D for layer in r.trace)
    h0 = np.zeros((L * D, B, P), dtype) if h0 is None else h0
    c0 = np.zeros((L * D, B, H), dtype) if c0 is None and arch.cell == "lstm" else c0
    layer_in = x.transpose(1, 0, 2)
    for k, layer in enumerate(r.trace):
        for d, tr in enumerate(layer):
            arrays = tr.arrays()
            want_keys = {*TRACE_FIELDS, "h"} | ({"c"} if arch.cell == "lstm" else set())
            assert set(arrays) == want_keys, sorted(arrays)
            for f in TRACE_FIELDS:
                assert tuple(arrays[f]) == GATE_NAMES[arch.cell], (f, tuple(arrays[f]))
                for gate, a in arrays[f].items():
                    assert a.shape == (B, T, H), (k, d, f, gate, a.shape)
                    assert np.isfinite(a).all(), f"layer {k} dir {d} {f}[{gate}] not finite"
            assert arrays["h"].shape == (B, T, P)
            assert np.isfinite(arrays["h"]).all()
            if arch.cell == "lstm":
                assert arrays["c"].shape == (B, T, H)
                assert np.isfinite(arrays["c"]).all()
            s = k * D + d
            last = 0 if d == 1 else T - 1
            assert np.array_equal(r.h_n[s], tr.h[last]), f"h_n[{s}] is not layer {k} dir {d}'s last h"
            if arch.cell == "lstm":
                assert np.array_equal(r.c_n[s], tr.c[last]), f"c_n[{s}] is not layer {k} dir {d}'s last c"
            check_direction(
                arch, net.layers[k][d], tr, layer_in, h0[s], None if c0 is None else c0[s], d == 1, dtype
            )
        layer_in = np.concatenate([tr.h for tr in layer], axis=2)
    top = r.trace[-1]
    for d, tr in enumerate(top):
        assert np.array_equal(r.output[:, :, d * P : (d + 1) * P], tr.h.transpose(1, 0, 2)), "output != top h"
    if D == 2:  # docs: the backward direction's final state is its state at t = 0
        assert np.array_equal(r.h_n[-1], r.output[:, 0, P:])
        assert np.array_equal(r.h_n[-2], r.output[:, -1, :P])
    for name in ("output", "h_n", "c_n", "y"):
        a = getattr(r, name)
        assert a is None or np.isfinite(a).all(), f"{name} has non-finite values for finite inputs"
    if O:
        out = np.asarray(r.output, np.float64)
        W, b = np.asarray(net.readout.W, np.float64), np.asarray(net.readout.b, np.float64)
        z = out @ W.T + b
        want = READOUT_FN[arch.readout_activation](z)
        mag = np.abs(out) @ np.abs(W.T) + np.abs(b) + (0 if arch.readout_activation == "identity" else 1.0)
        assert_close(r.y, want, mag, dtype, f"y ({arch.readout_activation})")
    assert not any("non-finite" in w for w in r.warnings), r.warnings


# ---------------------------------------------------------------------------------------------
# the properties


@FUZZ
@given(problems())
def test_forward_shapes_invariants_and_finiteness(problem: dict[str, Any]) -> None:
    CASES_RUN["engine forward invariants"] += 1
    net = build(problem)
    r = run(net, problem["x"])
    check_forward(net, problem["x"], r)


@FUZZ
@given(problems(), st.data())
def test_forward_from_random_initial_state(problem: dict[str, Any], data: st.DataObject) -> None:
    """The same invariants from a non-zero h0/c0 (of any magnitude the state can have: |h| <= 1)."""
    CASES_RUN["engine forward from h0, c0"] += 1
    net = build(problem)
    arch, x = net.arch, problem["x"]
    B = x.shape[0]
    n = arch.num_layers * arch.num_directions
    bound = 1.0 if saturating(problem["model"]) else 100.0
    state = st.floats(-bound, bound, width=32 if x.dtype == np.float32 else 64)
    h0 = data.draw(hnp.arrays(x.dtype, (n, B, arch.output_size), elements=state), label="h0")
    c0 = None
    if arch.cell == "lstm":
        c0 = data.draw(
            hnp.arrays(x.dtype, (n, B, arch.hidden_size), elements=st.floats(-50, 50, width=32)), label="c0"
        )
    r = run(net, x, h0, c0)
    check_forward(net, x, r, h0, c0)


@FUZZ
@given(problems(max_batch=5))
def test_batch_rows_are_independent(problem: dict[str, Any]) -> None:
    """Running each batch row alone gives that row of the batched run (BLAS may round differently:
    a few ulps, amplified by at most the few steps and layers)."""
    CASES_RUN["engine batch rows independent"] += 1
    net = build(problem)
    x = problem["x"]
    r = run(net, x)
    tol = 1e-9 if x.dtype == np.float64 else 2e-3
    for b in range(x.shape[0]):
        one = run(net, x[b : b + 1])
        for name in ("output", "h_n", "c_n", "y"):
            a, want = getattr(one, name), getattr(r, name)
            if a is None:
                continue
            want = want[b : b + 1] if name in ("output", "y") else want[:, b : b + 1]
            scale = max(1.0, float(np.abs(want).max()))
            np.testing.assert_allclose(a, want, rtol=tol, atol=tol * scale, err_msg=f"{name} row {b}")


def golden_setup(case: dict[str, Any]) -> tuple[Any, np.ndarray, Any, Any]:
    req = case["request"]
    model = req["model"]
    net = read_network(model, set(model), req["weights"])
    x = read_inputs(req["inputs"], model.get("input_size")).x
    B = x.shape[0]
    state = req.get("initial_state") or {}
    h0 = read_state(state.get("h"), "h", net.arch, B, net.arch.output_size)
    c0 = read_state(state.get("c"), "c", net.arch, B, net.arch.hidden_size)
    dtype = np.dtype(case["dtype"])
    cast = lambda a: None if a is None else a.astype(dtype)  # noqa: E731
    return net.astype(dtype), x.astype(dtype), cast(h0), cast(c0)


@st.composite
def golden_selections(draw: st.DrawFn) -> tuple[str, list[int], int]:
    """A fixture case, a list of its batch rows (permuted, repeated, or a single one) and a number of steps."""
    name = draw(st.sampled_from(sorted(GOLDEN_CASES)))
    case = GOLDEN_CASES[name]
    B, T = np.shape(case["expected"]["output"])[:2]
    rows = draw(st.lists(st.integers(0, B - 1), min_size=1, max_size=2 * B))
    bidirectional = case["request"]["model"].get("bidirectional")
    steps = T if bidirectional else draw(st.integers(1, T))  # a prefix of a causal net is its own run
    return name, rows, steps


@FUZZ
@given(golden_selections())
def test_golden_reference_survives_batch_reordering_and_prefixes(
    selection: tuple[str, list[int], int],
) -> None:
    """The fixture's PyTorch/Keras values, row by row, whatever batch the rows arrive in, and for a
    unidirectional net, for any prefix of the sequence."""
    CASES_RUN["engine golden rows/prefixes"] += 1
    name, rows, steps = selection
    case = GOLDEN_CASES[name]
    net, x, h0, c0 = golden_setup(case)
    idx = np.asarray(rows)
    sub = lambda a: None if a is None else np.ascontiguousarray(a[:, idx])  # noqa: E731
    xs = np.ascontiguousarray(x[idx, :steps])
    r = run(net, xs, sub(h0), sub(c0))
    check_forward(net, xs, r, sub(h0), sub(c0))
    tol = GOLDEN["tolerances"][case["dtype"]]
    want = case["expected"]
    np.testing.assert_allclose(
        r.output, np.asarray(want["output"])[idx, :steps], **tol, err_msg=f"{name} output"
    )
    if "y" in want:
        np.testing.assert_allclose(r.y, np.asarray(want["y"])[idx, :steps], **tol, err_msg=f"{name} y")
    if steps == np.shape(want["output"])[1]:  # the final states only for the whole sequence
        np.testing.assert_allclose(r.h_n, np.asarray(want["h_n"])[:, idx], **tol, err_msg=f"{name} h_n")
        if "c_n" in want:
            np.testing.assert_allclose(r.c_n, np.asarray(want["c_n"])[:, idx], **tol, err_msg=f"{name} c_n")
    for k, layer in enumerate(want.get("trace", [])):
        for d, (direction, fields) in enumerate(layer.items()):
            got = r.trace[k][d].arrays()
            assert direction == ("forward", "backward")[d]
            for f, value in fields.items():
                wanted = value if isinstance(value, dict) else {"": value}
                for gate, arr in wanted.items():
                    g = got[f][gate] if gate else got[f]
                    np.testing.assert_allclose(
                        g,
                        np.asarray(arr)[idx, :steps],
                        **tol,
                        err_msg=f"{name} trace[{k}].{direction}.{f}.{gate}",
                    )


def pytorch_names(arch: Any) -> dict[str, tuple[int, ...]]:
    G, H, P = len(arch.gates), arch.hidden_size, arch.output_size
    names: dict[str, tuple[int, ...]] = {}
    for k in range(arch.num_layers):
        for s in PT_SUFFIX[: arch.num_directions]:
            names[f"weight_ih_l{k}{s}"] = (G * H, arch.layer_input_size(k))
            names[f"weight_hh_l{k}{s}"] = (G * H, P)
            names[f"bias_ih_l{k}{s}"] = (G * H,)
            names[f"bias_hh_l{k}{s}"] = (G * H,)
            if arch.proj_size:
                names[f"weight_hr_l{k}{s}"] = (P, H)
    if arch.readout_size:
        names["readout.weight"] = (arch.readout_size, arch.num_directions * P)
        names["readout.bias"] = (arch.readout_size,)
    return names


@FUZZ
@given(problems(max_batch=3, max_steps=6))
def test_backward_gradients_are_finite_with_documented_shapes(problem: dict[str, Any]) -> None:
    CASES_RUN["engine backward shapes"] += 1
    net = build(problem)
    arch, x = net.arch, problem["x"]
    B, T, I = x.shape
    L, D, H, P = arch.num_layers, arch.num_directions, arch.hidden_size, arch.output_size
    r = run(net, x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = backward(net, r, x, None, None, "sum")
    pred = r.y if r.y is not None else r.output
    np.testing.assert_allclose(
        g.loss,
        float(np.asarray(pred, np.float64).sum()),
        rtol=1e-4 if x.dtype == np.float32 else 1e-12,
        atol=1e-3,
    )
    assert g.inputs.shape == (B, T, I)
    assert g.h0.shape == (L * D, B, P)
    if arch.cell == "lstm":
        assert g.c0 is not None and g.c0.shape == (L * D, B, H)
    else:
        assert g.c0 is None
    want = pytorch_names(arch)
    assert list(g.parameters) == list(want), f"{list(g.parameters)} != {list(want)}"
    for name, shape in want.items():
        assert g.parameters[name].shape == shape, (name, g.parameters[name].shape, shape)
    assert len(g.hidden) == L and all(len(layer) == D for layer in g.hidden)
    assert g.jacobian_norm is not None and len(g.jacobian_norm) == L
    for k in range(L):
        for d in range(D):
            assert g.hidden[k][d].shape == (B, T, P)
            jn = g.jacobian_norm[k][d]
            assert jn.shape == (B, T)
            last = jn[:, 0] if d == 1 else jn[:, -1]
            np.testing.assert_allclose(last, 1.0, rtol=1e-5, err_msg="jacobian_norm must end at 1")
    arrays = [
        g.inputs,
        g.h0,
        g.c0,
        *g.parameters.values(),
        *(a for layer in g.hidden for a in layer),
        *(a for layer in g.jacobian_norm for a in layer),
    ]
    for a in arrays:
        assert a is None or np.isfinite(a).all(), "a gradient is not finite for finite inputs"


def smooth(model: dict[str, Any]) -> bool:
    return (
        model.get("nonlinearity", "tanh") == "tanh" and model.get("gate_activation", "sigmoid") == "sigmoid"
    )


@FUZZ
@given(problems(max_batch=2, max_steps=5), st.data())
def test_backward_input_gradient_matches_central_difference(
    problem: dict[str, Any], data: st.DataObject
) -> None:
    """dL/dx at one drawn element against (L(x + e) - L(x - e)) / 2e, for smooth nets in float64."""
    CASES_RUN["engine backward vs finite difference"] += 1
    model = dict(problem["model"])
    model["nonlinearity" if model["cell"] == "rnn" else "gate_activation"] = (
        "tanh" if model["cell"] == "rnn" else "sigmoid"
    )
    assert smooth(model)
    x = problem["x"].astype(np.float64)
    x = np.clip(x, -3.0, 3.0)  # away from saturation, where a difference quotient says nothing
    net = read_network(model, set(model), {"format": "random", "seed": problem["seed"]}).astype(np.float64)
    r = run(net, x)
    g = backward(net, r, x, None, None, "sum")
    B, T, I = x.shape
    idx = (
        data.draw(st.integers(0, B - 1)),
        data.draw(st.integers(0, T - 1)),
        data.draw(st.integers(0, I - 1)),
    )

    def loss(xx: np.ndarray) -> float:
        rr = run(net, xx)
        return float((rr.y if rr.y is not None else rr.output).sum())

    e = 1e-6
    xp, xm = x.copy(), x.copy()
    xp[idx] += e
    xm[idx] -= e
    fd = (loss(xp) - loss(xm)) / (2 * e)
    np.testing.assert_allclose(g.inputs[idx], fd, rtol=1e-5, atol=1e-6, err_msg=f"dL/dx{list(idx)}")


# ---------------------------------------------------------------------------------------------
# model v2 (issue 9): per-layer layers, directions, merge modes, activations, lengths, embedding, head

V2_ACTS = ["tanh", "sigmoid", "softsign", "softplus", "elu", "selu", {"name": "scaled_tanh", "alpha": 1.2, "beta": 0.8},
           {"name": "affine", "alpha": 0.7, "beta": 0.1}, "linear"]  # fmt: skip


@st.composite
def v2_models(draw: st.DrawFn, smooth_only: bool = False, max_layers: int = 3) -> dict[str, Any]:
    """A model v2 ``model``: 1-3 layers of any cell, direction, merge mode, activations (smooth ones
    when asked), peepholes, a head of 0-2 layers on every step or the final state."""
    acts = (
        V2_ACTS if smooth_only else [*V2_ACTS, "relu", "hard_sigmoid", {"name": "leaky_relu", "alpha": 0.2}]
    )
    layers = []
    for _ in range(draw(st.integers(1, max_layers))):
        cell = draw(st.sampled_from(["rnn", "lstm", "gru"]))
        layer: dict[str, Any] = {
            "cell": cell,
            "hidden_size": draw(st.integers(1, 4)),
            "direction": draw(st.sampled_from(["forward", "reverse", "bidirectional"])),
            "merge_mode": draw(st.sampled_from(["concat", "sum", "mul", "ave"])),
            "activations": {
                "gate": draw(
                    st.sampled_from(["sigmoid", "hard_sigmoid"] if not smooth_only else ["sigmoid"])
                ),
                "cell": draw(st.sampled_from(acts)),
            },
        }
        if cell == "lstm":
            layer["activations"]["output"] = draw(st.sampled_from(acts))
            layer["peepholes"] = draw(st.booleans())
        if cell == "gru":
            layer["gru_reset_after"] = draw(st.booleans())
        if not smooth_only and draw(st.booleans()):
            layer["clip"] = draw(st.sampled_from([0.5, 2.0]))
        layers.append(layer)
    model: dict[str, Any] = {
        "cell": layers[0]["cell"],
        "input_size": draw(st.integers(1, 4)),
        "layers": layers,
    }
    head = [{"size": draw(st.integers(1, 3)), "activation": draw(st.sampled_from(["identity", "tanh", "softmax", "elu"]))}
            for _ in range(draw(st.integers(0, 2)))]  # fmt: skip
    if head:
        model["head"] = head
    if draw(st.booleans()):
        model["head_on"] = "final"
    return model


@st.composite
def v2_problems(draw: st.DrawFn, smooth_only: bool = False) -> dict[str, Any]:
    model = draw(v2_models(smooth_only))
    B, T = draw(st.integers(1, 3)), draw(st.integers(1, 6))
    x = draw(hnp.arrays(np.float64, (B, T, model["input_size"]), elements=st.floats(-2, 2, width=64)))
    lengths = np.array([draw(st.integers(1, T)) for _ in range(B)]) if draw(st.booleans()) else None
    return {"model": model, "seed": draw(st.integers(0, 2**32 - 1)), "x": x, "lengths": lengths}


def v2_net(model: dict[str, Any], seed: int) -> Any:
    return read_network(model, set(model), {"format": "random", "seed": seed})


def prediction(r: Any) -> np.ndarray:
    if r.y_final is not None:
        return r.y_final
    return r.y if r.y is not None else r.output


@FUZZ
@given(v2_problems())
def test_v2_full_lengths_equal_no_lengths(problem: dict[str, Any]) -> None:
    """lengths == T for every row changes nothing: outputs, states, head and gradients."""
    CASES_RUN["v2 full lengths"] += 1
    net, x = v2_net(problem["model"], problem["seed"]), problem["x"]
    B, T, _ = x.shape
    full = np.full(B, T)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a, b = forward(net, x), forward(net, x, lengths=full)
        ga, gb = backward(net, a, x, None, None, "sum"), backward(net, b, x, None, None, "sum")
    np.testing.assert_array_equal(a.output, b.output)
    np.testing.assert_array_equal(prediction(a), prediction(b))
    assert set(ga.parameters) == set(gb.parameters)
    for name in ga.parameters:
        np.testing.assert_allclose(
            ga.parameters[name], gb.parameters[name], rtol=1e-12, atol=1e-13, err_msg=name
        )
    np.testing.assert_allclose(ga.inputs, gb.inputs, rtol=1e-12, atol=1e-13)


@FUZZ
@given(v2_problems())
def test_v2_a_row_with_lengths_equals_the_row_cut_short(problem: dict[str, Any]) -> None:
    """PyTorch's packed semantics: row b with length n gives, on its first n steps, what the row cut
    to n steps gives alone (the backward direction starting at n-1), zeros after, the same final
    state (so the same y_final) and the same Jacobian norms on its steps."""
    CASES_RUN["v2 lengths vs cut rows"] += 1
    model = problem["model"]
    net, x = v2_net(model, problem["seed"]), problem["x"]
    B, T, _ = x.shape
    lengths = problem["lengths"] if problem["lengths"] is not None else np.full(B, T)
    r = forward(net, x, lengths=lengths)
    jac = backward(net, r, x, None, None, "sum").jacobian_norm
    for b in range(B):
        n = int(lengths[b])
        alone = forward(net, x[b : b + 1, :n])
        np.testing.assert_allclose(r.output[b, :n], alone.output[0], rtol=1e-12, atol=1e-13)
        np.testing.assert_array_equal(r.output[b, n:], 0.0)
        if r.y_final is not None:
            np.testing.assert_allclose(r.y_final[b], alone.y_final[0], rtol=1e-12, atol=1e-13)
        # the steps past the length are the identity: the Jacobian norms of the valid steps agree
        jac_alone = backward(net, alone, x[b : b + 1, :n], None, None, "sum").jacobian_norm
        for k, layer in enumerate(jac):
            for d, norms in enumerate(layer):
                np.testing.assert_allclose(norms[b, :n], jac_alone[k][d][0], rtol=1e-9, atol=1e-12)


@FUZZ
@given(v2_problems())
def test_v2_reverse_layer_is_the_backward_half_of_a_bidirectional_one(problem: dict[str, Any]) -> None:
    """A reverse-only layer with parameters p gives what a bidirectional layer (q, p) gives as its
    backward half, step by step (both stored by time position)."""
    CASES_RUN["v2 reverse vs bidirectional"] += 1
    model = dict(problem["model"])
    layer = {**model["layers"][0], "direction": "bidirectional", "merge_mode": "concat"}
    bi_model = {**model, "layers": [layer], "head": None, "head_on": "every_step"}
    bi = v2_net(bi_model, problem["seed"])
    from rnnscope.engine import Network
    from rnnscope.formats.v2 import resolve_layers

    rev_model = {**bi_model, "layers": [{**layer, "direction": "reverse"}]}
    rev = Network(resolve_layers(rev_model, set(rev_model), []), ((bi.layers[0][1],),))
    x, lengths = problem["x"], problem["lengths"]
    a, b = forward(bi, x, lengths=lengths), forward(rev, x, lengths=lengths)
    P = bi.arch.layers[0].output_size
    np.testing.assert_array_equal(a.output[..., P:], b.output)
    np.testing.assert_array_equal(a.trace[0][1].h, b.trace[0][0].h)


@FUZZ
@given(v2_problems(), st.integers(2, 6))
def test_v2_embedding_is_a_lookup(problem: dict[str, Any], vocab: int) -> None:
    """ids through an embedding E give what the vectors E[ids] give to the same layers; dE sums dx."""
    CASES_RUN["v2 embedding lookup"] += 1
    model = problem["model"]
    x = problem["x"]
    B, T, I = x.shape
    rng = np.random.default_rng(problem["seed"])
    ids = rng.integers(0, vocab, (B, T))
    emb_model = {**model, "embedding": {"num_embeddings": vocab, "embedding_dim": I}}
    emb_net = v2_net(emb_model, problem["seed"])
    from dataclasses import replace

    plain = replace(emb_net, arch=replace(emb_net.arch, embedding=None), embedding=None)
    vectors = emb_net.embedding[ids]
    a, b = forward(emb_net, ids), forward(plain, vectors)
    np.testing.assert_array_equal(a.output, b.output)
    np.testing.assert_array_equal(a.embedding, vectors)
    ga, gb = backward(emb_net, a, ids, None, None, "sum"), backward(plain, b, vectors, None, None, "sum")
    want = np.zeros_like(emb_net.embedding)
    np.add.at(want, ids, gb.inputs)
    np.testing.assert_allclose(ga.parameters["embedding.weight"], want, rtol=1e-12, atol=1e-13)


@FUZZ
@given(v2_problems(smooth_only=True), st.data())
def test_v2_input_gradient_matches_central_difference(problem: dict[str, Any], data: st.DataObject) -> None:
    """dL/dx (L = Σ prediction: y, y_final or output) against a central difference, through smooth
    activations, peepholes, merge modes, lengths and the head."""
    CASES_RUN["v2 backward vs finite difference"] += 1
    net, x, lengths = v2_net(problem["model"], problem["seed"]), problem["x"], problem["lengths"]
    r = forward(net, x, lengths=lengths)
    g = backward(net, r, x, None, None, "sum")
    B, T, I = x.shape
    idx = (
        data.draw(st.integers(0, B - 1)),
        data.draw(st.integers(0, T - 1)),
        data.draw(st.integers(0, I - 1)),
    )

    def loss(xx: np.ndarray) -> float:
        return float(prediction(forward(net, xx, lengths=lengths)).sum())

    e = 1e-6
    xp, xm = x.copy(), x.copy()
    xp[idx] += e
    xm[idx] -= e
    fd = (loss(xp) - loss(xm)) / (2 * e)
    scale = 1 + float(np.abs(prediction(r)).max())
    np.testing.assert_allclose(g.inputs[idx], fd, rtol=1e-5, atol=1e-6 * scale, err_msg=f"dL/dx{list(idx)}")
