"""The forward pass through layers, directions and time, recording every intermediate.

Stacking and direction follow PyTorch (REFERENCE.md §1): layer k > 0 reads the previous
layer's ``[forward | backward]`` output; the backward direction runs t = T-1 … 0 and stores
each step at its own time position; states are indexed ``layer · D + direction``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np

from .activations import make_act, softmax
from .cells import (
    StepParams,
    clipped,
    fast,
    gru_reset_before_step,
    gru_step,
    lstm_general_step,
    lstm_step,
    rnn_step,  # fmt: skip
    row_activation,
)
from .network import Architecture, CellParams, DenseSpec, LayerSpec, Network, Readout
from .trace import DirectionTrace


@dataclass
class ForwardResult:
    """output: (B, T, W) the last layer's (merged) output   h_n: (S, B, P)   c_n: (S, B, H) lstm
    (a list of S (B, P) / (B, H) arrays when the layers' widths differ)
    y: (B, T, O) the head on every step   y_final: (B, O) with head_on = "final"
    trace[layer][direction]: DirectionTrace   embedding: (B, T, E) with an embedding
    head[k]: (pre_activation, activation) per step (B, T, O_k); head_final[k] on the final state"""

    output: np.ndarray
    h_n: Any
    c_n: Any
    y: np.ndarray | None
    trace: list[list[DirectionTrace]]
    warnings: list[str] = field(default_factory=list)
    gradients: Any = None  # a backward.Gradients when asked for
    embedding: np.ndarray | None = None
    head: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    head_final: list[tuple[np.ndarray, np.ndarray]] | None = None
    y_final: np.ndarray | None = None
    final: np.ndarray | None = None  # (B, W) the last layer's merged final state (head_on final)
    valid: np.ndarray | None = None  # (T, B) bool: the steps that run (lengths, mask_zero)
    lengths: np.ndarray | None = None  # (B,)
    layer_outputs: list[np.ndarray] = field(default_factory=list)  # [layer] (T, B, W) merged
    dir_outputs: list[list[np.ndarray]] = field(default_factory=list)  # [layer][dir] (T, B, P)


def step_params(spec: LayerSpec, p: CellParams) -> StepParams:
    H = spec.hidden_size
    act, scale = row_activation(spec, p.W_hh.dtype)
    W_hh_T = p.W_hh.T if scale is None else p.W_hh.T * scale
    W_hh_T = np.ascontiguousarray(W_hh_T)
    b_hh = p.b_hh if scale is None else p.b_hh * scale
    split = spec.cell == "gru" and not spec.gru_reset_after
    general = spec.cell == "lstm" and not spec.plain
    return StepParams(
        W_hh_T=W_hh_T,
        W_hh=np.ascontiguousarray(W_hh_T.T),
        b_hh=b_hh,
        W_hr_T=None if p.W_hr is None else np.ascontiguousarray(p.W_hr.T),
        W_hh_rz_T=np.ascontiguousarray(W_hh_T[:, : 2 * H]) if split else None,
        W_hh_n_T=np.ascontiguousarray(W_hh_T[:, 2 * H :]) if split else None,
        W_hh_rz=np.ascontiguousarray(W_hh_T[:, : 2 * H].T) if split else None,
        W_hh_n=np.ascontiguousarray(W_hh_T[:, 2 * H :].T) if split else None,
        act=act,
        scale=scale,
        n_act=clipped(fast(spec.cell_act), spec.clip),
        gate_act=clipped(fast(spec.gate), spec.clip) if general else None,
        cell_act=clipped(fast(spec.cell_act), spec.clip) if general else None,
        out_act=fast(spec.output) if general else None,
        P=p.P if spec.peepholes else None,
        b_hn=p.b_hh[2 * H :] if spec.cell == "gru" else None,
        b_hh_rz=np.ascontiguousarray(b_hh[: 2 * H]) if split else None,
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


def step_blocks(order: range, deadline: float | None) -> Iterable[range]:
    """``order`` in blocks of CHECK_EVERY steps, checked like ``steps`` before each block, so
    that the forward loop runs over plain ranges (no generator between it and its steps)."""
    if deadline is None:
        return (order,)
    return _checked_blocks(order, deadline)


def _checked_blocks(order: range, deadline: float) -> Iterator[range]:
    for i in range(0, len(order), CHECK_EVERY):
        if time.monotonic() > deadline:
            raise BudgetExceeded(f"stopped at step {i} of {len(order)}")
        yield order[i : i + CHECK_EVERY]


def run_direction(
    spec: LayerSpec,
    p: CellParams,
    x: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray | None,
    reverse: bool,
    deadline: float | None = None,
    valid: np.ndarray | None = None,
) -> DirectionTrace:
    """x: (T, B, n) time-major; h0: (B, P); c0: (B, H); valid: (T, B) or None: at a step that is
    not valid a row keeps its state (h, c). Returns the filled trace (h is the state)."""
    T, B, n = x.shape
    tr = DirectionTrace.empty(spec, T, B, x.dtype)
    # the input projection of every step in one matrix product: (T·B, n) @ (n, G·H)
    np.matmul(x.reshape(T * B, n), p.W_ih.T, out=tr.input_term.reshape(T * B, -1))
    tr.input_term += p.b_ih
    sp = step_params(spec, p)
    if sp.scale is None:  # each step adds its recurrent term, W_hh h_{t-1} + b_hh
        np.copyto(tr.pre_activation, tr.input_term)
    else:
        np.multiply(tr.input_term, sp.scale, out=tr.pre_activation)
    blocks = step_blocks(range(T - 1, -1, -1) if reverse else range(T), deadline)
    if valid is not None:
        blocks = (_masked(chain.from_iterable(blocks), valid, tr, h0, c0, reverse),)
    r = tr.rows()
    h = r.state(h0)
    cell = spec.cell
    if cell == "lstm":
        c = r.state(c0)
        lstm = lstm_step if sp.gate_act is None else lstm_general_step
        for block in blocks:
            for t in block:
                h, c = lstm(t, h, c, sp, r)
    else:
        step = rnn_step if cell == "rnn" else gru_step if spec.gru_reset_after else gru_reset_before_step
        for block in blocks:
            for t in block:
                h = step(t, h, sp, r)
    if sp.scale is not None:  # undo the halving of the sigmoid blocks: exact
        unscale = 1.0 / sp.scale
        tr.pre_activation *= unscale
        tr.recurrent_term *= unscale
    return tr


def _masked(order: Iterable[int], valid: np.ndarray, tr: DirectionTrace, h0: np.ndarray,
            c0: np.ndarray | None, reverse: bool) -> Iterator[int]:  # fmt: skip
    """Yield each step; once the loop has run it, copy the previous state into the rows that
    are not valid there (they keep h and c)."""
    prev = None
    for t in order:
        yield t
        inv = ~valid[t]
        if inv.any():
            h_prev = h0 if prev is None else tr.h[prev]
            tr.h[t][inv] = h_prev[inv]
            if tr.c is not None:
                tr.c[t][inv] = (c0 if prev is None else tr.c[prev])[inv]
        prev = t


def masked_outputs(h: np.ndarray, valid: np.ndarray | None, lengths: np.ndarray | None,
                   reverse: bool, zero: bool = False) -> np.ndarray:  # fmt: skip
    """A direction's output (T, B, P) from its states: where a step is not valid the output
    repeats the previous output of the direction's order (0 at first: Keras' masking), or is 0
    with ``zero`` (a Keras Bidirectional layer runs its halves with zero_output_for_mask); past
    a row's length it is 0 (PyTorch's packed sequences)."""
    if valid is None:
        return h
    out = h.copy()
    T = h.shape[0]
    prev = np.zeros_like(h[0])
    for t in range(T - 1, -1, -1) if reverse else range(T):
        inv = ~valid[t]
        if inv.any():
            out[t][inv] = 0.0 if zero else prev[inv]
        prev = out[t]
    if lengths is not None:
        out[np.arange(T)[:, None] >= lengths[None, :]] = 0.0
    return out


def merge(mode: str, parts: list[np.ndarray]) -> np.ndarray:
    """A layer's output from its directions' outputs: concat [fwd | bwd], sum, mul, ave."""
    if len(parts) == 1:
        return parts[0]
    if mode == "concat":
        return np.concatenate(parts, axis=-1)
    if mode == "sum":
        return parts[0] + parts[1]
    if mode == "mul":
        return parts[0] * parts[1]
    return (parts[0] + parts[1]) * 0.5


def initial_states(
    arch: Architecture, batch: int, dtype: np.dtype, h0: Any, c0: Any
) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
    """Per state s = (layer, direction): h0[s] (B, P) and, for an lstm layer, c0[s] (B, H); zeros
    where not given. h0, c0: an (S, B, ·) array, a list of S (B, ·) arrays, or None."""
    widths = arch.state_widths()
    cells = [spec.cell for spec in arch.layers for _ in spec.direction_names()]
    hs = [np.zeros((batch, P), dtype) if h0 is None else h0[s] for s, (P, _) in enumerate(widths)]
    cs = None
    if "lstm" in cells:
        cs = [np.zeros((batch, H), dtype) if c0 is None else c0[s] for s, (_, H) in enumerate(widths)]
    return hs, cs


def stacked(states: list[np.ndarray]) -> Any:
    """(S, B, ·) when every state has one width, else the list."""
    if len({a.shape for a in states}) == 1:
        return np.stack(states)
    return states


def valid_steps(lengths: np.ndarray | None, mask: np.ndarray | None, T: int) -> np.ndarray | None:
    """(T, B) bool from lengths (B,) and a (B, T) mask (Keras mask_zero); None: every step."""
    valid = None
    if lengths is not None:
        valid = np.arange(T)[:, None] < lengths[None, :]
    if mask is not None:
        valid = mask.T.copy() if valid is None else valid & mask.T
    return valid


def run_head(head: tuple[Readout, ...], specs: tuple[DenseSpec, ...], x: np.ndarray) -> list[tuple]:
    """Every dense layer on x (…, W): [(pre_activation, activation)]."""
    out = []
    for dense, spec in zip(head, specs, strict=True):
        z = np.matmul(x, dense.W.T)
        z += dense.b
        x = head_activation(spec, z)
        out.append((z, x))
    return out


def head_activation(spec: DenseSpec, z: np.ndarray) -> np.ndarray:
    act = spec.activation
    if act == "softmax":
        return softmax(z, np.empty_like(z))
    if isinstance(act, str):
        act = make_act(act)
    return act(z, np.empty_like(z))


def forward(
    net: Network,
    x: np.ndarray,
    h0: Any = None,
    c0: Any = None,
    deadline: float | None = None,
    lengths: np.ndarray | None = None,
) -> ForwardResult:
    """Run ``net`` on x: (B, T, I), or token ids (B, T) for a network with an embedding, from
    h0: (S, B, P) and c0: (S, B, H) (zeros if None; S = Σ directions over the layers).

    lengths: (B,) or None: past its length a row keeps its state and outputs zeros (PyTorch
    packed sequences); an embedding with mask_zero masks the steps whose id is 0 (Keras).
    Computes in ``x.dtype`` (the embedding's dtype for ids); the network must already have
    that dtype (``Network.astype``). Non-finite values propagate as IEEE arithmetic says and
    are reported in ``warnings``. ``deadline`` (a ``time.monotonic()`` value) stops a long run
    with BudgetExceeded.
    """
    arch = net.arch
    embedded = None
    mask = None
    if arch.embedding is not None:
        ids = x
        embedded = net.embedding[ids]  # x_t = E[id_t]: (B, T, E)
        if arch.embedding.mask_zero:
            mask = ids != 0
        x = embedded
    B, T, _ = x.shape
    dtype = x.dtype
    valid = valid_steps(lengths, mask, T)
    hs0, cs0 = initial_states(arch, B, dtype, h0, c0)
    layer_in = np.ascontiguousarray(x.transpose(1, 0, 2))  # (T, B, I)
    trace: list[list[DirectionTrace]] = []
    h_n: list[np.ndarray] = []
    c_n: list[np.ndarray] = []
    layer_outputs, dir_outputs = [], []
    finals: list[np.ndarray] = []
    s = 0
    with np.errstate(all="ignore"):  # inf/nan are reported below, never as RuntimeWarnings
        for spec, layer in zip(arch.layers, net.layers, strict=True):
            traces, outs = [], []
            finals = []
            for name, p in zip(spec.direction_names(), layer, strict=True):
                reverse = name != "forward"
                c_s = None if cs0 is None or spec.cell != "lstm" else cs0[s]
                tr = run_direction(spec, p, layer_in, hs0[s], c_s, reverse, deadline, valid)
                last = 0 if reverse else T - 1
                h_n.append(tr.h[last])
                if tr.c is not None:
                    c_n.append(tr.c[last])
                finals.append(tr.h[last])
                traces.append(tr)
                outs.append(masked_outputs(tr.h, valid, lengths, reverse, spec.num_directions == 2))
                s += 1
            trace.append(traces)
            dir_outputs.append(outs)
            layer_in = merge(spec.merge_mode, outs)
            layer_outputs.append(layer_in)
        output = layer_in.transpose(1, 0, 2)  # (B, T, W)
        head = run_head(net.head, arch.head, output) if net.head else []
        y = head[-1][1] if head else None
        final = head_final = y_final = None
        if arch.head_on == "final":
            final = merge(arch.layers[-1].merge_mode, finals)
            head_final = run_head(net.head, arch.head, final) if net.head else []
            y_final = head_final[-1][1] if head_final else final
    result = ForwardResult(output=output, h_n=stacked(h_n), c_n=stacked(c_n) if c_n else None, y=y,
                           trace=trace, embedding=embedded, head=head, head_final=head_final,
                           y_final=y_final, final=final, valid=valid, lengths=lengths,
                           layer_outputs=layer_outputs, dir_outputs=dir_outputs)  # fmt: skip
    result.warnings = diagnose(net, result)
    return result


def diagnose(net: Network, r: ForwardResult) -> list[str]:
    """Plain sentences about non-finite values and saturated units."""
    notes: list[str] = []
    for k, layer in enumerate(r.trace):
        spec = net.arch.layers[k]
        names = spec.direction_names()
        for d, tr in enumerate(layer):
            where = f"layer {k} {names[d]}"
            reverse = names[d] != "forward"
            bad = None if all_finite(tr.h) else ~np.isfinite(tr.h)
            if bad is not None and bad.any():
                t_idx, b_idx = np.nonzero(bad.any(axis=2))
                first = int(t_idx.max() if reverse else t_idx.min())
                rows = sorted({int(b) for b in b_idx})
                notes.append(
                    f"{where}: h has {int(bad.sum())} non-finite values (NaN or ±Inf), from step {first} "
                    f"in batch rows {rows[:10]}{'…' if len(rows) > 10 else ''}; they are null in JSON."
                )
            others = [f for f in ("input_term", "recurrent_term", "pre_activation", "gates", "c")
                      if getattr(tr, f) is not None and not all_finite(getattr(tr, f))]  # fmt: skip
            if others:
                notes.append(
                    f"{where}: {', '.join(others)} hold non-finite values (NaN or ±Inf); they are null in JSON."
                )
            saturated = _saturated_fraction(spec, tr)
            if saturated >= 0.01:
                notes.append(
                    f"{where}: {saturated:.0%} of activations are saturated (exactly 0/1 for gates, ±1 for "
                    "tanh): their local gradient is 0."
                )
    if r.embedding is not None and not all_finite(r.embedding):
        notes.append("embedding: the vectors hold non-finite values; they are null in JSON.")
    if r.y is not None and not all_finite(r.y):
        notes.append(
            f"{'readout' if len(r.head) == 1 else 'head'}: y has non-finite values; they are null in JSON."
        )
    return notes


def _saturated_fraction(spec: LayerSpec, tr: DirectionTrace) -> float:
    """The share of exactly saturated values among the blocks whose activation saturates:
    sigmoid gates (0 or 1) and tanh blocks (±1); hard sigmoids reach 0 and 1 by design."""
    g = tr.gates
    H = spec.hidden_size
    if spec.cell == "rnn":
        blocks = [(slice(None), spec.cell_act)]
    else:
        cell_block = slice(2 * H, 3 * H)  # lstm g, gru n
        gate_blocks = [slice(0, 2 * H), slice(3 * H, 4 * H)] if spec.cell == "lstm" else [slice(0, 2 * H)]
        blocks = [(b, spec.gate) for b in gate_blocks] + [(cell_block, spec.cell_act)]
    sat, total = 0, 0
    for block, act in blocks:
        v = g[:, :, block]
        if act.name == "sigmoid" and spec.clip is None:
            sat += int(np.count_nonzero((v == 0.0) | (v == 1.0)))
        elif act.name == "tanh" and spec.clip is None:
            sat += int(np.count_nonzero(np.abs(v) == 1.0))
        else:
            continue
        total += v.size
    return sat / total if total else 0.0


def all_finite(a: np.ndarray) -> bool:
    """No NaN and no ±Inf in a, from one sum (NaN and ±Inf make it non-finite) and no temporary
    array; only a sum that overflows from finite values takes the element-wise check."""
    with np.errstate(all="ignore"):
        if np.isfinite(np.sum(a)):
            return True
    return bool(np.isfinite(a).all())
