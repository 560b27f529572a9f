"""PyTorch ``.pt`` / ``.pth`` / ``.bin`` written by ``torch.save(state_dict)``, read without torch.

The zip format: ``<archive>/data.pkl`` is a pickle of the state_dict whose tensors point at
storages ``<archive>/data/<key>`` (raw little-endian bytes). The pickle is read by a restricted
unpickler, the approach of torch's own ``weights_only=True`` loader
(torch/_weights_only_unpickler.py): ``find_class`` answers only the names in ``ALLOWED`` below,
with stand-ins defined here, so nothing outside this module is ever imported or called. Any
other name (a whole ``torch.save(model)``, an ``os.system`` payload) stops the reading with a
422 naming it. The storages are read with NumPy from their zip members (dtype from the storage
type, then offset, size and strides checked against the storage before any view is taken).
"""

from __future__ import annotations

import collections
import io
import pickle
import struct
from collections.abc import Mapping
from typing import Any

import numpy as np

from ...errors import InputError
from .archive import Archive, Limits
from .record import refuse

ADVICE = (
    "save the weights only: `torch.save(model.state_dict(), path)` (the whole model's state_dict, "
    "with its embedding and its head)"
)
# storage type -> dtype (torch.serialization's storage names)
STORAGES = {
    "FloatStorage": "<f4", "DoubleStorage": "<f8", "HalfStorage": "<f2", "BFloat16Storage": "bf16",
    "LongStorage": "<i8", "IntStorage": "<i4", "ShortStorage": "<i2", "CharStorage": "i1",
    "ByteStorage": "u1", "BoolStorage": "?",
}  # fmt: skip
CHECKPOINT_KEYS = ("state_dict", "model_state_dict", "model")


class Storage:
    """What ``persistent_load`` returns: a storage's raw bytes, not yet interpreted."""

    def __init__(self, dtype: str, data: bytearray) -> None:
        self.dtype, self.data = dtype, data
        self._array: np.ndarray | None = None

    def array(self) -> np.ndarray:
        """The storage as a flat array (a view of its bytes; bfloat16 widened to float32 once)."""
        if self._array is None:
            if self.dtype == "bf16":
                raw = np.frombuffer(self.data, "<u2", len(self.data) // 2)
                self._array = (raw.astype(np.uint32) << 16).view(np.float32)
            else:
                dtype = np.dtype(self.dtype)
                self._array = np.frombuffer(self.data, dtype, len(self.data) // dtype.itemsize)
        return self._array


class StorageType:
    def __init__(self, name: str) -> None:
        self.name = name


def rebuild_tensor(storage: Any, offset: Any, size: Any, stride: Any, *_: Any) -> np.ndarray:
    """torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks[, metadata])."""
    if not isinstance(storage, Storage):
        raise refuse("a tensor in the pickle points at something other than a storage")
    if not (isinstance(size, tuple) and isinstance(stride, tuple) and len(size) == len(stride)):
        raise refuse(f"a tensor has size {size!r} and stride {stride!r}: expected two tuples of one length")
    if not all(type(n) is int and n >= 0 for n in (offset, *size, *stride)):
        raise refuse(
            f"a tensor has offset {offset!r}, size {size!r}, stride {stride!r}: expected integers ≥ 0"
        )
    flat = storage.array()
    if int(np.prod(size, dtype=object)) > len(flat):  # stride 0 could make a huge tensor of a small storage
        raise refuse(f"a tensor of size {list(size)} has more elements than its storage ({len(flat)})")
    if 0 in size:
        return np.zeros(size, np.float64)
    last = offset + sum((n - 1) * s for n, s in zip(size, stride, strict=True))
    if last >= len(flat):
        raise refuse(
            f"a tensor of size {list(size)} at offset {offset} with strides {list(stride)} reaches element "
            f"{last} of a storage of {len(flat)}"
        )
    numel = int(np.prod(size))
    contiguous = all(st == int(np.prod(size[i + 1 :])) for i, st in enumerate(stride) if size[i] > 1)
    if contiguous:  # the usual case: a view of the storage's bytes, no copy
        return flat[offset : offset + numel].reshape(size)
    view = np.lib.stride_tricks.as_strided(
        flat[offset:], shape=size, strides=tuple(s * flat.itemsize for s in stride), writeable=False
    )
    return np.array(view)  # its own memory, contiguous


def rebuild_parameter(data: Any, *_: Any) -> Any:
    """torch._utils._rebuild_parameter(data, requires_grad, hooks[, state]): the tensor itself."""
    return data


class StateDict(collections.OrderedDict):
    """collections.OrderedDict; state_dict() sets a ``_metadata`` attribute through BUILD."""


def ordered_dict(*args: Any) -> StateDict:
    if args and not (len(args) == 1 and isinstance(args[0], list)):
        raise refuse("collections.OrderedDict is called with arguments a state_dict never has")
    return StateDict(*args)


# The allowlist: (module, name) -> what the unpickler gets instead of the real object.
ALLOWED: dict[tuple[str, str], Any] = {
    ("collections", "OrderedDict"): ordered_dict,
    ("torch._utils", "_rebuild_tensor_v2"): rebuild_tensor,
    ("torch._utils", "_rebuild_parameter"): rebuild_parameter,
    ("torch._utils", "_rebuild_parameter_with_state"): rebuild_parameter,
    **{("torch", name): StorageType(name) for name in STORAGES},
}


class Refused(Exception):
    def __init__(self, module: str, name: str) -> None:
        super().__init__(f"{module}.{name}")
        self.module, self.name = module, name


class RestrictedUnpickler(pickle.Unpickler):
    """Resolves only ``ALLOWED``; storages come from the archive through ``persistent_load``."""

    def __init__(self, data: bytes | bytearray, archive: Archive, prefix: str) -> None:
        super().__init__(io.BytesIO(data))
        self.archive, self.prefix = archive, prefix
        self.storages: dict[str, Storage] = {}

    def find_class(self, module: str, name: str) -> Any:
        found = ALLOWED.get((module, name))
        if found is None:
            raise Refused(module, name)
        return found

    def persistent_load(self, pid: Any) -> Storage:
        # ('storage', storage_type, key, location, numel)
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage"):
            raise refuse(f"the pickle asks for a persistent object {str(pid)[:80]!r}: expected a storage")
        _, kind, key, _location, _numel = pid
        if not isinstance(kind, StorageType) or not isinstance(key, str):
            raise refuse(
                f"the pickle asks for a storage of type {kind!r}: expected one of {', '.join(STORAGES)}"
            )
        if key not in self.storages:
            self.storages[key] = Storage(STORAGES[kind.name], self.archive.read(f"{self.prefix}data/{key}"))
        return self.storages[key]


def read_state_dict(name: str, data: bytes | bytearray, limits: Limits) -> dict[str, np.ndarray]:
    """The tensors of a ``torch.save(state_dict)`` zip file, in the order the module holds them."""
    if data[:2] != b"PK":
        if data[:1] == b"\x80":
            raise refuse(
                f"{name} is a bare pickle (PyTorch's legacy, pre-1.6 non-zip format), which rnnscope never unpickles. "
                f"Load it in torch and {ADVICE}: torch ≥ 1.6 writes the zip format",
                "pickle_refused",
            )
        raise refuse(f"{name} is not a PyTorch file: torch.save writes a zip archive (it starts with PK)")
    archive = Archive(name, data, limits)
    pickles = [n for n in archive.names() if n.endswith("data.pkl") and n.count("/") == 1]
    if len(pickles) != 1:
        raise refuse(
            f"{name} is a zip but not a torch.save file: expected one <name>/data.pkl, got {pickles}"
        )
    prefix = pickles[0][: -len("data.pkl")]
    if (
        f"{prefix}byteorder" in archive.names()
        and bytes(archive.read(f"{prefix}byteorder")).strip() != b"little"
    ):
        raise refuse(f"{name} was saved on a big-endian machine: rnnscope reads little-endian storages only")
    unpickler = RestrictedUnpickler(archive.read(pickles[0]), archive, prefix)
    try:
        obj = unpickler.load()
    except Refused as e:
        raise refuse(
            f"{name} holds {e.module}.{e.name}, which is not a tensor or a state_dict, so rnnscope does not "
            f"load it (unpickling it could run code; nothing was run). `torch.save(model)` writes the "
            f"model's own classes into the file; {ADVICE}",
            "pickle_refused",
        ) from None
    except InputError:
        raise
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError, KeyError,
            MemoryError, OverflowError, RecursionError, struct.error) as e:  # fmt: skip
        raise refuse(f"{name}: its pickle is damaged or not a state_dict ({type(e).__name__}: {e})") from None
    for key in CHECKPOINT_KEYS:  # a checkpoint {"model_state_dict": ..., "epoch": ...}
        if isinstance(obj, Mapping) and isinstance(obj.get(key), Mapping):
            obj = obj[key]
            break
    if not isinstance(obj, Mapping):
        raise refuse(f"{name} holds a {type(obj).__name__}, not a state_dict: {ADVICE}", "pickle_refused")
    tensors = {}
    for k, v in obj.items():
        if isinstance(v, np.ndarray):
            tensors[str(k)] = v
        elif not isinstance(v, (int, float, str, type(None))):
            raise refuse(f"{name}: entry {str(k)!r} is a {type(v).__name__}, expected a tensor")
    if not tensors:
        raise refuse(f"{name} holds no tensors")
    return tensors
