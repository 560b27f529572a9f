"""ONNX import (issue 9): every fixture of tests/fixtures/onnx uploaded through HTTP, run through
/api/v1/forward, and compared with the numbers onnxruntime computed (scripts/make_onnx_fixtures.py).

The files run in float32 in onnxruntime; rnnscope runs their float32 weights in float64, so the
tolerance is the float32 one of REFERENCE.md §4: rtol 1e-5, atol 1e-6. Neither onnxruntime nor
torch is needed here: the expected numbers are committed. Hostile files (``../`` and absolute
external-data paths, data not uploaded, huge declared shapes, broken protobuf, cycles, unknown
operators) must each be a 422 naming what was refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from onnx import TensorProto, helper, numpy_helper

from rnnscope.formats.files.onnx_file import read_onnx
from rnnscope.main import create_app
from rnnscope.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "onnx"
EXPECTED: dict[str, dict[str, Any]] = json.loads((FIXTURES / "expected.json").read_text())
RTOL, ATOL = 1e-5, 1e-6


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings()))


def upload(client: TestClient, files: dict[str, bytes]) -> Any:
    return client.post("/api/v1/weights/import", files=[("file", (n, b)) for n, b in files.items()])


def fixture_files(name: str) -> dict[str, bytes]:
    files = {name: (FIXTURES / name).read_bytes()}
    data = EXPECTED[name].get("data_file")
    if data:
        files[data] = (FIXTURES / data).read_bytes()
    return files


CASES = sorted(name for name in EXPECTED if "refused" not in EXPECTED[name])


@pytest.mark.parametrize("name", CASES)
def test_onnx_file_matches_onnxruntime(client: TestClient, name: str) -> None:
    case = EXPECTED[name]
    r = upload(client, fixture_files(name))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["summary"].startswith(f"ONNX graph {name}:"), body["summary"]
    request = {k: body[k] for k in ("model", "weights", "initial_state") if k in body}
    request["inputs"] = case["x"] if "x" in case else {"ids": case["ids"]}
    if "lengths" in case:
        request["lengths"] = case["lengths"]
    if "initial_state" in case:  # the file's initializers come back as the request's initial_state
        for k, v in case["initial_state"].items():
            np.testing.assert_allclose(body["initial_state"][k], v, rtol=0, atol=0)
    r = client.post("/api/v1/forward", json=request)
    assert r.status_code == 200, r.text
    out = r.json()
    assert case["expected"], name
    for field, want in case["expected"].items():
        got = np.asarray(out[field], dtype=np.float64)
        want = np.asarray(want)
        assert got.shape == want.shape, (field, got.shape, want.shape)
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL, err_msg=f"{name}: {field}")


def test_unrolled_recurrence_is_refused_with_advice(client: TestClient) -> None:
    """torch's dynamo exporter writes nn.RNN as MatMul/Add/Relu per step: no RNN node to show."""
    names = [n for n in EXPECTED if "refused" in EXPECTED[n]]
    assert names
    for name in names:
        refused(client, fixture_files(name), "dynamo=False")


def test_alpha_beta_follow_onnxruntime_order() -> None:
    """LSTM activations [HardSigmoid, ScaledTanh, Affine] with alpha [0.3, 1.5, 0.8] and beta
    [0.6, 0.7, 0.1]: each activation takes the next alpha/beta only if it uses one (onnxruntime).
    (The reader's record itself; the numbers are checked through HTTP above.)"""
    acts = read_onnx(fixture_files("op_lstm_activations.onnx"))["model"]["layers"][0]["activations"]
    f32 = lambda v: float(np.float32(v))  # noqa: E731
    assert acts == {
        "gate": {"name": "hard_sigmoid", "alpha": f32(0.3), "beta": f32(0.6)},
        "cell": {"name": "scaled_tanh", "alpha": f32(1.5), "beta": f32(0.7)},
        "output": {"name": "affine", "alpha": f32(0.8), "beta": f32(0.1)},
    }
    # too few values: onnxruntime's defaults (HardSigmoid 0.2 / 0.5)
    gate = read_onnx(fixture_files("op_lstm_activation_defaults.onnx"))["model"]["layers"][0]["activations"][
        "gate"
    ]
    assert gate == {"name": "hard_sigmoid", "alpha": f32(0.2), "beta": 0.5}


def test_gate_order_is_pytorch(client: TestClient) -> None:
    """ONNX LSTM rows [i, o, f, c] land under PyTorch's i, f, g, o; GRU [z, r, h] under r, z, n."""
    import onnx

    m = onnx.load_from_string((FIXTURES / "op_lstm_forward.onnx").read_bytes())
    W = next(numpy_helper.to_array(t) for t in m.graph.initializer if t.name == "W")[0]
    H = W.shape[0] // 4
    r = upload(client, fixture_files("op_lstm_forward.onnx"))
    got = r.json()["weights"]["layers"][0]["forward"]["W_x"]
    for gate, block in (("i", 0), ("o", 1), ("f", 2), ("g", 3)):
        np.testing.assert_array_equal(
            np.asarray(got[gate]), W[block * H : (block + 1) * H].astype(np.float64)
        )
    m = onnx.load_from_string((FIXTURES / "op_gru_reset_after.onnx").read_bytes())
    W = next(numpy_helper.to_array(t) for t in m.graph.initializer if t.name == "W")[0]
    H = W.shape[0] // 3
    got = upload(client, fixture_files("op_gru_reset_after.onnx")).json()["weights"]["layers"][0]["forward"][
        "W_x"
    ]
    for gate, block in (("z", 0), ("r", 1), ("n", 2)):
        np.testing.assert_array_equal(
            np.asarray(got[gate]), W[block * H : (block + 1) * H].astype(np.float64)
        )


def test_summary_and_warnings() -> None:
    body = read_onnx(fixture_files("pt_ts_sentiment_bilstm.onnx"))
    assert "Gather embedding(30→8) → LSTM(hidden_size=6, bidirectional)" in body["summary"]
    assert body["model"]["head_on"] == "final"
    assert [h["activation"] for h in body["model"]["head"]] == ["relu", "sigmoid"]
    body = read_onnx(fixture_files("op_lstm_sequence_lens.onnx"))
    assert any("lengths" in w for w in body["warnings"]), body


# ---------------------------------------------------------------------------------------------
# hostile and unsupported files: a 422 naming the problem, never a 5xx, nothing read from disk


def lstm_model(*, external: dict[str, str] | None = None, extra_nodes=(), dims=None, op="LSTM") -> bytes:
    """A one-node LSTM graph; ``external`` makes W an external-data tensor with those entries."""
    H, I = 2, 3
    W = numpy_helper.from_array(np.zeros((1, 4 * H, I), np.float32), "W")
    if dims is not None:
        W = TensorProto(name="W", data_type=TensorProto.FLOAT, dims=dims, raw_data=b"\0" * 8)
    if external is not None:
        W = TensorProto(name="W", data_type=TensorProto.FLOAT, dims=[1, 4 * H, I], data_location=1)
        for k, v in external.items():
            W.external_data.add(key=k, value=v)
    R = numpy_helper.from_array(np.zeros((1, 4 * H, H), np.float32), "R")
    node = helper.make_node(op, ["X", "W", "R"], ["Y"], name="the_rnn", hidden_size=H)
    graph = helper.make_graph(
        [node, *extra_nodes],
        "g",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [4, 1, I])],
        [
            helper.make_tensor_value_info(
                "Y" if not extra_nodes else extra_nodes[-1].output[0], TensorProto.FLOAT, None
            )
        ],
        [W, R],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]).SerializeToString()


def refused(client: TestClient, files: dict[str, bytes], *words: str) -> str:
    r = upload(client, files)
    assert r.status_code == 422, (r.status_code, r.text)
    msg = r.json()["detail"][0]["msg"]
    for w in words:
        assert w in msg, msg
    return msg


def test_external_data_outside_the_upload_is_refused(client: TestClient, tmp_path: Path) -> None:
    secret = tmp_path / "secret.data"
    secret.write_bytes(b"\0" * 96)
    dot = {"location": "../secret.data", "length": "96"}
    refused(client, {"m.onnx": lstm_model(external=dot), "secret.data": b"\0" * 96}, "..", "outside")
    absolute = {"location": str(secret), "length": "96"}
    refused(client, {"m.onnx": lstm_model(external=absolute)}, "absolute path")
    missing = {"location": "m.onnx.data", "length": "96"}
    refused(client, {"m.onnx": lstm_model(external=missing)}, "m.onnx.data", "upload that file")
    subdir = {"location": "weights/m.onnx.data"}
    refused(client, {"m.onnx": lstm_model(external=subdir), "m.onnx.data": b"\0" * 96}, "upload that file")
    past_end = {"location": "m.onnx.data", "offset": "64", "length": "96"}
    refused(client, {"m.onnx": lstm_model(external=past_end), "m.onnx.data": b"\0" * 96}, "outside that file")


def test_external_data_beside_it_is_read(client: TestClient) -> None:
    ok = {"location": "m.onnx.data", "offset": "8", "length": "96"}
    r = upload(client, {"m.onnx": lstm_model(external=ok), "m.onnx.data": b"\1" * 8 + b"\0" * 96})
    assert r.status_code == 200, r.text
    assert r.json()["weights"]["layers"][0]["forward"]["W_x"]["i"] == [[0.0] * 3] * 2


def test_huge_declared_dims_are_refused_before_reading(client: TestClient) -> None:
    r = upload(client, {"m.onnx": lstm_model(dims=[1, 2**40, 2**20])})
    assert r.status_code == 413, r.text
    assert "RNNSCOPE_MAX_ONNX_VALUES" in r.json()["detail"][0]["msg"]
    refused(client, {"m.onnx": lstm_model(dims=[1, 8, 3])}, "bytes do not hold shape")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00",
        b"not a protobuf at all \xff\xfe",
        b"\x0a\xff\xff\xff\xff\x0f",
        b"PK\x03\x04" + b"\0" * 30,
    ],
)
def test_malformed_protobuf_is_refused(client: TestClient, data: bytes) -> None:
    refused(client, {"broken.onnx": data}, "broken.onnx")


def test_unknown_op_is_named(client: TestClient) -> None:
    node = helper.make_node("Erf", ["Y"], ["Z"], name="my_erf")
    refused(client, {"m.onnx": lstm_model(extra_nodes=[node])}, "Erf", "my_erf")
    custom = helper.make_node("Evil", ["Y"], ["Z"], name="n", domain="com.example")
    refused(client, {"m.onnx": lstm_model(extra_nodes=[custom])}, "com.example")


def test_cycle_is_refused(client: TestClient) -> None:
    a = helper.make_node("Relu", ["Y", "B2"], ["A1"], name="a")
    b = helper.make_node("Relu", ["A1"], ["B2"], name="b")
    refused(client, {"m.onnx": lstm_model(extra_nodes=[a, b])}, "cycle")


def test_input_forget_is_refused(client: TestClient) -> None:
    H, I = 2, 3
    node = helper.make_node("LSTM", ["X", "W", "R"], ["Y"], name="lstm", hidden_size=H, input_forget=1)
    graph = helper.make_graph(
        [node], "g", [helper.make_tensor_value_info("X", TensorProto.FLOAT, [4, 1, I])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(np.zeros((1, 4 * H, I), np.float32), "W"),
         numpy_helper.from_array(np.zeros((1, 4 * H, H), np.float32), "R")],
    )  # fmt: skip
    data = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]).SerializeToString()
    refused(client, {"m.onnx": data}, "input_forget")


def test_no_recurrent_node_is_refused(client: TestClient) -> None:
    node = helper.make_node("Relu", ["X"], ["Y"], name="r")
    graph = helper.make_graph(
        [node], "g", [helper.make_tensor_value_info("X", TensorProto.FLOAT, [4, 1, 3])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
    )  # fmt: skip
    data = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]).SerializeToString()
    refused(client, {"m.onnx": data}, "Relu")


def test_node_limit(client: TestClient) -> None:
    small = TestClient(create_app(Settings(max_onnx_nodes=1)))
    nodes = [helper.make_node("Identity", ["Y"], ["Z"], name="i")]
    r = upload(small, {"m.onnx": lstm_model(extra_nodes=nodes)})
    assert r.status_code == 422 and "RNNSCOPE_MAX_ONNX_NODES" in r.text, r.text


@pytest.mark.parametrize(
    "name",
    [
        "pt_ts_sentiment_bilstm.onnx",
        "op_lstm_peepholes_bidirectional.onnx",
        "op_gru_reverse_reset_before.onnx",
    ],
)
def test_gradients_run_on_imported_files(client: TestClient, name: str) -> None:
    """BPTT on what an ONNX file describes (its exactness to autograd is the engine's tests' job):
    every parameter the file holds gets a finite gradient."""
    case = EXPECTED[name]
    body = upload(client, fixture_files(name)).json()
    request = {k: body[k] for k in ("model", "weights", "initial_state") if k in body}
    request["inputs"] = case["x"] if "x" in case else {"ids": case["ids"]}
    request["options"] = {"gradients": True, "trace": False}
    r = client.post("/api/v1/forward", json=request)
    assert r.status_code == 200, r.text
    params = r.json()["gradients"]["parameters"]
    want = (
        {"weight_ih_l0_reverse", "weight_hh_l0_reverse"}
        if "reverse" in name
        else {"weight_ih_l0", "weight_hh_l0"}
    )
    if name.startswith("pt_ts_sentiment"):  # the embedding, both directions of both layers, both head layers
        want |= {"embedding.weight", "weight_hh_l1_reverse", "head.0.weight", "head.1.bias"}
    if "peepholes" in name:
        want |= {"peephole_l0", "peephole_l0_reverse"}
    assert want <= set(params), sorted(params)
    for k, g in params.items():
        assert np.all(np.isfinite(np.asarray(g, dtype=np.float64))), k


def bilstm_then(*nodes: Any, initial_h_input: bool = False) -> bytes:
    """X (T=4, B=1, 3) -> bidirectional LSTM(2) -> Y flattened to (T, B, 4) as 'flat' -> nodes."""
    H, I = 2, 3
    rng = np.random.default_rng(0)
    inits = [
        numpy_helper.from_array(rng.uniform(-1, 1, (2, 4 * H, I)).astype(np.float32), "W"),
        numpy_helper.from_array(rng.uniform(-1, 1, (2, 4 * H, H)).astype(np.float32), "R"),
        numpy_helper.from_array(np.array([0, 0, -1], np.int64), "shape"),
        numpy_helper.from_array(rng.uniform(-1, 1, (4, 2)).astype(np.float32), "K"),
        numpy_helper.from_array(np.array(-1, np.int64), "last"),
        numpy_helper.from_array(np.array(1, np.int64), "second"),
    ]
    inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, [4, 1, I])]
    lstm_in = ["X", "W", "R"]
    if initial_h_input:
        inputs.append(helper.make_tensor_value_info("h0", TensorProto.FLOAT, [2, 1, H]))
        lstm_in += ["", "", "h0"]
    graph = helper.make_graph(
        [
            helper.make_node("LSTM", lstm_in, ["Y"], name="lstm", hidden_size=H, direction="bidirectional"),
            helper.make_node("Transpose", ["Y"], ["Yt"], perm=[0, 2, 1, 3]),
            helper.make_node("Reshape", ["Yt", "shape"], ["flat"]),
            *nodes,
        ],
        "g",
        inputs,
        [helper.make_tensor_value_info(nodes[-1].output[0] if nodes else "flat", TensorProto.FLOAT, None)],
        inits,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]).SerializeToString()


def test_bidirectional_read_at_one_step_is_refused(client: TestClient) -> None:
    """out[-1] of a bidirectional layer is [h_fwd at T-1 | h_bwd at T-1]: not its final state, so a head
    on it is not a model-v2 network: refused, not silently read as the final state."""
    last = [
        helper.make_node("Gather", ["flat", "last"], ["z"], name="pick_last", axis=0),
        helper.make_node("MatMul", ["z", "K"], ["y"], name="head"),
    ]
    refused(client, {"m.onnx": bilstm_then(*last)}, "final state")
    middle = [helper.make_node("Gather", ["flat", "second"], ["z"], name="pick_1", axis=0)]
    refused(client, {"m.onnx": bilstm_then(*middle)}, "time step 1", "pick_1")


def test_activation_before_the_head_is_refused(client: TestClient) -> None:
    nodes = [
        helper.make_node("Relu", ["flat"], ["r"], name="relu"),
        helper.make_node("MatMul", ["r", "K"], ["y"]),
    ]
    refused(client, {"m.onnx": bilstm_then(*nodes)}, "relu", "activation between")


def test_initial_state_as_graph_input_is_a_warning() -> None:
    files = {"m.onnx": bilstm_then(initial_h_input=True)}
    record = read_onnx(files)
    assert any("initial_state.h" in w for w in record["warnings"]), record["warnings"]


def test_initial_states_of_layers_of_different_widths(client: TestClient) -> None:
    """Two stacked GRU nodes of 3 and 2 units, the second with an initial_h initializer: the answer's
    initial_state is one (B, H_s) array per state, and runs as it is."""
    rng = np.random.default_rng(1)
    f32 = lambda *shape: rng.uniform(-1, 1, shape).astype(np.float32)  # noqa: E731
    inits = {
        "W0": f32(1, 9, 2),
        "R0": f32(1, 9, 3),
        "W1": f32(1, 6, 3),
        "R1": f32(1, 6, 2),
        "h1": f32(1, 1, 2),
    }
    nodes = [
        helper.make_node("GRU", ["X", "W0", "R0"], ["Y0"], hidden_size=3, linear_before_reset=1),
        helper.make_node("Squeeze", ["Y0", "one"], ["X1"]),
        helper.make_node(
            "GRU", ["X1", "W1", "R1", "", "", "h1"], ["Y1"], hidden_size=2, linear_before_reset=1
        ),
    ]
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [4, 1, 2])],
        [helper.make_tensor_value_info("Y1", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(v, k) for k, v in inits.items()]
        + [numpy_helper.from_array(np.array([1]), "one")],
    )
    data = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]).SerializeToString()
    body = upload(client, {"m.onnx": data}).json()
    assert [np.shape(s) for s in body["initial_state"]["h"]] == [(1, 3), (1, 2)]
    np.testing.assert_array_equal(body["initial_state"]["h"][0], 0)
    np.testing.assert_array_equal(body["initial_state"]["h"][1], inits["h1"][0].astype(np.float64))
    request = {k: body[k] for k in ("model", "weights", "initial_state")}
    request["inputs"] = rng.uniform(-1, 1, (1, 4, 2)).tolist()
    r = client.post("/api/v1/forward", json=request)
    assert r.status_code == 200, r.text
