from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from rnnscope.main import create_app
from rnnscope.settings import Settings

pytest.register_assert_rewrite("tests.golden")  # its asserts report like the tests' own


@pytest.fixture(scope="session")
def client() -> TestClient:
    return TestClient(create_app(Settings()))


@pytest.fixture
def make_client():
    """A client whose app has the given limits, e.g. ``make_client(max_steps=5)``."""

    def make(**limits: int | str) -> TestClient:
        return TestClient(create_app(Settings(**limits)))

    return make


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, one for the whole session: the browser tests and the notebook tests share
    it (Playwright's sync API runs one instance per thread; a second one would find the first's
    event loop running)."""
    from .browser.conftest import chromium

    yield from chromium()
