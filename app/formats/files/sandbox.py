"""HDF5 files are read in worker processes: a crash or a hang of the HDF5 C library ends a worker,
never the server.

h5py calls into libhdf5, which crashes (SIGSEGV) or spends seconds and gigabytes on some malformed
files; in the server's own process that would end every request at once. So the Keras readers
that use h5py run in a worker (``call``): the server sends the job (the reader's import path and
its arguments, the uploaded bytes among them) down a pipe and waits up to ``Limits.hdf5_seconds``
for the answer. A worker that dies by a signal or outlives the time is killed and replaced, and
the upload gets a 422 naming the file; the next upload gets a fresh worker. Refusals
(``InputError``) raised in the worker come back as the same 4xx. The server never imports h5py.

A worker's address space is capped (``Limits.hdf5_memory_bytes``, RLIMIT_AS), so a file whose
header claims gigabytes makes libhdf5's allocation fail (a 422) instead of filling the memory;
and SIGALRM ends a job 2 s past its time even when nobody is left to kill the worker.

A worker is a fresh interpreter (``python -c``, two pipes), not a fork of the threaded server, so
it holds none of the server's sockets, threads or memory; nor a multiprocessing child: spawn and
forkserver both run the parent's ``__main__`` again in every child, which would run once more a
user's script that calls ``rnnscope.show("m.h5", x)`` at its top level. A worker imports numpy,
h5py and the readers once (0.3-0.5 s), says "ready", then reads file after file, one at a time;
up to ``Limits.hdf5_workers`` run at once and further uploads wait for one (up to
``hdf5_seconds``, then a 503).

Bytes and arrays cross the pipes as raw buffers (pickle protocol 5, out of band), not copied into
the pickle, and the server unpickles an answer with an allowlist (plain data and NumPy arrays),
so even a worker that a file took over could not make the server build any other object.
"""

from __future__ import annotations

import atexit
import importlib
import io
import math
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ... import errors
from ...errors import BusyError, InputError
from .archive import Limits
from .record import LOC, refuse

PRELOAD = ["numpy", "h5py", f"{__package__}.keras_files"]  # imported once by each worker
# what the server accepts from a worker's pickle: NumPy arrays, dtypes and scalars (builtins need
# no lookup); numpy 2 names its core ``numpy._core``, numpy 1 ``numpy.core``
ALLOWED = {
    (core, name)
    for core in (
        "numpy._core.multiarray",
        "numpy.core.multiarray",
        "numpy._core.numeric",
        "numpy.core.numeric",
    )
    for name in ("_reconstruct", "scalar", "_frombuffer")
} | {("numpy", "ndarray"), ("numpy", "dtype")}


# --- the pipe: pickle protocol 5 with its buffers sent apart --------------------------------------


def send(conn: Connection, obj: Any) -> None:
    buffers: list[pickle.PickleBuffer] = []
    head = pickle.dumps(obj, protocol=5, buffer_callback=buffers.append)
    views = [b.raw() for b in buffers]
    conn.send_bytes(pickle.dumps([v.nbytes for v in views]))
    conn.send_bytes(head)
    for v in views:
        conn.send_bytes(v)


class _Allowlist(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"a reader process sent {module}.{name}: not allowed")
        return super().find_class(module, name)


def receive(conn: Connection, trusted: bool = False) -> Any:
    """What ``send`` sent; each buffer lands in a bytearray of its own (writable arrays, no copy)."""
    sizes = _Allowlist(io.BytesIO(conn.recv_bytes())).load()
    head = conn.recv_bytes()
    buffers = []
    for size in sizes:
        buf = bytearray(size)
        if size:
            conn.recv_bytes_into(buf)
        else:
            conn.recv_bytes()
        buffers.append(buf)
    if trusted:  # the worker reading the server's job
        return pickle.loads(head, buffers=buffers)
    return _Allowlist(io.BytesIO(head), buffers=buffers).load()


# --- the worker -----------------------------------------------------------------------------------


def resolve(target: str) -> Any:
    """``"package.module:function"`` -> the function."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def serve(jobs: Connection, answers: Connection) -> None:
    """A worker's loop: a job ``(target, args, seconds)`` in, ``("ok", result)`` or a refusal or
    an error out. SIGALRM ends a job that outlives ``seconds`` by 2 s even when the C library holds
    the interpreter, so a worker never loops on after its server was killed."""
    while True:
        try:
            job = receive(jobs, trusted=True)
        except (EOFError, OSError):
            return  # the server closed the pipe (or exited)
        if job is None:
            return
        target, args, seconds = job
        if hasattr(signal, "alarm"):
            signal.alarm(math.ceil(seconds) + 2)  # no handler: the default action ends the process
        try:
            answer: tuple[Any, ...] = ("ok", resolve(target)(*args))
        except InputError as e:
            answer = ("refused", type(e).__name__, e.msg, list(e.loc), e.type, e.ctx, vars(e))
        except Exception as e:  # a bug in a reader: the server raises it as its own error (a 500)
            answer = ("error", f"{type(e).__name__}: {e}", traceback.format_exc())
        if hasattr(signal, "alarm"):
            signal.alarm(0)
        try:
            send(answers, answer)
        except Exception as e:  # an answer that does not pickle
            send(answers, ("error", f"the answer does not pickle: {type(e).__name__}: {e}", ""))


def main(job_fd: int, answer_fd: int, memory_bytes: int) -> None:
    """A worker process: caps its memory, imports what the readers need once, then serves jobs
    until the pipe closes."""
    if memory_bytes > 0:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        except (ImportError, ValueError, OSError):  # no such limit here (Windows), or not allowed
            pass
    for module in PRELOAD:
        importlib.import_module(module)
    answers = Connection(answer_fd, readable=False)
    send(answers, "ready")
    serve(Connection(job_fd, writable=False), answers)


# run by ``python -c``: the worker finds this package where the server found it
BOOT = "import sys; sys.path.append({root!r}); from {module} import main; main(*map(int, sys.argv[1:]))"
ROOT = str(Path(__file__).resolve().parents[3])  # the folder that holds the top package
# a worker needs no BLAS threads, and each would reserve address space under its memory limit
START_SECONDS = 60  # a worker's start: Python, numpy, h5py (0.4 s on an idle machine)
ONE_THREAD = {k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}


class Worker:
    """One worker process (a fresh interpreter, not a fork of the server: it holds none of the
    server's sockets or threads) and the server's ends of its two pipes."""

    def __init__(self, limits: Limits) -> None:
        job_r, job_w = os.pipe()  # server -> worker
        answer_r, answer_w = os.pipe()  # worker -> server
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    BOOT.format(root=ROOT, module=__name__),
                    *map(str, (job_r, answer_w, limits.hdf5_memory_bytes)),
                ],
                pass_fds=(job_r, answer_w),
                stdin=subprocess.DEVNULL,
                env={**os.environ, **ONE_THREAD},
                start_new_session=True,  # Ctrl-C in the server's terminal is for the server
            )
        except BaseException:
            for fd in (job_r, job_w, answer_r, answer_w):
                os.close(fd)
            raise
        os.close(job_r)
        os.close(answer_w)
        self.jobs = Connection(job_w, readable=False)
        self.answers = Connection(answer_r, writable=False)

    def wait_ready(self) -> None:
        """Until the worker has imported the readers; a worker that cannot start is the server's
        fault (a 500 with its exit code), not the file's."""
        try:
            if self.answers.poll(START_SECONDS) and receive(self.answers) == "ready":
                return
        except (EOFError, OSError):
            pass
        self.process.kill()
        raise RuntimeError(f"the HDF5 reader process did not start ({self.died()}); see its error above")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, wait: float = 1.0) -> None:
        """Close the pipes (the worker's loop ends), kill it if it is still there after ``wait`` s."""
        self.jobs.close()
        self.answers.close()
        try:
            self.process.wait(wait)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def died(self) -> str:
        """How the process ended: "signal 11 SIGSEGV", "exit code 1"."""
        try:
            code = self.process.wait(5)
        except subprocess.TimeoutExpired:
            return "it closed its pipe"
        if code < 0:
            try:
                return f"signal {-code} {signal.Signals(-code).name}"
            except ValueError:
                return f"signal {-code}"
        return f"exit code {code}"


# --- the pool: workers started when needed, each reading one file at a time -----------------------

_lock = threading.Condition()
_idle: list[Worker] = []
_busy = 0  # workers reading a file now
_generation = 0  # shutdown() starts a new one; workers of an older one are stopped when they return


def _take(limits: Limits) -> tuple[Worker | None, int]:
    """An idle worker, or None when the caller may start one (counted as busy either way)."""
    global _busy
    deadline = time.monotonic() + limits.hdf5_seconds
    with _lock:
        while not _idle and _busy >= max(limits.hdf5_workers, 1):
            left = deadline - time.monotonic()
            if left <= 0:
                raise BusyError(
                    f"all {limits.hdf5_workers} processes that read HDF5 files were busy for "
                    f"{limits.hdf5_seconds:g} s (RNNSCOPE_HDF5_WORKERS); try again",
                    "RNNSCOPE_HDF5_WORKERS",
                    limits.hdf5_workers,
                )
            _lock.wait(left)
        _busy += 1
        return (_idle.pop() if _idle else None), _generation


def _give_back(worker: Worker | None, generation: int) -> None:
    global _busy
    with _lock:
        _busy -= 1
        if worker is not None and generation == _generation:
            _idle.append(worker)
            worker = None
        _lock.notify()
    if worker is not None:
        worker.stop()


def call(name: str, target: str, args: tuple[Any, ...], limits: Limits) -> Any:
    """``target(*args)`` (``"package.module:function"``) run in a worker, for the uploaded file
    ``name``. Raises the worker's refusal as it was raised there, and a 422 naming the file when
    the worker dies or takes longer than ``limits.hdf5_seconds``."""
    args = tuple(pickle.PickleBuffer(a) if isinstance(a, bytes | bytearray) else a for a in args)  # no copy
    worker, generation = _take(limits)
    try:
        if worker is None or not worker.alive():
            if worker is not None:
                worker.stop(0)
            worker = Worker(limits)
            worker.wait_ready()
        try:
            send(worker.jobs, (target, args, limits.hdf5_seconds))
            if not worker.answers.poll(limits.hdf5_seconds):
                worker.process.kill()
                raise InputError(
                    LOC,
                    f"{name}: reading this HDF5 file took longer than {limits.hdf5_seconds:g} s "
                    "(RNNSCOPE_HDF5_SECONDS), so the reader process was stopped; the file is malformed "
                    "or hostile, or too large for this server",
                    "hdf5_timeout",
                    {"limit": "RNNSCOPE_HDF5_SECONDS", "value": limits.hdf5_seconds},
                )
            answer = receive(worker.answers)
        except (EOFError, OSError):  # the worker died: no answer, or a pipe closed while writing
            raise refuse(
                f"{name}: the HDF5 library failed reading this file (the reader process died: "
                f"{worker.died()}); it is malformed or hostile",
                "hdf5_crash",
            ) from None
        except pickle.UnpicklingError as e:  # only a worker that the file took over answers so
            raise refuse(f"{name}: the reader process answered with more than data ({e}); it is hostile",
                         "hdf5_crash") from None  # fmt: skip
    except BaseException:
        if worker is not None:  # dead, killed, or in an unknown state: it is not used again
            worker.stop(0)
            worker = None
        raise
    finally:
        _give_back(worker, generation)
    return unpack(answer)


def unpack(answer: tuple[Any, ...]) -> Any:
    if answer[0] == "ok":
        return answer[1]
    if answer[0] == "refused":
        _, cls_name, msg, loc, type_, ctx, attrs = answer
        cls = getattr(errors, cls_name, InputError)
        if not (isinstance(cls, type) and issubclass(cls, InputError)):
            cls = InputError
        err = cls.__new__(cls)
        ValueError.__init__(err, msg)
        err.__dict__.update(attrs)
        err.loc, err.msg, err.type, err.ctx = tuple(loc), msg, type_, ctx
        raise err
    _, what, trace = answer
    raise RuntimeError(f"a file reader failed in its worker process: {what}\n{trace}")


def worker_pids() -> list[int]:
    """The ids of the idle workers (tests check that none is left after shutdown)."""
    with _lock:
        return [w.process.pid for w in _idle]


def shutdown() -> None:
    """Stop the idle workers; those reading a file now stop when they finish. The next call
    starts new ones."""
    global _generation
    with _lock:
        workers = list(_idle)
        _idle.clear()
        _generation += 1
    for w in workers:
        w.stop()


atexit.register(shutdown)  # before the interpreter tears its modules down
