"""POST /api/v1/convert: the same weights in another framework's layout."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ...service import convert as convert_weights
from ...service import resolved_model
from ..gate import compute_turn
from ..orjson_route import OrjsonRoute
from ..schemas import ConvertRequest, ModelAndWeights
from .forward import ERRORS

router = APIRouter(prefix="/api/v1", tags=["weights"], route_class=OrjsonRoute)


@router.post("/convert", responses=ERRORS, summary="Convert weights between formats")
def convert(req: ConvertRequest, request: Request) -> ModelAndWeights:
    """A 422 (at `to`, or at the model field) where the target cannot express the network,
    e.g. a reset-before GRU to PyTorch or an LSTM projection to Keras."""
    weights = {k: v for k, v in req.weights if v is not None}
    with compute_turn(request):
        net, out, notes = convert_weights(req.model.model_dump(), req.model.model_fields_set, weights, req.to,
                                          request.app.state.settings)  # fmt: skip
    return ModelAndWeights(model=resolved_model(net.arch), weights=out, warnings=notes)
