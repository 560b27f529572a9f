"""One self-contained HTML file: the visualizer with a network and its trace inside, working from
``file://`` with no server and no network (issue 4). Used by ``rnnscope export`` and by
``POST /api/v1/standalone`` (the page's "Download page").

The page is ``templates/index.html`` rendered in standalone mode: the stylesheets are inlined,
plotly.js's two partial bundles travel gzip-compressed and base64-encoded (1.4 MB for both, against
4.8 MB for the full plotly.min.js; ``static/js/plotly-loader.js`` unpacks the cartesian one when
the plots are drawn and the gl3d one only if the 3-D view is asked for); the app's ES modules travel as a JSON block packed the same way, which a small inline loader
(``static/js/offline/loader.js``) turns into ``blob:`` module URLs, since a file:// page cannot
load module scripts from files. ``api.js`` is swapped for ``api-offline.js``, which answers from
the embedded trace instead of fetching. A Content-Security-Policy ``<meta>`` forbids every
network request (``connect-src 'none'``, no remote script, style, image or font).
"""

from __future__ import annotations

import base64
import gzip
import re
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import orjson
from markupsafe import Markup

from . import __version__
from .resources import PLOTLY_BUNDLES, STYLESHEETS, plotly_bundle_path, resource_dir
from .settings import Settings

# the import specifiers the loader rewrites; keep in step with static/js/offline/loader.js
MODULE_SPEC = re.compile(r"""(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.\.?/[^"'\s]+)\2""")
ENTRY = "main.js"
OFFLINE_API = "api-offline.js"  # becomes "api.js"; the real api.js becomes "api-server.js"
CANONICAL_MAX_PARAMS = 300_000  # as static/js/app.js: the worked step's products up to this size
JSON_TRACE_MAX = 20_000  # trace values up to which the trace is embedded as JSON (else base64)

CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; worker-src blob:; base-uri 'none'; "
    "form-action 'none'"
)  # unsafe-eval: plotly's WebGL traces (3-D state space) compile shaders with Function()


def module_sources(js_dir: Path | None = None) -> dict[str, str]:
    """Every module main.js reaches, path (under static/js) -> source, with the offline api.js.

    Raises RuntimeError on an import of a missing file or an import cycle (the loader could not
    build blob URLs for a cycle)."""
    js_dir = js_dir or resource_dir("static") / "js"

    def read(path: str) -> str:
        if path == "api.js":
            return (js_dir / OFFLINE_API).read_text(encoding="utf-8")
        if path == "api-server.js":
            return (js_dir / "api.js").read_text(encoding="utf-8")
        file = js_dir / path
        if not file.is_file():
            raise RuntimeError(f"static/js/{path} is imported but does not exist")
        return file.read_text(encoding="utf-8")

    sources: dict[str, str] = {}
    state: dict[str, str] = {}  # path -> "open" | "done"

    def visit(path: str, chain: tuple[str, ...]) -> None:
        if state.get(path) == "done":
            return
        if state.get(path) == "open":
            raise RuntimeError("import cycle: " + " -> ".join((*chain, path)))
        state[path] = "open"
        src = read(path)
        sources[path] = src
        base = Path(path).parent
        for m in MODULE_SPEC.finditer(src):
            dep = (base / m.group(3)).as_posix()
            parts: list[str] = []
            for p in dep.split("/"):
                if p == "..":
                    if not parts:
                        raise RuntimeError(f"static/js/{path} imports {m.group(3)}, outside static/js")
                    parts.pop()
                elif p not in ("", "."):
                    parts.append(p)
            visit("/".join(parts), (*chain, path))
        state[path] = "done"

    visit(ENTRY, ())
    return sources


def _script_text(text: str) -> str:
    """Text that is safe inside <script>…</script> (no end tag, no comment opener)."""
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _inline_script(path: Path) -> str:
    return "<script>" + _script_text(path.read_text(encoding="utf-8")) + "</script>"


def _packed_block(element_id: str, data: bytes) -> str:
    """Bytes gzip-compressed and base64-encoded in an inert script block (read by plotly-loader.js
    and offline/loader.js with DecompressionStream)."""
    packed = base64.b64encode(gzip.compress(data, 9, mtime=0)).decode("ascii")
    return f'<script type="application/octet-stream" id="{element_id}">{packed}</script>'


def _json_block(element_id: str, data: bytes) -> str:
    # "<" occurs only inside JSON strings, where \u003c means the same: no "</script" can appear
    return (
        f'<script type="application/json" id="{element_id}">'
        + data.replace(b"<", b"\\u003c").decode("utf-8")
        + "</script>"
    )


@lru_cache(maxsize=2)
def _static_parts(static_hash: str) -> dict[str, str]:
    """The parts of every page that depend only on the installed files (cached per version)."""
    static = resource_dir("static")
    css = "\n".join((static / "css" / n).read_text(encoding="utf-8") for n in STYLESHEETS)
    if "</style" in css.lower():
        raise RuntimeError("a stylesheet contains </style")
    icon = base64.b64encode((static / "favicon.svg").read_bytes()).decode("ascii")
    head = (
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f'<link rel="icon" href="data:image/svg+xml;base64,{icon}">\n'
        f"<style>\n{css}\n</style>"
    )
    modules = orjson.dumps(module_sources(static / "js"))
    return {
        "head": head,
        "modules": _packed_block("rnnscope-modules", modules),  # 0.5 MB of source as 0.15 MB
        "plotly": "\n".join(
            _packed_block(f"rnnscope-plotly-{k}", plotly_bundle_path(k).read_bytes()) for k in PLOTLY_BUNDLES
        ),
        "loader": _inline_script(static / "js" / "offline" / "loader.js"),
        "notebook": _inline_script(static / "js" / "offline" / "notebook.js") + PLOTLY_MISSING,
    }


PLOTLY_MISSING = (
    '<div id="rnnscope-plotly-missing" class="note" hidden style="position:fixed;top:0;left:0;right:0;'
    'z-index:99;padding:8px;background:#fff3cd;color:#5c4400">This view cannot reach plotly.js, which the '
    "first rnnscope display of the notebook carries (this output frame cannot read it): display it with "
    '<code>rnnscope.show(..., plotly="inline")</code>. / 此视图读不到 plotly.js（由笔记本中第一个 rnnscope '
    '输出携带）：请用 <code>rnnscope.show(..., plotly="inline")</code> 显示。</div>'
)


def plotly_carrier() -> str:
    """plotly.js for a notebook's pages: the standalone page's packed bundle blocks (gzip + base64,
    ``rnnscope-plotly-cartesian`` / ``-gl3d``), which static/js/offline/notebook.js copies from the
    notebook's document into each page that does not carry them."""
    from .pages import static_version

    return _static_parts(static_version())["plotly"]


def trace_for(req: Any, settings: Settings) -> tuple[bytes, bytes | None]:
    """Run a validated ForwardRequest: (the /api/v1/forward response as JSON, the canonical
    weights as JSON or None when too many for the worked step). Raises InputError (a LimitError
    or BusyError over a limit), as the API does."""
    from .api.routes.forward import plain_request
    from .encoding import encode
    from .service import convert, response_body, run_forward, trace_values

    plain = plain_request(req)
    net, result, inputs = run_forward(plain, req.model.model_fields_set, settings)
    arch = net.arch
    B, T = result.output.shape[:2]
    encoding = "json" if trace_values(arch, B, T) <= JSON_TRACE_MAX else "base64"
    response = encode(response_body(net, result, inputs, req.options.trace), encoding)
    canonical = None
    if parameter_count(arch) <= CANONICAL_MAX_PARAMS:
        _, weights, _ = convert(
            plain["model"], req.model.model_fields_set, plain["weights"], "canonical", settings
        )
        canonical = encode(weights)
    return response, canonical


def parameter_count(arch: Any) -> int:
    """About how many weights the canonical layout holds (the estimate static/js/app.js uses)."""
    L, D, G = arch.num_layers, arch.num_directions, len(arch.gates)
    H, P, I, O = arch.hidden_size, arch.output_size, arch.input_size, arch.readout_size
    return L * D * G * H * (max(I, D * P) + P + 2) + O * (D * P + 1)


def build_page(
    req: Any,
    *,
    settings: Settings | None = None,
    preset_id: str | None = None,
    view: str = "",
    lang: str | None = None,
    source: str | None = None,
    notebook: str | None = None,
    title: str | None = None,
    compare: Any | None = None,
    compare_preset: str | None = None,
) -> bytes:
    """The standalone HTML page (UTF-8 bytes) for a validated ForwardRequest.

    preset_id: the preset it came from (its title and description are shown); view: the page's
    view keys as a query string ("t=1&unit=0"; never another network: preset and cfg are
    dropped); lang: "en" | "zh" (else the reader's browser chooses); source: the server it was
    saved from; notebook: None (a file), or a page for a notebook's iframe (rnnscope.show) that
    carries plotly.js ("inline") or takes it from the notebook's document ("shared"); title: the
    network's title when it is not a preset (else "A saved network"); compare: run A of a
    comparison (issue 13), a validated ForwardRequest, from the preset compare_preset or not; else
    a ``compare=`` key in view names it (a preset id or an encoded request, app/comparison.py).
    Raises CompareRefError when that key names no network or a network that cannot run."""
    from .presets import all_presets

    settings = settings or Settings.from_env()
    view_keys = parse_qsl(view.lstrip("?"))
    if compare is None:
        ref = next((v for k, v in view_keys if k == "compare"), None)
        if ref:
            compare, compare_preset = compare_request(ref)
    response, canonical = trace_for(req, settings)
    preset = all_presets().get(preset_id or "")
    info = {"id": "saved", "title": "A saved network", "description": "", "cell": req.model.cell}
    if title:  # its own id: "saved" has a translated title that would win
        info = info | {"id": "titled", "title": title}
    if preset:
        info = {k: preset[k] for k in ("title", "description", "cell")} | {"id": preset_id}
    keys = [(k, v) for k, v in view_keys if k not in ("preset", "cfg", "lang", "origin", "compare")]
    query = urlencode(keys + ([("lang", lang)] if lang else []), safe=",")
    data = orjson.dumps(
        {
            "version": __version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "source": source,
            "preset": info,
            "query": query,
            "request": req.model_dump(mode="json", exclude_unset=True),
            "response": orjson.Fragment(response),
            "response_bytes": len(response),
            "canonical": orjson.Fragment(canonical) if canonical is not None else None,
            "compare": compared(compare, compare_preset, settings) if compare is not None else None,
        }
    )
    return _render(data, notebook)


def compare_request(ref: str) -> tuple[Any, str | None]:
    """A ``compare=`` value as (a validated ForwardRequest, its preset id or None). Raises
    CompareRefError, saying what is wrong with it (the first three problems of its request)."""
    from pydantic import ValidationError

    from .api.schemas import ForwardRequest
    from .comparison import CompareRefError, resolve

    body, preset_id = resolve(ref)
    try:
        return ForwardRequest.model_validate(body), preset_id
    except ValidationError as e:
        said = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors()[:3])
        raise CompareRefError(f"its request is not valid: {said}") from None


def compared(req: Any, preset_id: str | None, settings: Settings) -> dict[str, Any]:
    """Run A of a comparison, for the page's data block: its request, trace, canonical weights
    and title (static/js/compare.js reads it in place of the URL's compare=)."""
    from .comparison import CompareRefError
    from .errors import BusyError, InputError, LimitError
    from .presets import all_presets

    try:
        response, canonical = trace_for(req, settings)
    except (LimitError, BusyError):
        raise
    except InputError as e:
        raise CompareRefError(f"{'.'.join(map(str, e.loc))}: {e.msg}") from None
    preset = all_presets().get(preset_id or "")
    title = preset["title"] if preset else "The saved network A"
    return {
        "ref": preset_id,
        "preset": {"id": preset_id or "compare", "title": title, "cell": req.model.cell},
        "request": req.model_dump(mode="json", exclude_unset=True),
        "response": orjson.Fragment(response),
        "response_bytes": len(response),
        "canonical": orjson.Fragment(canonical) if canonical is not None else None,
    }


def _render(data: bytes, notebook: str | None = None) -> bytes:
    """The page around its data block (#rnnscope-data); notebook as in build_page."""
    from .pages import static_version, templates

    parts = _static_parts(static_version())
    scripts = [parts["plotly"]] if notebook in (None, "inline") else []
    if notebook:
        scripts.append(parts["notebook"])
    body = "\n".join((_json_block("rnnscope-data", data), parts["modules"], *scripts, parts["loader"]))
    html = templates.get_template("index.html").render(
        version=__version__,
        static_hash=static_version(),
        standalone={"head": Markup(parts["head"]), "body": Markup(body)},
    )
    return html.encode("utf-8")


def build_lesson_page(
    lesson: dict[str, Any], *, settings: Settings | None = None, step: int = 0, lang: str | None = None
) -> bytes:
    """The standalone page of a validated lesson (issue 14): its steps, and the trace of every
    distinct network they show (``networks``; static/js/api-offline.js answers from the one the
    step shows). Raises InputError (LimitError, BusyError) as the API does."""
    from .api.schemas import ForwardRequest
    from .lessons import step_requests

    settings = settings or Settings.from_env()
    requests, per_step = step_requests(lesson)
    networks = []
    for body in requests:
        req = ForwardRequest.model_validate(body)
        response, canonical = trace_for(req, settings)
        networks.append(
            {
                "request": req.model_dump(mode="json", exclude_unset=True),
                "response": orjson.Fragment(response),
                "response_bytes": len(response),
                "canonical": orjson.Fragment(canonical) if canonical is not None else None,
            }
        )
    first = networks[per_step[0]]
    cell = first["request"]["model"]["cell"]
    query = urlencode([("step", step)] * bool(step) + ([("lang", lang)] if lang else []))
    info = {
        "id": lesson["id"],
        "title": lesson["title"]["en"],
        "description": lesson["summary"]["en"],
        "cell": cell,
    }
    data = orjson.dumps(
        {
            "version": __version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "source": None,
            "preset": info,
            "query": query,
            **first,
            "lesson": lesson,
            "networks": networks,
        }
    )
    return _render(data)
