"""Interpret an ONNX graph as `[Embedding] -> recurrent layers -> [Dense head]` (model-v2).

The graph is walked once in topological order with *abstract* values instead of numbers:

- ``Const``: an initializer, a ``Constant`` or anything computed from them (folded with NumPy);
- ``Zeros``: zeros of a shape known only at run time (``ConstantOfShape``, ``Expand`` of zeros:
  how exporters build the default initial state);
- ``Shape``: a shape vector whose entries are numbers or named run-time sizes (``Shape`` of the
  input and the ``Gather``/``Unsqueeze``/``Concat`` exporters apply to it);
- ``Sym``: the data flowing from the graph input, described axis by axis: an input axis (the
  first recurrent node says which is time and which is batch), a feature axis whose slices name
  where they came from (the input, the embedding, layer k's forward or backward outputs at every
  step or at its final step, head layer k), and the (direction, hidden) axes of LSTM/GRU/RNN
  outputs before exporters fold them with Transpose/Reshape/Squeeze.

Every node's effect on those descriptions is checked, so the walk accepts exactly the graphs
whose numbers model-v2 reproduces, and a node it cannot follow is a 422 naming its op type and
name. ONNX gate orders become PyTorch's: LSTM W/R/B rows [i, o, f, c] -> i, f, g, o; GRU
[z, r, h] -> r, z, n; RNN [h]; B is [Wb, Rb]; peepholes P stay in ONNX's order (i, o, f).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ...errors import InputError

LOC = ("file",)
ONNX_GATES = {"LSTM": "iofc", "GRU": "zrh", "RNN": "h"}
CANONICAL = {"LSTM": (("i", "i"), ("f", "f"), ("g", "c"), ("o", "o")),
             "GRU": (("r", "r"), ("z", "z"), ("n", "h")), "RNN": (("h", "h"),)}  # fmt: skip
CELLS = {"LSTM": "lstm", "GRU": "gru", "RNN": "rnn"}
DEFAULT_ACTS = {"LSTM": ["Sigmoid", "Tanh", "Tanh"], "GRU": ["Sigmoid", "Tanh"], "RNN": ["Tanh"]}
ACT_ROLES = {"LSTM": ("gate", "cell", "output"), "GRU": ("gate", "cell"), "RNN": ("cell",)}
# ONNX recurrent activation -> (model-v2 name, uses alpha, uses beta); onnxruntime's defaults when
# activation_alpha/beta run out (rnn_helpers.cc NameToArgDefaultsMap; 0 for every other one)
RNN_ACTS = {
    "relu": ("relu", False, False), "tanh": ("tanh", False, False), "sigmoid": ("sigmoid", False, False),
    "affine": ("affine", True, True), "leakyrelu": ("leaky_relu", True, False),
    "thresholdedrelu": ("thresholded_relu", True, False), "scaledtanh": ("scaled_tanh", True, True),
    "hardsigmoid": ("hard_sigmoid", True, True), "elu": ("elu", True, False),
    "softsign": ("softsign", False, False), "softplus": ("softplus", False, False),
}  # fmt: skip
ORT_DEFAULTS = {"leakyrelu": (0.01, 0.0), "hardsigmoid": (0.2, 0.5), "elu": (1.0, 0.0)}
# head activations: ONNX op -> (model-v2 name, {attribute: default})
HEAD_ACTS = {
    "Relu": ("relu", {}), "Sigmoid": ("sigmoid", {}), "Tanh": ("tanh", {}), "Softmax": ("softmax", {}),
    "Softsign": ("softsign", {}), "Softplus": ("softplus", {}), "Identity": ("identity", {}),
    "LeakyRelu": ("leaky_relu", {"alpha": 0.01}), "Elu": ("elu", {"alpha": 1.0}),
    "HardSigmoid": ("hard_sigmoid", {"alpha": 0.2, "beta": 0.5}),
    "ThresholdedRelu": ("thresholded_relu", {"alpha": 1.0}), "Selu": ("selu", {}),
}  # fmt: skip
SELU = (1.67326319217681884765625, 1.05070102214813232421875)  # ONNX's float32 defaults (alpha, gamma)
NOISE = {"Identity", "Dropout", "Cast", "CastLike"}


class Refused(InputError):
    pass


def refuse(msg: str, type: str = "onnx_unsupported") -> Refused:
    return Refused(LOC, msg, type)


# ---------------------------------------------------------------------------------------------
# abstract values


@dataclass(frozen=True)
class Ax:
    """One axis of a Sym. kind: "L" an input axis (info: its label), "F" features (info: tuple of
    (source, size) segments), "D" directions/states of a recurrent output (info: entries
    (what, layer, direction)), "H" hidden units of those entries, "U" a unit axis."""

    kind: str
    size: int | str
    info: Any = None


@dataclass(frozen=True)
class Sym:
    axes: tuple[Ax, ...]
    integer: bool = False


@dataclass(frozen=True)
class Const:
    value: np.ndarray


@dataclass(frozen=True)
class Zeros:
    pass


@dataclass(frozen=True)
class Shape:
    items: tuple[int | str, ...]
    scalar: bool = False


@dataclass
class Layer:
    op: str
    direction: str
    hidden: int
    params: dict[str, dict[str, Any]]
    spec: dict[str, Any]
    initial: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class State:
    name: str
    tensors: Any
    roles: dict[str, str] = field(default_factory=dict)  # input-axis label -> "T" | "B"
    layers: list[Layer] = field(default_factory=list)
    embedding: np.ndarray | None = None
    head: list[dict[str, Any]] = field(default_factory=list)
    head_on: str | None = None
    lengths: str | None = None  # the graph input that is every layer's sequence_lens
    input_name: str | None = None
    warnings: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


def interpret(proto: Any, tensors: Any, name: str, max_nodes: int) -> dict[str, Any]:
    g = proto.graph
    for op in proto.opset_import:
        if op.domain not in ("", "ai.onnx") and any(n.domain == op.domain for n in g.node):
            raise refuse(f"{name} uses operators of the domain {op.domain!r}: only standard ONNX operators are read")
    if len(g.node) > max_nodes:
        raise refuse(f"{name} has {len(g.node)} nodes, over the limit of {max_nodes} (RNNSCOPE_MAX_ONNX_NODES)",
                     "limit_exceeded")  # fmt: skip
    st = State(name, tensors)
    for t in g.initializer:
        st.values[t.name] = Const(tensors.array(t, f"initializer {t.name}"))
    for vi in g.input:
        if vi.name not in st.values:
            st.values[vi.name] = graph_input(st, vi)
    for node in topological(g.node):
        run_node(st, node)
    return result(st, g)


def graph_input(st: State, vi: Any) -> Sym:
    t = vi.type.tensor_type
    elem = t.elem_type
    dims = [d.dim_value if d.HasField("dim_value") else f"{vi.name}[{k}]" for k, d in enumerate(t.shape.dim)]
    labels = [f"{vi.name}[{k}]" for k in range(len(dims))]
    integer = elem in (6, 7)
    if not integer and elem not in (1, 10, 11, 16):
        raise refuse(f"graph input {vi.name!r} has element type {elem}: expected float or integer ids")
    if integer and len(dims) == 1:  # sequence_lens (B,)
        return Sym((Ax("L", dims[0], labels[0]),), integer=True)
    if integer and len(dims) == 2:  # token ids (B, T) or (T, B)
        return Sym(tuple(Ax("L", d, lab) for d, lab in zip(dims, labels, strict=True)), integer=True)
    if not integer and len(dims) == 3:
        if not isinstance(dims[2], int) or dims[2] <= 0:
            raise refuse(f"graph input {vi.name!r} has no fixed feature size (its last axis is {dims[2]!r})")
        return Sym((Ax("L", dims[0], labels[0]), Ax("L", dims[1], labels[1]), Ax("F", dims[2], ((("x", vi.name), dims[2]),))))
    # anything else (an initial state fed at run time, ...) keeps plain input axes
    return Sym(tuple(Ax("L", d, lab) for d, lab in zip(dims, labels, strict=True)), integer=integer)


def topological(nodes: Any) -> list[Any]:
    """The nodes in an order where every input is produced first; a cycle is a 422."""
    producer: dict[str, int] = {}
    for i, n in enumerate(nodes):
        for o in n.output:
            if o:
                if o in producer:
                    raise refuse(f"the tensor {o!r} is produced by two nodes", "file_invalid")
                producer[o] = i
    deps = [{producer[x] for x in n.input if x in producer} for n in nodes]
    users: dict[int, list[int]] = {}
    for i, d in enumerate(deps):
        for j in d:
            users.setdefault(j, []).append(i)
    pending = [len(d) for d in deps]
    ready = [i for i, p in enumerate(pending) if p == 0]
    order = []
    while ready:
        i = ready.pop()
        order.append(i)
        for j in users.get(i, []):
            pending[j] -= 1
            if pending[j] == 0:
                ready.append(j)
    if len(order) != len(nodes):
        stuck = next(nodes[i] for i, p in enumerate(pending) if p > 0)
        raise refuse(f"the graph has a cycle through node {stuck.name!r} ({stuck.op_type})", "file_invalid")
    order.sort()  # keep the file's order where it is valid (it nearly always is)
    done: set[int] = set()
    out = []
    remaining = list(order)
    while remaining:  # stable topological order
        rest = []
        for i in remaining:
            if deps[i] <= done:
                out.append(nodes[i])
                done.add(i)
            else:
                rest.append(i)
        remaining = rest
    return out


# ---------------------------------------------------------------------------------------------
# attributes and inputs


def attrs(node: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for a in node.attribute:
        t = a.type
        if t == 1:
            out[a.name] = float(a.f)
        elif t == 2:
            out[a.name] = int(a.i)
        elif t == 3:
            out[a.name] = a.s.decode("utf-8", "replace")
        elif t == 4:
            out[a.name] = a.t
        elif t == 6:
            out[a.name] = [float(v) for v in a.floats]
        elif t == 7:
            out[a.name] = [int(v) for v in a.ints]
        elif t == 8:
            out[a.name] = [s.decode("utf-8", "replace") for s in a.strings]
        else:
            out[a.name] = a
    return out


def where(node: Any) -> str:
    return f"node {node.name!r} ({node.op_type})" if node.name else f"a {node.op_type} node"


def get(st: State, node: Any, k: int) -> Any:
    if k >= len(node.input) or not node.input[k]:
        return None
    name = node.input[k]
    if name not in st.values:
        raise refuse(f"{where(node)} reads {name!r}, which no node, initializer or input provides", "file_invalid")
    return st.values[name]


def const(st: State, node: Any, k: int, what: str) -> np.ndarray:
    v = get(st, node, k)
    if isinstance(v, Const):
        return v.value
    raise refuse(f"{where(node)}: its {what} must be a constant (an initializer), not computed at run time")


def ints(v: Any, node: Any, what: str) -> list[int]:
    if isinstance(v, Const):
        return [int(x) for x in np.asarray(v.value).reshape(-1)]
    if isinstance(v, list):
        return [int(x) for x in v]
    raise refuse(f"{where(node)}: its {what} must be constant")


def set_out(st: State, node: Any, *values: Any) -> None:
    for name, v in zip(node.output, values, strict=False):
        if name:
            st.values[name] = v


# ---------------------------------------------------------------------------------------------
# nodes


def run_node(st: State, node: Any) -> None:
    op = node.op_type
    if node.domain not in ("", "ai.onnx"):
        raise refuse(f"{where(node)} is in the domain {node.domain!r}: only standard ONNX operators are read")
    a = attrs(node)
    ins = [get(st, node, k) for k in range(len(node.input))]
    if op == "Constant":
        set_out(st, node, Const(constant_value(st, node, a)))
        return
    if ins and all(isinstance(v, Const) or v is None for v in ins) and op in FOLD:
        set_out(st, node, Const(FOLD[op](node, a, [v.value if v is not None else None for v in ins])))
        return
    handler = HANDLERS.get(op)
    if handler is None:
        raise refuse(
            f"{where(node)}: the operator {op} is not one rnnscope reads. Supported: LSTM, GRU, RNN, Gather "
            "(embedding), MatMul + Add, Gemm, the activations Relu, Sigmoid, Tanh, Softmax, LeakyRelu, Elu, "
            "Selu, HardSigmoid, Softplus, Softsign, and the layout ops Transpose, Squeeze, Unsqueeze, "
            "Reshape, Slice, Concat, Identity, Shape, ConstantOfShape, Expand"
        )
    handler(st, node, a, ins)


def constant_value(st: State, node: Any, a: dict[str, Any]) -> np.ndarray:
    if "value" in a:
        return st.tensors.array(a["value"], f"constant {node.output[0]}")
    for k in ("value_float", "value_int"):
        if k in a:
            return np.asarray(a[k], np.float64 if k == "value_float" else np.int64)
    for k in ("value_floats", "value_ints"):
        if k in a:
            return np.asarray(a[k], np.float64 if k == "value_floats" else np.int64)
    raise refuse(f"{where(node)} has no value this reader understands (value, value_float(s), value_int(s))")


def axis_of(axis: int, rank: int, node: Any) -> int:
    if not -rank <= axis < rank:
        raise refuse(f"{where(node)}: axis {axis} is out of range for rank {rank}", "file_invalid")
    return axis % rank


def _squeeze_axes(node: Any, a: dict, v: list) -> list[int] | None:
    if "axes" in a:
        return a["axes"]
    if len(v) > 1 and v[1] is not None:
        return [int(x) for x in np.asarray(v[1]).reshape(-1)]
    return None


def fold_squeeze(node, a, v):
    axes = _squeeze_axes(node, a, v)
    return np.squeeze(v[0], axis=tuple(axes)) if axes is not None else np.squeeze(v[0])


def fold_unsqueeze(node, a, v):
    axes = _squeeze_axes(node, a, v) or []
    out = v[0]
    rank = out.ndim + len(axes)
    for ax in sorted(axis_of(x, rank, node) for x in axes):
        out = np.expand_dims(out, ax)
    return out


def fold_slice(node, a, v):
    data = v[0]
    if "starts" in a:  # opset < 10
        starts, ends, axes, steps = a["starts"], a["ends"], a.get("axes"), None
    else:
        starts, ends = list(v[1].reshape(-1)), list(v[2].reshape(-1))
        axes = list(v[3].reshape(-1)) if len(v) > 3 and v[3] is not None else None
        steps = list(v[4].reshape(-1)) if len(v) > 4 and v[4] is not None else None
    axes = axes if axes is not None else list(range(len(starts)))
    index = [slice(None)] * data.ndim
    for k, ax in enumerate(axes):
        step = int(steps[k]) if steps is not None else 1
        index[axis_of(int(ax), data.ndim, node)] = slice(clamp(starts[k]), clamp(ends[k]), step)
    return data[tuple(index)]


def clamp(x: Any) -> int:
    return int(max(min(int(x), 2**62), -(2**62)))


def fold_reshape(node, a, v):
    shape = [int(x) for x in v[1].reshape(-1)]
    if a.get("allowzero", 0) == 0:
        shape = [v[0].shape[k] if s == 0 and k < v[0].ndim else s for k, s in enumerate(shape)]
    if sum(1 for s in shape if s == -1) > 1 or any(s < -1 for s in shape):
        raise refuse(f"{where(node)}: invalid shape {shape}", "file_invalid")
    known = int(np.prod([s for s in shape if s != -1], dtype=object)) if shape else 1
    if -1 in shape:
        if known == 0 or v[0].size % known:
            raise refuse(f"{where(node)}: cannot reshape {v[0].shape} to {shape}", "file_invalid")
    elif known != v[0].size:
        raise refuse(f"{where(node)}: cannot reshape {v[0].shape} to {shape}", "file_invalid")
    return v[0].reshape(shape)


def fold_constant_of_shape(node, a, v):
    shape = [int(x) for x in v[0].reshape(-1)]
    if any(s < 0 for s in shape) or int(np.prod(shape, dtype=object)) > 10_000_000:
        raise refuse(f"{where(node)}: shape {shape} is negative or too large", "file_invalid")
    fill = constant_value_tensor(a)
    return np.full(shape, fill)


def constant_value_tensor(a: dict) -> float:
    t = a.get("value")
    if t is None:
        return 0.0
    vals = list(t.float_data) or list(t.int64_data) or list(t.int32_data) or list(t.double_data)
    if not vals and t.raw_data:
        dt = {1: "<f4", 11: "<f8", 7: "<i8", 6: "<i4"}.get(t.data_type, "<f4")
        vals = list(np.frombuffer(t.raw_data, dt)[:1])
    return float(vals[0]) if vals else 0.0


def fold_expand(node, a, v):
    shape = [int(x) for x in v[1].reshape(-1)]
    if int(np.prod(shape, dtype=object)) > 10_000_000 or any(s < 0 for s in shape):
        raise refuse(f"{where(node)}: shape {shape} is negative or too large", "file_invalid")
    try:
        return v[0] * np.ones(shape, dtype=v[0].dtype)
    except ValueError as e:
        raise refuse(f"{where(node)}: {e}", "file_invalid") from None


def fold_gather(node, a, v):
    data, idx = v[0], v[1].astype(np.int64)
    ax = axis_of(a.get("axis", 0), data.ndim, node)
    n = data.shape[ax]
    if np.any((idx < -n) | (idx >= n)):
        raise refuse(f"{where(node)}: index out of range for an axis of size {n}", "file_invalid")
    return np.take(data, idx, axis=ax)


def fold_concat(node, a, v):
    arrays = [x for x in v if x is not None]
    try:
        return np.concatenate([np.atleast_1d(x) for x in arrays], axis=a.get("axis", 0))
    except (ValueError, np.exceptions.AxisError) as e:
        raise refuse(f"{where(node)}: {e}", "file_invalid") from None


def fold_binary(fn):
    def run(node, a, v):
        try:
            return fn(v[0], v[1])
        except ValueError as e:
            raise refuse(f"{where(node)}: {e}", "file_invalid") from None

    return run


def fold_transpose(node, a, v):
    perm = a.get("perm")
    if perm is not None and sorted(perm) != list(range(v[0].ndim)):
        raise refuse(f"{where(node)}: perm {perm} is not a permutation of {v[0].ndim} axes", "file_invalid")
    return np.transpose(v[0], perm)


def fold_cast(node, a, v):
    to = a.get("to", 1)
    if to in (6, 7):
        return v[0].astype(np.int64)
    return v[0].astype(np.float64) if to in (1, 10, 11, 16) else v[0]


FOLD: dict[str, Any] = {
    "Identity": lambda n, a, v: v[0], "Cast": fold_cast, "Squeeze": fold_squeeze,
    "Unsqueeze": fold_unsqueeze, "Slice": fold_slice, "Reshape": fold_reshape,
    "ConstantOfShape": fold_constant_of_shape, "Expand": fold_expand, "Gather": fold_gather,
    "Concat": fold_concat, "Transpose": fold_transpose, "Shape": lambda n, a, v: np.asarray(v[0].shape),
    "Add": fold_binary(np.add), "Sub": fold_binary(np.subtract), "Mul": fold_binary(np.multiply),
}  # fmt: skip


# --- shape vectors, zeros ----------------------------------------------------------------------


def h_shape(st, node, a, ins):
    x = ins[0]
    if isinstance(x, Sym):
        items = tuple(ax.size for ax in x.axes)
        start, end = a.get("start", 0), a.get("end", len(items))
        set_out(st, node, Shape(items[slice(start, end)]))
    else:
        set_out(st, node, Shape(()))  # shape of zeros: only ever fed to zeros again


def as_items(v: Any, node: Any) -> tuple[tuple, bool]:
    if isinstance(v, Shape):
        return v.items, v.scalar
    if isinstance(v, Const):
        return tuple(int(x) for x in v.value.reshape(-1)), v.value.ndim == 0
    raise refuse(f"{where(node)}: expected a shape vector")


def h_shape_gather(st, node, a, ins):
    items, _ = as_items(ins[0], node)
    idx = ins[1].value if isinstance(ins[1], Const) else None
    if idx is None or not items:
        raise refuse(f"{where(node)}: a Gather on a shape needs constant indices")
    n = len(items)
    picked = [items[int(i) % n] for i in np.asarray(idx).reshape(-1) if -n <= int(i) < n]
    set_out(st, node, Shape(tuple(picked), scalar=np.asarray(idx).ndim == 0))


def h_unsqueeze(st, node, a, ins):
    x = ins[0]
    if isinstance(x, Shape):
        set_out(st, node, Shape(x.items, scalar=False))
        return
    if isinstance(x, Zeros):
        set_out(st, node, Zeros())
        return
    axes = _squeeze_axes(node, a, [None, ins[1].value if len(ins) > 1 and isinstance(ins[1], Const) else None])
    if axes is None:
        raise refuse(f"{where(node)}: Unsqueeze needs constant axes")
    axes_list = list(x.axes)
    rank = len(axes_list) + len(axes)
    for k in sorted(axis_of(ax, rank, node) for ax in axes):
        axes_list.insert(k, Ax("U", 1))
    set_out(st, node, replace(x, axes=tuple(axes_list)))


def h_concat(st, node, a, ins):
    vals = [v for v in ins if v is not None]
    if all(isinstance(v, (Shape, Const)) for v in vals):
        items: tuple = ()
        for v in vals:
            items += as_items(v, node)[0]
        set_out(st, node, Shape(items))
        return
    if all(isinstance(v, (Zeros, Const)) for v in vals):
        set_out(st, node, Zeros())
        return
    if not all(isinstance(v, Sym) for v in vals):
        raise refuse(f"{where(node)}: Concat mixes the data with constants")
    rank = len(vals[0].axes)
    ax = axis_of(a.get("axis", 0), rank, node)
    if any(len(v.axes) != rank for v in vals):
        raise refuse(f"{where(node)}: Concat of tensors of different ranks", "file_invalid")
    for k in range(rank):
        if k != ax and len({(v.axes[k].kind, v.axes[k].size, v.axes[k].info if v.axes[k].kind != "H" else 0)
                            for v in vals}) != 1:  # fmt: skip
            raise refuse(f"{where(node)}: Concat joins tensors whose other axes differ")
    kind = vals[0].axes[ax].kind
    if any(v.axes[ax].kind != kind for v in vals) or kind not in ("F", "D"):
        raise refuse(f"{where(node)}: Concat along an axis other than the features or the states")
    info = tuple(x for v in vals for x in v.axes[ax].info)
    size = sum(int(v.axes[ax].size) for v in vals)
    axes = list(vals[0].axes)
    axes[ax] = Ax(kind, size, info)
    set_out(st, node, Sym(tuple(axes)))


def h_constant_of_shape(st, node, a, ins):
    if constant_value_tensor(a) != 0.0:
        raise refuse(f"{where(node)}: a run-time sized constant that is not zero")
    set_out(st, node, Zeros())


def h_expand(st, node, a, ins):
    x = ins[0]
    if isinstance(x, Zeros) or (isinstance(x, Const) and not np.any(x.value)):
        set_out(st, node, Zeros())
        return
    raise refuse(f"{where(node)}: Expand of anything but zeros (an initial state) is not supported")


# --- layout ops on the data ----------------------------------------------------------------------


def sym(x: Any, node: Any) -> Sym:
    if isinstance(x, Sym):
        return x
    raise refuse(f"{where(node)}: expected the data flowing from the graph input here")


def h_identity(st, node, a, ins):
    x = ins[0]
    if isinstance(x, Sym) and node.op_type == "Cast" and a.get("to", 1) not in (1, 10, 11, 16) and not x.integer:
        raise refuse(f"{where(node)}: a cast of the data to a non-float type")
    set_out(st, node, x)


def h_transpose(st, node, a, ins):
    x = ins[0]
    if isinstance(x, Zeros):
        set_out(st, node, x)
        return
    x = sym(x, node)
    perm = a.get("perm", list(range(len(x.axes)))[::-1])
    if sorted(perm) != list(range(len(x.axes))):
        raise refuse(f"{where(node)}: perm {perm} is not a permutation of {len(x.axes)} axes", "file_invalid")
    set_out(st, node, replace(x, axes=tuple(x.axes[p] for p in perm)))


def resolve_h(axes: list[Ax], entries: tuple) -> list[Ax]:
    """The hidden axis of a recurrent output becomes features once its direction/state is fixed."""
    out = []
    for ax in axes:
        if ax.kind == "H":
            out.append(Ax("F", int(ax.size) * len(entries), tuple((e, int(ax.size)) for e in entries)))
        else:
            out.append(ax)
    return out


def drop_axis(x: Sym, k: int, node: Any) -> Sym:
    ax = x.axes[k]
    axes = list(x.axes[:k] + x.axes[k + 1 :])
    if ax.kind == "U":
        return replace(x, axes=tuple(axes))
    if ax.kind == "D" and ax.size == 1:
        return replace(x, axes=tuple(resolve_h(axes, ax.info)))
    raise refuse(f"{where(node)}: squeezes an axis of size {ax.size} that is not a unit axis")


def h_squeeze(st, node, a, ins):
    x = ins[0]
    if isinstance(x, Zeros):
        set_out(st, node, x)
        return
    x = sym(x, node)
    axes = _squeeze_axes(node, a, [None, ins[1].value if len(ins) > 1 and isinstance(ins[1], Const) else None])
    if axes is None:
        axes = [k for k, ax in enumerate(x.axes) if ax.kind in ("U", "D") and ax.size == 1]
    for k in sorted((axis_of(ax, len(x.axes), node) for ax in axes), reverse=True):
        x = drop_axis(x, k, node)
    set_out(st, node, x)


def h_reshape(st, node, a, ins):
    x = ins[0]
    if isinstance(x, Zeros):
        set_out(st, node, x)
        return
    x = sym(x, node)
    target, _ = as_items(ins[1], node)
    if a.get("allowzero", 0) == 0:
        target = tuple(x.axes[k].size if s == 0 and k < len(x.axes) else s for k, s in enumerate(target))
    set_out(st, node, reshape(x, list(target), node))


def size_product(axes: list[Ax]) -> int | str | None:
    labels = [ax.size for ax in axes if not isinstance(ax.size, int)]
    n = 1
    for ax in axes:
        if isinstance(ax.size, int):
            n *= ax.size
    if labels:
        return labels[0] if len(labels) == 1 and n == 1 else None
    return n


def reshape(x: Sym, target: list, node: Any) -> Sym:
    """Group the input axes under the target dims in order, then merge each group."""
    fail = refuse(f"{where(node)}: cannot follow a Reshape of {describe(x)} to {list(target)}")
    if sum(1 for t in target if t == -1) > 1:
        raise fail
    axes = list(x.axes)
    groups: list[list[Ax]] = []
    i = 0
    minus = target.index(-1) if -1 in target else None
    head = target if minus is None else target[:minus]
    for t in head:
        g: list[Ax] = []
        while i < len(axes):
            g.append(axes[i])
            i += 1
            if size_product(g) == t and not (i < len(axes) and axes[i].size == 1 and t == 1 and not g):
                break
        else:
            if not (t == 1 and not g):
                raise fail
        if size_product(g) != t and not (t == 1 and not g):
            raise fail
        # swallow unit axes that follow a non-unit group only when the next target dim is not 1
        groups.append(g)
    if minus is not None:
        tail = target[minus + 1 :]
        tail_groups: list[list[Ax]] = []
        j = len(axes)
        for t in reversed(tail):
            g = []
            while j > i:
                j -= 1
                g.insert(0, axes[j])
                if size_product(g) == t:
                    break
            if size_product(g) != t:
                raise fail
            tail_groups.insert(0, g)
        groups.append(axes[i:j])
        groups.extend(tail_groups)
    elif i < len(axes):
        rest = axes[i:]
        if all(ax.size == 1 and ax.kind in ("U", "D") for ax in rest) and groups:
            groups[-1].extend(rest)
        else:
            raise fail
    out: list[Ax] = []
    pending: tuple | None = None
    for g in groups:
        merged, entries = merge(g, fail)
        if entries is not None:
            pending = entries
        out.append(merged)
    if pending is not None:
        out = resolve_h(out, pending)
    return replace(x, axes=tuple(out))


def merge(g: list[Ax], fail: Exception) -> tuple[Ax, tuple | None]:
    """One output axis from a group of input axes; a dropped single-direction axis returns its entry."""
    if not g:
        return Ax("U", 1), None
    real = [ax for ax in g if not (ax.kind == "U" or (ax.kind == "D" and ax.size == 1))]
    dropped = [ax for ax in g if ax.kind == "D" and ax.size == 1]
    if len(real) == 0:
        return (Ax("U", 1), None) if not dropped else (Ax("U", 1), dropped[0].info)
    if len(real) == 1:
        return real[0], (dropped[0].info if dropped else None)
    if len(real) == 2 and real[0].kind == "D" and real[1].kind == "H" and not dropped:
        d, h = real
        return Ax("F", int(d.size) * int(h.size), tuple((e, int(h.size)) for e in d.info)), None
    raise fail


def describe(x: Sym) -> str:
    names = {"L": "an input axis", "F": "features", "D": "directions", "H": "hidden units", "U": "1"}
    return "(" + ", ".join(f"{names[ax.kind]}" + (f" {ax.size}" if ax.kind != "U" else "") for ax in x.axes) + ")"


def h_gather(st, node, a, ins):
    data, idx = ins[0], ins[1]
    if isinstance(data, (Shape, Const)) and isinstance(idx, Const) and isinstance(data, Shape):
        h_shape_gather(st, node, a, ins)
        return
    if isinstance(data, Const) and isinstance(idx, Sym):  # the embedding
        embedding(st, node, a, data.value, idx)
        return
    x = sym(data, node)
    if not isinstance(idx, Const) or idx.value.ndim != 0:
        raise refuse(f"{where(node)}: only a Gather of one constant index on the data is followed")
    k = axis_of(a.get("axis", 0), len(x.axes), node)
    set_out(st, node, select(st, x, k, int(idx.value), node))


def select(st: State, x: Sym, k: int, i: int, node: Any) -> Sym:
    """Pick element i of axis k (and drop the axis): a time step, or one direction / state."""
    ax = x.axes[k]
    axes = list(x.axes[:k] + x.axes[k + 1 :])
    if ax.kind == "D":
        n = int(ax.size)
        if not -n <= i < n:
            raise refuse(f"{where(node)}: index {i} out of range for {n} states", "file_invalid")
        return replace(x, axes=tuple(resolve_h(axes, (ax.info[i],))))
    if ax.kind == "L" and st.roles.get(ax.info) == "T":
        last = i == -1 or (isinstance(ax.size, int) and i == ax.size - 1)
        if i == 0 and not last:
            where_ = "first"
        elif last:
            where_ = "last"
        else:
            raise refuse(f"{where(node)}: reads time step {i}: only the first or the last step is followed")
        return replace(x, axes=tuple(at_step(axes, where_, node)))
    if ax.kind == "U":
        return replace(x, axes=tuple(axes))
    raise refuse(f"{where(node)}: a Gather on {describe(x)} axis {k} is not followed")


def at_step(axes: list[Ax], where_: str, node: Any) -> list[Ax]:
    out = []
    for ax in axes:
        if ax.kind == "F":
            segs = []
            for src, n in ax.info:
                if src[0] != "seq":
                    raise refuse(f"{where(node)}: selects a time step of features that are not per step")
                segs.append(((where_, src[1], src[2]), n))
            out.append(Ax("F", ax.size, tuple(segs)))
        elif ax.kind == "D":
            if any(e[0] != "seq" for e in ax.info):
                raise refuse(f"{where(node)}: selects a time step of states that are not per step")
            out.append(Ax("D", ax.size, tuple((where_, e[1], e[2]) for e in ax.info)))
        else:
            out.append(ax)
    return out


def h_slice(st, node, a, ins):
    x = ins[0]
    if isinstance(x, Shape):
        v = [np.asarray(x.items, dtype=object)] + [i.value if isinstance(i, Const) else None for i in ins[1:]]
        set_out(st, node, Shape(tuple(fold_slice(node, a, v))))
        return
    if isinstance(x, Zeros):
        set_out(st, node, x)
        return
    x = sym(x, node)
    if "starts" in a:
        starts, ends, axes, steps = a["starts"], a["ends"], a.get("axes"), None
    else:
        starts, ends = ints(ins[1], node, "starts"), ints(ins[2], node, "ends")
        axes = ints(ins[3], node, "axes") if len(ins) > 3 and ins[3] is not None else None
        steps = ints(ins[4], node, "steps") if len(ins) > 4 and ins[4] is not None else None
    axes = axes if axes is not None else list(range(len(starts)))
    for n, ax_i in enumerate(axes):
        k = axis_of(ax_i, len(x.axes), node)
        if steps is not None and steps[n] != 1:
            raise refuse(f"{where(node)}: a Slice with step {steps[n]} is not followed")
        x = slice_axis(st, x, k, starts[n], ends[n], node)
    set_out(st, node, x)


def slice_axis(st: State, x: Sym, k: int, start: int, end: int, node: Any) -> Sym:
    ax = x.axes[k]
    big = 2**31 - 1
    if ax.kind == "L" and st.roles.get(ax.info) == "T":
        n = ax.size
        if start == 0 and (end >= big or end == n):
            return x
        if start == -1 and (end >= big or (isinstance(n, int) and end == n)):
            axes = list(x.axes)
            axes[k] = Ax("U", 1)
            return replace(x, axes=tuple(at_step(axes, "last", node)))
        if start == 0 and end == 1:
            axes = list(x.axes)
            axes[k] = Ax("U", 1)
            return replace(x, axes=tuple(at_step(axes, "first", node)))
    if ax.kind in ("F", "D"):
        size = int(ax.size)
        s = max(0, start + size if start < 0 else min(start, size))
        e = max(0, end + size if end < 0 else min(end, size))
        if ax.kind == "D":
            picked = ax.info[s:e]
            axes = list(x.axes)
            axes[k] = Ax("D", len(picked), picked)
            return replace(x, axes=tuple(axes))
        segs, pos = [], 0
        for src, n in ax.info:
            if pos >= s and pos + n <= e:
                segs.append((src, n))
            elif pos < e and pos + n > s:
                raise refuse(f"{where(node)}: slices features {s}:{e} across a boundary of what they hold")
            pos += n
        axes = list(x.axes)
        axes[k] = Ax("F", sum(n for _, n in segs), tuple(segs))
        return replace(x, axes=tuple(axes))
    if ax.kind == "L" and start == 0 and end >= big:
        return x
    raise refuse(f"{where(node)}: a Slice [{start}:{end}] of {describe(x)} axis {k} is not followed")


# --- embedding, recurrent layers, head ------------------------------------------------------------


def embedding(st: State, node: Any, a: dict, E: np.ndarray, ids: Sym) -> None:
    if a.get("axis", 0) != 0 or E.ndim != 2 or not ids.integer:
        raise refuse(f"{where(node)}: an embedding is a Gather of integer ids from a 2-D initializer on axis 0")
    if st.embedding is not None or st.layers:
        raise refuse(f"{where(node)}: a second embedding, or one after a recurrent layer")
    if not all(ax.kind == "L" for ax in ids.axes) or len(ids.axes) != 2:
        raise refuse(f"{where(node)}: the ids must be a (batch, time) graph input")
    st.embedding = E
    st.input_name = node.input[1]
    V, n = E.shape
    st.values[node.output[0]] = Sym((*ids.axes, Ax("F", int(n), ((("emb",), int(n)),))))


def bind(st: State, ax: Ax, role: str, node: Any) -> None:
    if ax.kind != "L":
        raise refuse(f"{where(node)}: its input X does not have time and batch axes where layout says")
    have = st.roles.get(ax.info)
    if have is None:
        if role in st.roles.values():
            raise refuse(f"{where(node)}: its {role} axis is not the one the first recurrent node used")
        st.roles[ax.info] = role
    elif have != role:
        raise refuse(f"{where(node)}: uses the {'time' if have == 'T' else 'batch'} axis as its "
                     f"{'time' if role == 'T' else 'batch'} axis")  # fmt: skip


def layer_outputs(st: State, k: int) -> tuple:
    layer = st.layers[k]
    return tuple(("seq", k, d) for d in dirs(layer.direction))


def dirs(direction: str) -> tuple[str, ...]:
    return {"forward": ("forward",), "reverse": ("reverse",), "bidirectional": ("forward", "backward")}[direction]


def h_recurrent(st, node, a, ins):
    op = node.op_type
    x = sym(ins[0], node)
    layout = a.get("layout", 0)
    if layout not in (0, 1) or len(x.axes) != 3:
        raise refuse(f"{where(node)}: expected a 3-D input X and layout 0 or 1")
    t_ax, b_ax = (x.axes[0], x.axes[1]) if layout == 0 else (x.axes[1], x.axes[0])
    bind(st, t_ax, "T", node)
    bind(st, b_ax, "B", node)
    f_ax = x.axes[2]
    k = len(st.layers)
    srcs = tuple(src for src, _ in f_ax.info) if f_ax.kind == "F" else ()
    ok = len(srcs) == 1 and srcs[0][0] in ("x", "emb") if k == 0 else srcs == layer_outputs(st, k - 1)
    if not ok:
        raise refuse(f"{where(node)}: its input is not the previous layer's whole output "
                     f"(rnnscope runs a plain stack: embedding or input -> layer 1 -> layer 2 ...)")  # fmt: skip
    if k == 0 and srcs[0][0] == "x":
        st.input_name = srcs[0][1]
    direction = a.get("direction", "forward")
    if direction not in ("forward", "reverse", "bidirectional"):
        raise refuse(f"{where(node)}: direction {direction!r} (expected forward, reverse, bidirectional)",
                     "file_invalid")  # fmt: skip
    D = 2 if direction == "bidirectional" else 1
    G = len(ONNX_GATES[op])
    W = const(st, node, 1, "W")
    R = const(st, node, 2, "R")
    H = a.get("hidden_size", R.shape[-1] if R.ndim == 3 else 0)
    I = int(f_ax.size)
    check_shape(W, (D, G * H, I), "W", node)
    check_shape(R, (D, G * H, H), "R", node)
    B = get(st, node, 3)
    if B is not None:
        B = const(st, node, 3, "B")
        check_shape(B, (D, 2 * G * H), "B", node)
    if op == "LSTM" and a.get("input_forget", 0):
        raise refuse(f"{where(node)}: input_forget=1 (coupled input and forget gates) is not supported")
    seq = get(st, node, 4)
    lengths = None
    if seq is not None:
        if not isinstance(seq, Sym) or not seq.integer or len(seq.axes) != 1:
            raise refuse(f"{where(node)}: sequence_lens must be a graph input (it becomes the request's lengths)")
        lengths = node.input[4]
    if k > 0 and lengths != st.lengths:
        raise refuse(f"{where(node)}: every recurrent layer must take the same sequence_lens (or none)")
    st.lengths = lengths
    P = None
    if op == "LSTM" and get(st, node, 7) is not None:
        P = const(st, node, 7, "P")
        check_shape(P, (D, 3 * H), "P", node)
    layer = Layer(op, direction, H, {}, {})
    layer.spec = layer_spec(op, a, D, H, P is not None, node)
    for d, name in enumerate(dirs(direction)):
        layer.params[name] = canonical(op, H, W[d], R[d], None if B is None else B[d], None if P is None else P[d])
    for slot, key in ((5, "h"), (6, "c")):
        if op != "LSTM" and slot == 6:
            continue
        v = get(st, node, slot)
        if v is None or isinstance(v, Zeros) or (isinstance(v, Const) and not np.any(v.value)):
            continue
        if isinstance(v, Const):
            s0 = v.value if layout == 0 else np.swapaxes(v.value, 0, 1)
            if s0.ndim != 3 or s0.shape[0] != D or s0.shape[2] != H:
                raise refuse(f"{where(node)}: initial_{key} has shape {list(v.value.shape)}", "file_invalid")
            layer.initial[key] = s0
        else:
            st.warnings.append(
                f"{where(node)} takes initial_{key} as a graph input ({node.input[slot]}): give it as "
                f"initial_state.{key} in /api/v1/forward (shape (layers·directions, batch, {H}))"
            )
    st.layers.append(layer)
    entries = tuple(("seq", k, d) for d in dirs(direction))
    finals = tuple(("final", k, d) for d in dirs(direction))
    cells = tuple(("c", k, d) for d in dirs(direction))
    Dax = Ax("D", D, entries)
    Hax = Ax("H", H)
    Y = (t_ax, Dax, b_ax, Hax) if layout == 0 else (b_ax, t_ax, Dax, Hax)
    Yh = (Ax("D", D, finals), b_ax, Hax) if layout == 0 else (b_ax, Ax("D", D, finals), Hax)
    Yc = (Ax("D", D, cells), b_ax, Hax) if layout == 0 else (b_ax, Ax("D", D, cells), Hax)
    set_out(st, node, Sym(Y), Sym(Yh), Sym(Yc))


def check_shape(a: np.ndarray, shape: tuple, what: str, node: Any) -> None:
    if tuple(a.shape) != tuple(shape):
        raise refuse(f"{where(node)}: {what} has shape {list(a.shape)}, expected {list(shape)}", "file_invalid")


def canonical(op: str, H: int, W: np.ndarray, R: np.ndarray, B: np.ndarray | None, P: np.ndarray | None) -> dict:
    """ONNX blocks -> the gate-keyed canonical form, PyTorch's gate names and order."""
    order = ONNX_GATES[op]
    block = {g: slice(n * H, (n + 1) * H) for n, g in enumerate(order)}
    G = len(order)
    out: dict[str, Any] = {
        "W_x": {c: W[block[o]].tolist() for c, o in CANONICAL[op]},
        "W_h": {c: R[block[o]].tolist() for c, o in CANONICAL[op]},
    }
    if B is not None:
        Wb, Rb = B[: G * H], B[G * H :]
        out["b_x"] = {c: Wb[block[o]].tolist() for c, o in CANONICAL[op]}
        out["b_h"] = {c: Rb[block[o]].tolist() for c, o in CANONICAL[op]}
    if P is not None:
        out["P"] = P.reshape(3, H).tolist()  # rows p_i, p_o, p_f (ONNX's order)
    return out


def layer_spec(op: str, a: dict, D: int, H: int, peepholes: bool, node: Any) -> dict[str, Any]:
    n = len(ACT_ROLES[op])
    names = a.get("activations") or DEFAULT_ACTS[op] * D
    if op == "RNN" and D == 1 and len(names) == 2:  # ONNX's RNN default is [Tanh, Tanh]; onnxruntime uses the first
        names = names[:1]
    if len(names) != n * D:
        raise refuse(f"{where(node)}: {len(names)} activations for {D} direction(s): expected {n * D}", "file_invalid")
    alphas, betas = list(a.get("activation_alpha", [])), list(a.get("activation_beta", []))
    specs = []
    if op == "RNN":  # onnxruntime's RNN reads activation_alpha[direction], default 0
        if (alphas and len(alphas) < D) or (betas and len(betas) < D):
            raise refuse(f"{where(node)}: activation_alpha/beta need one value per direction", "file_invalid")
        for d in range(D):
            specs.append(activation(names[d], alphas[d] if alphas else 0.0, betas[d] if betas else 0.0, node))
    else:  # LSTM/GRU: consumed in order, only by the activations that use them (onnxruntime)
        ia = ib = 0
        for name in names:
            key = name.lower()
            if key not in RNN_ACTS:
                raise refuse(f"{where(node)}: activation {name!r} is not an ONNX recurrent activation", "file_invalid")
            _, use_a, use_b = RNN_ACTS[key]
            da, db = ORT_DEFAULTS.get(key, (0.0, 0.0))
            al = be = 0.0
            if use_a:
                al, ia = (alphas[ia], ia + 1) if ia < len(alphas) else (da, ia)
            if use_b:
                be, ib = (betas[ib], ib + 1) if ib < len(betas) else (db, ib)
            specs.append(activation(name, al, be, node))
    per_dir = [specs[d * n : (d + 1) * n] for d in range(D)]
    if D == 2 and per_dir[0] != per_dir[1]:
        raise refuse(f"{where(node)}: the two directions use different activations ({names}): rnnscope keeps "
                     "one set per layer")  # fmt: skip
    spec: dict[str, Any] = {
        "cell": CELLS[op],
        "hidden_size": H,
        "direction": a.get("direction", "forward"),
        "activations": dict(zip(ACT_ROLES[op], per_dir[0], strict=True)),
    }
    if "clip" in a:
        spec["clip"] = float(np.float32(a["clip"]))
    if op == "LSTM":
        spec["peepholes"] = peepholes
    if op == "GRU":
        spec["gru_reset_after"] = bool(a.get("linear_before_reset", 0))
    return spec


def activation(name: str, alpha: float, beta: float, node: Any) -> Any:
    key = name.lower()
    if key not in RNN_ACTS:
        raise refuse(f"{where(node)}: activation {name!r} is not an ONNX recurrent activation", "file_invalid")
    v2, use_a, use_b = RNN_ACTS[key]
    if not (use_a or use_b):
        return v2
    out: dict[str, Any] = {"name": v2, "alpha": float(np.float32(alpha))}
    if use_b:
        out["beta"] = float(np.float32(beta))
    return out


def head_input_ok(st: State, segs: tuple, node: Any) -> str:
    """Which head_on the first dense layer's input means: its features must be the last layer's."""
    if not st.layers:
        raise refuse(f"{where(node)}: a dense layer before any recurrent layer")
    k = len(st.layers) - 1
    ds = dirs(st.layers[k].direction)
    if segs == tuple(("seq", k, d) for d in ds):
        return "every_step"
    finals = []
    for src in segs:
        kind, layer, d = src
        if layer != k:
            break
        if kind == "last" and d == "forward" and st.lengths is None:
            kind = "final"
        if kind == "first" and d in ("backward", "reverse"):
            kind = "final"
        finals.append((kind, layer, d))
    if tuple(finals) == tuple(("final", k, d) for d in ds):
        return "final"
    raise refuse(
        f"{where(node)}: the head's input is not the last recurrent layer's output on every step, nor its "
        "final state [h_fwd at T-1 | h_bwd at 0]"
    )


def dense(st: State, node: Any, x: Sym, W: np.ndarray, b: np.ndarray | None) -> None:
    """A dense layer y = x W^T + b on the last axis (W is (out, in))."""
    f = x.axes[-1]
    if f.kind != "F":
        raise refuse(f"{where(node)}: multiplies an axis that is not the features")
    segs = tuple(src for src, _ in f.info)
    if not st.head:
        st.head_on = head_input_ok(st, segs, node)
        if st.head_on == "final" and any(ax.kind == "L" and st.roles.get(ax.info) == "T" for ax in x.axes):
            raise refuse(f"{where(node)}: a final state still has a time axis")
    elif segs != (("head", len(st.head) - 1),):
        raise refuse(f"{where(node)}: its input is not the previous dense layer's output")
    if W.shape[1] != f.size:
        raise refuse(f"{where(node)}: weights of shape {list(W.shape)} for {f.size} features", "file_invalid")
    k = len(st.head)
    st.head.append({"W": W, "b": np.zeros(W.shape[0]) if b is None else b, "activation": None, "bias": b is not None})
    set_out(st, node, replace(x, axes=(*x.axes[:-1], Ax("F", int(W.shape[0]), ((("head", k), int(W.shape[0])),)))))


def h_matmul(st, node, a, ins):
    x = sym(ins[0], node)
    W = const(st, node, 1, "weight matrix")
    if W.ndim != 2:
        raise refuse(f"{where(node)}: a MatMul by a {W.ndim}-D constant is not a dense layer")
    dense(st, node, x, W.T, None)


def h_gemm(st, node, a, ins):
    x = sym(ins[0], node)
    if len(x.axes) != 2:
        raise refuse(f"{where(node)}: Gemm's A must be 2-D")
    if a.get("transA", 0):
        x = replace(x, axes=x.axes[::-1])
    Bm = const(st, node, 1, "B")
    if Bm.ndim != 2:
        raise refuse(f"{where(node)}: Gemm's B must be 2-D", "file_invalid")
    W = Bm if a.get("transB", 0) else Bm.T  # (out, in)
    W = a.get("alpha", 1.0) * W
    b = None
    if get(st, node, 2) is not None:
        C = const(st, node, 2, "C") * a.get("beta", 1.0)
        b = bias_vector(C, W.shape[0], node)
    dense(st, node, x, W, b)


def bias_vector(C: np.ndarray, n: int, node: Any) -> np.ndarray:
    if C.size == 1:
        return np.full(n, float(C.reshape(-1)[0]))
    if C.shape[-1] == n and C.size == n:
        return C.reshape(n)
    raise refuse(f"{where(node)}: a bias of shape {list(C.shape)} for {n} outputs", "file_invalid")


def current_head(st: State, x: Any, node: Any) -> dict:
    if not isinstance(x, Sym) or not st.head or x.axes[-1].kind != "F" or \
            x.axes[-1].info != ((("head", len(st.head) - 1), int(x.axes[-1].size)),):  # fmt: skip
        raise refuse(f"{where(node)}: only a dense head layer's output can take an {node.op_type} here "
                     "(an activation between the recurrent layers and the head is not in model-v2)")  # fmt: skip
    return st.head[-1]


def h_add(st, node, a, ins):
    xs = [v for v in ins if isinstance(v, Sym)]
    cs = [v for v in ins if isinstance(v, Const)]
    if len(xs) != 1 or len(cs) != 1:
        raise refuse(f"{where(node)}: only the bias of a dense layer is added (one constant to the data)")
    layer = current_head(st, xs[0], node)
    if layer["bias"] or layer["activation"] is not None:
        raise refuse(f"{where(node)}: a second bias, or a bias after the activation")
    layer["b"] = layer["b"] + bias_vector(cs[0].value, layer["W"].shape[0], node)
    layer["bias"] = True
    set_out(st, node, xs[0])


def h_activation(st, node, a, ins):
    x = ins[0]
    layer = current_head(st, x, node)
    name, defaults = HEAD_ACTS[node.op_type]
    if node.op_type in ("Softmax",):
        ax = a.get("axis", -1 if a.get("_opset", 13) >= 13 else 1)
        if axis_of(ax, len(x.axes), node) != len(x.axes) - 1:
            raise refuse(f"{where(node)}: a Softmax over an axis other than the last")
    if node.op_type == "Selu":
        if abs(a.get("alpha", SELU[0]) - SELU[0]) > 1e-6 or abs(a.get("gamma", SELU[1]) - SELU[1]) > 1e-6:
            raise refuse(f"{where(node)}: Selu with non-default alpha/gamma")
    if node.op_type == "Identity":
        set_out(st, node, x)
        return
    if layer["activation"] is not None:
        raise refuse(f"{where(node)}: a second activation on one dense layer")
    spec: Any = name
    if defaults:
        spec = {"name": name, **{k: float(np.float32(a.get(k, v))) for k, v in defaults.items()}}
    layer["activation"] = spec
    set_out(st, node, x)


HANDLERS = {
    "Shape": h_shape, "Unsqueeze": h_unsqueeze, "Concat": h_concat, "ConstantOfShape": h_constant_of_shape,
    "Expand": h_expand, "Identity": h_identity, "Dropout": h_identity, "Cast": h_identity,
    "Transpose": h_transpose, "Squeeze": h_squeeze, "Reshape": h_reshape, "Gather": h_gather,
    "Slice": h_slice, "LSTM": h_recurrent, "GRU": h_recurrent, "RNN": h_recurrent, "MatMul": h_matmul,
    "Gemm": h_gemm, "Add": h_add, **{op: h_activation for op in HEAD_ACTS if op != "Identity"},
}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# the record


def result(st: State, g: Any) -> dict[str, Any]:
    if not st.layers:
        raise refuse(f"{st.name} has no LSTM, GRU or RNN node")
    outs = [(o.name, st.values.get(o.name)) for o in g.output]
    main = pick_output(st, outs)
    first = st.layers[0]
    model: dict[str, Any] = {
        "cell": first.spec["cell"],
        "input_size": int(st.embedding.shape[1]) if st.embedding is not None else input_width(st),
        "hidden_size": first.hidden,
        "num_layers": len(st.layers),
    }
    if uniform(st):  # today's fields say it all: the model reads as it always has
        model["bidirectional"] = first.direction == "bidirectional"
        if first.op == "RNN":
            model["nonlinearity"] = first.spec["activations"]["cell"]
        if first.op == "GRU":
            model["gru_reset_after"] = first.spec["gru_reset_after"]
    else:
        model["layers"] = [layer.spec for layer in st.layers]
    weights: dict[str, Any] = {"format": "canonical", "layers": [layer.params for layer in st.layers]}
    if st.embedding is not None:
        V, E = st.embedding.shape
        model["embedding"] = {"num_embeddings": int(V), "embedding_dim": int(E)}
        weights["embedding"] = st.embedding.tolist()
    head = st.head
    if len(head) == 1 and st.head_on == "every_step" and head[0]["activation"] in READOUT_ACTIVATIONS:
        model["readout"] = {"size": int(head[0]["W"].shape[0]), "activation": head[0]["activation"] or "identity"}
        weights["readout"] = {"W": head[0]["W"].tolist(), "b": head[0]["b"].tolist()}
    elif head:
        model["head"] = [{"size": int(h["W"].shape[0]), "activation": h["activation"] or "identity"} for h in head]
        model["head_on"] = st.head_on
        weights["head"] = [{"W": h["W"].tolist(), "b": h["b"].tolist()} for h in head]
    record: dict[str, Any] = {"model": model, "weights": weights, "warnings": st.warnings}
    initial = initial_state(st)
    if initial:
        record["initial_state"] = initial
    if st.lengths:
        st.warnings.append(f"the graph input {st.lengths!r} is every layer's sequence_lens: give it as the "
                           "request's top-level \"lengths\"")  # fmt: skip
    record["summary"] = summary(st, main)
    return record


READOUT_ACTIVATIONS = {None, "identity", "softmax", "sigmoid", "tanh"}  # what today's readout takes


def uniform(st: State) -> bool:
    """True when today's top-level model fields describe every layer (no v2 `layers` needed)."""
    first = st.layers[0]
    for layer in st.layers:
        spec = layer.spec
        if (layer.op, layer.hidden, layer.direction) != (first.op, first.hidden, first.direction):
            return False
        if spec != first.spec or layer.direction == "reverse" or "clip" in spec or spec.get("peepholes"):
            return False
    acts = first.spec["activations"]
    if first.op == "RNN":
        return acts["cell"] in ("tanh", "relu")
    return acts == {"LSTM": {"gate": "sigmoid", "cell": "tanh", "output": "tanh"},
                    "GRU": {"gate": "sigmoid", "cell": "tanh"}}[first.op]  # fmt: skip


def input_width(st: State) -> int:
    x = st.values.get(st.input_name) if st.input_name else None
    return int(x.axes[-1].size) if isinstance(x, Sym) else 0


def pick_output(st: State, outs: list[tuple[str, Any]]) -> tuple[str, Any]:
    """The graph output the model-v2 network computes: the last head layer's, or the last recurrent
    layer's output / final state when there is no head. Other outputs are listed in warnings."""
    def is_main(v: Any) -> bool:
        if not isinstance(v, Sym):
            return False
        srcs = [src for ax in v.axes if ax.kind in ("F", "D") for src in (ax.info if ax.kind == "D" else
                                                                           [s for s, _ in ax.info])]  # fmt: skip
        if st.head:
            return bool(srcs) and srcs[-1] == ("head", len(st.head) - 1)
        return bool(srcs) and all(s[1] == len(st.layers) - 1 for s in srcs if s[0] != "head")

    mains = [(n, v) for n, v in outs if is_main(v)]
    if not mains:
        what = "the last dense layer" if st.head else "the last recurrent layer"
        raise refuse(f"{st.name}: no graph output is {what}'s output (outputs: {[n for n, _ in outs]})")
    for n, v in outs:
        states = isinstance(v, Sym) and all(
            e[0] in ("final", "c") for ax in v.axes if ax.kind == "D" for e in ax.info
        ) and any(ax.kind == "D" for ax in v.axes)
        if n != mains[0][0] and not states:
            st.warnings.append(f"the graph output {n!r} is not shown (rnnscope shows {mains[0][0]!r} and the trace)")
    return mains[0]


def initial_state(st: State) -> dict[str, list] | None:
    if not any(layer.initial for layer in st.layers):
        return None
    batch = {s.shape[1] for layer in st.layers for s in layer.initial.values()}
    if len(batch) != 1:
        raise refuse("initial states of different batch sizes", "file_invalid")
    B = batch.pop()
    out: dict[str, list] = {}
    for key in ("h", "c"):
        if not any(key in layer.initial for layer in st.layers):
            continue
        blocks = [layer.initial.get(key, np.zeros((len(dirs(layer.direction)), B, layer.hidden)))
                  for layer in st.layers]  # fmt: skip
        if len({b.shape[2] for b in blocks}) != 1:
            raise refuse("initial states of layers with different hidden sizes: rnnscope takes one array")
        out[key] = np.concatenate(blocks, axis=0).tolist()
    st.warnings.append(
        f"the file sets initial states for a batch of {B}: they are returned as initial_state, so inputs "
        f"must have {B} sequences (or drop initial_state to start from zeros)"
    )
    return out


def summary(st: State, main: tuple[str, Any]) -> str:
    parts = []
    if st.embedding is not None:
        V, E = st.embedding.shape
        parts.append(f"Gather embedding({V}→{E})")
    for layer in st.layers:
        extra = [layer.direction] if layer.direction != "forward" else []
        acts = layer.spec["activations"]
        default = dict(zip(ACT_ROLES[layer.op], ("sigmoid", "tanh", "tanh")[: len(acts)] if layer.op != "RNN"
                           else ("tanh",), strict=True))  # fmt: skip
        if acts != default:
            extra.append("activations " + "/".join(a if isinstance(a, str) else a["name"] for a in acts.values()))
        if layer.spec.get("clip") is not None:
            extra.append(f"clip {layer.spec['clip']:g}")
        if layer.spec.get("peepholes"):
            extra.append("peepholes")
        if layer.op == "GRU":
            extra.append(f"linear_before_reset={int(layer.spec['gru_reset_after'])}")
        parts.append(f"{layer.op}(hidden_size={layer.hidden}{', ' if extra else ''}{', '.join(extra)})")
    for k, h in enumerate(st.head):
        act = h["activation"]
        act_name = act if isinstance(act, str) else (act["name"] if act else None)
        parts.append(f"{'Gemm' if k or st.head_on == 'final' else 'MatMul'}({h['W'].shape[1]}→{h['W'].shape[0]}"
                     + (f", {act_name})" if act_name else ")"))  # fmt: skip
    axes = "".join({"T": "T", "B": "B"}.get(st.roles.get(ax.info, ""), "?") if ax.kind == "L" else
                   ("F" if ax.kind == "F" else "·") for ax in main[1].axes)  # fmt: skip
    return f"ONNX graph {st.name}: " + " → ".join(parts) + f" (output {main[0]!r}, axes {axes})"
