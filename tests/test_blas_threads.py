"""The server's BLAS threads (RNNSCOPE_BLAS_THREADS, app/engine/blas.py): one per computation by
default, BLAS's own setting with 0, and the numbers the same either way. Each case runs in a
fresh interpreter, since the limit is process-wide."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

PROBE = """
import json
from threadpoolctl import threadpool_info
import numpy
before = {i["internal_api"]: i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}
from rnnscope.main import create_app
from rnnscope.settings import Settings
create_app(Settings.from_env())
after = {i["internal_api"]: i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}
print(json.dumps({"before": before, "after": after}))
"""


def blas_threads(env_value: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "RNNSCOPE_BLAS_THREADS"}
    if env_value is not None:
        env["RNNSCOPE_BLAS_THREADS"] = env_value
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_server_runs_blas_on_one_thread_by_default():
    seen = blas_threads(None)
    assert seen["after"], "numpy's BLAS was not found"
    assert set(seen["after"].values()) == {1}


def test_the_setting_names_the_threads():
    seen = blas_threads("2")
    assert set(seen["after"].values()) == {2}


def test_zero_leaves_blas_as_it_was():
    seen = blas_threads("0")
    assert seen["after"] == seen["before"]


def test_a_setting_that_is_not_a_number_is_refused_by_name():
    env = {**os.environ, "RNNSCOPE_BLAS_THREADS": "many"}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode != 0
    assert "RNNSCOPE_BLAS_THREADS must be a number (int), got 'many'" in out.stderr


def test_the_trace_is_the_same_on_one_thread_and_on_two(client):
    """The limit changes who computes, not what: the same request gives the same numbers (H=512,
    so that OpenBLAS splits a step's product across its threads when it has two)."""
    from threadpoolctl import threadpool_limits

    body = {
        "model": {"cell": "lstm", "input_size": 3, "hidden_size": 512},
        "weights": {"format": "random", "seed": 3},
        "inputs": np.random.default_rng(0).standard_normal((1, 20, 3)).tolist(),
    }
    with threadpool_limits(limits=1, user_api="blas"):
        one = client.post("/api/v1/forward", json=body).json()
    with threadpool_limits(limits=2, user_api="blas"):
        two = client.post("/api/v1/forward", json=body).json()
    np.testing.assert_allclose(np.array(two["output"]), np.array(one["output"]), rtol=0, atol=1e-12)
