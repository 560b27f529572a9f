"""The NumPy engine: cells, the forward pass and its trace. Knows nothing of HTTP or JSON."""

from .forward import ForwardResult, forward
from .network import GATES, Architecture, CellParams, Network, Readout, check_network, expected_shapes
from .trace import DirectionTrace

__all__ = [
    "GATES",
    "Architecture",
    "CellParams",
    "DirectionTrace",
    "ForwardResult",
    "Network",
    "Readout",
    "check_network",
    "expected_shapes",
    "forward",
]
