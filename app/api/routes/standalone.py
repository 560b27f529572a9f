"""POST /api/v1/standalone: one self-contained HTML page with a network and its trace, for
course sites and LMS file areas; it works from file:// with no server (the page's "Download
page", and ``rnnscope export`` on the command line)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response

from ...comparison import CompareRefError
from ...standalone import build_page
from ..gate import compute_turn
from ..orjson_route import OrjsonRoute
from ..schemas import ForwardRequest
from .forward import ERRORS

router = APIRouter(prefix="/api/v1", tags=["embedding"], route_class=OrjsonRoute)


@router.post(
    "/standalone",
    response_class=Response,
    responses={
        200: {"content": {"text/html": {}}, "description": "The HTML page, as an attachment."},
        **ERRORS,
    },
    summary="A self-contained HTML page of a network (no server needed to open it)",
)
def standalone(
    req: ForwardRequest,
    request: Request,
    preset: str | None = Query(
        None, pattern=r"^[A-Za-z0-9_.-]{1,64}$", description="the preset it came from"
    ),
    state: str = Query(
        "", max_length=4000, pattern=r"^[A-Za-z0-9_.,=&%+-]*$", description="view keys, e.g. t=1&unit=0"
    ),
    lang: Literal["en", "zh"] | None = Query(None, description="the page's language (default: the reader's)"),
) -> Response:
    """The body is a `/api/v1/forward` request. The page carries plotly.js, the app and the trace
    (about 5 MB plus the trace); it never calls this API. A `compare=` key in `state` (a preset
    id or an encoded request, as the page's URL has it) adds run A of a comparison."""
    settings = request.app.state.settings
    with compute_turn(request):
        try:
            page = build_page(
                req, settings=settings, preset_id=preset, view=state, lang=lang, source=str(request.base_url)
            )
        except CompareRefError as e:  # compare= in state: the network to compare with (issue 13)
            raise HTTPException(422, detail=[{"loc": ["query", "state", "compare"], "msg": str(e),
                                              "type": "value_error"}]) from None  # fmt: skip
    name = f"rnnscope-{preset or 'network'}.html"
    return Response(
        page,
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
