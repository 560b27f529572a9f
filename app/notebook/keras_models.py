"""A live Keras 3 model -> the API's model and canonical weights, through the same mapping as a
saved ``.keras`` file (``app/formats/files/keras_layers.py``): the model's ``get_config()`` is read
as data, and each layer's weights in ``get_weights()`` order.

Supported as there: InputLayer, Embedding (mask_zero), SimpleRNN / LSTM / GRU (activation,
recurrent_activation, use_bias, return_sequences, go_backwards, reset_after), Bidirectional
(concat / sum / mul / ave), Dense heads (activation), Activation after a Dense, and the layers that
are the identity at inference (Dropout …); a Sequential model or a Functional chain.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .models import Source, to_numpy


def values(layer: Any) -> list[np.ndarray]:
    """``layer.get_weights()`` in float64, read from each variable's backend tensor (get_weights
    goes through a torch tensor's ``__array__``, which NumPy 2 warns about)."""
    return [np.asarray(to_numpy(getattr(w, "value", w)), dtype=np.float64) for w in layer.weights]


def from_keras(model: Any) -> Source:
    from ..formats.files.keras_layers import layers_of, network

    kind = type(model).__name__
    config = {
        "class_name": kind if kind in ("Sequential", "Functional") else "Model",
        "config": model.get_config(),
    }
    _, layers = layers_of(config)
    live = {layer.name: layer for layer in model.layers}

    def arrays_of(_k: int, layer: Any) -> list[np.ndarray]:
        return values(live[layer.name])

    record = network(kind, layers, arrays_of, f"Keras {kind}")
    return Source(
        record["model"],
        record["weights"],
        native_ids="embedding" in record["model"],
        summary=record.get("summary", ""),
        warnings=list(record.get("warnings", [])),
        vocabulary=record.get("vocabulary"),
    )
