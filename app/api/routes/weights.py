"""POST /api/v1/weights/import: a weights file in, ``{"model", "weights"}`` out."""

from __future__ import annotations

from fastapi import APIRouter, Request, UploadFile

from ...service import load_network, resolved_model
from ...weightfiles import read_file
from ..gate import compute_turn
from ..schemas import ModelAndWeights
from .forward import ERRORS

router = APIRouter(prefix="/api/v1", tags=["weights"])


@router.post("/weights/import", responses=ERRORS, summary="Import a .safetensors, .npz or .json weights file")
def import_weights(file: UploadFile, request: Request) -> ModelAndWeights:
    """The format (pytorch, keras, tf1, book) is recognised from the tensor names, the cell and
    sizes from their shapes. Pickle files (.pt, .pth, .pkl) are refused with a 422 that says
    how to save a state_dict as safetensors; they are never unpickled."""
    found = read_file(file.filename or "", file.file.read())
    model = {"cell": "rnn", **found["model"]}
    if model["cell"] not in ("rnn", "lstm", "gru"):
        model["cell"] = "rnn"
    with compute_turn(request):
        net = load_network(model, set(found["model"]), found["weights"], request.app.state.settings)
    return ModelAndWeights(model=resolved_model(net.arch), weights=found["weights"])
