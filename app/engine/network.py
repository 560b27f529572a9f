"""What a recurrent network is: its architecture and its parameters, in PyTorch's layout.

Matrices are (out, in) and applied as ``W x + b`` (REFERENCE.md §1). Gate blocks are stacked
in PyTorch's order: rnn ``h``; lstm ``i, f, g, o``; gru ``r, z, n``. Every weight format is
read into these types and written back out of them (see ``app.formats``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .activations import TOP_LEVEL_GATES, Act, make_act

SIGMOID, TANH, IDENTITY = Act("sigmoid"), Act("tanh"), Act("identity")

GATES: dict[str, tuple[str, ...]] = {
    "rnn": ("h",),
    "lstm": ("i", "f", "g", "o"),
    "gru": ("r", "z", "n"),
}


DIRECTION_NAMES = {"forward": ("forward",), "reverse": ("reverse",), "bidirectional": ("forward", "backward")}


@dataclass(frozen=True)
class LayerSpec:
    """One recurrent layer (model v2). n = its input width, P = its h width.

    direction: "forward" | "reverse" | "bidirectional"; merge_mode (bidirectional): how the two
    directions' outputs make the layer's output: concat [fwd | bwd], sum, mul, ave.
    gate: LSTM i, f, o / GRU r, z;  cell_act: LSTM g, GRU n, RNN h;  output: LSTM h = o ⊙ output(c).
    peepholes: LSTM P (ONNX order i, o, f);  clip: pre-activations clipped to [-clip, clip].
    """

    cell: str
    input_size: int
    hidden_size: int
    proj_size: int = 0
    direction: str = "forward"
    merge_mode: str = "concat"
    gate: Act = SIGMOID
    cell_act: Act = TANH
    output: Act = TANH
    peepholes: bool = False
    clip: float | None = None
    gru_reset_after: bool = True
    bias: bool = True
    return_sequences: bool = True

    @property
    def gates(self) -> tuple[str, ...]:
        return GATES[self.cell]

    @property
    def num_directions(self) -> int:
        return 2 if self.direction == "bidirectional" else 1

    @property
    def output_size(self) -> int:
        return self.proj_size or self.hidden_size

    @property
    def out_width(self) -> int:
        """The width of the layer's (merged) output."""
        concat = self.direction == "bidirectional" and self.merge_mode == "concat"
        return 2 * self.output_size if concat else self.output_size

    def direction_names(self) -> tuple[str, ...]:
        return DIRECTION_NAMES[self.direction]

    @property
    def plain(self) -> bool:
        """tanh cell and output, no clip, no peepholes: the lstm's fused step (any gate)."""
        tanh = Act("tanh")
        return self.cell_act == tanh and self.output == tanh and self.clip is None and not self.peepholes


@dataclass(frozen=True)
class EmbeddingSpec:
    """x_t = E[id_t]: E is (num_embeddings, embedding_dim)."""

    num_embeddings: int
    embedding_dim: int
    padding_idx: int | None = None
    mask_zero: bool = False


@dataclass(frozen=True)
class DenseSpec:
    """One head layer: y = act(W x + b), W: (size, in)."""

    size: int
    activation: Act | str = IDENTITY  # "softmax" or an Act

    @property
    def act_name(self) -> str:
        return self.activation if isinstance(self.activation, str) else self.activation.name


@dataclass(frozen=True)
class Architecture:
    """The shape and the kind of a network, with every size resolved.

    The scalar fields describe a uniform stack (today's model); ``layers`` holds every layer's
    own resolved spec (filled from the scalar fields when not given). ``head`` is the dense
    layers after the last recurrent layer (a ``readout`` is a one-layer head), run on every step
    and, with ``head_on == "final"``, on the final state.
    """

    cell: str  # "rnn" | "lstm" | "gru"
    input_size: int
    hidden_size: int
    num_layers: int = 1
    bidirectional: bool = False
    nonlinearity: str = "tanh"  # rnn only: "tanh" | "relu"
    gate_activation: str = "sigmoid"  # lstm/gru: "sigmoid" | "hard_sigmoid" | "hard_sigmoid_keras2"
    gru_reset_after: bool = True  # gru only
    proj_size: int = 0  # lstm only, 0 = none
    bias: bool = True
    readout_size: int = 0  # 0 = no readout (with a head: the last head layer's size)
    readout_activation: str = "identity"
    layers: tuple[LayerSpec, ...] = ()
    embedding: EmbeddingSpec | None = None
    head: tuple[DenseSpec, ...] = ()
    head_on: str = "every_step"  # "every_step" | "final"

    def __post_init__(self) -> None:
        if not self.layers:
            object.__setattr__(self, "layers", tuple(self.uniform_layer(k) for k in range(self.num_layers)))
        if not self.head and self.readout_size:
            act = self.readout_activation
            dense = DenseSpec(self.readout_size, act if act == "softmax" else make_act(act))
            object.__setattr__(self, "head", (dense,))
        elif self.head and not self.readout_size:
            object.__setattr__(self, "readout_size", self.head[-1].size)

    def uniform_layer(self, k: int) -> LayerSpec:
        D, P = (2 if self.bidirectional else 1), self.proj_size or self.hidden_size
        return LayerSpec(
            cell=self.cell,
            input_size=self.input_size if k == 0 else D * P,
            hidden_size=self.hidden_size,
            proj_size=self.proj_size,
            direction="bidirectional" if self.bidirectional else "forward",
            gate=TOP_LEVEL_GATES[self.gate_activation],
            cell_act=Act(self.nonlinearity) if self.cell == "rnn" else Act("tanh"),
            gru_reset_after=self.gru_reset_after,
            bias=self.bias,
        )

    @property
    def gates(self) -> tuple[str, ...]:
        return GATES[self.cell]

    @property
    def num_directions(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def output_size(self) -> int:
        """P: the width of h (proj_size when set, else hidden_size)."""
        return self.proj_size or self.hidden_size

    def layer_input_size(self, layer: int) -> int:
        return self.layers[layer].input_size

    def direction_names(self) -> tuple[str, ...]:
        return ("forward", "backward") if self.bidirectional else ("forward",)

    @property
    def num_states(self) -> int:
        """S: the number of (layer, direction) states, the first axis of h_n."""
        return sum(spec.num_directions for spec in self.layers)

    def state_widths(self) -> list[tuple[int, int]]:
        """(P, H) of every state s = (layer, direction), in h_n's order."""
        return [(spec.output_size, spec.hidden_size) for spec in self.layers for _ in spec.direction_names()]

    @property
    def uniform_states(self) -> bool:
        """Every state has one width (h_n is one (S, B, P) array)."""
        return len(set(self.state_widths())) == 1

    @property
    def features(self) -> int:
        """The width of the last recurrent layer's output (the head's input)."""
        return self.layers[-1].out_width

    @property
    def out_size(self) -> int:
        """O: the head's output width, or the features without a head."""
        return self.head[-1].size if self.head else self.features

    @property
    def is_uniform(self) -> bool:
        """Expressible by today's scalar fields alone (no per-layer differences, no v2 feature)."""
        return self.layers == tuple(self.uniform_layer(k) for k in range(self.num_layers))


@dataclass(frozen=True)
class CellParams:
    """One layer and direction. G = len(gates), H = hidden, P = output size, n = layer input.

    W_ih: (G·H, n)   W_hh: (G·H, P)   b_ih, b_hh: (G·H,)   W_hr: (P, H) or None
    P: (3, H) LSTM peepholes in ONNX's order i, o, f, or None
    """

    W_ih: np.ndarray
    W_hh: np.ndarray
    b_ih: np.ndarray
    b_hh: np.ndarray
    W_hr: np.ndarray | None = None
    P: np.ndarray | None = None

    def astype(self, dtype: np.dtype) -> CellParams:
        return CellParams(
            *(None if a is None else np.ascontiguousarray(a, dtype=dtype) for a in self._arrays())
        )

    def _arrays(self) -> tuple[np.ndarray | None, ...]:
        return (self.W_ih, self.W_hh, self.b_ih, self.b_hh, self.W_hr, self.P)


@dataclass(frozen=True)
class Readout:
    """y_t = act(W out_t + b).  W: (O, D·P)   b: (O,)"""

    W: np.ndarray
    b: np.ndarray


@dataclass(frozen=True)
class Network:
    """layers[layer][direction]: CellParams;  head: Dense layers (a readout is a one-layer head);
    embedding: (V, E) or None."""

    arch: Architecture
    layers: tuple[tuple[CellParams, ...], ...]  # [layer][direction]
    readout: Readout | None = None
    head: tuple[Readout, ...] = field(default=())
    embedding: np.ndarray | None = None
    notes: tuple[str, ...] = ()  # what a reader assumed (warnings)

    def __post_init__(self) -> None:
        if self.readout is not None and not self.head:
            object.__setattr__(self, "head", (self.readout,))
        if self.readout is None and len(self.head) == 1:
            object.__setattr__(self, "readout", self.head[0])

    def astype(self, dtype: np.dtype) -> Network:
        layers = tuple(tuple(p.astype(dtype) for p in layer) for layer in self.layers)
        head = tuple(
            Readout(np.ascontiguousarray(d.W, dtype=dtype), np.ascontiguousarray(d.b, dtype=dtype))
            for d in self.head
        )
        emb = None if self.embedding is None else np.ascontiguousarray(self.embedding, dtype=dtype)
        readout = head[0] if len(head) == 1 else None
        return replace(self, layers=layers, readout=readout, head=head, embedding=emb)


def expected_shapes(arch: Architecture, layer: int) -> dict[str, tuple[int, ...]]:
    """The shape of every CellParams field of one layer (W_hr only with a projection, P only
    with peepholes)."""
    spec = arch.layers[layer]
    gh = len(spec.gates) * spec.hidden_size
    shapes = {
        "W_ih": (gh, spec.input_size),
        "W_hh": (gh, spec.output_size),
        "b_ih": (gh,),
        "b_hh": (gh,),
    }
    if spec.proj_size:
        shapes["W_hr"] = (spec.proj_size, spec.hidden_size)
    if spec.peepholes:
        shapes["P"] = (3, spec.hidden_size)
    return shapes


def check_network(net: Network) -> None:
    """Assert that every array has the shape the architecture implies (a programming check:
    the format readers report user errors with their own field names before this runs)."""
    arch = net.arch
    assert len(net.layers) == len(arch.layers) == arch.num_layers
    for k, layer in enumerate(net.layers):
        spec = arch.layers[k]
        assert len(layer) == spec.num_directions
        shapes = expected_shapes(arch, k)
        for p in layer:
            for name, shape in shapes.items():
                assert getattr(p, name).shape == shape, (k, name, getattr(p, name).shape, shape)
        if k:
            assert spec.input_size == arch.layers[k - 1].out_width, (k, spec.input_size)
    emb = arch.embedding
    if emb is not None:
        assert net.embedding is not None and net.embedding.shape == (emb.num_embeddings, emb.embedding_dim)
        assert emb.embedding_dim == arch.layers[0].input_size
    assert len(net.head) == len(arch.head)
    width = arch.features
    for dense, spec in zip(net.head, arch.head, strict=True):
        assert dense.W.shape == (spec.size, width) and dense.b.shape == (spec.size,), (dense.W.shape, spec)
        width = spec.size
