"""What ``rnnscope.trace``/``show`` accept as a model, turned into the API's ``model`` and ``weights``.

- a ``{"model": ..., "weights": ...}`` dict (the request's own objects);
- a path to a file the importer reads (``app/formats/files``: .pt/.pth state_dicts read without
  unpickling, .keras, .h5, .safetensors, .npz, .json), or a list of paths: the model file and its
  vocabulary (.txt, one token a line);
- a live ``torch.nn.Module`` (see :mod:`.torch_models`) or Keras 3 model (:mod:`.keras_models`).

torch and keras are never imported here: an object is recognised by the modules its classes
come from, and the converter that imports the framework runs only when the user handed one in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


@dataclass
class Source:
    """A model in the API's terms, and how to read the user's inputs for it.

    time_major: the framework's inputs are (T, B, I) (PyTorch's default ``batch_first=False``);
    native_ids: the model has an embedding, so integer inputs are token ids;
    summary: the model in its framework's own words."""

    model: dict[str, Any]
    weights: dict[str, Any]
    time_major: bool = False
    native_ids: bool = False
    summary: str = ""
    warnings: list[str] = field(default_factory=list)
    vocabulary: list[str] | None = None  # a file's vocabulary (the token of each id), if it has one


def framework_of(obj: Any) -> str | None:
    """ "torch" or "keras" when obj is an instance of one of their classes, else None (no import)."""
    for cls in type(obj).__mro__:
        root = cls.__module__.split(".")[0]
        if root == "torch" and cls.__name__ == "Module":
            return "torch"
        if root in ("keras", "tf_keras") and cls.__name__ in ("Model", "Layer", "Operation"):
            return "keras"
    return None


def read_model(model: Any) -> Source:
    """Any accepted model -> Source. Raises TypeError for an object of no known kind, and the
    converters' ValueError for a model the engine cannot run (saying which part)."""
    if isinstance(model, Source):
        return model
    if isinstance(model, Mapping):
        if "model" not in model or "weights" not in model:
            raise TypeError(f'expected a dict with "model" and "weights", got keys {sorted(model)}')
        return Source(dict(model["model"]), dict(model["weights"]), native_ids="embedding" in model["model"])
    if isinstance(model, str | Path) or (
        isinstance(model, list | tuple) and model and all(isinstance(p, str | Path) for p in model)
    ):
        from ..formats.files import read_upload

        paths = [Path(p) for p in ([model] if isinstance(model, str | Path) else model)]
        found = read_upload({p.name: p.read_bytes() for p in paths})
        return Source(found["model"], found["weights"], native_ids="embedding" in found["model"],
                      summary=found.get("summary") or f"file {paths[0].name}",
                      warnings=list(found.get("warnings", [])), vocabulary=found.get("vocabulary"))  # fmt: skip
    kind = framework_of(model)
    if kind == "torch":
        from .torch_models import from_torch

        return from_torch(model)
    if kind == "keras":
        from .keras_models import from_keras

        return from_keras(model)
    raise TypeError(
        "expected a torch.nn.Module, a Keras model, a path to a .safetensors/.npz/.json file or a "
        f'{{"model", "weights"}} dict, got {type(model).__module__}.{type(model).__qualname__}'
    )


def to_numpy(value: Any) -> Any:
    """A torch tensor (or anything array-like) as a NumPy array; str, dict and lists of str as is."""
    if type(value).__module__.split(".")[0] == "torch":
        return value.detach().cpu().numpy()
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):  # tf / keras tensors
        return np.asarray(value.numpy())
    return value


def read_inputs(source: Source, inputs: Any, vocabulary: Any = None) -> Any:
    """The request's ``inputs`` for the user's inputs: numbers (B, T, I) in the model's layout,
    token ids (T,) or (B, T) ((T, B) for a time-major torch model) for a model with an embedding,
    or text: a string or a list of strings (mapped by the API: one-hot, or to ids over the
    vocabulary for a model with an embedding)."""
    inputs = to_numpy(inputs)
    if isinstance(inputs, Mapping):
        if "ids" in inputs and source.native_ids:
            return read_ids(source, np.asarray(inputs["ids"]))
        return dict(inputs)  # as the API takes it (a dict model's embedding may be in its weights alone)
    if isinstance(inputs, str) or (
        isinstance(inputs, list | tuple) and inputs and all(isinstance(s, str) for s in inputs)
    ):
        texts = [inputs] if isinstance(inputs, str) else list(inputs)
        value: dict[str, Any] = {"text": texts[0]} if len(texts) == 1 else {"texts": texts}
        vocabulary = vocabulary if vocabulary is not None else source.vocabulary
        return value | ({"vocabulary": list(vocabulary)} if vocabulary is not None else {})
    a = np.asarray(inputs)
    if source.native_ids and a.dtype.kind in "iu":
        return read_ids(source, a)
    if a.dtype.kind not in "fiub":
        raise TypeError(f"expected numbers, token ids or text as inputs, got an array of {a.dtype}")
    a = a.astype(np.float64)
    if source.time_major and a.ndim == 3:
        a = a.transpose(1, 0, 2)
    return a


def read_ids(source: Source, ids: np.ndarray) -> dict[str, Any]:
    """Token ids (T,) or (B, T) ((T, B) for a time-major torch model) -> ``{"ids": (B, T)}``."""
    if not source.native_ids:
        raise ValueError("token ids need a model with an embedding (nn.Embedding / keras Embedding)")
    if ids.dtype.kind not in "iu" or ids.ndim not in (1, 2):
        raise ValueError(f"expected token ids of shape (T,) or (B, T), got {ids.dtype} {ids.shape}")
    if ids.ndim == 2 and source.time_major:
        ids = ids.T
    return {"ids": (ids if ids.ndim == 2 else ids[None]).astype(np.int64)}
