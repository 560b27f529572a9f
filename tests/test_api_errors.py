"""Every class of bad input gets a 4xx whose ``loc`` names the field and whose ``msg`` says what
was expected and what came; never a 500."""

from __future__ import annotations

import copy

import numpy as np
import pytest

LSTM_SD = {
    "weight_ih_l0": np.full((16, 3), 0.1).tolist(),
    "weight_hh_l0": np.full((16, 4), 0.1).tolist(),
    "bias_ih_l0": [0.0] * 16,
    "bias_hh_l0": [0.0] * 16,
}
GOOD = {
    "model": {"cell": "lstm"},
    "weights": {"format": "pytorch", "state_dict": LSTM_SD},
    "inputs": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
}


def with_(path: str, value, base=GOOD):
    """A copy of ``base`` with the value at a dotted path replaced (None deletes it)."""
    req = copy.deepcopy(base)
    *parents, last = path.split(".")
    node = req
    for p in parents:
        node = node.setdefault(p, {})
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value
    return req


def detail(r, status=422):
    assert r.status_code == status, r.text
    body = r.json()
    assert isinstance(body["detail"], list) and body["detail"], body
    return body["detail"][0]


def test_good_request_is_fine(client):
    assert client.post("/api/v1/forward", json=GOOD).status_code == 200


# (request, expected loc, words the msg must contain)
CASES = {
    "wrong weight shape": (
        with_("weights.state_dict.weight_hh_l0", np.zeros((4, 4)).tolist()),
        ["body", "weights", "state_dict", "weight_hh_l0"],
        ["expected shape (16, 4) for lstm hidden_size 4", "got (4, 4)"],
    ),
    "rows not a multiple of the gates": (
        with_("weights.state_dict.weight_hh_l0", np.zeros((6, 4)).tolist()),
        ["body", "weights", "state_dict", "weight_hh_l0"],
        ["multiple of 4", "got 6"],
    ),
    "missing tensor": (
        with_("weights.state_dict.bias_hh_l0", None),
        ["body", "weights", "state_dict", "bias_hh_l0"],
        ["missing"],
    ),
    "unknown tensor": (
        with_("weights.state_dict.weight_xx_l0", [[1.0]]),
        ["body", "weights", "state_dict", "weight_xx_l0"],
        ["unexpected key 'weight_xx_l0'"],
    ),
    "unknown format": (
        with_("weights.format", "onnx"),
        ["body", "weights"],
        ["onnx", "pytorch"],
    ),
    "model disagrees with the weights": (
        with_("model.hidden_size", 8),
        ["body", "model", "hidden_size"],
        ["model.hidden_size is 8", "weights imply 4"],
    ),
    "typo in a model field": (
        with_("model.hiden_size", 4),
        ["body", "model", "hiden_size"],
        ["Extra inputs are not permitted"],
    ),
    "unknown cell": (
        with_("model.cell", "transformer"),
        ["body", "model", "cell"],
        ["'rnn'", "'lstm'", "'gru'"],
    ),
    "zero hidden size": (
        with_("model.hidden_size", 0),
        ["body", "model", "hidden_size"],
        ["greater than or equal to 1"],
    ),
    "ragged inputs": (with_("inputs", [[1.0, 0.0, 0.0], [1.0]]), ["body", "inputs"], ["ragged"]),
    "strings in inputs": (
        with_("inputs", [["a", "b", "c"]]),
        ["body", "inputs"],
        ["expected numbers, got strings"],
    ),
    "null in a weight": (
        with_("weights.state_dict.bias_ih_l0", [None] * 16),
        ["body", "weights", "state_dict", "bias_ih_l0"],
        ["expected numbers"],
    ),
    "no steps": (with_("inputs", []), ["body", "inputs"], ["at least one time step"]),
    "no features": (with_("inputs", [[]]), ["body", "inputs"], ["non-empty", "(1, 1, 0)"]),
    "wrong feature count": (
        with_("inputs", [[1.0, 2.0]]),
        ["body", "inputs"],
        ["expected 3 features", "got 2"],
    ),
    "initial state shape": (
        with_("initial_state", {"h": [[0.0, 0.0]]}),
        ["body", "initial_state", "h"],
        ["expected shape (1, 4)", "got (1, 2)"],
    ),
    "cell state for a gru": (
        {
            "model": {"cell": "gru", "input_size": 1, "hidden_size": 2},
            "weights": {"format": "random"},
            "inputs": [1.0],
            "initial_state": {"c": [[0.0, 0.0]]},
        },
        ["body", "initial_state", "c"],
        ["only an lstm has a cell state"],
    ),
    "book format for an lstm": (
        {
            "model": {"cell": "lstm"},
            "weights": {"format": "book", "w_cell_state": [[1.0]], "w_cell_input": [1.0], "b_cell": [0.0]},
            "inputs": [1.0],
        },
        ["body", "model", "cell"],
        ["book format is for the rnn cell"],
    ),
    "random weights without a hidden size": (
        {"model": {"cell": "rnn", "input_size": 1}, "weights": {"format": "random"}, "inputs": [1.0]},
        ["body", "model", "hidden_size"],
        ["missing"],
    ),
    "text outside the vocabulary": (
        with_(
            "inputs",
            {"text": "abc", "vocabulary": "ab"},
            base={**GOOD, "model": {"cell": "rnn", "hidden_size": 2}, "weights": {"format": "random"}},
        ),
        ["body", "inputs", "vocabulary"],
        ["'c'"],
    ),
    "texts of different lengths": (
        with_(
            "inputs",
            {"texts": ["ab", "abc"]},
            base={**GOOD, "model": {"cell": "rnn", "hidden_size": 2}, "weights": {"format": "random"}},
        ),
        ["body", "inputs", "texts"],
        ["one length", "[2, 3]", "pad"],
    ),
    "keras kernel transposed": (
        {
            "model": {"cell": "rnn", "input_size": 1},
            "weights": {
                "format": "keras",
                "layers": [
                    {
                        "kernel": [[0.1], [0.2]],
                        "recurrent_kernel": [[0.1, 0.2], [0.3, 0.4]],
                        "bias": [0.0, 0.0],
                    }
                ],
            },
            "inputs": [[1.0], [2.0]],
        },
        ["body", "model", "input_size"],
        ["model.input_size is 1 but the weights imply 2", "weights.layers.0.kernel"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_located(client, name):
    req, loc, words = CASES[name]
    d = detail(client.post("/api/v1/forward", json=req))
    assert d["loc"] == loc, d
    for w in words:
        assert w in d["msg"], d


@pytest.mark.parametrize(
    "raw, reason",
    [
        ('{"inputs": [NaN]}', "unexpected character"),
        ('{"inputs": [Infinity]}', "unexpected character"),
        ('{"inputs": [1e999]}', "infinity"),
        ('{"inputs": [-1e400]}', "infinity"),
        ("[" * 5000 + "]" * 5000, "depth"),
        ('{"model": ', "unexpected end"),
        ("\x00\xff garbage", ""),
    ],
    ids=["NaN", "Infinity", "overflow", "-overflow", "deep nesting", "truncated", "garbage"],
)
def test_non_json_is_422_not_500(client, raw, reason):
    r = client.post(
        "/api/v1/forward",
        content=raw.encode("utf-8", "surrogateescape"),
        headers={"content-type": "application/json"},
    )
    d = detail(r)
    assert d["type"] == "json_invalid"
    assert "NaN and Infinity are not JSON numbers" in d["msg"]
    assert reason.lower() in d["msg"].lower()


def test_body_that_is_not_an_object(client):
    d = detail(client.post("/api/v1/forward", json=[1, 2, 3]))
    assert d["loc"] == ["body"]


def test_deeply_nested_inputs_within_json_limits(client):
    """200 levels parse as JSON but are no (B, T, I) array."""
    nested = 1.0
    for _ in range(200):
        nested = [nested]
    d = detail(client.post("/api/v1/forward", json=with_("inputs", nested)))
    assert d["loc"] == ["body", "inputs"]


def test_convert_reset_before_gru_to_pytorch(client):
    req = {
        "model": {"cell": "gru", "input_size": 2, "hidden_size": 3, "gru_reset_after": False},
        "weights": {"format": "random"},
        "to": "pytorch",
    }
    d = detail(client.post("/api/v1/convert", json=req))
    assert d["loc"] == ["body", "to"]
    assert "reset-before" in d["msg"]


def test_convert_projection_to_keras(client):
    req = {
        "model": {"cell": "lstm", "input_size": 2, "hidden_size": 3, "proj_size": 2},
        "weights": {"format": "random"},
        "to": "keras",
    }
    d = detail(client.post("/api/v1/convert", json=req))
    assert d["loc"] == ["body", "model", "proj_size"]


def test_unknown_preset_is_404(client):
    r = client.get("/api/v1/presets/nope")
    assert r.status_code == 404
    assert "book-rnn" in r.json()["detail"][0]["msg"]


# ---- limits: 413 naming the limit and its value ---------------------------------------------


def test_body_over_the_limit(make_client):
    c = make_client(max_body_bytes=2000)
    r = c.post("/api/v1/forward", json=with_("inputs", [[0.5, 0.5, 0.5]] * 200))
    d = detail(r, 413)
    assert "RNNSCOPE_MAX_BODY_BYTES" in d["msg"] and "2,000" in d["msg"]
    assert d["ctx"] == {"limit": "RNNSCOPE_MAX_BODY_BYTES", "value": 2000}


def test_chunked_body_over_the_limit(make_client):
    c = make_client(max_body_bytes=2000)

    def chunks():
        yield b'{"inputs": ['
        for _ in range(500):
            yield b"[0.5, 0.5, 0.5],"
        yield b"[0]]}"

    r = c.post("/api/v1/forward", content=chunks(), headers={"content-type": "application/json"})
    assert detail(r, 413)["ctx"]["limit"] == "RNNSCOPE_MAX_BODY_BYTES"


@pytest.mark.parametrize(
    "limits, req, setting, loc",
    [
        ({"max_steps": 5}, with_("inputs", [[0.0, 0.0, 0.0]] * 6), "RNNSCOPE_MAX_STEPS", ["body", "inputs"]),
        (
            {"max_batch": 2},
            with_("inputs", [[[0.0, 0.0, 0.0]]] * 3),
            "RNNSCOPE_MAX_BATCH",
            ["body", "inputs"],
        ),
        ({"max_trace_values": 100}, GOOD, "RNNSCOPE_MAX_TRACE_VALUES", ["body", "inputs"]),
        ({"max_work": 100}, GOOD, "RNNSCOPE_MAX_WORK", ["body", "inputs"]),
        ({"max_hidden_size": 2}, GOOD, "RNNSCOPE_MAX_HIDDEN_SIZE", ["body", "model", "hidden_size"]),
    ],
)
def test_work_over_the_limit(make_client, limits, req, setting, loc):
    d = detail(make_client(**limits).post("/api/v1/forward", json=req), 413)
    assert d["loc"] == loc
    assert d["ctx"]["limit"] == setting and setting in d["msg"]


def test_huge_random_network_is_refused_before_any_work(client):
    req = {
        "model": {"cell": "lstm", "input_size": 10**6, "hidden_size": 10**9, "num_layers": 10**6},
        "weights": {"format": "random"},
        "inputs": [1.0],
    }
    d = detail(client.post("/api/v1/forward", json=req), 413)
    assert d["loc"][:2] == ["body", "model"]
