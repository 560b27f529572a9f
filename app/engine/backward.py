"""Backpropagation through time for every cell, layer and direction, from the forward trace.

The loss is ``sum`` (L = Σ y, or Σ output without a readout), ``last`` (Σ of the last step's),
``mse`` (L = mean((y - targets)²)) or ``cross_entropy`` (losses.py). Going down the layers, each direction runs its steps in the
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
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .forward import ForwardResult, initial_states, steps
from .losses import loss_gradient
from .network import Architecture, CellParams, Network
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


def gate_derivative(arch: Architecture, s: np.ndarray) -> np.ndarray:
    """dσ/da from the gate value s = σ(a): s(1 - s) for the sigmoid, the slope inside (0, 1)
    for the hard sigmoids (0 where they are clipped)."""
    if arch.gate_activation == "sigmoid":
        return s * (1.0 - s)
    slope = 1.0 / 6.0 if arch.gate_activation == "hard_sigmoid" else 0.2
    return np.where((s > 0.0) & (s < 1.0), slope, 0.0).astype(s.dtype)


def coefficients(
    arch: Architecture, tr: DirectionTrace, h_prev: np.ndarray, c_prev: np.ndarray | None
) -> dict[str, np.ndarray]:
    H = arch.hidden_size
    g = tr.gates
    if arch.cell == "rnn":
        if arch.nonlinearity == "tanh":
            return {"act": 1.0 - g * g}
        return {"act": (tr.pre_activation > 0).astype(g.dtype)}
    if arch.cell == "lstm":
        i, f, gg, o = g[..., :H], g[..., H : 2 * H], g[..., 2 * H : 3 * H], g[..., 3 * H :]
        tc = np.tanh(tr.c)
        k_c = np.concatenate(
            [gg * gate_derivative(arch, i), c_prev * gate_derivative(arch, f), i * (1.0 - gg * gg)], axis=-1
        )
        return {
            "c_from_m": o * (1.0 - tc * tc),
            "a_from_c": k_c,
            "a_o": tc * gate_derivative(arch, o),
            "f": f,
            "m": o * tc,
        }
    r, z, n = g[..., :H], g[..., H : 2 * H], g[..., 2 * H :]
    k = {"n": (1.0 - z) * (1.0 - n * n), "z": (h_prev - n) * gate_derivative(arch, z), "keep": z, "r": r}
    if arch.gru_reset_after:
        k["r_from_n"] = tr.recurrent_term[..., 2 * H :] * gate_derivative(arch, r)
    else:
        k["r_from_rh"] = h_prev * gate_derivative(arch, r)
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


def direction_backward(arch: Architecture, p: CellParams, tr: DirectionTrace, x: np.ndarray, h0: np.ndarray,
                       c0: np.ndarray | None, direct: np.ndarray, reverse: bool, jacobian: bool,
                       deadline: float | None = None):  # fmt: skip
    """direct: (T, B, P) dL/dh_t from above (the next layer or the loss).
    Returns (dx (T,B,n), dh0, dc0, grads of W_ih, W_hh, b_ih, b_hh, W_hr, total dh (T,B,P), jac norms)."""
    T, B, _ = direct.shape
    H = arch.hidden_size
    h_prev = shifted(tr.h, h0, reverse)
    c_prev = shifted(tr.c, c0, reverse) if arch.cell == "lstm" else None
    k = coefficients(arch, tr, h_prev, c_prev)
    W = {"W_hh": p.W_hh, "W_hr": p.W_hr}
    G = len(arch.gates)
    da = np.empty((T, B, G * H), direct.dtype)
    drec_n = np.empty((T, B, H), direct.dtype) if arch.cell == "gru" else None
    total = np.empty_like(direct)
    dh_next = np.zeros_like(direct[0])
    dc_next = np.zeros((B, H), direct.dtype) if arch.cell == "lstm" else None
    order = steps(range(T) if reverse else range(T - 1, -1, -1), deadline)
    for t in order:
        dh = np.add(direct[t], dh_next, out=total[t])
        if arch.cell == "lstm":
            dh_next, dc_next = lstm_back(t, dh, dc_next, k, W, da[t])
        elif arch.cell == "gru":
            dh_next, _ = gru_back(t, dh, k, W, da[t], drec_n[t])
        else:
            dh_next, _ = rnn_back(t, dh, k, W, da[t])
    flat = da.reshape(T * B, G * H)
    grads = {
        "W_ih": flat.T @ x.reshape(T * B, -1),
        "b_ih": flat.sum(axis=0),
        "W_hr": None,
    }
    if arch.cell == "gru":
        drec = np.concatenate([da[..., : 2 * H], drec_n], axis=-1).reshape(T * B, G * H)
        rec_input = h_prev.reshape(T * B, -1)
        W_hh_grad = drec.T @ rec_input
        if not arch.gru_reset_after:  # the n block multiplies r ⊙ h_{t-1}
            W_hh_grad[2 * H :] = drec_n.reshape(T * B, H).T @ k["rh"].reshape(T * B, -1)
        grads["W_hh"], grads["b_hh"] = W_hh_grad, drec.sum(axis=0)
    else:
        grads["W_hh"], grads["b_hh"] = flat.T @ h_prev.reshape(T * B, -1), grads["b_ih"].copy()
    if p.W_hr is not None:
        grads["W_hr"] = total.reshape(T * B, -1).T @ k["m"].reshape(T * B, H)
    dx = (flat @ p.W_ih).reshape(T, B, -1)
    jac = jacobian_norms(arch, k, W, T, B, direct.dtype, reverse, deadline) if jacobian else None
    return dx, dh_next, dc_next, grads, total, jac


def jacobian_norms(
    arch: Architecture, k: dict, W: dict, T: int, B: int, dtype, reverse: bool, deadline: float | None = None
) -> np.ndarray:
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
        if arch.cell == "lstm":
            dh, dc = lstm_back(t, dh, dc, rows, W, da)
        elif arch.cell == "gru":
            dh, _ = gru_back(t, dh, rows, W, da, drec_n)
        else:
            dh, _ = rnn_back(t, dh, rows, W, da)
    return norms


class RepeatRows:
    """``[t]`` gives step t's (B, ·) coefficients with each row repeated S times, (B·S, ·)."""

    def __init__(self, a: np.ndarray, S: int) -> None:
        self.a, self.S = a, S

    def __getitem__(self, t: int) -> np.ndarray:
        return np.repeat(self.a[t], self.S, axis=0)


def jacobian_work(arch: Architecture, batch: int, steps: int) -> int:
    """Rough multiply-adds of jacobian_norms: an S×S SVD and S cotangent rows per step."""
    S = arch.output_size + (arch.hidden_size if arch.cell == "lstm" else 0)
    per_step = S**3 * 10 + S * len(arch.gates) * arch.hidden_size * arch.output_size
    return arch.num_layers * arch.num_directions * batch * steps * per_step


def readout_backward(net: Network, y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """dL/dz for y = act(z)."""
    act = net.arch.readout_activation
    if act == "softmax":
        return y * (dy - (dy * y).sum(axis=-1, keepdims=True))
    if act == "sigmoid":
        return dy * y * (1.0 - y)
    if act == "tanh":
        return dy * (1.0 - y * y)
    return dy


PT_NAMES = {"W_ih": "weight_ih_l{k}{s}", "W_hh": "weight_hh_l{k}{s}", "b_ih": "bias_ih_l{k}{s}",
            "b_hh": "bias_hh_l{k}{s}", "W_hr": "weight_hr_l{k}{s}"}  # fmt: skip


def backward(
    net: Network,
    result: ForwardResult,
    x: np.ndarray,
    h0: np.ndarray | None,
    c0: np.ndarray | None,
    loss: str = "sum",
    targets: np.ndarray | None = None,
    jacobian: bool = True,
    deadline: float | None = None,
) -> Gradients:
    """Gradients of the loss for a forward pass ``result = forward(net, x, h0, c0)``.

    x: (B, T, I); targets: (B, T, O) with a readout, else (B, T, D·P), for the mse loss;
    (B, T) class indices (negative: not scored) for cross_entropy.
    """
    arch = net.arch
    B, T, _ = x.shape
    D, P = arch.num_directions, arch.output_size
    h0, c0 = initial_states(arch, B, x.dtype, h0, c0)
    params: dict[str, np.ndarray] = {}
    with np.errstate(all="ignore"):
        pred = result.y if result.y is not None else result.output
        softmax = net.readout is not None and arch.readout_activation == "softmax"
        value, dpred, on_logits = loss_gradient(loss, pred, targets, softmax)
        if net.readout is not None:
            dz = dpred if on_logits else readout_backward(net, result.y, dpred)
            params["readout.weight"] = dz.reshape(-1, dz.shape[-1]).T @ result.output.reshape(B * T, -1)
            params["readout.bias"] = dz.reshape(-1, dz.shape[-1]).sum(axis=0)
            dout = dz @ net.readout.W
        else:
            dout = dpred
        direct = np.ascontiguousarray(dout.transpose(1, 0, 2))  # (T, B, D·P)
        dh0 = np.empty_like(h0)
        dc0 = None if c0 is None else np.empty_like(c0)
        hidden: list[list[np.ndarray]] = [[] for _ in range(arch.num_layers)]
        jac: list[list[np.ndarray]] = [[] for _ in range(arch.num_layers)]
        xt = np.ascontiguousarray(x.transpose(1, 0, 2))
        for k in range(arch.num_layers - 1, -1, -1):
            layer_in = xt if k == 0 else _concat([tr.h for tr in result.trace[k - 1]])
            dx_total = np.zeros_like(layer_in)
            for d, p in enumerate(net.layers[k]):
                s = k * D + d
                dx, dh0[s], dc, grads, total, norms = direction_backward(
                    arch, p, result.trace[k][d], layer_in, h0[s], None if c0 is None else c0[s],
                    np.ascontiguousarray(direct[..., d * P : (d + 1) * P]), d == 1, jacobian, deadline,
                )  # fmt: skip
                if dc0 is not None:
                    dc0[s] = dc
                dx_total += dx
                suffix = "_reverse" if d == 1 else ""
                for name, g in grads.items():
                    if g is not None and (arch.bias or not name.startswith("b_")):
                        params[PT_NAMES[name].format(k=k, s=suffix)] = g
                hidden[k].append(total.transpose(1, 0, 2))
                jac[k].append(norms)
            direct = dx_total
    order = sorted(params, key=_state_dict_order)
    return Gradients(
        loss=value,
        inputs=direct.transpose(1, 0, 2),
        h0=dh0,
        c0=dc0,
        parameters={name: params[name] for name in order},
        hidden=hidden,
        jacobian_norm=jac if jacobian else None,
    )


def _concat(parts: list[np.ndarray]) -> np.ndarray:
    return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=2)


def _state_dict_order(name: str) -> tuple:
    if name.startswith("readout."):
        return (10**6, name != "readout.weight")
    kind, _, rest = name.partition("_l")
    layer = int(rest.split("_")[0])
    rank = ["weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr"].index(kind)
    return (layer, "_reverse" in name, rank)
