"""POST /api/v1/weights/import: safetensors (parsed with NumPy), npz, json; pickles refused."""

from __future__ import annotations

import io
import json
import struct

import numpy as np
import pytest

RNG = np.random.default_rng(0)
LSTM = {
    "weight_ih_l0": RNG.normal(size=(16, 3)),
    "weight_hh_l0": RNG.normal(size=(16, 4)),
    "bias_ih_l0": RNG.normal(size=16),
    "bias_hh_l0": RNG.normal(size=16),
    "weight_ih_l0_reverse": RNG.normal(size=(16, 3)),
    "weight_hh_l0_reverse": RNG.normal(size=(16, 4)),
    "bias_ih_l0_reverse": RNG.normal(size=16),
    "bias_hh_l0_reverse": RNG.normal(size=16),
}


def safetensors(tensors: dict[str, np.ndarray], dtype: str = "F64") -> bytes:
    """The documented layout: u64 header length, JSON header, raw little-endian data."""
    np_dtype = {"F64": "<f8", "F32": "<f4"}[dtype]
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, a in tensors.items():
        data = np.ascontiguousarray(a, dtype=np_dtype).tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header).encode()
    return struct.pack("<Q", len(head)) + head + b"".join(blobs)


def with_header(header: dict, data: bytes) -> bytes:
    head = json.dumps(header).encode()
    return struct.pack("<Q", len(head)) + head + data


def upload(client, name, data):
    return client.post("/api/v1/weights/import", files={"file": (name, data)})


@pytest.mark.parametrize("dtype", ["F64", "F32"])
def test_safetensors_with_a_module_prefix_and_a_readout(client, dtype):
    tensors = {f"encoder.lstm.{k}": v for k, v in LSTM.items()} | {
        "head.weight": RNG.normal(size=(2, 8)),
        "head.bias": RNG.normal(size=2),
    }
    r = upload(client, "model.safetensors", safetensors(tensors, dtype))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["model"]["cell"] == "lstm" and body["model"]["bidirectional"] is True
    assert body["model"]["readout"]["size"] == 2
    assert body["summary"] == "safetensors: LSTM(3→4, bidirectional) → Linear(8→2)"
    tol = 1e-15 if dtype == "F64" else 1e-6
    W_h = body["weights"]["layers"][0]["forward"]["W_h"]  # canonical: the gate blocks i, f, g, o
    np.testing.assert_allclose(np.concatenate([W_h[g] for g in "ifgo"]), LSTM["weight_hh_l0"], rtol=tol)
    # and it runs
    req = {"model": body["model"], "weights": body["weights"], "inputs": [[0.1, 0.2, 0.3]]}
    assert client.post("/api/v1/forward", json=req).status_code == 200


def test_npz_keras_gru(client):
    arrays = {
        "gru/kernel": RNG.normal(size=(2, 9)),
        "gru/recurrent_kernel": RNG.normal(size=(3, 9)),
        "gru/bias": RNG.normal(size=(2, 9)),
    }
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    r = upload(client, "gru.npz", buf.getvalue())
    assert r.status_code == 200, r.text
    assert r.json()["model"]["cell"] == "gru" and r.json()["weights"]["format"] == "keras"
    assert r.json()["model"]["gru_reset_after"] is True


def test_json_tf1_names(client):
    arrays = {
        "rnn/basic_lstm_cell/kernel": RNG.normal(size=(5, 12)).tolist(),
        "rnn/basic_lstm_cell/bias": [0.0] * 12,
    }
    r = upload(client, "ckpt.json", json.dumps(arrays).encode())
    assert r.status_code == 200, r.text
    assert r.json()["weights"]["format"] == "tf1"
    assert (r.json()["model"]["input_size"], r.json()["model"]["hidden_size"]) == (2, 3)


def test_json_forward_request_file(client):
    req = client.get("/api/v1/presets/book-rnn").json()
    r = upload(client, "lesson.json", json.dumps(req).encode())
    assert r.status_code == 200, r.text
    assert r.json()["weights"]["format"] == "book"


@pytest.mark.parametrize("name", ["model.pt", "model.pth", "weights.pkl"])
def test_pickles_are_refused_with_advice(client, name):
    """A bare pickle: the legacy torch.save format for .pt/.pth, a plain pickle for .pkl. Never opened."""
    r = upload(client, name, b"\x80\x04\x95 not unpickled")
    assert r.status_code == 422
    d = r.json()["detail"][0]
    assert d["loc"] == ["body", "file"] and d["type"] == "pickle_refused"
    assert "torch.save(model.state_dict()" in d["msg"]


def test_npz_with_pickled_objects_is_refused(client):
    buf = io.BytesIO()
    np.savez(buf, x=np.array([{"a": 1}], dtype=object))
    r = upload(client, "evil.npz", buf.getvalue())
    assert r.status_code == 422 and "pickle" in r.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    "data, words",
    [
        (b"\x01", "shorter than"),
        (struct.pack("<Q", 10**9) + b"{}", "exceeds the file size"),
        (struct.pack("<Q", 3) + b"{{{", "not JSON"),
        (
            with_header({"w": {"dtype": "F64", "shape": [4], "data_offsets": [0, 8]}}, b"\0" * 8),
            "do not hold",
        ),
        (with_header({"w": {"dtype": "F64", "shape": [1], "data_offsets": [0, 800]}}, b"\0" * 8), "outside"),
        (with_header({"w": {"dtype": "U8X", "shape": [1], "data_offsets": [0, 1]}}, b"\0"), "numeric dtype"),
        (with_header({"w": {"shape": [1]}}, b""), "expected a numeric dtype"),
    ],
)
def test_broken_safetensors_are_422(client, data, words):
    r = upload(client, "broken.safetensors", data)
    assert r.status_code == 422, r.text
    assert words in r.json()["detail"][0]["msg"]


def test_unrecognised_names(client):
    r = upload(client, "x.json", json.dumps({"foo": [1.0], "bar": [2.0]}).encode())
    assert r.status_code == 422 and "cannot tell the format" in r.json()["detail"][0]["msg"]
