"""``rnnscope.show``: the visualizer inline in a notebook's output.

A rich display (``_repr_html_``), not a widget: the output is the standalone page
(``app/standalone.py``: modules, styles and the trace inlined, no network) in an ``<iframe srcdoc>``.
Nothing runs in the kernel after the cell ends and no front-end extension is needed, so the same
output works in Notebook 7, JupyterLab 4, VS Code and Colab, in a saved notebook reopened without
a kernel, and in nbconvert's HTML export. The iframe isolates the page's CSS and ES modules from
the notebook's (the page cannot break JupyterLab's styles, nor RequireJS break it).

plotly.js travels once: the first display of a kernel session (and again when the cell that
carried it runs again, which replaces its outputs) also writes the standalone page's packed
plotly.js blocks (gzip + base64, 1.4 MB for both partial bundles) into the notebook's document
(never run there); every page, in its srcdoc iframe (same origin as its parent), copies them
into its own document and runs plotly.js in its own window (``static/js/offline/notebook.js``).
Colab puts each output in its own cross-origin frame, so there (``plotly="auto"``) each page carries its own copy; ``plotly="inline"`` does so anywhere.
"""

from __future__ import annotations

import hashlib
import html
import sys
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import numpy as np

from ..settings import Settings

# Which output carries plotly.js: the cell whose output it is in (its id, or its source where the
# front end sends no cell ids, as nbclient; "" in plain Python), None when no output carries it
# (yet, or since that cell ran again).
_session: dict[str, Any] = {"carrier": None, "hooked": False}


def _cell_key(cell_id: Any, code: Any) -> str:
    if cell_id:
        return f"id:{cell_id}"
    return "source:" + hashlib.sha256(str(code).encode("utf-8")).hexdigest()


def _ipython() -> Any:
    """The running IPython shell, or None (IPython is never imported here)."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def _before_cell(info: Any) -> None:
    """IPython's pre_run_cell: a cell that runs again replaces its outputs, so when it is the
    cell that carries plotly.js the next display carries it again."""
    if _cell_key(getattr(info, "cell_id", None), getattr(info, "raw_cell", "")) == _session["carrier"]:
        _session["carrier"] = None


def needs_carrier() -> bool:
    """Whether this display must carry plotly.js for the notebook, and remember that it does."""
    ipython = _ipython()
    if ipython is not None and not _session["hooked"]:
        ipython.events.register("pre_run_cell", _before_cell)
        _session["hooked"] = True
    if _session["carrier"] is not None:
        return False
    cell = ""
    if ipython is not None and hasattr(ipython, "kernel"):
        parent = ipython.kernel.get_parent() or {}
        cell = _cell_key(parent.get("metadata", {}).get("cellId"), parent.get("content", {}).get("code", ""))
    _session["carrier"] = cell
    return True


def jsonable(value: Any) -> Any:
    """NumPy arrays (anywhere in a request) as nested lists."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Mapping):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def in_colab() -> bool:
    return "google.colab" in sys.modules


class View:
    """One display of the visualizer. ``_repr_html_`` is what a notebook shows; ``page(plotly)``
    the page itself; ``save(path)`` writes a standalone page that opens with no server."""

    def __init__(self, request: dict[str, Any], *, view: str, lang: str | None, height: int,
                 plotly: str, preset_id: str | None, settings: Settings | None, title: str | None = None):  # fmt: skip
        from ..api.schemas import ForwardRequest

        if plotly not in ("auto", "inline", "shared"):
            raise ValueError(f'plotly: expected "auto", "inline" or "shared", got {plotly!r}')
        self.request = ForwardRequest.model_validate(jsonable(request))
        self.view, self.lang, self.height, self.plotly = view, lang, height, plotly
        self.preset_id, self.settings, self.title = preset_id, settings, title
        self._pages: dict[str, bytes] = {}
        self.page("shared")  # run it now: a bad request raises here, in the user's cell

    def page(self, plotly: str) -> bytes:
        from ..standalone import build_page

        if plotly not in self._pages:
            self._pages[plotly] = build_page(self.request, settings=self.settings, preset_id=self.preset_id,
                                             view=self.view, lang=self.lang, notebook=plotly,
                                             title=self.title)  # fmt: skip
        return self._pages[plotly]

    def save(self, path: str) -> None:
        """A standalone page (plotly.js inside) that opens from file:// with no server."""
        from ..standalone import build_page

        page = build_page(self.request, settings=self.settings, preset_id=self.preset_id, view=self.view,
                          lang=self.lang, title=self.title)  # fmt: skip
        with open(path, "wb") as f:
            f.write(page)

    def _repr_html_(self) -> str:
        mode = self.plotly
        if mode == "auto":
            mode = "inline" if in_colab() else "shared"
        carrier = ""
        if mode == "shared" and needs_carrier():
            from ..standalone import plotly_carrier

            carrier = plotly_carrier()
        srcdoc = html.escape(self.page(mode).decode("utf-8"), quote=True)
        frame = (
            f'<iframe class="rnnscope-view" srcdoc="{srcdoc}" title="rnnscope" loading="eager" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ddd;border-radius:4px" '
            'allow="fullscreen"></iframe>'
        )
        return carrier + frame


def show(
    model: Any,
    inputs: Any = None,
    *,
    views: Any = None,
    t: int | None = None,
    lang: str | None = None,
    height: int = 700,
    plotly: str = "auto",
    settings: Settings | None = None,
    **options: Any,
) -> View:
    """The visualizer for ``model`` on ``inputs``, inline in the notebook (the last expression of
    a cell, or ``IPython.display.display(...)``): the player, every view and the worked step.

    model, inputs and options (gradients=, initial_state=, vocabulary=, dtype=) as for
    :func:`rnnscope.trace`; model may also be a :class:`rnnscope.Trace` or a request dict with its
    ``inputs`` (``rnnscope.preset("book-rnn")``). views: the panels besides the player, e.g.
    ["worked", "diagram", "heatmaps"] or "diagram,lines" (default: every one; the names of the
    page's ``views=`` key: worked, diagram, heatmaps, lines, trajectory, outputs, table, export,
    gradients); t: the step shown first; lang: "en" | "zh";
    height: the iframe's first height in px (it then follows the page); plotly: "auto" | "inline"
    | "shared" (see the module's docstring)."""
    from .tracing import Trace, build_request

    preset_id, title = None, None
    if isinstance(model, Trace):
        request, title = model.request, model.summary or None
    else:
        if inputs is None and isinstance(model, Mapping) and "inputs" in model:
            inputs = model["inputs"]
            preset_id = model.get("preset")
        if inputs is None:
            raise TypeError("show() needs inputs (or a Trace, or a request dict that has them)")
        request, source = build_request(model, inputs, **options)
        title = source.summary or None
    if not isinstance(model, Trace) and not options.get("gradients"):
        request["options"].pop("gradients", None)
    keys = []
    if views:
        names = views.split(",") if isinstance(views, str) else list(views)
        keys.append(("views", ",".join(["player", *(v for v in names if v != "player")])))
    if t is not None:
        keys.append(("t", int(t)))
    return View(request, view=urlencode(keys, safe=","), lang=lang, height=height, plotly=plotly,
                preset_id=preset_id, settings=settings, title=title)  # fmt: skip
