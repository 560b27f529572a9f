"""What a recurrent network is: its architecture and its parameters, in PyTorch's layout.

Matrices are (out, in) and applied as ``W x + b`` (REFERENCE.md §1). Gate blocks are stacked
in PyTorch's order: rnn ``h``; lstm ``i, f, g, o``; gru ``r, z, n``. Every weight format is
read into these types and written back out of them (see ``app.formats``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

GATES: dict[str, tuple[str, ...]] = {
    "rnn": ("h",),
    "lstm": ("i", "f", "g", "o"),
    "gru": ("r", "z", "n"),
}


@dataclass(frozen=True)
class Architecture:
    """The shape and the kind of a network, with every size resolved."""

    cell: str  # "rnn" | "lstm" | "gru"
    input_size: int
    hidden_size: int
    num_layers: int = 1
    bidirectional: bool = False
    nonlinearity: str = "tanh"  # rnn only: "tanh" | "relu"
    gate_activation: str = "sigmoid"  # lstm/gru: "sigmoid" | "hard_sigmoid" | "hard_sigmoid_keras2"
    gru_reset_after: bool = True  # gru only
    proj_size: int = 0  # lstm only, 0 = none
    bias: bool = True
    readout_size: int = 0  # 0 = no readout
    readout_activation: str = "identity"

    @property
    def gates(self) -> tuple[str, ...]:
        return GATES[self.cell]

    @property
    def num_directions(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def output_size(self) -> int:
        """P: the width of h (proj_size when set, else hidden_size)."""
        return self.proj_size or self.hidden_size

    def layer_input_size(self, layer: int) -> int:
        return self.input_size if layer == 0 else self.num_directions * self.output_size

    def direction_names(self) -> tuple[str, ...]:
        return ("forward", "backward") if self.bidirectional else ("forward",)


@dataclass(frozen=True)
class CellParams:
    """One layer and direction. G = len(gates), H = hidden, P = output size, n = layer input.

    W_ih: (G·H, n)   W_hh: (G·H, P)   b_ih, b_hh: (G·H,)   W_hr: (P, H) or None
    """

    W_ih: np.ndarray
    W_hh: np.ndarray
    b_ih: np.ndarray
    b_hh: np.ndarray
    W_hr: np.ndarray | None = None

    def astype(self, dtype: np.dtype) -> CellParams:
        return CellParams(
            *(None if a is None else np.ascontiguousarray(a, dtype=dtype) for a in self._arrays())
        )

    def _arrays(self) -> tuple[np.ndarray | None, ...]:
        return (self.W_ih, self.W_hh, self.b_ih, self.b_hh, self.W_hr)


@dataclass(frozen=True)
class Readout:
    """y_t = act(W out_t + b).  W: (O, D·P)   b: (O,)"""

    W: np.ndarray
    b: np.ndarray


@dataclass(frozen=True)
class Network:
    arch: Architecture
    layers: tuple[tuple[CellParams, ...], ...]  # [layer][direction]
    readout: Readout | None = None

    def astype(self, dtype: np.dtype) -> Network:
        layers = tuple(tuple(p.astype(dtype) for p in layer) for layer in self.layers)
        readout = self.readout and Readout(
            np.ascontiguousarray(self.readout.W, dtype=dtype),
            np.ascontiguousarray(self.readout.b, dtype=dtype),
        )
        return replace(self, layers=layers, readout=readout)


def expected_shapes(arch: Architecture, layer: int) -> dict[str, tuple[int, ...]]:
    """The shape of every CellParams field of one layer (W_hr only with a projection)."""
    gh = len(arch.gates) * arch.hidden_size
    shapes = {
        "W_ih": (gh, arch.layer_input_size(layer)),
        "W_hh": (gh, arch.output_size),
        "b_ih": (gh,),
        "b_hh": (gh,),
    }
    if arch.proj_size:
        shapes["W_hr"] = (arch.proj_size, arch.hidden_size)
    return shapes


def check_network(net: Network) -> None:
    """Assert that every array has the shape the architecture implies (a programming check:
    the format readers report user errors with their own field names before this runs)."""
    arch = net.arch
    assert len(net.layers) == arch.num_layers
    for k, layer in enumerate(net.layers):
        assert len(layer) == arch.num_directions
        shapes = expected_shapes(arch, k)
        for p in layer:
            for name, shape in shapes.items():
                assert getattr(p, name).shape == shape, (k, name, getattr(p, name).shape, shape)
    if arch.readout_size:
        assert net.readout is not None
        assert net.readout.W.shape == (arch.readout_size, arch.num_directions * arch.output_size)
        assert net.readout.b.shape == (arch.readout_size,)
