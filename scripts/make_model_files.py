"""Write the model files of tests/test_model_files.py and the outputs the frameworks compute.

Run with the tools venv (torch 2.13, Keras 3 on the torch backend):

    KERAS_BACKEND=torch /work/toolsvenv/bin/python scripts/make_model_files.py

Each model is small (a few hundred parameters) and seeded. For every file, ``expected.json``
records the inputs and what the framework itself returned: ``y`` (the model's output on every
step), ``y_final`` (a many-to-one model's output), ``output`` / ``h_n`` (the last recurrent
layer, PyTorch only), the dtype the framework ran in, and for Keras ``go_backwards`` sequences
that they come in processing order (``time_order``). Hostile files (a whole pickled module, the
legacy pre-zip format) are written here too; the rest are built by the tests themselves.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import numpy as np
import torch
from torch import nn

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "models"
EXPECTED: dict[str, dict] = {}
RNG = np.random.default_rng(9)
# what a user sets after reading the warnings of a file that does not say it (tests/test_model_files.py)
SENTIMENT_SET = {"head_on": "final", "head_activations": ["relu", "sigmoid"]}


def record(name: str, **fields) -> None:
    EXPECTED[name] = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in fields.items()}


# --- PyTorch: torch.save(model.state_dict()) -------------------------------------------------


class Tagger(nn.Module):
    """A 2-layer LSTM with a Linear head on every step."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, num_layers=2, batch_first=True)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        out, (h_n, _) = self.lstm(x)
        return self.fc(out), out, h_n


class TextGRU(nn.Module):
    """Embedding -> bidirectional GRU -> Linear on every step (a char-RNN tagger)."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20, 6, padding_idx=0)
        self.gru = nn.GRU(6, 5, batch_first=True, bidirectional=True)
        self.head = nn.Linear(10, 3)

    def forward(self, ids):
        out, h_n = self.gru(self.embedding(ids))
        return self.head(out), out, h_n


class Sentiment(nn.Module):
    """Embedding -> bidirectional LSTM -> [h_fwd at T-1 | h_bwd at 0] -> Linear(32) relu -> Linear(1) sigmoid,
    nested one level (model.encoder...) as a wrapper module would save it."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(30, 8)
        self.lstm = nn.LSTM(8, 6, batch_first=True, bidirectional=True)
        self.classifier = nn.Sequential(nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, ids, lengths=None):
        x = self.embed(ids)
        if lengths is not None:
            x = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, (h_n, _) = self.lstm(x)
        if lengths is not None:
            out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])
        final = torch.cat([h_n[-2], h_n[-1]], dim=1)
        return torch.sigmoid(self.classifier(final)), out, h_n


class Wrapper(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.model = inner


class ReluRNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(3, 4, nonlinearity="relu", batch_first=True)
        self.out = nn.Linear(4, 1)

    def forward(self, x):
        out, h_n = self.rnn(x)
        return self.out(out), out, h_n


class Projected(nn.Module):
    """A 2-layer bidirectional LSTM with proj_size, Linear on every step."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 5, num_layers=2, proj_size=2, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        out, (h_n, _) = self.lstm(x)
        return self.fc(out), out, h_n


class Packed(nn.Module):
    """A GRU over sequences of different lengths (pack_padded_sequence), Linear on every step."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 4, batch_first=True)
        self.fc = nn.Linear(4, 2)

    def forward(self, x, lengths):
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, h_n = self.gru(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
        return self.fc(out), out, h_n


def torch_cases() -> None:
    torch.manual_seed(9)
    x = torch.tensor(RNG.normal(size=(2, 5, 3)), dtype=torch.float32)
    ids = torch.tensor([[3, 14, 15, 9, 2], [1, 7, 19, 0, 0]])

    m = Tagger().eval()
    torch.save(m.state_dict(), OUT / "pt_lstm_tagger.pt")
    y, out, h_n = m(x)
    record("pt_lstm_tagger.pt", inputs=x.numpy(), y=y.detach().numpy(), output=out.detach().numpy(),
           h_n=h_n.detach().numpy(), dtype="float32")  # fmt: skip

    m = TextGRU().eval()
    torch.save(m.state_dict(), OUT / "pt_text_bigru.pth")
    y, out, h_n = m(ids)
    record("pt_text_bigru.pth", inputs={"ids": ids.tolist()}, y=y.detach().numpy(),
           output=out.detach().numpy(), h_n=h_n.detach().numpy(), dtype="float32")  # fmt: skip

    m = Sentiment().double().eval()
    torch.save(Wrapper(m).state_dict(), OUT / "pt_sentiment_f64.pt")
    y, out, h_n = m(ids)
    record("pt_sentiment_f64.pt", inputs={"ids": ids.tolist()}, y_final=y.detach().numpy(),
           output=out.detach().numpy(), h_n=h_n.detach().numpy(), dtype="float64", set=SENTIMENT_SET)  # fmt: skip
    lengths = torch.tensor([5, 3])
    y, out, h_n = m(ids, lengths)
    record("pt_sentiment_f64.pt#lengths", inputs={"ids": ids.tolist()}, lengths=lengths.tolist(),
           y_final=y.detach().numpy(), output=out.detach().numpy(), h_n=h_n.detach().numpy(),
           dtype="float64", set=SENTIMENT_SET)  # fmt: skip

    m = ReluRNN().eval()
    torch.save(m.state_dict(), OUT / "pt_relu_rnn.bin")
    y, out, h_n = m(x)
    record("pt_relu_rnn.bin", inputs=x.numpy(), y=y.detach().numpy(), output=out.detach().numpy(),
           h_n=h_n.detach().numpy(), dtype="float32", set={"nonlinearity": "relu"})  # fmt: skip

    m = Packed().eval()
    torch.save(m.state_dict(), OUT / "pt_packed_gru.pt")
    lengths = torch.tensor([5, 2])
    y, out, h_n = m(x, lengths)
    record("pt_packed_gru.pt", inputs=x.numpy(), lengths=lengths.tolist(), y=y.detach().numpy(),
           output=out.detach().numpy(), h_n=h_n.detach().numpy(), dtype="float32")  # fmt: skip

    m = Projected().eval()
    torch.save(m.state_dict(), OUT / "pt_lstm_proj.pt")
    y, out, h_n = m(x)
    record("pt_lstm_proj.pt", inputs=x.numpy(), y=y.detach().numpy(), output=out.detach().numpy(),
           h_n=h_n.detach().numpy(), dtype="float32")  # fmt: skip

    # a training checkpoint: {"epoch", "model_state_dict", "optimizer_state_dict"} (Adam after one step)
    m = Tagger()
    opt = torch.optim.Adam(m.parameters())
    m(x)[0].sum().backward()
    opt.step()
    m.eval()
    torch.save({"epoch": 3, "model_state_dict": m.state_dict(), "optimizer_state_dict": opt.state_dict()},
               OUT / "pt_checkpoint.ckpt")  # fmt: skip
    y, out, h_n = m(x)
    record("pt_checkpoint.ckpt", inputs=x.numpy(), y=y.detach().numpy(), output=out.detach().numpy(),
           h_n=h_n.detach().numpy(), dtype="float32")  # fmt: skip

    # hostile: the whole module (a pickle of classes), and the legacy pre-zip format
    torch.save(Tagger(), OUT / "pt_whole_module.pt")
    torch.save(Tagger().state_dict(), OUT / "pt_legacy_format.pt", _use_new_zipfile_serialization=False)


# --- Keras 3: model.save(.keras / .h5), save_weights(.weights.h5), get_weights() ------------


def keras_models() -> dict[str, tuple[keras.Model, np.ndarray, dict]]:
    keras.utils.set_random_seed(9)
    L = keras.layers
    x = RNG.normal(size=(2, 5, 3)).astype("float32")
    ids = np.array([[3, 14, 15, 9, 2], [1, 7, 19, 0, 0]])
    models = {}
    m = keras.Sequential([keras.Input((None, 3)), L.LSTM(4, return_sequences=True),
                          L.LSTM(4, return_sequences=True), L.Dense(2)])  # fmt: skip
    models["k_lstm_tagger"] = (m, x, {})
    m = keras.Sequential([keras.Input((None,), dtype="int32"), L.Embedding(20, 6, mask_zero=True),
                          L.Bidirectional(L.GRU(5, return_sequences=True)), L.Dense(3, activation="softmax")])  # fmt: skip
    models["k_text_bigru_masked"] = (m, ids, {})
    inp = keras.Input((None,), dtype="int32", name="tokens")
    h = L.Embedding(30, 8)(inp)
    h = L.Bidirectional(L.LSTM(6))(h)
    h = L.Dropout(0.5)(h)
    h = L.Dense(32, activation="relu")(h)
    out = L.Dense(1, activation="sigmoid")(h)
    models["k_sentiment_functional"] = (keras.Model(inp, out), ids, {})
    m = keras.Sequential([keras.Input((None,), dtype="int32"), L.Embedding(20, 6, mask_zero=True),
                          L.LSTM(5, return_sequences=True), L.Dense(2)])  # fmt: skip
    models["k_text_lstm_masked"] = (m, ids, {})  # a masked step repeats the last output (Keras' default)
    m = keras.Sequential([keras.Input((None,), dtype="int32"), L.Embedding(20, 6, mask_zero=True), L.GRU(5),
                          L.Dense(1, activation="sigmoid")])  # fmt: skip
    models["k_text_gru_masked_final"] = (m, ids, {})  # the final state is the last unmasked step's
    m = keras.Sequential(
        [keras.Input((None, 3)), L.LSTM(4, activation="relu", return_sequences=True), L.Dense(1)]
    )
    models["k_lstm_relu"] = (m, x, {})
    m = keras.Sequential(
        [keras.Input((None, 3)), L.LSTM(4, go_backwards=True, return_sequences=True), L.Dense(2)]
    )
    models["k_lstm_go_backwards"] = (m, x, {"time_order": "processing"})
    m = keras.Sequential([keras.Input((None, 3)), L.LSTM(4, go_backwards=True, return_sequences=True),
                          L.GRU(3, return_sequences=True), L.SimpleRNN(2, go_backwards=True, return_sequences=True),
                          L.LSTM(3), L.Dense(2)])  # fmt: skip
    models["k_stack_after_go_backwards"] = (
        m,
        x,
        {},
    )  # reverse, reverse (a forward layer reading a reversed sequence), forward, forward
    m = keras.Sequential([keras.Input((None, 3)), L.GRU(4, reset_after=False, go_backwards=True),
                          L.Dense(2, activation="tanh")])  # fmt: skip
    models["k_gru_reset_before_backwards_final"] = (m, x, {})
    m = keras.Sequential([keras.Input((None, 3)), L.Bidirectional(L.SimpleRNN(4, return_sequences=True), merge_mode="ave"),
                          L.Bidirectional(L.SimpleRNN(3, return_sequences=True), merge_mode="mul"), L.Dense(2)])  # fmt: skip
    models["k_birnn_ave_mul"] = (m, x, {})
    m = keras.Sequential([keras.Input((None, 3)), L.GRU(4, recurrent_activation="hard_sigmoid", return_sequences=True),
                          L.Bidirectional(L.GRU(3), merge_mode="sum"), L.Dense(2)])  # fmt: skip
    models["k_gru_hard_sigmoid_sum"] = (m, x, {})
    return models


def keras_cases() -> None:
    for name, (m, inputs, extra) in keras_models().items():
        # random biases: Keras initialises them to zeros, which would hide a bias read wrongly
        for w in m.weights:
            if "bias" in w.path:
                w.assign(RNG.normal(scale=0.5, size=w.shape).astype("float32"))
        y = keras.ops.convert_to_numpy(m(inputs))
        final = y.ndim == 2
        key = "y_final" if final else "y"
        ins = {"ids": inputs.tolist()} if inputs.dtype.kind == "i" else inputs
        m.save(OUT / f"{name}.keras")
        record(f"{name}.keras", inputs=ins, **{key: y}, dtype="float32", **extra)
        if name in ("k_lstm_tagger", "k_sentiment_functional", "k_text_bigru_masked"):
            m.save(OUT / f"{name}.h5")
            record(f"{name}.h5", inputs=ins, **{key: y}, dtype="float32", **extra)
        if name in ("k_lstm_tagger", "k_sentiment_functional"):  # weights only: the user sets the rest
            m.save_weights(OUT / f"{name}.weights.h5")
            told = {"set": SENTIMENT_SET} if final else {}
            record(f"{name}.weights.h5", inputs=ins, **{key: y}, dtype="float32", **extra, **told)
        if name == "k_lstm_tagger":  # get_weights() with the class names only
            layers = [type(layer).__name__ for layer in m.layers]
            doc = {"keras_layers": layers, "weights": [w.tolist() for w in m.get_weights()]}
            (OUT / f"{name}.get_weights.json").write_text(json.dumps(doc))
            record(f"{name}.get_weights.json", inputs=ins, **{key: y}, dtype="float32", **extra)
        if name == "k_text_bigru_masked":  # get_weights() with the layer configs
            doc = {"keras_layers": m.get_config()["layers"], "weights": [w.tolist() for w in m.get_weights()]}
            (OUT / f"{name}.get_weights.json").write_text(json.dumps(doc))
            record(f"{name}.get_weights.json", inputs=ins, **{key: y}, dtype="float32", **extra)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    torch_cases()
    keras_cases()
    (OUT / "vocab.txt").write_text("".join(f"{t}\n" for t in ["<pad>", *"abcdefghijklmnopqrs"]))
    (OUT / "expected.json").write_text(json.dumps(EXPECTED, indent=1))
    for p in sorted(OUT.iterdir()):
        print(f"{p.stat().st_size:>8}  {p.name}")
    assert all(zipfile.is_zipfile(OUT / f) for f in ("pt_lstm_tagger.pt", "k_lstm_tagger.keras"))


if __name__ == "__main__":
    main()
