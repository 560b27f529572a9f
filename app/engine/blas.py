"""How many threads BLAS may use in the server process.

A recurrent step's matrix-vector product (1×H by H×4H) is memory-bound and too small to split well
across threads, and OpenBLAS's worker threads spin while they wait: when another process holds a
core, as the browser showing the page does on the same machine, the spinning threads take turns
with it and a step gets many times slower (bench/blas.py: an H=512 step's product 0.28 ms on one
thread, 4.0 ms on two with the other core busy). The server runs one computation per core
(``RNNSCOPE_MAX_CONCURRENT``), so one BLAS thread each keeps the cores busy without
oversubscribing them. A notebook's own engine calls are left as the user set them up.
"""

from __future__ import annotations

from typing import Any


def limit_blas_threads(threads: int) -> dict[str, Any] | None:
    """Limit every BLAS library loaded in this process to `threads` threads (0: leave them as they
    are). Returns the limits now in force per library, or None when nothing was changed."""
    if threads <= 0:
        return None
    import numpy  # noqa: F401  (loads numpy's BLAS, so that threadpoolctl finds it)
    from threadpoolctl import ThreadpoolController

    controller = ThreadpoolController()
    controller.limit(limits=threads, user_api="blas")  # process-wide, kept for the server's life
    return {lib["internal_api"]: lib["num_threads"] for lib in controller.select(user_api="blas").info()}
