"""Model files in, one record out: ``read_upload({name: bytes}, limits)``.

One reader per file type, chosen by the extension of the model file (``READERS``); each is a
pure function from bytes to the record of ``record.build``: ``{"model", "weights" (canonical),
"vocabulary"?, "warnings"?, "summary"}``. An upload may hold several files (the multipart field
``file`` repeated): one model file, plus a vocabulary (``*.txt``, one token a line, or
``vocab*.json``: a list of tokens or a {token: id} map) and the companions a reader asks for by
name (ONNX external data). Nothing in a file is executed; sizes are checked before anything is
inflated (archive.Limits). The Keras readers, which open HDF5 with h5py, run in a worker process
(sandbox.py): a file that crashes the HDF5 library ends the worker, not the server.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import orjson

from . import arrays, onnx_file, pytorch_zip, sandbox, state_dict
from .archive import Limits
from .record import refuse

Files = Mapping[str, bytes]
Reader = Callable[[str, Files, Limits], dict[str, Any]]
PICKLE_ADVICE = (
    "{name} is a plain pickle, and unpickling runs arbitrary code, so rnnscope never opens one. "
    "Save the state_dict with torch instead: `torch.save(model.state_dict(), 'model.pt')` (the whole "
    "model's state_dict, with its embedding and its head), or as safetensors."
)


def _pytorch(name: str, files: Files, limits: Limits) -> dict[str, Any]:
    return state_dict.read(pytorch_zip.read_state_dict(name, files[name], limits))


def _hdf5(reader: str) -> Reader:
    """keras_files.<reader> run in an HDF5 worker process; this process never imports h5py."""
    target = f"{__name__}.keras_files:{reader}"
    return lambda name, files, limits: sandbox.call(name, target, (name, files[name], limits), limits)


def _pickle(name: str, files: Files, limits: Limits) -> dict[str, Any]:
    raise refuse(PICKLE_ADVICE.format(name=name), "pickle_refused")


# (suffix, reader), longest suffixes first: ".weights.h5" before ".h5"
READERS: list[tuple[str, Reader]] = [
    (".pt", _pytorch), (".pth", _pytorch), (".bin", _pytorch), (".ckpt", _pytorch),
    (".pkl", _pickle), (".pickle", _pickle),
    (".keras", _hdf5("read_keras")),
    (".h5", _hdf5("read_h5")),
    (".hdf5", _hdf5("read_h5")),
    (".safetensors", lambda n, f, lim: arrays.recognise(arrays.read_safetensors(f[n]), "safetensors")),
    (".npz", lambda n, f, lim: arrays.recognise(arrays.read_npz(f[n]), "npz")),
    (".json", lambda n, f, lim: arrays.read_json(f[n])),
    (".onnx", lambda n, f, lim: onnx_file.read_onnx(f, lim, name=n)),
]  # fmt: skip
ACCEPTED = [s for s, _ in READERS if s not in (".pkl", ".pickle")] + [".txt (vocabulary)"]


def reader_for(name: str) -> Reader | None:
    lower = name.lower()
    return next((r for s, r in READERS if lower.endswith(s)), None)


def is_vocabulary(name: str) -> bool:
    lower = name.lower().rsplit("/", 1)[-1]
    return lower.endswith(".txt") or (lower.endswith(".json") and "vocab" in lower)


def read_vocabulary(name: str, data: bytes) -> list[str]:
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError as e:
        raise refuse(f"{name} is not UTF-8 text: {e}", loc=("file", name)) from None
    if name.lower().endswith(".txt"):
        tokens = text.split("\n")
        if tokens and tokens[-1] == "":
            tokens.pop()
        return [t.removesuffix("\r") for t in tokens]
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError as e:
        raise refuse(f"{name} is not JSON: {e}", loc=("file", name)) from None
    if isinstance(obj, list) and all(isinstance(t, str) for t in obj):
        return obj
    if isinstance(obj, dict) and all(isinstance(v, int) and not isinstance(v, bool) for v in obj.values()):
        ids = sorted(obj.values())
        if ids != list(range(len(ids))):
            raise refuse(f"{name}: the ids of a {{token: id}} vocabulary must be 0 … n-1", loc=("file", name))
        return [t for t, _ in sorted(obj.items(), key=lambda kv: kv[1])]
    raise refuse(f"{name}: expected a list of tokens or a {{token: id}} map", loc=("file", name))


def read_upload(files: Files, limits: Limits | None = None) -> dict[str, Any]:
    """The record of one upload: its model file read by its reader, its vocabulary added."""
    limits = limits or Limits()
    if not files:
        raise refuse("no file: send the model file in the multipart field 'file'")
    models = [n for n in files if reader_for(n) and not (is_vocabulary(n) and len(files) > 1)]
    if not models:
        names = ", ".join(repr(n) for n in files)
        raise refuse(f"expected a model file ({', '.join(s for s in ACCEPTED)}), got {names}", "file_type")
    if len(models) > 1:
        raise refuse(f"expected one model file per upload, got {', '.join(models)}", "file_type")
    name = models[0]
    record = reader_for(name)(name, files, limits)
    vocabularies = [n for n in files if n != name and is_vocabulary(n)]
    if len(vocabularies) > 1:
        raise refuse(f"expected at most one vocabulary file, got {', '.join(vocabularies)}", "file_type")
    if vocabularies:
        vocab = read_vocabulary(vocabularies[0], files[vocabularies[0]])
        record["vocabulary"] = vocab
        emb = record.get("model", {}).get("embedding")
        if emb and len(vocab) != emb.get("num_embeddings"):
            record.setdefault("warnings", []).append(
                f"{vocabularies[0]} has {len(vocab)} tokens, the embedding {emb.get('num_embeddings')} rows"
            )
    return record
