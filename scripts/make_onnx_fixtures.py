"""Write the ONNX files of tests/test_onnx.py and the outputs onnxruntime computes for them.

Run with the tools venv (onnx, onnxruntime, torch 2.13):

    /work/toolsvenv/bin/python scripts/make_onnx_fixtures.py

Two kinds of file, all small and seeded, under tests/fixtures/onnx/:

- ``op_*.onnx``: one LSTM / GRU / RNN node built with ``onnx.helper``, one per operator feature
  (direction, layout, activations with alpha/beta, clip, peepholes, sequence_lens,
  linear_before_reset, initial states, no bias). The reference is onnxruntime's CPU kernel in
  float32 (``onnx.reference`` ignores clip, sequence_lens and the LSTM/GRU activations, so it is
  no reference). onnxruntime refuses ``layout=1``; for those files the expected numbers are
  onnxruntime's on the same node with ``layout=0`` and the axes transposed (the spec's
  definition of layout).
- ``pt_*.onnx``: real ``torch.onnx.export`` output (the TorchScript exporter, ``dynamo=False``,
  and the dynamo exporter) of the models people write: an LSTM tagger with a per-step Linear,
  an Embedding + bidirectional GRU text model, a many-to-one bidirectional LSTM with a two-layer
  head, and one saved with its weights in a companion ``.onnx.data`` file. The reference is
  onnxruntime on the exported file (torch agrees with it to ~1e-6).

``expected.json`` has, per file, the inputs in rnnscope's layout (``x`` (B, T, I) or ``ids``
(B, T), ``lengths``) and the expected outputs in rnnscope's layout (``output`` (B, T, D·H) of
the last recurrent layer, ``h_n`` / ``c_n`` (L·D, B, H), ``y`` (B, T, O) a per-step head,
``y_final`` (B, O) a head on the final state), converted here from onnxruntime's ONNX-layout
outputs by the spec's axis order, plus the ``initial_state`` an op file carries as initializers.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnx import TensorProto
from onnx import helper as oh
from onnx import numpy_helper as nh
from torch import nn

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "onnx"
EXPECTED: dict[str, dict] = {}
RNG = np.random.default_rng(2026)
OPSET = 14  # LSTM/GRU/RNN-14: the first with `layout`
GATES = {"LSTM": 4, "GRU": 3, "RNN": 1}


def lst(a):
    return np.asarray(a, dtype=np.float64).tolist()


def run(model: onnx.ModelProto, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
    s = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return s.run(None, feeds)


def u(shape, scale=0.5):
    return RNG.uniform(-scale, scale, shape).astype(np.float32)


# ---------------------------------------------------------------------------------------------
# (a) one operator node per feature


def op_case(
    name: str,
    op: str,
    *,
    T=5,
    B=2,
    I=3,
    H=4,
    direction="forward",
    layout=0,
    scale=0.5,
    bias=True,
    peepholes=False,
    seq_lens=None,
    initial=False,
    **attrs,
) -> None:
    """One node X -> (Y, Y_h[, Y_c]); weights as initializers; X (and sequence_lens) graph inputs."""
    D = 2 if direction == "bidirectional" else 1
    G = GATES[op]
    inits = {"W": u((D, G * H, I), scale), "R": u((D, G * H, H), scale)}
    ins = ["X", "W", "R", "B" if bias else "", "seq" if seq_lens is not None else ""]
    if bias:
        inits["B"] = u((D, 2 * G * H), scale)
    if initial:
        inits["h0"] = u((D, B, H), 1.0)
        ins.append("h0")
        if op == "LSTM":
            inits["c0"] = u((D, B, H), 1.0)
            ins.append("c0")
    if peepholes:
        ins += [""] * (7 - len(ins)) + ["P"]
        inits["P"] = u((D, 3 * H), scale)
    while ins and ins[-1] == "":
        ins.pop()
    outs = ["Y", "Y_h"] + (["Y_c"] if op == "LSTM" else [])
    x = u((T, B, I), 1.5)

    def model(lay: int) -> onnx.ModelProto:
        xshape = [T, B, I] if lay == 0 else [B, T, I]
        inputs = [oh.make_tensor_value_info("X", TensorProto.FLOAT, xshape)]
        if seq_lens is not None:
            inputs.append(oh.make_tensor_value_info("seq", TensorProto.INT32, [B]))
        node = oh.make_node(
            op, ins, outs, name=f"{op.lower()}_0", hidden_size=H, direction=direction, layout=lay, **attrs
        )
        shapes = [[T, D, B, H], [D, B, H], [D, B, H]] if lay == 0 else [[B, T, D, H], [B, D, H], [B, D, H]]
        outputs = [
            oh.make_tensor_value_info(o, TensorProto.FLOAT, s) for o, s in zip(outs, shapes, strict=False)
        ]
        init = dict(inits)
        if lay == 1 and initial:  # initial states are (B, D, H) in layout 1
            init = {k: (v.transpose(1, 0, 2) if k in ("h0", "c0") else v) for k, v in init.items()}
        graph = oh.make_graph(
            [node],
            name,
            inputs,
            outputs,
            [nh.from_array(np.ascontiguousarray(v), k) for k, v in init.items()],
        )
        m = oh.make_model(
            graph, opset_imports=[oh.make_opsetid("", OPSET)], producer_name="make_onnx_fixtures"
        )
        onnx.checker.check_model(m)
        return m

    feeds = {"X": x}
    if seq_lens is not None:
        feeds["seq"] = np.asarray(seq_lens, np.int32)
    res = run(model(0), feeds)  # onnxruntime runs layout 0 only
    onnx.save(model(layout), OUT / f"{name}.onnx")
    Y, Y_h = res[0], res[1]  # (T, D, B, H), (D, B, H)
    out = Y.transpose(2, 0, 1, 3).reshape(B, T, D * H)
    rec = {
        "source": "onnx.helper",
        "reference": "onnxruntime " + ort.__version__ + (" (layout 0, axes transposed)" if layout else ""),
        "x": lst(x.transpose(1, 0, 2)),
        "expected": {"output": lst(out), "h_n": lst(Y_h)},
    }
    if op == "LSTM":
        rec["expected"]["c_n"] = lst(res[2])
    if seq_lens is not None:
        rec["lengths"] = list(seq_lens)
    if initial:
        rec["initial_state"] = {"h": lst(inits["h0"])}
        if op == "LSTM":
            rec["initial_state"]["c"] = lst(inits["c0"])
    EXPECTED[f"{name}.onnx"] = rec


def make_op_cases() -> None:
    op_case("op_lstm_forward", "LSTM")
    op_case("op_lstm_reverse", "LSTM", direction="reverse")
    op_case("op_lstm_bidirectional", "LSTM", direction="bidirectional")
    op_case("op_lstm_layout1", "LSTM", direction="bidirectional", layout=1)
    op_case("op_lstm_no_bias", "LSTM", bias=False)
    # alpha/beta are consumed in the order of the activations, each taking one only if it uses it
    # (onnxruntime's ActivationFuncs): HardSigmoid takes (0.3, 0.6), ScaledTanh (1.5, 0.7), Affine (0.8, 0.1)
    op_case(
        "op_lstm_activations",
        "LSTM",
        activations=["HardSigmoid", "ScaledTanh", "Affine"],
        activation_alpha=[0.3, 1.5, 0.8],
        activation_beta=[0.6, 0.7, 0.1],
    )
    # a list for each direction: (f, g, h) forward then (f, g, h) backward
    op_case(
        "op_lstm_bidirectional_activations",
        "LSTM",
        direction="bidirectional",
        activations=["Sigmoid", "LeakyRelu", "Elu", "Sigmoid", "LeakyRelu", "Elu"],
        activation_alpha=[0.05, 0.9, 0.05, 0.9],
    )
    # too few alphas: onnxruntime's defaults (LeakyRelu 0.01, HardSigmoid 0.2/0.5, Elu 1.0, others 0)
    op_case(
        "op_lstm_activation_defaults",
        "LSTM",
        activations=["HardSigmoid", "Softsign", "Softplus"],
    )
    op_case("op_lstm_relu", "LSTM", activations=["Sigmoid", "Relu", "Relu"])
    op_case("op_lstm_clip", "LSTM", scale=2.0, clip=0.7)
    op_case("op_lstm_peepholes", "LSTM", peepholes=True)
    op_case("op_lstm_peepholes_bidirectional", "LSTM", direction="bidirectional", peepholes=True)
    op_case("op_lstm_sequence_lens", "LSTM", direction="bidirectional", B=3, seq_lens=[5, 3, 1])
    op_case("op_lstm_initial_states", "LSTM", direction="bidirectional", initial=True)
    op_case("op_gru_reset_after", "GRU", linear_before_reset=1)
    op_case("op_gru_reset_before", "GRU", linear_before_reset=0)
    op_case("op_gru_bidirectional", "GRU", direction="bidirectional", linear_before_reset=1)
    op_case("op_gru_reverse_reset_before", "GRU", direction="reverse")
    op_case(
        "op_gru_activations",
        "GRU",
        linear_before_reset=1,
        activations=["HardSigmoid", "ThresholdedRelu"],
        activation_alpha=[0.25, 0.1],
        activation_beta=[0.45],
    )
    op_case("op_gru_clip_sequence_lens", "GRU", scale=2.0, clip=0.9, seq_lens=[2, 5], linear_before_reset=1)
    op_case("op_gru_initial_state", "GRU", initial=True, linear_before_reset=1)
    op_case("op_rnn_tanh", "RNN", activations=["Tanh"])
    op_case("op_rnn_relu_bidirectional", "RNN", direction="bidirectional", activations=["Relu", "Relu"])
    # RNN reads activation_alpha[direction]: one value per direction
    op_case(
        "op_rnn_leakyrelu",
        "RNN",
        direction="bidirectional",
        activations=["LeakyRelu", "LeakyRelu"],
        activation_alpha=[0.2, 0.2],
    )
    op_case("op_rnn_scaledtanh_reverse", "RNN", direction="reverse", activations=["ScaledTanh"],
            activation_alpha=[1.7], activation_beta=[0.6])  # fmt: skip
    op_case("op_rnn_clip_sequence_lens", "RNN", scale=2.0, clip=0.5, seq_lens=[5, 2], activations=["Tanh"])
    # no alpha at all: onnxruntime's RNN reads 0 (LeakyRelu slope 0), its GRU ThresholdedRelu threshold 0
    op_case("op_rnn_leakyrelu_no_alpha", "RNN", activations=["LeakyRelu"])
    op_case(
        "op_gru_thresholdedrelu_no_alpha",
        "GRU",
        activations=["Sigmoid", "ThresholdedRelu"],
        linear_before_reset=1,
    )


# ---------------------------------------------------------------------------------------------
# (b) torch.onnx.export of real models


class Tagger(nn.Module):
    """A 2-layer LSTM with a Linear head on every step."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, num_layers=2, batch_first=True)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out)


class TextGRU(nn.Module):
    """Embedding -> bidirectional GRU -> Linear on every step (a char-RNN tagger)."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20, 6)
        self.gru = nn.GRU(6, 5, batch_first=True, bidirectional=True)
        self.head = nn.Linear(10, 3)

    def forward(self, ids):
        out, _ = self.gru(self.embedding(ids))
        return self.head(out)


class Sentiment(nn.Module):
    """Embedding -> 2-layer bidirectional LSTM -> [h_fwd at T-1 | h_bwd at 0] -> Linear -> ReLU ->
    Linear -> Sigmoid (many-to-one)."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(30, 8)
        self.lstm = nn.LSTM(8, 6, num_layers=2, batch_first=True, bidirectional=True)
        self.fc1 = nn.Linear(12, 16)
        self.fc2 = nn.Linear(16, 1)

    def forward(self, ids):
        _, (h_n, _) = self.lstm(self.embed(ids))
        z = torch.cat([h_n[-2], h_n[-1]], dim=1)
        return torch.sigmoid(self.fc2(torch.relu(self.fc1(z))))


class LastStep(nn.Module):
    """A 1-layer LSTM read at its last step (out[:, -1, :]) -> Linear -> Softmax."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(3, 5, batch_first=True)
        self.fc = nn.Linear(5, 4)

    def forward(self, x):
        out, _ = self.rnn(x)
        return torch.softmax(self.fc(out[:, -1, :]), dim=-1)


class TimeMajorRNN(nn.Module):
    """A time-major (batch_first=False) 2-layer bidirectional relu RNN with a Tanh-activated Linear."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(3, 4, num_layers=2, nonlinearity="relu", bidirectional=True)
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        out, _ = self.rnn(x.transpose(0, 1))  # (T, B, 8)
        return torch.tanh(self.fc(out)).transpose(0, 1)


def export(
    model: nn.Module, name: str, args: tuple, *, dynamo: bool, external: bool = False, dynamic: bool = False
) -> onnx.ModelProto:
    path = OUT / f"{name}.onnx"
    tmp = OUT / f"_{name}.onnx"
    input_name = "ids" if args[0].dtype == torch.int64 else "x"
    extra: dict = {}
    if dynamic and dynamo:  # batch and time sizes left to run time
        extra["dynamic_shapes"] = ({0: torch.export.Dim("B"), 1: torch.export.Dim("T")},)
    elif dynamic:
        extra["dynamic_axes"] = {input_name: {0: "batch", 1: "time"}, "y": {0: "batch"}}
    torch.onnx.export(
        model,
        args,
        tmp,
        dynamo=dynamo,
        input_names=[input_name],
        output_names=["y"],
        opset_version=18 if dynamo else 17,
        **extra,
    )
    m = onnx.load(tmp)  # loads any external data the exporter wrote next to it
    for f in OUT.glob(f"_{name}.onnx*"):
        f.unlink()
    if external:
        onnx.save_model(
            m, path, save_as_external_data=True, all_tensors_to_one_file=True,
            location=f"{name}.onnx.data", size_threshold=0,
        )  # fmt: skip
    else:
        onnx.save_model(m, path)
    return onnx.load(path)


def pt_case(
    model: nn.Module, name: str, x: torch.Tensor, *, dynamo: bool, head: str, external=False, run_on=None
) -> None:
    """Export on x; with run_on (other batch and time sizes) the export is dynamic and runs on that."""
    torch.manual_seed(0)
    model.eval()
    m = export(model, name, (x,), dynamo=dynamo, external=external, dynamic=run_on is not None)
    x = x if run_on is None else run_on
    feed = {m.graph.input[0].name: x.numpy()}
    (y,) = run(m, feed)
    with torch.no_grad():
        y_torch = model(x).numpy()
    assert np.allclose(y, y_torch, rtol=1e-5, atol=1e-6), (name, np.abs(y - y_torch).max())
    rec: dict = {
        "source": f"torch {torch.__version__} torch.onnx.export(dynamo={dynamo})",
        "reference": "onnxruntime " + ort.__version__,
        "expected": {head: lst(y)},
    }
    if x.dtype == torch.int64:
        rec["ids"] = x.tolist()
    else:
        rec["x"] = lst(x.numpy())
    if external:
        rec["data_file"] = f"{name}.onnx.data"
    EXPECTED[f"{name}.onnx"] = rec


def make_torch_cases() -> None:
    torch.manual_seed(9)
    x = torch.randn(2, 5, 3)
    ids = torch.randint(0, 20, (2, 7))
    ids30 = torch.randint(0, 30, (3, 6))
    torch.manual_seed(1)
    tagger = Tagger()
    torch.manual_seed(2)
    text = TextGRU()
    torch.manual_seed(3)
    senti = Sentiment()
    torch.manual_seed(4)
    last = LastStep()
    for dynamo in (False, True):
        tag = "dynamo" if dynamo else "ts"
        pt_case(tagger, f"pt_{tag}_lstm_tagger", x, dynamo=dynamo, head="y")
        pt_case(text, f"pt_{tag}_text_bigru", ids, dynamo=dynamo, head="y")
        pt_case(senti, f"pt_{tag}_sentiment_bilstm", ids30, dynamo=dynamo, head="y_final")
        pt_case(last, f"pt_{tag}_last_step_softmax", x, dynamo=dynamo, head="y_final")
    pt_case(tagger, "pt_ts_lstm_tagger_external", x, dynamo=False, head="y", external=True)
    torch.manual_seed(5)
    time_major = TimeMajorRNN()
    pt_case(time_major, "pt_ts_relu_rnn_time_major", x, dynamo=False, head="y")
    # the dynamo exporter unrolls nn.RNN into MatMul/Add/Relu per step (no RNN node): rnnscope refuses it
    pt_case(time_major, "pt_dynamo_relu_rnn_unrolled", x, dynamo=True, head="y")
    EXPECTED["pt_dynamo_relu_rnn_unrolled.onnx"]["refused"] = "unrolled: no RNN node"
    # dynamic batch and time (dynamic_axes / dynamic_shapes): exported on (2, 5), run on (3, 8)
    x38 = torch.randn(3, 8, 3)
    ids38 = torch.randint(0, 30, (3, 8))
    for dynamo in (False, True):
        tag = "dynamo" if dynamo else "ts"
        fresh = Tagger()  # a module exported before keeps its specialised shapes: a new one, same weights
        fresh.load_state_dict(tagger.state_dict())
        # (the dynamo exporter specialises the time axis here, 5: its file runs on batch 3 only)
        run_on = torch.randn(3, 5, 3) if dynamo else x38
        pt_case(fresh, f"pt_{tag}_dynamic_lstm_tagger", x, dynamo=dynamo, head="y", run_on=run_on)
    # the dynamo exporter specialises this one's time axis: only the TorchScript export is dynamic
    pt_case(senti, "pt_ts_dynamic_sentiment_bilstm", ids30, dynamo=False, head="y_final", run_on=ids38)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for f in OUT.glob("*.onnx*"):
        f.unlink()
    make_op_cases()
    make_torch_cases()
    (OUT / "expected.json").write_text(json.dumps(EXPECTED, indent=1) + "\n")
    print(f"wrote {len(EXPECTED)} files to {OUT}")


if __name__ == "__main__":
    main()
