"""POST /api/v1/weights/import: a weights file in, ``{"model", "weights"}`` out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, UploadFile
from pydantic import TypeAdapter, ValidationError

from ...errors import InputError
from ...service import load_network, resolved_model
from ...weightfiles import read_file
from ..errors import clean_loc
from ..gate import compute_turn
from ..schemas import ModelAndWeights, ModelSpec, Weights
from .forward import ERRORS

router = APIRouter(prefix="/api/v1", tags=["weights"])


@router.post(
    "/weights/import",
    responses=ERRORS,
    summary="Import a .safetensors, .npz or .json weights file",
)
def import_weights(file: UploadFile, request: Request) -> ModelAndWeights:
    """The format (pytorch, keras, tf1, book) is recognised from the tensor names, the cell and
    sizes from their shapes. Pickle files (.pt, .pth, .pkl) are refused with a 422 that says
    how to save a state_dict as safetensors; they are never unpickled."""
    found = read_file(file.filename or "", file.file.read())
    model, weights = validated(found)
    with compute_turn(request):
        net = load_network(model.model_dump(), model.model_fields_set, weights, request.app.state.settings)
    return ModelAndWeights(model=resolved_model(net.arch), weights=found["weights"])


WEIGHTS = TypeAdapter(Weights)


def validated(found: dict[str, Any]) -> tuple[ModelSpec, dict[str, Any]]:
    """The file's model and weights checked by the same models as a /forward body, with errors
    located under ``file``."""
    parts = {}
    for part, check in (("model", ModelSpec.model_validate), ("weights", WEIGHTS.validate_python)):
        try:
            parts[part] = check(found[part])
        except ValidationError as e:
            err = e.errors()[0]
            raise InputError(("file", *clean_loc((part, *err["loc"]))), err["msg"], err["type"]) from None
    return parts["model"], {k: v for k, v in parts["weights"] if v is not None}
