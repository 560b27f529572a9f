"""Where the templates and static files are: inside the package when installed from a wheel
(``app/static``, ``app/templates``), beside it in a source checkout (``static/``, ``templates/``)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

# The page's stylesheets under static/css, in cascade order: index.html links them and the
# standalone page inlines the same list (phone.css last: its rules override the others).
STYLESHEETS = (
    "app.css",
    "embedding.css",
    "openmodel.css",
    "lesson.css",
    "perf.css",
    "compare.css",
    "edit.css",
    "canvasplot.css",
    "phone.css",
)


def resource_dir(name: str) -> Path:
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"rnnscope cannot find its {name!r} folder next to {PACKAGE_DIR}")


def plotly_js_path() -> Path:
    """plotly.min.js as shipped inside the installed ``plotly`` Python package (no CDN)."""
    import plotly

    path = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js not found in the installed plotly package at {path}")
    return path


PLOTLY_BUNDLES = {"cartesian": "plotly-cartesian.min.js", "gl3d": "plotly-gl3d.min.js"}


def plotly_bundle_path(kind: str) -> Path:
    """A plotly.js partial bundle vendored from npm (static/vendor/plotly, see its README.md)."""
    path = resource_dir("static") / "vendor" / "plotly" / PLOTLY_BUNDLES[kind]
    if not path.is_file():
        raise FileNotFoundError(f"the plotly.js {kind} bundle is missing at {path}")
    return path
