"""HDF5 files (Keras .h5, .weights.h5) opened from bytes with h5py, links checked first.

An HDF5 file can point outside itself: an external link names another file, an external or
virtual dataset takes its bytes from other files. Such a file is refused before any object is
read (``open_checked`` walks every link once), so a path a client writes into a file never
reaches the file system. Dataset sizes are checked against the limit before they are read.
"""

from __future__ import annotations

import io
from typing import Any

import h5py
import numpy as np

from .archive import Limits
from .record import refuse

MAX_OBJECTS = 100_000
MAX_DEPTH = 32


class H5:
    """An open HDF5 file whose links and datasets were all checked."""

    def __init__(self, name: str, data: bytes | bytearray, limits: Limits) -> None:
        self.name = name
        if bytes(data[:8]) != b"\x89HDF\r\n\x1a\n":
            raise refuse(f"{name} is not an HDF5 file (Keras .h5 files start with \\x89HDF)")
        try:
            self.file = h5py.File(io.BytesIO(data), "r")
        except (OSError, ValueError, RuntimeError, KeyError) as e:
            raise refuse(f"{name} is not a readable HDF5 file: {e}") from None
        self.total = 0
        self.limits = limits
        self._walk(self.file, "", 0, [0])

    def _walk(self, group: Any, path: str, depth: int, count: list[int]) -> None:
        if depth > MAX_DEPTH:
            raise refuse(f"{self.name}: groups nest deeper than {MAX_DEPTH} at {path!r}")
        try:
            keys = list(group.keys())
        except (OSError, RuntimeError, ValueError, KeyError) as e:
            raise refuse(f"{self.name}: group {path or '/'!r} cannot be read: {e}") from None
        for key in keys:
            count[0] += 1
            if count[0] > MAX_OBJECTS:
                raise refuse(f"{self.name} holds more than {MAX_OBJECTS:,} objects")
            where = f"{path}/{key}"
            try:
                link = group.get(key, getlink=True)
            except (OSError, RuntimeError, ValueError, KeyError) as e:
                raise refuse(f"{self.name}: {where!r} cannot be read: {e}") from None
            if isinstance(link, h5py.ExternalLink):
                raise refuse(
                    f"{self.name}: {where!r} is an external link to {link.filename!r}: HDF5 files that point "
                    "at other files are refused (Keras never writes one)",
                    "external_link",
                )
            if isinstance(link, h5py.SoftLink):
                raise refuse(
                    f"{self.name}: {where!r} is a soft link to {link.path!r}: refused (Keras never writes one)",
                    "external_link",
                )
            try:
                obj = group[key]
            except (OSError, RuntimeError, ValueError, KeyError) as e:
                raise refuse(f"{self.name}: {where!r} cannot be opened: {e}") from None
            if isinstance(obj, h5py.Group):
                self._walk(obj, where, depth + 1, count)
            elif isinstance(obj, h5py.Dataset):
                self._check_dataset(obj, where)

    def _check_dataset(self, ds: Any, where: str) -> None:
        try:
            external, virtual = ds.external, ds.is_virtual
            nbytes = int(np.prod(ds.shape, dtype=np.int64)) * ds.dtype.itemsize if ds.shape is not None else 0
        except (OSError, RuntimeError, ValueError, TypeError) as e:
            raise refuse(f"{self.name}: dataset {where!r} cannot be read: {e}") from None
        if external or virtual:
            what = f"external storage in {[e[0] for e in external]!r}" if external else "a virtual dataset"
            raise refuse(
                f"{self.name}: dataset {where!r} has {what}: HDF5 data taken from other files is refused",
                "external_link",
            )
        self.total += nbytes
        if self.total > self.limits.max_uncompressed_bytes:
            raise refuse(
                f"{self.name}: its datasets hold more than {self.limits.max_uncompressed_bytes:,} bytes "
                "(RNNSCOPE_MAX_UNCOMPRESSED_BYTES)",
                "zip_bomb",
            )

    def group(self, path: str) -> Any:
        try:
            obj = self.file[path]
        except (KeyError, OSError, RuntimeError, ValueError):
            return None
        return obj if isinstance(obj, h5py.Group) else None

    def array(self, path: str) -> np.ndarray:
        try:
            ds = self.file[path]
            if not isinstance(ds, h5py.Dataset) or ds.dtype.kind not in "fiu":
                raise refuse(f"{self.name}: {path!r} is not a numeric dataset")
            return np.asarray(ds[()])  # its own dtype; record.numeric checks it
        except (KeyError, OSError, RuntimeError, ValueError, TypeError) as e:
            if hasattr(e, "loc"):
                raise
            raise refuse(f"{self.name}: dataset {path!r} cannot be read: {e}") from None

    def attr(self, obj: Any, key: str) -> Any:
        try:
            value = obj.attrs.get(key)
        except (OSError, RuntimeError, ValueError, TypeError) as e:
            raise refuse(f"{self.name}: attribute {key!r} cannot be read: {e}") from None
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        if isinstance(value, np.ndarray):
            return [v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in value.ravel()]
        return value

    def close(self) -> None:
        self.file.close()
