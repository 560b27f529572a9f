"""The page's ES modules and stylesheets as one file each (issue 11).

A fresh page asked for ~65 modules and 9 stylesheets; headless Chromium on the 2-core bench
machine spends 3-5 ms on each request whatever the server (74 fetches of a fixed 2 KB answer
from a bare asyncio server: 190-380 ms), so the book page waited about 0.5 s for its own code.
``scripts/bundle.py`` bundles ``static/js/main.js`` with esbuild into ``static/dist/main.js`` and
joins the stylesheets (in ``STYLESHEETS`` order) into ``static/dist/app.css``. Both files start
with a stamp naming a digest of the sources they were built from; the page uses them only while
that digest is the sources' own (``bundle_is_current``), and otherwise names the modules and
stylesheets one by one, as a checkout whose modules were edited after the last bundle needs.
The sources stay the small modules; the bundle is a build product, committed so that neither
the server nor an installation needs node or esbuild.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .resources import STYLESHEETS

BUNDLE_JS = "dist/main.js"
BUNDLE_CSS = "dist/app.css"
STAMP_PREFIX = "/* rnnscope static bundle, sources sha256:"


def source_files(static_root: Path) -> list[Path]:
    """What the bundle is built from: every module under static/js and the stylesheets the page
    links, in a fixed order."""
    files = sorted(p for p in (static_root / "js").rglob("*.js") if p.is_file())
    return files + [static_root / "css" / name for name in STYLESHEETS]


def sources_digest(static_root: Path) -> str:
    """sha256 over the source files (names and bytes): any edit of the page's code changes it."""
    h = hashlib.sha256()
    for path in source_files(static_root):
        data = path.read_bytes()
        h.update(f"{path.relative_to(static_root).as_posix()}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def stamp(digest: str, tool: str) -> str:
    """The first line of both bundle files."""
    return f"{STAMP_PREFIX}{digest} ({tool}; made by scripts/bundle.py, do not edit) */\n"


def stamped_digest(path: Path) -> str | None:
    """The digest a bundle file's first line names, or None (no file, no stamp)."""
    try:
        with path.open("rb") as f:
            first = f.readline(400).decode("utf-8", "replace")
    except OSError:
        return None
    if not first.startswith(STAMP_PREFIX):
        return None
    return first[len(STAMP_PREFIX) :].split(" ", 1)[0] or None


def bundle_is_current(static_root: Path) -> bool:
    """Both bundle files exist and were built from the sources as they are now."""
    digest = sources_digest(static_root)
    return all(stamped_digest(static_root / name) == digest for name in (BUNDLE_JS, BUNDLE_CSS))
