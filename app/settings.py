"""Every limit and deployment setting, read from ``RNNSCOPE_*`` environment variables.

The defaults keep one request well under a second and a few hundred MB on a small machine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

PREFIX = "RNNSCOPE_"


@dataclass(frozen=True)
class Settings:
    max_body_bytes: int = 32 * 1024 * 1024  # request body, bytes
    max_steps: int = 10_000  # T
    max_batch: int = 256  # B
    max_input_size: int = 4096  # I (and the vocabulary of text inputs, the embedding dimension)
    max_vocabulary: int = 1_000_000  # embedding.num_embeddings (the rows of E)
    max_hidden_size: int = 1024  # H (and proj_size, readout size)
    max_layers: int = 8  # num_layers
    max_trace_values: int = 5_000_000  # numbers in the trace the engine keeps (x 8 bytes in float64)
    max_work: int = 500_000_000  # multiply-adds of the forward pass (x3 with gradients)
    max_jacobian_work: int = 300_000_000  # beyond it, gradients.jacobian_norm is null (with a warning)
    max_seconds: float = 10.0  # time budget of one computation; past it, 503
    max_concurrent: int = 0  # computations at once (0: one per CPU core); others wait in line
    blas_threads: int = 1  # BLAS threads of the server process (0: BLAS's own default, one per core)
    queue_seconds: float = 10.0  # how long a request waits for its turn before a 503
    frame_ancestors: str = "*"  # who may frame /embed (CSP frame-ancestors)
    cors_origins: str = "*"  # comma-separated origins allowed to call the API from a browser
    max_uncompressed_bytes: int = 512 * 1024 * 1024  # an uploaded archive/HDF5 file, once inflated
    max_compression_ratio: int = 200  # per zip member past 1 MB: uncompressed / compressed (zip bombs)
    max_onnx_values: int = 4_000_000  # numbers in all the tensors of one .onnx file, checked before decoding
    max_onnx_nodes: int = 5_000  # nodes of one ONNX graph
    hdf5_seconds: float = 20.0  # reading one .h5/.keras file in its worker process; past it, 422
    hdf5_workers: int = 2  # processes reading uploaded HDF5 files at once; more wait (503 after hdf5_seconds)
    hdf5_memory_bytes: int = 2 * 1024**3  # address space of one of them (RLIMIT_AS); 0: no cap
    static_bundle: str = "auto"  # the page's code: "auto" static/dist while it is current, "off" the modules

    def __post_init__(self) -> None:
        if self.static_bundle not in ("auto", "off"):
            raise ValueError(f"{PREFIX}STATIC_BUNDLE must be auto or off, got {self.static_bundle!r}")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is None:
                continue
            if f.type in ("int", "float"):
                kind = int if f.type == "int" else float
                try:
                    values[f.name] = kind(raw.replace("_", ""))
                except ValueError as e:
                    raise ValueError(
                        f"{PREFIX}{f.name.upper()} must be a number ({f.type}), got {raw!r}"
                    ) from e
            else:
                values[f.name] = raw
        return cls(**values)

    @property
    def concurrency(self) -> int:
        return self.max_concurrent or os.cpu_count() or 1

    @staticmethod
    def env_name(field: str) -> str:
        return PREFIX + field.upper()
