"""rnnscope.trace on live torch modules and Keras 3 models (issue 12), compared with the
framework's own outputs in float64. Needs the [frameworks] extra (torch 2.13, keras with
KERAS_BACKEND=torch, which scripts/test installs); skipped, saying so, without it."""

from __future__ import annotations

import os

import numpy as np
import pytest

import rnnscope

os.environ.setdefault("KERAS_BACKEND", "torch")  # before keras is first imported
torch = pytest.importorskip("torch", reason="torch is not installed (pip install -e '.[frameworks]')")
nn = torch.nn

TOL = 1e-12
# Keras 3 on the torch backend does not compute its recurrences exactly in float64 even with
# floatx float64 (measured: up to 2.3e-7 from the layer's own equations evaluated in float64, which
# rnnscope matches to 0.0: test_keras_simplernn_is_its_equation): compared at this tolerance.
KERAS_TOL = 1e-6


def numpy(t):
    return t.detach().numpy()


@pytest.fixture(autouse=True)
def float64():
    torch.manual_seed(0)
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(before)


@pytest.mark.parametrize(
    "make",
    [
        lambda: nn.LSTM(3, 5, num_layers=2, bidirectional=True),
        lambda: nn.LSTM(3, 6, proj_size=2, batch_first=True),
        lambda: nn.GRU(3, 4, num_layers=2, batch_first=True, bias=False),
        lambda: nn.RNN(3, 4, nonlinearity="relu", bidirectional=True, batch_first=True),
    ],
    ids=["lstm-2-layers-bidirectional-time-major", "lstm-proj", "gru-no-bias", "rnn-relu-bidirectional"],
)
def test_recurrent_modules(make):
    rnn = make().eval()
    shape = (2, 7, 3) if rnn.batch_first else (7, 2, 3)
    x = torch.randn(*shape)
    out, state = rnn(x)
    tr = rnnscope.trace(rnn, x)  # the module's own layout: (T, B, I) unless batch_first
    expected_out = numpy(out) if rnn.batch_first else numpy(out).transpose(1, 0, 2)
    np.testing.assert_allclose(tr.output, expected_out, rtol=0, atol=TOL)
    h_n = state[0] if isinstance(state, tuple) else state
    np.testing.assert_allclose(tr.h_n, numpy(h_n), rtol=0, atol=TOL)
    if isinstance(state, tuple):
        np.testing.assert_allclose(tr.c_n, numpy(state[1]), rtol=0, atol=TOL)
    # numpy arrays are read in the same layout as tensors
    np.testing.assert_array_equal(rnnscope.trace(rnn, x.numpy()).output, tr.output)


def test_gradients_match_autograd():
    rnn = nn.GRU(2, 3, batch_first=True)
    x = torch.randn(1, 5, 2, requires_grad=True)
    out, _ = rnn(x)
    out.sum().backward()
    tr = rnnscope.trace(rnn, x, gradients=True)
    np.testing.assert_allclose(tr.gradients.inputs, numpy(x.grad), rtol=0, atol=TOL)
    np.testing.assert_allclose(
        tr.gradients.parameters["weight_hh_l0"], numpy(rnn.weight_hh_l0.grad), rtol=0, atol=TOL
    )


class Classifier(nn.Module):
    """Embedding -> LSTM -> Linear + Sigmoid, the usual sentiment model."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(20, 4)
        self.lstm = nn.LSTM(4, 6, batch_first=True)
        self.head = nn.Sequential(nn.Dropout(0.1), nn.Linear(6, 1), nn.Sigmoid())

    def forward(self, ids):
        out, _ = self.lstm(self.embed(ids))
        return self.head(out[:, -1])


def test_a_module_with_an_embedding_and_a_head():
    model = Classifier().eval()
    ids = torch.randint(0, 20, (3, 8))
    tr = rnnscope.trace(model, ids)
    assert [h["activation"] for h in tr.model["head"]] == ["sigmoid"]
    np.testing.assert_allclose(tr.y[:, -1], numpy(model(ids)), rtol=0, atol=TOL)
    out, _ = model.lstm(model.embed(ids))
    np.testing.assert_allclose(tr.output, numpy(out), rtol=0, atol=TOL)
    np.testing.assert_array_equal(tr.embedding, numpy(model.embed(ids)))
    text = rnnscope.trace(model, "abcd", vocabulary=list("abcdefghijklmnopqrst"))
    np.testing.assert_allclose(text.y[0, -1], numpy(model(torch.tensor([[0, 1, 2, 3]])))[0], rtol=0, atol=TOL)


class Stack(nn.Module):
    """Model v2: an embedding, two recurrent modules of different kinds and sizes, a two-layer head."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(12, 5, padding_idx=0)
        self.encoder = nn.LSTM(5, 4, num_layers=2, bidirectional=True)
        self.decoder = nn.GRU(8, 3)
        self.head = nn.Sequential(
            nn.Linear(3, 6), nn.LeakyReLU(0.2), nn.Dropout(0.3), nn.Linear(6, 2), nn.Softmax(dim=-1)
        )

    def forward(self, ids):  # (T, B): time-major, like the recurrent modules
        out, _ = self.encoder(self.embedding(ids))
        out, _ = self.decoder(out)
        return self.head(out)


def test_a_model_v2_module():
    model = Stack().eval()
    ids = torch.randint(0, 12, (9, 2))  # (T, B)
    tr = rnnscope.trace(model, ids)
    assert [layer["cell"] for layer in tr.model["layers"]] == ["lstm", "lstm", "gru"]
    assert [h["activation"] for h in tr.model["head"]] == [{"name": "leaky_relu", "alpha": 0.2}, "softmax"]
    np.testing.assert_allclose(tr.y, numpy(model(ids)).transpose(1, 0, 2), rtol=0, atol=TOL)
    assert tr.layers[1].backward.gates["f"].shape == (2, 9, 4) and tr.layers[2].backward is None
    assert "Embedding(12→5) → LSTM(5→4, layers=2, bidirectional) → GRU(8→3)" in tr.summary
    grads = rnnscope.trace(model, ids, gradients=True).gradients
    model(ids).sum().backward()
    torch_grads = {k: numpy(v.grad) for k, v in model.named_parameters()}
    np.testing.assert_allclose(
        grads.parameters["embedding.weight"], torch_grads["embedding.weight"], rtol=0, atol=1e-10
    )


def test_a_module_the_engine_cannot_run_says_why():
    relu_first = nn.Sequential(nn.LSTM(3, 4, batch_first=True), nn.ReLU(), nn.Linear(4, 1))
    with pytest.raises(ValueError, match="where a Linear layer"):
        rnnscope.trace(relu_first, np.zeros((1, 2, 3)))
    with pytest.raises(ValueError, match=r"expected an nn\.RNN"):
        rnnscope.trace(nn.Linear(3, 4), np.zeros((1, 2, 3)))


def test_training_mode_is_reported():
    rnn = nn.LSTM(2, 3)
    tr = rnnscope.trace(rnn, np.zeros((4, 1, 2)))
    assert any("training mode" in w for w in tr.warnings)


# ---- Keras 3 (torch backend)


@pytest.fixture
def keras():
    keras = pytest.importorskip("keras", reason="keras is not installed (pip install -e '.[frameworks]')")
    if keras.backend.backend() != "torch":
        pytest.skip(f"keras runs on {keras.backend.backend()}; these tests use KERAS_BACKEND=torch")
    before = keras.config.floatx()
    keras.config.set_floatx("float64")
    keras.utils.set_random_seed(0)
    yield keras
    keras.config.set_floatx(before)


def keras_cases(keras):
    L = keras.layers
    return {
        "lstm-softmax": [L.Input((6, 3)), L.LSTM(5, return_sequences=True), L.Dense(4, activation="softmax")],
        "gru-reset-after": [L.Input((6, 3)), L.GRU(4, return_sequences=True)],
        "gru-reset-before-hard-sigmoid": [
            L.Input((6, 3)),
            L.GRU(4, reset_after=False, recurrent_activation="hard_sigmoid", return_sequences=True),
        ],
        "stacked-bidirectional-simplernn": [
            L.Input((6, 3)),
            L.Bidirectional(L.SimpleRNN(4, return_sequences=True)),
            L.Bidirectional(L.SimpleRNN(4, return_sequences=True)),
            L.Dense(2),
        ],
    }


@pytest.mark.parametrize(
    "case",
    ["lstm-softmax", "gru-reset-after", "gru-reset-before-hard-sigmoid", "stacked-bidirectional-simplernn"],
)
def test_keras_models(keras, case):
    model = keras.Sequential(keras_cases(keras)[case])
    x = np.random.default_rng(1).normal(size=(2, 6, 3))
    expected = numpy(model(x))  # a torch tensor (KERAS_BACKEND=torch)
    tr = rnnscope.trace(model, x)
    got = tr.y if tr.y is not None else tr.output
    np.testing.assert_allclose(got, expected, rtol=0, atol=KERAS_TOL)


def test_keras_simplernn_is_its_equation(keras):
    """h_t = tanh(x_t · kernel + h_{t-1} · recurrent_kernel + bias), in float64, exactly."""
    model = keras.Sequential([keras.layers.Input((6, 3)), keras.layers.SimpleRNN(5, return_sequences=True)])
    x = np.random.default_rng(3).normal(size=(2, 6, 3))
    W, U, b = (numpy(w.value) for w in model.layers[0].weights)
    h, hs = np.zeros((2, 5)), []
    for t in range(6):
        h = np.tanh(x[:, t] @ W + h @ U + b)
        hs.append(h)
    np.testing.assert_allclose(rnnscope.trace(model, x).output, np.stack(hs, 1), rtol=0, atol=1e-15)


def test_keras_embedding_classifier(keras):
    L = keras.layers
    model = keras.Sequential(
        [L.Input((7,), dtype="int32"), L.Embedding(30, 4), L.LSTM(5), L.Dense(1, activation="sigmoid")]
    )
    ids = np.random.default_rng(2).integers(0, 30, size=(3, 7))
    tr = rnnscope.trace(model, ids)
    assert "Embedding(30→4)" in tr.summary and "LSTM(5)" in tr.summary
    np.testing.assert_allclose(tr.y[:, -1], numpy(model(ids)), rtol=0, atol=KERAS_TOL)


def test_keras_model_v2(keras):
    """Two Dense layers, a Bidirectional with merge_mode sum, return_sequences=False: y_final."""
    L = keras.layers
    model = keras.Sequential([
        L.Input((6, 3)),
        L.Bidirectional(L.GRU(4, return_sequences=True), merge_mode="sum"),
        L.LSTM(5, return_sequences=False),
        L.Dense(3, activation="relu"),
        L.Dense(2, activation="softmax"),
    ])  # fmt: skip
    x = np.random.default_rng(4).normal(size=(2, 6, 3))
    tr = rnnscope.trace(model, x)
    assert tr.model["head_on"] == "final" and len(tr.model["head"]) == 2
    np.testing.assert_allclose(tr.y_final, numpy(model(x)), rtol=0, atol=KERAS_TOL)


def test_keras_model_the_engine_cannot_run_says_why(keras):
    L = keras.layers
    model = keras.Sequential([L.Input((6, 3)), L.Conv1D(4, 2), L.LSTM(4)])
    with pytest.raises(ValueError, match="Conv1D"):
        rnnscope.trace(model, np.zeros((1, 6, 3)))
