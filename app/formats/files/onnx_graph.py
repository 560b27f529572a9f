"""Interpret an ONNX graph as `[Embedding] -> recurrent layers -> [Dense head]` (model-v2).

The graph is walked once in topological order with the abstract values of ``onnx_layout``
instead of numbers, so the walk accepts exactly the graphs whose numbers model-v2 reproduces,
and a node it cannot follow is a 422 naming its op type and name. Here: the recurrent nodes
(LSTM, GRU, RNN with every attribute), the embedding (a Gather of ids from an initializer), the
head (MatMul + Add, Gemm, and their activations) and the record they make.

ONNX gate orders become PyTorch's: LSTM W/R/B rows [i, o, f, c] -> i, f, g, o; GRU [z, r, h] ->
r, z, n; RNN [h]; B is [Wb, Rb]; peepholes P stay in ONNX's order (i, o, f). Activation
parameters follow onnxruntime where the spec is vague: LSTM/GRU consume activation_alpha/beta in
the order of the activations (every direction's, in turn), each taking a value only if it uses
one, with onnxruntime's defaults when they run out (LeakyRelu 0.01, HardSigmoid 0.2/0.5,
Elu 1.0, others 0); checked against onnxruntime 1.32 for RNN, GRU and LSTM.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ...errors import InputError
from .onnx_layout import (
    FOLD,
    Ax,
    Const,
    Shape,
    Sym,
    Zeros,
    attrs,
    axis_of,
    const,
    get,
    h_concat,
    h_constant_of_shape,
    h_expand,
    h_identity,
    h_reshape,
    h_shape,
    h_shape_gather,
    h_shape_mul,
    h_slice,
    h_squeeze,
    h_transpose,
    h_unsqueeze,
    refuse,
    select,
    set_out,
    sym,
    where,
)  # fmt: skip

ONNX_GATES = {"LSTM": "iofc", "GRU": "zrh", "RNN": "h"}

CANONICAL = {"LSTM": (("i", "i"), ("f", "f"), ("g", "c"), ("o", "o")),
             "GRU": (("r", "r"), ("z", "z"), ("n", "h")), "RNN": (("h", "h"),)}  # fmt: skip

CELLS = {"LSTM": "lstm", "GRU": "gru", "RNN": "rnn"}

DEFAULT_ACTS = {"LSTM": ["Sigmoid", "Tanh", "Tanh"], "GRU": ["Sigmoid", "Tanh"], "RNN": ["Tanh"]}

ACT_ROLES = {"LSTM": ("gate", "cell", "output"), "GRU": ("gate", "cell"), "RNN": ("cell",)}

# ONNX recurrent activation -> (model-v2 name, uses alpha, uses beta)
RNN_ACTS = {
    "relu": ("relu", False, False), "tanh": ("tanh", False, False), "sigmoid": ("sigmoid", False, False),
    "affine": ("affine", True, True), "leakyrelu": ("leaky_relu", True, False),
    "thresholdedrelu": ("thresholded_relu", True, False), "scaledtanh": ("scaled_tanh", True, True),
    "hardsigmoid": ("hard_sigmoid", True, True), "elu": ("elu", True, False),
    "softsign": ("softsign", False, False), "softplus": ("softplus", False, False),
}  # fmt: skip

# onnxruntime's alpha/beta when the lists run out (rnn_helpers.cc NameToArgDefaultsMap; 0 for the others)
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

# ---------------------------------------------------------------------------------------------
# the walk


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
    opset: int = 13  # of the default domain


def walk(proto: Any, tensors: Any, name: str, max_nodes: int) -> State:
    g = proto.graph
    for op in proto.opset_import:
        if op.domain not in ("", "ai.onnx") and any(n.domain == op.domain for n in g.node):
            raise refuse(
                f"{name} uses operators of the domain {op.domain!r}: only standard ONNX operators are read"
            )
    if len(g.node) > max_nodes:
        raise refuse(f"{name} has {len(g.node)} nodes, over the limit of {max_nodes} (RNNSCOPE_MAX_ONNX_NODES)",
                     "limit_exceeded")  # fmt: skip
    st = State(name, tensors)
    st.opset = next((int(op.version) for op in proto.opset_import if op.domain in ("", "ai.onnx")), 13)
    for t in g.initializer:
        st.values[t.name] = Const(tensors.array(t, f"initializer {t.name}"))
    for vi in g.input:
        if vi.name not in st.values:
            st.values[vi.name] = graph_input(st, vi)
    for node in topological(g.node):
        run_node(st, node)
    return st


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
        return Sym(
            (
                Ax("L", dims[0], labels[0]),
                Ax("L", dims[1], labels[1]),
                Ax("F", dims[2], ((("x", vi.name), dims[2]),)),
            )
        )
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


def run_node(st: State, node: Any) -> None:
    op = node.op_type
    if node.domain not in ("", "ai.onnx"):
        raise refuse(f"{where(node)} is in the domain {node.domain!r}: only standard ONNX operators are read")
    a = attrs(node)
    ins = [get(st, node, k) for k in range(len(node.input))]
    if op not in HANDLERS and op != "Constant":
        raise refuse(
            f"{where(node)}: the operator {op} is not one rnnscope reads. Supported: LSTM, GRU, RNN, Gather "
            "(embedding), MatMul + Add, Gemm, the activations Relu, Sigmoid, Tanh, Softmax, LeakyRelu, Elu, "
            "Selu, HardSigmoid, Softplus, Softsign, and the layout ops Transpose, Squeeze, Unsqueeze, "
            "Reshape, Slice, Concat, Identity, Shape, ConstantOfShape, Expand"
        )
    try:
        if op == "Constant":
            set_out(st, node, Const(constant_value(st, node, a)))
        elif (
            ins
            and isinstance(ins[0], Const)
            and all(isinstance(v, Const) or v is None for v in ins)
            and op in FOLD
        ):
            set_out(st, node, Const(FOLD[op](node, a, [v.value if v is not None else None for v in ins])))
        else:  # missing optional inputs read as None
            HANDLERS[op](st, node, a, ins + [None] * (8 - len(ins)))
    except InputError:
        raise
    except (
        IndexError,
        KeyError,
        TypeError,
        ValueError,
        ZeroDivisionError,
        OverflowError,
        AttributeError,
    ) as e:
        # a file whose nodes contradict each other (wrong ranks, missing inputs, odd attribute types)
        raise refuse(f"{where(node)} cannot be followed: {type(e).__name__}: {e}", "file_invalid") from None


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


def h_gather(st, node, a, ins):
    data, idx = ins[0], ins[1]
    if isinstance(data, Shape) and isinstance(idx, Const):  # shape arithmetic
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


# ---------------------------------------------------------------------------------------------
# embedding, recurrent layers, head


def embedding(st: State, node: Any, a: dict, E: np.ndarray, ids: Sym) -> None:
    if a.get("axis", 0) != 0 or E.ndim != 2 or not ids.integer:
        raise refuse(
            f"{where(node)}: an embedding is a Gather of integer ids from a 2-D initializer on axis 0"
        )
    if st.embedding is not None or st.layers:
        raise refuse(f"{where(node)}: a second embedding, or one after a recurrent layer")
    if not all(ax.kind == "L" for ax in ids.axes) or len(ids.axes) != 2:
        raise refuse(f"{where(node)}: the ids must be a (batch, time) graph input")
    st.embedding = E
    st.input_name = node.input[1]
    n = E.shape[1]
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
    return {"forward": ("forward",), "reverse": ("reverse",), "bidirectional": ("forward", "backward")}[
        direction
    ]


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
            raise refuse(
                f"{where(node)}: sequence_lens must be a graph input (it becomes the request's lengths)"
            )
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
        layer.params[name] = canonical(
            op, H, W[d], R[d], None if B is None else B[d], None if P is None else P[d]
        )
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
        raise refuse(
            f"{where(node)}: {what} has shape {list(a.shape)}, expected {list(shape)}", "file_invalid"
        )


def canonical(
    op: str, H: int, W: np.ndarray, R: np.ndarray, B: np.ndarray | None, P: np.ndarray | None
) -> dict:
    """ONNX blocks -> the gate-keyed canonical form, PyTorch's gate names and order."""
    order = ONNX_GATES[op]
    block = {g: slice(n * H, (n + 1) * H) for n, g in enumerate(order)}
    G = len(order)
    out: dict[str, Any] = {
        "W_x": {c: W[block[o]] for c, o in CANONICAL[op]},
        "W_h": {c: R[block[o]] for c, o in CANONICAL[op]},
    }
    if B is not None:
        Wb, Rb = B[: G * H], B[G * H :]
        out["b_x"] = {c: Wb[block[o]] for c, o in CANONICAL[op]}
        out["b_h"] = {c: Rb[block[o]] for c, o in CANONICAL[op]}
    if P is not None:
        out["P"] = P.reshape(3, H)  # rows p_i, p_o, p_f (ONNX's order)
    return out


def layer_spec(op: str, a: dict, D: int, H: int, peepholes: bool, node: Any) -> dict[str, Any]:
    n = len(ACT_ROLES[op])
    names = a.get("activations") or DEFAULT_ACTS[op] * D
    if (
        op == "RNN" and D == 1 and len(names) == 2
    ):  # ONNX's RNN default is [Tanh, Tanh]; onnxruntime uses the first
        names = names[:1]
    if len(names) != n * D:
        raise refuse(
            f"{where(node)}: {len(names)} activations for {D} direction(s): expected {n * D}", "file_invalid"
        )
    alphas, betas = list(a.get("activation_alpha", [])), list(a.get("activation_beta", []))
    specs = []
    # consumed in order, only by the activations that use them (onnxruntime, for RNN, GRU and LSTM alike)
    ia = ib = 0
    for name in names:
        key = name.lower()
        if key not in RNN_ACTS:
            raise refuse(
                f"{where(node)}: activation {name!r} is not an ONNX recurrent activation", "file_invalid"
            )
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
        raise refuse(
            f"{where(node)}: activation {name!r} is not an ONNX recurrent activation", "file_invalid"
        )
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
        raise refuse(
            f"{where(node)}: a dense layer before any LSTM, GRU or RNN node. If the recurrence was unrolled "
            "into MatMul/Add per step (torch's dynamo exporter does this for nn.RNN), export with "
            "torch.onnx.export(..., dynamo=False), which writes an RNN node"
        )
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
    st.head.append(
        {"W": W, "b": np.zeros(W.shape[0]) if b is None else b, "activation": None, "bias": b is not None}
    )
    set_out(
        st, node, replace(x, axes=(*x.axes[:-1], Ax("F", int(W.shape[0]), ((("head", k), int(W.shape[0])),))))
    )


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
    # Softmax before opset 13 flattens the axes from `axis` (default 1) on: the same only from the last
    ax = a.get("axis", -1 if st.opset >= 13 else 1)
    if node.op_type == "Softmax" and axis_of(ax, len(x.axes), node) != len(x.axes) - 1:
        raise refuse(f"{where(node)}: a Softmax over an axis other than the last")
    selu = (a.get("alpha", SELU[0]), a.get("gamma", SELU[1]))
    if node.op_type == "Selu" and (abs(selu[0] - SELU[0]) > 1e-6 or abs(selu[1] - SELU[1]) > 1e-6):
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


# ---------------------------------------------------------------------------------------------
# the operators this reader follows (anything else: a 422 naming the op and the node)

HANDLERS = {
    "Shape": h_shape, "Unsqueeze": h_unsqueeze, "Concat": h_concat, "ConstantOfShape": h_constant_of_shape,
    "Expand": h_expand, "Identity": h_identity, "Dropout": h_identity, "Cast": h_identity,
    "Transpose": h_transpose, "Squeeze": h_squeeze, "Reshape": h_reshape, "Gather": h_gather,
    "Slice": h_slice, "LSTM": h_recurrent, "GRU": h_recurrent, "RNN": h_recurrent, "MatMul": h_matmul,
    "Gemm": h_gemm, "Add": h_add, "Mul": h_shape_mul,
    **{op: h_activation for op in HEAD_ACTS if op != "Identity"},
}  # fmt: skip
