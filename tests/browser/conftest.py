"""Browser tests: one uvicorn server and one Chromium for the whole session.

Debian's Chromium is driven through Playwright (its own browser download is never used). Every request
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
        [sys.executable, "-m", "uvicorn", "rnnscope.main:app", "--host", "127.0.0.1", "--port", str(port)],
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
def modules_base_url() -> Iterator[str]:
    """A server whose page loads its ES modules one by one (RNNSCOPE_STATIC_BUNDLE=off): a test
    that imports a page module itself then shares the page's instance of it (and its state)."""
    port = free_port()
    proc = start_server(port, env={"RNNSCOPE_STATIC_BUNDLE": "off"})
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


def chromium() -> Iterator:
    """Debian's Chromium through Playwright (skips the test when it is not installed)."""
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


def open_page(browser, allowed: tuple[str, ...], **context_options):
    """A page in a fresh context that may reach only the `allowed` origins (every other request
    is aborted and recorded in .watch, with console errors, page errors and dialogs)."""
    options = {"viewport": {"width": 1400, "height": 1000}, "service_workers": "block", **context_options}
    context = browser.new_context(**options)
    watch = Watch()

    def route(r):
        url = r.request.url
        if any(url == o or url.startswith(o + "/") for o in allowed):
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
    pg.base = allowed[0] if allowed else ""
    return pg


@pytest.fixture
def page(browser, base_url):
    """A fresh context and page; .watch records console errors, dialogs and stray requests."""
    pg = open_page(browser, (base_url,))
    try:
        yield pg
    finally:
        pg.context.close()


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
    """Wait until the page has drawn a run (the run number, when given, or any): every view, not
    only those in the viewport (data-state="ready" says those; data-drawn="all" the rest)."""
    wait_js(
        pg,
        "n => document.documentElement.dataset.state === 'ready' && +document.documentElement.dataset.run >= n"
        " && document.documentElement.dataset.drawn === 'all'",
        timeout,
        arg=run or 1,
    )


def current_t(pg) -> int:
    return pg.evaluate("window.rnnscope.state.t")


class LessonSite:
    """A course site on a second loopback origin (127.0.0.2): put(path, html, headers) publishes
    a page there; url(path) is its address."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.headers: dict[str, dict[str, str]] = {}
        self.origin = ""

    def put(self, path: str, html: str, headers: dict[str, str] | None = None) -> str:
        (self.root / path).write_text(html, encoding="utf-8")
        self.headers["/" + path] = headers or {}
        return self.url(path)

    def url(self, path: str) -> str:
        return f"{self.origin}/{path}"


@pytest.fixture(scope="session")
def lesson_site(tmp_path_factory) -> Iterator[LessonSite]:
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    site = LessonSite(tmp_path_factory.mktemp("lesson"))

    class Handler(SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            for k, v in site.headers.get(self.path.split("?")[0], {}).items():
                self.send_header(k, v)
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_message(self, *args) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.2", 0), partial(Handler, directory=str(site.root)))
    site.origin = f"http://127.0.0.2:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def run_text(pg, text: str) -> None:
    """Type ``text`` as the input (own vocabulary, no readout) and run it: the hostile-text tests."""
    pg.fill("#in-text", text)
    pg.fill("#in-vocab", "")
    pg.fill("#m-input", "")
    pg.fill("#m-readout", "0")
    pg.click("#run-btn")
    wait_ready(pg, run=2)
