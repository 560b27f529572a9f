"""The ``binary`` response encoding (issue 11): raw little-endian arrays after a JSON header,
checked over real HTTP against the base64 and JSON encodings of the same request."""

from __future__ import annotations

import numpy as np
import orjson
import pytest

from rnnscope.encoding import BINARY_MAGIC, decode_array, decode_binary

BIDI_GRAD = {
    "model": {"cell": "lstm", "input_size": 3, "hidden_size": 4, "num_layers": 2, "bidirectional": True},
    "weights": {"format": "random", "seed": 7},
    "inputs": np.random.default_rng(2).normal(size=(2, 5, 3)).tolist(),
    "options": {"gradients": True},
}


def post(client, body, encoding, **options):
    req = {**body, "options": {**body.get("options", {}), **options, "encoding": encoding}}
    r = client.post("/api/v1/forward", json=req)
    assert r.status_code == 200, r.text
    return r


def from_base64(v):
    if isinstance(v, dict) and "bdata" in v:
        return decode_array(v)
    if isinstance(v, dict):
        return {k: from_base64(x) for k, x in v.items()}
    if isinstance(v, list):
        return [from_base64(x) for x in v]
    return v


def assert_same(a, b, path="body"):
    """Same structure, same scalars, arrays equal bit for bit (NaN and ±Inf included)."""
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape, path
        assert a.tobytes() == b.tobytes(), path
    elif isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), path
        for k in a:
            assert_same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{path}[{i}]")
    else:
        assert a == b, path


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_binary_round_trip_is_exact(client, dtype):
    r = post(client, BIDI_GRAD, "binary", dtype=dtype)
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.content[:4] == BINARY_MAGIC
    got = decode_binary(r.content)
    ref = from_base64(post(client, BIDI_GRAD, "base64", dtype=dtype).json())
    assert_same(ref, got)
    assert got["trace"][1]["backward"]["gates"]["f"].shape == (2, 5, 4)
    assert got["gradients"]["hidden"][0]["forward"].dtype == np.dtype(dtype)
    if dtype == "float64":  # JSON's shortest round-trip text is the same float64 values
        plain = orjson.loads(post(client, BIDI_GRAD, "json").content)
        assert np.array_equal(np.asarray(plain["output"]), got["output"])
        assert np.array_equal(np.asarray(plain["trace"][0]["forward"]["c"]), got["trace"][0]["forward"]["c"])


def test_binary_layout_is_aligned_and_described_by_its_header(client):
    raw = post(client, BIDI_GRAD, "binary").content
    n = int.from_bytes(raw[4:8], "little")
    header = orjson.loads(raw[8 : 8 + n])
    base = 8 + n + (-(8 + n) % 8)
    assert base % 8 == 0 and set(raw[8 + n : base]) <= {0}
    entries = []

    def walk(v):
        if isinstance(v, dict) and "offset" in v:
            entries.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(header)
    assert len(entries) > 20
    end = 0
    for e in sorted(entries, key=lambda e: e["offset"]):
        assert e["offset"] % 8 == 0 and e["offset"] >= end and e["dtype"] == "f8"
        end = e["offset"] + 8 * int(np.prod(e["shape"]))
    assert len(raw) == base + end + (-end % 8)
    # the first array's bytes sit where the header says, little-endian float64
    first = header["output"]
    count = int(np.prod(first["shape"]))
    out = np.frombuffer(raw, "<f8", count, base + first["offset"])
    assert np.array_equal(out, decode_binary(raw)["output"].ravel())


def test_binary_keeps_infinities_and_text_fields(client):
    sd = {  # 1e200 · 1e200 overflows to inf (as in test_engine)
        "weight_ih_l0": [[1e200], [1e200]],
        "weight_hh_l0": [[1e200, 1e200], [1e200, 1e200]],
        "bias_ih_l0": [0, 0],
        "bias_hh_l0": [0, 0],
    }
    body = {
        "model": {"cell": "rnn", "nonlinearity": "relu"},
        "weights": {"format": "pytorch", "state_dict": sd},
        "inputs": [1e200, 1.0, 1.0],
    }
    got = decode_binary(post(client, body, "binary").content)
    assert np.isinf(got["output"][0, 0]).all()
    assert any("non-finite" in w for w in got["warnings"])
    text = {
        "model": {"cell": "gru", "hidden_size": 3},
        "weights": {"format": "random", "seed": 1},
        "inputs": {"text": "héllo"},
    }
    got = decode_binary(post(client, text, "binary").content)
    assert got["tokens"] == [list("héllo")] and got["output"].shape == (1, 5, 3)


def test_binary_errors_stay_json_and_a_wrong_encoding_is_named(client):
    bad = {**BIDI_GRAD, "inputs": [], "options": {"encoding": "binary"}}
    r = client.post("/api/v1/forward", json=bad)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/json")
    r = client.post("/api/v1/forward", json={**BIDI_GRAD, "options": {"encoding": "msgpack"}})
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["loc"][-2:] == ["options", "encoding"] and "binary" in detail["msg"]


def test_decode_binary_refuses_other_bytes():
    with pytest.raises(ValueError, match="RNSB"):
        decode_binary(b'{"output": []}')


ONE_WAY = {
    "model": {"cell": "lstm", "input_size": 3, "hidden_size": 4},
    "weights": {"format": "random", "seed": 3},
    "inputs": np.random.default_rng(5).normal(size=(1, 6, 3)).tolist(),
}


def test_binary_writes_the_output_once_when_it_is_the_last_layers_h(client):
    """A one-directional network's output is its trace's h: one slot, named by both entries."""
    r = post(client, ONE_WAY, "binary")
    assert r.headers["content-length"] == str(len(r.content))
    assert "content-encoding" not in r.headers  # never compressed
    raw = r.content
    n = int.from_bytes(raw[4:8], "little")
    header = orjson.loads(raw[8 : 8 + n])
    assert header["output"]["offset"] == header["trace"][0]["forward"]["h"]["offset"]
    assert header["output"]["shape"] == header["trace"][0]["forward"]["h"]["shape"] == [1, 6, 4]
    offsets = sorted({e["offset"] for e in (header["c_n"], header["h_n"], header["output"])})
    assert len(offsets) == 3
    assert_same(from_base64(post(client, ONE_WAY, "base64").json()), decode_binary(raw))
    # with lengths the output is a copy (zeros past a row's length): two slots again
    masked = post(client, {**ONE_WAY, "lengths": [4]}, "binary").content
    m = int.from_bytes(masked[4:8], "little")
    h2 = orjson.loads(masked[8 : 8 + m])
    assert h2["output"]["offset"] != h2["trace"][0]["forward"]["h"]["offset"]
    assert len(masked) > len(raw)


@pytest.mark.parametrize("chunk", [1, 40, 1 << 20])
def test_the_streamed_chunks_are_the_one_buffer_encoding(chunk):
    from rnnscope.encoding import binary_stream, encode_binary

    rng = np.random.default_rng(0)
    trace = rng.normal(size=(7, 3, 20))  # (T, B, G·H) as the engine stores it
    body = {
        "gate": trace[:, :, 5:10].transpose(1, 0, 2),  # strided (B, T, H) views, as a response has
        "same": trace[:, :, 5:10].transpose(1, 0, 2),
        "f4": [rng.normal(size=(3, 5)).astype(np.float32), rng.normal(size=(3,)).astype(np.float32)],
        "four_d": rng.normal(size=(2, 3, 3, 5)).astype(np.float32)[:, :, :, 1:4],
        "empty": np.zeros((0, 4)),
        "text": "x",
    }
    size, chunks = binary_stream(body, chunk)
    parts = list(chunks)
    assert all(p.ndim == 1 and p.format == "B" for p in parts)  # len() is the byte count (h11 counts it)
    joined = b"".join(parts)
    assert len(joined) == size and joined == bytes(encode_binary(body))
    got = decode_binary(joined)
    assert_same({k: v for k, v in body.items()}, got)


def header_of(raw: bytes) -> dict:
    n = int.from_bytes(raw[4:8], "little")
    return orjson.loads(raw[8 : 8 + n])


@pytest.mark.parametrize(
    ("model", "summed"),
    [
        ({"cell": "lstm", "num_layers": 2, "bidirectional": True}, "ifgo"),
        ({"cell": "rnn"}, "h"),
        ({"cell": "gru"}, "rz"),  # PyTorch's n: a_n = x_n + r ⊙ (W_hn h + b_hn), sent as it is
        ({"cell": "gru", "gru_reset_after": False}, "rzn"),
    ],
)
def test_a_pre_activation_that_is_the_sum_of_the_terms_is_sent_as_that_sum(client, model, summed):
    """float64: each gate's pre_activation that is input_term + recurrent_term bit for bit is named
    as the sum of their two slots (a fifth fewer bytes for an LSTM); decode_binary adds them and
    gets the base64 answer's very bits. float32 (rounded after the sum) sends every array."""
    body = {
        "model": {**model, "input_size": 3, "hidden_size": 4},
        "weights": {"format": "random", "seed": 11},
        "inputs": np.random.default_rng(8).normal(size=(2, 9, 3)).tolist(),
    }
    raw = post(client, body, "binary").content
    header = header_of(raw)
    for layer in header["trace"]:
        for direction in layer.values():
            pre = direction["pre_activation"]
            assert {g for g, e in pre.items() if "sum" in e} == set(summed), pre
            for g in summed:
                assert pre[g]["sum"] == [direction[k][g]["offset"] for k in ("input_term", "recurrent_term")]
                assert "offset" not in pre[g] and pre[g]["shape"] == [2, 9, 4]
    ref = from_base64(post(client, body, "base64").json())
    assert_same(ref, decode_binary(raw))
    f4 = post(client, body, "binary", dtype="float32").content
    assert all("sum" not in e for e in header_of(f4)["trace"][0]["forward"]["pre_activation"].values())
    assert_same(from_base64(post(client, body, "base64", dtype="float32").json()), decode_binary(f4))


def test_an_array_that_is_not_the_sum_is_sent_as_itself():
    """The encoder checks every bit (signed zeros included) before it names a sum."""
    from rnnscope.encoding import encode_binary

    x = np.array([[1.0, -0.0, 0.1]])
    y = np.array([[2.0, 0.0, 0.2]])
    near = x + y
    near[0, 2] = np.nextafter(near[0, 2], 1.0)  # one ulp off
    zero = x + y
    zero[0, 1] = -0.0  # -0.0 + 0.0 is +0.0
    for pre, named in ((x + y, True), (near, False), (zero, False)):
        trace = {"input_term": {"i": x}, "recurrent_term": {"i": y}, "pre_activation": {"i": pre}}
        raw = bytes(encode_binary(trace))
        assert ("sum" in header_of(raw)["pre_activation"]["i"]) is named
        assert decode_binary(raw)["pre_activation"]["i"].tobytes() == pre.tobytes()


TEXT = "the cat sat on the mat, the cat ate the hat"
VOCAB = "".join(sorted(set(TEXT)))


def one_hot(texts: list[str]) -> list:
    """(B, T, V) one-hot rows as numbers: the same rows as a text input, for a batch."""
    return np.eye(len(VOCAB))[[[VOCAB.index(c) for c in t] for t in texts]].tolist()


@pytest.mark.parametrize(
    ("model", "inputs", "batch"),
    [
        ({"cell": "lstm", "num_layers": 2, "bidirectional": True}, {"text": TEXT, "vocabulary": VOCAB}, 1),
        ({"cell": "gru"}, one_hot([TEXT, TEXT[::-1]]), 2),
        ({"cell": "gru", "gru_reset_after": False}, {"text": TEXT, "vocabulary": VOCAB}, 1),
    ],
)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_an_input_term_whose_rows_repeat_is_sent_as_its_distinct_rows(client, model, inputs, batch, dtype):
    """Text or one-hot input: the first layer's input_term as one row per distinct token and each
    row's number, the pre-activations that sum it naming its entry; decoded, the base64 answer's
    very bits. A layer above (its input is the states below, all different) sends its rows."""
    body = {
        "model": {**model, "input_size": len(VOCAB), "hidden_size": 5},
        "weights": {"format": "random", "seed": 3},
        "inputs": inputs,
    }
    raw = post(client, body, "binary", dtype=dtype).content
    header = header_of(raw)
    for layer, trace in enumerate(header["trace"]):
        for direction in trace.values():
            terms = direction["input_term"]
            if layer > 0:
                assert all("offset" in e for e in terms.values()), terms
                continue
            assert all(e["rows"]["count"] == len(VOCAB) for e in terms.values()), terms
            assert all(e["shape"] == [batch, len(TEXT), 5] for e in terms.values()), terms
            assert len({e["rows"]["index"] for e in terms.values()}) == 1  # one index for every gate
            for g, e in direction["pre_activation"].items():
                if "sum" in e:
                    assert e["sum"] == [terms[g], direction["recurrent_term"][g]["offset"]]
    ref = from_base64(post(client, body, "base64", dtype=dtype).json())
    assert_same(ref, decode_binary(raw))
    noise = np.random.default_rng(1).normal(size=(batch, len(TEXT), len(VOCAB))).tolist()
    assert len(raw) < len(post(client, {**body, "inputs": noise}, "binary", dtype=dtype).content)


def test_rows_are_shared_only_when_they_are_the_same_bits():
    """Rows alike in their first values but not in a later one, a -0.0 for a +0.0, or too few
    repeats: sent as they are. Every case decodes to the array's very bytes."""
    from rnnscope.encoding import KEY_COLUMNS, encode_binary

    rng = np.random.default_rng(4)
    table = rng.normal(size=(3, 1, 6))
    tokens = [0, 1, 2, 0, 1, 0, 0, 2, 1, 0]
    repeated = table[tokens].reshape(1, 10, 6)
    late = repeated.copy()
    late[0, 3, KEY_COLUMNS + 1] = np.nextafter(
        late[0, 3, KEY_COLUMNS + 1], 9.0
    )  # same key, one ulp off later
    zero = repeated.copy()
    zero[0, :, 0] = 0.0
    zero[0, 4, 0] = -0.0  # in the key: a fourth distinct row
    few = rng.normal(size=(1, 10, 6))
    few[0, 1] = few[0, 0]
    other = repeated.copy()
    other[0, 7] = other[0, 0] + 1  # the second gate's rows repeat another way
    for field, rows in (
        ({"i": repeated, "f": repeated * 2}, True),
        ({"i": late, "f": late}, False),
        ({"i": zero}, True),  # still under half the rows
        ({"i": few}, False),
        ({"i": repeated, "f": other}, False),
        ({"i": repeated.astype(np.float32)}, True),
    ):
        raw = bytes(encode_binary({"input_term": field}))
        entries = header_of(raw)["input_term"]
        assert all(("rows" in e) is rows for e in entries.values()), (field.keys(), entries)
        got = decode_binary(raw)["input_term"]
        for g, a in field.items():
            assert got[g].dtype == a.dtype and got[g].tobytes() == a.tobytes()
    assert (
        header_of(bytes(encode_binary({"input_term": {"i": zero}})))["input_term"]["i"]["rows"]["count"] == 4
    )


def test_decode_binary_refuses_a_row_number_past_its_table():
    from rnnscope.encoding import encode_binary

    a = np.repeat(np.arange(6.0).reshape(2, 3), 4, axis=0).reshape(1, 8, 3)
    raw = bytearray(encode_binary({"input_term": {"i": a}}))
    spec = header_of(bytes(raw))["input_term"]["i"]["rows"]
    n = int.from_bytes(raw[4:8], "little")
    base = 8 + n + (-(8 + n) % 8)
    raw[base + spec["index"] : base + spec["index"] + 4] = (7).to_bytes(4, "little")
    with pytest.raises(ValueError, match="row number past its table"):
        decode_binary(bytes(raw))
