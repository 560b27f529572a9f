"""The page's code as one script and one stylesheet (static/dist, scripts/bundle.py; issue 11).

A fresh page named ~65 modules and 9 stylesheets, and headless Chromium on the bench machine
spends 3-5 ms on each request; the bundle is esbuild's output, committed, and used only while it
was built from the sources as they are."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rnnscope.pages import static_version
from rnnscope.settings import Settings
from rnnscope.staticbundle import BUNDLE_CSS, BUNDLE_JS, bundle_is_current, sources_digest, stamped_digest

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
IMMUTABLE = "public, max-age=31536000, immutable"


def test_the_committed_bundle_is_built_from_the_sources():
    digest = sources_digest(STATIC)
    for name in (BUNDLE_JS, BUNDLE_CSS):
        assert stamped_digest(STATIC / name) == digest, (
            f"static/{name} was built from other sources than static/js and static/css hold now: "
            "run `.venv/bin/python scripts/bundle.py` and commit static/dist"
        )


def esbuild_or_skip() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from bundle import cached_esbuild
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    if not os.environ.get("ESBUILD") and not cached_esbuild().is_file():
        if os.environ.get("CI"):
            pytest.fail("esbuild is missing: scripts/test fetches it with `scripts/bundle.py --fetch`")
        pytest.skip("esbuild not fetched (no network when scripts/test ran `scripts/bundle.py --fetch`)")


def test_the_bundle_is_esbuilds_output_byte_for_byte():
    """A rebuild by the pinned esbuild from the sources gives the committed files exactly: the
    bundle holds nothing the sources do not (no hand edit, no stale module)."""
    esbuild_or_skip()
    r = subprocess.run(
        [sys.executable, "scripts/bundle.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr


def test_the_stylesheet_bundle_is_the_stylesheets_in_cascade_order():
    from rnnscope.resources import STYLESHEETS

    css = (STATIC / BUNDLE_CSS).read_text(encoding="utf-8")
    at = -1
    for name in STYLESHEETS:
        text = (STATIC / "css" / name).read_text(encoding="utf-8").rstrip("\n")
        found = css.find(f"/* static/css/{name} */\n{text}\n")
        assert found > at, name
        at = found


def test_the_page_names_the_bundle_cached_for_a_year(client):
    html = client.get("/?preset=book-rnn").text
    version = static_version()
    scripts = re.findall(r'<script type="module" src="([^"]+)"', html)
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts == [f"/static/v/{version}/{BUNDLE_JS}"]
    assert sheets == [f"/static/v/{version}/{BUNDLE_CSS}"]
    assert "modulepreload" not in html
    for url, kind in ((scripts[0], "text/javascript"), (sheets[0], "text/css")):
        r = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200 and r.headers["cache-control"] == IMMUTABLE, url
        assert r.headers["content-type"].startswith(kind)
        assert r.headers["content-encoding"] == "gzip"
        assert r.content == (STATIC / url.split(f"/static/v/{version}/", 1)[1]).read_bytes()
    embed = client.get("/embed?preset=book-rnn").text
    assert re.findall(r'<script type="module" src="([^"]+)"', embed) == scripts
    # outside the page's version: revalidated, as every other static file
    assert client.get(f"/static/{BUNDLE_JS}").headers["cache-control"] == "no-cache"
    for bad in (
        f"/static/v/{version}/dist/nope.js",
        f"/static/v/{version}/dist/%2e%2e/js/main.js",
        "/static/dist/x.txt",
    ):
        assert client.get(bad).status_code == 404, bad


def test_the_bundle_is_used_only_while_it_matches_the_sources(tmp_path):
    """An edited module or stylesheet makes the bundle stale (the page then names the modules),
    as does a bundle file that is missing or carries no stamp."""
    static = tmp_path / "static"
    for sub in ("js", "css", "dist"):
        shutil.copytree(STATIC / sub, static / sub)
    assert bundle_is_current(static)
    worked = static / "js" / "render" / "worked.js"
    saved = worked.read_bytes()
    worked.write_bytes(saved + b"\n// edited\n")
    assert not bundle_is_current(static)
    worked.write_bytes(saved)
    assert bundle_is_current(static)
    (static / "css" / "phone.css").write_text("a{}", encoding="utf-8")
    assert not bundle_is_current(static)
    shutil.copy(STATIC / "css" / "phone.css", static / "css" / "phone.css")
    (static / "js" / "new.js").write_text("export const x = 1;\n", encoding="utf-8")
    assert not bundle_is_current(static)
    (static / "js" / "new.js").unlink()
    (static / BUNDLE_CSS).write_text("/* no stamp */", encoding="utf-8")
    assert not bundle_is_current(static)
    (static / BUNDLE_CSS).unlink()
    assert not bundle_is_current(static)


def test_a_stale_bundle_or_the_setting_off_gives_the_modules(make_client, monkeypatch):
    from rnnscope import pages

    def names_modules(client) -> bool:
        html = client.get("/").text
        return f'src="/static/v/{static_version()}/js/main.js"' in html and "modulepreload" in html

    assert not names_modules(make_client())
    assert names_modules(make_client(static_bundle="off"))
    monkeypatch.setattr(pages, "bundle_is_current", lambda root: False)
    pages.bundled.cache_clear()
    try:
        assert names_modules(make_client())
    finally:
        pages.bundled.cache_clear()


def test_a_module_edited_while_the_server_runs_is_served_at_the_next_page(client, tmp_path, monkeypatch):
    """The page stops naming the bundle as soon as a module differs from what it was built from
    (no restart), and names it again once the module is as it was."""
    from rnnscope import pages

    static = tmp_path / "static"
    for sub in ("js", "css", "dist"):
        shutil.copytree(STATIC / sub, static / sub)
    original = pages.resource_dir
    monkeypatch.setattr(pages, "resource_dir", lambda name: static if name == "static" else original(name))
    monkeypatch.setattr(pages, "STATS_SECONDS", 0.0)  # look at the files at every page

    def names_bundle() -> bool:
        return f"/{BUNDLE_JS}" in client.get("/?preset=book-rnn").text

    assert names_bundle()
    worked = static / "js" / "render" / "worked.js"
    saved = worked.read_bytes()
    worked.write_bytes(saved.replace(b"export", b"export ", 1))
    assert not names_bundle()
    worked.write_bytes(saved)
    assert names_bundle()


def test_the_setting_takes_auto_or_off():
    assert Settings.from_env({"RNNSCOPE_STATIC_BUNDLE": "off"}).static_bundle == "off"
    with pytest.raises(ValueError, match="RNNSCOPE_STATIC_BUNDLE must be auto or off, got 'no'"):
        Settings.from_env({"RNNSCOPE_STATIC_BUNDLE": "no"})
