"""Typed arrays in requests (issue 11): any array a request holds (weights, inputs, initial state,
targets) may be ``{"dtype": "f8"|"f4", "shape": [...], "bdata": base64}``, the form the base64
encoding answers with. Checked over HTTP against the same request with nested lists."""

from __future__ import annotations

import numpy as np
import pybase64
import pytest

RNG = np.random.default_rng(4)


def typed(a, dtype: str = "f8") -> dict:
    a = np.ascontiguousarray(a, "<f8" if dtype == "f8" else "<f4")
    return {"dtype": dtype, "shape": list(a.shape), "bdata": pybase64.b64encode(a.tobytes()).decode()}


STATE_DICT = {
    "weight_ih_l0": RNG.normal(size=(16, 3)),
    "weight_hh_l0": RNG.normal(size=(16, 4)),
    "bias_ih_l0": RNG.normal(size=16),
    "bias_hh_l0": RNG.normal(size=16),
}
X = RNG.normal(size=(2, 5, 3))
H0 = RNG.normal(size=(1, 2, 4))


def body(sd, x, **extra) -> dict:
    return {
        "model": {"cell": "lstm"},
        "weights": {"format": "pytorch", "state_dict": sd},
        "inputs": x,
        **extra,
    }


def forward(client, req) -> dict:
    r = client.post("/api/v1/forward", json=req)
    assert r.status_code == 200, r.text
    return r.json()


def test_typed_arrays_give_the_numbers_of_the_lists(client):
    lists = forward(client, body({k: v.tolist() for k, v in STATE_DICT.items()}, X.tolist(),
                                 initial_state={"h": H0.tolist(), "c": H0.tolist()}))  # fmt: skip
    typed_req = body({k: typed(v) for k, v in STATE_DICT.items()}, typed(X),
                     initial_state={"h": typed(H0), "c": typed(H0)})  # fmt: skip
    assert forward(client, typed_req) == lists  # every number of every field, as JSON
    # mixed, and one sequence (T, I) as a typed array
    mixed = body({**{k: v.tolist() for k, v in STATE_DICT.items()}, "weight_hh_l0": typed(STATE_DICT["weight_hh_l0"])},
                 typed(X[0]))  # fmt: skip
    one = forward(client, body({k: v.tolist() for k, v in STATE_DICT.items()}, X[0].tolist()))
    assert forward(client, mixed) == one


def test_float32_typed_arrays_are_their_float32_values(client):
    sd32 = {k: v.astype(np.float32) for k, v in STATE_DICT.items()}
    lists = forward(client, body({k: v.astype(np.float64).tolist() for k, v in sd32.items()}, X.tolist()))
    assert forward(client, body({k: typed(v, "f4") for k, v in sd32.items()}, typed(X))) == lists


def test_keras_weights_and_targets_as_typed_arrays(client):
    kernel, rk, bias = RNG.normal(size=(3, 8)), RNG.normal(size=(2, 8)), RNG.normal(size=8)
    targets = RNG.normal(size=(1, 4, 2))
    x = RNG.normal(size=(1, 4, 3))

    def req(conv):
        return {
            "model": {"cell": "lstm"},
            "weights": {"format": "keras", "layers": [{"kernel": conv(kernel), "recurrent_kernel": conv(rk), "bias": conv(bias)}]},
            "inputs": conv(x),
            "options": {"gradients": {"loss": "mse", "targets": conv(targets)}},
        }  # fmt: skip

    assert forward(client, req(typed)) == forward(client, req(lambda a: a.tolist()))


@pytest.mark.parametrize(
    ("array", "where", "words"),
    [
        ({"dtype": "f2", "shape": [16], "bdata": ""}, ["dtype"], ['"f8" or "f4"', "'f2'"]),
        ({"dtype": "f8", "shape": [16, -1], "bdata": ""}, ["shape"], ["non-negative integers", "[16, -1]"]),
        ({"dtype": "f8", "shape": "16", "bdata": ""}, ["shape"], ["non-negative integers", "'16'"]),
        ({"dtype": "f8", "shape": [True], "bdata": ""}, ["shape"], ["non-negative integers"]),
        ({"dtype": "f8", "shape": [16], "bdata": 5}, ["bdata"], ["base64 string", "int"]),
        ({"dtype": "f8", "shape": [16], "bdata": "not base64!"}, ["bdata"], ["base64", "11 characters"]),
        (
            {"dtype": "f8", "shape": [17], "bdata": typed(np.zeros(16))["bdata"]},
            ["bdata"],
            ["136 bytes", "got 128"],
        ),
        ({"dtype": "f8", "shape": [2**40, 2**40], "bdata": "AAAAAAAAAAA="}, ["bdata"], ["bytes", "got 8"]),
        (typed(np.full(16, np.nan)), [], ["finite", "nan"]),
        (typed(np.zeros((4, 4))), [], ["1-D", "(4, 4)"]),
        (typed(np.zeros(15)), [], ["(16,)", "(15,)"]),
    ],
)
def test_a_bad_typed_array_is_a_422_naming_its_field(client, array, where, words):
    sd = {**{k: typed(v) for k, v in STATE_DICT.items()}, "bias_hh_l0": array}
    r = client.post("/api/v1/forward", json=body(sd, X.tolist()))
    assert r.status_code == 422, r.text
    detail = r.json()["detail"][0]
    assert detail["loc"] == ["body", "weights", "state_dict", "bias_hh_l0", *where], detail
    for w in words:
        assert w in detail["msg"], detail


def test_typed_inputs_are_numbers_not_text(client):
    """A typed array where inputs may also be text or ids: read as numbers; with an extra key it
    is not a typed array (and not text either): a 422."""
    r = client.post("/api/v1/forward", json=body({k: typed(v) for k, v in STATE_DICT.items()}, typed(X)))
    assert r.status_code == 200 and r.json()["steps"] == 5
    bad = {**typed(X), "extra": 1}
    r = client.post("/api/v1/forward", json=body({k: typed(v) for k, v in STATE_DICT.items()}, bad))
    assert r.status_code == 422, r.text
