"""The losses of issue 14 beside sum and mse: ``last`` and ``cross_entropy`` (app/engine/losses.py).

Their gradients against torch.autograd are golden cases of tests/fixtures/gradients_golden.json
(rnn_tanh_last, gru_2layer_bidir_last, lstm_softmax_cross_entropy, rnn_logits_cross_entropy,
gru_output_cross_entropy), checked by tests/test_gradients.py. Here: targets "next" for text
inputs, the 422s of cross_entropy's targets, and what ``last`` means for |dL/dh_t|.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

from tests.golden import load_golden, post

_, CASES = load_golden("gradients_golden.json")
TARGETS_LOC = ["body", "options", "gradients", "targets"]
TEXT = "hello world"
VOCAB = " dehlorw"


def text_body(targets: Any) -> dict[str, Any]:
    return {
        "model": {"cell": "lstm", "hidden_size": 5, "readout": {"size": len(VOCAB), "activation": "softmax"}},
        "weights": {"format": "random", "seed": 3},
        "inputs": {"text": TEXT, "vocabulary": VOCAB},
        "options": {"gradients": {"loss": "cross_entropy", "targets": targets}},
    }


def test_next_is_the_next_characters_index(client: Any) -> None:
    nxt = post(client, text_body("next"))
    ids = [VOCAB.index(c) for c in TEXT[1:]] + [-1]  # the last step has no next character
    explicit = post(client, text_body([ids]))
    assert nxt["gradients"]["loss"] == explicit["gradients"]["loss"]
    assert nxt["gradients"]["parameters"] == explicit["gradients"]["parameters"]
    # the loss is the mean of -log p(next character) over the 10 scored steps
    y = np.asarray(nxt["y"])[0]
    want = -np.mean([np.log(y[t, VOCAB.index(TEXT[t + 1])]) for t in range(len(TEXT) - 1)])
    assert nxt["gradients"]["loss"] == pytest.approx(want, rel=1e-12)


def test_cross_entropy_in_float32(client: Any) -> None:
    body = text_body("next")
    body["options"]["dtype"] = "float32"
    want = post(client, text_body("next"))["gradients"]["loss"]
    assert post(client, body)["gradients"]["loss"] == pytest.approx(want, rel=1e-5)


def numbers_body(targets: Any) -> dict[str, Any]:
    body = copy.deepcopy(CASES["lstm_softmax_cross_entropy"]["request"])  # B=2, T=6, O=5
    body["options"]["gradients"] = {"loss": "cross_entropy"} | (
        {} if targets is None else {"targets": targets}
    )
    return body


CE_ERRORS = [
    ("missing", numbers_body(None), "missing"),
    ("next_for_numbers", numbers_body("next"), "text or token-id inputs"),
    ("class_too_large", numbers_body([[5] * 6, [0] * 6]), "below 5"),
    ("not_integer", numbers_body([[0.5] * 6, [0] * 6]), "integer"),
    ("shape", numbers_body([[0] * 5, [0] * 5]), "(2, 6)"),
    ("word", numbers_body("previous"), ""),
]


@pytest.mark.parametrize(("label", "body", "says"), [pytest.param(*e, id=e[0]) for e in CE_ERRORS])
def test_cross_entropy_targets_errors(client: Any, label: str, body: dict[str, Any], says: str) -> None:
    r = client.post("/api/v1/forward", json=body)
    assert r.status_code == 422, f"{label}: {r.status_code} {r.text[:300]}"
    detail = r.json()["detail"]
    assert any(d["loc"][: len(TARGETS_LOC)] == TARGETS_LOC for d in detail), detail
    assert says in " ".join(d["msg"] for d in detail), detail


def test_last_scores_only_the_last_step(client: Any) -> None:
    """With loss last, dL/dh_t is what reaches step t back from T-1: for a tanh RNN with small
    weights it shrinks step by step going back (vanishing), while loss sum feeds every step."""
    body = {
        "model": {"cell": "rnn", "hidden_size": 8},
        "weights": {"format": "random", "seed": 1},
        "inputs": np.linspace(-1, 1, 30).tolist(),
        "options": {"gradients": {"loss": "last"}},
    }
    g = post(client, body)
    out = np.asarray(g["output"])
    assert g["gradients"]["loss"] == pytest.approx(out[:, -1].sum(), rel=1e-12)
    norm = np.linalg.norm(np.asarray(g["gradients"]["hidden"][0]["forward"])[0], axis=-1)
    assert norm[-1] == pytest.approx(np.sqrt(8))  # dL/dh_{T-1} = 1 for every unit
    assert norm[0] < 1e-3 * norm[-1], norm
    body["options"]["gradients"] = {"loss": "sum"}
    total = np.linalg.norm(np.asarray(post(client, body)["gradients"]["hidden"][0]["forward"])[0], axis=-1)
    assert total[0] > 0.1 * total[-1], total
