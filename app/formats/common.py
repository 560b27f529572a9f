"""Shared pieces of the weight-format readers: strict array conversion, shape checks and the
resolution of a model spec against the sizes the weights imply."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pybase64

from ..engine import GATES, Architecture
from ..errors import InputError, Loc

KIND_NAMES = {"b": "booleans", "U": "strings", "S": "bytes", "O": "a ragged list or non-numbers (null?)"}


TYPED_KEYS = frozenset(("dtype", "shape", "bdata"))
TYPED_DTYPES = {"f8": np.dtype("<f8"), "f4": np.dtype("<f4")}
TYPED_MAX_NDIM = 8


def is_typed_array(value: Any) -> bool:
    """``{"dtype", "shape", "bdata"}``: an array as the base64 encoding of the API's answers sends it."""
    return isinstance(value, Mapping) and set(value) == TYPED_KEYS


def typed_array(value: Mapping[str, Any], loc: Loc) -> np.ndarray:
    """The array of a ``{"dtype": "f8"|"f4", "shape": [...], "bdata": base64}`` object: its C-order
    little-endian bytes, read without a list of numbers in between (the T=1000, H=128 LSTM's 0.9 MB
    of float64 weights and inputs are 1.2 MB of base64 instead of 2.3 MB of decimal text, and the
    server neither parses the numbers nor converts the lists: issue 11)."""
    dtype = TYPED_DTYPES.get(value["dtype"]) if isinstance(value["dtype"], str) else None
    if dtype is None:
        raise InputError((*loc, "dtype"), f'expected "f8" or "f4", got {value["dtype"]!r}', "value_error")
    shape = value["shape"]
    if (
        not isinstance(shape, list)
        or len(shape) > TYPED_MAX_NDIM
        or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape)
    ):
        raise InputError(
            (*loc, "shape"),
            f"expected a list of at most {TYPED_MAX_NDIM} non-negative integers, got {_short(shape)}",
            "type_error",
        )
    text = value["bdata"]
    if not isinstance(text, str):
        raise InputError((*loc, "bdata"), f"expected a base64 string, got {_kind(text)}", "type_error")
    try:
        data = pybase64.b64decode_as_bytearray(text, validate=True)  # writable: the array owns it
    except (ValueError, TypeError):
        raise InputError((*loc, "bdata"), "expected base64 (RFC 4648, with padding), got other characters "
                         f"or a broken length ({len(text)} characters)", "value_error") from None  # fmt: skip
    size = math.prod(shape) * dtype.itemsize
    if size != len(data):
        raise InputError(
            (*loc, "bdata"),
            f"expected {size} bytes for shape {_short(shape)} of {value['dtype']}, got {len(data)}",
            "shape_error",
            {"expected": size, "received": len(data)} if size < 2**53 else None,  # JSON numbers
        )
    return np.frombuffer(data, dtype).reshape(shape)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def as_array(value: Any, loc: Loc, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """A float64 array from a nested list of numbers, a typed array ``{"dtype", "shape", "bdata"}``
    (see ``typed_array``) or an array read from a file.

    Rejects ragged lists, strings, booleans, null and non-finite numbers with an InputError at
    ``loc``. ``ndim`` is the number of dimensions expected (or a tuple of allowed ones).
    """
    if isinstance(value, np.ndarray):
        a = value
    elif is_typed_array(value):
        a = typed_array(value, loc)
    elif isinstance(value, (list, int, float)) and not isinstance(value, bool):
        try:
            a = np.array(value)
        except (ValueError, OverflowError):
            raise InputError(loc, "expected a rectangular nested list of numbers, got a ragged one") from None
    else:
        raise InputError(loc, f"expected a nested list of numbers, got {_kind(value)}", "type_error")
    if a.dtype.kind not in "iuf":
        got = KIND_NAMES.get(a.dtype.kind, f"dtype {a.dtype}")
        raise InputError(loc, f"expected numbers, got {got}", "type_error")
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if allowed is not None and a.ndim not in allowed:
        want = " or ".join(f"{n}-D" for n in allowed)
        raise InputError(loc, f"expected a {want} array, got shape {tuple(a.shape)} ({a.ndim}-D)")
    a = a.astype(np.float64, copy=False)
    if not np.isfinite(a).all():
        first = tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])
        raise InputError(loc, f"expected finite numbers, got {a[first]} at index {list(first)}")
    return a


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", str: "a string", bool: "a boolean", list: "a list"}.get(
        type(value), type(value).__name__
    )


def expect_shape(a: np.ndarray, shape: tuple[int, ...], loc: Loc, why: str) -> np.ndarray:
    if a.shape != shape:
        raise InputError(
            loc, f"expected shape {shape}{(' ' + why) if why else ''}, got {tuple(a.shape)}", "shape_error"
        )
    return a


def get(mapping: Mapping[str, Any], key: str, loc: Loc) -> Any:
    if not isinstance(mapping, Mapping):
        raise InputError(loc, f"expected an object, got {_kind(mapping)}", "type_error")
    if key not in mapping:
        raise InputError((*loc, key), f"missing: expected {key!r} here", "missing")
    return mapping[key]


def reject_unknown(mapping: Mapping[str, Any], known: set[str], loc: Loc) -> None:
    if not isinstance(mapping, Mapping):
        raise InputError(
            loc,
            f"expected an object with keys {', '.join(sorted(known))}, got {_kind(mapping)}",
            "type_error",
        )
    extra = sorted(set(mapping) - known)
    if extra:
        raise InputError(
            (*loc, extra[0]),
            f"unexpected key {extra[0]!r}; expected only {', '.join(sorted(known))}",
            "extra_forbidden",
        )


def as_list(value: Any, loc: Loc, what: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise InputError(loc, f"expected a non-empty list of {what}, got {_kind(value)}", "type_error")
    return value


@dataclass
class Observed:
    """Sizes the weights imply, each with the location it was read from."""

    values: dict[str, Any] = field(default_factory=dict)
    locs: dict[str, Loc] = field(default_factory=dict)

    def set(self, name: str, value: Any, loc: Loc) -> None:
        self.values[name] = value
        self.locs[name] = loc


def resolve(model: Mapping[str, Any], explicit: set[str], seen: Observed) -> Architecture:
    """An Architecture from the request's ``model`` and the sizes the weights imply.

    A size the model leaves out is taken from the weights; one it states must agree.
    """
    cell = model["cell"]
    values = {k: model.get(k) for k in MODEL_FIELDS}
    for name, value in seen.values.items():
        stated = values.get(name)
        if name in explicit and stated is not None and stated != value:
            where = ".".join(str(p) for p in seen.locs[name])
            raise InputError(
                ("model", name),
                f"model.{name} is {stated!r} but the weights imply {value!r} (from {where})",
                "size_mismatch",
            )
        values[name] = value
    for name in ("input_size", "hidden_size"):
        if values.get(name) is None:
            raise InputError(
                ("model", name), f"missing: {name} is needed (the weights do not give it)", "missing"
            )
    readout = model.get("readout") or {}
    readout_size = seen.values.get("readout_size", readout.get("size") or 0)
    if readout.get("size") and readout_size and readout["size"] != readout_size:
        raise InputError(
            ("model", "readout", "size"),
            f"model.readout.size is {readout['size']} but the readout weights have {readout_size} outputs",
            "size_mismatch",
        )
    if cell != "lstm" and values.get("proj_size"):
        raise InputError(
            ("model", "proj_size"), f"proj_size is for lstm only, got {values['proj_size']} for {cell}"
        )
    return Architecture(
        cell=cell,
        input_size=int(values["input_size"]),
        hidden_size=int(values["hidden_size"]),
        num_layers=int(values.get("num_layers") or 1),
        bidirectional=bool(values.get("bidirectional")),
        nonlinearity=values.get("nonlinearity") or "tanh",
        gate_activation=values.get("gate_activation") or "sigmoid",
        gru_reset_after=bool(values["gru_reset_after"])
        if values.get("gru_reset_after") is not None
        else True,
        proj_size=int(values.get("proj_size") or 0),
        bias=bool(seen.values.get("bias", True)),
        readout_size=int(readout_size),
        readout_activation=readout.get("activation") or "identity",
    )


MODEL_FIELDS = (
    "input_size",
    "hidden_size",
    "num_layers",
    "bidirectional",
    "nonlinearity",
    "gate_activation",
    "gru_reset_after",
    "proj_size",
)


def gate_count(cell: str) -> int:
    return len(GATES[cell])


def split_rows(total: int, cell: str, loc: Loc, what: str) -> int:
    """H from a stacked dimension of G·H, or an error naming the gate count."""
    g = gate_count(cell)
    if total % g or total == 0:
        raise InputError(
            loc, f"expected {what} to be a multiple of {g} ({cell} has {g} gate blocks), got {total}"
        )
    return total // g
