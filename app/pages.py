"""HTML pages: the visualizer at ``/`` and, for iframes, ``/embed``; plotly.js's partial bundles
(vendored under ``static/vendor/plotly``: cartesian for every 2-D plot, gl3d for the 3-D state
space, issue 11) and the full ``plotly.min.js`` of the installed ``plotly`` package.

The page is a static Jinja2 shell; everything it shows is drawn by the ES modules under
``static/js`` from the JSON API. Nothing from the request is rendered into the HTML but the
page's own URL, escaped, in the oEmbed discovery link, and for ``?preset=ID`` the API's answers
about that shipped preset as an inert JSON block (app/bootdata.py, issue 11); the template has
no inline script, inline style or inline event handler (ready for a strict CSP).
"""

from __future__ import annotations

import gzip
import hashlib
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from . import __version__
from .bootdata import boot_block
from .resources import STYLESHEETS, plotly_bundle_path, plotly_js_path, resource_dir
from .staticbundle import BUNDLE_CSS, BUNDLE_JS, bundle_is_current, source_files

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


STATS_SECONDS = 1.0  # how long a look at the page's files holds
_stats: tuple[float, tuple] = (-1e9, ())


def source_stats() -> tuple[tuple[str, int, int], ...]:
    """(path, size, mtime) of the page's modules, stylesheets and bundle files, looked at again
    after STATS_SECONDS (80 stat calls, about 1 ms): a module edited while the server runs is
    seen by the next page a second later."""
    global _stats
    now = time.monotonic()
    if now - _stats[0] < STATS_SECONDS:
        return _stats[1]
    root = resource_dir("static")
    out = []
    for path in [*source_files(root), root / BUNDLE_JS, root / BUNDLE_CSS]:
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    _stats = (now, tuple(out))
    return _stats[1]


@lru_cache(maxsize=4)
def bundled(stats: tuple[tuple[str, int, int], ...]) -> bool:
    """static/dist holds the page's code built from the sources as they are (app/staticbundle.py:
    their digest, computed again only when a file's size or mtime changed)."""
    return bundle_is_current(resource_dir("static"))


def page_context(request: Request, **extra: object) -> dict[str, object]:
    """What index.html needs: versions, the page's scripts and stylesheets (the bundle, or the
    modules and stylesheets one by one) and the plotly bundles' URLs."""
    version = static_version()
    base = f"/static/v/{version}/"
    if request.app.state.settings.static_bundle != "off" and bundled(source_stats()):
        script, modules, stylesheets = base + BUNDLE_JS, [], [base + BUNDLE_CSS]
    else:
        script = base + "js/main.js"
        modules = [base + "js/" + m for m in preload_modules(version)]
        stylesheets = [base + "css/" + name for name in STYLESHEETS]
    return {
        "script": script,
        "modules": modules,
        "stylesheets": stylesheets,
        "version": __version__,
        "plotly_src": f"/vendor/plotly-cartesian.min.js?v={plotly_bundle('cartesian')[1]}",
        "plotly3d_src": f"/vendor/plotly-gl3d.min.js?v={plotly_bundle('gl3d')[1]}",
        "static_hash": version,
        **extra,
    }


@lru_cache(maxsize=1)
def static_snapshot() -> dict[str, tuple[int, int]]:
    """Every static file (path under static/) -> (size, mtime_ns), as the server found them first."""
    root = resource_dir("static")
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[p.relative_to(root).as_posix()] = (st.st_size, st.st_mtime_ns)
    return out


@lru_cache(maxsize=1)
def static_version() -> str:
    """A hash of the static files' names, sizes and mtimes: changes whenever one of them does."""
    h = hashlib.sha256(__version__.encode())
    for name, (size, mtime) in static_snapshot().items():
        h.update(f"{name}:{size}:{mtime}".encode())
    return h.hexdigest()[:12]


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """The visualizer. State comes from the query string, read by the page's scripts."""
    boot = boot_block(dict(request.query_params), request.app.state.settings)
    return templates.TemplateResponse(
        request, "index.html", page_context(request, boot=boot), headers={"Cache-Control": "no-cache"}
    )


@router.get("/embed", response_class=HTMLResponse)
def embed(request: Request) -> HTMLResponse:
    """The visualizer with minimal chrome, for iframes on course pages (the same URL keys as
    ``/`` plus ``views``, ``autoplay`` and ``origin``); framable per RNNSCOPE_FRAME_ANCESTORS."""
    boot = boot_block(dict(request.query_params), request.app.state.settings)
    return templates.TemplateResponse(
        request,
        "index.html",
        page_context(request, embed=True, boot=boot),
        headers={"Cache-Control": "no-cache"},
    )


@router.api_route("/vendor/plotly.min.js", methods=["GET", "HEAD"])
def vendor_plotly(request: Request) -> Response:
    """plotly.js from the installed Python package: no CDN, the app works offline."""
    return asset_response(request, plotly_js()[0], IMMUTABLE)


@router.api_route("/vendor/plotly-cartesian.min.js", methods=["GET", "HEAD"])
def vendor_plotly_cartesian(request: Request) -> Response:
    """plotly.js's cartesian partial bundle (npm plotly.js-cartesian-dist-min): every 2-D plot."""
    return asset_response(request, plotly_bundle("cartesian")[0], IMMUTABLE)


@router.api_route("/vendor/plotly-gl3d.min.js", methods=["GET", "HEAD"])
def vendor_plotly_gl3d(request: Request) -> Response:
    """plotly.js's gl3d partial bundle (npm plotly.js-gl3d-dist-min): the 3-D state space only."""
    return asset_response(request, plotly_bundle("gl3d")[0], IMMUTABLE)


# The page's modules, stylesheets and plotly.js from memory (issue 11): a page asks for ~60 of
# them at once, and Starlette's StaticFiles spends thread hops on each (stat, open, read); here
# they are answered from bytes read once (and read again when the file changes). Each is sent
# gzip-compressed to a client that accepts it, compressed once per file version: plotly.js's
# cartesian bundle is 1.5 MB and 0.5 MB gzipped, the page's modules and stylesheets 0.6 MB and
# 0.15 MB, which a course site's readers feel on a real network. The /forward answer is not
# compressed (float64 numbers hardly shrink, and compressing would cost the server its time).
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@dataclass(frozen=True)
class Asset:
    data: bytes
    gzipped: bytes
    etag: str  # of the plain bytes; the gzip variant's is etag + "-gzip" (another representation)


@lru_cache(maxsize=256)
def _asset(path: Path, mtime_ns: int, size: int) -> Asset:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:32]
    # mtime=0: the same file gives the same bytes (and the same ETag) on every server
    return Asset(data, gzip.compress(data, compresslevel=9, mtime=0), f'"{digest}"')


def accepts_gzip(header: str) -> bool:
    """Accept-Encoding names gzip (or *) with a weight above 0 (RFC 9110 §12.5.3)."""
    weights: dict[str, float] = {}
    for part in header.lower().split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name:
            weights[name] = q
    return weights.get("gzip", weights.get("*", 0.0)) > 0


def asset_response(
    request: Request, path: Path, cache_control: str, media: str = "text/javascript"
) -> Response:
    """The file's bytes (gzipped when the client accepts it) with its ETag, or a 304."""
    st = path.stat()
    asset = _asset(path, st.st_mtime_ns, st.st_size)
    zipped = accepts_gzip(request.headers.get("accept-encoding", ""))
    etag = asset.etag[:-1] + '-gzip"' if zipped else asset.etag
    headers = {"ETag": etag, "Cache-Control": cache_control, "Vary": "Accept-Encoding"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if zipped:
        headers["Content-Encoding"] = "gzip"
    return Response(asset.gzipped if zipped else asset.data, media_type=media, headers=headers)


def static_file(request: Request, folder: str, name: str, version: str | None = None) -> Response:
    """static/<folder>/<name>. Under a versioned URL (``/static/v/<static_version()>/…``, the one
    the page names) a file the server has not seen change is cached for a year, so a second page,
    a second embed on a course page or a reload fetch none of the page's files again; any other
    URL, or a file edited since the server started, is revalidated (``no-cache``), so the
    modules of a page never mix versions."""
    root = (resource_dir("static") / folder).resolve()
    try:
        path = (root / name).resolve()
        media = MEDIA_TYPES.get(path.suffix)
        if media is None or not path.is_relative_to(root) or not path.is_file():
            raise FileNotFoundError(name)
        cache = "no-cache"
        if version is not None and version == static_version():
            st = path.stat()
            rel = path.relative_to(resource_dir("static").resolve()).as_posix()
            if static_snapshot().get(rel) == (st.st_size, st.st_mtime_ns):
                cache = IMMUTABLE
        return asset_response(request, path, cache, media)
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system
        return Response("Not Found", status_code=404, media_type="text/plain")


# static/<folder>/… and, as the page names them, static/v/<version>/<folder>/… (relative imports
# between modules stay under the version)
STATIC_FOLDERS = {
    "js": "the page's ES modules",
    "css": "the page's stylesheets",
    "dist": "the modules and stylesheets as one file each (scripts/bundle.py), what the page loads",
}


def _static_routes(folder: str, what: str) -> None:
    async def plain(request: Request, name: str) -> Response:
        return static_file(request, folder, name)

    async def versioned(request: Request, version: str, name: str) -> Response:
        return static_file(request, folder, name, version)

    plain.__doc__ = f"static/{folder}/*: {what}."
    versioned.__doc__ = f"static/{folder}/* under the page's static version: {what}."
    router.add_api_route(f"/static/{folder}/{{name:path}}", plain, methods=["GET", "HEAD"])
    router.add_api_route(f"/static/v/{{version}}/{folder}/{{name:path}}", versioned, methods=["GET", "HEAD"])


for _folder, _what in STATIC_FOLDERS.items():
    _static_routes(_folder, _what)


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for it whatever the page says; answer with the SVG icon rather than a 404."""
    return FileResponse(
        resource_dir("static") / "favicon.svg",
        media_type="image/svg+xml",
        headers={"Cache-Control": IMMUTABLE},
    )
