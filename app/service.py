"""The use cases behind the routes and the CLI: a request (plain data) in, numpy results out.

Knows the limits but nothing of HTTP: errors are ``InputError`` / ``LimitError``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from .engine import Architecture, ForwardResult, Network, forward
from .engine.backward import Gradients, backward, jacobian_work
from .engine.forward import BudgetExceeded
from .errors import BusyError, InputError, LimitError
from .formats import read_network, write_weights
from .formats.common import as_array, expect_shape
from .inputs import read_inputs, read_state
from .settings import Settings

TRACE_FIELDS = ("input_term", "recurrent_term", "pre_activation", "gates", "c", "h")


def resolved_model(arch: Architecture) -> dict[str, Any]:
    readout = (
        {"size": arch.readout_size, "activation": arch.readout_activation} if arch.readout_size else None
    )
    return {
        "cell": arch.cell,
        "input_size": arch.input_size,
        "hidden_size": arch.hidden_size,
        "num_layers": arch.num_layers,
        "bidirectional": arch.bidirectional,
        "nonlinearity": arch.nonlinearity,
        "gate_activation": arch.gate_activation,
        "gru_reset_after": arch.gru_reset_after,
        "proj_size": arch.proj_size,
        "readout": readout,
    }


def check_model_limits(model: Mapping[str, Any], s: Settings) -> None:
    """Size limits that can be checked before any weight is read."""
    for name, limit in (("hidden_size", "max_hidden_size"), ("input_size", "max_input_size"),
                        ("proj_size", "max_hidden_size"), ("num_layers", "max_layers")):  # fmt: skip
        value = model.get(name)
        if value is not None and value > getattr(s, limit):
            raise LimitError(("model", name), name, value, s.env_name(limit), getattr(s, limit))
    readout = model.get("readout") or {}
    if (readout.get("size") or 0) > s.max_hidden_size:
        raise LimitError(("model", "readout", "size"), "readout size", readout["size"],
                         s.env_name("max_hidden_size"), s.max_hidden_size)  # fmt: skip


def check_work_limits(
    arch: Architecture, batch: int, steps: int, s: Settings, loc=("inputs",), gradients: bool = False
) -> None:
    """Limits on the whole computation, once the sizes are known (a backward pass costs about
    twice the forward pass and keeps as many numbers again)."""
    factor = 3 if gradients else 1
    checks = [
        (("model", "hidden_size"), "hidden_size", arch.hidden_size, "max_hidden_size"),
        (("model", "input_size"), "input_size", arch.input_size, "max_input_size"),
        (("model", "num_layers"), "num_layers", arch.num_layers, "max_layers"),
        (loc, "the number of steps", steps, "max_steps"),
        (loc, "the batch size", batch, "max_batch"),
        (
            loc,
            "the trace size (numbers)",
            (1 + gradients) * trace_values(arch, batch, steps),
            "max_trace_values",
        ),
        (loc, "the work (multiply-adds)", factor * work(arch, batch, steps), "max_work"),
    ]
    for where, what, value, limit in checks:
        if value > getattr(s, limit):
            raise LimitError(where, what, value, s.env_name(limit), getattr(s, limit))


def trace_values(arch: Architecture, batch: int, steps: int) -> int:
    G, H, P = len(arch.gates), arch.hidden_size, arch.output_size
    per_step = 4 * G * H + (H if arch.cell == "lstm" else 0) + (P if arch.cell != "rnn" else 0)
    return arch.num_layers * arch.num_directions * steps * batch * per_step


def work(arch: Architecture, batch: int, steps: int) -> int:
    G, H, P = len(arch.gates), arch.hidden_size, arch.output_size
    total = 0
    for k in range(arch.num_layers):
        total += arch.num_directions * G * H * (arch.layer_input_size(k) + P) + (
            H * P if arch.proj_size else 0
        )
    return total * batch * steps + batch * steps * arch.readout_size * arch.num_directions * P


def load_network(
    model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], s: Settings
) -> Network:
    check_model_limits(model, s)
    if weights.get("format") == "random":  # nothing to read the sizes from: say which is missing
        for name in ("input_size", "hidden_size"):
            if model.get(name) is None:
                raise InputError(("model", name), f"missing: random weights need model.{name}", "missing")
    net = read_network(model, explicit, weights)
    check_model_limits(resolved_model(net.arch), s)
    return net


def run_forward(
    req: Mapping[str, Any], explicit: set[str], s: Settings
) -> tuple[Network, ForwardResult, Any]:
    """req: a ForwardRequest as plain data (``model_dump``). Returns the network, the result and
    the inputs (for tokens and warnings)."""
    model, options = req["model"], req.get("options") or {}
    check_model_limits(model, s)
    inputs = read_inputs(req["inputs"], model.get("input_size"))
    if model.get("input_size") is None:  # the inputs say it (weights, if any, must agree below)
        model = {**model, "input_size": inputs.x.shape[2]}
    net = load_network(model, explicit, req["weights"], s)
    arch = net.arch
    B, T, I = inputs.x.shape
    if arch.input_size != I:
        raise InputError(("inputs",), f"expected {arch.input_size} features per step (input_size), got {I}",
                         "shape_error")  # fmt: skip
    grad_opts = gradient_options(options.get("gradients"))
    check_work_limits(arch, B, T, s, gradients=grad_opts is not None)
    state = req.get("initial_state") or {}
    h0 = read_state(state.get("h"), "h", arch, B, arch.output_size)
    c0 = read_state(state.get("c"), "c", arch, B, arch.hidden_size)
    if c0 is not None and arch.cell != "lstm":
        raise InputError(("initial_state", "c"), f"only an lstm has a cell state c, got one for {arch.cell}")
    targets = None
    if grad_opts is not None and grad_opts.get("loss") == "mse":
        targets = read_targets(grad_opts.get("targets"), arch, B, T)
    elif grad_opts is not None and grad_opts.get("loss") == "cross_entropy":
        targets = read_classes(grad_opts.get("targets"), arch, inputs, B, T)
    dtype = np.dtype(options.get("dtype", "float64"))
    try:
        with np.errstate(over="raise"):
            x, h0, c0, targets = (None if a is None else a.astype(dtype) for a in (inputs.x, h0, c0, targets))
            net = net.astype(dtype)
    except FloatingPointError:
        limit = np.finfo(dtype).max
        raise InputError(("options", "dtype"), f"expected every number within {dtype}'s range (±{limit:.3g}), "
                         "got a larger one in the inputs, state or weights: use float64") from None  # fmt: skip
    deadline = time.monotonic() + s.max_seconds
    try:
        result = forward(net, x, h0, c0, deadline)
        jacobian = jacobian_work(arch, B, T) <= s.max_jacobian_work
        if grad_opts is not None:
            loss = grad_opts.get("loss", "sum")
            result.gradients = backward(net, result, x, h0, c0, loss, targets, jacobian, deadline)
    except BudgetExceeded as e:
        setting = s.env_name("max_seconds")
        raise BusyError(
            f"the computation took longer than its budget of {s.max_seconds:g} s set by {setting} ({e}); "
            "ask for fewer steps, a smaller network or a smaller batch",
            setting,
            s.max_seconds,
        ) from None
    result.warnings = inputs.warnings + result.warnings
    if grad_opts is not None:
        if not jacobian:
            result.warnings.append(
                f"gradients.jacobian_norm is null: its work ({jacobian_work(arch, B, T):,}) is over "
                f"{s.env_name('max_jacobian_work')} = {s.max_jacobian_work:,}"
            )
        if not np.isfinite(result.gradients.loss):
            result.warnings.append("the loss is not finite; its gradients are not meaningful")
    return net, result, inputs


def gradient_options(value: Any) -> dict[str, Any] | None:
    if value is None or value is False:
        return None
    if value is True:
        return {"loss": "sum"}
    return dict(value)


def read_targets(value: Any, arch: Architecture, batch: int, steps: int) -> np.ndarray:
    loc = ("options", "gradients", "targets")
    width = arch.readout_size or arch.num_directions * arch.output_size
    what = "readout size" if arch.readout_size else "directions·output size"
    if value is None:
        raise InputError(
            loc, f"missing: the mse loss needs targets of shape ({batch}, {steps}, {width})", "missing"
        )
    a = as_array(value, loc, (2, 3))
    if a.ndim == 2:
        a = a[None]
    return expect_shape(a, (batch, steps, width), loc, f"(batch, steps, {what} {width})")


def read_classes(value: Any, arch: Architecture, inputs: Any, batch: int, steps: int) -> np.ndarray:
    """cross_entropy targets: (B, T) class indices (negative: not scored), or "next": for text
    inputs, the index of the next character (the last step is not scored)."""
    loc = ("options", "gradients", "targets")
    classes = arch.readout_size or arch.num_directions * arch.output_size
    if value == "next":
        if inputs.vocabulary is None:
            raise InputError(
                loc, 'expected text inputs for targets "next", got numbers: give (B, T) class indices'
            )
        ids = np.full((batch, steps), -1, dtype=np.int64)
        ids[:, :-1] = inputs.x[:, 1:].argmax(axis=-1)
        ids[:, :-1][inputs.x[:, 1:].max(axis=-1) == 0] = -1  # padding scores nothing
        value = ids
    if value is None:
        raise InputError(loc, f"missing: the cross_entropy loss needs targets: (B, T) = ({batch}, {steps}) class "
                         'indices or "next"', "missing")  # fmt: skip
    a = as_array(value, loc, (1, 2))
    if a.ndim == 1:
        a = a[None]
    a = expect_shape(a, (batch, steps), loc, "(batch, steps) class indices")
    if not np.all(a == np.round(a)) or a.max() >= classes:
        raise InputError(loc, f"expected integer class indices below {classes} (the number of outputs), "
                         f"got {a[(a != np.round(a)) | (a >= classes)].flat[0]:g}")  # fmt: skip
    return a.astype(np.int64)


def convert(model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], to: str, s: Settings):
    net = load_network(model, explicit, weights, s)
    out = write_weights(net, to)
    notes = []
    if to in ("pytorch", "tf1") and net.arch.gate_activation != "sigmoid" and net.arch.cell != "rnn":
        notes.append(f"{to} cells use sigmoid gates; these weights were meant for {net.arch.gate_activation}")
    return net, out, notes


def response_body(net: Network, result: ForwardResult, inputs: Any, fields: Any) -> dict[str, Any]:
    """The /forward response as a dict of numpy arrays, plain numbers and strings."""
    arch = net.arch
    wanted = set(TRACE_FIELDS) if fields is True else set(fields or ())
    trace = []
    for layer in result.trace:
        entry = {}
        for name, tr in zip(arch.direction_names(), layer, strict=True):
            entry[name] = {k: v for k, v in tr.arrays().items() if k in wanted}
        trace.append(entry)
    body: dict[str, Any] = {
        "model": resolved_model(arch),
        "batch": int(result.output.shape[0]),
        "steps": int(result.output.shape[1]),
        "gates": list(arch.gates),
    }
    if inputs.tokens is not None:
        body["tokens"] = inputs.tokens
        body["vocabulary"] = inputs.vocabulary
    body["output"] = result.output
    body["h_n"] = result.h_n
    if result.c_n is not None:
        body["c_n"] = result.c_n
    if result.y is not None:
        body["y"] = result.y
    body["trace"] = trace
    if result.gradients is not None:
        body["gradients"] = gradients_body(arch, result.gradients)
    body["warnings"] = result.warnings
    return body


def gradients_body(arch: Architecture, g: Gradients) -> dict[str, Any]:
    names = arch.direction_names()
    state = {"h": g.h0} if g.c0 is None else {"h": g.h0, "c": g.c0}
    return {
        "loss": g.loss,
        "inputs": g.inputs,
        "initial_state": state,
        "parameters": g.parameters,
        "hidden": [dict(zip(names, layer, strict=True)) for layer in g.hidden],
        "jacobian_norm": None
        if g.jacobian_norm is None
        else [dict(zip(names, layer, strict=True)) for layer in g.jacobian_norm],
    }
