"""A Keras ``model.get_weights()`` list as JSON, with the model's layer types.

    {"keras_layers": ["Embedding", "LSTM", "Dense"],          # class names, in model order, or
     "keras_layers": [{"class_name": "LSTM", "config": {...}}, …],   # model.get_config()["layers"]
     "keras_config": json.loads(model.to_json()),             # or the whole model config
     "weights": [w.tolist() for w in model.get_weights()]}

With class names only, each layer takes the arrays it owns in get_weights() order (Embedding 1,
SimpleRNN/LSTM/GRU 3, Bidirectional 6, Dense 2, Dropout 0), its size from their shapes and
Keras' default activations; every recurrent layer returns sequences (the head runs on every
step). Those assumptions are listed in ``warnings``. With configs, the configs say it all.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common import as_array
from .keras_layers import RECURRENT, Layer, layers_of, network, weight_counts
from .record import refuse


def read(obj: dict[str, Any]) -> dict[str, Any]:
    raw = obj.get("weights")
    if not isinstance(raw, list):
        raise refuse('expected "weights": the list model.get_weights() returns, each array as nested lists')
    arrays = [as_array(w, ("file", "weights", i)) for i, w in enumerate(raw)]
    warnings: list[str] = []
    if "keras_config" in obj:
        kind, layers = layers_of(obj["keras_config"])
    else:
        entries = obj["keras_layers"]
        if not isinstance(entries, list) or not entries:
            raise refuse(
                'expected "keras_layers": a list of class names or layer configs',
                loc=("file", "keras_layers"),
            )
        kind, layers = "Sequential", []
        if all(isinstance(e, str) for e in entries):
            layers = _from_names(entries, arrays)
            warnings += [
                "keras_layers gives class names only: Keras' default activations are assumed (tanh and sigmoid "
                "in recurrent layers, none in Dense layers) and every recurrent layer returns sequences (the "
                "head runs on every step); give layer configs (model.get_config()['layers']) to say otherwise",
            ]
        else:
            kind, layers = layers_of({"class_name": "Sequential", "config": {"layers": entries}})
    counts = weight_counts(layers)
    if sum(counts) != len(arrays):
        raise refuse(
            f"the layers {[f'{layer.class_name}: {n}' for layer, n in zip(layers, counts, strict=True)]} own "
            f'{sum(counts)} arrays, but "weights" has {len(arrays)}',
            "shape_error",
        )
    starts = np.cumsum([0, *counts])
    return network(kind, layers, lambda k, _layer: arrays[starts[k] : starts[k + 1]],
                   "Keras get_weights()", warnings)  # fmt: skip


def _from_names(names: list[str], arrays: list[np.ndarray]) -> list[Layer]:
    """Layers from class names, their configs filled in from the shapes of the arrays they take."""
    layers: list[Layer] = []
    i = 0
    for k, cls in enumerate(names):
        cfg: dict[str, Any] = {}
        name = f"{cls.lower()}_{k}"
        if cls in RECURRENT or cls == "Bidirectional":
            n = 6 if cls == "Bidirectional" else 3
            mine = arrays[i : i + n]
            if len(mine) < 2:
                raise refuse(f'keras_layers[{k}] {cls} has no weights left in "weights"', "shape_error")
            units = mine[1].shape[0] if mine[1].ndim == 2 else 0
            inner = {"units": units, "return_sequences": True}
            if len(mine) > 2 and mine[2].ndim == 2:
                inner["reset_after"] = True
            elif cls in ("GRU", "Bidirectional"):
                inner["reset_after"] = False
            if cls == "Bidirectional":
                G = mine[1].shape[1] // max(units, 1) if mine[1].ndim == 2 else 0
                inner_cls = {1: "SimpleRNN", 4: "LSTM", 3: "GRU"}.get(G, "?")
                if inner_cls != "GRU":
                    inner.pop("reset_after", None)
                cfg = {"layer": {"class_name": inner_cls, "config": inner}, "merge_mode": "concat"}
            else:
                cfg = inner
                if cls != "GRU":
                    cfg.pop("reset_after", None)
            i += n
        elif cls == "Dense":
            cfg = {"units": arrays[i].shape[-1] if i < len(arrays) else 0}
            i += 2
        elif cls == "Embedding":
            i += 1
        layers.append(Layer(cls, name, cfg))
    return layers
