"""Browser tests: one uvicorn server and one Chromium for the whole session.

Debian's Chromium is driven through Playwright (never ``playwright install``). Every request
that is not for the test server is aborted and recorded, so a test can assert that nothing
left 127.0.0.1; console errors and page errors are recorded the same way.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    """uvicorn on 127.0.0.1:port in a child process; returns once /api/v1/health answers."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uvicorn exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("uvicorn did not start within 30 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stderr:
        proc.stderr.close()


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    port = free_port()
    proc = start_server(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Watch:
    """What a page did that a test may want to forbid."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self, allow: tuple[str, ...] = ()) -> None:
        """No page error, dialog or outside request; no console error but those containing `allow`."""
        assert self.page_errors == [], self.page_errors
        errors = [e for e in self.console_errors if not any(a in e for a in allow)]
        assert errors == [], errors
        assert self.external_requests == [], self.external_requests
        assert self.dialogs == [], self.dialogs


@pytest.fixture
def page(browser, base_url):
    """A fresh context and page; .watch records console errors, dialogs and stray requests."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
    watch = Watch()
    origin = base_url + "/"

    def route(r):
        url = r.request.url
        if url.startswith(origin) or url == base_url:
            r.continue_()
        else:
            watch.external_requests.append(url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    pg.on("pageerror", lambda e: watch.page_errors.append(str(e)))

    def on_dialog(d):
        watch.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.watch = watch
    pg.base = base_url
    try:
        yield pg
    finally:
        context.close()


def wait_js(pg, expression: str, timeout: float = 10.0, arg=None) -> None:
    """Poll a JS expression until it is truthy.

    (``page.wait_for_function`` evaluates its predicate with ``eval``, which the app's
    Content-Security-Policy forbids; ``page.evaluate`` goes through the debugger protocol.)
    """
    deadline = time.monotonic() + timeout
    while True:
        value = pg.evaluate(expression, arg) if arg is not None else pg.evaluate(expression)
        if value:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for: {expression}")
        pg.wait_for_timeout(40)


def wait_ready(pg, run: int | None = None, timeout: float = 30.0) -> None:
    """Wait until the page has drawn a run (the run number, when given, or any)."""
    wait_js(
        pg,
        "n => document.documentElement.dataset.state === 'ready' && +document.documentElement.dataset.run >= n",
        timeout,
        arg=run or 1,
    )


def current_t(pg) -> int:
    return pg.evaluate("window.rnnscope.state.t")
