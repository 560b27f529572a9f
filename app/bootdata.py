"""What a page for ``/?preset=ID`` (or ``/embed?preset=ID``) would ask the API for first, put in
the page itself (issue 11): the preset list, the preset's request body, the forward trace of
that body and its canonical weights (for the worked step). The page then shows the network
without a round trip: no request waits on another.

Each answer is exactly the API's: the same functions build them (``trace_for``, as the
standalone page does). The page uses the trace and the weights only when the body it is about
to send equals ``forward_request`` (static/js/bootdata.js compares them); otherwise it asks the
server as before. Nothing from the URL but a preset id that exists is used, and that id picks
a file the server ships: the page's HTML is the same for everyone who asks for it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import orjson

from .presets import all_presets, preset_request
from .settings import Settings

MAX_PRESET_BYTES = 64_000  # a bigger preset (a trained char model) is fetched as before
MAX_ANSWER_BYTES = 256_000  # the trace and the weights, as JSON, at most


def preset_list() -> list[dict[str, Any]]:
    """GET /api/v1/presets' answer."""
    return [{k: p[k] for k in ("id", "title", "description", "cell")} for p in all_presets().values()]


@lru_cache(maxsize=64)
def boot_json(preset_id: str, settings: Settings) -> bytes | None:
    """The page's boot block for a preset as JSON bytes, or None when there is no such preset.
    Cached: a preset is a file the server ships and its trace is deterministic."""
    from .api.schemas import ForwardRequest
    from .standalone import trace_for

    body = preset_request(preset_id)
    if body is None:
        return None
    data: dict[str, Any] = {"presets": preset_list(), "preset": {"id": preset_id, "body": body}}
    if len(orjson.dumps(body)) <= MAX_PRESET_BYTES:
        # as the page sends it for a small trace (finalOptions in static/js/app.js): JSON encoding
        sent = {**body, "options": {**(body.get("options") or {}), "encoding": "json"}}
        try:
            req = ForwardRequest.model_validate(sent)
            response, canonical = trace_for(req, settings)
        except ValueError:  # InputError (a limit), a pydantic ValidationError
            response = None  # over a limit here, or invalid: the page asks and shows the API's error
        # trace_for answers in JSON up to JSON_TRACE_MAX values, in base64 ("bdata") beyond: the
        # page asks for JSON only for a small trace, so a base64 answer is not one it would get
        small = response is not None and len(response) + len(canonical or b"") <= MAX_ANSWER_BYTES
        if small and b'"bdata":' not in response:
            data["forward"] = {
                "request": sent,
                "response": orjson.Fragment(response),
                "bytes": len(response),
                "canonical": orjson.Fragment(canonical) if canonical is not None else None,
            }
    return orjson.dumps(data)


def boot_block(query: dict[str, str], settings: Settings) -> str | None:
    """The text of the page's ``<script type="application/json" id="rnnscope-boot">`` for its
    query string, or None: only ``preset=ID`` of a shipped preset, with no ``cfg`` or lesson
    (those choose another network). ``<`` is escaped, so the text cannot close the element."""
    preset_id = query.get("preset")
    if not preset_id or any(k in query for k in ("cfg", "lesson", "lesson_url")):
        return None
    data = boot_json(preset_id, settings)
    return None if data is None else data.decode().replace("<", "\\u003c")
