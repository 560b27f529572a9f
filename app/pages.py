"""HTML pages: the visualizer at ``/`` and, for iframes, ``/embed``; plotly.js's partial bundles
(vendored under ``static/vendor/plotly``: cartesian for every 2-D plot, gl3d for the 3-D state
space, issue 11) and the full ``plotly.min.js`` of the installed ``plotly`` package.

The page is a static Jinja2 shell; everything it shows is drawn by the ES modules under
``static/js`` from the JSON API. Nothing from the request is rendered into the HTML but the
page's own URL, escaped, in the oEmbed discovery link; the template has no inline script,
inline style or inline event handler (ready for a strict CSP).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from . import __version__
from .resources import plotly_bundle_path, plotly_js_path, resource_dir

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resource_dir("templates")))

# A year; the URL carries a content hash, so a new plotly build gets a new URL.
IMMUTABLE = "public, max-age=31536000, immutable"


@lru_cache(maxsize=1)
def plotly_js() -> tuple[Path, str]:
    """The path of plotly.min.js and a short hash of its bytes (the cache-busting query)."""
    path = plotly_js_path()
    return path, hashlib.sha256(path.read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=2)
def plotly_bundle(kind: str) -> tuple[Path, str]:
    """The vendored partial bundle ("cartesian" | "gl3d") and a short hash of its bytes."""
    path = plotly_bundle_path(kind)
    return path, hashlib.sha256(path.read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=2)
def preload_modules(static_hash: str) -> list[str]:
    """Every ES module main.js reaches (paths under static/js), for <link rel="modulepreload">:
    the browser fetches them all at once instead of one import depth at a time."""
    from .standalone import module_sources

    return sorted(m for m in module_sources() if m not in ("main.js", "api-server.js"))


def page_context(**extra: object) -> dict[str, object]:
    """What index.html needs: versions, the modules to preload and the plotly bundles' URLs."""
    return {
        "modules": preload_modules(static_version()),
        "version": __version__,
        "plotly_src": f"/vendor/plotly-cartesian.min.js?v={plotly_bundle('cartesian')[1]}",
        "plotly3d_src": f"/vendor/plotly-gl3d.min.js?v={plotly_bundle('gl3d')[1]}",
        "static_hash": static_version(),
        **extra,
    }


@lru_cache(maxsize=1)
def static_version() -> str:
    """A hash of the static files' names, sizes and mtimes: changes whenever one of them does."""
    h = hashlib.sha256(__version__.encode())
    root = resource_dir("static")
    for p in sorted(root.rglob("*")):
        if p.is_file():
            st = p.stat()
            h.update(f"{p.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:12]


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """The visualizer. State comes from the query string, read by the page's scripts."""
    return templates.TemplateResponse(
        request, "index.html", page_context(), headers={"Cache-Control": "no-cache"}
    )


@router.get("/embed", response_class=HTMLResponse)
def embed(request: Request) -> HTMLResponse:
    """The visualizer with minimal chrome, for iframes on course pages (the same URL keys as
    ``/`` plus ``views``, ``autoplay`` and ``origin``); framable per RNNSCOPE_FRAME_ANCESTORS."""
    return templates.TemplateResponse(
        request, "index.html", page_context(embed=True), headers={"Cache-Control": "no-cache"}
    )


@router.get("/vendor/plotly.min.js")
def vendor_plotly() -> FileResponse:
    """plotly.js from the installed Python package: no CDN, the app works offline."""
    return FileResponse(plotly_js()[0], media_type="text/javascript", headers={"Cache-Control": IMMUTABLE})


@router.get("/vendor/plotly-cartesian.min.js")
def vendor_plotly_cartesian() -> FileResponse:
    """plotly.js's cartesian partial bundle (npm plotly.js-cartesian-dist-min): every 2-D plot."""
    return FileResponse(
        plotly_bundle("cartesian")[0], media_type="text/javascript", headers={"Cache-Control": IMMUTABLE}
    )


@router.get("/vendor/plotly-gl3d.min.js")
def vendor_plotly_gl3d() -> FileResponse:
    """plotly.js's gl3d partial bundle (npm plotly.js-gl3d-dist-min): the 3-D state space only."""
    return FileResponse(
        plotly_bundle("gl3d")[0], media_type="text/javascript", headers={"Cache-Control": IMMUTABLE}
    )


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for it whatever the page says; answer with the SVG icon rather than a 404."""
    return FileResponse(
        resource_dir("static") / "favicon.svg",
        media_type="image/svg+xml",
        headers={"Cache-Control": IMMUTABLE},
    )
