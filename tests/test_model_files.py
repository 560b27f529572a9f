"""Model files written by torch and Keras (tests/fixtures/models, made by scripts/make_model_files.py)
imported over HTTP and run by /api/v1/forward: every output compared with the framework's own.

The import answer is sent back as it is, with ``inputs`` added (and what a user sets after reading
the warnings of a file that does not say it: ``set`` in expected.json). Float32 files: rtol = atol =
1e-5; the float64 PyTorch model: rtol 1e-12. Neither torch nor Keras is needed here.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rnnscope.formats.files import read_upload
from rnnscope.formats.files.record import dumps

FIXTURES = Path(__file__).parent / "fixtures" / "models"
EXPECTED: dict[str, dict[str, Any]] = json.loads((FIXTURES / "expected.json").read_text())
TOL = {"float32": {"rtol": 1e-5, "atol": 1e-5}, "float64": {"rtol": 1e-12, "atol": 1e-14}}


def upload(client, *names: str, data: dict[str, bytes] | None = None):
    data = data or {}
    files = [("file", (n, data[n] if n in data else (FIXTURES / n).read_bytes())) for n in names]
    return client.post("/api/v1/weights/import", files=files)


def forward_body(answer: dict[str, Any], e: dict[str, Any]) -> dict[str, Any]:
    """The whole answer, with what the user sets after reading its warnings, and the inputs."""
    body = {**answer, "model": copy.deepcopy(answer["model"])}
    told = e.get("set", {})
    if "nonlinearity" in told:
        body["model"]["nonlinearity"] = told["nonlinearity"]
    if "head_on" in told:
        body["model"]["head_on"] = told["head_on"]
    if "head_activations" in told:
        for layer, act in zip(body["model"]["head"], told["head_activations"], strict=True):
            layer["activation"] = act
    body["inputs"] = e["inputs"]
    if "lengths" in e:
        body["lengths"] = e["lengths"]
    return body


def compare(got: Any, want: Any, dtype: str, what: str) -> None:
    np.testing.assert_allclose(np.asarray(got, float), np.asarray(want, float), **TOL[dtype], err_msg=what)


CASES = sorted(EXPECTED)


@pytest.mark.parametrize("case", CASES)
def test_file_runs_as_the_framework_ran_it(client, case):
    name = case.split("#")[0]
    e = EXPECTED[case]
    r = upload(client, name)
    assert r.status_code == 200, r.text
    answer = r.json()
    framework = "PyTorch state_dict" if name.startswith("pt_") else "Keras"
    assert answer["summary"].startswith(framework), answer["summary"]
    assert answer["weights"]["format"] == "canonical"
    f = client.post("/api/v1/forward", json=forward_body(answer, e))
    assert f.status_code == 200, f.text
    out = f.json()
    dtype = e["dtype"]
    if "y" in e:
        want = np.asarray(e["y"])
        if e.get("time_order") == "processing":  # Keras go_backwards: last step first
            want = want[:, ::-1]
        got = np.asarray(out["y"], float)
        if "lengths" in e:  # past its length PyTorch's head sees padding zeros: compare the valid steps
            for b, n in enumerate(e["lengths"]):
                compare(got[b, :n], want[b, :n], dtype, f"{case}: y[{b}, :{n}]")
        else:
            compare(got, want, dtype, f"{case}: y")
    if "y_final" in e:
        compare(out["y_final"], e["y_final"], dtype, f"{case}: y_final")
    if "output" in e:
        compare(out["output"], e["output"], dtype, f"{case}: output of the last recurrent layer")
    if "h_n" in e:
        compare(out["h_n"], e["h_n"], dtype, f"{case}: h_n")


@pytest.mark.parametrize("name", ["pt_lstm_tagger.pt", "k_lstm_tagger.keras", "pt_text_bigru.pth"])
def test_import_answer_is_a_forward_body(client, name):
    """The whole answer (summary, warnings, vocabulary included) with inputs added runs as it is."""
    r = upload(client, name, "vocab.txt")
    assert r.status_code == 200, r.text
    body = r.json() | {"inputs": EXPECTED[name]["inputs"]}
    f = client.post("/api/v1/forward", json=body)
    assert f.status_code == 200, f.text
    compare(f.json()["y"], EXPECTED[name]["y"], "float32", name)


def read(name: str) -> dict[str, Any]:
    """The reader's record of a fixture as the route writes it (the reader alone, no HTTP)."""
    return json.loads(dumps(read_upload({name: (FIXTURES / name).read_bytes()})))


SUMMARIES = {
    "pt_sentiment_f64.pt": "PyTorch state_dict: Embedding(30→8) → LSTM(8→6, bidirectional) → Linear(12→32) → Linear(32→1)",
    "pt_lstm_tagger.pt": "PyTorch state_dict: LSTM(3→4, 2 layers) → Linear(4→2)",
    "k_sentiment_functional.keras": "Keras Functional: Embedding(30→8) → Bidirectional(LSTM(6), concat) → Dropout(0.5) → "
    "Dense(32, relu) → Dense(1, sigmoid)",
    "k_text_bigru_masked.h5": "Keras Sequential: Embedding(20→6, mask_zero) → Bidirectional(GRU(5, return_sequences), "
    "concat) → Dense(3, softmax)",
    "k_lstm_relu.keras": "Keras Sequential: LSTM(4, activation=relu, return_sequences) → Dense(1)",
}


@pytest.mark.parametrize("name", sorted(SUMMARIES))
def test_summary_in_the_frameworks_words(name):
    assert read(name)["summary"] == SUMMARIES[name]


def test_keras_model_reads_its_layers_from_the_config():
    model = read("k_sentiment_functional.keras")["model"]
    assert model["embedding"] == {
        "num_embeddings": 30,
        "embedding_dim": 8,
        "padding_idx": None,
        "mask_zero": False,
    }
    assert model["layers"] == [
        {"cell": "lstm", "hidden_size": 6, "direction": "bidirectional", "merge_mode": "concat", "bias": True,
         "return_sequences": False}
    ]  # fmt: skip
    assert model["head"] == [{"size": 32, "activation": "relu"}, {"size": 1, "activation": "sigmoid"}]
    assert model["head_on"] == "final"
    gru = read("k_gru_hard_sigmoid_sum.keras")["model"]["layers"]
    assert gru[0]["activations"] == {"gate": {"name": "hard_sigmoid", "alpha": 1 / 6, "beta": 0.5}}
    assert (gru[1]["direction"], gru[1]["merge_mode"]) == ("bidirectional", "sum")
    back = read("k_gru_reset_before_backwards_final.keras")["model"]["layers"][0]
    assert (back["direction"], back["gru_reset_after"]) == ("reverse", False)


def test_keras_gates_become_pytorch_order():
    """LSTM i,f,c,o is i,f,g,o; GRU z,r,h becomes r,z,n with the reset_after bias rows as b_ih, b_hh.
    The Keras weights of the same model, read from the legacy .h5 and from the .keras file, agree."""
    a = read("k_text_bigru_masked.keras")["weights"]
    b = read("k_text_bigru_masked.h5")["weights"]
    assert a == b
    fwd = a["layers"][0]["forward"]
    assert set(fwd["W_x"]) == {"r", "z", "n"} and np.shape(fwd["W_x"]["r"]) == (5, 6)
    assert np.shape(fwd["b_h"]["n"]) == (5,)


def test_pytorch_state_dict_parts_found_by_shape():
    """Embedding, a bidirectional LSTM and an nn.Sequential head, nested under model.*."""
    answer = read("pt_sentiment_f64.pt")
    w = answer["weights"]
    assert np.shape(w["embedding"]) == (30, 8)
    assert [np.shape(h["W"]) for h in w["head"]] == [(32, 12), (1, 32)]
    assert set(w["layers"][0]) == {"forward", "backward"}
    assert any("head runs on every step" in x for x in answer["warnings"])
    assert any("activations are not in a state_dict" in x for x in answer["warnings"])


def test_weights_only_files_list_their_assumptions():
    answer = read("k_sentiment_functional.weights.h5")
    text = " ".join(answer["warnings"])
    for word in ("layer types", "activations", "return_sequences", "mask_zero"):
        assert word in text, word
    assert answer["summary"].startswith("Keras weights: Embedding(30→8) → Bidirectional(LSTM(6")
    names = read("k_lstm_tagger.get_weights.json")
    assert "class names only" in names["warnings"][0]


def test_vocabulary_beside_the_model():
    model = (FIXTURES / "pt_text_bigru.pth").read_bytes()
    answer = read_upload({"pt_text_bigru.pth": model, "vocab.txt": (FIXTURES / "vocab.txt").read_bytes()})
    assert answer["vocabulary"] == ["<pad>", *"abcdefghijklmnopqrs"]
    json_vocab = json.dumps({t: i for i, t in enumerate(answer["vocabulary"])}).encode()
    assert read_upload({"m.pth": model, "vocab.json": json_vocab})["vocabulary"] == answer["vocabulary"]
    short = read_upload({"m.pth": model, "vocab.txt": b"a\nb\n"})
    assert "vocab.txt has 2 tokens, the embedding 20 rows" in short["warnings"]


def test_one_model_file_per_upload(client):
    r = upload(client, "pt_lstm_tagger.pt", "pt_relu_rnn.bin")
    assert r.status_code == 422
    assert "one model file" in r.json()["detail"][0]["msg"]
    r = upload(client, "vocab.txt")
    assert r.status_code == 422 and ".keras" in r.json()["detail"][0]["msg"]


def test_state_dict_with_tensors_it_cannot_place(client):
    """A LayerNorm between the LSTM and the head is not embedding → recurrent → Linear: a 422 naming it."""
    import struct

    rng = np.random.default_rng(1)
    tensors = {
        "lstm.weight_ih_l0": (8, 3),
        "lstm.weight_hh_l0": (8, 2),
        "norm.weight": (2,),
        "norm.bias": (2,),
    }
    header, blobs, at = {}, b"", 0
    for k, shape in tensors.items():
        data = rng.normal(size=shape).astype("<f4").tobytes()
        header[k] = {"dtype": "F32", "shape": list(shape), "data_offsets": [at, at + len(data)]}
        blobs, at = blobs + data, at + len(data)
    head = json.dumps(header).encode()
    r = upload(client, "m.safetensors", data={"m.safetensors": struct.pack("<Q", len(head)) + head + blobs})
    assert r.status_code == 422
    assert (
        "cannot place" in r.json()["detail"][0]["msg"] and "norm.weight [2]" in r.json()["detail"][0]["msg"]
    )


def test_float32_weights_round_trip_exactly():
    """A float32 weight is written as the shortest decimal that reads back as the same float32."""
    record = read_upload({"m.pt": (FIXTURES / "pt_lstm_tagger.pt").read_bytes()})
    sent = json.loads(dumps(record))
    for gate in "ifgo":
        stored = record["weights"]["layers"][0]["forward"]["W_x"][gate]
        assert stored.dtype == np.float32
        np.testing.assert_array_equal(
            np.asarray(sent["weights"]["layers"][0]["forward"]["W_x"][gate], np.float32), stored
        )
