"""The NumPy engine: cells, the forward pass and its trace. Knows nothing of HTTP or JSON."""

from .forward import ForwardResult, forward
from .network import (
    GATES,
    Architecture,
    CellParams,
    DenseSpec,
    EmbeddingSpec,
    LayerSpec,
    Network,
    Readout,
    check_network,  # fmt: skip
    expected_shapes,
)
from .trace import DirectionTrace

__all__ = [
    "GATES",
    "Architecture",
    "CellParams",
    "DenseSpec",
    "DirectionTrace",
    "EmbeddingSpec",
    "ForwardResult",
    "LayerSpec",
    "Network",
    "Readout",
    "check_network",
    "expected_shapes",
    "forward",
]
