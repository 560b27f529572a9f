"""HDF5 files are read in worker processes (app/formats/files/sandbox.py): a file that crashes or
hangs libhdf5 ends a worker and gets a 422; the server answers the next upload as before.

The hostile files in tests/fixtures/hostile were found by scripts/h5_crashers.py (the bytes it
changed are in its docstring): ``crash_attr.h5`` is a SIGSEGV in h5py 3.16 / libhdf5 2.0 reading
the ``model_config`` attribute (the crash a fuzz run of tests/test_fuzz_api.py hit), and
``huge_attr.h5`` makes libhdf5 allocate and fill 4.3 GB for that attribute (5-21 s) before it fails.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from rnnscope.errors import BusyError, InputError
from rnnscope.formats import files as file_readers
from rnnscope.formats.files import sandbox
from rnnscope.formats.files.archive import Limits
from rnnscope.main import create_app
from rnnscope.settings import Settings
from tests.test_model_files import EXPECTED, compare, forward_body

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
MODELS = Path(__file__).parent / "fixtures" / "models"
READ_IN_PROCESS = """
import sys
from rnnscope.formats.files import keras_files
from rnnscope.formats.files.archive import Limits
keras_files.read_h5("m.h5", open(sys.argv[1], "rb").read(), Limits())
"""


def upload(client: TestClient, name: str, data: bytes | None = None):
    data = (MODELS / name).read_bytes() if data is None else data
    return client.post("/api/v1/weights/import", files={"file": (name, data)})


def error(r, status: int = 422) -> dict:
    assert r.status_code == status, r.text
    (detail,) = r.json()["detail"]
    assert detail["loc"] == ["body", "file"] or status == 503, detail
    return detail


def runs_as_keras_ran_it(client: TestClient, r, name: str = "k_lstm_tagger.h5") -> None:
    """The import answer, run by /api/v1/forward, gives the outputs Keras gave."""
    assert r.status_code == 200, r.text
    e = EXPECTED[name]
    f = client.post("/api/v1/forward", json=forward_body(r.json(), e))
    assert f.status_code == 200, f.text
    compare(f.json()["y"], e["y"], e["dtype"], name)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_crash_attr_still_crashes_libhdf5_in_process():
    """Without the worker, the committed crasher kills the process that reads it (if a new h5py
    fixes it, find another with scripts/h5_crashers.py --sweep)."""
    p = subprocess.run(
        [sys.executable, "-c", READ_IN_PROCESS, str(HOSTILE / "crash_attr.h5")],
        capture_output=True,
        timeout=60,
    )
    assert p.returncode < 0, (p.returncode, p.stderr[-2000:])


def test_crashing_file_is_a_422_and_the_next_upload_works():
    with TestClient(create_app(Settings())) as client:
        runs_as_keras_ran_it(client, upload(client, "k_lstm_tagger.h5"))
        d = error(upload(client, "crash_attr.h5", (HOSTILE / "crash_attr.h5").read_bytes()))
        assert d["type"] == "hdf5_crash", d
        assert d["msg"].startswith("crash_attr.h5: the HDF5 library failed reading this file"), d
        assert "(the reader process died: signal 11 SIGSEGV)" in d["msg"], d
        for _ in range(2):  # a fresh worker, then the same one again
            runs_as_keras_ran_it(client, upload(client, "k_lstm_tagger.h5"))
        d = error(upload(client, "m.keras", (MODELS / "k_lstm_tagger.keras").read_bytes()[:-40]))
        assert d["type"] == "file_invalid", d  # a refusal in the worker is the same 422 as before


def test_crasher_inside_a_keras_zip():
    """model.weights.h5 of a .keras replaced by a crasher: the .keras reader runs in the worker too."""
    import io
    import zipfile

    src = zipfile.ZipFile(MODELS / "k_lstm_tagger.keras")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for m in src.namelist():
            z.writestr(
                m, (HOSTILE / "crash_attr.h5").read_bytes() if m == "model.weights.h5" else src.read(m)
            )
    with TestClient(create_app(Settings())) as client:
        r = upload(client, "m.keras", buf.getvalue())
        # the .keras reader reads no attribute of the weights file that crashes: a refusal or a crash,
        # never a 5xx, and the server goes on
        assert r.status_code == 422, r.text
        runs_as_keras_ran_it(client, upload(client, "k_lstm_tagger.keras"), "k_lstm_tagger.keras")


def test_a_reader_that_hangs_is_a_422_within_the_time_limit(monkeypatch):
    """A stand-in for a file on which libhdf5 loops (none found): the .h5 reader sleeps in its
    worker; RNNSCOPE_HDF5_SECONDS=1 stops it. (huge_attr.h5 without the memory cap takes 5-21 s
    and 4.3 GB, too much memory for a test.)"""

    def sleepy(name, files, limits):
        return sandbox.call(name, "time:sleep", (30,), limits)

    monkeypatch.setattr(file_readers, "READERS", [(".h5", sleepy), *file_readers.READERS])
    with TestClient(create_app(Settings(hdf5_seconds=1.0))) as client:
        start = time.monotonic()
        d = error(upload(client, "k_lstm_tagger.h5"))
        took = time.monotonic() - start
        assert d["type"] == "hdf5_timeout", d
        assert (
            "k_lstm_tagger.h5: reading this HDF5 file took longer than 1 s (RNNSCOPE_HDF5_SECONDS)"
            in d["msg"]
        )
        assert d["ctx"] == {"limit": "RNNSCOPE_HDF5_SECONDS", "value": 1.0}, d
        assert took < 6, took  # 1 s, plus a worker's start (0.4 s) on a busy machine
        monkeypatch.undo()
        runs_as_keras_ran_it(client, upload(client, "k_lstm_tagger.h5"))


def test_memory_cap_turns_a_huge_allocation_into_a_quick_422():
    with TestClient(create_app(Settings())) as client:
        start = time.monotonic()
        d = error(upload(client, "huge_attr.h5", (HOSTILE / "huge_attr.h5").read_bytes()))
        assert time.monotonic() - start < 10
        assert d["type"] == "file_invalid", d
        assert "attribute 'model_config' cannot be read" in d["msg"], d
        assert "memory allocation failed" in d["msg"], d


def test_uploads_at_once_do_not_mix():
    """Two workers, eight uploads from eight threads: crashers, refusals and two different models."""
    jobs = [("crash_attr.h5", (HOSTILE / "crash_attr.h5").read_bytes())] * 3
    jobs += [("k_lstm_tagger.h5", None), ("k_text_bigru_masked.h5", None)] * 2
    jobs += [("bad.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 200)]
    with TestClient(create_app(Settings(hdf5_workers=2))) as client:
        with ThreadPoolExecutor(len(jobs)) as pool:
            answers = list(pool.map(lambda job: upload(client, *job), jobs))
        for (name, _), r in zip(jobs, answers, strict=True):
            if name == "crash_attr.h5":
                assert error(r)["type"] == "hdf5_crash"
            elif name == "bad.h5":
                assert error(r)["type"] == "file_invalid"
            else:
                runs_as_keras_ran_it(client, r, name)
        assert len(sandbox.worker_pids()) <= 2


def test_workers_stop_with_the_app():
    with TestClient(create_app(Settings())) as client:
        runs_as_keras_ran_it(client, upload(client, "k_lstm_tagger.h5"))
        pids = sandbox.worker_pids()
        assert pids and all(alive(p) for p in pids)
    assert sandbox.worker_pids() == []
    assert not any(alive(p) for p in pids), pids


def test_the_server_process_never_imports_h5py():
    code = """
import sys
from pathlib import Path
from fastapi.testclient import TestClient
from rnnscope.main import create_app
with TestClient(create_app()) as c:
    for name in ("k_lstm_tagger.h5", "k_lstm_tagger.keras", "k_lstm_tagger.weights.h5"):
        r = c.post("/api/v1/weights/import", files={"file": (name, Path(sys.argv[1], name).read_bytes())})
        assert r.status_code == 200, r.text
print(sorted(m for m in sys.modules if m.split(".")[0] == "h5py"))
"""
    p = subprocess.run([sys.executable, "-c", code, str(MODELS)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-3000:]
    assert p.stdout.strip() == "[]", p.stdout


# --- the pool itself, with stand-ins for a crash and a hang (any function can run in a worker) ---


def test_a_worker_killed_by_a_signal():
    with pytest.raises(InputError) as e:
        sandbox.call("x.h5", "os:abort", (), Limits())
    assert e.value.type == "hdf5_crash"
    assert (
        "x.h5: the HDF5 library failed reading this file (the reader process died: signal 6 SIGABRT)"
        in e.value.msg
    )


def test_a_worker_that_sleeps_is_stopped():
    start = time.monotonic()
    with pytest.raises(InputError) as e:
        sandbox.call("x.h5", "time:sleep", (30,), Limits(hdf5_seconds=0.5))
    assert e.value.type == "hdf5_timeout"
    assert time.monotonic() - start < 5


def test_arrays_cross_the_pipe_intact_and_writable():
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    got = sandbox.call(
        "x", "copy:deepcopy", ({"w": a, "t": a.T, "n": [1.5, None, "s"], "e": a[:0]},), Limits()
    )
    np.testing.assert_array_equal(got["w"], a)
    np.testing.assert_array_equal(got["t"], a.T)
    assert got["w"].dtype == np.float32 and got["w"].flags.writeable
    assert got["n"] == [1.5, None, "s"] and got["e"].shape == (0, 4)


def test_the_server_unpickles_data_only():
    """An answer holding any other object (as a worker a file took over could send) is refused."""
    with pytest.raises(InputError) as e:
        sandbox.call("x.h5", "fractions:Fraction", (1, 3), Limits())
    assert e.value.type == "hdf5_crash" and "fractions.Fraction: not allowed" in e.value.msg, e.value.msg


def test_a_bug_in_a_reader_is_not_blamed_on_the_file():
    with pytest.raises(RuntimeError, match="ValueError: math domain error"):
        sandbox.call("x", "math:sqrt", (-1,), Limits())


def test_a_refusal_comes_back_as_raised_and_the_worker_stays():
    limits = Limits(hdf5_workers=1)
    sandbox.call("x", "math:sqrt", (4,), limits)
    before = sandbox.worker_pids()
    with pytest.raises(InputError) as e:
        sandbox.call(
            "m.h5", "rnnscope.formats.files.keras_files:read_h5", ("m.h5", b"not hdf5", limits), limits
        )
    assert e.value.loc == ("file",) and e.value.type == "file_invalid"
    assert "m.h5 is not an HDF5 file" in e.value.msg
    assert sandbox.worker_pids() == before


def test_all_workers_busy_is_a_503():
    sandbox.shutdown()
    started = threading.Event()
    limits = Limits(hdf5_workers=1, hdf5_seconds=10)

    def hold() -> None:
        started.set()
        sandbox.call("a.h5", "time:sleep", (1.5,), limits)

    t = threading.Thread(target=hold)
    t.start()
    started.wait()
    time.sleep(0.2)
    with pytest.raises(BusyError) as e:
        sandbox.call("b.h5", "math:sqrt", (4,), Limits(hdf5_workers=1, hdf5_seconds=0.3))
    assert e.value.status_code == 503 and "RNNSCOPE_HDF5_WORKERS" in e.value.msg
    t.join()
    assert sandbox.call("b.h5", "math:sqrt", (4,), limits) == 2.0


def test_a_worker_stops_itself_when_no_server_stops_it():
    """SIGALRM at the job's seconds + 2 ends a job even if the server that should kill it is gone."""
    w = sandbox.Worker(Limits())
    try:
        w.wait_ready()
        sandbox.send(w.jobs, ("time:sleep", (30,), 0.1))
        assert w.answers.poll(15)  # the pipe closed: the worker ended
        assert w.died() == "signal 14 SIGALRM"
    finally:
        w.stop(0)


def test_a_worker_that_cannot_start_is_the_servers_fault(monkeypatch):
    monkeypatch.setattr(sandbox, "BOOT", "import sys; sys.exit(3)")
    sandbox.shutdown()
    with pytest.raises(RuntimeError, match=r"the HDF5 reader process did not start \(exit code 3\)"):
        sandbox.call("m.h5", "math:sqrt", (4,), Limits())
    monkeypatch.undo()
    assert sandbox.call("m.h5", "math:sqrt", (4,), Limits()) == 2.0


def test_a_script_without_a_main_guard_reads_an_h5_once(tmp_path):
    """``rnnscope.trace("m.h5", x)`` at a script's top level: the worker is not a multiprocessing
    child, so the script is not run again in it (spawn and forkserver would run it once more)."""
    script = tmp_path / "user_script.py"
    script.write_text(
        "import json, sys, rnnscope\n"
        "print('script ran', flush=True)\n"
        f"e = json.load(open({str(MODELS / 'expected.json')!r}))['k_lstm_tagger.h5']\n"
        f"t = rnnscope.trace({str(MODELS / 'k_lstm_tagger.h5')!r}, e['inputs'])\n"
        "print('h5py' in sys.modules, t.y.shape)\n"
    )
    p = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert p.returncode == 0, p.stderr[-3000:]
    assert p.stdout.splitlines()[0] == "script ran" and p.stdout.count("script ran") == 1, p.stdout
    assert p.stdout.splitlines()[1].startswith("False ("), p.stdout
