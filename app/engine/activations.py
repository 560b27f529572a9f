"""Element-wise activations, written in place into preallocated arrays.

Every function has the signature ``f(x, out) -> out`` so that the per-step loop allocates
nothing. None of them can overflow: the sigmoid is ``(1 + tanh(x / 2)) / 2``, which never
exponentiates a large number, so no RuntimeWarning reaches a user (REFERENCE.md §4).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

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


# ---------------------------------------------------------------------------------------------
# model v2: the union of Keras' and ONNX's element-wise activations, with parameters

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

# name -> (alpha default, beta default); None: the parameter is not used; "required": no default
ACTIVATION_PARAMS: dict[str, tuple[float | str | None, float | str | None]] = {
    "tanh": (None, None),
    "sigmoid": (None, None),
    "relu": (None, None),
    "softsign": (None, None),
    "softplus": (None, None),
    "linear": (None, None),
    "identity": (None, None),
    "exponential": (None, None),
    "affine": ("required", "required"),
    "hard_sigmoid": (0.2, 0.5),
    "hard_sigmoid_keras2": (0.2, 0.5),
    "leaky_relu": (0.01, None),
    "thresholded_relu": (1.0, None),
    "elu": (1.0, None),
    "selu": (SELU_ALPHA, SELU_SCALE),
    "scaled_tanh": (1.0, 1.0),
}


def _hard(x: np.ndarray, out: np.ndarray, alpha: float, beta: float) -> np.ndarray:
    np.multiply(x, alpha, out=out)
    np.add(out, beta, out=out)
    return np.clip(out, 0.0, 1.0, out=out)


def _apply(name: str, x: np.ndarray, out: np.ndarray, a: float, b: float) -> np.ndarray:
    """out = f(x) for the activation ``name`` with parameters a (alpha), b (beta)."""
    if name == "tanh":
        return np.tanh(x, out=out)
    if name == "sigmoid":
        return sigmoid(x, out)
    if name == "relu":
        return np.maximum(x, 0.0, out=out)
    if name in ("linear", "identity"):
        return identity(x, out)
    if name == "softsign":
        return np.divide(x, 1.0 + np.abs(x), out=out)
    if name == "softplus":
        return np.logaddexp(0.0, x, out=out)
    if name == "exponential":
        return np.exp(x, out=out)
    if name == "affine":
        np.multiply(x, a, out=out)
        return np.add(out, b, out=out)
    if name in ("hard_sigmoid", "hard_sigmoid_keras2"):
        return _hard(x, out, a, b)
    if name == "leaky_relu":
        out[...] = np.where(x >= 0, x, a * x)
        return out
    if name == "thresholded_relu":
        out[...] = np.where(x > a, x, 0.0)
        return out
    if name == "elu":
        out[...] = np.where(x >= 0, x, a * np.expm1(np.minimum(x, 0.0)))
        return out
    if name == "selu":
        out[...] = b * np.where(x > 0, x, a * np.expm1(np.minimum(x, 0.0)))
        return out
    if name == "scaled_tanh":
        np.multiply(x, b, out=out)
        np.tanh(out, out=out)
        return np.multiply(out, a, out=out)
    raise ValueError(name)


def _derivative(name: str, x: np.ndarray, y: np.ndarray, a: float, b: float) -> np.ndarray:
    """f'(x) from the input x and the value y = f(x)."""
    if name == "tanh":
        return 1.0 - y * y
    if name == "sigmoid":
        return y * (1.0 - y)
    if name == "relu":
        return (x > 0).astype(x.dtype)
    if name in ("linear", "identity"):
        return np.ones_like(x)
    if name == "softsign":
        d = 1.0 + np.abs(x)
        return 1.0 / (d * d)
    if name == "softplus":
        return sigmoid(x, np.empty_like(x))
    if name == "exponential":
        return y.copy()
    if name == "affine":
        return np.full_like(x, a)
    if name in ("hard_sigmoid", "hard_sigmoid_keras2"):
        z = a * x + b
        return np.where((z > 0.0) & (z < 1.0), a, 0.0).astype(x.dtype)
    if name == "leaky_relu":
        return np.where(x >= 0, 1.0, a).astype(x.dtype)
    if name == "thresholded_relu":
        return (x > a).astype(x.dtype)
    if name == "elu":
        return np.where(x >= 0, 1.0, y + a).astype(x.dtype)  # α(eˣ-1) + α
    if name == "selu":
        return np.where(x > 0, b, y + a * b).astype(x.dtype)  # γα eˣ = y + γα
    if name == "scaled_tanh":
        t = np.tanh(b * x)
        return a * b * (1.0 - t * t)
    raise ValueError(name)


class Act(NamedTuple):
    """An element-wise activation with its parameters resolved (alpha, beta; 0 when unused)."""

    name: str
    alpha: float = 0.0
    beta: float = 0.0

    def __call__(self, x: np.ndarray, out: np.ndarray) -> np.ndarray:
        return _apply(self.name, x, out, self.alpha, self.beta)

    def derivative(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return _derivative(self.name, x, y, self.alpha, self.beta)

    def spec(self) -> str | dict[str, float | str]:
        """The model JSON form: the bare name when the parameters are the defaults."""
        da, db = ACTIVATION_PARAMS[self.name]
        params = {}
        if da is not None and (da == "required" or self.alpha != da):
            params["alpha"] = self.alpha
        if db is not None and (db == "required" or self.beta != db):
            params["beta"] = self.beta
        return {"name": self.name, **params} if params else self.name


def make_act(name: str, alpha: float | None = None, beta: float | None = None) -> Act:
    """An Act with the defaults of ACTIVATION_PARAMS filled in (ValueError: a required one is missing)."""
    if name not in ACTIVATION_PARAMS:
        raise ValueError(f"unknown activation {name!r}")
    da, db = ACTIVATION_PARAMS[name]
    values = []
    for given, default, what in ((alpha, da, "alpha"), (beta, db, "beta")):
        if default is None:
            values.append(0.0 if given is None else float(given))
        elif given is not None:
            values.append(float(given))
        elif default == "required":
            raise ValueError(f"{name} needs {what}")
        else:
            values.append(float(default))
    return Act(name, *values)


HARD_SIGMOID_KERAS3 = Act("hard_sigmoid", 1.0 / 6.0, 0.5)
TOP_LEVEL_GATES = {  # model.gate_activation (today's names) -> an Act
    "sigmoid": Act("sigmoid"),
    "hard_sigmoid": HARD_SIGMOID_KERAS3,
    "hard_sigmoid_keras2": Act("hard_sigmoid_keras2", 0.2, 0.5),
}
HEAD_ACTIVATIONS = ("softmax", *ACTIVATION_PARAMS)
