"""Backpropagation through time for every cell, layer and direction, from the forward trace.

The loss is ``sum`` (L = Σ y, or Σ output without a readout) or ``mse``
(L = mean((y - targets)²)). Going down the layers, each direction runs its steps in the
reverse of its forward order. Every coefficient that does not depend on the incoming gradient
(σ'(a) = s(1 - s), 1 - tanh², products with the stored gates) is computed for all steps at
once before the loop, so each step does only the recurrent chain:

rnn   da_t = dh_t ⊙ act'(a_t)                                dh_{t-1} = da_t W_hh
lstm  dc = dc_{t+1}-part + dm ⊙ o(1 - tanh² c)  (dm = dh, or dh W_hr with a projection)
      da = [dc ⊙ g σ'_i, dc ⊙ c_{t-1} σ'_f, dc ⊙ i (1 - g²), dm ⊙ tanh(c) σ'_o]
      dc_{t-1} = dc ⊙ f                                       dh_{t-1} = da W_hh
gru   da_n = dh (1 - z)(1 - n²);  da_z = dh (h_{t-1} - n) σ'_z
      reset-after:  da_r = da_n ⊙ (W_hn h + b_hn) σ'_r;   d rec_n = da_n ⊙ r
      reset-before: d(r⊙h) = da_n W_hn;  da_r = d(r⊙h) ⊙ h_{t-1} σ'_r
      dh_{t-1} = dh ⊙ z + (recurrent parts) W_hh

The same step functions, fed the identity instead of a loss gradient, give the Jacobians
∂s_last/∂s_t whose spectral norms are ``jacobian_norm`` (REFERENCE.md §5).

Model v2: every activation's derivative comes from ``Act.derivative`` (times 0 where ``clip``
clipped the pre-activation); LSTM peepholes fold into the coefficients (dc gains da_o ⊙ P_o,
dc_{t-1} gains da_i ⊙ P_i + da_f ⊙ P_f); a step that is not valid (lengths, mask_zero) passes
dh and dc through unchanged; the head, the merge modes, head_on final and the embedding
(dE[id] += dx_t; none for padding_idx, as in PyTorch) come before and after the layers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .activations import Act
from .forward import ForwardResult, initial_states, stacked, steps
from .network import TANH, Architecture, CellParams, DenseSpec, LayerSpec, Network
from .trace import DirectionTrace


@dataclass
class Gradients:
    """loss: float   inputs: (B, T, I)   h0: (L·D, B, P)   c0: (L·D, B, H) lstm
    parameters: PyTorch state_dict names (and readout.weight / readout.bias) -> arrays
    hidden[layer][direction]: (B, T, P) total dL/dh_t
    jacobian_norm[layer][direction]: (B, T) or None when over the work limit"""

    loss: float
    inputs: np.ndarray
    h0: np.ndarray
    c0: np.ndarray | None
    parameters: dict[str, np.ndarray]
    hidden: list[list[np.ndarray]]
    jacobian_norm: list[list[np.ndarray]] | None
    warnings: list[str] = field(default_factory=list)


def act_grad(act: Act, a: np.ndarray, y: np.ndarray, clip: float | None) -> np.ndarray:
    """d act(clip(a)) / da from the pre-activation a and the value y (0 where a was clipped)."""
    if clip is None:
        return act.derivative(a, y)
    return act.derivative(np.clip(a, -clip, clip), y) * (np.abs(a) <= clip)


def gate_derivative(arch: Architecture, s: np.ndarray) -> np.ndarray:
    """dσ/da from the gate value s = σ(a) (today's uniform gates; kept for callers)."""
    if arch.gate_activation == "sigmoid":
        return s * (1.0 - s)
    slope = 1.0 / 6.0 if arch.gate_activation == "hard_sigmoid" else 0.2
    return np.where((s > 0.0) & (s < 1.0), slope, 0.0).astype(s.dtype)


def coefficients(
    spec: LayerSpec, tr: DirectionTrace, h_prev: np.ndarray, c_prev: np.ndarray | None, P: np.ndarray | None
) -> dict[str, np.ndarray]:
    H = spec.hidden_size
    g, a = tr.gates, tr.pre_activation
    clip = spec.clip
    if spec.cell == "rnn":
        return {"act": act_grad(spec.cell_act, a, g, clip)}
    gate = spec.gate
    if spec.cell == "lstm":
        i, f, gg, o = g[..., :H], g[..., H : 2 * H], g[..., 2 * H : 3 * H], g[..., 3 * H :]
        if spec.output == TANH:
            tc = np.tanh(tr.c)
            dtc = 1.0 - tc * tc
        else:
            tc = spec.output(tr.c, np.empty_like(tr.c))
            dtc = spec.output.derivative(tr.c, tc)
        k_i = gg * act_grad(gate, a[..., :H], i, clip)
        k_f = c_prev * act_grad(gate, a[..., H : 2 * H], f, clip)
        k_g = i * act_grad(spec.cell_act, a[..., 2 * H : 3 * H], gg, clip)
        a_o = tc * act_grad(gate, a[..., 3 * H :], o, clip)
        c_from_m = o * dtc
        keep = f
        if P is not None:  # peepholes: i, f read c_{t-1}; o reads c_t (P rows: i, o, f)
            c_from_m = c_from_m + a_o * P[1]
            keep = f + k_i * P[0] + k_f * P[2]
        return {
            "c_from_m": c_from_m,
            "a_from_c": np.concatenate([k_i, k_f, k_g], axis=-1),
            "a_o": a_o,
            "f": keep,
            "m": o * tc,
        }
    r, z, n = g[..., :H], g[..., H : 2 * H], g[..., 2 * H :]
    k = {
        "n": (1.0 - z) * act_grad(spec.cell_act, a[..., 2 * H :], n, clip),
        "z": (h_prev - n) * act_grad(gate, a[..., H : 2 * H], z, clip),
        "keep": z,
        "r": r,
    }
    dr = act_grad(gate, a[..., :H], r, clip)
    if spec.gru_reset_after:
        k["r_from_n"] = tr.recurrent_term[..., 2 * H :] * dr
    else:
        k["r_from_rh"] = h_prev * dr
        k["rh"] = r * h_prev
    return k


def rnn_back(t: int, dh: np.ndarray, k: dict, W: dict, da: np.ndarray) -> tuple[np.ndarray, None]:
    np.multiply(dh, k["act"][t], out=da)
    return da @ W["W_hh"], None


def lstm_back(
    t: int, dh: np.ndarray, dc_next: np.ndarray, k: dict, W: dict, da: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    H = dc_next.shape[-1]
    dm = dh if W["W_hr"] is None else dh @ W["W_hr"]
    dc = dm * k["c_from_m"][t]
    dc += dc_next
    B = dc.shape[0]
    np.multiply(k["a_from_c"][t].reshape(B, 3, H), dc[:, None, :], out=da[:, : 3 * H].reshape(B, 3, H))
    np.multiply(dm, k["a_o"][t], out=da[:, 3 * H :])
    return da @ W["W_hh"], dc * k["f"][t]


def gru_back(
    t: int, dh: np.ndarray, k: dict, W: dict, da: np.ndarray, drec_n: np.ndarray
) -> tuple[np.ndarray, None]:
    """da: (B, 3H) the input-term gradients [da_r, da_z, da_n]; drec_n: (B, H) the gradient of
    the n block's recurrent term."""
    H = dh.shape[-1]
    da_r, da_z, da_n = da[:, :H], da[:, H : 2 * H], da[:, 2 * H :]
    np.multiply(dh, k["n"][t], out=da_n)
    np.multiply(dh, k["z"][t], out=da_z)
    dh_prev = dh * k["keep"][t]
    if "r_from_n" in k:  # reset-after: a_n = x_n + r ⊙ rec_n
        np.multiply(da_n, k["r_from_n"][t], out=da_r)
        np.multiply(da_n, k["r"][t], out=drec_n)
        dh_prev += da[:, : 2 * H] @ W["W_hh"][: 2 * H] + drec_n @ W["W_hh"][2 * H :]
    else:  # reset-before: rec_n = W_hn (r ⊙ h) + b_hn
        np.copyto(drec_n, da_n)
        d_rh = da_n @ W["W_hh"][2 * H :]
        np.multiply(d_rh, k["r_from_rh"][t], out=da_r)
        dh_prev += d_rh * k["r"][t]
        dh_prev += da[:, : 2 * H] @ W["W_hh"][: 2 * H]
    return dh_prev, None


def shifted(states: np.ndarray, first: np.ndarray, reverse: bool) -> np.ndarray:
    """The previous state of every step, (T, B, ·): states shifted by one in the direction's order."""
    out = np.empty_like(states)
    if reverse:
        out[:-1], out[-1] = states[1:], first
    else:
        out[1:], out[0] = states[:-1], first
    return out


def direction_backward(spec: LayerSpec, p: CellParams, tr: DirectionTrace, x: np.ndarray, h0: np.ndarray,
                       c0: np.ndarray | None, direct: np.ndarray, reverse: bool, jacobian: bool,
                       deadline: float | None = None, valid: np.ndarray | None = None):  # fmt: skip
    """direct: (T, B, P) dL/dh_t from above (the next layer or the loss); valid: (T, B) or None.
    Returns (dx (T,B,n), dh0, dc0, grads of W_ih, W_hh, b_ih, b_hh, W_hr, P, total dh (T,B,P), jac norms)."""
    T, B, _ = direct.shape
    H = spec.hidden_size
    cell = spec.cell
    h_prev = shifted(tr.h, h0, reverse)
    c_prev = shifted(tr.c, c0, reverse) if cell == "lstm" else None
    k = coefficients(spec, tr, h_prev, c_prev, p.P if spec.peepholes else None)
    if valid is not None and cell == "lstm":
        k["m"] = k["m"] * valid[..., None]  # W_hr sees no step that did not run
    W = {"W_hh": p.W_hh, "W_hr": p.W_hr}
    G = len(spec.gates)
    da = np.empty((T, B, G * H), direct.dtype)
    drec_n = np.empty((T, B, H), direct.dtype) if cell == "gru" else None
    total = np.empty_like(direct)
    dh_next = np.zeros_like(direct[0])
    dc_next = np.zeros((B, H), direct.dtype) if cell == "lstm" else None
    order = steps(range(T) if reverse else range(T - 1, -1, -1), deadline)
    for t in order:
        dh = np.add(direct[t], dh_next, out=total[t])
        dc_in = dc_next
        if cell == "lstm":
            dh_next, dc_next = lstm_back(t, dh, dc_next, k, W, da[t])
        elif cell == "gru":
            dh_next, _ = gru_back(t, dh, k, W, da[t], drec_n[t])
        else:
            dh_next, _ = rnn_back(t, dh, k, W, da[t])
        if valid is not None:
            inv = ~valid[t]
            if inv.any():  # the step did not run: h and c passed through unchanged
                da[t][inv] = 0.0
                if drec_n is not None:
                    drec_n[t][inv] = 0.0
                dh_next[inv] = dh[inv]
                if dc_next is not None:
                    dc_next[inv] = dc_in[inv]
    flat = da.reshape(T * B, G * H)
    grads = {
        "W_ih": flat.T @ x.reshape(T * B, -1),
        "b_ih": flat.sum(axis=0),
        "W_hr": None,
        "P": None,
    }
    if cell == "gru":
        drec = np.concatenate([da[..., : 2 * H], drec_n], axis=-1).reshape(T * B, G * H)
        rec_input = h_prev.reshape(T * B, -1)
        W_hh_grad = drec.T @ rec_input
        if not spec.gru_reset_after:  # the n block multiplies r ⊙ h_{t-1}
            W_hh_grad[2 * H :] = drec_n.reshape(T * B, H).T @ k["rh"].reshape(T * B, -1)
        grads["W_hh"], grads["b_hh"] = W_hh_grad, drec.sum(axis=0)
    else:
        grads["W_hh"], grads["b_hh"] = flat.T @ h_prev.reshape(T * B, -1), grads["b_ih"].copy()
    if p.W_hr is not None:
        grads["W_hr"] = total.reshape(T * B, -1).T @ k["m"].reshape(T * B, H)
    if spec.peepholes:  # rows i, o, f
        grads["P"] = np.stack([
            (da[..., :H] * c_prev).sum(axis=(0, 1)),
            (da[..., 3 * H :] * tr.c).sum(axis=(0, 1)),
            (da[..., H : 2 * H] * c_prev).sum(axis=(0, 1)),
        ])  # fmt: skip
    dx = (flat @ p.W_ih).reshape(T, B, -1)
    jac = jacobian_norms(spec, k, W, T, B, direct.dtype, reverse, deadline, valid) if jacobian else None
    return dx, dh_next, dc_next, grads, total, jac


def jacobian_norms(arch: LayerSpec, k: dict, W: dict, T: int, B: int, dtype, reverse: bool,
                   deadline: float | None = None, valid: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
    """‖∂s_last/∂s_t‖₂ for every batch row and step: the step VJPs applied to the identity.
    The cotangent batch holds, for each row b, the S rows of ∂s_last/∂s_t (S = P, or P + H)."""
    H, P = arch.hidden_size, arch.output_size
    S = P + H if arch.cell == "lstm" else P
    eye = np.broadcast_to(np.eye(S, dtype=dtype), (B, S, S)).reshape(B * S, S)
    dh, dc = eye[:, :P].copy(), eye[:, P:].copy() if arch.cell == "lstm" else None
    rows = {name: RepeatRows(v, S) for name, v in k.items()}  # [t] -> (B·S, ·)
    norms = np.empty((B, T), dtype)
    G = len(arch.gates)
    da = np.empty((B * S, G * H), dtype)
    drec_n = np.empty((B * S, H), dtype)
    order = range(T) if reverse else range(T - 1, -1, -1)
    for step, t in enumerate(steps(order, deadline)):
        J = (dh if dc is None else np.concatenate([dh, dc], axis=1)).reshape(B, S, S)
        finite = np.isfinite(J).all(axis=(1, 2))  # an SVD of inf/nan does not converge
        norms[:, t] = np.nan
        if finite.any():
            norms[finite, t] = np.linalg.norm(J[finite], ord=2, axis=(1, 2))
        if step == len(order) - 1:
            break
        dh_in, dc_in = dh, dc
        if arch.cell == "lstm":
            dh, dc = lstm_back(t, dh, dc, rows, W, da)
        elif arch.cell == "gru":
            dh, _ = gru_back(t, dh, rows, W, da, drec_n)
        else:
            dh, _ = rnn_back(t, dh, rows, W, da)
        if valid is not None and not valid[t].all():  # a step that did not run is the identity
            inv = np.repeat(~valid[t], S)
            dh[inv] = dh_in[inv]
            if dc is not None:
                dc[inv] = dc_in[inv]
    return norms


class RepeatRows:
    """``[t]`` gives step t's (B, ·) coefficients with each row repeated S times, (B·S, ·)."""

    def __init__(self, a: np.ndarray, S: int) -> None:
        self.a, self.S = a, S

    def __getitem__(self, t: int) -> np.ndarray:
        return np.repeat(self.a[t], self.S, axis=0)


def jacobian_work(arch: Architecture, batch: int, steps: int) -> int:
    """Rough multiply-adds of jacobian_norms: an S×S SVD and S cotangent rows per step."""
    total = 0
    for spec in arch.layers:
        S = spec.output_size + (spec.hidden_size if spec.cell == "lstm" else 0)
        per_step = S**3 * 10 + S * len(spec.gates) * spec.hidden_size * spec.output_size
        total += spec.num_directions * per_step
    return total * batch * steps


def head_backward(spec: DenseSpec, z: np.ndarray, y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """dL/dz for y = act(z)."""
    act = spec.activation
    if act == "softmax":
        return y * (dy - (dy * y).sum(axis=-1, keepdims=True))
    return dy * act.derivative(z, y)


def unmerge(mode: str, d: np.ndarray, parts: list[np.ndarray]) -> list[np.ndarray]:
    """The gradients of the directions' outputs from the gradient d of their merge."""
    if len(parts) == 1:
        return [d]
    if mode == "concat":
        P = parts[0].shape[-1]
        return [d[..., :P], d[..., P:]]
    if mode == "sum":
        return [d, d]
    if mode == "mul":
        return [d * parts[1], d * parts[0]]
    return [0.5 * d, 0.5 * d]


def unmask(d: np.ndarray, valid: np.ndarray | None, lengths: np.ndarray | None, reverse: bool,
           zero: bool) -> np.ndarray:  # fmt: skip
    """dL/dh_t from dL/d(output_t) through forward.masked_outputs: nothing past a row's length;
    a step that did not run repeats the previous output, which gets its gradient (or, with
    ``zero``, outputs 0 and passes nothing)."""
    if valid is None:
        return d
    T = d.shape[0]
    d = d.copy()
    if lengths is not None:
        d[np.arange(T)[:, None] >= lengths[None, :]] = 0.0
    carry = np.zeros_like(d[0])
    for t in range(T) if reverse else range(T - 1, -1, -1):  # the reverse of the direction's order
        inv = ~valid[t]
        if zero:
            d[t][inv] = 0.0
            continue
        acc = d[t] + carry
        carry = np.where(inv[:, None], acc, 0.0)
        d[t] = np.where(inv[:, None], 0.0, acc)
    return d


PT_NAMES = {"W_ih": "weight_ih_l{k}{s}", "W_hh": "weight_hh_l{k}{s}", "b_ih": "bias_ih_l{k}{s}",
            "b_hh": "bias_hh_l{k}{s}", "W_hr": "weight_hr_l{k}{s}", "P": "peephole_l{k}{s}"}  # fmt: skip


def backward(
    net: Network,
    result: ForwardResult,
    x: np.ndarray,
    h0: Any,
    c0: Any,
    loss: str = "sum",
    targets: np.ndarray | None = None,
    jacobian: bool = True,
    deadline: float | None = None,
) -> Gradients:
    """Gradients of the loss for a forward pass ``result = forward(net, x, h0, c0, …)``.

    x: (B, T, I), or the ids (B, T) with an embedding; targets: the shape of the prediction
    (y, else output; y_final with head_on final) for the mse loss. ``inputs`` is dL/dx, or
    dL/d(embedding vectors) (B, T, E) with an embedding.
    """
    arch = net.arch
    B, T = x.shape[:2]
    xin = result.embedding if arch.embedding is not None else x
    dtype = xin.dtype
    hs0, cs0 = initial_states(arch, B, dtype, h0, c0)
    final = arch.head_on == "final"
    valid, lengths = result.valid, result.lengths
    params: dict[str, np.ndarray] = {}
    with np.errstate(all="ignore"):
        if final:
            pred = result.y_final
        else:
            pred = result.y if result.y is not None else result.output
        if loss == "mse":
            diff = pred - targets
            value = float(np.mean(diff * diff))
            dpred = (2.0 / diff.size) * diff
        else:
            value = float(pred.sum())
            dpred = np.ones_like(pred)
        d = dpred
        head = result.head_final if final else result.head
        feats = result.final if final else result.output
        single = len(net.head) == 1 and not is_v2_names(arch)
        for j in range(len(net.head) - 1, -1, -1):
            z, y = head[j]
            dz = head_backward(arch.head[j], z, y, d)
            inp = feats if j == 0 else head[j - 1][1]
            name = "readout" if single else f"head.{j}"
            params[f"{name}.weight"] = dz.reshape(-1, dz.shape[-1]).T @ inp.reshape(-1, inp.shape[-1])
            params[f"{name}.bias"] = dz.reshape(-1, dz.shape[-1]).sum(axis=0)
            d = dz @ net.head[j].W
        if final:
            dout = np.zeros((T, B, arch.features), dtype)
            dfinal = d
        else:
            dout = np.ascontiguousarray(d.transpose(1, 0, 2))  # (T, B, W)
            dfinal = None
        n_states = arch.num_states
        dh0: list[Any] = [None] * n_states
        dc0: list[Any] = [None] * n_states
        hidden: list[list[np.ndarray]] = [[] for _ in arch.layers]
        jac: list[list[np.ndarray]] = [[] for _ in arch.layers]
        xt = np.ascontiguousarray(xin.transpose(1, 0, 2))
        firsts = _first_states(arch)
        for k in range(arch.num_layers - 1, -1, -1):
            spec = arch.layers[k]
            names = spec.direction_names()
            layer_in = xt if k == 0 else result.layer_outputs[k - 1]
            d_outs = unmerge(spec.merge_mode, dout, result.dir_outputs[k])
            d_finals = None
            if dfinal is not None:
                finals = [result.trace[k][i].h[0 if n != "forward" else T - 1] for i, n in enumerate(names)]
                d_finals = unmerge(spec.merge_mode, dfinal, finals)
                dfinal = None
            dx_total = np.zeros_like(layer_in)
            for i, (name, p) in enumerate(zip(names, net.layers[k], strict=True)):
                s = firsts[k] + i
                reverse = name != "forward"
                direct = unmask(d_outs[i], valid, lengths, reverse, spec.num_directions == 2)
                if d_finals is not None:  # a copy: sum/ave/mul merges share one gradient array
                    direct = np.array(direct)
                    direct[0 if reverse else T - 1] += d_finals[i]
                direct = np.ascontiguousarray(direct)
                c_s = cs0[s] if cs0 is not None and spec.cell == "lstm" else None
                dx, dh0[s], dc, grads, total, norms = direction_backward(
                    spec, p, result.trace[k][i], layer_in, hs0[s], c_s, direct, reverse, jacobian, deadline, valid
                )  # fmt: skip
                dc0[s] = dc
                dx_total += dx
                suffix = "" if name == "forward" else "_reverse"
                for field, g in grads.items():
                    if g is not None and (spec.bias or not field.startswith("b_")):
                        params[PT_NAMES[field].format(k=k, s=suffix)] = g
                hidden[k].append(total.transpose(1, 0, 2))
                jac[k].append(norms)
            dout = dx_total
        dinputs = dout.transpose(1, 0, 2)
        if arch.embedding is not None:
            dE = np.zeros_like(net.embedding)
            np.add.at(dE, x, dinputs)  # dE[id] += dL/dx_t
            if arch.embedding.padding_idx is not None:
                dE[arch.embedding.padding_idx] = 0.0
            params["embedding.weight"] = dE
    order = sorted(params, key=_state_dict_order)
    cs = [c for c in dc0 if c is not None]
    return Gradients(
        loss=value,
        inputs=dinputs,
        h0=stacked(dh0),
        c0=stacked(cs) if cs else None,
        parameters={name: params[name] for name in order},
        hidden=hidden,
        jacobian_norm=jac if jacobian else None,
    )


def is_v2_names(arch: Architecture) -> bool:
    """A network whose head is named head.{j} (any model v2 part) rather than readout."""
    head = arch.head
    plain = len(head) == 1 and head[0].activation in ("softmax", Act("identity"), Act("sigmoid"), TANH)
    return not plain or not arch.is_uniform or arch.embedding is not None or arch.head_on != "every_step"


def _first_states(arch: Architecture) -> list[int]:
    """The index s of each layer's first state."""
    out, s = [], 0
    for spec in arch.layers:
        out.append(s)
        s += spec.num_directions
    return out


def _state_dict_order(name: str) -> tuple:
    if name.startswith("embedding."):
        return (-1, 0, 0)
    if name.startswith(("readout.", "head.")):
        parts = name.split(".")
        j = int(parts[1]) if parts[0] == "head" else 0
        return (10**6 + j, parts[-1] != "weight", 0)
    kind, _, rest = name.partition("_l")
    layer = int(rest.split("_")[0])
    rank = ["weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr", "peephole"].index(kind)
    return (layer, "_reverse" in name, rank)
