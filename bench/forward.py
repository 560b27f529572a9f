"""Benchmark: the full-trace NumPy engine against PyTorch's fused forward, the NumPy backward
pass against torch autograd, response encodings, and a whole float64 trace through HTTP on
loopback.

    pip install torch==2.13.0   # fixtures and benchmarks only
    python bench/forward.py            # the full grid (a few minutes)
    python bench/forward.py --quick    # T=1000, H=128 only

Both sides run on one thread (OPENBLAS_NUM_THREADS=1, torch.set_num_threads(1)), float64, the
best of several runs after a warm-up. The engine records every intermediate of every step
(input and recurrent terms, pre-activations, gates, c, h); torch's fused forward returns only
the outputs and final states, and runs without autograd (torch.no_grad()).

OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from this process's environment before numpy
loads (a machine may set them, and a forced core type or cache size slows OpenBLAS's kernels for
numpy, not for torch's own MKL/oneDNN paths); the header says which were removed and which BLAS
kernel numpy runs (threadpoolctl). The HTTP case's server runs BLAS on one thread, as every
server does (RNNSCOPE_BLAS_THREADS, app/engine/blas.py).
"""

from __future__ import annotations

import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"  # before numpy is imported
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ["RNNSCOPE_BENCH_UNSET"] = " ".join(  # forced kernels slow numpy's OpenBLAS (see above)
    f"{k}={os.environ.pop(k)}" for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ
)

import argparse
import base64
import http.client
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import orjson

from rnnscope.encoding import encode
from rnnscope.engine import Architecture, CellParams, Network, forward
from rnnscope.engine.backward import backward
from rnnscope.engine.memory import keep_freed_memory
from rnnscope.inputs import Inputs
from rnnscope.service import response_body

ROOT = Path(__file__).resolve().parents[1]
MAX_TRACE_BYTES = 1.5e9  # skip grid points whose trace alone would exceed this


def best_of(fn, budget: float = 2.0, max_runs: int = 9) -> float:
    """Best wall time of ``fn`` in seconds: one warm-up, then runs until the budget is spent."""
    fn()
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < max_runs and (len(times) < 3 or time.perf_counter() - start < budget):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def torch_module(torch, cell: str, I: int, H: int):
    cls = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
    return cls(I, H, batch_first=True).double()


def network_of(module, cell: str, I: int, H: int) -> Network:
    sd = {k: v.detach().numpy() for k, v in module.state_dict().items()}
    p = CellParams(sd["weight_ih_l0"], sd["weight_hh_l0"], sd["bias_ih_l0"], sd["bias_hh_l0"])
    return Network(Architecture(cell, I, H), ((p,),))


def grid(torch, args) -> list[dict]:
    rows = []
    Ts, Hs, Bs = ([1000], [128], [1]) if args.quick else ([100, 1000, 10000], [32, 128, 512], [1, 32])
    I = args.input_size
    for cell in args.cells:
        for T in Ts:
            for H in Hs:
                for B in Bs:
                    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
                    trace_bytes = 8 * T * B * (4 * G * H + 2 * H)
                    if trace_bytes > MAX_TRACE_BYTES:
                        rows.append(
                            {
                                "cell": cell,
                                "T": T,
                                "H": H,
                                "B": B,
                                "skip": f"trace {trace_bytes / 1e9:.1f} GB",
                            }
                        )
                        continue
                    module = torch_module(torch, cell, I, H)
                    net = network_of(module, cell, I, H)
                    x = torch.randn(B, T, I, dtype=torch.float64)
                    xn = x.numpy()
                    with torch.no_grad():
                        t_torch = best_of(lambda m=module, x=x: m(x), args.budget)
                    t_engine = best_of(lambda n=net, x=xn: forward(n, x), args.budget)
                    with torch.no_grad():
                        ref = module(x)[0].numpy()
                    err = float(np.abs(forward(net, xn).output - ref).max())
                    rows.append(
                        {
                            "cell": cell,
                            "T": T,
                            "H": H,
                            "B": B,
                            "torch": t_torch,
                            "engine": t_engine,
                            "mb": trace_bytes / 1e6,
                            "err": err,
                        }
                    )
                    print_row(rows[-1], flush=True)
    return rows


def backward_grid(torch, args) -> None:
    """Engine BPTT (every gradient of the API, no Jacobian norms) against torch autograd."""
    Ts, Hs, Bs = ([1000], [128], [1]) if args.quick else ([100, 1000, 10000], [32, 128, 512], [1, 32])
    I = args.input_size
    print("\nBackward: forward + backward, sum loss, all gradients (best of runs, ms)\n")
    print("| cell | T | H | B | torch fwd+bwd | engine fwd+bwd | ratio | engine bwd only |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for cell in args.cells:
        for T in Ts:
            for H in Hs:
                for B in Bs:
                    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
                    if 8 * T * B * (8 * G * H + 4 * H) > MAX_TRACE_BYTES:
                        print(
                            f"| {cell} | {T} | {H} | {B} | skipped: trace and gradients over {MAX_TRACE_BYTES / 1e9:.1f} GB | | | |"
                        )
                        continue
                    module = torch_module(torch, cell, I, H)
                    net = network_of(module, cell, I, H)
                    x = torch.randn(B, T, I, dtype=torch.float64, requires_grad=True)
                    xn = x.detach().numpy()

                    def torch_step(m=module, x=x):
                        m.zero_grad(set_to_none=True)
                        x.grad = None
                        m(x)[0].sum().backward()

                    def engine_step(n=net, x=xn):
                        backward(n, forward(n, x), x, None, None, jacobian=False)

                    result = forward(net, xn)
                    t_torch = best_of(torch_step, args.budget)
                    t_engine = best_of(engine_step, args.budget)
                    t_bwd = best_of(
                        lambda n=net, r=result, x=xn: backward(n, r, x, None, None, jacobian=False),
                        args.budget,
                    )
                    print(f"| {cell} | {T} | {H} | {B} | {t_torch * 1e3:.1f} | {t_engine * 1e3:.1f} | "
                          f"{t_engine / t_torch:.2f}x | {t_bwd * 1e3:.1f} |", flush=True)  # fmt: skip


def print_row(r: dict, flush: bool = False) -> None:
    if "skip" in r:
        print(
            f"| {r['cell']:4} | {r['T']:>5} | {r['H']:>3} | {r['B']:>2} | skipped: {r['skip']} | | | | |",
            flush=flush,
        )
        return
    print(
        f"| {r['cell']:4} | {r['T']:>5} | {r['H']:>3} | {r['B']:>2} | {r['torch'] * 1e3:9.2f} | "
        f"{r['engine'] * 1e3:9.2f} | {r['engine'] / r['torch']:5.2f}x | {r['mb']:8.1f} | {r['err']:.1e} |",
        flush=flush,
    )


def encodings(torch, args) -> None:
    T, H, B, I = 1000, 128, 1, args.input_size
    module = torch_module(torch, "lstm", I, H)
    net = network_of(module, "lstm", I, H)
    xn = np.random.default_rng(0).normal(size=(B, T, I))
    result = forward(net, xn)
    t_engine = best_of(lambda: forward(net, xn), args.budget)
    body = response_body(net, result, Inputs(xn), True)
    print(
        f"\nEncodings of the full LSTM trace, T={T}, H={H}, B={B}, float64 (engine: {t_engine * 1e3:.1f} ms)\n"
    )
    print("| encoding | bytes | encode ms | encode / engine |")
    print("|---|---:|---:|---:|")
    for enc in ("json", "base64", "binary"):
        size = len(encode(body, enc))
        t = best_of(lambda e=enc: encode(body, e), args.budget)
        print(f"| {enc} | {size / 1e6:.1f} MB | {t * 1e3:.1f} | {t / t_engine:.2f}x |")
    t_list = best_of(lambda: orjson.dumps(_tolist(body)), args.budget, max_runs=3)
    print(f"| json via .tolist() (not used) | | {t_list * 1e3:.1f} | {t_list / t_engine:.2f}x |")


def _tolist(v):
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, dict):
        return {k: _tolist(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_tolist(x) for x in v]
    return v


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def end_to_end(torch, args) -> None:
    """POST the T=1000, H=128, B=1 LSTM with its PyTorch state_dict, base64 and binary responses,
    through uvicorn on loopback: request parsing, engine, encoding and transfer together. The
    weights and inputs go as nested lists of numbers, and (the last row) as typed arrays
    ({"dtype", "shape", "bdata"}), as a client holding numpy arrays may send them."""
    T, H, I = 1000, 128, args.input_size
    module = torch_module(torch, "lstm", I, H)
    x = torch.randn(1, T, I, dtype=torch.float64)
    state_dict = {k: v.detach().numpy() for k, v in module.state_dict().items()}

    def request(enc: str, arrays=lambda a: a) -> bytes:
        body = {
            "model": {"cell": "lstm"},
            "weights": {"format": "pytorch", "state_dict": {k: arrays(v) for k, v in state_dict.items()}},
            "inputs": arrays(x.numpy()),
            "options": {"encoding": enc},
        }
        return orjson.dumps(body, option=orjson.OPT_SERIALIZE_NUMPY)

    def typed(a):  # the request's arrays as the base64 encoding answers them: no decimal text
        a = np.ascontiguousarray(a, "<f8")
        return {"dtype": "f8", "shape": list(a.shape), "bdata": base64.b64encode(a.tobytes()).decode()}

    requests = {
        "base64": request("base64"),
        "binary": request("binary"),
        "binary, typed-array request": request("binary", typed),
    }
    port = free_port()
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "rnnscope.main:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            "--http",
            args.http,
            "--loop",
            args.loop,
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        conn = None
        deadline = time.monotonic() + 120  # a loaded machine may take a while to start uvicorn
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", "/api/v1/health")
                conn.getresponse().read()
                break
            except OSError:
                conn.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

        computes: dict[str, list[float]] = {enc: [] for enc in requests}

        def post(request: bytes, enc: str) -> int:
            conn.request(
                "POST", "/api/v1/forward", body=request, headers={"content-type": "application/json"}
            )
            response = conn.getresponse()
            data = response.read()
            assert response.status == 200, data[:300]
            timing = response.getheader("server-timing") or ""  # compute;dur=<ms>: engine + response dict
            if timing.startswith("compute;dur="):
                computes[enc].append(float(timing.split("=", 1)[1]) / 1e3)
            return len(data)

        sizes = {enc: post(req, enc) for enc, req in requests.items()}
        times: dict[str, list[float]] = {"torch": [], **{enc: [] for enc in requests}}
        computes = {enc: [] for enc in requests}
        with torch.no_grad():
            module(x)
            # interleaved: torch's forward, then each encoding's round trip, so that whatever load the
            # machine has falls on the reference as on the requests (medians against the median)
            for _ in range(args.e2e_runs):
                t0 = time.perf_counter()
                module(x)
                times["torch"].append(time.perf_counter() - t0)
                for enc, req in requests.items():
                    t0 = time.perf_counter()
                    post(req, enc)
                    times[enc].append(time.perf_counter() - t0)
        torch_med, torch_best = statistics.median(times["torch"]), min(times["torch"])
        print(f"\nEnd to end on loopback: LSTM T={T}, H={H}, B=1, I={I}, float64, PyTorch-format weights")
        print(
            f"uvicorn --http {args.http} --loop {args.loop} (auto: httptools and uvloop, installed with rnnscope)"
        )
        print(
            f"request {len(requests['base64']) / 1e6:.1f} MB of nested lists "
            f"({len(requests['binary, typed-array request']) / 1e6:.1f} MB with typed arrays), "
            f"{args.e2e_runs} runs each, torch's forward timed between the requests: medians against "
            "its median, bests against its best\n"
        )
        print("| | response | ms | x torch fused forward |")
        print("|---|---:|---:|---:|")
        print(f"| torch fused forward, median (same loop) | | {torch_med * 1e3:.1f} | 1.00x |")
        print(f"| torch fused forward, best (same loop) | | {torch_best * 1e3:.1f} | 1.00x |")
        for enc in requests:
            ts = times[enc]
            med, best = statistics.median(ts), min(ts)
            mb = sizes[enc] / 1e6
            print(
                f"| HTTP round trip, {enc}, median | {mb:.1f} MB | {med * 1e3:.1f} | {med / torch_med:.2f}x |"
            )
            print(
                f"| HTTP round trip, {enc}, best | {mb:.1f} MB | {best * 1e3:.1f} | {best / torch_best:.2f}x |"
            )
            if computes[enc]:
                c = statistics.median(computes[enc])
                print(
                    f"| of which server compute (Server-Timing), {enc}, median | | {c * 1e3:.1f} | {c / torch_med:.2f}x |"
                )
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="only T=1000, H=128, B=1")
    parser.add_argument("--cells", nargs="+", default=["lstm", "gru", "rnn"])
    parser.add_argument("--input-size", type=int, default=32)
    parser.add_argument("--budget", type=float, default=2.0, help="seconds of repeats per measurement")
    parser.add_argument("--e2e-runs", type=int, default=15)
    parser.add_argument(
        "--http", default="auto", choices=["auto", "h11", "httptools"], help="uvicorn's HTTP parser"
    )
    parser.add_argument(
        "--loop", default="auto", choices=["auto", "asyncio", "uvloop"], help="uvicorn's event loop"
    )
    parser.add_argument("--skip", nargs="*", default=[], choices=["grid", "backward", "encodings", "e2e"])
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    keep_freed_memory()  # as the server does (app.main.create_app)
    print(
        f"torch {torch.__version__}, numpy {np.__version__}, 1 thread each, float64, input size {args.input_size}"
    )
    print(f"machine: {os.cpu_count()} cores, {platform_name()}; {blas_info()}")
    print(f"removed for this process: {os.environ['RNNSCOPE_BENCH_UNSET'] or 'nothing'}\n")
    if "grid" not in args.skip:
        print("Full-trace engine vs torch fused forward (best of runs, ms)\n")
        print("| cell | T | H | B | torch ms | engine ms | engine/torch | trace MB | max abs err |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        grid(torch, args)
    if "backward" not in args.skip:
        backward_grid(torch, args)
    if "encodings" not in args.skip:
        encodings(torch, args)
    if "e2e" not in args.skip:
        end_to_end(torch, args)


def blas_info() -> str:
    """numpy's BLAS as threadpoolctl sees it: library, version, kernel (core type), threads."""
    from threadpoolctl import threadpool_info  # a dependency of the server (app/engine/blas.py)

    libs = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return (
        "; ".join(
            f"{i.get('internal_api')} {i.get('version')} kernel {i.get('architecture')}, {i.get('num_threads')} thread(s)"
            for i in libs
        )
        or "no BLAS found by threadpoolctl"
    )


def platform_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or platform.machine()


if __name__ == "__main__":
    main()
