"""Keras files: ``.keras`` (Keras 3 zip), ``.h5`` (legacy ``model.save``), ``.weights.h5`` alone.

The config is JSON read as data (``config.json`` in a .keras, the ``model_config`` attribute of
a legacy .h5), the weights are HDF5 datasets read with h5py (hdf5.H5: links checked first).
Never ``keras.models.load_model``.

Where the weights sit:
- Keras 3 (``model.weights.h5`` in a .keras, and ``save_weights`` files):
  ``layers/<name>/vars/<i>``, a recurrent layer's under ``layers/<name>/cell/vars``, a
  Bidirectional's under ``forward_layer/cell`` then ``backward_layer/cell``.
- legacy .h5: ``model_weights/<name>/<weight name>`` in the order of the group's
  ``weight_names`` attribute, the layers in the order of ``layer_names``.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import orjson

from .archive import Archive, Limits
from .hdf5 import H5
from .keras_layers import RECURRENT, Layer, layers_of, network, weight_counts
from .record import refuse

CHILD_ORDER = {"cell": 0, "forward_layer": 1, "backward_layer": 2}


def _config(name: str, text: Any) -> Any:
    try:
        return orjson.loads(text)
    except (orjson.JSONDecodeError, TypeError) as e:
        raise refuse(f"{name}: the Keras config is not JSON ({e})") from None


def keras3_arrays(h5: H5, group: Any) -> list[np.ndarray]:
    """A layer's arrays in get_weights() order from a Keras 3 weights group."""
    out: list[np.ndarray] = []
    vars_ = group.get("vars")
    if vars_ is not None:
        for key in sorted(vars_.keys(), key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k)):
            out.append(h5.array(vars_[key].name))
    children = [k for k in group if k != "vars"]
    for key in sorted(children, key=lambda k: (CHILD_ORDER.get(k, 9), k)):
        child = group[key]
        if hasattr(child, "keys"):
            out += keras3_arrays(h5, child)
    return out


def _expect(layer: Layer, arrays: list[np.ndarray], count: int, source: str) -> list[np.ndarray]:
    if len(arrays) != count:
        raise refuse(
            f"{source}: layer {layer.name!r} ({layer.class_name}) has {len(arrays)} weight arrays, expected {count}",
            "shape_error",
        )
    return arrays


def read_keras(name: str, data: bytes | bytearray, limits: Limits) -> dict[str, Any]:
    """A Keras 3 ``.keras`` zip: config.json + model.weights.h5."""
    if bytes(data[:2]) != b"PK":
        raise refuse(f"{name} is not a .keras file: model.save('m.keras') writes a zip archive")
    archive = Archive(name, data, limits)
    for member in ("config.json", "model.weights.h5"):
        if member not in archive.names():
            raise refuse(f"{name} has no {member}: expected a zip written by Keras 3 model.save('m.keras')")
    kind, layers = layers_of(_config(name, archive.read("config.json")))
    h5 = H5(f"{name}/model.weights.h5", archive.read("model.weights.h5"), limits)
    keys = saved_names(layers)
    source = f"{name}/model.weights.h5"

    def arrays_of(k: int, layer: Layer) -> list[np.ndarray]:
        count = weight_counts([layer])[0]
        group = h5.group(f"layers/{keys[k]}")
        if group is None:
            if count == 0:
                return []
            raise refuse(f"{source}: no weights for layer {layer.name!r} (expected layers/{keys[k]})")
        return _expect(layer, keras3_arrays(h5, group), count, source)

    try:
        return network(kind, layers, arrays_of, "Keras")
    finally:
        h5.close()


def snake_case(name: str) -> str:
    """keras.src.utils.naming.to_snake_case."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()


def saved_names(layers: list[Layer]) -> list[str]:
    """The group of each layer in a Keras 3 weights file: not the layer's name but its class in
    snake_case, numbered in model order (lstm, lstm_1, dense …), as keras.saving writes them."""
    seen: dict[str, int] = {}
    out = []
    for layer in layers:
        base = snake_case(layer.class_name)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(base if n == 0 else f"{base}_{n}")
    return out


def read_h5(name: str, data: bytes | bytearray, limits: Limits) -> dict[str, Any]:
    """A legacy ``model.save('m.h5')`` (model_config attribute), or a Keras 3 ``.weights.h5``."""
    h5 = H5(name, data, limits)
    try:
        config = h5.attr(h5.file, "model_config")
        if config is None:
            if h5.group("layers") is not None:
                return _weights_only(h5, name)
            raise refuse(
                f"{name} has no model_config: expected a Keras model.save('m.h5') file or a Keras 3 "
                "save_weights('m.weights.h5') file (Keras 2 weight-only .h5 files are not read)"
            )
        kind, layers = layers_of(_config(name, config))
        root = h5.group("model_weights") or h5.file

        def arrays_of(_k: int, layer: Layer) -> list[np.ndarray]:
            count = weight_counts([layer])[0]
            group = h5.group(f"{root.name.rstrip('/')}/{layer.name}")
            if group is None:
                if count == 0:
                    return []
                raise refuse(f"{name}: no weights for layer {layer.name!r}")
            names = h5.attr(group, "weight_names") or []
            arrays = [h5.array(f"{group.name}/{w}") for w in names]
            return _expect(layer, arrays, count, name)

        return network(kind, layers, arrays_of, "Keras")
    finally:
        h5.close()


# --- .weights.h5 alone: the layer types from the group names and the shapes -------------------

CELL_NAMES = {"simple_rnn_cell": "SimpleRNN", "lstm_cell": "LSTM", "gru_cell": "GRU"}
GATES_OF = {1: "SimpleRNN", 4: "LSTM", 3: "GRU"}


def _suffix(name: str) -> int:
    m = re.search(r"_(\d+)$", name)
    return int(m[1]) if m else 0


def _recurrent_type(h5: H5, group: Any, arrays: list[np.ndarray]) -> str:
    cell = group.get("cell") or group.get("forward_layer/cell")
    vars_ = cell.get("vars") if cell is not None else None
    label = h5.attr(vars_, "name") if vars_ is not None else None
    if isinstance(label, str) and label in CELL_NAMES:
        return CELL_NAMES[label]
    k, rk = arrays[0], arrays[1]
    return GATES_OF.get(rk.shape[1] // max(rk.shape[0], 1), "?") if k.ndim == rk.ndim == 2 else "?"


def _weights_only(h5: H5, name: str) -> dict[str, Any]:
    layers_group = h5.group("layers")
    found: list[tuple[str, str, list[np.ndarray]]] = []  # (class, name, arrays)
    for key in sorted(layers_group.keys(), key=lambda k: (re.sub(r"_\d+$", "", k), _suffix(k))):
        group = layers_group[key]
        arrays = keras3_arrays(h5, group)
        if not arrays:
            continue  # Dropout, InputLayer …
        if group.get("forward_layer") is not None:
            cls = "Bidirectional"
        elif group.get("cell") is not None:
            cls = _recurrent_type(h5, group, arrays)
        elif len(arrays) == 1 and arrays[0].ndim == 2 and re.match(r"embedding", key):
            cls = "Embedding"
        elif arrays[0].ndim == 2 and len(arrays) <= 2:
            cls = "Dense"
        else:
            raise refuse(
                f"{name}: cannot tell what layer {key!r} is from its weights {[list(a.shape) for a in arrays]}"
            )
        found.append((cls, key, arrays))
    ordered = _chain(found, name)
    warnings = [
        f"{name} holds weights only: the layer types are read from their names and shapes "
        f"({', '.join(f'{n}: {c}' for c, n, _ in ordered)}) and the layer order from the shapes",
        "activations are not in a .weights.h5: Keras' defaults are assumed (tanh and sigmoid in the "
        "recurrent layers, none in Dense layers); set model.layers[k].activations and model.head[k].activation "
        "if the model used others",
        "return_sequences is not in a .weights.h5: the head runs on every step (set model.head_on to "
        '"final" for a model whose last recurrent layer had return_sequences=False)',
        "go_backwards, merge_mode and mask_zero are not in a .weights.h5: forward layers, concat and no "
        "masking are assumed",
    ]
    layers: list[Layer] = []
    for cls, key, arrays in ordered:
        if cls == "Bidirectional":
            inner = _recurrent_type(h5, layers_group[key], arrays)
            units = arrays[1].shape[0]
            cfg = {"layer": {"class_name": inner, "config": {"units": units, "return_sequences": True}}}
            cfg["layer"]["config"]["reset_after"] = arrays[2].ndim == 2 if len(arrays) > 2 else True
        elif cls in RECURRENT:
            cfg = {"units": arrays[1].shape[0], "return_sequences": True, "use_bias": len(arrays) > 2}
            if cls == "GRU":
                cfg["reset_after"] = arrays[2].ndim == 2 if len(arrays) > 2 else True
        elif cls == "Dense":
            cfg = {"units": arrays[0].shape[1], "use_bias": len(arrays) > 1}
        else:
            cfg = {}
        layers.append(Layer(cls, key, cfg))
    by_name = {key: arrays for _, key, arrays in ordered}
    return network("weights", layers, lambda _k, layer: by_name[layer.name], "Keras", warnings)


def _chain(
    found: list[tuple[str, str, list[np.ndarray]]], name: str
) -> list[tuple[str, str, list[np.ndarray]]]:
    """Embedding, then recurrent layers, then Dense layers, each following the one whose output it takes."""
    embeddings = [f for f in found if f[0] == "Embedding"]
    recurrent = [f for f in found if f[0] in RECURRENT or f[0] == "Bidirectional"]
    dense = [f for f in found if f[0] == "Dense"]
    if len(embeddings) > 1:
        raise refuse(f"{name}: more than one embedding ({[f[1] for f in embeddings]})")
    out = list(embeddings)
    width = embeddings[0][2][0].shape[1] if embeddings else None
    for group in (recurrent, dense):
        left = list(group)
        while left:
            fits = [f for f in left if width is None or f[2][0].shape[0] == width]
            if not fits:
                raise refuse(
                    f"{name}: cannot chain the layers by their shapes: none of {[f[1] for f in left]} "
                    f"takes {width} features"
                )
            f = fits[0]
            out.append(f)
            left.remove(f)
            if f[0] == "Bidirectional":
                width = 2 * f[2][1].shape[0]
            elif f[0] == "Dense":
                width = f[2][0].shape[1]
            else:
                width = f[2][1].shape[0]
    return out
