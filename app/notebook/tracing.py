"""``rnnscope.trace``: the numbers of ``POST /api/v1/forward`` as NumPy arrays, in the notebook.

The request is built from the user's objects (:mod:`.models`), validated by the API's own
``ForwardRequest`` and run by ``app.service`` exactly as the route runs it; a :class:`Trace`
holds the response body (arrays) under the API's names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from ..settings import Settings
from .models import Source, read_inputs, read_model, to_numpy

FIELDS = ("input_term", "recurrent_term", "pre_activation", "gates", "c", "h")


class Direction:
    """One layer and direction: ``gates["f"]`` (B, T, H), likewise ``input_term``,
    ``recurrent_term``, ``pre_activation`` per gate; ``c`` (B, T, H) (lstm) and ``h`` (B, T, P).
    A field not asked for with ``fields=`` is None."""

    def __init__(self, arrays: Mapping[str, Any]):
        self._arrays = arrays
        for name in FIELDS:
            setattr(self, name, arrays.get(name))

    def __repr__(self) -> str:
        return f"Direction({', '.join(k for k in FIELDS if self._arrays.get(k) is not None)})"


class Layer:
    """``forward`` and (bidirectional) ``backward`` :class:`Direction`; ``layer["forward"]`` too."""

    def __init__(self, entry: Mapping[str, Any]):
        self.directions = {name: Direction(d) for name, d in entry.items()}
        self.forward = self.directions["forward"]
        self.backward = self.directions.get("backward")

    def __getitem__(self, name: str) -> Direction:
        return self.directions[name]

    def __repr__(self) -> str:
        return f"Layer({', '.join(self.directions)})"


class Gradients:
    """``options.gradients``: ``loss`` (float), ``inputs`` (B, T, I), ``initial_state["h"]``,
    ``parameters["weight_ih_l0"]`` (state_dict names), ``hidden[k]["forward"]`` (B, T, P) and
    ``jacobian_norm[k]["forward"]`` (B, T) or None, as in the API."""

    def __init__(self, body: Mapping[str, Any]):
        self.loss = float(body["loss"])
        self.inputs = body["inputs"]
        self.initial_state = body["initial_state"]
        self.parameters = body["parameters"]
        self.hidden = body["hidden"]
        self.jacobian_norm = body["jacobian_norm"]

    def __repr__(self) -> str:
        return f"Gradients(loss={self.loss:.6g}, parameters={list(self.parameters)})"


class Trace:
    """A forward pass, every intermediate of every step, under the names of ``/api/v1/forward``.

    ``model`` (the resolved model), ``batch`` B, ``steps`` T, ``gates`` (names in PyTorch's order),
    ``output`` (B, T, D·P), ``h_n`` (L·D, B, P), ``c_n`` (lstm), ``y`` (B, T, O) with a readout,
    ``embedding`` (B, T, E), ``head`` and ``y_final`` (model v2: see docs/API.md),
    ``layers[k].forward.gates["f"]`` (B, T, H) (see :class:`Direction`), ``gradients``
    (:class:`Gradients`, with ``gradients=``), ``tokens``/``vocabulary`` (text), ``warnings``.
    ``request`` is the API request it ran (``show(trace)`` draws it)."""

    def __init__(self, body: dict[str, Any], request: dict[str, Any], source: Source | None = None):
        self.body = body
        self.request = request
        self.summary = source.summary if source else ""
        self.model = body["model"]
        self.batch, self.steps, self.gates = body["batch"], body["steps"], body["gates"]
        self.output, self.h_n = body["output"], body["h_n"]
        self.c_n, self.y = body.get("c_n"), body.get("y")
        self.tokens, self.vocabulary = body.get("tokens"), body.get("vocabulary")
        # model v2: (B, T, E) the embedded inputs, [{"pre_activation", "activation"}] per head
        # layer, (B, O) with head_on "final", the lengths when given
        self.embedding, self.head = body.get("embedding"), body.get("head")
        self.y_final, self.lengths = body.get("y_final"), body.get("lengths")
        self.layers = [Layer(entry) for entry in body["trace"]]
        self.gradients = Gradients(body["gradients"]) if "gradients" in body else None
        self.warnings = (source.warnings if source else []) + list(body["warnings"])

    def __repr__(self) -> str:
        m = self.model
        return (f"<rnnscope.Trace {m['cell']} H={m['hidden_size']} layers={m['num_layers']}"
                f"{' bidirectional' if m['bidirectional'] else ''}: batch {self.batch}, {self.steps} steps>")  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """The response body: the API's JSON object with NumPy arrays in place of lists."""
        return self.body

    def to_json(self, encoding: str = "json") -> bytes:
        """The API's response bytes for this request ("json", or "base64" arrays)."""
        from ..encoding import encode

        return encode(self.body, encoding)

    def columns(self) -> dict[str, np.ndarray]:
        """Long form, one row per number of the trace: columns ``layer``, ``direction``,
        ``quantity`` (input_term … h), ``gate`` ("" for c and h), ``batch``, ``t``, ``unit``, ``value``."""
        cols: dict[str, list[np.ndarray]] = {k: [] for k in ("layer", "direction", "quantity", "gate",
                                                               "batch", "t", "unit", "value")}  # fmt: skip
        for k, layer in enumerate(self.layers):
            for dname, d in layer.directions.items():
                for q, gate, a in _blocks(d):
                    B, T, H = a.shape
                    b, t, u = (g.ravel() for g in np.meshgrid(np.arange(B), np.arange(T), np.arange(H),
                                                              indexing="ij"))  # fmt: skip
                    n = a.size
                    for key, v in (("layer", np.full(n, k)), ("direction", np.full(n, dname, object)),
                                   ("quantity", np.full(n, q, object)), ("gate", np.full(n, gate, object)),
                                   ("batch", b), ("t", t), ("unit", u), ("value", a.ravel())):  # fmt: skip
                        cols[key].append(v)
        return {k: np.concatenate(v) if v else np.array([]) for k, v in cols.items()}

    def rows(self) -> Iterator[dict[str, Any]]:
        """The long form as dicts, one per number (see :meth:`columns`)."""
        cols = self.columns()
        for i in range(len(cols["value"])):
            yield {k: v[i].item() if hasattr(v[i], "item") else v[i] for k, v in cols.items()}

    def to_frame(self):
        """The long form as a pandas DataFrame (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "Trace.to_frame needs pandas (pip install pandas); Trace.columns() does not"
            ) from None
        return pd.DataFrame(self.columns())


def _blocks(d: Direction) -> Iterator[tuple[str, str, np.ndarray]]:
    for q in FIELDS:
        value = getattr(d, q)
        if value is None:
            continue
        if isinstance(value, Mapping):
            for gate, a in value.items():
                yield q, gate, np.asarray(a)
        else:
            yield q, "", np.asarray(value)


def build_request(
    model: Any,
    inputs: Any,
    *,
    gradients: Any = None,
    fields: Any = True,
    dtype: str = "float64",
    initial_state: Mapping[str, Any] | None = None,
    vocabulary: Any = None,
) -> tuple[dict[str, Any], Source]:
    """The /api/v1/forward request (plain data; arrays stay NumPy) for the user's objects."""
    source = read_model(model)
    request: dict[str, Any] = {
        "model": source.model,
        "weights": source.weights,
        "inputs": read_inputs(source, inputs, vocabulary),
        "options": {"trace": fields, "dtype": dtype},
    }
    if gradients is not None and gradients is not False:
        request["options"]["gradients"] = _gradients(gradients)
    if initial_state:
        state = {k: to_numpy(v) for k, v in initial_state.items() if v is not None}
        request["initial_state"] = state
    return request, source


def _gradients(value: Any) -> Any:
    if isinstance(value, str):
        return {"loss": value}
    if isinstance(value, Mapping) and "targets" in value:
        return {**value, "targets": to_numpy(value["targets"])}
    return value


def run_request(request: dict[str, Any], settings: Settings | None = None) -> dict[str, Any]:
    """Validate with the API's schema and run as the route does: the response body (arrays).
    Raises pydantic's ValidationError or rnnscope's InputError (both ValueErrors) with the API's
    messages, the field first."""
    from ..api.routes.forward import plain_request
    from ..api.schemas import ForwardRequest
    from ..errors import InputError
    from ..service import response_body, run_forward

    req = ForwardRequest.model_validate(request)
    try:
        net, result, inputs = run_forward(
            plain_request(req), req.model.model_fields_set, settings or Settings.from_env()
        )
    except InputError as e:  # the field it is about, as the API's 4xx says: "inputs: expected …"
        e.args = (f"{'.'.join(map(str, e.loc))}: {e.msg}",)
        raise
    return response_body(net, result, inputs, req.options.trace)


def trace(
    model: Any,
    inputs: Any,
    *,
    gradients: Any = None,
    fields: Any = True,
    dtype: str = "float64",
    initial_state: Mapping[str, Any] | None = None,
    vocabulary: Any = None,
    settings: Settings | None = None,
) -> Trace:
    """Run ``model`` on ``inputs`` and trace every step: the numbers of ``POST /api/v1/forward``.

    model: a torch.nn.Module (nn.RNN/LSTM/GRU, or a module holding an Embedding, one of those and
    a Linear head), a Keras 3 model, a path to a .safetensors/.npz/.json file, or a
    ``{"model": ..., "weights": ...}`` dict as in the API.
    inputs: numbers (T, I) or (B, T, I) (a torch model's own layout: (T, B, I) unless
    batch_first), a torch tensor, token ids (T,) / (B, T) for a model with an embedding, or text
    (a string or a list of strings; ``vocabulary=`` the token of each id, or the one-hot order).
    gradients: True (loss = sum of the outputs), "sum", or {"loss": "mse", "targets": (B, T, O)}.
    fields: True (every trace field), or a list of ("input_term", …, "c", "h").
    initial_state: {"h": (L·D, B, P), "c": (L·D, B, H)}; dtype: "float64" or "float32".
    settings: limits (default: the RNNSCOPE_* environment variables, as the server).
    """
    request, source = build_request(model, inputs, gradients=gradients, fields=fields, dtype=dtype,
                                    initial_state=initial_state, vocabulary=vocabulary)  # fmt: skip
    return Trace(run_request(request, settings), request, source)
