"""Zip archives (.pt, .keras, .npz) read with their sizes checked before anything is inflated.

A zip bomb is a small archive whose members inflate to gigabytes. Before a member is read, the
sizes its central directory claims are checked against the limits (total uncompressed bytes and
compression ratio); while it is read, the bytes actually produced are counted, so an archive
that lies about its sizes stops at the limit too.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from .record import refuse

INFLATABLE = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA})
CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    max_uncompressed_bytes: int = 512 * 1024 * 1024  # all members of one archive, once inflated
    max_compression_ratio: int = 200  # uncompressed / compressed, per member past 1 MB
    max_onnx_values: int = 4_000_000  # numbers in all the tensors of one .onnx file (with its external data)
    max_onnx_nodes: int = 5_000  # nodes of one ONNX graph
    hdf5_seconds: float = 20.0  # wall-clock time to read one HDF5 file in its worker process (sandbox.py)
    hdf5_workers: int = 2  # worker processes reading HDF5 files at once
    hdf5_memory_bytes: int = 2 * 1024**3  # address space of one worker (RLIMIT_AS); 0: no limit


class Archive:
    """The members of a zip file, each read at most once, within ``limits``."""

    def __init__(self, name: str, data: bytes, limits: Limits) -> None:
        self.name, self.limits, self.read_total = name, limits, 0
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as e:
            raise refuse(f"{name} is not a readable zip archive: {e}") from None
        self.infos = {i.filename: i for i in infos}
        claimed = sum(i.file_size for i in infos)
        if claimed > limits.max_uncompressed_bytes:
            raise refuse(
                f"{name} would inflate to {claimed:,} bytes, over the limit of "
                f"{limits.max_uncompressed_bytes:,} (RNNSCOPE_MAX_UNCOMPRESSED_BYTES)",
                "zip_bomb",
            )
        for i in infos:
            if i.file_size > CHUNK and i.file_size > limits.max_compression_ratio * max(i.compress_size, 1):
                raise refuse(
                    f"{name}: member {i.filename!r} inflates {i.file_size / max(i.compress_size, 1):,.0f}x, "
                    f"over the limit of {limits.max_compression_ratio}x (RNNSCOPE_MAX_COMPRESSION_RATIO): "
                    "refused as a possible zip bomb",
                    "zip_bomb",
                )

    def names(self) -> list[str]:
        return list(self.infos)

    def read(self, member: str) -> bytearray:
        info = self.infos.get(member)
        if info is None:
            raise refuse(f"{self.name} has no member {member!r}")
        if info.compress_type not in INFLATABLE or info.flag_bits & 0x1:
            method = "encrypted" if info.flag_bits & 0x1 else f"compression method {info.compress_type}"
            raise refuse(
                f"{self.name}: member {member!r} cannot be read: {method} (stored, deflate, bzip2 or lzma only)"
            )
        out = bytearray()
        try:
            with self.zip.open(info) as f:
                while chunk := f.read(CHUNK):
                    out += chunk
                    self.read_total += len(chunk)
                    if len(out) > info.file_size or self.read_total > self.limits.max_uncompressed_bytes:
                        raise refuse(
                            f"{self.name}: member {member!r} inflates past the size it declares "
                            f"({info.file_size:,} bytes): refused as a possible zip bomb",
                            "zip_bomb",
                        )
        except (
            zipfile.BadZipFile,
            zlib.error,
            ValueError,
            EOFError,
            OSError,
        ) as e:
            raise refuse(f"{self.name}: member {member!r} cannot be read: {e}") from None
        return out  # not bytes(out): that would copy a 100 MB member once more
