"""Preallocated per-step records of one layer and direction.

Stored time-major, (T, B, G·H), so that each step writes contiguous rows; read them in the
API's layout, (B, T, H) per gate, with :meth:`DirectionTrace.per_gate`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import LayerSpec

FIELDS = ("input_term", "recurrent_term", "pre_activation", "gates")


@dataclass
class DirectionTrace:
    """Every intermediate of every step.  T = steps, B = batch, G = gates, H = hidden, P = out.

    input_term, recurrent_term, pre_activation, gates: (T, B, G·H)
    c: (T, B, H), lstm only;  h: (T, B, P)  (for rnn ``h`` is ``gates``: the same array)
    """

    gates_names: tuple[str, ...]
    input_term: np.ndarray
    recurrent_term: np.ndarray
    pre_activation: np.ndarray
    gates: np.ndarray
    h: np.ndarray
    c: np.ndarray | None = None

    @classmethod
    def empty(cls, arch: LayerSpec, steps: int, batch: int, dtype: np.dtype) -> DirectionTrace:
        gh = len(arch.gates) * arch.hidden_size
        blocks = [np.empty((steps, batch, gh), dtype) for _ in FIELDS]
        if arch.cell == "rnn":
            h = blocks[3]
        else:
            h = np.empty((steps, batch, arch.output_size), dtype)
        c = np.empty((steps, batch, arch.hidden_size), dtype) if arch.cell == "lstm" else None
        return cls(arch.gates, *blocks, h=h, c=c)

    def per_gate(self, field: str) -> dict[str, np.ndarray]:
        """``field`` split by gate, each a (B, T, H) view (not contiguous)."""
        a = getattr(self, field)
        H = a.shape[2] // len(self.gates_names)
        return {g: a[:, :, k * H : (k + 1) * H].transpose(1, 0, 2) for k, g in enumerate(self.gates_names)}

    def arrays(self) -> dict[str, object]:
        """The API's ``trace[layer][direction]`` as views: {field: {gate: (B,T,H)}, "c", "h"}."""
        out: dict[str, object] = {f: self.per_gate(f) for f in FIELDS}
        if self.c is not None:
            out["c"] = self.c.transpose(1, 0, 2)
        out["h"] = self.h.transpose(1, 0, 2)
        return out
