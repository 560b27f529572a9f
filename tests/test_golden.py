"""The app against golden forward passes made by PyTorch (and Keras): tests/fixtures/forward_golden.json.

The fixture is written by ``scripts/make_fixtures.py`` from ``torch.nn.RNN/LSTM/GRU`` modules with
random default-initialised weights (and real Keras layers for what PyTorch cannot run); nothing
here imports torch or keras. Every field of the response is compared: output, h_n, c_n, y and every
trace array of every layer, direction and gate, at rtol 1e-12 / atol 1e-14 (float64) or 1e-5
(float32), the tolerances of REFERENCE.md §4.
"""

from __future__ import annotations

import base64
import copy
from typing import Any

import numpy as np
import pytest

from tests.golden import compare, fail_with, load_golden, post

GOLDEN, CASES = load_golden("forward_golden.json")
TORCH_CASES = [n for n, c in CASES.items() if c["source"] == "torch"]
KERAS_ONLY_CASES = [n for n, c in CASES.items() if c["source"] == "keras"]
GATES = {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
TRACE_FIELDS = ("input_term", "recurrent_term", "pre_activation", "gates")
LAYOUTS = ("keras", "tf1", "canonical", "book")
ALT_WEIGHTS = [
    pytest.param(name, layout, id=f"{name}-{layout}")
    for name, c in CASES.items()
    for layout in LAYOUTS
    if f"{layout}_weights" in c
]


def tolerance(case: dict[str, Any]) -> dict[str, float]:
    return GOLDEN["tolerances"][case["dtype"]]


# ---------------------------------------------------------------------------------------------
# comparison of a whole response (tests/golden.py: one field, and the failure listing them all)


def compare_response(
    resp: dict[str, Any], case: dict[str, Any], fields: tuple[str, ...] | None = None
) -> list[str]:
    """Every expected top-level array and, if the case has one, the trace (restricted to ``fields``)."""
    errors: list[str] = []
    want = case["expected"]
    tol = tolerance(case)
    model = case["request"]["model"]
    for key in ("output", "h_n", "c_n", "y"):
        if key in want:
            compare(resp.get(key), want[key], key, errors, tol)
        elif resp.get(key) is not None:
            errors.append(f"{key}: expected absent or null for this model, got a value")
    if "trace" in want:
        errors += compare_trace(resp.get("trace"), want["trace"], model["cell"], tol, fields)
    return errors


def compare_trace(
    got: Any, want: list[dict[str, Any]], cell: str, tol: dict[str, float], fields: tuple[str, ...] | None
) -> list[str]:
    errors: list[str] = []
    if not isinstance(got, list) or len(got) != len(want):
        return [f"trace: expected a list of {len(want)} layers, got {type(got).__name__} {len(got or [])}"]
    for k, (layer_got, layer_want) in enumerate(zip(got, want, strict=True)):
        if set(layer_got) != set(layer_want):
            errors.append(f"trace[{k}]: directions {sorted(layer_got)}, expected {sorted(layer_want)}")
            continue
        for d, rec_want in layer_want.items():
            rec_got = layer_got[d]
            where = f"trace[{k}].{d}"
            if cell != "lstm" and rec_got.get("c") is not None:
                errors.append(f"{where}.c: expected absent or null for {cell}")
            for f, value in rec_want.items():
                if fields is not None and f not in fields:
                    continue
                if (
                    f in TRACE_FIELDS
                    and isinstance(rec_got.get(f), dict)
                    and set(rec_got[f]) != set(GATES[cell])
                ):
                    errors.append(f"{where}.{f}: gates {sorted(rec_got[f])}, expected {sorted(GATES[cell])}")
                compare(rec_got.get(f), value, f"{where}.{f}", errors, tol)
    return errors


# ---------------------------------------------------------------------------------------------
# the fixture itself


def test_fixture_covers_what_it_promises() -> None:
    assert GOLDEN["generated_by"]["torch"].startswith("2.13.0")
    models = [c["request"]["model"] for c in CASES.values()]
    for cell in ("rnn", "lstm", "gru"):
        assert any(m["cell"] == cell and m["bidirectional"] and m["num_layers"] == 2 for m in models), cell
    assert any(m.get("proj_size") for m in models)
    assert any(m.get("readout", {}).get("activation") == "softmax" for m in models)
    assert any(c["dtype"] == "float32" for c in CASES.values())
    assert "book_rnn" in CASES
    # batch > 1 and non-zero initial states in most cases
    assert sum(np.shape(c["request"]["inputs"])[0] > 1 for c in CASES.values()) >= len(CASES) - 2
    assert sum("initial_state" in c["request"] for c in CASES.values()) >= len(CASES) - 3


def test_book_case_is_the_reference_table() -> None:
    """REFERENCE.md §2, from the fixture (PyTorch may differ from the exact values in the last bit)."""
    e = CASES["book_rnn"]["expected"]
    fwd = e["trace"][0]["forward"]
    np.testing.assert_allclose(
        fwd["pre_activation"]["h"][0], [[0.6, 0.5], [1.2923401038778066, 1.3922567763036109]]
    )
    np.testing.assert_allclose(
        fwd["h"][0], [[0.5370495669980352, 0.46211715726000974], [0.8597381843462615, 0.8836664119437349]]
    )
    np.testing.assert_allclose(e["y"][0], [[1.5612838815180548], [2.727071008233731]])


# ---------------------------------------------------------------------------------------------
# HTTP: POST /api/v1/forward


@pytest.mark.parametrize("name", TORCH_CASES)
def test_forward_matches_pytorch(client: Any, name: str) -> None:
    case = CASES[name]
    resp = post(client, case["request"])
    shape = np.shape(case["request"]["inputs"])
    assert (resp.get("batch"), resp.get("steps")) == shape[:2], f"{name}: batch/steps"
    fail_with(name, compare_response(resp, case))


@pytest.mark.parametrize("name", KERAS_ONLY_CASES)
def test_forward_matches_keras(client: Any, name: str) -> None:
    """What PyTorch cannot run: GRU reset_after=False, hard-sigmoid gates (expected: Keras's outputs)."""
    case = CASES[name]
    fail_with(name, compare_response(post(client, case["request"]), case))


def decode_base64(obj: Any, dtypes: set[str]) -> Any:
    """Turn every {"dtype", "shape", "bdata"} in a response into nested lists, noting the dtypes seen."""
    if isinstance(obj, dict):
        if set(obj) == {"dtype", "shape", "bdata"}:
            dtypes.add(obj["dtype"])
            a = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]).newbyteorder("<"))
            return a.reshape(obj["shape"]).astype(np.float64).tolist()
        return {k: decode_base64(v, dtypes) for k, v in obj.items()}
    if isinstance(obj, list):
        return [decode_base64(v, dtypes) for v in obj]
    return obj


@pytest.mark.parametrize(
    ("name", "dtype"), [("lstm_2layer_bidir", "f8"), ("gru", "f8"), ("lstm_float32", "f4")]
)
def test_forward_base64(client: Any, name: str, dtype: str) -> None:
    case = CASES[name]
    body = copy.deepcopy(case["request"])
    body.setdefault("options", {})["encoding"] = "base64"
    raw = post(client, body)
    assert isinstance(raw["output"], dict) and set(raw["output"]) == {"dtype", "shape", "bdata"}, raw[
        "output"
    ]
    assert raw["output"]["shape"] == list(np.shape(case["expected"]["output"]))
    seen: set[str] = set()
    resp = decode_base64(raw, seen)
    assert seen == {dtype}, f"{name}: base64 dtypes {seen}, expected {dtype}"
    fail_with(name, compare_response(resp, case))


# ---------------------------------------------------------------------------------------------
# the same networks in other weight layouts (REFERENCE.md §3)


def single_bias_trace(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The trace expected from a one-bias format (Keras SimpleRNN/LSTM, TF1): the bias lives in b_i*,
    b_h* = 0, so input_term gains PyTorch's b_hh and recurrent_term loses it (REFERENCE.md §1)."""
    sd = case["request"]["weights"]["state_dict"]
    cell = case["request"]["model"]["cell"]
    G = len(GATES[cell])
    out = copy.deepcopy(case["expected"]["trace"])
    for k, layer in enumerate(out):
        for d, rec in layer.items():
            b_hh = np.asarray(sd[f"bias_hh_l{k}" + ("_reverse" if d == "backward" else "")])
            for j, g in enumerate(GATES[cell]):
                b = np.split(b_hh, G)[j]
                rec["input_term"][g] = (np.asarray(rec["input_term"][g]) + b).tolist()
                rec["recurrent_term"][g] = (np.asarray(rec["recurrent_term"][g]) - b).tolist()
    return out


def alt_request(case: dict[str, Any], layout: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The case's request with its weights in ``layout``, and the expected values for it."""
    body = copy.deepcopy(case["request"])
    body["weights"] = case[f"{layout}_weights"]
    want = copy.deepcopy(case["expected"])
    if layout == "tf1" and "readout" in body["model"]:  # TF1 cells carry no readout
        del body["model"]["readout"]
        del want["y"]
    return body, want


@pytest.mark.parametrize(("name", "layout"), ALT_WEIGHTS)
def test_weight_layouts_give_the_same_forward(client: Any, name: str, layout: str) -> None:
    """output, h_n, c_n, y and the bias-split-free trace fields (pre_activation, gates, c, h)."""
    case = CASES[name]
    body, want = alt_request(case, layout)
    resp = post(client, body)
    fail_with(
        f"{name} ({layout})",
        compare_response(resp, {**case, "expected": want}, ("pre_activation", "gates", "c", "h")),
    )


@pytest.mark.parametrize(
    ("name", "layout"), [p for p in ALT_WEIGHTS if CASES[p.values[0]]["source"] == "torch"]
)
def test_weight_layouts_bias_split(client: Any, name: str, layout: str) -> None:
    """input_term / recurrent_term: single-bias formats put the bias in b_i*; GRU formats keep two."""
    case = CASES[name]
    body, want = alt_request(case, layout)
    cell = case["request"]["model"]["cell"]
    if layout in ("tf1",) or (layout == "keras" and cell != "gru"):
        want["trace"] = single_bias_trace(case)
    resp = post(client, body)
    errors = compare_trace(
        resp.get("trace"), want["trace"], cell, tolerance(case), ("input_term", "recurrent_term")
    )
    fail_with(f"{name} ({layout})", errors)


# ---------------------------------------------------------------------------------------------
# the engine alone, without HTTP or the format readers: pinpoints engine regressions


def torch_cell(sd: dict[str, Any], sfx: str, zeros: np.ndarray) -> Any:
    """CellParams of one layer and direction of a PyTorch state_dict (bias=False: zero biases)."""
    from rnnscope.engine import CellParams

    def arr(key: str) -> np.ndarray | None:
        return np.asarray(sd[key + sfx]) if key + sfx in sd else None

    b_ih, b_hh = arr("bias_ih"), arr("bias_hh")
    return CellParams(
        W_ih=arr("weight_ih"),
        W_hh=arr("weight_hh"),
        b_ih=zeros if b_ih is None else b_ih,
        b_hh=zeros if b_hh is None else b_hh,
        W_hr=arr("weight_hr"),
    )


def rzn(a: np.ndarray) -> np.ndarray:
    """Keras GRU blocks (z, r, h) along axis 0 -> PyTorch's (r, z, n)."""
    z, r, h = np.split(a, 3)
    return np.concatenate([r, z, h])


def engine_network(case: dict[str, Any]) -> tuple[Any, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Build app.engine.Network straight from the fixture's PyTorch state_dict or Keras layers."""
    from rnnscope.engine import Architecture, CellParams, Network, Readout

    req, m = case["request"], case["request"]["model"]
    w = req["weights"]
    D = 2 if m["bidirectional"] else 1
    G, H = len(GATES[m["cell"]]), m["hidden_size"]
    dirs = ("forward", "backward")
    has_bias = w["format"] != "pytorch" or "bias_ih_l0" in w["state_dict"]
    arch = Architecture(
        cell=m["cell"],
        input_size=m["input_size"],
        hidden_size=H,
        num_layers=m["num_layers"],
        bidirectional=m["bidirectional"],
        nonlinearity=m.get("nonlinearity", "tanh"),
        gate_activation=m.get("gate_activation", "sigmoid"),
        gru_reset_after=m.get("gru_reset_after", True),
        proj_size=m.get("proj_size", 0),
        bias=has_bias,
        readout_size=m["readout"]["size"] if "readout" in m else 0,
        readout_activation=m["readout"]["activation"] if "readout" in m else "identity",
    )
    zeros = np.zeros(G * H)
    layers = []
    for k in range(m["num_layers"]):
        cells = []
        for d in range(D):
            if w["format"] == "pytorch":
                cells.append(torch_cell(w["state_dict"], f"_l{k}" + ("_reverse" if d else ""), zeros))
            else:  # keras: transpose; GRU blocks (z, r, h) -> (r, z, n); a single bias goes to b_ih
                lw = w["layers"][k][dirs[d]] if D == 2 else w["layers"][k]
                W_ih, W_hh, bias = (np.asarray(lw[key]) for key in ("kernel", "recurrent_kernel", "bias"))
                W_ih, W_hh = W_ih.T, W_hh.T
                if m["cell"] == "gru":
                    W_ih, W_hh = rzn(W_ih), rzn(W_hh)
                    b_ih, b_hh = (rzn(bias[0]), rzn(bias[1])) if bias.ndim == 2 else (rzn(bias), zeros)
                else:
                    b_ih, b_hh = bias, zeros
                cells.append(CellParams(W_ih=W_ih, W_hh=W_hh, b_ih=b_ih, b_hh=b_hh))
        layers.append(tuple(cells))
    readout = None
    if "readout" in m:
        readout = Readout(W=np.asarray(w["readout"]["weight"]), b=np.asarray(w["readout"]["bias"]))
    dtype = np.dtype(case["dtype"])
    net = Network(arch=arch, layers=tuple(layers), readout=readout).astype(dtype)
    init = req.get("initial_state", {})
    h0 = np.asarray(init["h"], dtype) if "h" in init else None
    c0 = np.asarray(init["c"], dtype) if "c" in init else None
    return net, np.asarray(req["inputs"], dtype), h0, c0


@pytest.mark.parametrize("name", TORCH_CASES + KERAS_ONLY_CASES)
def test_engine_matches_golden(name: str) -> None:
    from rnnscope.engine import check_network, forward

    case = CASES[name]
    net, x, h0, c0 = engine_network(case)
    check_network(net)
    r = forward(net, x, h0, c0)
    assert r.output.dtype == x.dtype, f"{name}: computed in {r.output.dtype}, asked for {x.dtype}"
    resp = {
        "output": r.output,
        "h_n": r.h_n,
        "c_n": r.c_n,
        "y": r.y,
        "trace": [
            {d: tr.arrays() for d, tr in zip(net.arch.direction_names(), layer, strict=True)}
            for layer in r.trace
        ],
    }
    fail_with(name, compare_response(resp, case))
