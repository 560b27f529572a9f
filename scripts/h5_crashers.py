"""Find HDF5 files that crash or hang the Keras .h5 reader: damaged copies of the fixtures, each
read by ``keras_files.read_h5`` in a child process of its own. A child that dies by a signal
(libhdf5 crashing) or outlives ``--timeout`` is a finding, written to ``--out``.

Two searches over the fixture .h5 files (and the model.weights.h5 inside each .keras file):

- ``--sweep MARKER``: each of the 64 bytes after every occurrence of MARKER (an attribute's name:
  its datatype, dataspace and value follow) set to 0, 1, 0x10, 0x20, 0x40, 0x7f, 0x80 or 0xff,
  one at a time. This found the committed files in seconds.
- otherwise ``--tries`` random damages, seeded (``--seed``) so that a run repeats: 1-4 of the
  kinds of ``mutated_bytes`` in tests/test_fuzz_api.py (flip a bit, overwrite, insert, delete,
  truncate), placed anywhere or near the start or the end. About 14,000 tries found nothing.

    .venv/bin/python scripts/h5_crashers.py --sweep model_config --only '^k_lstm_tagger.h5$' --out /tmp/h5
    .venv/bin/python scripts/h5_crashers.py --tries 3000 --out /tmp/h5

tests/fixtures/hostile holds two findings of the first command (renamed), both in the
``model_config`` attribute of k_lstm_tagger.h5 (a variable-length string; its message starts at
byte 992):

- ``crash_attr.h5``: byte 1009, the class bits of the attribute's datatype (0x01: a string),
  set to 0x7f: reading the attribute is a SIGSEGV in libhdf5 2.0.0 (h5py 3.16.0), the crash
  a fuzz run of tests/test_fuzz_api.py hit. The same byte of any such attribute does it.
- ``huge_attr.h5``: byte 1043, the top byte of the string's length, set to 0xff: libhdf5
  allocates and fills 4.3 GB (5-21 s, by the machine's load) before it finds the heap object
  shorter (a "memory" finding, or a "hang" past the timeout).
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import random
import re
import signal
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tests" / "fixtures" / "models"


def sources() -> list[tuple[str, bytes]]:
    """(name, bytes) of every HDF5 fixture: the .h5 files and the weights inside the .keras files."""
    out = []
    for path in sorted(MODELS.iterdir()):
        if path.name.endswith(".h5"):
            out.append((path.name, path.read_bytes()))
        elif path.name.endswith(".keras"):
            with zipfile.ZipFile(path) as z:
                out.append((path.name.removesuffix(".keras") + ".weights.h5", z.read("model.weights.h5")))
    return out


def position(rng: random.Random, size: int) -> int:
    """Where to damage: anywhere, or (as hypothesis draws integers) near the start or the end."""
    top = max(size - 1, 0)
    kind = rng.random()
    if kind < 0.4:
        return rng.randint(0, top)
    if kind < 0.8:
        return min(rng.randint(0, 1024), top)  # the superblock and the root group's header
    return max(top - rng.randint(0, 64), 0)


def chunk(rng: random.Random) -> bytes:
    """1-16 bytes: random, or zeros, or 0xff (hypothesis favours such bytes)."""
    n = rng.randint(1, 16)
    return rng.choice([rng.randbytes(n), bytes(n), b"\xff" * n])


def mutate(data: bytes, rng: random.Random) -> bytes:
    """1-4 mutations, the kinds of tests/test_fuzz_api.py mutated_bytes."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["flip", "overwrite", "insert", "delete", "truncate"])
        at = position(rng, len(out))
        if kind == "flip" and out:
            out[at] ^= 1 << rng.randint(0, 7)
        elif kind == "overwrite":
            piece = chunk(rng)
            out[at : at + len(piece)] = piece
        elif kind == "insert":
            out[at:at] = chunk(rng)
        elif kind == "delete":
            del out[at : at + rng.randint(1, 16)]
        else:
            del out[at:]
    return bytes(out)


BIG = 1 << 30  # bytes of memory a reader may take before it counts as a finding
BIG_EXIT = 10  # the child's exit code when it took more


def read(name: str, data: bytes) -> None:
    """The reader, in the child: a Python exception is a clean answer; a signal, a hang, or more
    than BIG bytes of memory counts."""
    import resource

    from rnnscope.formats.files import keras_files
    from rnnscope.formats.files.archive import Limits

    with contextlib.suppress(Exception):  # a refusal or any Python error: the process survived
        keras_files.read_h5(name, data, Limits())
    if resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 > BIG:  # ru_maxrss: KB on Linux
        sys.exit(BIG_EXIT)


def outcome(ctx: multiprocessing.context.BaseContext, name: str, data: bytes, timeout: float) -> str | None:
    """None if the child finished in time, else "SIGSEGV", "SIGABRT" …, "memory" or "hang"."""
    child = ctx.Process(target=read, args=(name, data))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return "hang"
    code = child.exitcode
    child.close()
    if code is not None and code < 0:
        return signal.Signals(-code).name
    return "memory" if code == BIG_EXIT else None


def sweep(name: str, data: bytes, marker: bytes) -> list[tuple[str, bytes]]:
    """(label, file): each byte of the 64 after each occurrence of ``marker`` set to each of a few values."""
    out = []
    at = data.find(marker)
    while at >= 0:
        for pos in range(at, min(at + 64, len(data))):
            for value in (0, 1, 0x10, 0x20, 0x40, 0x7F, 0x80, 0xFF):
                if data[pos] != value:
                    changed = bytearray(data)
                    changed[pos] = value
                    out.append((f"byte{pos}-{data[pos]:#04x}-to-{value:#04x}", bytes(changed)))
        at = data.find(marker, at + 1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tries", type=int, default=1000, help="mutated files to read (default 1000)")
    ap.add_argument("--seed", type=int, default=0, help="first seed (each try uses seed+i)")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds before a child counts as hung")
    ap.add_argument("--out", type=Path, default=Path("h5-crashers"), help="folder for the findings")
    ap.add_argument("--only", default="", help="only fixtures whose name matches this regular expression")
    ap.add_argument("--sweep", default="", help="set the bytes after this marker, one at a time (see above)")
    ap.add_argument("--stop", type=int, default=0, help="stop after this many findings (0: never)")
    args = ap.parse_args(argv)
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["h5py", "numpy", "rnnscope.formats.files.keras_files"])
    files = [s for s in sources() if re.search(args.only, s[0])]
    args.out.mkdir(parents=True, exist_ok=True)
    found, start = 0, time.monotonic()
    if args.sweep:
        for name, original in files:
            tries, before = sweep(name, original, args.sweep.encode()), found
            for label, data in tries:
                what = outcome(ctx, name, data, args.timeout)
                if what:
                    found += 1
                    print(f"{name} {label}: {what}", flush=True)
                    (args.out / f"{name}-{label}-{what}.h5").write_bytes(data)
            if tries:
                print(f"{name}: {found - before} crashing or hanging inputs out of {len(tries)} tried")
        return 0
    for i in range(args.tries):
        seed = args.seed + i
        rng = random.Random(seed)
        name, original = files[seed % len(files)]
        data = mutate(original, rng)
        what = outcome(ctx, name, data, args.timeout)
        if what:
            found += 1
            path = args.out / f"{name}-seed{seed}-{what}.h5"
            path.write_bytes(data)
            print(f"seed {seed}: {name} -> {what} ({len(data):,} bytes) {path}", flush=True)
            if args.stop and found >= args.stop:
                break
        if (i + 1) % 200 == 0:
            print(
                f"{i + 1} tried, {found} found, {time.monotonic() - start:.0f} s", file=sys.stderr, flush=True
            )
    print(f"{found} crashing or hanging inputs out of {i + 1} tried")
    return 0


if __name__ == "__main__":
    sys.exit(main())
