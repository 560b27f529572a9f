"""One step of each recurrent cell.

Before the loop, ``run_direction`` computes ``tr.input_term = W_ih x + b_ih`` for all steps
in one product and starts ``tr.pre_activation`` at ``input_term``; each step computes its
``recurrent_term = W_hh h_{t-1} + b_hh``, adds it to the pre-activation (PyTorch's order:
``(W_ih x + b_ih) + (W_hh h + b_hh)``, so that ``pre_activation == input_term +
recurrent_term`` holds bit for bit and the binary encoding can send it as that sum), computes
the cell's equations for the whole batch, writes every intermediate into row ``t`` of the
preallocated trace (through its per-step views ``r``, ``DirectionTrace.rows()``: no slicing and
no temporary array in the loop) and returns the new state. Peephole terms join the recurrent
term before the sum. The one exception is the n block of PyTorch's GRU,
``a_n = x_n + r ⊙ (W_hn h + b_hn)``.

The sigmoid gates run on half-scaled pre-activations, σ(a) = (1 + tanh(a/2)) / 2: the loop
keeps ``a/2`` for those blocks (``p.scale``; ``W_hh_T`` is scaled to match) and
``run_direction`` multiplies the stored terms back after the loop. Halving and doubling are
exact in binary floating point, so the stored numbers are the unscaled equations' own.

Shapes: B = batch, H = hidden, P = output width; gate blocks are column slices of (B, G·H).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .activations import Act, Activation, relu, sigmoid, sigmoid_of_half, tanh
from .network import LayerSpec
from .trace import Rows

FAST = {Act("tanh"): tanh, Act("relu"): relu, Act("sigmoid"): sigmoid}  # no string dispatch per step


class StepParams(NamedTuple):
    """A layer's weights, laid out for the step loop (transposed once, row-vector products).

    W_hh_T: (P, G·H), columns multiplied by ``scale``   b_hh: (G·H,), likewise   W_hr_T: (H, P) or None
    W_hh: the same matrix as (G·H, P) rows, C-contiguous: the B = 1 product (see recurrent)
    W_hh_rz_T, W_hh_n_T: the reset-before GRU's two recurrent products, (P, 2H) and (P, H);
    W_hh_rz, W_hh_n: the same as rows, (2H, P) and (H, P), for B = 1.
    act: activation of the (scaled) pre-activation row: rnn (B, H), lstm (B, 4H), gru r,z (B, 2H)
    scale: (G·H,) factors the loop's pre-activations carry, or None.
    """

    W_hh_T: np.ndarray
    W_hh: np.ndarray
    b_hh: np.ndarray
    W_hr_T: np.ndarray | None
    W_hh_rz_T: np.ndarray | None
    W_hh_n_T: np.ndarray | None
    W_hh_rz: np.ndarray | None
    W_hh_n: np.ndarray | None
    act: Activation
    scale: np.ndarray | None
    n_act: Activation = tanh  # gru n (clip included)
    gate_act: Activation | None = None  # the general lstm step: i, f, o (clip included)
    cell_act: Activation | None = None  # the general lstm step: g (clip included)
    out_act: Activation | None = None  # the general lstm step: h = o ⊙ out_act(c)
    P: np.ndarray | None = None  # (3, H) peepholes i, o, f
    b_hn: np.ndarray | None = None  # gru: the n block of b_hh, (H,)
    b_hh_rz: np.ndarray | None = None  # the reset-before gru: the r, z blocks of b_hh, (2H,)


def recurrent(h_prev: np.ndarray, W: np.ndarray, W_T: np.ndarray, out: np.ndarray) -> np.ndarray:
    """W h_{t-1} into ``out``, given W as (rows, P) and as its transpose (P, rows), both
    C-contiguous. B = 1 (the rows are vectors): the matrix times the vector, BLAS's gemv over
    contiguous rows, 9.4 µs against 12.8 µs for the row vector times the transpose at H = 128 (an
    LSTM step is ~25 µs in all; bench/forward.py). A batch: its (B, P) rows times the transpose
    (matmul: ``out`` may be a strided block of a row, as the reset-before GRU's are)."""
    if h_prev.ndim == 1:
        return np.dot(W, h_prev, out)
    return np.matmul(h_prev, W_T, out)


def rnn_step(t: int, h_prev: np.ndarray, p: StepParams, r: Rows) -> np.ndarray:
    """a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh;   h_t = tanh(a_t) (or relu)."""
    rec = recurrent(h_prev, p.W_hh, p.W_hh_T, r.rec[t])
    rec += p.b_hh
    a = np.add(r.a[t], rec, r.a[t])
    return p.act(a, r.h[t])  # r.gates is r.h for rnn


def lstm_step(
    t: int, h_prev: np.ndarray, c_prev: np.ndarray, p: StepParams, r: Rows
) -> tuple[np.ndarray, np.ndarray]:
    """i, f, o = σ(·);  g = tanh(·);  c_t = f ⊙ c_{t-1} + i ⊙ g;  h_t = o ⊙ tanh(c_t)
    (then h_t = W_hr h_t with a projection).  Blocks of the (B, 4H) rows: i, f, g, o."""
    rec = recurrent(h_prev, p.W_hh, p.W_hh_T, r.rec[t])
    rec += p.b_hh
    a = np.add(r.a[t], rec, r.a[t])
    p.act(a, r.gates[t])
    i, f, g, o = r.gate
    c = np.multiply(f[t], c_prev, r.c[t])
    c += np.multiply(i[t], g[t], r.tmp)  # c_t = f ⊙ c_{t-1} + i ⊙ g
    if p.W_hr_T is None:
        h = np.tanh(c, r.h[t])
        h *= o[t]  # h_t = o ⊙ tanh(c_t)
    else:
        h = np.matmul(o[t] * np.tanh(c), p.W_hr_T, r.h[t])  # h_t = W_hr (o ⊙ tanh(c_t))
    return h, c


def gru_step(t: int, h_prev: np.ndarray, p: StepParams, r: Rows) -> np.ndarray:
    """r, z = σ(W_i x + b_i + W_h h + b_h);  n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn));
    h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}.  Blocks of the (B, 3H) rows: r, z, n."""
    rec = recurrent(h_prev, p.W_hh, p.W_hh_T, r.rec[t])
    rec += p.b_hh  # the n block: W_hn h + b_hn
    rec_n = r.rec_n[t]
    a_rz = r.a_rz[t]
    a_rz += r.rec_rz[t]
    p.act(a_rz, r.gates_rz[t])
    reset, z, n = r.gate
    a_n = np.multiply(reset[t], rec_n, r.a_n[t])  # a_n = x_n + r ⊙ (W_hn h + b_hn)
    a_n += r.x_n[t]
    n = p.n_act(a_n, n[t])
    h = np.subtract(h_prev, n, r.h[t])
    h *= z[t]
    h += n  # h_t = n + z ⊙ (h_{t-1} - n)
    return h


def gru_reset_before_step(t: int, h_prev: np.ndarray, p: StepParams, r: Rows) -> np.ndarray:
    """Keras reset_after=False / TF1 GRUCell:  n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn).
    The recurrent term of n is W_hn (r ⊙ h_{t-1}) + b_hn, so a_n = input_term + recurrent_term."""
    rec_rz, rec_n = r.rec_rz[t], r.rec_n[t]
    recurrent(h_prev, p.W_hh_rz, p.W_hh_rz_T, rec_rz)
    rec_rz += p.b_hh_rz
    a_rz = r.a_rz[t]
    a_rz += rec_rz
    p.act(a_rz, r.gates_rz[t])
    reset, z, n = r.gate
    recurrent(reset[t] * h_prev, p.W_hh_n, p.W_hh_n_T, rec_n)
    rec_n += p.b_hn
    np.add(r.x_n[t], rec_n, r.a_n[t])
    n = p.n_act(r.a_n[t], n[t])
    h = np.subtract(h_prev, n, r.h[t])
    h *= z[t]
    h += n
    return h


def lstm_general_step(
    t: int, h_prev: np.ndarray, c_prev: np.ndarray, p: StepParams, r: Rows
) -> tuple[np.ndarray, np.ndarray]:
    """Any activations, clip and peepholes (ONNX LSTM):
    i = f(a_i + P_i ⊙ c_{t-1}), f = f(a_f + P_f ⊙ c_{t-1}), g = g(a_g), c_t = f ⊙ c_{t-1} + i ⊙ g,
    o = f(a_o + P_o ⊙ c_t), h_t = o ⊙ h(c_t); the peephole terms are part of recurrent_term."""
    H = c_prev.shape[-1]
    rec = recurrent(h_prev, p.W_hh, p.W_hh_T, r.rec[t])
    rec += p.b_hh
    if p.P is not None:
        rec[..., :H] += p.P[0] * c_prev  # P_i
        rec[..., H : 2 * H] += p.P[2] * c_prev  # P_f
    a = r.a[t]
    np.add(a[..., : 3 * H], rec[..., : 3 * H], a[..., : 3 * H])  # o waits for P_o ⊙ c_t
    gates = r.gates[t]
    p.gate_act(a[..., : 2 * H], gates[..., : 2 * H])
    p.cell_act(a[..., 2 * H : 3 * H], gates[..., 2 * H : 3 * H])
    i, f, g, o = (blk[t] for blk in r.gate)
    c = np.multiply(f, c_prev, r.c[t])
    c += i * g
    if p.P is not None:
        rec[..., 3 * H :] += p.P[1] * c  # P_o ⊙ c_t
    a[..., 3 * H :] += rec[..., 3 * H :]
    p.gate_act(a[..., 3 * H :], o)
    m = p.out_act(c, np.empty_like(c))
    m *= o
    if p.W_hr_T is None:
        np.copyto(r.h[t], m)
        return r.h[t], c
    return np.matmul(m, p.W_hr_T, r.h[t]), c


def clipped(act: Activation, clip: float | None) -> Activation:
    """act(clip(a, -clip, clip)): the clip goes into ``out``, the pre-activation stays as it was."""
    if clip is None:
        return act
    return lambda a, out: act(np.clip(a, -clip, clip, out=out), out)


def fast(act: Act) -> Activation:
    return FAST.get(act, act)


def row_activation(spec: LayerSpec, dtype: np.dtype) -> tuple[Activation, np.ndarray | None]:
    """The function each step applies to its pre-activation row, and the row's ``scale``.

    rnn: the nonlinearity on (B, H).  gru: the gate activation on the r, z blocks (B, 2H).
    lstm: the gate activation on i, f, o and the cell activation on g, over the whole (B, 4H)
    row (the general lstm step applies its own). With the sigmoid, the rows arrive halved
    (``scale``) and one tanh serves every block: σ(a) = tanh(a/2)·½ + ½ and g = tanh(a)·1 + 0.
    """
    H = spec.hidden_size
    if spec.cell == "rnn":
        return clipped(fast(spec.cell_act), spec.clip), None
    gate_act = fast(spec.gate)
    sigmoid_gates = spec.gate == Act("sigmoid") and spec.clip is None
    if spec.cell == "gru":
        if not sigmoid_gates:
            return clipped(gate_act, spec.clip), None
        return sigmoid_of_half, np.repeat(np.array([0.5, 0.5, 1.0], dtype), H)
    if not spec.plain:
        return clipped(gate_act, spec.clip), None  # lstm_general_step applies its own
    if gate_act is not sigmoid:

        def split(a: np.ndarray, out: np.ndarray) -> np.ndarray:
            gate_act(a, out)
            np.tanh(a[..., 2 * H : 3 * H], out[..., 2 * H : 3 * H])
            return out

        return split, None
    slope = np.repeat(np.array([0.5, 0.5, 1.0, 0.5], dtype), H)
    shift = np.repeat(np.array([0.5, 0.5, 0.0, 0.5], dtype), H)

    def fused(a: np.ndarray, out: np.ndarray) -> np.ndarray:
        np.tanh(a, out)
        out *= slope
        out += shift
        return out

    return fused, slope
