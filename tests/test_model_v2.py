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
