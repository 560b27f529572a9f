"""Engine invariants and numerics (REFERENCE.md §1, §4), checked through the public API."""

from __future__ import annotations

import numpy as np
import pytest

from rnnscope.encoding import decode_array


def run(client, model, inputs, seed=0, **extra):
    req = {"model": model, "weights": {"format": "random", "seed": seed}, "inputs": inputs, **extra}
    r = client.post("/api/v1/forward", json=req)
    assert r.status_code == 200, r.text
    return r.json()


def arrays(body):
    """Decode a base64 response into numpy arrays, in place."""

    def walk(v):
        if isinstance(v, dict) and "bdata" in v:
            return decode_array(v)
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        if isinstance(v, list) and v and isinstance(v[0], dict):
            return [walk(x) for x in v]
        return v

    return walk(body)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


GATE_FUNCS = {
    "sigmoid": sigmoid,
    "hard_sigmoid": lambda x: np.clip(x / 6 + 0.5, 0, 1),
    "hard_sigmoid_keras2": lambda x: np.clip(0.2 * x + 0.5, 0, 1),
}
RNG = np.random.default_rng(1)
X = RNG.normal(size=(3, 6, 2)).tolist()


@pytest.mark.parametrize("gate_activation", list(GATE_FUNCS))
@pytest.mark.parametrize("cell", ["lstm", "gru", "gru-reset-before"])
def test_trace_satisfies_the_equations(client, cell, gate_activation):
    model = {
        "cell": cell[:3] if cell != "lstm" else "lstm",
        "input_size": 2,
        "hidden_size": 3,
        "gate_activation": gate_activation,
    }
    if cell == "gru-reset-before":
        model["gru_reset_after"] = False
    body = arrays(run(client, model, X, seed=5, options={"encoding": "base64"}))
    tr = body["trace"][0]["forward"]
    x, rec, pre, g = tr["input_term"], tr["recurrent_term"], tr["pre_activation"], tr["gates"]
    act = GATE_FUNCS[gate_activation]
    h = tr["h"]
    h_prev = np.concatenate([np.zeros((3, 1, 3)), h[:, :-1]], axis=1)
    if model["cell"] == "lstm":
        for k in "ifgo":
            np.testing.assert_allclose(pre[k], x[k] + rec[k], rtol=1e-14, atol=1e-15)
        for k in "ifo":
            np.testing.assert_allclose(g[k], act(pre[k]), rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(g["g"], np.tanh(pre["g"]), rtol=1e-13, atol=1e-15)
        c_prev = np.concatenate([np.zeros((3, 1, 3)), tr["c"][:, :-1]], axis=1)
        np.testing.assert_allclose(tr["c"], g["f"] * c_prev + g["i"] * g["g"], rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(h, g["o"] * np.tanh(tr["c"]), rtol=1e-13, atol=1e-15)
    else:
        for k in "rz":
            np.testing.assert_allclose(pre[k], x[k] + rec[k], rtol=1e-14, atol=1e-15)
            np.testing.assert_allclose(g[k], act(pre[k]), rtol=1e-13, atol=1e-15)
        if model.get("gru_reset_after", True):
            np.testing.assert_allclose(pre["n"], x["n"] + g["r"] * rec["n"], rtol=1e-14, atol=1e-15)
        else:
            np.testing.assert_allclose(pre["n"], x["n"] + rec["n"], rtol=1e-14, atol=1e-15)
        np.testing.assert_allclose(g["n"], np.tanh(pre["n"]), rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(h, (1 - g["z"]) * g["n"] + g["z"] * h_prev, rtol=1e-13, atol=1e-15)


def test_reset_before_gru_matches_a_transcription_of_keras():
    """Keras GRU(reset_after=False), written out from its equations (z, r, h order, x @ kernel)."""
    from fastapi.testclient import TestClient

    from rnnscope.main import create_app

    rng = np.random.default_rng(3)
    I, u, T = 2, 3, 5
    kernel, rk, bias = rng.normal(size=(I, 3 * u)), rng.normal(size=(u, 3 * u)) * 0.5, rng.normal(size=3 * u)
    x = rng.normal(size=(T, I))
    h = np.zeros(u)
    expected = []
    for t in range(T):
        xz, xr, xh = np.split(x[t] @ kernel + bias, 3)
        z = sigmoid(xz + h @ rk[:, :u])
        r = sigmoid(xr + h @ rk[:, u : 2 * u])
        hh = np.tanh(xh + (r * h) @ rk[:, 2 * u :])
        h = z * h + (1 - z) * hh
        expected.append(h)
    weights = {
        "format": "keras",
        "layers": [{"kernel": kernel.tolist(), "recurrent_kernel": rk.tolist(), "bias": bias.tolist()}],
    }
    r = TestClient(create_app()).post(
        "/api/v1/forward", json={"model": {"cell": "gru"}, "weights": weights, "inputs": x.tolist()}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["model"]["gru_reset_after"] is False  # read from the 1-D bias
    np.testing.assert_allclose(body["output"][0], expected, rtol=1e-12, atol=1e-14)


def test_tf1_basic_lstm_matches_a_transcription(client):
    """BasicLSTMCell: [x, h] @ K + b split i, j, f, o; c = c·σ(f + forget_bias) + σ(i)·tanh(j)."""
    rng = np.random.default_rng(4)
    I, u, T, fb = 2, 3, 4, 1.0
    K, b = rng.normal(size=(I + u, 4 * u)) * 0.5, rng.normal(size=4 * u) * 0.1
    x = rng.normal(size=(T, I))
    c, h = np.zeros(u), np.zeros(u)
    hs = []
    for t in range(T):
        i, j, f, o = np.split(np.concatenate([x[t], h]) @ K + b, 4)
        c = c * sigmoid(f + fb) + sigmoid(i) * np.tanh(j)
        h = np.tanh(c) * sigmoid(o)
        hs.append(h)
    weights = {"format": "tf1", "layers": [{"kernel": K.tolist(), "bias": b.tolist()}], "forget_bias": fb}
    r = client.post(
        "/api/v1/forward", json={"model": {"cell": "lstm"}, "weights": weights, "inputs": x.tolist()}
    )
    assert r.status_code == 200, r.text
    np.testing.assert_allclose(r.json()["output"][0], hs, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(r.json()["c_n"][0][0], c, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_nan_poisons_only_its_row_from_its_step(client, cell):
    x = np.array(RNG.normal(size=(3, 6, 2)))
    base = arrays(
        run(
            client,
            {"cell": cell, "hidden_size": 3, "bidirectional": True},
            x.tolist(),
            options={"encoding": "base64"},
        )
    )
    # NaN cannot be sent as JSON; it arises from inf - inf inside a relu net below. Here: inject via
    # the engine directly to check the propagation pattern.
    from rnnscope.engine import forward
    from rnnscope.formats import read_network

    net = read_network(
        {"cell": cell, "input_size": 2, "hidden_size": 3, "bidirectional": True},
        set(),
        {"format": "random", "seed": 0},
    )
    x[1, 2, 0] = np.nan
    out = forward(net, x)
    fwd, bwd = out.output[..., :3], out.output[..., 3:]
    assert np.isnan(fwd[1, 2:]).all() and np.isfinite(fwd[1, :2]).all()
    assert np.isnan(bwd[1, :3]).all() and np.isfinite(bwd[1, 3:]).all()
    np.testing.assert_array_equal(out.output[[0, 2]], base["output"][[0, 2]])
    assert any("non-finite" in w and "from step 2" in w for w in out.warnings)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_huge_inputs_saturate_without_warnings(client, cell, dtype):
    """±1e30 drives every sigmoid and tanh to exactly 0/±1: no overflow warning (pytest turns
    warnings into errors), no NaN, and a saturation note."""
    x = [[1e30, -1e30]] * 4
    body = run(client, {"cell": cell, "hidden_size": 4}, x, options={"dtype": dtype})
    out = np.array(body["output"])
    assert np.isfinite(out).all()
    assert any("saturated" in w for w in body["warnings"])


def test_float32_out_of_range_is_a_422(client):
    req = {
        "model": {"cell": "rnn", "hidden_size": 2},
        "weights": {"format": "random"},
        "inputs": [1e300],
        "options": {"dtype": "float32"},
    }
    r = client.post("/api/v1/forward", json=req)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "options", "dtype"]


def test_diverging_relu_net_reports_non_finite_values_as_null(client):
    sd = {
        "weight_ih_l0": [[1e200], [1e200]],
        "weight_hh_l0": [[1e200, 1e200], [1e200, 1e200]],
        "bias_ih_l0": [0, 0],
        "bias_hh_l0": [0, 0],
    }
    req = {
        "model": {"cell": "rnn", "nonlinearity": "relu"},
        "weights": {"format": "pytorch", "state_dict": sd},
        "inputs": [1e200, 1.0, 1.0],
    }
    r = client.post("/api/v1/forward", json=req)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["output"][0][0] == [None, None]  # 1e400 overflows to inf: null in JSON
    assert any("non-finite" in w for w in body["warnings"])
    b64 = client.post("/api/v1/forward", json={**req, "options": {"encoding": "base64"}}).json()
    assert np.isinf(decode_array(b64["output"])[0, 0]).all()  # base64 keeps the infinity


def test_float32_returns_f4(client):
    body = run(
        client,
        {"cell": "lstm", "input_size": 2, "hidden_size": 3},
        X,
        options={"dtype": "float32", "encoding": "base64"},
    )
    assert body["output"]["dtype"] == "f4"
    f64 = arrays(
        run(client, {"cell": "lstm", "input_size": 2, "hidden_size": 3}, X, options={"encoding": "base64"})
    )
    np.testing.assert_allclose(decode_array(body["output"]), f64["output"], rtol=1e-5, atol=1e-5)


def test_bidirectional_final_states_match_outputs(client):
    """REFERENCE.md §1: h_n[-1] == output[:, 0, H:] and h_n[-2] == output[:, -1, :H]."""
    body = arrays(run(client, {"cell": "gru", "input_size": 2, "hidden_size": 3, "num_layers": 2, "bidirectional": True}, X,
                      options={"encoding": "base64"}))  # fmt: skip
    out, h_n = body["output"], body["h_n"]
    np.testing.assert_array_equal(h_n[-1], out[:, 0, 3:])
    np.testing.assert_array_equal(h_n[-2], out[:, -1, :3])


def test_random_weights_are_reproducible_and_seeded(client):
    m = {"cell": "lstm", "input_size": 2, "hidden_size": 3}
    a, b, c = (run(client, m, X, seed=s)["output"] for s in (7, 7, 8))
    assert a == b and a != c


def test_text_inputs_are_one_hot_with_tokens(client):
    body = run(
        client, {"cell": "gru", "hidden_size": 2}, {"texts": ["hel", "lo"], "vocabulary": "ehlo", "pad": True}
    )
    assert body["tokens"] == [["h", "e", "l"], ["l", "o", ""]]
    assert body["vocabulary"] == ["e", "h", "l", "o"]
    assert body["model"]["input_size"] == 4
    assert any("padded" in w for w in body["warnings"])


def test_trace_field_selection(client):
    body = run(
        client, {"cell": "lstm", "input_size": 2, "hidden_size": 3}, X, options={"trace": ["h", "gates"]}
    )
    assert set(body["trace"][0]["forward"]) == {"h", "gates"}
    assert "output" in body and "c_n" in body
    none = run(client, {"cell": "lstm", "input_size": 2, "hidden_size": 3}, X, options={"trace": False})
    assert none["trace"] == [{"forward": {}}]
