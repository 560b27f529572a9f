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


def read(model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], loc: Loc) -> Network:
    reject_unknown(weights, {"format", "seed", "scheme"}, loc)
    seed = weights.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError((*loc, "seed"), f"expected a non-negative integer, got {seed!r}", "type_error")
    if weights.get("scheme", "pytorch") != "pytorch":
        raise InputError((*loc, "scheme"), f"expected 'pytorch', got {weights.get('scheme')!r}")
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
