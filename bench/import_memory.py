"""Peak memory of importing a ~100 MB PyTorch file through POST /api/v1/weights/import.

    .venv/bin/python bench/import_memory.py [--mb 100]

Writes a torch.save(state_dict) zip without torch (the pickle written opcode by opcode, as torch
writes it), float32, of about --mb MB: with ``--model lstm`` (default) an LSTM(I, 1024) whose input
size I makes up the size, and a Linear(1024, 4096); with ``--model embedding`` an Embedding(V, 128)
sized to --mb, an LSTM(128, 64) and a Linear(64, 5) (needs the model-v2 engine). Then, in a fresh process each, reads it (1) with the reader alone and (2) through the
uvicorn server on loopback (the upload parsed, the model checked by the engine, the answer written),
and prints peak resident memory: ru_maxrss of the reader's process, VmHWM of the server's.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np


def pickle_tensor(key: str, name: str, shape: tuple[int, ...]) -> bytes:
    """SETITEM-ready bytes: the key, then _rebuild_tensor_v2((storage, key, cpu, n), 0, shape, strides, False, {})."""
    strides = tuple(int(np.prod(shape[i + 1 :])) for i in range(len(shape)))

    def tup(t: tuple[int, ...]) -> bytes:
        return b"(" + b"".join(b"J" + struct.pack("<i", n) for n in t) + b"t"

    def text(s: str) -> bytes:
        return b"X" + struct.pack("<I", len(s)) + s.encode()

    storage = b"(" + text("storage") + b"ctorch\nFloatStorage\n" + text(key) + text("cpu")
    storage += b"J" + struct.pack("<i", int(np.prod(shape))) + b"tQ"
    return (
        text(name) + b"ctorch._utils\n_rebuild_tensor_v2\n(" + storage + b"K\x00" + tup(shape) + tup(strides)
        + b"\x89ccollections\nOrderedDict\n)RtR"
    )  # fmt: skip


def write_pt(path: Path, mb: int, model: str) -> None:
    rng = np.random.default_rng(0)
    if model == "embedding":
        V = mb * 1024 * 1024 // (128 * 4)
        tensors = {"embedding.weight": (V, 128), "lstm.weight_ih_l0": (256, 128), "lstm.weight_hh_l0": (256, 64),
                   "lstm.bias_ih_l0": (256,), "lstm.bias_hh_l0": (256,), "fc.weight": (5, 64), "fc.bias": (5,)}  # fmt: skip
    else:
        I = max(mb - 32, 1) * 64  # W_ih is 4096 x I float32: 16 KB per input; W_hh and fc 32 MB
        tensors = {"lstm.weight_ih_l0": (4096, I), "lstm.weight_hh_l0": (4096, 1024), "lstm.bias_ih_l0": (4096,),
                   "lstm.bias_hh_l0": (4096,), "fc.weight": (4096, 1024), "fc.bias": (4096,)}  # fmt: skip
    pkl = b"\x80\x02ccollections\nOrderedDict\n)R("
    with zipfile.ZipFile(path, "w") as z:
        for i, (name, shape) in enumerate(tensors.items()):
            pkl += pickle_tensor(str(i), name, shape)
            z.writestr(f"archive/data/{i}", rng.standard_normal(shape, dtype=np.float32).tobytes())
        z.writestr("archive/data.pkl", pkl + b"u.")
        z.writestr("archive/version", "3\n")


READER = """
import resource, sys, time
from pathlib import Path
from rnnscope.formats.files import read_upload
from rnnscope.formats.files.record import dumps
path = Path(sys.argv[1])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
size = len(dumps(read_upload({path.name: path.read_bytes()})))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(base // 1024, peak // 1024, f"{time.perf_counter() - t:.1f}", size >> 20)
"""


def vm(pid: int, field: str) -> int:
    """VmRSS / VmHWM (peak) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_import(path: Path) -> tuple[int, int, float, int]:
    """POST the file to a uvicorn server on loopback; the server's RSS before and its peak after."""
    port = free_port()
    env = {**os.environ, "RNNSCOPE_MAX_BODY_BYTES": str(1 << 30), "RNNSCOPE_MAX_INPUT_SIZE": str(1 << 20),
           "RNNSCOPE_MAX_HIDDEN_SIZE": "4096", "RNNSCOPE_MAX_SECONDS": "600", "OPENBLAS_NUM_THREADS": "1"}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "rnnscope.main:create_app", "--factory", "--port", str(port),
         "--log-level", "warning", "--no-access-log"],
        env=env,
    )  # fmt: skip
    try:
        for _ in range(200):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                conn.request("GET", "/api/v1/health")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
        base = vm(server.pid, "VmRSS")
        boundary = "rnnscopebench"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode()  # fmt: skip
        body = head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        t = time.perf_counter()
        conn.request("POST", "/api/v1/weights/import", body=body,
                     headers={"content-type": f"multipart/form-data; boundary={boundary}"})  # fmt: skip
        response = conn.getresponse()
        data = response.read()
        secs = time.perf_counter() - t
        if response.status != 200:
            sys.exit(f"{response.status}: {data[:300]!r}")
        return base, vm(server.pid, "VmHWM"), secs, len(data) >> 20
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--model", choices=["lstm", "embedding"], default="lstm")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.pt"
        write_pt(path, args.mb, args.model)
        size = path.stat().st_size / 2**20
        print(f"file: {size:.0f} MB ({path.name}, --model {args.model})")
        out = subprocess.run([sys.executable, "-c", READER, str(path)], capture_output=True, text=True)
        if out.returncode:
            sys.exit(out.stderr[-2000:])
        base, peak, secs, answer = out.stdout.split()
        print(f"reader + JSON ({answer} MB), one process:  peak RSS {peak} MB (baseline {base} MB), {secs} s")
        base, peak, secs, answer = server_import(path)
        print(
            f"uvicorn, POST /api/v1/weights/import:  server peak RSS {peak} MB (baseline {base} MB), "
            f"{secs:.1f} s, answer {answer} MB"
        )


if __name__ == "__main__":
    main()
