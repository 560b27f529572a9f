"""GET /oembed: the oEmbed provider endpoint (https://oembed.com), so that blogs, Moodle and
other consumers turn a pasted rnnscope link into the embedded player."""

from __future__ import annotations

import html
from typing import Literal
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel

from ...presets import all_presets

router = APIRouter(tags=["embedding"])

DEFAULT_SIZE = (800, 640)
MIN_SIZE = (320, 240)


class OEmbed(BaseModel):
    version: Literal["1.0"] = "1.0"
    type: Literal["rich"] = "rich"
    provider_name: str = "rnnscope"
    provider_url: str
    title: str
    html: str
    width: int
    height: int


@router.get(
    "/oembed",
    summary="oEmbed for rnnscope page links",
    responses={
        404: {"description": "Not a link to this server's visualizer."},
        501: {"description": "Only format=json is offered."},
    },
)
def oembed(
    request: Request,
    url: str = Query(..., max_length=16384, description="a link to / or /embed on this server"),
    format: str = Query("json"),
    maxwidth: int | None = Query(None, ge=1),
    maxheight: int | None = Query(None, ge=1),
) -> OEmbed:
    if format != "json":
        raise HTTPException(501, detail=[{"loc": ["query", "format"], "msg": f"only json is offered, got {format!r}",
                                          "type": "not_implemented"}])  # fmt: skip
    base = str(request.base_url).rstrip("/")
    parts = urlsplit(url)
    here = urlsplit(base)
    if (
        parts.scheme not in ("http", "https")
        or parts.netloc != here.netloc
        or parts.path.rstrip("/") not in ("", "/embed")
    ):
        raise HTTPException(404, detail=[{"loc": ["query", "url"], "msg": f"expected a link to {base}/ or {base}/embed, "
                                          f"got {url[:200]!r}", "type": "not_found"}])  # fmt: skip
    query = parse_qs(parts.query, keep_blank_values=True)
    width = max(MIN_SIZE[0], min(DEFAULT_SIZE[0], maxwidth or DEFAULT_SIZE[0]))
    height = max(MIN_SIZE[1], min(DEFAULT_SIZE[1], maxheight or DEFAULT_SIZE[1]))
    src = f"{base}/embed?{urlencode(query, doseq=True)}" if query else f"{base}/embed"
    preset = all_presets().get((query.get("preset") or [""])[0])
    title = f"rnnscope: {preset['title']}" if preset else "rnnscope: a recurrent network, step by step"
    compare = (query.get("compare") or [""])[0]  # a comparison (issue 13): run A, a preset or a request
    if compare:
        other = all_presets().get(compare)
        title += f", compared with {other['title'] if other else 'another network'}"
    iframe = (
        f'<iframe src="{html.escape(src, quote=True)}" width="{width}" height="{height}" '
        f'title="{html.escape(title, quote=True)}" loading="lazy" allow="clipboard-write" '
        'style="border:0;max-width:100%"></iframe>'
    )
    return OEmbed(provider_url=base + "/", title=title, html=iframe, width=width, height=height)
