"""GET /api/v1/presets and /api/v1/presets/{id}."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from ...presets import all_presets, preset_request
from ..schemas import PresetInfo

router = APIRouter(prefix="/api/v1", tags=["presets"])


@router.get("/presets", summary="List the ready-made networks")
async def list_presets() -> list[PresetInfo]:
    return [
        PresetInfo(**{k: p[k] for k in ("id", "title", "description", "cell")})
        for p in all_presets().values()
    ]


@router.get(
    "/presets/{preset_id}",
    summary="A preset as a complete /api/v1/forward request body",
    responses={404: {"description": "No preset has this id."}},
)
async def get_preset(preset_id: str) -> dict[str, Any]:
    request = preset_request(preset_id)
    if request is None:
        known = ", ".join(all_presets())
        raise HTTPException(404, detail=[{"loc": ["path", "preset_id"], "msg": f"no preset {preset_id!r}; known: {known}",
                                          "type": "not_found"}])  # fmt: skip
    return request
