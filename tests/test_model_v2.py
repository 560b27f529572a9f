"""Model v2 (docs/API.md "Issue 9") against torch in float64, through HTTP.

tests/fixtures/model_v2_golden.json is written by ``scripts/make_v2_fixtures.py``: networks torch has
natively (Embedding → LSTM/GRU → Linear head, packed sequences, a bidirectional many-to-one model;
their state_dicts with module prefixes in the "pytorch" format) and a torch re-implementation for
what nn modules lack (peepholes, clip, the ONNX/Keras activations, reverse-only layers, merge modes,
Keras mask_zero). Every forward field and every gradient is compared at rtol 1e-10 / atol 1e-12.
Nothing here imports torch.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

from rnnscope.encoding import decode_array
from tests.golden import compare, fail_with, load_golden, post

GOLDEN, CASES = load_golden("model_v2_golden.json")
TOL = GOLDEN["tolerances"]["float64"]
FIELDS = ("output", "y", "y_final", "h_n", "c_n", "embedding", "head")


def check(name: str, got: dict[str, Any], want: dict[str, Any], tol: dict[str, float]) -> None:
    errors: list[str] = []
    for key in FIELDS:
        if key in want:
            compare(got.get(key), want[key], key, errors, tol)
    if "gradients" in want:
        g, w = got.get("gradients") or {}, want["gradients"]
        compare(g.get("loss"), w["loss"], "gradients.loss", errors, tol)
        if "inputs" in w:
            compare(g.get("inputs"), w["inputs"], "gradients.inputs", errors, tol)
        params = g.get("parameters") or {}
        if sorted(params) != sorted(w["parameters"]):
            errors.append(f"gradients.parameters: keys {sorted(params)}, expected {sorted(w['parameters'])}")
        for key, value in w["parameters"].items():
            compare(params.get(key), value, f"gradients.parameters.{key}", errors, tol)
    fail_with(name, errors)


@pytest.mark.parametrize("name", list(CASES))
def test_forward_and_gradients_match_torch(client, name: str) -> None:
    case = CASES[name]
    check(name, post(client, case["request"]), case["expected"], TOL)


@pytest.mark.parametrize("name", list(CASES))
def test_base64_and_float32(client, name: str) -> None:
    """The same numbers in base64 (exact) and in float32 (to float32's precision)."""
    case = CASES[name]
    req = copy.deepcopy(case["request"])
    req["options"]["encoding"] = "base64"
    got = post(client, req)

    def decoded(v: Any) -> Any:
        if isinstance(v, dict) and "bdata" in v:
            return decode_array(v)
        if isinstance(v, dict):
            return {k: decoded(x) for k, x in v.items()}
        if isinstance(v, list):
            return [decoded(x) for x in v]
        return v

    check(name, decoded(got), case["expected"], TOL)
    req["options"]["dtype"] = "float32"
    req["options"]["encoding"] = "json"
    req["options"]["gradients"] = False
    want = {k: v for k, v in case["expected"].items() if k != "gradients"}
    check(name, post(client, req), want, {"rtol": 2e-4, "atol": 2e-5})


def test_response_names_the_new_parts(client) -> None:
    case = CASES["emb_bilstm_many_to_one"]
    got = post(client, case["request"])
    m = got["model"]
    assert m["embedding"]["num_embeddings"] == 13 and m["embedding"]["embedding_dim"] == 4
    assert [layer["direction"] for layer in m["layers"]] == ["bidirectional", "bidirectional"]
    assert [(d["size"], d["activation"]) for d in m["head"]] == [(8, "relu"), (1, "sigmoid")]
    assert m["head_on"] == "final" and m["readout"] is None
    assert got["lengths"] == [4, 6, 2]
    assert np.array(got["y_final"]).shape == (3, 1)
    assert [sorted(layer) for layer in got["trace"]] == [["backward", "forward"]] * 2


def test_resolved_model_and_canonical_weights_round_trip(client) -> None:
    """The response's model with /convert's canonical weights is a valid request giving the same y."""
    for name in ("emb_bilstm_many_to_one", "gru_rnn_merge_modes_final", "keras_mask_zero",
                 "lstm_peepholes_clip_activations"):  # fmt: skip
        req = CASES[name]["request"]
        first = post(client, req)
        conv = client.post("/api/v1/convert", json={"model": req["model"], "weights": req["weights"],
                                                    "to": "canonical"})  # fmt: skip
        assert conv.status_code == 200, conv.text[:500]
        body = {**req, "model": first["model"], "weights": conv.json()["weights"]}
        again = post(client, body)
        for key in ("output", "y", "y_final"):
            if key in first:
                np.testing.assert_allclose(
                    np.array(again[key], float), np.array(first[key], float), rtol=0, atol=0
                )


# ---------------------------------------------------------------------------------------------
# inputs, options and errors of the new parts, through HTTP


def text_model_request(**changes: Any) -> dict[str, Any]:
    req = copy.deepcopy(CASES["emb_lstm2_fc_every_step"]["request"])
    req["options"] = {"gradients": False}
    req.update(changes)
    return req


def detail(r: Any, status: int = 422) -> dict[str, Any]:
    assert r.status_code == status, r.text[:1000]
    return r.json()["detail"][0]


def test_text_maps_to_ids_over_the_vocabulary(client) -> None:
    """Text on a model with an embedding becomes ids (index in the vocabulary), by characters or
    by words; the top-level vocabulary (a weights import's) serves when inputs has none."""
    vocab = ["<pad>", "the", "cat", "sat", *[f"w{i}" for i in range(9)]]  # 13 = num_embeddings
    by_words = post(
        client, text_model_request(inputs={"text": "the cat sat", "split": "words"}, vocabulary=vocab)
    )
    by_ids = post(client, text_model_request(inputs={"ids": [1, 2, 3]}))
    np.testing.assert_array_equal(np.array(by_words["y"]), np.array(by_ids["y"]))
    assert by_words["tokens"] == [["the", "cat", "sat"]]
    chars = post(client, text_model_request(inputs={"text": "abca", "vocabulary": "xabc"}))
    np.testing.assert_array_equal(
        np.array(chars["y"]), np.array(post(client, text_model_request(inputs={"ids": [1, 2, 3, 1]}))["y"])
    )
    d = detail(
        client.post(
            "/api/v1/forward",
            json=text_model_request(inputs={"text": "dog", "split": "words"}, vocabulary=vocab),
        )
    )
    assert d["loc"] == ["body", "inputs", "vocabulary"] and "dog" in d["msg"]


@pytest.mark.parametrize(
    "changes, loc, words",
    [
        ({"inputs": {"ids": [[1, 13, 2]]}}, ["inputs", "ids"], ["[0, 13)", "13", "[0, 1]"]),
        ({"inputs": {"ids": [[1, -1]]}}, ["inputs", "ids"], ["[0, 13)", "-1"]),
        ({"inputs": {"ids": [[1.5, 2]]}}, ["inputs", "ids"], ["integer", "1.5"]),
        ({"inputs": [[0.5, 0.1, 0.2, 0.3]]}, ["inputs"], ["token ids", "numbers"]),
        ({"inputs": {"ids": [[1, 2, 3]]}, "lengths": [4]}, ["lengths", 0], ["[1, 3]", "4"]),
        ({"inputs": {"ids": [[1, 2, 3]]}, "lengths": [2, 2]}, ["lengths"], ["(1,)", "(2,)"]),
        ({"inputs": {"text": "abc"}}, ["inputs", "vocabulary"], ["vocabulary", "missing"]),
    ],
)
def test_bad_ids_and_lengths_are_located(client, changes, loc, words) -> None:
    d = detail(client.post("/api/v1/forward", json=text_model_request(**changes)))
    assert d["loc"] == ["body", *loc], d
    for w in words:
        assert w in d["msg"], (w, d["msg"])


def test_ids_need_an_embedding(client) -> None:
    req = {"model": {"cell": "rnn", "input_size": 2, "hidden_size": 3}, "weights": {"format": "random"},
           "inputs": {"ids": [1, 2]}}  # fmt: skip
    d = detail(client.post("/api/v1/forward", json=req))
    assert d["loc"] == ["body", "inputs", "ids"] and "embedding" in d["msg"]


def random_v2(**model: Any) -> dict[str, Any]:
    base = {"cell": "lstm", "input_size": 2, "layers": [{"hidden_size": 3}]}
    return {"model": {**base, **model}, "weights": {"format": "random"}, "inputs": [[0.1, 0.2], [0.3, 0.4]]}


@pytest.mark.parametrize(
    "body, loc, words",
    [
        (random_v2(readout={"size": 2}, head=[{"size": 2}]), ["model", "head"], ["readout or head"]),
        (random_v2(layers=[{"hidden_size": 3, "activations": {"cell": "affine"}}]),
         ["model", "layers", 0, "activations", "cell"], ["affine", "alpha"]),
        (random_v2(layers=[{"hidden_size": 3, "return_sequences": False}, {"hidden_size": 2}]),
         ["model", "layers", 0, "return_sequences"], ["last layer"]),
        (random_v2(layers=[{"cell": "gru", "hidden_size": 3, "peepholes": True}]),
         ["model", "layers", 0, "peepholes"], ["lstm only"]),
        ({**random_v2(), "weights": {"format": "keras", "layers": []}}, ["model", "layers"], ["canonical or pytorch"]),
    ],
)  # fmt: skip
def test_bad_v2_models_are_located(client, body, loc, words) -> None:
    d = detail(client.post("/api/v1/forward", json=body))
    assert d["loc"] == ["body", *loc], d
    for w in words:
        assert w in d["msg"], (w, d["msg"])


def test_v2_sizes_count_in_the_limits(make_client) -> None:
    c = make_client(max_vocabulary=10, max_hidden_size=8)
    body = random_v2(embedding={"num_embeddings": 11, "embedding_dim": 2})
    body["inputs"] = {"ids": [1, 2]}
    d = detail(c.post("/api/v1/forward", json=body), 413)
    assert (
        d["loc"] == ["body", "model", "embedding", "num_embeddings"] and "RNNSCOPE_MAX_VOCABULARY" in d["msg"]
    )
    d = detail(c.post("/api/v1/forward", json=random_v2(head=[{"size": 9}])), 413)
    assert d["loc"] == ["body", "model", "head", 0, "size"] and "RNNSCOPE_MAX_HIDDEN_SIZE" in d["msg"]
    d = detail(c.post("/api/v1/forward", json=random_v2(layers=[{"hidden_size": 9}])), 413)
    assert d["loc"] == ["body", "model", "layers", 0, "hidden_size"]


def test_trace_selection_covers_embedding_and_head(client) -> None:
    req = text_model_request()
    every = post(client, req)
    assert "embedding" in every and "head" in every
    req["options"]["trace"] = ["embedding", "h"]
    some = post(client, req)
    assert "embedding" in some and "head" not in some and set(some["trace"][0]["forward"]) == {"h"}
    req["options"]["trace"] = False
    none = post(client, req)
    assert "embedding" not in none and "head" not in none and "y" in none


def test_pytorch_state_dict_checks(client) -> None:
    req = text_model_request()
    sd = req["weights"]["state_dict"]
    sd["bn.running_mean"] = [0.0, 0.0]
    d = detail(client.post("/api/v1/forward", json=req))
    assert d["loc"] == ["body", "weights", "state_dict", "bn.running_mean"], d
    req = copy.deepcopy(CASES["emb_bigru_packed_two_layer_head"]["request"])
    req["model"].pop("head")
    req["options"] = {}
    got = post(client, req)
    assert any("no activations" in w for w in got["warnings"]), got["warnings"]


def test_convert_v2(client) -> None:
    """pytorch and canonical hold model v2 networks (the pytorch writer as one module's state_dict
    when nn modules can express it); keras and tf1 answer a 422 naming what they cannot hold."""
    req = CASES["emb_bilstm_many_to_one"]["request"]
    want = post(client, req)["y_final"]
    for to in ("pytorch", "canonical"):
        r = client.post("/api/v1/convert", json={"model": req["model"], "weights": req["weights"], "to": to})
        assert r.status_code == 200, r.text[:500]
        out = r.json()
        again = post(client, {**req, "model": out["model"], "weights": out["weights"]})
        np.testing.assert_array_equal(np.array(again["y_final"]), np.array(want))
    for to in ("keras", "tf1"):
        d = detail(
            client.post("/api/v1/convert", json={"model": req["model"], "weights": req["weights"], "to": to})
        )
        assert d["loc"] == ["body", "to"] and "canonical or pytorch" in d["msg"]
    peep = CASES["lstm_peepholes_clip_activations"]["request"]
    d = detail(
        client.post(
            "/api/v1/convert", json={"model": peep["model"], "weights": peep["weights"], "to": "pytorch"}
        )
    )
    assert d["loc"] == ["body", "to"] and "layer 0" in d["msg"]


def test_initial_state_per_layer_when_widths_differ(client) -> None:
    """Layers of widths 3 and 2: initial_state.h / .c are lists of (B, P_s) arrays (or (P_s) for every
    row); the stack equals its layers run one after the other, each from its own state, and
    dL/dh0, dL/dc0 come back as lists of the same shapes."""
    rng = np.random.default_rng(5)

    def lstm(n: int, H: int) -> dict[str, Any]:
        return {"W_ih": rng.normal(size=(4 * H, n)).tolist(), "W_hh": rng.normal(size=(4 * H, H)).tolist(),
                "b_ih": rng.normal(size=4 * H).tolist(), "b_hh": rng.normal(size=4 * H).tolist()}  # fmt: skip

    l0, l1 = lstm(2, 3), lstm(3, 2)
    x = rng.normal(size=(2, 4, 2)).tolist()
    h = [rng.normal(size=(2, 3)).tolist(), rng.normal(size=2).tolist()]
    c = [rng.normal(size=(2, 3)).tolist(), rng.normal(size=(2, 2)).tolist()]
    model = {"cell": "lstm", "layers": [{"hidden_size": 3}, {"hidden_size": 2}]}
    both = post(client, {"model": model, "weights": {"format": "canonical", "layers": [{"forward": l0}, {"forward": l1}]},
                         "inputs": x, "initial_state": {"h": h, "c": c}, "options": {"gradients": True}})  # fmt: skip
    first = post(client, {"model": {"cell": "lstm"}, "weights": {"format": "canonical", "layers": [{"forward": l0}]},
                          "inputs": x, "initial_state": {"h": [h[0]], "c": [c[0]]}})  # fmt: skip
    h1 = [h[1], h[1]]
    second = post(client, {"model": {"cell": "lstm"}, "weights": {"format": "canonical", "layers": [{"forward": l1}]},
                           "inputs": first["output"], "initial_state": {"h": [h1], "c": [c[1]]},
                           "options": {"gradients": True}})  # fmt: skip
    np.testing.assert_allclose(np.array(both["output"]), np.array(second["output"]), rtol=1e-14, atol=1e-15)
    assert [np.array(a).shape for a in both["h_n"]] == [(2, 3), (2, 2)]
    g = both["gradients"]["initial_state"]
    assert [np.array(a).shape for a in g["h"]] == [(2, 3), (2, 2)] and [
        np.array(a).shape for a in g["c"]
    ] == [(2, 3), (2, 2)]
    np.testing.assert_allclose(
        np.array(g["h"][1]), np.array(second["gradients"]["initial_state"]["h"][0]), rtol=1e-12
    )
    d = detail(client.post("/api/v1/forward", json={"model": model, "weights": {"format": "random"}, "inputs": x,
                                                    "initial_state": {"h": [h[0]]}}))  # fmt: skip
    assert d["loc"] == ["body", "initial_state", "h"] and "[3, 2]" in d["msg"]
