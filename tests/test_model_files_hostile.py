"""Hostile model files: each a 422 that says what was found, nothing executed, nothing read outside
the upload, no 5xx. (Random mutations of the real fixtures: tests/test_fuzz_api.py.)"""

from __future__ import annotations

import io
import json
import os
import pickle
import struct
import zipfile
from pathlib import Path

import h5py
import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "models"


def upload(client, name: str, data: bytes):
    return client.post("/api/v1/weights/import", files=[("file", (name, data))])


def refused(r, *words: str, status: int = 422) -> str:
    assert r.status_code == status, r.text
    msg = r.json()["detail"][0]["msg"]
    for w in words:
        assert w in msg, (w, msg)
    return msg


def torch_zip(pkl: bytes, storages: dict[str, bytes] | None = None) -> bytes:
    """The layout torch.save writes: archive/data.pkl, archive/data/<key>, archive/version."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("archive/data.pkl", pkl)
        z.writestr("archive/version", "3\n")
        for key, data in (storages or {}).items():
            z.writestr(f"archive/data/{key}", data)
    return buf.getvalue()


class OpenPayload:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


class SystemPayload:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


@pytest.mark.parametrize("payload, found", [(OpenPayload, "io.open"), (SystemPayload, "system")])
def test_pickle_payload_is_never_run(client, tmp_path, payload, found):
    target = tmp_path / "pwned"
    pkl = pickle.dumps({"lstm.weight_ih_l0": payload(str(target))}, protocol=2)
    refused(upload(client, "model.pt", torch_zip(pkl)), found, "model.state_dict()", "nothing was run")
    assert not target.exists()


def test_whole_module_pickle_names_the_class(client):
    data = (FIXTURES / "pt_whole_module.pt").read_bytes()
    refused(upload(client, "model.pt", data), "__main__.Tagger", "torch.save(model.state_dict(), path)")


def test_legacy_format_gets_the_same_advice(client):
    data = (FIXTURES / "pt_legacy_format.pt").read_bytes()
    refused(upload(client, "old.pth", data), "legacy", "torch.save(model.state_dict(), path)")


def test_plain_pickle_is_refused_unopened(client, tmp_path):
    target = tmp_path / "pwned"
    refused(upload(client, "m.pkl", pickle.dumps(OpenPayload(str(target)))), "never opens", "state_dict")
    assert not target.exists()


def test_tensor_reaching_past_its_storage(client):
    """A tensor whose strides reach past its storage, or one with more elements than its storage
    (stride 0 would make a terabyte of four floats)."""
    cases = [((2, 2), (3, 1), "reaches element 4 of a storage of 4"),
             ((1_000_000, 1_000_000), (0, 0), "more elements than its storage")]  # fmt: skip
    for size, stride, words in cases:
        pkl = (
            b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01(X\x01\x00\x00\x00wctorch._utils\n_rebuild_tensor_v2\n("
            + b"(X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpuK\x04tQ"
            + b"K\x00" + pickle.dumps(size, protocol=2)[2:-1] + pickle.dumps(stride, protocol=2)[2:-1]
            + b"\x89ccollections\nOrderedDict\n)RtRu."
        )  # fmt: skip
        r = upload(client, "m.pt", torch_zip(pkl, {"0": struct.pack("<4f", 1, 2, 3, 4)}))
        refused(r, words)


def bomb_zip(member: str, size: int, others: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (others or {}).items():
            z.writestr(name, data)
        with z.open(member, "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                f.write(chunk)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["bomb.pt", "bomb.keras"])
def test_zip_bomb_is_not_inflated(client, name):
    member = "archive/data.pkl" if name.endswith(".pt") else "model.weights.h5"
    others = {} if name.endswith(".pt") else {"config.json": b"{}"}
    data = bomb_zip(member, 64 << 20, others)
    assert len(data) < 200_000
    refused(upload(client, name, data), "zip bomb")


def test_archive_over_the_uncompressed_limit(make_client):
    client = make_client(max_uncompressed_bytes=10_000)
    data = (FIXTURES / "k_lstm_tagger.keras").read_bytes()
    refused(upload(client, "m.keras", data), "over the limit of 10,000", "RNNSCOPE_MAX_UNCOMPRESSED_BYTES")


def patched_zip(member: str, data: bytes, *, flag: int = 0, method: int = zipfile.ZIP_STORED) -> bytes:
    """A one-member stored zip whose headers then say another flag or compression method."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr(member, data)
    raw = bytearray(buf.getvalue())
    local = raw.index(b"PK\x03\x04")
    central = raw.index(b"PK\x01\x02")
    struct.pack_into("<HH", raw, local + 6, flag, method)  # general purpose flag, method
    struct.pack_into("<HH", raw, central + 8, flag, method)
    return bytes(raw)


@pytest.mark.parametrize(
    ("flag", "method", "words"),
    [(0x1, zipfile.ZIP_STORED, "encrypted"), (0, 98, "compression method 98")],  # 98: PPMd
)
def test_zip_member_that_cannot_be_inflated(client, flag, method, words):
    data = patched_zip("archive/data.pkl", pickle.dumps({}), flag=flag, method=method)
    refused(upload(client, "m.pt", data), "cannot be read", words, "stored, deflate, bzip2 or lzma only")


def h5_with(tmp_path: Path, edit) -> bytes:
    path = tmp_path / "m.h5"
    path.write_bytes((FIXTURES / "k_lstm_tagger.h5").read_bytes())
    with h5py.File(path, "a") as f:
        edit(f)
    return path.read_bytes()


def test_hdf5_external_link_is_refused(client, tmp_path):
    secret = tmp_path / "secret.h5"
    with h5py.File(secret, "w") as f:
        f["kernel"] = [[1.0]]

    def link(f):
        f["model_weights/lstm/evil"] = h5py.ExternalLink(str(secret), "/kernel")

    refused(upload(client, "m.h5", h5_with(tmp_path, link)), "external link", str(secret))


def test_hdf5_external_dataset_is_refused(client, tmp_path):
    outside = tmp_path / "raw.bin"
    outside.write_bytes(b"\0" * 64)

    def external(f):
        f.create_dataset(
            "model_weights/dense/evil", shape=(8,), dtype="<f8", external=[(str(outside), 0, 64)]
        )

    refused(upload(client, "m.h5", h5_with(tmp_path, external)), "external storage")


def test_keras_weights_with_an_external_link_inside_the_zip(client, tmp_path):
    src = zipfile.ZipFile(FIXTURES / "k_lstm_tagger.keras")
    weights = tmp_path / "w.h5"
    weights.write_bytes(src.read("model.weights.h5"))
    with h5py.File(weights, "a") as f:
        f["layers/lstm/evil"] = h5py.ExternalLink("/etc/passwd", "/x")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("config.json", src.read("config.json"))
        z.writestr("model.weights.h5", weights.read_bytes())
    refused(upload(client, "m.keras", buf.getvalue()), "external link", "/etc/passwd")


def keras_with_config(edit) -> bytes:
    src = zipfile.ZipFile(FIXTURES / "k_lstm_tagger.keras")
    config = json.loads(src.read("config.json"))
    edit(config)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("config.json", json.dumps(config))
        z.writestr("model.weights.h5", src.read("model.weights.h5"))
    return buf.getvalue()


LAMBDA = {
    "module": "keras.layers",
    "class_name": "Lambda",
    "config": {
        "name": "lambda",
        "function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAA"}},
    },
}


def test_keras_lambda_layer_is_refused(client):
    data = keras_with_config(lambda c: c["config"]["layers"].insert(2, LAMBDA))
    refused(upload(client, "m.keras", data), "'lambda' is a Lambda", "never runs")


def test_keras_custom_layer_and_subclassed_model(client):
    custom = {"module": None, "class_name": "MyAttention", "registered_name": "Custom>MyAttention",
              "config": {"name": "attn"}}  # fmt: skip
    data = keras_with_config(lambda c: c["config"]["layers"].insert(2, custom))
    refused(upload(client, "m.keras", data), "'attn' is a MyAttention")
    data = keras_with_config(lambda c: c.update(class_name="MyModel"))
    refused(upload(client, "m.keras", data), "MyModel", "Sequential and Functional")


def test_keras_unsupported_activation(client):
    def gelu(c):
        c["config"]["layers"][1]["config"]["activation"] = "gelu"

    refused(upload(client, "m.keras", keras_with_config(gelu)), "'gelu'")


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("m.pt", b"PK\x03\x04 not really a zip", ["not a readable zip"]),
        ("m.pt", b"hello", ["not a PyTorch file"]),
        ("m.keras", b"PK\x05\x06" + b"\0" * 18, ["has no config.json"]),
        ("m.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 100, ["not a readable HDF5"]),
        ("m.weights.h5", b"not hdf5", ["not an HDF5 file"]),
        ("m.json", b'{"keras_layers": ["LSTM"], "weights": [[1]]}', ["no weights left"]),
        ("m.json", b'{"keras_layers": "LSTM", "weights": []}', ["list of class names"]),
    ],
)
def test_malformed_files(client, name, data, words):
    refused(upload(client, name, data), *words)


def test_malformed_keras_config(client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("config.json", b"{not json")
        z.writestr("model.weights.h5", b"")
    refused(upload(client, "m.keras", buf.getvalue()), "not JSON")
    data = keras_with_config(lambda c: c["config"].update(layers="everything"))
    refused(upload(client, "m.keras", data), "no list of layers")


def test_state_dict_with_a_recurrent_tensor_missing(client):
    """Found by the fuzzer: weight_hh_l0 without weight_ih_l0 was an IndexError (a 500)."""
    header = {"weight_hh_l0": {"dtype": "F64", "shape": [2, 2], "data_offsets": [0, 32]}}
    head = json.dumps(header).encode()
    data = struct.pack("<Q", len(head)) + head + b"\0" * 32
    refused(upload(client, "w.safetensors", data), "no weight_ih_l0")
