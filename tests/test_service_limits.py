"""Heavy work cannot stall the server: a time budget, a bounded number of computations at once,
and the event loop free for health checks while a computation runs."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn

from rnnscope.main import create_app
from rnnscope.settings import Settings

LSTM = {"model": {"cell": "lstm", "input_size": 8, "hidden_size": 64}, "weights": {"format": "random"}}


def test_time_budget_stops_the_computation(make_client):
    r = make_client(max_seconds=0.0).post("/api/v1/forward", json={**LSTM, "inputs": [[0.1] * 8] * 300})
    assert r.status_code == 503, r.text
    d = r.json()["detail"][0]
    assert d["ctx"] == {"limit": "RNNSCOPE_MAX_SECONDS", "value": 0.0}
    assert "longer than its budget" in d["msg"] and r.headers["retry-after"]


def test_busy_server_answers_503_after_waiting_its_turn(make_client):
    client = make_client(max_concurrent=1, queue_seconds=0.05)
    gate = client.app.state.gate
    assert gate.slots.acquire(timeout=1)
    try:
        r = client.post("/api/v1/forward", json={**LSTM, "inputs": [[0.1] * 8]})
    finally:
        gate.slots.release()
    assert r.status_code == 503
    assert r.json()["detail"][0]["ctx"]["limit"] == "RNNSCOPE_QUEUE_SECONDS"
    assert client.post("/api/v1/forward", json={**LSTM, "inputs": [[0.1] * 8]}).status_code == 200


@pytest.fixture
def live_server():
    """The app under uvicorn on a free loopback port, in a thread."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        create_app(Settings(max_concurrent=1, max_trace_values=50_000_000, max_work=5_000_000_000)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_health_answers_while_a_heavy_request_runs(live_server):
    heavy = {**LSTM, "model": {**LSTM["model"], "hidden_size": 256}, "inputs": [[0.1] * 8] * 2000,
             "options": {"gradients": True, "encoding": "base64"}}  # fmt: skip
    done = threading.Event()
    status = []

    def post():
        with httpx.Client(timeout=60) as c:
            status.append(c.post(f"{live_server}/api/v1/forward", json=heavy).status_code)
        done.set()

    threading.Thread(target=post, daemon=True).start()
    answered_meanwhile = 0
    with httpx.Client(timeout=5) as c:
        time.sleep(0.05)
        while not done.is_set():
            assert c.get(f"{live_server}/api/v1/health").json()["status"] == "ok"
            if not done.is_set():
                answered_meanwhile += 1
            time.sleep(0.02)
    assert status == [200]
    assert answered_meanwhile >= 3, "health checks should answer while the computation runs"
