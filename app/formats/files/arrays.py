"""Arrays by name (.safetensors, .npz, a .json map), their format recognised from the names.

Nothing is ever unpickled: safetensors is parsed with NumPy from its documented layout
(8-byte little-endian header length, a JSON header, then raw little-endian tensors), .npz is
opened with ``allow_pickle=False``. PyTorch names go through ``state_dict`` (embedding,
recurrent modules and Linear head found by shape); Keras, TF1 and book names keep their format.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any

import numpy as np
import orjson

from ...errors import InputError
from ..common import as_array
from . import keras_list, state_dict

LOC = ("file",)
SAFETENSORS_DTYPES = {
    "F64": "<f8",
    "F32": "<f4",
    "F16": "<f2",
    "I64": "<i8",
    "I32": "<i4",
    "I16": "<i2",
    "I8": "i1",
    "U8": "u1",
}


def read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    if len(data) < 8:
        raise InputError(LOC, "not a safetensors file: shorter than its 8-byte header length", "file_invalid")
    n = int.from_bytes(data[:8], "little")
    if n > len(data) - 8:
        raise InputError(
            LOC, f"not a safetensors file: header length {n} exceeds the file size", "file_invalid"
        )
    try:
        header = orjson.loads(data[8 : 8 + n])
    except orjson.JSONDecodeError as e:
        raise InputError(
            LOC, f"not a safetensors file: its header is not JSON ({e})", "file_invalid"
        ) from None
    if not isinstance(header, dict):
        raise InputError(LOC, "not a safetensors file: its header is not a JSON object", "file_invalid")
    buffer = memoryview(data)[8 + n :]
    out: dict[str, np.ndarray] = {}
    for key, info in header.items():
        if key == "__metadata__":
            continue
        out[key] = _tensor(key, info, buffer)
    return out


def _tensor(key: str, info: Any, buffer: memoryview) -> np.ndarray:
    """One tensor of a safetensors file, its header entry checked before any byte is read."""
    loc = (*LOC, key)
    if not isinstance(info, dict):
        raise InputError(loc, "expected {dtype, shape, data_offsets} in the header", "file_invalid")
    dtype, shape, offsets = info.get("dtype"), info.get("shape"), info.get("data_offsets")
    if not isinstance(dtype, str) or (dtype != "BF16" and dtype not in SAFETENSORS_DTYPES):
        raise InputError(
            loc,
            f"expected a numeric dtype ({', '.join(SAFETENSORS_DTYPES)}, BF16), got {dtype!r}",
            "file_invalid",
        )
    if not (isinstance(shape, list) and all(type(n) is int and n >= 0 for n in shape)):
        raise InputError(loc, f"expected a shape of non-negative integers, got {shape!r}", "file_invalid")
    if not (isinstance(offsets, list) and len(offsets) == 2 and all(type(n) is int for n in offsets)):
        raise InputError(
            loc, f"expected data_offsets [begin, end] as integers, got {offsets!r}", "file_invalid"
        )
    begin, end = offsets
    if not (0 <= begin <= end <= len(buffer)):
        raise InputError(loc, f"data_offsets {[begin, end]} fall outside the data", "file_invalid")
    itemsize = 2 if dtype == "BF16" else np.dtype(SAFETENSORS_DTYPES[dtype]).itemsize
    count = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if end - begin != count * itemsize:
        raise InputError(loc, f"{end - begin} bytes do not hold shape {shape} of {dtype}", "file_invalid")
    if dtype == "BF16":
        array = (np.frombuffer(buffer[begin:end], "<u2").astype(np.uint32) << 16).view(np.float32)
    else:
        array = np.frombuffer(buffer[begin:end], SAFETENSORS_DTYPES[dtype])
    return array.reshape(shape).astype(np.float64)


def read_npz(data: bytes) -> dict[str, np.ndarray]:
    if not data.startswith(b"PK"):
        raise InputError(
            LOC, "not an .npz file: it is not a zip archive (np.savez writes one)", "file_invalid"
        )
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as e:
        raise InputError(
            LOC, f"not a readable .npz of numeric arrays (pickled objects are refused): {e}", "file_invalid"
        ) from None
    return {k: as_array(a, (*LOC, k)) for k, a in arrays.items()}


def read_json(data: bytes | bytearray) -> dict[str, Any]:
    """{model, weights} (or a whole forward body), a weights object, a Keras get_weights() list
    ({"keras_layers", "weights"}, see keras_list) or a map of names to arrays."""
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError as e:
        raise InputError(LOC, f"not valid JSON: {e}", "file_invalid") from None
    if isinstance(obj, dict) and ("keras_layers" in obj or "keras_config" in obj):
        return keras_list.read(obj)
    if isinstance(obj, dict) and "weights" in obj:  # {"model", "weights"} or a whole forward request
        weights = obj["weights"]
        out = {"model": obj.get("model") or {}, "weights": weights}
        if isinstance(obj.get("vocabulary"), list):
            out["vocabulary"] = obj["vocabulary"]
        fmt = weights.get("format") if isinstance(weights, dict) else None
        out["summary"] = (
            obj.get("summary") if isinstance(obj.get("summary"), str) else f"rnnscope JSON: {fmt} weights"
        )
        return out
    if isinstance(obj, dict) and "format" in obj:  # a weights object: the cell from its shapes
        cell = guess_cell(obj)
        return {
            "model": {"cell": cell} if cell else {},
            "weights": obj,
            "summary": f"{obj['format']} weights",
        }
    if isinstance(obj, dict) and all(isinstance(v, list) for v in obj.values()):  # a flat name -> array map
        return recognise({k: as_array(v, (*LOC, k)) for k, v in obj.items()}, "PyTorch state_dict (JSON)")
    raise InputError(
        LOC,
        "expected {model, weights}, a weights object with a format, {keras_layers, weights} "
        "or a map of names to arrays",
        "file_invalid",
    )


CELL_OF_GATES = {1: "rnn", 3: "gru", 4: "lstm"}


def guess_cell(weights: dict[str, Any]) -> str | None:
    """The cell a weights object is for, from its names and shapes (None when it cannot tell)."""
    try:
        fmt = weights.get("format")
        if fmt == "book":
            return "rnn"
        if fmt == "pytorch":
            sd = weights["state_dict"]
            if "weight_hr_l0" in sd:
                return "lstm"
            rows, cols = np.shape(sd["weight_hh_l0"])
            return CELL_OF_GATES.get(rows // cols)
        layer = weights["layers"][0]
        layer = layer.get("forward", layer)
        if fmt == "keras":
            rows, cols = np.shape(layer["recurrent_kernel"])
            return CELL_OF_GATES.get(cols // rows)
        if fmt == "canonical":
            gates = set(layer["W_x"])
            return {frozenset("h"): "rnn", frozenset("ifgo"): "lstm", frozenset("rzn"): "gru"}.get(
                frozenset(gates)
            )
        if fmt == "tf1":
            return "gru" if "gates/kernel" in layer else None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, ZeroDivisionError):
        return None
    return None


TF1 = re.compile(r"(basic_lstm_cell|basic_rnn_cell|gru_cell|lstm_cell|simple_rnn_cell)")


def recognise(arrays: Mapping[str, np.ndarray], source: str = "PyTorch state_dict") -> dict[str, Any]:
    """Guess the format, the cell and the layout from the tensor names; add a summary."""
    found = _recognise(arrays, source)
    if "summary" not in found:
        fmt = found["weights"].get("format")
        found["summary"] = f"{source}: {fmt} weights of a {found['model'].get('cell', '?')} network"
    return found


def _recognise(arrays: Mapping[str, np.ndarray], source: str) -> dict[str, Any]:
    if not arrays:
        raise InputError(LOC, "the file holds no arrays", "file_invalid")
    names = list(arrays)
    if state_dict.is_state_dict(names):
        return state_dict.read(arrays, source)
    if "w_cell_state" in arrays:
        weights = {
            "format": "book",
            **{
                k: v.tolist()
                for k, v in arrays.items()
                if k in {"w_cell_state", "w_cell_input", "b_cell", "w_output", "b_output"}
            },
        }
        return {"model": {"cell": "rnn"}, "weights": weights}
    if any(k.split(":")[0].endswith("recurrent_kernel") for k in names):
        return _keras(arrays)
    if any(TF1.search(k) for k in names):
        return _tf1(arrays)
    raise InputError(
        LOC,
        f"cannot tell the format from the names {names[:6]}: expected PyTorch (weight_ih_l0 …), Keras (kernel, recurrent_kernel, bias), TF1 (…/basic_lstm_cell/kernel) or book names",
        "file_unrecognised",
    )


def _readout_pair(rest: Mapping[str, np.ndarray], names: tuple[str, str]) -> dict[str, Any] | None:
    """A dense layer left beside the recurrent weights ("fc.weight", "fc.bias"), if exactly one."""
    found = [k[: -len(names[0])] for k, v in rest.items() if k.endswith(names[0]) and v.ndim == 2]
    if len(found) != 1:
        return None
    p = found[0]
    out = {names[0]: rest[p + names[0]].tolist()}
    if p + names[1] in rest:
        out[names[1]] = rest[p + names[1]].tolist()
    return out


def _layer_key(name: str) -> tuple[int, int, str]:
    """Sort layers by the first number in their name and put forward before backward."""
    numbers = [int(n) for n in re.findall(r"\d+", name)]
    backward = int(bool(re.search(r"(backward|/bw/|_bw|reverse)", name)))
    return (numbers[0] if numbers else 0, backward, name)


def _keras(arrays: Mapping[str, np.ndarray]) -> dict[str, Any]:
    bases = sorted(
        {
            k.split(":")[0][: -len("recurrent_kernel")]
            for k in arrays
            if k.split(":")[0].endswith("recurrent_kernel")
        },
        key=_layer_key,
    )
    get = {k.split(":")[0]: v for k, v in arrays.items()}
    cells = [
        {n: get[b + n].tolist() for n in ("kernel", "recurrent_kernel", "bias") if b + n in get}
        for b in bases
    ]
    rk = np.asarray(cells[0]["recurrent_kernel"])
    if rk.ndim != 2:
        raise InputError(
            (*LOC, bases[0] + "recurrent_kernel"),
            f"expected a 2-D recurrent_kernel (u, G·u), got shape {rk.shape}",
            "file_invalid",
        )
    cell = {1: "rnn", 3: "gru", 4: "lstm"}.get(rk.shape[1] // max(rk.shape[0], 1))
    if cell is None:
        raise InputError(
            LOC,
            f"recurrent_kernel has shape {rk.shape}: expected (u, G·u) with G = 1, 3 or 4",
            "file_invalid",
        )
    backward = [bool(re.search(r"(backward|/bw/|_bw)", b)) for b in bases]
    if any(backward):
        layers = [{"forward": cells[i], "backward": cells[i + 1]} for i in range(0, len(cells) - 1, 2)]
    else:
        layers = cells
    weights: dict[str, Any] = {"format": "keras", "layers": layers}
    used = {b + n for b in bases for n in ("kernel", "recurrent_kernel", "bias")}
    readout = _readout_pair({k: v for k, v in get.items() if k not in used}, ("kernel", "bias"))
    if readout:
        weights["readout"] = readout
    return {"model": {"cell": cell}, "weights": weights}


def _tf1(arrays: Mapping[str, np.ndarray]) -> dict[str, Any]:
    get = {k.split(":")[0]: v for k, v in arrays.items()}
    if any("gru_cell" in k for k in get):
        bases = sorted(
            {k[: k.index("gru_cell") + len("gru_cell/")] for k in get if "gru_cell" in k}, key=_layer_key
        )
        cells = [
            {
                n: get[b + n].tolist()
                for n in ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")
                if b + n in get
            }
            for b in bases
        ]
        cell = "gru"
    else:
        bases = sorted(
            {k[: -len("kernel")] for k in get if TF1.search(k) and k.endswith("kernel")}, key=_layer_key
        )
        if not bases:
            raise InputError(
                LOC, f"found TF1 cell names but no kernel among {sorted(get)[:6]}", "file_invalid"
            )
        cells = [{n: get[b + n].tolist() for n in ("kernel", "bias") if b + n in get} for b in bases]
        cell = "lstm" if "lstm" in bases[0] else "rnn"
    backward = [bool(re.search(r"(backward|/bw/|_bw)", b)) for b in bases]
    layers: list[Any] = (
        [{"forward": cells[i], "backward": cells[i + 1]} for i in range(0, len(cells) - 1, 2)]
        if any(backward)
        else cells
    )
    return {"model": {"cell": cell}, "weights": {"format": "tf1", "layers": layers}}
