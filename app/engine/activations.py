"""Element-wise activations, written in place into preallocated arrays.

Every function has the signature ``f(x, out) -> out`` so that the per-step loop allocates
nothing. None of them can overflow: the sigmoid is ``(1 + tanh(x / 2)) / 2``, which never
exponentiates a large number, so no RuntimeWarning reaches a user (REFERENCE.md §4).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Activation = Callable[[np.ndarray, np.ndarray], np.ndarray]


def sigmoid(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """σ(x) = (1 + tanh(x/2)) / 2, exact to 1 ulp of 1/(1+exp(-x)) and overflow-free."""
    np.multiply(x, 0.5, out=out)
    np.tanh(out, out=out)
    np.add(out, 1.0, out=out)
    return np.multiply(out, 0.5, out=out)


def sigmoid_of_half(x_half: np.ndarray, out: np.ndarray) -> np.ndarray:
    """σ(2·x_half) = tanh(x_half)/2 + 1/2: the sigmoid of a pre-activation already halved."""
    np.tanh(x_half, out)
    out *= 0.5
    out += 0.5
    return out


def hard_sigmoid(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Keras 3: clip(x/6 + 1/2, 0, 1)."""
    np.divide(x, 6.0, out=out)
    np.add(out, 0.5, out=out)
    return np.clip(out, 0.0, 1.0, out=out)


def hard_sigmoid_keras2(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Keras 2: clip(0.2 x + 1/2, 0, 1)."""
    np.multiply(x, 0.2, out=out)
    np.add(out, 0.5, out=out)
    return np.clip(out, 0.0, 1.0, out=out)


def tanh(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    return np.tanh(x, out=out)


def relu(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0, out=out)


def identity(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    if out is not x:
        np.copyto(out, x)
    return out


def softmax(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, shifted by the row maximum so exp never overflows."""
    np.subtract(x, x.max(axis=-1, keepdims=True), out=out)
    np.exp(out, out=out)
    return np.divide(out, out.sum(axis=-1, keepdims=True), out=out)


GATE_ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": sigmoid,
    "hard_sigmoid": hard_sigmoid,
    "hard_sigmoid_keras2": hard_sigmoid_keras2,
}
NONLINEARITIES: dict[str, Activation] = {"tanh": tanh, "relu": relu}
READOUT_ACTIVATIONS: dict[str, Activation] = {
    "identity": identity,
    "softmax": softmax,
    "sigmoid": sigmoid,
    "tanh": tanh,
}
