"""POST /api/v1/weights/import: read a weights file (placeholder until the reader lands)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1", tags=["weights"])
