"""/docs (Swagger UI), served from the installed ``fastapi-offline`` package's copy of its
assets instead of FastAPI's default CDN: the app needs no internet, and the pages run
under the same strict CSP as the rest (their start-up code is a static file, not inline)."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter
from fastapi.responses import HTMLResponse

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
router = APIRouter(include_in_schema=False)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rnnscope API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/static/favicon.svg">{head}</head>
<body><div id="{root}"></div>{scripts}</body></html>"""


@router.get("/docs")
async def swagger() -> HTMLResponse:
    return HTMLResponse(PAGE.format(
        head='<link rel="stylesheet" href="/vendor/apidocs/swagger-ui.css">',
        root="swagger-ui",
        scripts='<script src="/vendor/apidocs/swagger-ui-bundle.js"></script><script src="/static/js/apidocs.js"></script>',
    ))  # fmt: skip
