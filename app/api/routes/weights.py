"""POST /api/v1/weights/import: model files in, a /api/v1/forward body (without inputs) out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Request, Response, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from ...errors import InputError
from ...formats.files import ACCEPTED, read_upload
from ...formats.files.archive import Limits
from ...formats.files.record import dumps
from ...service import load_network, resolved_model
from ..errors import clean_loc
from ..gate import compute_turn
from ..schemas import ModelSpec, Weights
from .forward import ERRORS

router = APIRouter(prefix="/api/v1", tags=["weights"])
STREAM_FROM = 1 << 22  # bytes: answers larger than this are sent in slices of this size


class ImportedModel(BaseModel):
    """What a model file holds, as a /api/v1/forward body without its inputs."""

    model: dict[str, Any] = Field(
        description="the model object (docs/API.md): architecture, sizes, activations"
    )
    weights: dict[str, Any] = Field(description="canonical weights (or, for .json, the format sent)")
    vocabulary: list[str] | None = Field(
        None, description="tokens of a vocab.txt / vocab.json sent beside the model"
    )
    warnings: list[str] | None = Field(None, description="what the file did not say and was assumed")
    summary: str = Field(description="the architecture in the framework's own words")
    initial_state: dict[str, Any] | None = Field(
        None, description='{"h", "c"}: initial states an ONNX file holds as initializers, (L·D, B, H)'
    )


@router.post(
    "/weights/import",
    response_class=Response,
    responses={
        200: {"model": ImportedModel, "description": "A /api/v1/forward body without inputs."},
        **ERRORS,
    },
    summary="Import a model file: " + ", ".join(ACCEPTED),
)
def import_weights(
    request: Request,
    file: list[UploadFile] = File(description="the model file, plus a vocabulary or companion files"),  # noqa: B008
) -> Response:
    """PyTorch ``torch.save(state_dict)`` (.pt/.pth/.bin, read by a restricted unpickler: anything but
    tensors is refused, never run), Keras (.keras, .h5, .weights.h5, a get_weights() list as JSON),
    .safetensors, .npz, .json. Repeat the field ``file`` to send a vocab.txt beside the model."""
    files: dict[str, bytes] = {}
    for f in file:
        name = f.filename or ""
        if name in files:
            raise InputError(("file",), f"two files are named {name!r}", "file_type")
        files[name] = f.file.read()
    settings = request.app.state.settings
    limits = Limits(
        settings.max_uncompressed_bytes, settings.max_compression_ratio,
        settings.max_onnx_values, settings.max_onnx_nodes,
        settings.hdf5_seconds, settings.hdf5_workers, settings.hdf5_memory_bytes,
    )  # fmt: skip
    found = read_upload(files, limits)
    files.clear()  # the arrays are views of what the reader kept: the raw upload can go
    model, weights = validated(found)
    with compute_turn(request):
        arch = load_network(model.model_dump(), model.model_fields_set, weights, settings).arch
    # the engine's copy is gone before the answer is written: memory peaks at one of the two
    if found["weights"].get("format") != "canonical":  # names of another format: say the sizes found
        found["model"] = resolved_model(arch)
    body = dumps(found)
    del found
    if len(body) <= STREAM_FROM:
        return Response(body, media_type="application/json")
    # a large answer goes out in slices of its one buffer, so the server never holds a second copy
    view = memoryview(body)
    chunks = (view[i : i + STREAM_FROM] for i in range(0, len(view), STREAM_FROM))
    return StreamingResponse(chunks, media_type="application/json")


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
