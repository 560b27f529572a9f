"""Fuzzing the HTTP API (issue 6): nothing a client sends gives a 5xx, and every answer conforms.

Two kinds of test, both in-process (no socket):

1. **schemathesis** against the app's own ``/openapi.json``, every operation, positive and negative
   data, examples, coverage and fuzzing phases, with the checks ``not_a_server_error``,
   ``status_code_conformance``, ``content_type_conformance``, ``response_headers_conformance`` and
   ``response_schema_conformance``. Two checks are left out on purpose: ``positive_data_acceptance``
   (the schema leaves arrays untyped, ``{"type": "array", "items": {}}``, so a schema-valid body is
   usually semantically wrong and a 422 is the right answer) and ``negative_data_rejection``
   (pydantic's lax mode accepts ``0`` for ``false`` and ``"3"`` for ``3``, which the schema forbids:
   documented FastAPI behaviour, not a fault).
2. **Hand-written hostile bodies** (hypothesis) for ``POST /api/v1/forward`` and ``/convert``: wrong
   types everywhere, huge, negative and zero sizes, ragged and deeply nested arrays, strings, nulls,
   unicode, numbers past float64 and int64, invalid JSON, odd content types; and for
   ``POST /api/v1/weights/import``: random bytes, broken safetensors headers, npz archives of every
   dtype, JSON of any shape, under random file names. Every answer must be < 500 and a 4xx must carry
   FastAPI's ``{"detail": [{"loc": [...], "msg": str, "type": str}]}`` with ``loc[0]`` "body", "path"
   or "query".

Faults the fuzzers find get a deterministic reproducer below (``xfail(strict=True)`` until the
app is fixed) and a ``KNOWN`` entry that lets the fuzzers tell a known 5xx from a new one; both
go when the fix lands. Every fault found so far is fixed; the reproducers stay as regressions.
``scripts/fuzz.py`` runs the same fuzzers with many more examples.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import io
import json
import os
import struct
import traceback
import warnings
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_schema_conformance,
)

from rnnscope.main import create_app
from rnnscope.settings import Settings

EXAMPLES = int(os.environ.get("RNNSCOPE_FUZZ_EXAMPLES", "60"))  # per property; scripts/fuzz.py raises it
SCHEMA_EXAMPLES = int(os.environ.get("RNNSCOPE_FUZZ_SCHEMA_EXAMPLES", "25"))  # per operation
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
STATS: collections.Counter[str] = collections.Counter()  # read by scripts/fuzz.py
LOCS = {"body", "path", "query"}

APP = create_app(Settings())
CLIENT = TestClient(APP, raise_server_exceptions=True)


# ---------------------------------------------------------------------------------------------
# known faults: (endpoint, app file, function) of the innermost app frame of the exception.
# Delete an entry when the xfail reproducer that names it starts passing.

KNOWN: dict[tuple[str, str, str], str] = {}
# 4xx whose body is not FastAPI's list-of-errors shape: (path, status) of Starlette's own multipart
# errors, {"detail": "Invalid multipart data."} or {"detail": "Missing boundary in multipart."}
KNOWN_BAD_DETAIL: dict[tuple[str, int], str] = {}


def app_frame(exc: BaseException) -> tuple[str, str]:
    """(path under the repo, function) of the innermost frame in app/ of an exception's traceback."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/app/" in f.filename.replace("\\", "/")]
    if not frames:
        return ("?", "?")
    f = frames[-1]
    path = f.filename.replace("\\", "/")
    return ("app/" + path.rsplit("/app/", 1)[1], f.name)


def send(method: str, path: str, **kwargs: Any) -> Any:
    """One request through the in-process client. Returns the response, or None for a 5xx that
    matches a KNOWN fault (counted); raises for any other 5xx. Warnings are errors here too."""
    STATS["requests"] += 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            r = CLIENT.request(method, path, **kwargs)
    except Exception as e:
        where = app_frame(e)
        if (path, *where) in KNOWN:
            STATS["5xx known"] += 1
            STATS[f"5xx known {where[0]}:{where[1]}"] += 1
            return None
        STATS["5xx NEW"] += 1
        STATS[f"5xx NEW {path} {where[0]}:{where[1]} {type(e).__name__}"] += 1
        sent = kwargs.get("content", kwargs.get("files", b""))
        raise AssertionError(
            f"{method} {path} raised {type(e).__name__}: {e} at {where} (a 500); request: {str(sent)[:2000]}"
        ) from e
    STATS[f"status {r.status_code}"] += 1
    if r.status_code >= 500 and r.status_code != 503:
        STATS["5xx NEW"] += 1
    return r


def assert_conforms(r: Any, path: str = "") -> Any:
    """< 500 (a 503 only as the gate's documented busy answer), JSON, and a 4xx in FastAPI's shape."""
    assert r.status_code < 500 or r.status_code == 503, f"{r.status_code}: {r.text[:500]}"
    assert r.headers["content-type"].startswith("application/json"), r.headers["content-type"]
    body = r.json()
    if r.status_code < 400:
        return body
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str) and (path, r.status_code) in KNOWN_BAD_DETAIL:
        STATS["4xx known bad detail"] += 1
        return body
    assert isinstance(body, dict) and set(body) == {"detail"}, body
    detail = body["detail"]
    assert isinstance(detail, list) and detail, body
    for item in detail:
        assert isinstance(item, dict), body
        assert isinstance(item.get("loc"), list) and item["loc"], body
        assert item["loc"][0] in LOCS, body
        assert all(isinstance(p, (str, int)) for p in item["loc"]), body
        assert isinstance(item.get("msg"), str) and item["msg"], body
        assert isinstance(item.get("type"), str) and item["type"], body
    return body


# ---------------------------------------------------------------------------------------------
# 1. schemathesis: every operation of /openapi.json

schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
SCHEMA_SETTINGS = settings(
    max_examples=SCHEMA_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


def oembed_501(case: Any, status: int) -> bool:
    """oEmbed (https://oembed.com §2.3.4.1) requires 501 Not Implemented for a format it does not offer:
    the one documented, intended 5xx of the API."""
    query = case.query if isinstance(case.query, dict) else {}
    return case.operation.path == "/oembed" and status == 501 and query.get("format", "json") != "json"


def known_schema_mismatch(case: Any, response: Any) -> list[Any]:
    """Checks to skip for a response that is intended (a fault with its own xfail reproducer would be
    listed here too while it is open)."""
    skip = []
    if oembed_501(case, response.status_code):
        skip.append(not_a_server_error)
    return skip


def check_schemathesis_case(case: Any) -> Any:
    """Call one schemathesis case in-process and run the checks (shared with scripts/fuzz.py)."""
    STATS["schemathesis cases"] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        response = case.call()
    STATS[f"schemathesis {case.operation.method.upper()} {case.operation.path} {response.status_code}"] += 1
    if (
        response.status_code >= 500
        and response.status_code != 503
        and not oembed_501(case, response.status_code)
    ):
        STATS["5xx NEW"] += 1
    excluded = [positive_data_acceptance, negative_data_rejection, *known_schema_mismatch(case, response)]
    case.validate_response(response, excluded_checks=excluded)
    return response


@schema.parametrize()
@SCHEMA_SETTINGS
def test_schemathesis_every_operation(case: Any) -> None:
    check_schemathesis_case(case)


# ---------------------------------------------------------------------------------------------
# 2. hostile JSON bodies

BIG_NUMBERS = [
    2**31,
    2**53 + 1,
    2**63 - 1,
    2**63,
    2**64,
    10**30,
    -(2**63) - 1,
    1e308,
    -1e308,
    5e-324,
    1.7976931348623157e308,
    3.5e38,
    -0.0,
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-10, 10)
    | st.integers()
    | st.sampled_from(BIG_NUMBERS)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(
        ["", "NaN", "Infinity", "1e999", "rnn", "lstm", "gru", "float32", "\u0000", "🙂", "é" * 3]
    )
)
junk = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=16,
)

# sizes: plausible, zero, negative, over the limits, past int64, or not a number. (No valid-but-huge
# value such as hidden_size 1024: that is a legal request, just a slow one.)
sizes = st.sampled_from([1, 2, 3, 4, 0, -1, 1025, 4097, 2**31, 2**63 - 1, 2**63, 10**30]) | scalars
layers = st.sampled_from([1, 2, 3, 0, -1, 9, 2**40]) | scalars


@st.composite
def numeric_arrays(draw: st.DrawFn, max_dims: int = 3) -> Any:
    """Nested lists of numbers of a random shape (possibly empty), sometimes with one bad leaf,
    sometimes ragged, sometimes nested far deeper than any array the API takes."""
    kind = draw(st.sampled_from(["good", "good", "good", "bad leaf", "ragged", "deep", "junk"]))
    if kind == "junk":
        return draw(junk)
    if kind == "deep":
        depth = draw(st.sampled_from([4, 33, 65, 200, 1000]))
        value: Any = draw(st.floats(-1, 1) | st.just([]))
        for _ in range(depth):
            value = [value]
        return value
    shape = draw(st.lists(st.integers(0, 4), min_size=1, max_size=max_dims))
    numbers = st.floats(-10, 10) | st.integers(-3, 3) | st.sampled_from([1e30, -1e30, 1e300, 5e-324, 0.0])
    a = np.asarray(
        draw(st.lists(numbers, min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))), dtype=object
    )
    value = a.reshape(shape).tolist()
    if kind == "bad leaf" and a.size:
        flat = value
        while isinstance(flat, list) and flat and isinstance(flat[0], list):
            flat = flat[0]
        if flat:
            flat[0] = draw(
                st.none() | st.text(max_size=3) | st.booleans() | st.just({}) | st.sampled_from(BIG_NUMBERS)
            )
    if kind == "ragged" and isinstance(value, list) and value:
        value = [*value, draw(st.lists(st.floats(-1, 1), max_size=6)), 1.0]
    return value


CELLS = st.sampled_from(["rnn", "lstm", "gru"])
models = (
    st.fixed_dictionaries(
        {"cell": CELLS | scalars},
        optional={
            "input_size": sizes,
            "hidden_size": sizes,
            "num_layers": layers,
            "bidirectional": st.booleans() | scalars,
            "nonlinearity": st.sampled_from(["tanh", "relu"]) | scalars,
            "gate_activation": st.sampled_from(["sigmoid", "hard_sigmoid", "hard_sigmoid_keras2"]) | scalars,
            "gru_reset_after": st.booleans() | scalars,
            "proj_size": sizes,
            "readout": st.none()
            | st.fixed_dictionaries(
                {},
                optional={
                    "size": sizes,
                    "activation": st.sampled_from(["identity", "softmax", "sigmoid", "tanh"]) | scalars,
                },
            )
            | junk,
            "bias": junk,  # not a field: extra_forbidden
        },
    )
    | junk
)

# fmt: off
PT_NAMES = ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0", "weight_ih_l1",
            "weight_hh_l0_reverse"]
CELL_KEYS = ["kernel", "recurrent_kernel", "bias", "gates/kernel", "gates/bias", "candidate/kernel",
             "candidate/bias"]
# fmt: on
param_names = st.sampled_from(PT_NAMES) | st.text(max_size=10)
cell_params = st.dictionaries(
    st.sampled_from(CELL_KEYS) | st.text(max_size=6),
    numeric_arrays(),
    max_size=4,
)
gate_maps = st.dictionaries(
    st.sampled_from(["h", "i", "f", "g", "o", "r", "z", "n", "x"]), numeric_arrays(), max_size=4
)
canonical_dirs = st.fixed_dictionaries(
    {},
    optional={
        "W_x": gate_maps | junk,
        "W_h": gate_maps | junk,
        "b_x": gate_maps | junk,
        "b_h": gate_maps | junk,
        "W_proj": numeric_arrays(),
    },
)
layer_entries = cell_params | st.fixed_dictionaries({"forward": cell_params, "backward": cell_params}) | junk
readouts = st.dictionaries(
    st.sampled_from(["weight", "bias", "kernel", "W", "b"]) | st.text(max_size=4),
    numeric_arrays(),
    max_size=3,
)
weights = st.one_of(
    st.fixed_dictionaries(
        {"format": st.just("random")},
        optional={"seed": st.integers(-5, 2**70) | scalars, "scheme": st.just("pytorch") | scalars},
    ),
    st.fixed_dictionaries(
        {
            "format": st.just("pytorch"),
            "state_dict": st.dictionaries(param_names, numeric_arrays(), max_size=5) | junk,
        },
        optional={"readout": readouts | junk},
    ),
    st.fixed_dictionaries(
        {"format": st.sampled_from(["keras", "tf1"]), "layers": st.lists(layer_entries, max_size=3) | junk},
        optional={"readout": readouts | junk, "forget_bias": scalars},
    ),
    st.fixed_dictionaries(
        {"format": st.just("book")},
        optional={
            k: numeric_arrays() for k in ("w_cell_state", "w_cell_input", "b_cell", "w_output", "b_output")
        },
    ),
    st.fixed_dictionaries(
        {
            "format": st.just("canonical"),
            "layers": st.lists(
                st.fixed_dictionaries({"forward": canonical_dirs}, optional={"backward": canonical_dirs})
                | junk,
                max_size=3,
            )
            | junk,
        },
        optional={"readout": readouts | junk},
    ),
    st.fixed_dictionaries({"format": scalars}),
    junk,
)
texts = st.text(max_size=12) | st.sampled_from(["hello", "🙂🙂a", "\u0000\n", "a" * 50])
inputs = st.one_of(
    numeric_arrays(),
    st.fixed_dictionaries(
        {},
        optional={
            "text": texts | scalars,
            "texts": st.lists(texts, max_size=4) | scalars,
            "vocabulary": texts | st.lists(texts | scalars, max_size=5) | scalars,
            "pad": st.booleans() | scalars,
        },
    ),
    junk,
)
trace_fields = st.lists(
    st.sampled_from(["input_term", "recurrent_term", "pre_activation", "gates", "c", "h", "x"]), max_size=4
)
options = (
    st.fixed_dictionaries(
        {},
        optional={
            "dtype": st.sampled_from(["float64", "float32"]) | scalars,
            "encoding": st.sampled_from(["json", "base64"]) | scalars,
            "trace": st.booleans() | trace_fields | scalars,
            "gradients": st.booleans()
            | st.fixed_dictionaries(
                {}, optional={"loss": st.sampled_from(["sum", "mse"]) | scalars, "targets": numeric_arrays()}
            )
            | scalars,
        },
    )
    | junk
)
states = st.none() | st.fixed_dictionaries({}, optional={"h": numeric_arrays(), "c": numeric_arrays()}) | junk
forward_bodies = (
    st.fixed_dictionaries(
        {"model": models, "weights": weights, "inputs": inputs},
        optional={"initial_state": states, "options": options, "extra": junk},
    )
    | junk
)


def to_json(value: Any) -> bytes:
    return json.dumps(value, allow_nan=False, ensure_ascii=False).encode("utf-8", "surrogatepass")


raw_bodies = st.one_of(
    st.binary(max_size=200),
    st.sampled_from(
        [
            b"",
            b"{",
            b"[1, 2",
            b'{"model": NaN}',
            b'{"inputs": [Infinity]}',
            b"\xef\xbb\xbf{}",
            b'{"a": 1e999}',
            b'{"a": 123456789012345678901234567890}',
            b"[" * 2000 + b"]" * 2000,
            b'{"model": {"cell": "rnn"}} trailing',
            b"\xff\xfe{\x00}\x00",
            b'"\\ud800"',
            b"null",
        ]
    ),
    st.text(max_size=100).map(lambda s: s.encode("utf-8", "surrogatepass")),
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "application/x-www-form-urlencoded",
        "",
        "application/json; charset=latin-1",
    ]
)


def check_forward_200(body: dict[str, Any], request: Any) -> None:
    """A 200 has the documented top-level fields, with output (B, T, ·) in the json encoding."""
    for key in ("model", "batch", "steps", "gates", "output", "h_n", "trace", "warnings"):
        assert key in body, f"200 without {key!r}"
    if isinstance(body["output"], list):
        out = body["output"]
        assert len(out) == body["batch"] and all(len(row) == body["steps"] for row in out)


def post_json(path: str, body: Any) -> Any:
    """POST ``body`` as JSON through ``send``: the response, or None for a known 5xx."""
    return send("POST", path, content=to_json(body), headers={"content-type": "application/json"})


def check_forward(body: Any) -> None:
    """POST a forward body: the answer conforms, and a 200 has the documented fields."""
    r = post_json("/api/v1/forward", body)
    if r is None:
        return
    out = assert_conforms(r)
    if r.status_code == 200:
        check_forward_200(out, body)


def check_convert(body: Any) -> None:
    """POST a convert body: the answer conforms."""
    r = post_json("/api/v1/convert", body)
    if r is not None:
        assert_conforms(r)


@FUZZ
@given(forward_bodies)
def test_hostile_forward_bodies(body: Any) -> None:
    STATS["hostile forward bodies"] += 1
    check_forward(body)


@FUZZ
@given(raw_bodies, content_types, st.sampled_from(["/api/v1/forward", "/api/v1/convert"]))
def test_hostile_raw_bodies(raw: bytes, content_type: str, path: str) -> None:
    """Invalid JSON, lone surrogates, byte-order marks, 2000-deep nesting, odd content types."""
    STATS["hostile raw bodies"] += 1
    r = send("POST", path, content=raw, headers={"content-type": content_type} if content_type else {})
    if r is not None:
        assert_conforms(r)


# valid requests, then one hostile mutation: reaches the format readers and the engine, where a
# body of junk is stopped by the schema already

VALID_MODELS = st.fixed_dictionaries(
    {"cell": CELLS, "input_size": st.integers(1, 3), "hidden_size": st.integers(2, 4)},
    optional={
        "num_layers": st.integers(1, 2),
        "bidirectional": st.booleans(),
        "nonlinearity": st.sampled_from(["tanh", "relu"]),
        "gate_activation": st.sampled_from(["sigmoid", "hard_sigmoid", "hard_sigmoid_keras2"]),
        "gru_reset_after": st.booleans(),
        "proj_size": st.just(1),
        "readout": st.fixed_dictionaries(
            {"size": st.integers(1, 2)},
            optional={"activation": st.sampled_from(["identity", "softmax", "sigmoid", "tanh"])},
        ),
    },
)


def valid_model(model: dict[str, Any]) -> dict[str, Any]:
    """Drop the fields the drawn cell does not take (so that the unmutated body is a 200)."""
    cell = model["cell"]
    drop = {
        "rnn": {"gate_activation", "gru_reset_after", "proj_size"},
        "lstm": {"nonlinearity", "gru_reset_after"},
        "gru": {"nonlinearity", "proj_size"},
    }[cell]
    return {k: v for k, v in model.items() if k not in drop}


@st.composite
def valid_bodies(draw: st.DrawFn, convert: bool = False) -> dict[str, Any]:
    from rnnscope.errors import InputError
    from rnnscope.formats import read_network, write_weights

    model = valid_model(draw(VALID_MODELS))
    seed = draw(st.integers(0, 1000))
    fmt = draw(st.sampled_from(["random", "pytorch", "keras", "tf1", "canonical"]))
    weights: dict[str, Any] = {"format": "random", "seed": seed}
    if fmt != "random":
        net = read_network(model, set(model), weights)
        with contextlib.suppress(InputError):  # e.g. a reset-before GRU has no PyTorch form
            weights = write_weights(net, fmt)
    if convert:
        return {
            "model": model,
            "weights": weights,
            "to": draw(st.sampled_from(["pytorch", "keras", "canonical", "tf1"])),
        }
    B, T, I = draw(st.integers(1, 2)), draw(st.integers(1, 4)), model["input_size"]
    body: dict[str, Any] = {
        "model": model,
        "weights": weights,
        "inputs": np.round(np.random.default_rng(seed).standard_normal((B, T, I)), 3).tolist(),
    }
    if draw(st.booleans()):
        body["options"] = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "dtype": st.sampled_from(["float64", "float32"]),
                    "encoding": st.sampled_from(["json", "base64"]),
                    "trace": st.booleans() | trace_fields.filter(lambda f: "x" not in f),
                    "gradients": st.booleans(),
                },
            )
        )
    return body


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists (the first 3 items of a list)."""
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):
            out += paths(v, (*prefix, i))
    return out


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    """A valid body with 1-3 of its values replaced, deleted, made ragged, reshaped or duplicated."""
    body = copy.deepcopy(draw(base))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(paths(body)[1:]))
        *parents, last = where
        node = body
        for p in parents:
            node = node[p]
        how = draw(
            st.sampled_from(
                ["replace", "replace", "array", "delete", "ragged", "transpose", "number", "wrap"]
            )
        )
        old = node[last]
        if how == "delete":
            if isinstance(node, dict):
                del node[last]
            else:
                node.pop(last)
        elif how == "ragged" and isinstance(old, list) and old:
            node[last] = old[:-1] if len(old) > 1 and draw(st.booleans()) else [*old, old[-1]]
        elif how == "transpose" and isinstance(old, list) and old and all(isinstance(r, list) for r in old):
            try:
                node[last] = np.asarray(old, dtype=object).T.tolist()
            except ValueError:
                node[last] = old[::-1]
        elif how == "number":
            node[last] = draw(
                st.sampled_from(BIG_NUMBERS)
                | st.integers(-3, 3)
                | st.floats(allow_nan=False, allow_infinity=False)
            )
        elif how == "wrap":
            node[last] = [old]
        elif how == "array":
            node[last] = draw(numeric_arrays())
        else:
            node[last] = draw(junk)
    return body


@FUZZ
@given(mutated(valid_bodies()))
def test_mutated_valid_forward_bodies(body: Any) -> None:
    STATS["mutated forward bodies"] += 1
    check_forward(body)


@FUZZ
@given(mutated(valid_bodies(convert=True)))
def test_mutated_valid_convert_bodies(body: Any) -> None:
    STATS["mutated convert bodies"] += 1
    check_convert(body)


@FUZZ
@given(valid_bodies())
def test_valid_forward_bodies_succeed(body: dict[str, Any]) -> None:
    """The generator of the mutation tests makes valid requests: each unmutated body is a 200."""
    STATS["valid forward bodies"] += 1
    r = post_json("/api/v1/forward", body)
    assert r is not None and r.status_code == 200, r and r.text[:500]
    check_forward_200(r.json(), body)


def flat(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [v for item in value for v in flat(item)]
    if isinstance(value, dict):
        return [v for item in value.values() for v in flat(item)]
    return [value]


@FUZZ
@given(
    st.sampled_from(["rnn", "lstm", "gru"]),
    st.integers(1, 4),
    st.integers(1, 30),
    st.sampled_from([1.0, 10.0, 1e10, 1e100, 1e300]),
    st.sampled_from(["float64", "float32"]),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_overflowing_networks_report_non_finite_values(
    cell: str, hidden: int, steps: int, scale: float, dtype: str, gradients: bool, seed: int
) -> None:
    """A relu net (or any cell) with huge weights overflows: a 200 whose nulls are named in
    ``warnings``, never a 500 or a RuntimeWarning (or a 422 at options.dtype for float32 weights)."""
    STATS["overflowing networks"] += 1
    from rnnscope.formats import read_network, write_weights

    model: dict[str, Any] = {"cell": cell, "input_size": 2, "hidden_size": hidden}
    if cell == "rnn":
        model["nonlinearity"] = "relu"
    net = read_network(model, set(model), {"format": "random", "seed": seed})
    w = write_weights(net, "pytorch")
    w["state_dict"] = {k: (np.asarray(v) * scale).tolist() for k, v in w["state_dict"].items()}
    x = (np.random.default_rng(seed).standard_normal((steps, 2)) * scale).tolist()
    body = {"model": model, "weights": w, "inputs": x, "options": {"dtype": dtype, "gradients": gradients}}
    r = post_json("/api/v1/forward", body)
    if r is None:
        return
    out = assert_conforms(r)
    if r.status_code == 422:
        assert dtype == "float32" and out["detail"][0]["loc"] == ["body", "options", "dtype"], out
        return
    assert r.status_code == 200, r.text[:500]
    # the states (output, h_n, c_n) and every trace field: a null anywhere is named in warnings
    states = [out[k] for k in ("output", "h_n", "c_n") if k in out]
    states += [v for layer in out["trace"] for d in layer.values() for v in d.values()]
    has_null = any(v is None for v in flat(states))
    named = any("non-finite" in w for w in out["warnings"])
    assert has_null == named, (has_null, out["warnings"])
    if has_null:
        STATS["overflowing networks with nulls"] += 1


convert_bodies = (
    st.fixed_dictionaries(
        {
            "model": models,
            "weights": weights,
            "to": st.sampled_from(["pytorch", "keras", "canonical", "tf1"]) | scalars,
        },
        optional={"extra": junk},
    )
    | junk
)


@FUZZ
@given(convert_bodies)
def test_hostile_convert_bodies(body: Any) -> None:
    STATS["hostile convert bodies"] += 1
    check_convert(body)


@FUZZ
@given(st.text(max_size=40), st.sampled_from(["", "?x=1", "?preset_id=../../etc/passwd"]))
def test_hostile_preset_ids(preset_id: str, query: str) -> None:
    STATS["hostile preset ids"] += 1
    r = send("GET", "/api/v1/presets/" + quote(preset_id, safe="") + query)
    if r is None:
        return
    if r.status_code == 404 and r.json() == {"detail": "Not Found"}:
        # an id with a "/" (or "..") is another path, which no route matches: Starlette's own 404
        assert "/" in preset_id or preset_id in (".", ".."), preset_id
        STATS["404 no route"] += 1
        return
    assert_conforms(r)


# ---------------------------------------------------------------------------------------------
# 3. hostile weight files for POST /api/v1/weights/import

# fmt: off
SUFFIXES = [".safetensors", ".npz", ".json", ".pt", ".pth", ".pkl", ".bin", "", ".SAFETENSORS", ".Json",
            ".npz.json", ".keras", ".h5", ".weights.h5", ".ckpt", ".hdf5"]
TENSOR_NAMES = st.sampled_from(
    ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0", "encoder.lstm.weight_hh_l0",
     "fc.weight", "fc.bias", "lstm/kernel", "lstm/recurrent_kernel", "lstm/bias", "rnn/basic_lstm_cell/kernel",
     "rnn/basic_lstm_cell/bias", "rnn/gru_cell/gates/kernel", "rnn/gru_cell/candidate/bias", "w_cell_state",
     "w_cell_input", "b_cell", "__metadata__"]
) | st.text(max_size=12)
# fmt: on
ST_DTYPES = ["F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL", "F8_E4M3", "C64"]


@st.composite
def safetensors_files(draw: st.DrawFn) -> bytes:
    """A safetensors file whose header fields are right, wrong, or of the wrong type."""
    header: dict[str, Any] = {}
    for name in draw(st.lists(TENSOR_NAMES, max_size=4, unique=True)):
        shape = draw(
            st.lists(st.integers(0, 4), max_size=3) | st.lists(st.integers(-3, 2**40), max_size=3) | scalars
        )
        n = int(np.prod(shape)) if isinstance(shape, list) and all(isinstance(s, int) for s in shape) else 1
        begin = draw(st.integers(0, 16))
        end = begin + draw(st.sampled_from([8 * n, 4 * n, 2 * n, n, 3, 0]) | st.integers(-8, 64))
        info: Any = {
            "dtype": draw(st.sampled_from(ST_DTYPES) | scalars),
            "shape": shape,
            "data_offsets": [begin, end],
        }
        if draw(st.integers(0, 4)) == 0:
            info["data_offsets"] = draw(junk)
        if draw(st.integers(0, 6)) == 0:
            info = draw(junk)
        header[name] = info
    head = draw(st.just(to_json(header)) | st.binary(max_size=40))
    length = draw(st.just(len(head)) | st.integers(0, 2**64 - 1))
    data = draw(st.binary(max_size=256))
    return struct.pack("<Q", length) + head + data


@st.composite
def npz_files(draw: st.DrawFn) -> bytes:
    buf = io.BytesIO()
    arrays = {}
    for name in draw(
        st.lists(
            TENSOR_NAMES.filter(lambda s: s and "/" not in s and "\x00" not in s), max_size=3, unique=True
        )
    ):
        shape = tuple(draw(st.lists(st.integers(0, 4), max_size=3)))
        kind = draw(st.sampled_from(["f8", "f4", "f2", "i8", "u1", "bool", "c16", "U2", "object"]))
        if kind == "object":
            arrays[name] = np.empty(shape, dtype=object)
        elif kind == "U2":
            arrays[name] = np.full(shape, "ab")
        else:
            with np.errstate(all="ignore"):  # 1e30 is inf as float16 and garbage as int: a file may hold that
                values = np.arange(int(np.prod(shape))).reshape(shape) * draw(
                    st.sampled_from([1, -1, 1e30, 0.5])
                )
                arrays[name] = values.astype(kind)
    np.savez(buf, **arrays)
    data = buf.getvalue()
    if draw(st.booleans()):  # truncated or corrupted
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=20))
    return data


@st.composite
def zip_files(draw: st.DrawFn) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in draw(
            st.lists(
                st.text(min_size=1, max_size=10).filter(lambda s: "\x00" not in s), max_size=3, unique=True
            )
        ):
            z.writestr(name + draw(st.sampled_from([".npy", "", ".txt"])), draw(st.binary(max_size=100)))
    return buf.getvalue()


json_files = st.one_of(
    st.dictionaries(TENSOR_NAMES, numeric_arrays(), max_size=4),
    st.fixed_dictionaries({"model": models, "weights": weights}),
    weights,
    junk,
).map(to_json)
file_contents = st.one_of(st.binary(max_size=300), safetensors_files(), npz_files(), zip_files(), json_files)
file_names = st.builds(
    lambda stem, suffix: stem + suffix,
    st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=20)
    | st.sampled_from(["w", "../../etc/passwd", "a/b\\c", "<script>"]),
    st.sampled_from(SUFFIXES),
)


@FUZZ
@given(file_names, file_contents)
def test_hostile_weight_files(name: str, data: bytes) -> None:
    STATS["hostile weight files"] += 1
    r = send("POST", "/api/v1/weights/import", files={"file": (name, data)})
    if r is None:
        return
    body = assert_conforms(r, "/api/v1/weights/import")
    if r.status_code == 200:
        assert set(body) >= {"model", "weights"}, body


ST_ENCODE = {"F64": "<f8", "F32": "<f4", "F16": "<f2"}


def write_safetensors(arrays: dict[str, np.ndarray], dtype: str) -> tuple[dict[str, Any], bytes]:
    header: dict[str, Any] = {}
    blobs, offset = [], 0
    for name, a in arrays.items():
        if dtype == "BF16":
            raw = (np.asarray(a, "<f4").view("<u4") >> 16).astype("<u2").tobytes()
        else:
            raw = np.asarray(a, ST_ENCODE[dtype]).tobytes()
        header[name] = {
            "dtype": dtype,
            "shape": list(np.shape(a)),
            "data_offsets": [offset, offset + len(raw)],
        }
        blobs.append(raw)
        offset += len(raw)
    return header, b"".join(blobs)


@st.composite
def mutated_weight_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid PyTorch state_dict (with a module prefix and an fc readout, sometimes) as .safetensors,
    .npz or a .json forward request, then one change: a header field, a tensor, the bytes."""
    body = draw(valid_bodies())
    kind = draw(st.sampled_from(["safetensors", "npz", "json"]))
    if kind == "json":
        obj = body if draw(st.booleans()) else {"model": body["model"], "weights": body["weights"]}
        return "w.json", to_json(draw(mutated(st.just(obj))) if draw(st.booleans()) else obj)
    from rnnscope.formats import read_network, write_weights

    model = body["model"]
    net = read_network(model, set(model), {"format": "random", "seed": draw(st.integers(0, 99))})
    if model["cell"] == "gru" and not net.arch.gru_reset_after:
        model = {**model, "gru_reset_after": True}
        net = read_network(model, set(model), {"format": "random", "seed": 0})
    w = write_weights(net, "pytorch")
    prefix = draw(st.sampled_from(["", "rnn.", "encoder.lstm."]))
    arrays = {prefix + k: np.asarray(v, np.float64) for k, v in w["state_dict"].items()}
    for k, v in (w.get("readout") or {}).items():
        arrays["fc." + k] = np.asarray(v, np.float64)
    names = list(arrays)
    victim = draw(st.sampled_from(names))
    change = draw(
        st.sampled_from(["none", "drop", "transpose", "flatten", "extra", "rename", "header", "bytes"])
    )
    if change == "drop":
        del arrays[victim]
    elif change == "transpose":
        arrays[victim] = arrays[victim].T
    elif change == "flatten":
        arrays[victim] = arrays[victim].ravel()
    elif change == "extra":
        arrays[draw(TENSOR_NAMES)] = np.zeros(tuple(draw(st.lists(st.integers(0, 3), max_size=3))))
    elif change == "rename":
        arrays[draw(TENSOR_NAMES)] = arrays.pop(victim)
    if kind == "npz":
        buf = io.BytesIO()
        np.savez(buf, **{k.replace("/", "_") or "x": v for k, v in arrays.items()})
        data = buf.getvalue()
        if change == "bytes":
            data = data[: draw(st.integers(0, len(data)))]
        return "w.npz", data
    header, blob = write_safetensors(arrays, draw(st.sampled_from(["F64", "F32", "F16", "BF16"])))
    if change == "header" and victim in header:
        field = draw(st.sampled_from(["dtype", "shape", "data_offsets"]))
        header[victim][field] = draw(
            st.sampled_from(ST_DTYPES) | st.lists(st.integers(-2, 2**33), max_size=3) | junk
        )
    if change == "bytes" and blob:
        cut = draw(st.integers(0, len(blob)))
        blob = blob[:cut] + draw(st.binary(max_size=8))
    head = to_json(header)
    return "w.safetensors", struct.pack("<Q", len(head)) + head + blob


@FUZZ
@given(mutated_weight_files())
def test_mutated_weight_files(named: tuple[str, bytes]) -> None:
    STATS["mutated weight files"] += 1
    name, data = named
    r = send("POST", "/api/v1/weights/import", files={"file": (name, data)})
    if r is None:
        return
    body = assert_conforms(r, "/api/v1/weights/import")
    if r.status_code == 200:
        assert set(body) >= {"model", "weights"}, body
        STATS["weight files imported"] += 1


# Real model files (tests/fixtures/models, written by torch and Keras) with their bytes mutated: the
# file itself, or one member of its zip (the pickle of a .pt, config.json or model.weights.h5 of a
# .keras) re-zipped so that the zip's CRC lets the damage reach the parser.
MODEL_FILES = Path(__file__).parent / "fixtures" / "models"
MODEL_NAMES = sorted(
    p.name
    for p in MODEL_FILES.iterdir()
    if p.name not in ("expected.json", "vocab.txt") and p.stat().st_size < 60_000
)


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "overwrite", "insert", "delete", "truncate"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if kind == "flip" and out:
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            out[at : at + len(chunk)] = chunk
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del out[at : at + draw(st.integers(1, 16))]
        else:
            del out[at:]
    return bytes(out)


@st.composite
def mutated_model_files(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(MODEL_NAMES))
    data = (MODEL_FILES / name).read_bytes()
    if zipfile.is_zipfile(io.BytesIO(data)) and draw(st.booleans()):
        src = zipfile.ZipFile(io.BytesIO(data))
        members = src.namelist()
        victim = draw(
            st.sampled_from([m for m in members if m.endswith((".pkl", ".json", ".h5"))] or members)
        )
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for m in members:
                z.writestr(m, draw(mutated_bytes(src.read(m))) if m == victim else src.read(m))
        return name, buf.getvalue()
    return name, draw(mutated_bytes(data))


@FUZZ
@given(mutated_model_files())
def test_mutated_model_files(named: tuple[str, bytes]) -> None:
    """PyTorch zip/pickle, Keras .keras/.h5/.weights.h5 and get_weights JSON parsers on damaged files."""
    STATS["mutated model files"] += 1
    name, data = named
    r = send("POST", "/api/v1/weights/import", files={"file": (name, data)})
    if r is None:
        return
    body = assert_conforms(r, "/api/v1/weights/import")
    if r.status_code == 200:
        assert set(body) >= {"model", "weights", "summary"}, body
        STATS["model files imported"] += 1


@FUZZ
@given(
    st.binary(max_size=300),
    st.sampled_from(
        [
            "multipart/form-data; boundary=xyz",
            "multipart/form-data",
            "application/octet-stream",
            "application/json",
        ]
    ),
)
def test_hostile_raw_uploads(raw: bytes, content_type: str) -> None:
    """A broken multipart body, or no multipart at all."""
    STATS["hostile raw uploads"] += 1
    r = send("POST", "/api/v1/weights/import", content=raw, headers={"content-type": content_type})
    if r is not None:
        assert_conforms(r, "/api/v1/weights/import")


# ---------------------------------------------------------------------------------------------
# deterministic reproducers of the faults the fuzzers found, fixed: kept as regression tests


def post_file(name: str, data: bytes) -> Any:
    """The status of an upload, a raised server error counting as 500."""
    client = TestClient(APP, raise_server_exceptions=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return client.post("/api/v1/weights/import", files={"file": (name, data)})


def safetensors(header: dict[str, Any], data: bytes = b"") -> bytes:
    head = json.dumps(header).encode()
    return struct.pack("<Q", len(head)) + head + data


def assert_4xx_located(r: Any) -> None:
    assert 400 <= r.status_code < 500, f"{r.status_code}: {r.text[:300]}"
    assert_conforms(r)


@pytest.mark.parametrize(
    "info, data",
    [
        ({"dtype": "F64", "shape": "ab", "data_offsets": [0, 0]}, b""),  # UFuncTypeError in np.prod
        ({"dtype": "F64", "shape": [1], "data_offsets": ["a", 8]}, b"\0" * 8),  # TypeError: int <= str
        ({"dtype": "BF16", "shape": [1], "data_offsets": [0, 3]}, b"\0" * 3),  # ValueError: odd byte count
        ({"dtype": "F64", "shape": [1], "data_offsets": [0, 7]}, b"\0" * 8),  # ValueError: 7 bytes of f8
        ({"dtype": "F64", "shape": [-1, -1], "data_offsets": [0, 8]}, b"\0" * 8),  # ValueError in reshape
        ({"dtype": "F64", "shape": [1.5], "data_offsets": [0, 8]}, b"\0" * 8),  # TypeError in reshape
    ],
    ids=["shape-str", "offsets-str", "bf16-odd-bytes", "f64-7-bytes", "negative-shape", "float-shape"],
)
def test_fixed_import_safetensors_header_types(info: dict[str, Any], data: bytes) -> None:
    assert_4xx_located(post_file("w.safetensors", safetensors({"weight_hh_l0": info}, data)))


@pytest.mark.parametrize(
    "data", [b'{"weight_hh_l0": [[1], [1, 2]]}', b'{"weight_hh_l0": ["x"]}'], ids=["ragged", "strings"]
)
def test_fixed_import_json_flat_map_of_non_numbers(data: bytes) -> None:
    assert_4xx_located(post_file("w.json", data))


def test_fixed_import_npz_complex_warning() -> None:
    buf = io.BytesIO()
    np.savez(buf, weight_hh_l0=np.ones((4, 4), complex), weight_ih_l0=np.ones((4, 2), complex))
    r = post_file("w.npz", buf.getvalue())
    assert r.status_code == 422, f"{r.status_code}: {r.text[:300]}"


@pytest.mark.parametrize(
    "name",
    ["lstm/recurrent_kernel", "rnn/basic_lstm_cell/bias"],
    ids=["keras-1d-recurrent-kernel", "tf1-bias-without-kernel"],
)
def test_fixed_import_recognisers_assume_2d(name: str) -> None:
    data = safetensors({name: {"dtype": "F64", "shape": [4], "data_offsets": [0, 32]}}, b"\0" * 32)
    assert_4xx_located(post_file("w.safetensors", data))


@pytest.mark.parametrize(
    "obj",
    [
        {"model": "x", "weights": {"format": "random"}},  # TypeError: not a mapping (routes/weights.py)
        {"model": {"cell": "rnn", "hidden_size": "x", "input_size": 2}, "weights": {"format": "random"}},
        {
            "model": {"cell": "rnn", "hidden_size": 2, "input_size": 2, "num_layers": -1},
            "weights": {"format": "random"},
        },
        {"weights": [1]},  # AttributeError: list.get (service.load_network)
        {"format": [1]},  # TypeError: unhashable list (formats.read_network)
    ],
    ids=["model-str", "hidden-size-str", "num-layers-negative", "weights-list", "format-list"],
)
def test_fixed_import_json_model_not_validated(obj: Any) -> None:
    assert_4xx_located(post_file("w.json", to_json(obj)))


def test_fixed_malformed_multipart_is_422_with_a_located_detail() -> None:
    raw = b"--xyz\r\n\xc3\x92--xyz--\r\n"
    r = TestClient(APP).post(
        "/api/v1/weights/import", content=raw, headers={"content-type": "multipart/form-data; boundary=xyz"}
    )
    assert r.status_code in (413, 422), r.status_code
    assert isinstance(r.json()["detail"], list)


def test_fixed_base64_response_is_not_in_the_schema() -> None:
    body = {
        "model": {"cell": "rnn", "input_size": 1, "hidden_size": 2},
        "weights": {"format": "random"},
        "inputs": [1.0, 2.0],
        "options": {"encoding": "base64"},
    }
    case = schema["/api/v1/forward"]["POST"].Case(body=body, media_type="application/json")
    response = case.call()
    assert response.status_code == 200
    case.validate_response(response, checks=[response_schema_conformance])


@pytest.mark.parametrize("path", ["/api/v1/forward", "/api/v1/convert"])
def test_fixed_keras_gru_ragged_bias(path: str) -> None:
    body: dict[str, Any] = {
        "model": {"cell": "gru", "input_size": 1, "hidden_size": 3},
        "weights": {
            "format": "keras",
            "layers": [
                {"kernel": [[0.0] * 9], "recurrent_kernel": [[0.0] * 9] * 3, "bias": [[0.0] * 9, [0.0] * 8]}
            ],
        },
    }
    body.update({"inputs": [[1.0]]} if path.endswith("forward") else {"to": "pytorch"})
    r = TestClient(APP, raise_server_exceptions=False).post(path, json=body)
    assert_4xx_located(r)


@pytest.mark.parametrize("where", ["layer-1-direction", "gate-map"])
def test_fixed_canonical_list_of_objects(where: str) -> None:
    from rnnscope.formats import read_network, write_weights

    model = {"cell": "rnn", "input_size": 1, "hidden_size": 2, "num_layers": 2}
    weights = write_weights(read_network(model, set(model), {"format": "random"}), "canonical")
    if where == "layer-1-direction":
        weights["layers"][1]["forward"] = [{}]
    else:
        weights["layers"][0]["forward"]["b_x"] = [{}]
    body = {"model": model, "weights": weights, "inputs": [[1.0]]}
    assert_4xx_located(TestClient(APP, raise_server_exceptions=False).post("/api/v1/forward", json=body))


OVERFLOWING_FLOAT32 = {
    "model": {"cell": "rnn", "input_size": 2, "hidden_size": 2, "nonlinearity": "relu"},
    "weights": {
        "format": "pytorch",
        "state_dict": {
            "weight_ih_l0": [
                [-44380412.82027072, -138610470.2527924],
                [-4621697873.147031, -1808018761.893322],
            ],
            "weight_hh_l0": [
                [4989489473.067952, -2172410327.0299306],
                [-6288230374.036847, 6656126096.124411],
            ],
            "bias_ih_l0": [-5301893276.119115, -4542055130.050992],
            "bias_hh_l0": [-1717082811.5289605, 5744418116.67395],
        },
    },
    "inputs": [
        [22029081089.578545, 7691179332.273782],
        [-5556877136.293778, 15070141085.52192],
        [-17135576488.595352, 9122635996.54349],
        [6382207165.51703, 13252947987.020279],
        [13672877.69690133, -3957010941.8311343],
        [477901582.79095674, -4432875869.102528],
    ],
    "options": {"dtype": "float32", "gradients": True},
}


def test_fixed_gradients_of_overflowed_net() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = TestClient(APP, raise_server_exceptions=False).post("/api/v1/forward", json=OVERFLOWING_FLOAT32)
    assert r.status_code == 200, f"{r.status_code}: {r.text[:300]}"


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_fixed_trace_terms_overflow_silently(cell: str) -> None:
    G = 1 if cell == "rnn" else 4
    body = {
        "model": {"cell": cell, "nonlinearity": "relu"} if cell == "rnn" else {"cell": cell},
        "weights": {"format": "pytorch", "state_dict": {
            "weight_ih_l0": [[-1e300]] * G, "weight_hh_l0": [[0.0]] * G, "bias_ih_l0": [0.0] * G,
            "bias_hh_l0": [0.0] * G}},
        "inputs": [1e300],
    }  # fmt: skip
    out = TestClient(APP).post("/api/v1/forward", json=body).json()
    assert any(v is None for v in flat(out["trace"][0]["forward"]["input_term"]))  # -1e600: -inf
    assert any("non-finite" in w for w in out["warnings"]), out["warnings"]
