"""BLAS threads and a busy core (app/engine/blas.py, RNNSCOPE_BLAS_THREADS).

The page and the server usually share one machine: while the server computes a trace, the
browser has work of its own. This bench times a recurrent step's matrix-vector product
(1×H by H×4H, as the LSTM's) and a whole forward pass of the engine, with BLAS on one thread and
on one per core, first on an idle machine and then with one core kept busy by another process
(a stand-in for the browser). Each figure is the median of --repeat runs, interleaved.

    python bench/blas.py
    python bench/blas.py --repeat 7
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from browser import request_body  # noqa: E402

from rnnscope import service  # noqa: E402
from rnnscope.settings import Settings  # noqa: E402

SETTINGS = replace(Settings(), max_trace_values=10**9, max_work=10**13, max_seconds=3000)


def gemv_ms(H: int, dtype: type, reps: int = 300) -> float:
    rng = np.random.default_rng(0)
    W = rng.random((H, 4 * H)).astype(dtype)
    h = rng.random((1, H)).astype(dtype)
    out = np.empty((1, 4 * H), dtype)
    for _ in range(20):
        np.dot(h, W, out)
    t = time.perf_counter()
    for _ in range(reps):
        np.dot(h, W, out)
    return (time.perf_counter() - t) / reps * 1e3


def forward_ms(T: int, H: int) -> float:
    body = json.loads(json.dumps(request_body(T, H)))
    body.setdefault("initial_state", None)
    t = time.perf_counter()
    service.run_forward(body, set(body["model"]), SETTINGS)
    return (time.perf_counter() - t) * 1e3


def measure(repeat: int, threads: list[int]) -> dict[tuple[str, int], float]:
    cases = {
        "step product, H=128, float64": lambda: gemv_ms(128, np.float64),
        "step product, H=512, float64": lambda: gemv_ms(512, np.float64),
        "step product, H=512, float32": lambda: gemv_ms(512, np.float32),
        "forward, LSTM T=1000 H=128, every field": lambda: forward_ms(1000, 128),
        "forward, LSTM T=1000 H=512, every field": lambda: forward_ms(1000, 512),
    }
    runs: dict[tuple[str, int], list[float]] = {}
    for _ in range(repeat):
        for name, fn in cases.items():
            for n in threads:
                with threadpool_limits(limits=n, user_api="blas"):
                    runs.setdefault((name, n), []).append(fn())
    return {k: statistics.median(v) for k, v in runs.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    threads = sorted({1, cores})
    idle = measure(args.repeat, threads)
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        busy = measure(args.repeat, threads)
    finally:
        hog.kill()
        hog.wait()
    print(f"\n{cores} CPUs; numpy {np.__version__}; median of {args.repeat}; ms\n")
    head = " | ".join(f"{n} thread{'s' if n > 1 else ''}" for n in threads)
    print(f"| case | idle: {head} | one core busy: {head} | busy, {threads[-1]} / 1 threads |")
    print("|---|" + "---:|" * (2 * len(threads) + 1))
    for name in dict.fromkeys(k[0] for k in idle):
        cells = [f"{idle[name, n]:.3f}" for n in threads] + [f"{busy[name, n]:.3f}" for n in threads]
        print(f"| {name} | " + " | ".join(cells) + f" | {busy[name, threads[-1]] / busy[name, 1]:.1f}x |")


if __name__ == "__main__":
    main()
