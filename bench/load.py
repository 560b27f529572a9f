#!/usr/bin/env python3
"""Load test (issue 6): many concurrent clients against a real server on 127.0.0.1.

Starts ``rnnscope serve`` (uvicorn, the production command) on a free loopback port in a subprocess
with ``OPENBLAS_NUM_THREADS=1`` and the default limits, then drives it with asyncio + httpx:

- ``health``  GET /api/v1/health, the trivial endpoint (no computation);
- ``small``   POST /api/v1/forward, the book-rnn preset (H=2, T=2);
- ``medium``  LSTM H=64, T=200, I=8, JSON, full trace (~4 MB answers);
- ``large``   LSTM H=128, T=1000, I=8, base64, full trace (~24 MB answers);
- ``mixed``   a few large clients, many small ones and a health probe at once: do the small
              requests and health checks still get through while the heavy ones run?

then the largest request the default limits allow (LSTM, T=10,000 at the largest hidden size
``check_work_limits`` accepts) on a fresh server, with its time and the server's peak RSS (VmHWM).

Every loop is bounded: each scenario runs ``--seconds`` (and at most ``--max-requests`` per
client); a request times out after ``--timeout`` s. Responses are read whole but not parsed.

    python bench/load.py                       # 32 clients x 10 s per scenario, ~2 minutes
    python bench/load.py --clients 8 --seconds 3 --skip-largest

The client runs on the same machine as the server and takes CPU from it: on a 2-core machine the
figures are a lower bound, and noisy when anything else runs.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# ---------------------------------------------------------------------------------------------
# the server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``rnnscope serve`` in a subprocess on 127.0.0.1, stopped (by its own pid) on exit."""

    def __init__(self, workers: int = 1, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1", **(env or {})}
        self.cmd = [
            sys.executable,
            "-m",
            "rnnscope.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
        ]
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (the server's stderr, read by errors())

    def __enter__(self) -> Server:
        self.proc = subprocess.Popen(
            self.cmd, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=self.log
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.errors()}")
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("server did not answer /api/v1/health within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def errors(self) -> str:
        """The server's stderr lines other than uvicorn's start/stop notes (tracebacks, warnings)."""
        self.log.seek(0)
        lines = self.log.read().decode(errors="replace").splitlines()
        routine = ("INFO:", "Started server process", "Waiting for application", "Application startup")
        return "\n".join(line for line in lines if not line.startswith(routine))

    def pids(self) -> list[int]:
        """The server process and its children (uvicorn's worker processes with --workers > 1)."""
        assert self.proc
        pids = [self.proc.pid]
        try:
            for tid in os.listdir(f"/proc/{self.proc.pid}/task"):
                children = Path(f"/proc/{self.proc.pid}/task/{tid}/children").read_text().split()
                pids += [int(c) for c in children]
        except OSError:
            pass
        return pids

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server's processes so far."""
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
            except (OSError, IndexError, ValueError):
                pass
        return total / os.sysconf("SC_CLK_TCK")

    def memory_kib(self, field_name: str = "VmHWM") -> int:
        """Peak (VmHWM) or current (VmRSS) resident memory, KiB, summed over the server's processes."""
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith(field_name + ":"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total


# ---------------------------------------------------------------------------------------------
# requests


@dataclass(frozen=True)
class Kind:
    name: str
    method: str
    path: str
    body: bytes | None = None


def lstm_request(hidden: int, steps: int, inputs: int, encoding: str, trace: Any = True) -> bytes:
    x = np.round(np.random.default_rng(0).standard_normal((steps, inputs)), 4).tolist()
    body = {
        "model": {"cell": "lstm", "input_size": inputs, "hidden_size": hidden},
        "weights": {"format": "random", "seed": 0},
        "inputs": x,
        "options": {"encoding": encoding, "trace": trace},
    }
    return json.dumps(body).encode()


def kinds(url: str) -> dict[str, Kind]:
    book = httpx.get(url + "/api/v1/presets/book-rnn", timeout=10).json()
    return {
        "health": Kind("health", "GET", "/api/v1/health"),
        "small": Kind("small", "POST", "/api/v1/forward", json.dumps(book).encode()),
        "medium": Kind("medium", "POST", "/api/v1/forward", lstm_request(64, 200, 8, "json")),
        "large": Kind("large", "POST", "/api/v1/forward", lstm_request(128, 1000, 8, "base64")),
    }


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)  # seconds, of 2xx answers
    statuses: collections.Counter[str] = field(default_factory=collections.Counter)
    bytes_in: int = 0
    first: float = float("inf")
    last: float = 0.0

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def ok(self) -> int:
        return len(self.latencies)

    def begin(self) -> float:
        """The start time of one request; also moves the window's first instant."""
        start = time.monotonic()
        self.first = min(self.first, start)
        return start

    def record(self, status: str, start: float) -> None:
        """Counts one finished request; the latency is kept for 2xx answers only."""
        end = time.monotonic()
        self.last = max(self.last, end)
        self.statuses[status] += 1
        if status.startswith("2"):
            self.latencies.append(end - start)


class RawConnection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: a tenth of httpx's CPU per request,
    which matters when the load generator shares 2 cores with the server. Reads Content-Length and
    chunked bodies in 1 MiB pieces without keeping them."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes | None) -> tuple[int, int]:
        """(status, body bytes)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + (body or b""))
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("the server closed the connection")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value
            elif name == b"connection":
                close = value == b"close"
        received = 0
        if chunked:
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                received += await self.skip(size)
                await self.reader.readline()
            await self.reader.readline()
        else:
            received = await self.skip(length)
        if close:
            self.close()
        return status, received

    async def skip(self, n: int) -> int:
        assert self.reader is not None
        left = n
        while left:
            piece = await self.reader.read(min(left, 1 << 20))
            if not piece:
                raise ConnectionResetError("the server closed the connection mid-body")
            left -= len(piece)
        return n

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def client_loop(
    url: str, kind: Kind, stats: Stats, until: float, max_requests: int, timeout: float
) -> None:
    host, port = url.removeprefix("http://").split(":")
    conn = RawConnection(host, int(port))
    try:
        for _ in range(max_requests):
            if time.monotonic() >= until:
                return
            start = stats.begin()
            try:
                code, size = await asyncio.wait_for(conn.request(kind.method, kind.path, kind.body), timeout)
                status = str(code)
                stats.bytes_in += size
            except TimeoutError:
                status = "timeout"
                conn.close()
            except (OSError, ValueError, IndexError, asyncio.IncompleteReadError) as e:
                status = type(e).__name__
                conn.close()
            stats.record(status, start)
            if status == "503":
                await asyncio.sleep(0.05)  # the server said busy: do not hammer it
    finally:
        conn.close()


async def httpx_loop(
    client: httpx.AsyncClient, kind: Kind, stats: Stats, until: float, max_requests: int
) -> None:
    headers = {"content-type": "application/json"} if kind.body is not None else {}
    for _ in range(max_requests):
        if time.monotonic() >= until:
            return
        start = stats.begin()
        try:
            r = await client.request(kind.method, kind.path, content=kind.body, headers=headers)
            status = str(r.status_code)
            stats.bytes_in += len(r.content)
        except httpx.TimeoutException:
            status = "timeout"
        except httpx.HTTPError as e:
            status = type(e).__name__
        stats.record(status, start)
        if status == "503":
            await asyncio.sleep(0.05)


async def scenario(
    url: str, mix: dict[Kind, int], seconds: float, max_requests: int, timeout: float, client: str = "raw"
) -> dict[str, Stats]:
    """Run ``mix`` (kind -> number of clients) for ``seconds``; in-flight requests finish (bounded by timeout)."""
    n = sum(mix.values())
    stats = {kind.name: Stats() for kind in mix}
    until = time.monotonic() + seconds
    if client == "raw":
        tasks = [
            asyncio.create_task(client_loop(url, kind, stats[kind.name], until, max_requests, timeout))
            for kind, count in mix.items()
            for _ in range(count)
        ]
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + timeout + 10)
        return stats
    limits = httpx.Limits(max_connections=n + 4, max_keepalive_connections=n + 4)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as http:
        tasks = [
            asyncio.create_task(httpx_loop(http, kind, stats[kind.name], until, max_requests))
            for kind, count in mix.items()
            for _ in range(count)
        ]
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + timeout + 10)
    return stats


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return float(np.percentile(values, q)) * 1000.0


def row(label: str, clients: int, s: Stats, seconds: float) -> dict[str, Any]:
    span = max(s.last - s.first, 1e-9) if s.requests else seconds
    errors = {k: v for k, v in s.statuses.items() if not k.startswith("2")}
    return {
        "scenario": label,
        "clients": clients,
        "requests": s.requests,
        "ok": s.ok,
        "throughput": s.ok / span,
        "p50": pct(s.latencies, 50),
        "p99": pct(s.latencies, 99),
        "MB/s": s.bytes_in / span / 1e6,
        "errors": ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) or "0",
        "cpu": "",
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    cols = f"| {'scenario':<27} | {'clients':>7} | {'requests':>8} | {'2xx req/s':>9} | {'p50 ms':>8} | {'p99 ms':>8} "
    cols += f"| {'MB/s':>6} | {'CPU server / client':>19} | errors (by status) |"
    print(cols)
    print("|" + "|".join("-" * len(c) for c in cols.split("|")[1:-1]) + "|")
    for r in rows:
        print(
            f"| {r['scenario']:<27} | {r['clients']:>7} | {r['requests']:>8} | {r['throughput']:>9.1f} | "
            f"{r['p50']:>8.1f} | {r['p99']:>8.1f} | {r['MB/s']:>6.1f} | {r['cpu']:>19} | {r['errors']} |"
        )
    print(
        "(CPU: the server's and the load generator's CPU time over the scenario's wall time; 200% = 2 cores)"
    )


# ---------------------------------------------------------------------------------------------
# the largest request the defaults allow


def largest_hidden(steps: int, inputs: int) -> int:
    """The largest LSTM hidden size that ``check_work_limits`` accepts for (B=1, T=steps) by default."""
    from rnnscope.engine import Architecture
    from rnnscope.errors import LimitError
    from rnnscope.service import check_work_limits
    from rnnscope.settings import Settings

    s = Settings()
    lo, hi = 1, s.max_hidden_size
    while lo < hi:
        mid = (lo + hi + 1) // 2
        try:
            check_work_limits(Architecture("lstm", inputs, mid), 1, steps, s)
            lo = mid
        except LimitError:
            hi = mid - 1
    return lo


def largest(steps: int, inputs: int, timeout: float) -> list[dict[str, Any]]:
    H = largest_hidden(steps, inputs)
    out = []
    variants = (
        ("full trace, base64", "base64", True),
        ("full trace, JSON (the default encoding)", "json", True),
        ("output only (trace: false)", "json", False),
    )
    for label, encoding, trace in variants:
        body = lstm_request(H, steps, inputs, encoding, trace)
        with Server() as server:  # fresh, so that VmHWM is this request's peak
            before = server.memory_kib("VmRSS")
            start = time.monotonic()
            with httpx.stream(
                "POST",
                server.url + "/api/v1/forward",
                content=body,
                headers={"content-type": "application/json"},
                timeout=timeout,
            ) as r:
                first_byte = time.monotonic() - start  # the server answers once the body is encoded
                r.read()
            took = time.monotonic() - start
            peak = server.memory_kib("VmHWM")
            warnings_ = []
            if r.status_code == 200 and encoding == "json" and not trace:
                warnings_ = r.json().get("warnings", [])
        out.append(
            {
                "request": f"LSTM I={inputs} H={H} T={steps} B=1, {label}",
                "status": r.status_code,
                "seconds": took,
                "first byte": first_byte,
                "request MB": len(body) / 1e6,
                "response MB": len(r.content) / 1e6,
                "rss before MiB": before / 1024,
                "peak rss MiB": peak / 1024,
                "detail": "" if r.status_code == 200 else r.text[:300],
                "warnings": warnings_,
            }
        )
    return out


# ---------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=32, help="concurrent clients per scenario (default 32)")
    ap.add_argument("--seconds", type=float, default=10.0, help="duration of each scenario (default 10)")
    ap.add_argument(
        "--max-requests", type=int, default=100_000, help="cap on requests per client and scenario"
    )
    ap.add_argument("--timeout", type=float, default=60.0, help="per-request timeout, s (default 60)")
    ap.add_argument(
        "--large-clients", type=int, default=4, help="large clients in the mixed scenario (default 4)"
    )
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    ap.add_argument(
        "--client",
        choices=["raw", "httpx"],
        default="raw",
        help="load generator: raw asyncio HTTP/1.1 or httpx",
    )
    ap.add_argument("--scenarios", default="health,small,medium,large,mixed", help="comma-separated subset")
    ap.add_argument("--skip-largest", action="store_true", help="skip the largest-request measurement")
    args = ap.parse_args()
    wanted = [s.strip() for s in args.scenarios.split(",") if s.strip()]

    print(
        f"machine: {os.cpu_count()} cores; server: rnnscope serve --workers {args.workers}, default limits, "
        f"OPENBLAS_NUM_THREADS=1; {args.clients} clients x {args.seconds:g} s per scenario ({args.client} client)"
    )
    rows: list[dict[str, Any]] = []
    with Server(workers=args.workers) as server:
        k = kinds(server.url)
        for name in ("small", "medium", "large"):
            print(f"  {name:<7} request {len(k[name].body or b'') / 1e3:9.1f} kB", flush=True)
        for name in wanted:
            cpu0, client0, wall0 = server.cpu_seconds(), time.process_time(), time.monotonic()
            if name == "mixed":
                n_large = min(args.large_clients, args.clients - 2)
                n_small = args.clients - n_large - 1
                mix = {k["large"]: n_large, k["small"]: n_small, k["health"]: 1}
                stats = asyncio.run(
                    scenario(server.url, mix, args.seconds, args.max_requests, args.timeout, args.client)
                )
                new = [
                    row(f"mixed: large ({n_large} clients)", n_large, stats["large"], args.seconds),
                    row(f"mixed: small ({n_small} clients)", n_small, stats["small"], args.seconds),
                    row("mixed: health (1 client)", 1, stats["health"], args.seconds),
                ]
            else:
                mix = {k[name]: args.clients}
                stats = asyncio.run(
                    scenario(server.url, mix, args.seconds, args.max_requests, args.timeout, args.client)
                )
                new = [row(name, args.clients, stats[name], args.seconds)]
            wall = time.monotonic() - wall0
            server_cpu = 100 * (server.cpu_seconds() - cpu0) / wall
            new[0]["cpu"] = f"{server_cpu:.0f}% / {100 * (time.process_time() - client0) / wall:.0f}%"
            rows += new
            print(f"  done: {name}", flush=True)
        peak = server.memory_kib("VmHWM")
    errors = server.errors()
    print()
    print_table(rows)
    by = {r["scenario"]: r for r in rows}
    if "small" in by and "health" in by and by["health"]["throughput"]:
        print(
            f"\nsmall /forward throughput / health throughput = {by['small']['throughput'] / by['health']['throughput']:.2f}"
        )
    small_alone = by.get("small")
    mixed_small = next((r for r in rows if r["scenario"].startswith("mixed: small")), None)
    if small_alone and mixed_small:
        print(
            f"small requests, alone: p50 {small_alone['p50']:.1f} ms, p99 {small_alone['p99']:.1f} ms; "
            f"beside large ones: p50 {mixed_small['p50']:.1f} ms, p99 {mixed_small['p99']:.1f} ms"
        )
    print(f"server peak RSS over the scenarios: {peak / 1024:.0f} MiB")
    if errors:
        print(f"server stderr (beyond uvicorn's INFO lines), last 3000 characters:\n{errors[-3000:]}")

    if not args.skip_largest:
        print("\nlargest request under the default limits (fresh server each):")
        for r in largest(10_000, 8, max(args.timeout, 120)):
            print(
                f"  {r['request']}: status {r['status']}, first byte after {r['first byte']:.2f} s, all after "
                f"{r['seconds']:.2f} s, request {r['request MB']:.1f} MB, "
                f"response {r['response MB']:.1f} MB, server RSS {r['rss before MiB']:.0f} MiB before, "
                f"peak {r['peak rss MiB']:.0f} MiB {r['detail']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
