"""The use cases behind the routes and the CLI: a request (plain data) in, numpy results out.

Knows the limits but nothing of HTTP: errors are ``InputError`` / ``LimitError``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from .engine import Architecture, ForwardResult, LayerSpec, Network, forward
from .engine.backward import Gradients, backward, jacobian_work
from .engine.forward import BudgetExceeded
from .errors import BusyError, InputError, LimitError
from .formats import read_network, write_weights
from .formats.canonical import is_v2_arch
from .formats.common import as_array, expect_shape
from .formats.v2 import is_v2
from .inputs import check_ids, read_inputs, read_state
from .settings import Settings

TRACE_FIELDS = ("input_term", "recurrent_term", "pre_activation", "gates", "c", "h")


def resolved_model(arch: Architecture) -> dict[str, Any]:
    """The model as the engine resolved it: today's fields, and for a model v2 network its
    layers, embedding, head and head_on (a valid request ``model`` either way)."""
    v2 = is_v2_arch(arch)
    readout = None
    if arch.head and not v2:
        readout = {"size": arch.head[0].size, "activation": arch.head[0].act_name}
    out = {
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
    if v2:
        out["layers"] = [layer_model(spec) for spec in arch.layers]
        emb = arch.embedding
        out["embedding"] = None if emb is None else {
            "num_embeddings": emb.num_embeddings, "embedding_dim": emb.embedding_dim,
            "padding_idx": emb.padding_idx, "mask_zero": emb.mask_zero,
        }  # fmt: skip
        out["head"] = [{"size": d.size, "activation": d.activation if isinstance(d.activation, str)
                        else d.activation.spec()} for d in arch.head] or None  # fmt: skip
        out["head_on"] = arch.head_on
    return out


def layer_model(spec: LayerSpec) -> dict[str, Any]:
    activations = {"gate": spec.gate.spec(), "cell": spec.cell_act.spec()}
    if spec.cell == "lstm":
        activations["output"] = spec.output.spec()
    return {
        "cell": spec.cell, "input_size": spec.input_size, "hidden_size": spec.hidden_size,
        "direction": spec.direction, "merge_mode": spec.merge_mode, "activations": activations,
        "peepholes": spec.peepholes, "clip": spec.clip, "proj_size": spec.proj_size,
        "gru_reset_after": spec.gru_reset_after, "bias": spec.bias, "return_sequences": spec.return_sequences,
    }  # fmt: skip


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
    for k, layer in enumerate(model.get("layers") or []):
        for name in ("hidden_size", "input_size", "proj_size"):
            value = (layer or {}).get(name)
            if value is not None and value > s.max_hidden_size:
                raise LimitError(("model", "layers", k, name), f"layer {k} {name}", value,
                                 s.env_name("max_hidden_size"), s.max_hidden_size)  # fmt: skip
    if len(model.get("layers") or []) > s.max_layers:
        raise LimitError(("model", "layers"), "the number of layers", len(model["layers"]),
                         s.env_name("max_layers"), s.max_layers)  # fmt: skip
    for k, dense in enumerate(model.get("head") or []):
        value = (dense or {}).get("size")
        if value is not None and value > s.max_hidden_size:
            raise LimitError(("model", "head", k, "size"), f"head layer {k} size", value,
                             s.env_name("max_hidden_size"), s.max_hidden_size)  # fmt: skip
    if len(model.get("head") or []) > s.max_layers:
        raise LimitError(("model", "head"), "the number of head layers", len(model["head"]),
                         s.env_name("max_layers"), s.max_layers)  # fmt: skip
    emb = model.get("embedding") or {}
    for name, limit in (("num_embeddings", "max_vocabulary"), ("embedding_dim", "max_input_size")):
        value = emb.get(name)
        if value is not None and value > getattr(s, limit):
            raise LimitError(("model", "embedding", name), f"embedding.{name}", value, s.env_name(limit),
                             getattr(s, limit))  # fmt: skip


def check_work_limits(
    arch: Architecture, batch: int, steps: int, s: Settings, loc=("inputs",), gradients: bool = False
) -> None:
    """Limits on the whole computation, once the sizes are known (a backward pass costs about
    twice the forward pass and keeps as many numbers again)."""
    factor = 3 if gradients else 1
    checks = [
        (
            ("model", "hidden_size"),
            "hidden_size",
            max(spec.hidden_size for spec in arch.layers),
            "max_hidden_size",
        ),
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
    """Numbers the engine keeps: every trace field, the layers' outputs, the embedding and the head."""
    total = 0
    for spec in arch.layers:
        G, H, P = len(spec.gates), spec.hidden_size, spec.output_size
        per_step = 4 * G * H + (H if spec.cell == "lstm" else 0) + (P if spec.cell != "rnn" else 0)
        total += spec.num_directions * per_step
    if arch.embedding is not None:
        total += arch.embedding.embedding_dim
    total += 2 * sum(d.size for d in arch.head)
    return total * steps * batch


def work(arch: Architecture, batch: int, steps: int) -> int:
    total = 0
    for spec in arch.layers:
        G, H, P = len(spec.gates), spec.hidden_size, spec.output_size
        total += spec.num_directions * (G * H * (spec.input_size + P) + (H * P if spec.proj_size else 0))
    width = arch.features
    for d in arch.head:
        total += width * d.size
        width = d.size
    return total * batch * steps


def load_network(
    model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], s: Settings
) -> Network:
    check_model_limits(model, s)
    if weights.get("format") == "random" and not is_v2(model):  # nothing to read the sizes from: say which
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
    raw = req["inputs"]
    ids_given = isinstance(raw, Mapping) and "ids" in raw
    pre, pre_error = None, None
    if not ids_given and model.get("embedding") is None:
        try:
            pre = read_inputs(raw, model.get("input_size"))
        except InputError as e:
            if not isinstance(raw, Mapping) or req["weights"].get("format") not in ("canonical", "pytorch"):
                raise
            pre_error = e  # text: it may be token ids for an embedding the weights hold
        if pre is not None and model.get("input_size") is None:  # the inputs say it (weights must agree)
            model = {**model, "input_size": pre.x.shape[2]}
    net = load_network(model, explicit, req["weights"], s)
    arch = net.arch
    if arch.embedding is not None:
        inputs = read_inputs(raw, None, arch.embedding, req.get("vocabulary"))
        check_ids(inputs.x, arch.embedding.num_embeddings)
    elif ids_given:
        raise InputError(("inputs", "ids"), "expected numbers (B, T, I): token ids need a model with an "
                         "embedding (model.embedding, or embedding weights)", "value_error")  # fmt: skip
    elif pre_error is not None:
        raise pre_error
    else:
        inputs = pre
        if arch.input_size != inputs.x.shape[2]:
            raise InputError(("inputs",), f"expected {arch.input_size} features per step (input_size), got "
                             f"{inputs.x.shape[2]}", "shape_error")  # fmt: skip
    B, T = inputs.x.shape[:2]
    lengths = read_lengths(req.get("lengths"), B, T)
    grad_opts = gradient_options(options.get("gradients"))
    check_work_limits(arch, B, T, s, gradients=grad_opts is not None)
    state = req.get("initial_state") or {}
    h0 = read_state(state.get("h"), "h", arch, B, arch.output_size)
    c0 = read_state(state.get("c"), "c", arch, B, arch.hidden_size)
    if c0 is not None and any(spec.cell != "lstm" for spec in arch.layers):
        raise InputError(("initial_state", "c"), f"only an lstm has a cell state c, got one for {arch.cell}")
    targets = None
    if grad_opts is not None and grad_opts.get("loss") == "mse":
        targets = read_targets(grad_opts.get("targets"), arch, B, T)
    dtype = np.dtype(options.get("dtype", "float64"))
    try:
        with np.errstate(over="raise"):
            h0, c0, targets = (_cast(a, dtype) for a in (h0, c0, targets))
            x = inputs.x if arch.embedding is not None else inputs.x.astype(dtype)
            net = net.astype(dtype)
    except FloatingPointError:
        limit = np.finfo(dtype).max
        raise InputError(("options", "dtype"), f"expected every number within {dtype}'s range (±{limit:.3g}), "
                         "got a larger one in the inputs, state or weights: use float64") from None  # fmt: skip
    deadline = time.monotonic() + s.max_seconds
    try:
        result = forward(net, x, h0, c0, deadline, lengths)
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
    result.warnings = list(net.notes) + inputs.warnings + result.warnings
    if grad_opts is not None:
        if not jacobian:
            result.warnings.append(
                f"gradients.jacobian_norm is null: its work ({jacobian_work(arch, B, T):,}) is over "
                f"{s.env_name('max_jacobian_work')} = {s.max_jacobian_work:,}"
            )
        if not np.isfinite(result.gradients.loss):
            result.warnings.append("the loss is not finite; its gradients are not meaningful")
    return net, result, inputs


def _cast(a: Any, dtype: np.dtype) -> Any:
    """An array, a list of arrays (states of different widths) or None, in ``dtype``."""
    if a is None:
        return None
    if isinstance(a, list):
        return [x.astype(dtype) for x in a]
    return a.astype(dtype)


def gradient_options(value: Any) -> dict[str, Any] | None:
    if value is None or value is False:
        return None
    if value is True:
        return {"loss": "sum"}
    return dict(value)


def read_targets(value: Any, arch: Architecture, batch: int, steps: int) -> np.ndarray:
    """(B, T, O) per step, or (B, O) for head_on final (O: the head's size, else the output width)."""
    loc = ("options", "gradients", "targets")
    width = arch.out_size
    what = "readout size" if arch.head else "directions·output size"
    final = arch.head_on == "final"
    shape = (batch, width) if final else (batch, steps, width)
    if value is None:
        raise InputError(loc, f"missing: the mse loss needs targets of shape {shape}", "missing")
    a = as_array(value, loc, (1, 2) if final else (2, 3))
    if a.ndim == len(shape) - 1:
        a = a[None]
    why = f"(batch, {what} {width}) for head_on final" if final else f"(batch, steps, {what} {width})"
    return expect_shape(a, shape, loc, why)


def read_lengths(value: Any, batch: int, steps: int) -> np.ndarray | None:
    """lengths (B,): every value in [1, T]."""
    if value is None:
        return None
    loc = ("lengths",)
    a = as_array(value, loc, 1)
    expect_shape(a, (batch,), loc, "(one per batch row)")
    bad = (a < 1) | (a > steps) | (a != np.round(a))
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError((*loc, i), f"expected an integer length in [1, {steps}] (the steps), got {a[i]:g}")
    return a.astype(np.int64)


def convert(model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], to: str, s: Settings):
    net = load_network(model, explicit, weights, s)
    out = write_weights(net, to)
    notes = []
    if (
        to in ("pytorch", "tf1")
        and net.arch.gate_activation != "sigmoid"
        and net.arch.cell != "rnn"
        and not is_v2_arch(net.arch)
    ):
        notes.append(f"{to} cells use sigmoid gates; these weights were meant for {net.arch.gate_activation}")
    return net, out, notes


def response_body(net: Network, result: ForwardResult, inputs: Any, fields: Any) -> dict[str, Any]:
    """The /forward response as a dict of numpy arrays, plain numbers and strings."""
    arch = net.arch
    wanted = set(TRACE_FIELDS) | {"embedding", "head"} if fields is True else set(fields or ())
    trace = []
    for spec, layer in zip(arch.layers, result.trace, strict=True):
        entry = {}
        for name, tr in zip(spec.direction_names(), layer, strict=True):
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
    if result.y_final is not None:
        body["y_final"] = result.y_final
    if result.embedding is not None and "embedding" in wanted:
        body["embedding"] = result.embedding
    head = result.head_final if result.head_final is not None else result.head
    if head and "head" in wanted and is_v2_arch(arch):
        body["head"] = [{"pre_activation": z, "activation": a} for z, a in head]
    if result.lengths is not None:
        body["lengths"] = [int(n) for n in result.lengths]
    body["trace"] = trace
    if result.gradients is not None:
        body["gradients"] = gradients_body(arch, result.gradients)
    body["warnings"] = result.warnings
    return body


def gradients_body(arch: Architecture, g: Gradients) -> dict[str, Any]:
    names = [spec.direction_names() for spec in arch.layers]
    state = {"h": g.h0} if g.c0 is None else {"h": g.h0, "c": g.c0}
    return {
        "loss": g.loss,
        "inputs": g.inputs,
        "initial_state": state,
        "parameters": g.parameters,
        "hidden": [dict(zip(n, layer, strict=True)) for n, layer in zip(names, g.hidden, strict=True)],
        "jacobian_norm": None
        if g.jacobian_norm is None
        else [dict(zip(n, layer, strict=True)) for n, layer in zip(names, g.jacobian_norm, strict=True)],
    }
