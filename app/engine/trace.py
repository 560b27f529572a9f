"""Preallocated per-step records of one layer and direction.

Stored time-major, (T, B, G·H), so that each step writes contiguous rows; read them in the
API's layout, (B, T, H) per gate, with :meth:`DirectionTrace.per_gate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .network import LayerSpec

FIELDS = ("input_term", "recurrent_term", "pre_activation", "gates")


class Rows(NamedTuple):
    """Per-step views of a DirectionTrace, made once per run so that a step only indexes them.

    ``x, rec, a, gates, h, c``: input_term, recurrent_term, pre_activation, gates, h, c, with
    ``[t]`` giving step t's (B, ·) record, or a (·,) vector when B = 1 (numpy's vector products
    and ufuncs give the same numbers as on a 1-row matrix, with less overhead per call).
    ``gate[k][t]``: gate k's (·, H) block of step t.  ``*_rz`` / ``*_n``: the GRU's first two
    blocks (r, z) and its last (n) of the same fields (None for the other cells).
    ``tmp``: a (·, H) scratch row (i ⊙ g).
    """

    x: np.ndarray
    rec: np.ndarray
    a: np.ndarray
    gates: np.ndarray
    h: np.ndarray
    c: np.ndarray | None
    gate: tuple[np.ndarray, ...]
    tmp: np.ndarray
    rec_rz: np.ndarray | None = None
    a_rz: np.ndarray | None = None
    gates_rz: np.ndarray | None = None
    x_n: np.ndarray | None = None
    rec_n: np.ndarray | None = None
    a_n: np.ndarray | None = None

    def state(self, s: np.ndarray) -> np.ndarray:
        """A (B, ·) state in the rows' shape: (·,) when B = 1 (a view)."""
        return s[0] if self.x.ndim == 2 else s


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

    def rows(self) -> Rows:
        """The step loop's views (see Rows); B = 1 drops the batch axis."""
        one = self.h.shape[1] == 1
        x, rec, a, gates, h = (f[:, 0] if one else f for f in (self.input_term, self.recurrent_term,
                               self.pre_activation, self.gates, self.h))  # fmt: skip
        c = None if self.c is None else self.c[:, 0] if one else self.c
        G = len(self.gates_names)
        H = gates.shape[-1] // G
        blocks = tuple(gates[..., k * H : (k + 1) * H] for k in range(G))
        tmp = np.empty((*gates.shape[1:-1], H), gates.dtype)
        if self.gates_names != ("r", "z", "n"):
            return Rows(x, rec, a, gates, h, c, blocks, tmp)
        rz, n = slice(0, 2 * H), slice(2 * H, None)
        return Rows(x, rec, a, gates, h, c, blocks, tmp, rec[..., rz], a[..., rz], gates[..., rz],
                    x[..., n], rec[..., n], a[..., n])  # fmt: skip

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
