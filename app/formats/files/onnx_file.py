"""Read an ``.onnx`` file (and its ``.onnx.data`` external weights) into a model-v2 record.

``read_onnx(files, settings) -> {"model", "weights", "warnings", "summary"[, "initial_state"]}``.

Safety is structural: the protobuf is parsed with the ``onnx`` package's message classes (data,
never executed); tensors are decoded here from their bytes, never with ``onnx.numpy_helper``
or ``onnx.load_external_data``, which would open paths named inside the file. An external-data
``location`` must be the name of a file in the same upload (no directories, no ``..``, no
absolute path), and its ``offset``/``length`` must fall inside that file. Every declared shape
is multiplied out with Python integers and checked against the limits before a byte is read.
The graph is walked in ``onnx_graph`` (on the abstract values of ``onnx_layout``) and the
record written by ``onnx_record``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ...errors import InputError, LimitError
from . import onnx_graph, onnx_record

LOC = ("file",)
# TensorProto.DataType -> little-endian NumPy dtype, for the types weights and indices come in
DTYPES = {1: "<f4", 2: "u1", 3: "i1", 5: "<i2", 6: "<i4", 7: "<i8", 10: "<f2", 11: "<f8", 9: "?"}
DTYPE_NAMES = {1: "float", 2: "uint8", 3: "int8", 5: "int16", 6: "int32", 7: "int64", 9: "bool",
               10: "float16", 11: "double", 16: "bfloat16"}  # fmt: skip
TYPED_FIELDS = {1: "float_data", 11: "double_data", 7: "int64_data", 6: "int32_data", 2: "int32_data",
                3: "int32_data", 5: "int32_data", 9: "int32_data", 10: "int32_data", 16: "int32_data"}  # fmt: skip
# Defaults of the limits (Settings may override them: RNNSCOPE_MAX_ONNX_VALUES, RNNSCOPE_MAX_ONNX_NODES)
MAX_VALUES = 4_000_000  # numbers in all the tensors of one file
MAX_NODES = 5_000  # nodes of the graph


def limit(settings: Any, name: str, default: int) -> int:
    return int(getattr(settings, name, default) or default)


def read_onnx(files: Mapping[str, bytes], limits: Any = None, name: str | None = None) -> dict[str, Any]:
    """The record of the ``.onnx`` file ``name`` (default: the one among ``files``, name -> bytes);
    the other files may hold its external data. ``limits`` may set max_onnx_values / max_onnx_nodes."""
    if name is None:
        models = [n for n in files if n.lower().endswith(".onnx")]
        if len(models) != 1:
            raise InputError(
                LOC,
                f"expected exactly one .onnx file in the upload, got {len(models)}: {models}",
                "file_type",
            )
        name = models[0]
    proto = parse(name, files[name])
    tensors = Tensors(files, name, limit(limits, "max_onnx_values", MAX_VALUES))
    state = onnx_graph.walk(proto, tensors, name, limit(limits, "max_onnx_nodes", MAX_NODES))
    return onnx_record.result(state, proto.graph)


def parse(name: str, data: bytes) -> Any:
    """The ModelProto of a file, or a 422 saying it is not one."""
    try:
        from onnx import ModelProto
    except ImportError:  # pragma: no cover - onnx is a runtime dependency
        raise InputError(LOC, "this server has no ONNX support (pip install onnx)", "file_type") from None
    proto = ModelProto()
    try:
        proto.ParseFromString(data)
    except Exception as e:  # DecodeError, RecursionError, ValueError from upb: all mean "not ONNX"
        raise InputError(
            LOC, f"{name} is not a readable ONNX model (protobuf: {type(e).__name__}: {e})", "file_invalid"
        ) from None
    if not proto.HasField("graph"):
        raise InputError(LOC, f"{name} is not an ONNX model: it has no graph", "file_invalid")
    return proto


class Tensors:
    """Decodes TensorProtos, reading external data from the uploaded files only, within a budget."""

    def __init__(self, files: Mapping[str, bytes], model_name: str, max_values: int) -> None:
        self.files = files
        self.model_name = model_name
        self.max_values = max_values
        self.used = 0

    def array(self, t: Any, where: str) -> np.ndarray:
        """The tensor as a NumPy array (float64 for floating types, int64 for integers)."""
        loc = (*LOC, where)
        dims = list(t.dims)
        if any(d < 0 for d in dims):
            raise InputError(loc, f"tensor {t.name!r} has a negative dimension {dims}", "file_invalid")
        count = 1
        for d in dims:
            count *= d
        if count > self.max_values - self.used:
            raise LimitError(loc, f"the numbers in tensor {t.name!r} (shape {dims})", count,
                             "RNNSCOPE_MAX_ONNX_VALUES", self.max_values)  # fmt: skip
        self.used += count
        dt = t.data_type
        if dt not in DTYPES and dt != 16:
            raise InputError(
                loc,
                f"tensor {t.name!r} has data type {DTYPE_NAMES.get(dt, dt)}: expected float, double, "
                "float16, bfloat16 or an integer type",
                "file_invalid",
            )
        if t.data_location == 1:  # EXTERNAL
            raw = self.external(t, loc)
        elif t.HasField("raw_data"):
            raw = t.raw_data
        else:
            return self.typed(t, dt, dims, count, loc)
        itemsize = 2 if dt == 16 else np.dtype(DTYPES[dt]).itemsize
        if len(raw) != count * itemsize:
            raise InputError(
                loc,
                f"tensor {t.name!r}: {len(raw)} bytes do not hold shape {dims} of {DTYPE_NAMES.get(dt, dt)}",
                "file_invalid",
            )
        if dt == 16:
            a = (np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            a = np.frombuffer(raw, DTYPES[dt])
        return widen(a.reshape(dims))

    def typed(self, t: Any, dt: int, dims: list[int], count: int, loc: tuple) -> np.ndarray:
        field = TYPED_FIELDS.get(dt)
        values = getattr(t, field) if field else []
        if len(values) != count:
            raise InputError(
                loc, f"tensor {t.name!r} has {len(values)} values for shape {dims}", "file_invalid"
            )
        if dt == 10:
            a = np.asarray(values, np.uint16).view(np.float16)
        elif dt == 16:
            a = (np.asarray(values, np.uint32) << 16).view(np.float32)
        else:
            a = np.asarray(values, DTYPES[dt])
        return widen(a.reshape(dims))

    def external(self, t: Any, loc: tuple) -> bytes:
        info = {e.key: e.value for e in t.external_data}
        location = info.get("location", "")
        where = f"tensor {t.name!r} of {self.model_name} keeps its data in {location!r}"
        if location.startswith(("/", "\\")) or (len(location) > 1 and location[1] == ":"):
            raise InputError(loc, f"{where}, an absolute path: only a file uploaded beside it is read",
                             "external_data_refused")  # fmt: skip
        parts = location.replace("\\", "/").split("/")
        if ".." in parts:
            raise InputError(loc, f"{where}, outside its folder (..): only a file uploaded beside it is read",
                             "external_data_refused")  # fmt: skip
        parts = [p for p in parts if p not in ("", ".")]
        if len(parts) != 1 or parts[0] not in self.files or parts[0] == self.model_name:
            raise InputError(
                loc,
                f"{where}: upload that file with the model (repeat the multipart field 'file'); "
                f"uploaded: {sorted(self.files)}",
                "external_data_missing",
            )
        data = self.files[parts[0]]
        try:
            offset = int(info.get("offset", "0"))
            length = int(info["length"]) if "length" in info else len(data) - offset
        except ValueError:
            raise InputError(loc, f"{where} at a non-integer offset or length", "file_invalid") from None
        if offset < 0 or length < 0 or offset + length > len(data):
            raise InputError(
                loc,
                f"{where} at bytes {offset}..{offset + length}, outside that file ({len(data)} bytes)",
                "file_invalid",
            )
        return data[offset : offset + length]


def widen(a: np.ndarray) -> np.ndarray:
    if a.dtype.kind == "f":
        return a.astype(np.float64)
    return a.astype(np.int64)
