"""Weight formats: read any of them into an engine ``Network``, write a Network out as any.

Each reader takes the request's ``model`` (a mapping; ``explicit`` names the fields the client
set), the ``weights`` object and its location, checks every name and shape, and fills the sizes
the model leaves out from the weights. Errors are ``InputError``s located at the offending field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..engine import Network, check_network
from ..errors import InputError, Loc
from . import book, canonical, keras, pytorch, random, tf1
from .canonical import is_v2_arch
from .v2 import is_v2

Reader = Callable[[Mapping[str, Any], set[str], Mapping[str, Any], Loc], Network]

READERS: dict[str, Reader] = {
    "pytorch": pytorch.read,
    "keras": keras.read,
    "tf1": tf1.read,
    "book": book.read,
    "canonical": canonical.read,
    "random": random.read,
}
WRITERS: dict[str, Callable[[Network], dict[str, Any]]] = {
    "pytorch": pytorch.write,
    "keras": keras.write,
    "tf1": tf1.write,
    "canonical": canonical.write,
}


def read_network(model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any]) -> Network:
    loc: Loc = ("weights",)
    fmt = weights.get("format")
    if fmt not in READERS:
        raise InputError(
            (*loc, "format"), f"expected one of {', '.join(READERS)}, got {fmt!r}", "literal_error"
        )
    if fmt in ("keras", "tf1", "book") and is_v2(model):
        parts = [k for k in ("embedding", "layers", "head") if model.get(k)] or ["head_on"]
        raise InputError(("model", parts[0]), f"expected a model the {fmt} weight format can hold: it has no "
                         f"{', '.join(parts)}; send these weights in the canonical or pytorch format",
                         "value_error")  # fmt: skip
    net = READERS[fmt](model, explicit, weights, loc)
    check_network(net)
    return net


def write_weights(net: Network, to: str) -> dict[str, Any]:
    if to in ("keras", "tf1") and is_v2_arch(net.arch):
        raise InputError(("to",), f"the {to} weight format holds a uniform stack with at most a readout; this "
                         "network has model v2 parts (an embedding, per-layer settings, a head or head_on "
                         "final): convert to canonical or pytorch")  # fmt: skip
    if net.arch.cell == "gru" and not net.arch.gru_reset_after and to == "pytorch":
        raise InputError(
            ("to",),
            "PyTorch's nn.GRU is reset-after only; a reset-before GRU (Keras reset_after=False, TF1 GRUCell) "
            "has no PyTorch equivalent: convert to keras, tf1 or canonical",
        )
    return WRITERS[to](net)
