"""The seed text's hand-computed RNN (REFERENCE.md §2): the project's first acceptance case."""

from __future__ import annotations

import numpy as np
import pytest

BEFORE = [[0.6, 0.5], [1.2923401038778066, 1.3922567763036109]]
STATE = [[0.5370495669980352, 0.46211715726000974], [0.8597381843462615, 0.8836664119437349]]
OUTPUT = [1.5612838815180548, 2.727071008233731]
BOOK_WEIGHTS = {
    "format": "book",
    "w_cell_state": [[0.1, 0.2], [0.3, 0.4]],
    "w_cell_input": [0.5, 0.6],
    "b_cell": [0.1, -0.1],
    "w_output": [[1.0], [2.0]],
    "b_output": 0.1,
}


def check_book(body: dict) -> None:
    trace = body["trace"][0]["forward"]
    np.testing.assert_allclose(trace["pre_activation"]["h"][0], BEFORE, rtol=1e-15, atol=1e-16)
    np.testing.assert_allclose(trace["h"][0], STATE, rtol=1e-15)
    np.testing.assert_allclose(trace["gates"]["h"][0], STATE, rtol=1e-15)
    np.testing.assert_allclose(body["output"][0], STATE, rtol=1e-15)
    np.testing.assert_allclose(np.array(body["y"][0])[:, 0], OUTPUT, rtol=1e-15)
    # input_term = x · w_cell_input + b_cell, recurrent_term = state · w_cell_state
    np.testing.assert_allclose(trace["input_term"]["h"][0], [[0.6, 0.5], [1.1, 1.1]], rtol=1e-15)
    np.testing.assert_allclose(
        trace["recurrent_term"]["h"][0],
        [[0.0, 0.0], np.array(STATE[0]) @ [[0.1, 0.2], [0.3, 0.4]]],
        rtol=1e-15,
    )


def test_book_preset_reproduces_the_seed(client):
    req = client.get("/api/v1/presets/book-rnn").json()
    assert req["weights"]["format"] == "book"
    r = client.post("/api/v1/forward", json=req)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["batch"], body["steps"]) == (1, 2)
    assert body["model"]["readout"] == {"size": 1, "activation": "identity"}
    check_book(body)


@pytest.mark.parametrize(
    "inputs", [[1.0, 2.0], [[1.0], [2.0]], [[[1.0], [2.0]]]], ids=["(T)", "(T,I)", "(B,T,I)"]
)
def test_book_by_hand_written_request(client, inputs):
    req = {
        "model": {"cell": "rnn"},
        "weights": BOOK_WEIGHTS,
        "inputs": inputs,
        "initial_state": {"h": [[0.0, 0.0]]},
    }
    r = client.post("/api/v1/forward", json=req)
    assert r.status_code == 200, r.text
    check_book(r.json())


def test_book_as_pytorch_state_dict(client):
    """REFERENCE.md §2: weight_ih = w_cell_input[:, None], weight_hh = w_cell_state.T."""
    sd = {
        "weight_ih_l0": [[0.5], [0.6]],
        "weight_hh_l0": np.array([[0.1, 0.2], [0.3, 0.4]]).T.tolist(),
        "bias_ih_l0": [0.1, -0.1],
        "bias_hh_l0": [0.0, 0.0],
    }
    weights = {"format": "pytorch", "state_dict": sd, "readout": {"weight": [[1.0, 2.0]], "bias": [0.1]}}
    r = client.post("/api/v1/forward", json={"model": {"cell": "rnn"}, "weights": weights, "inputs": [1, 2]})
    assert r.status_code == 200, r.text
    check_book(r.json())


def test_every_preset_runs_and_is_described(client):
    presets = client.get("/api/v1/presets").json()
    assert [p["id"] for p in presets][:2] == ["book-rnn", "tf1-basic-lstm"]
    for p in presets:
        assert len(p["description"]) > 200 and p["title"]
        req = client.get(f"/api/v1/presets/{p['id']}").json()
        r = client.post("/api/v1/forward", json=req)
        assert r.status_code == 200, (p["id"], r.text)
        assert r.json()["model"]["cell"] == p["cell"]


def test_gradient_presets_show_what_they_promise(client):
    def curve(pid):
        body = client.post("/api/v1/forward", json=client.get(f"/api/v1/presets/{pid}").json()).json()
        return np.array(body["gradients"]["jacobian_norm"][0]["forward"][0])

    vanishing, exploding, lstm = curve("vanishing-tanh"), curve("exploding-linear"), curve("lstm-memory")
    assert vanishing[-1] == 1.0 and vanishing[0] < 1e-12 and np.all(np.diff(vanishing) > 0)
    np.testing.assert_allclose(exploding[::-1], 1.5 ** np.arange(len(exploding)), rtol=1e-12)
    assert lstm.min() > 0.5  # the cell path keeps the first step in reach
