"""The losses BPTT starts from: their value and their gradient with respect to the prediction.

pred: (B, T, O) the readout's y, or the top layer's output (B, T, D·P) without a readout.

sum            L = Σ_{b,t,o} pred                         dL/dpred = 1
last           L = Σ_{b,o} pred[:, T-1]                   dL/dpred = 1 at t = T-1, else 0
               (only the last step is scored: every other step's dL/dh_t is what flows back
               from it, the picture of vanishing or exploding gradients)
mse            L = mean((pred - targets)²)                dL/dpred = 2 (pred - targets) / size
cross_entropy  L = -(1/N) Σ log p[b, t, k_bt]  over the N steps with a class k_bt ≥ 0 (k < 0: not
               scored, like PyTorch's ignore_index), with p = y for a softmax readout and
               p = softmax(pred) otherwise (pred taken as logits, as F.cross_entropy does).
               dL/dz = (p - onehot(k)) / N  on the logits z (the softmax readout's pre-activation),
               computed directly so that a p that underflowed to 0 gives no 0 · ∞.
"""

from __future__ import annotations

import numpy as np

LOSSES = ("sum", "last", "mse", "cross_entropy")


def loss_gradient(
    loss: str, pred: np.ndarray, targets: np.ndarray | None, softmax_readout: bool
) -> tuple[float, np.ndarray, bool]:
    """(L, gradient, on_logits): the gradient is dL/dpred, or dL/dz on the logits when
    ``on_logits`` (cross_entropy: z is the softmax readout's pre-activation, or pred itself).

    targets: (B, T, O) floats for mse; (B, T) class indices for cross_entropy ((B, O) and (B,)
    with head_on final)."""
    if loss == "mse":
        diff = pred - targets
        return float(np.mean(diff * diff)), (2.0 / diff.size) * diff, False
    if loss == "last" and pred.ndim == 3:  # with head_on final, pred (B, O) is one step: as sum
        d = np.zeros_like(pred)
        d[:, -1] = 1.0
        return float(pred[:, -1].sum()), d, False
    if loss == "cross_entropy":
        return (*cross_entropy(pred, targets, softmax_readout), True)
    return float(pred.sum()), np.ones_like(pred), False


def cross_entropy(pred: np.ndarray, k: np.ndarray, probabilities: bool) -> tuple[float, np.ndarray]:
    """k: (B, T) integer classes, negative = not scored. Returns (L, dL/dz)."""
    scored = k >= 0
    n = max(int(scored.sum()), 1)
    if probabilities:
        p = pred
        log_p = np.log(pred)
    else:
        shifted = pred - pred.max(axis=-1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        p = np.exp(log_p)
    idx = np.where(scored, k, 0).astype(np.intp)[..., None]
    picked = np.take_along_axis(log_p, idx, axis=-1)[..., 0]
    value = -float(picked[scored].sum()) / n
    dz = p.copy()
    np.put_along_axis(dz, idx, np.take_along_axis(dz, idx, axis=-1) - 1.0, axis=-1)
    dz *= scored[..., None] / n
    return value, dz
