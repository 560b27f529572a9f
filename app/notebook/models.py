"""What ``rnnscope.trace``/``show`` accept as a model, turned into the API's ``model`` and ``weights``.

- a ``{"model": ..., "weights": ...}`` dict (the request's own objects);
- a path to a file the importer reads (.safetensors, .npz, .json: ``app/weightfiles.py``);
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
    embedding: (V, E) for a model whose first layer looks token ids up (applied to the inputs,
    as nn.Embedding / keras Embedding do, until the model-v2 engine takes it over);
    summary: the model in its framework's own words."""

    model: dict[str, Any]
    weights: dict[str, Any]
    time_major: bool = False
    embedding: np.ndarray | None = None
    native_ids: bool = False  # the model has an embedding the engine applies: ids go as {"ids": …}
    summary: str = ""
    warnings: list[str] = field(default_factory=list)


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
        return Source(dict(model["model"]), dict(model["weights"]))
    if isinstance(model, str | Path):
        from ..weightfiles import read_file

        path = Path(model)
        found = read_file(path.name, path.read_bytes())
        return Source(found["model"], found["weights"], summary=f"file {path.name}")
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
    token ids (looked up in the embedding), a string or a list of strings (text)."""
    inputs = to_numpy(inputs)
    if isinstance(inputs, Mapping):
        if "ids" in inputs:
            return read_ids(source, np.asarray(inputs["ids"]))
        return dict(inputs)
    if isinstance(inputs, str) or (
        isinstance(inputs, list | tuple) and inputs and all(isinstance(s, str) for s in inputs)
    ):
        texts = [inputs] if isinstance(inputs, str) else list(inputs)
        if source.embedding is None and not source.native_ids:
            key = {"text": texts[0]} if len(texts) == 1 else {"texts": texts}
            return key | ({"vocabulary": vocabulary} if vocabulary is not None else {})
        if vocabulary is None:
            raise ValueError("text for a model with an embedding needs vocabulary= (the token of each id)")
        index = {tok: i for i, tok in enumerate(vocabulary)}
        missing = sorted({ch for t in texts for ch in t} - set(index))
        if missing:
            raise ValueError(f"characters not in the vocabulary: {missing[:5]!r}")
        if len({len(t) for t in texts}) != 1:
            raise ValueError(f"expected texts of one length, got {[len(t) for t in texts]}")
        return read_ids(source, np.array([[index[ch] for ch in t] for t in texts]), batch_major=True)
    a = np.asarray(inputs)
    if (source.embedding is not None or source.native_ids) and a.dtype.kind in "iu":
        return read_ids(source, a)
    if a.dtype.kind not in "fiub":
        raise TypeError(f"expected numbers, token ids or text as inputs, got an array of {a.dtype}")
    a = a.astype(np.float64)
    if source.time_major and a.ndim == 3:
        a = a.transpose(1, 0, 2)
    return a


def read_ids(source: Source, ids: np.ndarray, batch_major: bool = False) -> np.ndarray:
    """Token ids (T,) or (B, T) ((T, B) for a time-major torch model) -> the vectors E[id]."""
    if source.native_ids:
        if ids.ndim == 2 and source.time_major and not batch_major:
            ids = ids.T
        return {"ids": (ids if ids.ndim == 2 else ids[None]).astype(np.int64)}
    if source.embedding is None:
        raise ValueError("token ids need a model with an embedding (nn.Embedding / keras Embedding)")
    if ids.dtype.kind not in "iu" or ids.ndim not in (1, 2):
        raise ValueError(f"expected token ids of shape (T,) or (B, T), got {ids.dtype} {ids.shape}")
    V = len(source.embedding)
    if ids.size and (ids.min() < 0 or ids.max() >= V):
        raise ValueError(f"expected token ids in 0..{V - 1}, got {ids.min()}..{ids.max()}")
    if ids.ndim == 2 and source.time_major and not batch_major:
        ids = ids.T
    return source.embedding[ids if ids.ndim == 2 else ids[None]]
