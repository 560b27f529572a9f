"""Benchmark: POST /api/v1/weights/import of a Keras .h5 fixture, the first call and the median of
the next ones, through the app of a given source tree (to compare the HDF5 worker process of
app/formats/files/sandbox.py with the code before it, which read HDF5 in the server's process).

    .venv/bin/python bench/h5_import.py                      # this tree
    git archive 3f8ba9f app static templates | tar -x -C /tmp/before
    .venv/bin/python bench/h5_import.py --root /tmp/before   # the tree before the worker

Each run is a fresh process (the first call pays the worker's start, 0.4 s, or h5py's import in
the server); after the calls it prints each HDF5 worker's resident memory. ``--pipe MB`` also
times one array of that size coming back from a worker.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=REPO, help="the source tree whose app/ to run")
    ap.add_argument("--file", default="k_lstm_tagger.h5", help="a file of tests/fixtures/models")
    ap.add_argument("-n", type=int, default=20, help="calls after the first (default 20)")
    ap.add_argument("--pipe", type=float, default=0, help="also time an array of this many MB from a worker")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.root))
    from fastapi.testclient import TestClient

    main_module = importlib.import_module("app.main")
    settings = importlib.import_module("app.settings").Settings()
    data = (REPO / "tests" / "fixtures" / "models" / args.file).read_bytes()
    times = []
    with TestClient(main_module.create_app(settings)) as client:
        for _ in range(args.n + 1):
            start = time.perf_counter()
            r = client.post("/api/v1/weights/import", files={"file": (args.file, data)})
            times.append(time.perf_counter() - start)
            assert r.status_code == 200, r.text
        print(
            f"{args.root}: {args.file} ({len(data):,} bytes): first call {times[0] * 1e3:.1f} ms, "
            f"median of the next {args.n} {statistics.median(times[1:]) * 1e3:.1f} ms "
            f"(min {min(times[1:]) * 1e3:.1f}, max {max(times[1:]) * 1e3:.1f})"
        )
        sandbox = importlib.import_module("app.formats.files.sandbox")
        if hasattr(sandbox, "worker_pids"):  # the resident memory of each HDF5 worker, after the calls
            for pid in sandbox.worker_pids():
                status = Path(f"/proc/{pid}/status")
                if status.exists():
                    rss = next(line for line in status.read_text().splitlines() if line.startswith("VmRSS"))
                    print(f"HDF5 worker {pid}: {rss.split(':', 1)[1].strip()} resident")
        if args.pipe:
            limits = importlib.import_module("app.formats.files.archive").Limits()
            n = int(args.pipe * 1e6 / 8)
            spent = []
            for _ in range(5):
                start = time.perf_counter()
                sandbox.call("x", "numpy:ones", (n,), limits)
                spent.append(time.perf_counter() - start)
            print(
                f"an array of {args.pipe:g} MB from a worker: median of 5 {statistics.median(spent) * 1e3:.1f} ms"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
