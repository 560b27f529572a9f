"""The use cases behind the routes and the CLI: a request (plain data) in, numpy results out.

Knows the limits but nothing of HTTP: errors are ``InputError`` / ``LimitError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .engine import Architecture, ForwardResult, Network, forward
from .errors import InputError, LimitError
from .formats import read_network, write_weights
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


def check_work_limits(arch: Architecture, batch: int, steps: int, s: Settings, loc=("inputs",)) -> None:
    """Limits on the whole computation, once the sizes are known."""
    checks = [
        (("model", "hidden_size"), "hidden_size", arch.hidden_size, "max_hidden_size"),
        (("model", "input_size"), "input_size", arch.input_size, "max_input_size"),
        (("model", "num_layers"), "num_layers", arch.num_layers, "max_layers"),
        (loc, "the number of steps", steps, "max_steps"),
        (loc, "the batch size", batch, "max_batch"),
        (loc, "the trace size (numbers)", trace_values(arch, batch, steps), "max_trace_values"),
        (loc, "the work (multiply-adds)", work(arch, batch, steps), "max_work"),
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


def explicit_fields(model: Any) -> set[str]:
    return set(model.model_fields_set) if hasattr(model, "model_fields_set") else set(model)


def load_network(
    model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], s: Settings
) -> Network:
    check_model_limits(model, s)
    if weights.get("format") == "random":  # nothing to read: check before drawing
        H = model.get("hidden_size")
        if model.get("input_size") is None or H is None:
            missing = "input_size" if model.get("input_size") is None else "hidden_size"
            raise InputError(("model", missing), f"missing: random weights need model.{missing}", "missing")
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
    check_work_limits(arch, B, T, s)
    state = req.get("initial_state") or {}
    h0 = read_state(state.get("h"), "h", arch, B, arch.output_size)
    c0 = read_state(state.get("c"), "c", arch, B, arch.hidden_size)
    if c0 is not None and arch.cell != "lstm":
        raise InputError(("initial_state", "c"), f"only an lstm has a cell state c, got one for {arch.cell}")
    dtype = np.dtype(options.get("dtype", "float64"))
    try:
        with np.errstate(over="raise"):
            cast = [None if a is None else a.astype(dtype) for a in (inputs.x, h0, c0)]
            net = net.astype(dtype)
    except FloatingPointError:
        limit = np.finfo(dtype).max
        raise InputError(("options", "dtype"), f"expected every number within {dtype}'s range (±{limit:.3g}), "
                         "got a larger one in the inputs, state or weights: use float64") from None  # fmt: skip
    result = forward(net, *cast)
    result.warnings = inputs.warnings + result.warnings
    return net, result, inputs


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
    body["output"] = result.output
    body["h_n"] = result.h_n
    if result.c_n is not None:
        body["c_n"] = result.c_n
    if result.y is not None:
        body["y"] = result.y
    body["trace"] = trace
    body["warnings"] = result.warnings
    return body
