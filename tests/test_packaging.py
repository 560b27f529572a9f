"""The wheel installs the package `rnnscope` (and nothing else at the top level) with its templates,
static files and presets, and the app finds them there."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "--disable-pip-version-check",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("rnnscope-*.whl")
    return path


def test_wheel_contains_the_pages_and_presets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "rnnscope/templates/index.html",
        "rnnscope/static/js/main.js",
        "rnnscope/static/dist/main.js",
        "rnnscope/static/dist/app.css",
        "rnnscope/presets/book-rnn.json",
        "rnnscope/engine/cells.py",
    ):
        assert needed in names, needed


def test_wheel_installs_only_rnnscope(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"rnnscope"}, top


def test_every_subpackage_of_app_is_in_the_wheel(wheel):
    """pyproject.toml lists the subpackages by hand (the rename app -> rnnscope needs it)."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for init in (ROOT / "app").rglob("__init__.py"):
        rel = init.relative_to(ROOT / "app").as_posix()
        assert f"rnnscope/{rel}" in names, f"add the package of {rel} to [tool.setuptools] packages"


def test_installed_wheel_serves_the_page(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = (
        "from fastapi.testclient import TestClient; from rnnscope.main import create_app; import rnnscope.resources as r;"
        "c = TestClient(create_app());"
        f"assert str(r.resource_dir('static')).startswith(r'{tmp_path}'), r.resource_dir('static');"
        "page = c.get('/'); assert page.status_code == 200; assert c.get('/static/js/main.js').status_code == 200;"
        "import re; (js,) = re.findall(r'<script type=.module. src=.([^\"]+/dist/main.js)', page.text);"  # the bundle, current
        "assert c.get(js).status_code == 200;"
        "assert c.get('/vendor/plotly.min.js').status_code == 200;"
        "assert c.get('/api/v1/presets/book-rnn').status_code == 200; print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert result.stdout.strip().endswith("ok"), result.stderr[-2000:]
