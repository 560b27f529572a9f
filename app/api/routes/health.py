"""GET /api/v1/health."""

from __future__ import annotations

from fastapi import APIRouter

from ... import __version__
from ..schemas import Health

router = APIRouter(prefix="/api/v1", tags=["health"])


@router.get("/health")
async def health() -> Health:
    return Health(status="ok", version=__version__)
