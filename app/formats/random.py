"""Reproducible random weights: PyTorch's default initialisation, every parameter drawn from
U(-1/√H, 1/√H) (the readout, like ``nn.Linear``, from U(-1/√fan_in, 1/√fan_in)), in the
order of the PyTorch state_dict, from ``numpy.random.default_rng(seed)``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..engine import CellParams, Network, Readout, expected_shapes
from ..errors import InputError, Loc
from .common import Observed, reject_unknown, resolve
from .v2 import is_v2, resolve_layers


def read(model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], loc: Loc) -> Network:
    reject_unknown(weights, {"format", "seed", "scheme"}, loc)
    seed = weights.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError((*loc, "seed"), f"expected a non-negative integer, got {seed!r}", "type_error")
    if weights.get("scheme", "pytorch") != "pytorch":
        raise InputError((*loc, "scheme"), f"expected 'pytorch', got {weights.get('scheme')!r}")
    if is_v2(model):
        return read_v2(model, explicit, np.random.default_rng(seed))
    arch = resolve(model, explicit, Observed())
    rng = np.random.default_rng(seed)
    bound = 1.0 / np.sqrt(arch.hidden_size)
    layers = []
    for k in range(arch.num_layers):
        shapes = expected_shapes(arch, k)
        layers.append(tuple(
            CellParams(**{name: rng.uniform(-bound, bound, shape) for name, shape in shapes.items()})
            for _ in range(arch.num_directions)
        ))  # fmt: skip
    readout = None
    if arch.readout_size:
        fan_in = arch.num_directions * arch.output_size
        rb = 1.0 / np.sqrt(fan_in)
        readout = Readout(
            rng.uniform(-rb, rb, (arch.readout_size, fan_in)), rng.uniform(-rb, rb, arch.readout_size)
        )
    return Network(arch, tuple(layers), readout)


def read_v2(model: Mapping[str, Any], explicit: set[str], rng: np.random.Generator) -> Network:
    """Model v2: each layer's parameters from U(-1/√H, 1/√H) (peepholes too), the embedding from
    N(0, 1) (nn.Embedding's default), each head layer like nn.Linear."""
    arch = resolve_layers(model, explicit, [])
    emb = None
    if arch.embedding is not None:
        emb = rng.standard_normal((arch.embedding.num_embeddings, arch.embedding.embedding_dim))
    layers = []
    for k, spec in enumerate(arch.layers):
        bound = 1.0 / np.sqrt(spec.hidden_size)
        shapes = expected_shapes(arch, k)
        layers.append(tuple(
            CellParams(**{name: rng.uniform(-bound, bound, shape) for name, shape in shapes.items()})
            for _ in spec.direction_names()
        ))  # fmt: skip
    head, fan_in = [], arch.features
    for d in arch.head:
        rb = 1.0 / np.sqrt(fan_in)
        head.append(Readout(rng.uniform(-rb, rb, (d.size, fan_in)), rng.uniform(-rb, rb, d.size)))
        fan_in = d.size
    return Network(arch, tuple(layers), head=tuple(head), embedding=emb)
