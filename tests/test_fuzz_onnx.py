"""Fuzzing the ONNX reader through POST /api/v1/weights/import (issue 9), in the style of
tests/test_fuzz_api.py: nothing a client uploads may give a 5xx, and a 4xx has FastAPI's shape.

Two properties, both starting from the committed fixtures of tests/fixtures/onnx:

1. **byte mutations**: bytes flipped, inserted, deleted, or the file cut short, under names that
   may or may not end in ``.onnx``, sometimes beside its ``.onnx.data``;
2. **structural mutations**: the protobuf parsed and one field changed before it is written again
   (a node's op type, an attribute, an input name, an initializer's dims or data type, an
   external-data location, offset or length, the opset, a node wired to itself), so the reader's
   graph walk sees well-formed files that say wrong things.

``scripts/fuzz.py`` runs these with many more examples (RNNSCOPE_FUZZ_EXAMPLES).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from onnx import ModelProto

from tests.test_fuzz_api import FUZZ, STATS, assert_conforms, send

FIXTURES = Path(__file__).parent / "fixtures" / "onnx"
SEEDS = sorted(p.name for p in FIXTURES.glob("*.onnx"))
EXTERNAL = "pt_ts_lstm_tagger_external.onnx"
OPS = ["LSTM", "GRU", "RNN", "Gather", "MatMul", "Add", "Gemm", "Relu", "Softmax", "Transpose", "Reshape",
       "Squeeze", "Unsqueeze", "Slice", "Concat", "Identity", "Shape", "Expand", "ConstantOfShape", "Loop",
       "If", "Scan", "Erf", "Constant", "Cast", "Dropout", ""]  # fmt: skip
NAMES = st.sampled_from(["m.onnx", "model.ONNX", "m.onnx.data", "m", "../m.onnx", "a/b.onnx"])
junk_ints = st.integers(-(2**63), 2**63 - 1) | st.sampled_from([-1, 0, 1, 2, 3, 2**31, 2**40])


def upload(files: list[tuple[str, bytes]]) -> None:
    r = send("POST", "/api/v1/weights/import", files=[("file", f) for f in files])
    if r is None:
        return
    body = assert_conforms(r, "/api/v1/weights/import")
    if r.status_code == 200:
        assert set(body) >= {"model", "weights", "summary"}, body
        STATS["onnx files imported"] += 1


@st.composite
def byte_mutations(draw: st.DrawFn) -> list[tuple[str, bytes]]:
    seed = draw(st.sampled_from(SEEDS))
    data = bytearray((FIXTURES / seed).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        else:
            del data[at:]
    files = [(draw(st.sampled_from([seed, "m.onnx", "m.bin", "m"])), bytes(data))]
    if seed == EXTERNAL and draw(st.booleans()):
        blob = (FIXTURES / (seed + ".data")).read_bytes()
        files.append((seed + ".data", blob[: draw(st.integers(0, len(blob)))]))
    return files


@st.composite
def structural_mutations(draw: st.DrawFn) -> list[tuple[str, bytes]]:
    seed = draw(st.sampled_from(SEEDS))
    m = ModelProto()
    m.ParseFromString((FIXTURES / seed).read_bytes())
    g = m.graph
    kind = draw(st.sampled_from(["op", "attr", "input", "dims", "dtype", "external", "opset", "self", "drop",
                                 "output"]))  # fmt: skip
    if kind == "op" and g.node:
        g.node[draw(st.integers(0, len(g.node) - 1))].op_type = draw(st.sampled_from(OPS))
    elif kind == "attr" and g.node:
        node = g.node[draw(st.integers(0, len(g.node) - 1))]
        if node.attribute:
            a = node.attribute[draw(st.integers(0, len(node.attribute) - 1))]
            if a.ints:
                a.ints[draw(st.integers(0, len(a.ints) - 1))] = draw(junk_ints)
            elif a.floats:
                a.floats.append(draw(st.floats(allow_nan=True)))
            elif a.strings:
                a.strings.append(draw(st.sampled_from([b"Relu", b"Nope", b"", b"HardSigmoid"])))
            elif a.s:
                a.s = draw(st.sampled_from([b"reverse", b"bidirectional", b"sideways", b""]))
            else:
                a.i = draw(junk_ints)
                a.f = draw(st.floats(allow_nan=True, width=32))
    elif kind == "input" and g.node:
        node = g.node[draw(st.integers(0, len(g.node) - 1))]
        if node.input:
            names = [n for x in g.node for n in x.output] + [t.name for t in g.initializer] + ["", "nope"]
            node.input[draw(st.integers(0, len(node.input) - 1))] = draw(st.sampled_from(names))
    elif kind in ("dims", "dtype") and g.initializer:
        t = g.initializer[draw(st.integers(0, len(g.initializer) - 1))]
        if kind == "dims" and t.dims:
            t.dims[draw(st.integers(0, len(t.dims) - 1))] = draw(
                junk_ints.filter(lambda v: -(2**62) < v < 2**62)
            )
        else:
            t.data_type = draw(st.integers(0, 20))
    elif kind == "external":
        ext = [t for t in g.initializer if t.external_data]
        if ext:
            t = draw(st.sampled_from(ext))
            e = t.external_data[draw(st.integers(0, len(t.external_data) - 1))]
            e.value = draw(st.sampled_from(["../x.data", "/etc/passwd", "C:\\x", "", "nope.data", "-1", "99999999",
                                            "a/../b", EXTERNAL + ".data"]))  # fmt: skip
        elif g.initializer:
            t = g.initializer[0]
            t.data_location = 1
            t.external_data.add(key="location", value=draw(st.sampled_from(["../w.data", "w.data", "/w"])))
    elif kind == "opset" and m.opset_import:
        m.opset_import[0].version = draw(st.integers(-1, 30))
        m.opset_import[0].domain = draw(st.sampled_from(["", "ai.onnx", "com.microsoft"]))
    elif kind == "self" and g.node:
        node = g.node[draw(st.integers(0, len(g.node) - 1))]
        if node.input and node.output:
            node.input[0] = node.output[0]
    elif kind == "drop" and g.node:
        del g.node[draw(st.integers(0, len(g.node) - 1))]
    elif kind == "output" and g.output:
        g.output[0].name = draw(st.sampled_from([n for x in g.node for n in x.output] or ["x"]))
    files = [(seed, m.SerializeToString())]
    if seed == EXTERNAL:
        files.append((seed + ".data", (FIXTURES / (seed + ".data")).read_bytes()))
    return files


@FUZZ
@given(byte_mutations())
def test_mutated_onnx_bytes(files: list[tuple[str, bytes]]) -> None:
    STATS["mutated onnx bytes"] += 1
    upload(files)


@FUZZ
@given(structural_mutations())
def test_mutated_onnx_graphs(files: list[tuple[str, bytes]]) -> None:
    STATS["mutated onnx graphs"] += 1
    upload(files)


@FUZZ
@given(NAMES, st.binary(max_size=400))
def test_hostile_onnx_bytes(name: str, data: bytes) -> None:
    STATS["hostile onnx bytes"] += 1
    upload([(name, data)])
