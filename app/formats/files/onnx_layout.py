"""The abstract values of the ONNX graph walk (onnx_graph.py) and the layout operators on them.

- ``Const``: an initializer, a ``Constant`` or anything computed from them (folded with NumPy,
  each result bounded by MAX_FOLDED before it is allocated);
- ``Zeros``: zeros of a shape known only at run time (``ConstantOfShape``, ``Expand`` of zeros:
  how exporters build the default initial state);
- ``Shape``: a shape vector whose entries are numbers or named run-time sizes (``Shape`` of the
  input and the ``Gather``/``Unsqueeze``/``Concat`` exporters apply to it);
- ``Sym``: the data flowing from the graph input, described axis by axis (``Ax``): an input axis
  (the first recurrent node says which is time and which is batch), a feature axis whose slices
  name where they came from (the input, the embedding, layer k's forward or backward outputs at
  every step, at its first or last step, its final state, head layer k), and the (direction,
  hidden) axes of LSTM/GRU/RNN outputs before exporters fold them with Transpose/Reshape/Squeeze.

Each layout operator (Transpose, Squeeze, Unsqueeze, Reshape, Slice, Concat, Gather of one index,
Identity/Dropout/Cast, Shape, ConstantOfShape, Expand) maps those descriptions exactly, or refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ...errors import InputError

LOC = ("file",)

MAX_FOLDED = 1_000_000  # numbers in one constant computed from others (shapes, zeros): never more


class Refused(InputError):
    """A file this reader does not follow: a 422 located at the uploaded file."""


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
    """Zeros of a run-time shape (a default initial state)."""


@dataclass(frozen=True)
class Shape:
    items: tuple[int | str, ...]
    scalar: bool = False


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


def get(st: Any, node: Any, k: int) -> Any:
    if k >= len(node.input) or not node.input[k]:
        return None
    name = node.input[k]
    if name not in st.values:
        raise refuse(
            f"{where(node)} reads {name!r}, which no node, initializer or input provides", "file_invalid"
        )
    return st.values[name]


def const(st: Any, node: Any, k: int, what: str) -> np.ndarray:
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


def set_out(st: Any, node: Any, *values: Any) -> None:
    for name, v in zip(node.output, values, strict=False):
        if name:
            st.values[name] = v


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


def bounded(shape: list[int] | tuple[int, ...], node: Any) -> None:
    """Refuse a computed constant over MAX_FOLDED numbers before it is allocated."""
    if any(s < 0 for s in shape) or int(np.prod(list(shape), dtype=object)) > MAX_FOLDED:
        raise refuse(f"{where(node)}: a computed constant of shape {list(shape)} (negative or over "
                     f"{MAX_FOLDED:,} numbers)", "file_invalid")  # fmt: skip


def fold_constant_of_shape(node, a, v):
    shape = [int(x) for x in v[0].reshape(-1)]
    bounded(shape, node)
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
    bounded(shape, node)
    try:
        bounded(np.broadcast_shapes(v[0].shape, tuple(shape)), node)
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
        if len(v) != 2 or v[0] is None or v[1] is None:
            raise refuse(f"{where(node)}: expected two inputs", "file_invalid")
        try:
            bounded(np.broadcast_shapes(np.shape(v[0]), np.shape(v[1])), node)
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


# constant folding: every input a constant
FOLD: dict[str, Any] = {
    "Identity": lambda n, a, v: v[0], "Cast": fold_cast, "Squeeze": fold_squeeze,
    "Unsqueeze": fold_unsqueeze, "Slice": fold_slice, "Reshape": fold_reshape,
    "ConstantOfShape": fold_constant_of_shape, "Expand": fold_expand, "Gather": fold_gather,
    "Concat": fold_concat, "Transpose": fold_transpose, "Shape": lambda n, a, v: np.asarray(v[0].shape),
    "Add": fold_binary(np.add), "Sub": fold_binary(np.subtract), "Mul": fold_binary(np.multiply),
}  # fmt: skip

# ---------------------------------------------------------------------------------------------
# shape vectors and zeros


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
    axes = _squeeze_axes(
        node, a, [None, ins[1].value if len(ins) > 1 and isinstance(ins[1], Const) else None]
    )
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


def h_shape_mul(st, node, a, ins):
    """Mul of shape entries (dynamo computes D·H for its Reshape targets): numbers multiply, a run-time
    size only by 1."""
    if any(isinstance(v, Sym) for v in ins):
        raise refuse(f"{where(node)}: multiplies the data (only shape arithmetic is followed)")
    (x, sx), (y, sy) = as_items(ins[0], node), as_items(ins[1], node)
    if len(x) != len(y) and 1 not in (len(x), len(y)):
        raise refuse(f"{where(node)}: Mul of shape vectors of lengths {len(x)} and {len(y)}", "file_invalid")
    n = max(len(x), len(y))
    out = []
    for i in range(n):
        p, q = x[i if len(x) > 1 else 0], y[i if len(y) > 1 else 0]
        if isinstance(p, int) and isinstance(q, int):
            out.append(p * q)
        elif p == 1 or q == 1:
            out.append(q if p == 1 else p)
        else:
            raise refuse(
                f"{where(node)}: multiplies run-time sizes ({p} × {q}): rnnscope keeps time and batch apart"
            )
    set_out(st, node, Shape(tuple(out), scalar=sx and sy))


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


# ---------------------------------------------------------------------------------------------
# layout operators on the data


def sym(x: Any, node: Any) -> Sym:
    if isinstance(x, Sym):
        return x
    raise refuse(f"{where(node)}: expected the data flowing from the graph input here")


def h_identity(st, node, a, ins):
    x = ins[0]
    if (
        isinstance(x, Sym)
        and node.op_type == "Cast"
        and a.get("to", 1) not in (1, 10, 11, 16)
        and not x.integer
    ):
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
    axes = _squeeze_axes(
        node, a, [None, ins[1].value if len(ins) > 1 and isinstance(ins[1], Const) else None]
    )
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
    if isinstance(x, Shape):  # a shape entry reshaped to [1] or [] (dynamo's shape arithmetic)
        target, _ = as_items(ins[1], node)
        if len(x.items) != 1 or list(target) not in ([], [1], [-1]):
            raise refuse(f"{where(node)}: a Reshape of a shape vector to {list(target)}")
        set_out(st, node, Shape(x.items, scalar=not target))
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
    return (
        "("
        + ", ".join(f"{names[ax.kind]}" + (f" {ax.size}" if ax.kind != "U" else "") for ax in x.axes)
        + ")"
    )


def select(st: Any, x: Sym, k: int, i: int, node: Any) -> Sym:
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


def slice_axis(st: Any, x: Sym, k: int, start: int, end: int, node: Any) -> Sym:
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
