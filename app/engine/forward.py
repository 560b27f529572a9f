"""The forward pass through layers, directions and time, recording every intermediate.

Stacking and direction follow PyTorch (REFERENCE.md §1): layer k > 0 reads the previous
layer's ``[forward | backward]`` output; the backward direction runs t = T-1 … 0 and stores
each step at its own time position; states are indexed ``layer · D + direction``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .activations import READOUT_ACTIVATIONS
from .cells import StepParams, gru_reset_before_step, gru_step, lstm_step, rnn_step, row_activation
from .network import Architecture, CellParams, Network
from .trace import DirectionTrace


@dataclass
class ForwardResult:
    """output: (B, T, D·P)   h_n: (L·D, B, P)   c_n: (L·D, B, H) lstm only
    y: (B, T, O) with a readout   trace[layer][direction]: DirectionTrace"""

    output: np.ndarray
    h_n: np.ndarray
    c_n: np.ndarray | None
    y: np.ndarray | None
    trace: list[list[DirectionTrace]]
    warnings: list[str] = field(default_factory=list)
    gradients: Any = None  # a backward.Gradients when asked for


def step_params(arch: Architecture, p: CellParams) -> StepParams:
    H = arch.hidden_size
    act, scale = row_activation(arch, p.W_hh.dtype)
    W_hh_T = p.W_hh.T if scale is None else p.W_hh.T * scale
    W_hh_T = np.ascontiguousarray(W_hh_T)
    split = arch.cell == "gru" and not arch.gru_reset_after
    return StepParams(
        W_hh_T=W_hh_T,
        b_hh=p.b_hh,
        W_hr_T=None if p.W_hr is None else np.ascontiguousarray(p.W_hr.T),
        W_hh_rz_T=np.ascontiguousarray(W_hh_T[:, : 2 * H]) if split else None,
        W_hh_n_T=np.ascontiguousarray(W_hh_T[:, 2 * H :]) if split else None,
        act=act,
        scale=scale,
    )


class BudgetExceeded(RuntimeError):
    """The computation passed its deadline (checked every CHECK_EVERY steps)."""


CHECK_EVERY = 256


def steps(order: range, deadline: float | None) -> Iterable[int]:
    """The time positions in ``order``, raising BudgetExceeded once ``time.monotonic()`` passes
    ``deadline``."""
    if deadline is None:
        return order
    return _checked(order, deadline)


def _checked(order: range, deadline: float) -> Iterator[int]:
    for i, t in enumerate(order):
        if i % CHECK_EVERY == 0 and time.monotonic() > deadline:
            raise BudgetExceeded(f"stopped at step {i} of {len(order)}")
        yield t


def run_direction(
    net: Network,
    p: CellParams,
    x: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray | None,
    reverse: bool,
    deadline: float | None = None,
) -> DirectionTrace:
    """x: (T, B, n) time-major; h0: (B, P); c0: (B, H). Returns the filled trace."""
    T, B, n = x.shape
    tr = DirectionTrace.empty(net.arch, T, B, x.dtype)
    # the input projection of every step in one matrix product: (T·B, n) @ (n, G·H)
    np.matmul(x.reshape(T * B, n), p.W_ih.T, out=tr.input_term.reshape(T * B, -1))
    tr.input_term += p.b_ih
    sp = step_params(net.arch, p)
    np.add(tr.input_term, p.b_hh, out=tr.pre_activation)  # each step adds W_hh h_{t-1}
    if sp.scale is not None:
        tr.pre_activation *= sp.scale
    order = steps(range(T - 1, -1, -1) if reverse else range(T), deadline)
    h = h0
    cell = net.arch.cell
    if cell == "lstm":
        c = c0
        for t in order:
            h, c = lstm_step(t, h, c, sp, tr)
    else:
        step = rnn_step if cell == "rnn" else gru_step if net.arch.gru_reset_after else gru_reset_before_step
        for t in order:
            h = step(t, h, sp, tr)
    if sp.scale is not None:  # undo the halving of the sigmoid blocks: exact
        unscale = 1.0 / sp.scale
        tr.pre_activation *= unscale
        tr.recurrent_term *= unscale
    # recurrent_term = W_hh h_{t-1} + b_hh (the gru's n block got its b_hn inside the step)
    rz = slice(0, 2 * net.arch.hidden_size) if cell == "gru" else slice(None)
    tr.recurrent_term[:, :, rz] += p.b_hh[rz]
    return tr


def initial_states(
    arch: Architecture, batch: int, dtype: np.dtype, h0: np.ndarray | None, c0: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """h0: (L·D, B, P) and, for an lstm, c0: (L·D, B, H); zeros where not given."""
    n = arch.num_layers * arch.num_directions
    if h0 is None:
        h0 = np.zeros((n, batch, arch.output_size), dtype)
    if c0 is None and arch.cell == "lstm":
        c0 = np.zeros((n, batch, arch.hidden_size), dtype)
    return h0, c0


def forward(
    net: Network,
    x: np.ndarray,
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
    deadline: float | None = None,
) -> ForwardResult:
    """Run ``net`` on x: (B, T, I), from h0: (L·D, B, P) and c0: (L·D, B, H) (zeros if None).

    Computes in ``x.dtype``; the network must already have that dtype (``Network.astype``).
    Non-finite values propagate as IEEE arithmetic says and are reported in ``warnings``.
    ``deadline`` (a ``time.monotonic()`` value) stops a long run with BudgetExceeded.
    """
    arch = net.arch
    B, T, _ = x.shape
    D, P, H = arch.num_directions, arch.output_size, arch.hidden_size
    dtype = x.dtype
    h0, c0 = initial_states(arch, B, dtype, h0, c0)
    layer_in = np.ascontiguousarray(x.transpose(1, 0, 2))  # (T, B, I)
    trace: list[list[DirectionTrace]] = []
    h_n = np.empty((arch.num_layers * D, B, P), dtype)
    c_n = np.empty((arch.num_layers * D, B, H), dtype) if arch.cell == "lstm" else None
    with np.errstate(all="ignore"):  # inf/nan are reported below, never as RuntimeWarnings
        for k, layer in enumerate(net.layers):
            traces = []
            for d, p in enumerate(layer):
                s = k * D + d
                tr = run_direction(net, p, layer_in, h0[s], None if c0 is None else c0[s], d == 1, deadline)
                last = 0 if d == 1 else T - 1
                h_n[s] = tr.h[last]
                if c_n is not None:
                    c_n[s] = tr.c[last]
                traces.append(tr)
            trace.append(traces)
            layer_in = traces[0].h if D == 1 else np.concatenate([traces[0].h, traces[1].h], axis=2)
        output = layer_in.transpose(1, 0, 2)  # (B, T, D·P)
        y = None
        if net.readout is not None:
            y = np.matmul(output, net.readout.W.T)
            y += net.readout.b
            READOUT_ACTIVATIONS[arch.readout_activation](y, y)
    result = ForwardResult(output=output, h_n=h_n, c_n=c_n, y=y, trace=trace)
    result.warnings = diagnose(net, result)
    return result


def diagnose(net: Network, r: ForwardResult) -> list[str]:
    """Plain sentences about non-finite values and saturated units."""
    notes: list[str] = []
    names = net.arch.direction_names()
    for k, layer in enumerate(r.trace):
        for d, tr in enumerate(layer):
            where = f"layer {k} {names[d]}"
            bad = ~np.isfinite(tr.h)
            if bad.any():
                t_idx, b_idx = np.nonzero(bad.any(axis=2))
                first = int(t_idx.max() if d == 1 else t_idx.min())
                rows = sorted({int(b) for b in b_idx})
                notes.append(
                    f"{where}: h has {int(bad.sum())} non-finite values (NaN or ±Inf), from step {first} "
                    f"in batch rows {rows[:10]}{'…' if len(rows) > 10 else ''}; they are null in JSON."
                )
            others = [f for f in ("input_term", "recurrent_term", "pre_activation", "gates", "c")
                      if getattr(tr, f) is not None and not np.isfinite(getattr(tr, f)).all()]  # fmt: skip
            if others:
                notes.append(
                    f"{where}: {', '.join(others)} hold non-finite values (NaN or ±Inf); they are null in JSON."
                )
            saturated = _saturated_fraction(net, tr)
            if saturated >= 0.01:
                notes.append(
                    f"{where}: {saturated:.0%} of activations are saturated (exactly 0/1 for gates, ±1 for "
                    "tanh): their local gradient is 0."
                )
    if r.y is not None and not np.isfinite(r.y).all():
        notes.append("readout: y has non-finite values; they are null in JSON.")
    return notes


def _saturated_fraction(net: Network, tr: DirectionTrace) -> float:
    arch = net.arch
    if arch.cell == "rnn" and arch.nonlinearity == "relu":
        return 0.0
    g = tr.gates
    if arch.cell == "rnn":
        sat = np.abs(g) == 1.0
    else:
        H = arch.hidden_size
        tanh_block = slice(2 * H, 3 * H)  # lstm g, gru n
        sat = (g == 0.0) | (g == 1.0)
        sat[:, :, tanh_block] = np.abs(g[:, :, tanh_block]) == 1.0
        if arch.gate_activation != "sigmoid":  # hard sigmoids reach 0 and 1 by design: count tanh only
            return float(sat[:, :, tanh_block].mean())
    return float(sat.mean())
