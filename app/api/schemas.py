"""Request and response models of the HTTP API (see docs/API.md). Arrays stay untyped here
(nested lists of numbers, validated with their shapes by ``app.formats`` and ``app.inputs``)
so that a large weight matrix is not validated twice."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, WithJsonSchema

TYPED_ARRAY_SCHEMA = {
    "type": "object",
    "description": "a typed array: as the base64 encoding's answers send them",
    "properties": {
        "dtype": {"enum": ["f8", "f4"]},
        "shape": {"type": "array", "items": {"type": "integer", "minimum": 0}},
        "bdata": {"type": "string", "description": "base64 of the C-order little-endian bytes"},
    },
    "required": ["dtype", "shape", "bdata"],
    "additionalProperties": False,
}
Array = Annotated[
    Any,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "array", "items": {}, "description": "nested list of numbers, row-major"},
                TYPED_ARRAY_SCHEMA,
            ]
        }
    ),
]
ArrayOut = Annotated[
    Any,
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "array",
                    "items": {},
                    "description": "nested list of numbers, row-major (null: non-finite)",
                },
                {
                    "type": "object",
                    "description": "with options.encoding = base64",
                    "properties": {
                        "dtype": {"enum": ["f8", "f4"]},
                        "shape": {"type": "array", "items": {"type": "integer"}},
                        "bdata": {
                            "type": "string",
                            "description": "base64 of the C-order little-endian bytes",
                        },
                    },
                    "required": ["dtype", "shape", "bdata"],
                },
            ]
        }
    ),
]
Cell = Literal["rnn", "lstm", "gru"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReadoutSpec(Strict):
    size: int | None = Field(None, ge=1, description="O; optional when the readout weights give it")
    activation: Literal["identity", "softmax", "sigmoid", "tanh"] = "identity"


ActivationName = Literal[
    "tanh", "sigmoid", "relu", "softsign", "softplus", "linear", "identity", "exponential", "affine",
    "hard_sigmoid", "hard_sigmoid_keras2", "leaky_relu", "thresholded_relu", "elu", "selu", "scaled_tanh",
]  # fmt: skip


class ActivationParams(Strict):
    name: ActivationName
    alpha: float | None = Field(
        None, description="α (see docs/API.md for each activation's meaning and default)"
    )
    beta: float | None = Field(None, description="β")


Activation = ActivationName | ActivationParams
HeadActivation = Literal["softmax"] | ActivationName | ActivationParams


class LayerActivations(Strict):
    gate: Activation | None = Field(None, description="LSTM i, f, o / GRU r, z (default sigmoid)")
    cell: Activation | None = Field(None, description="LSTM g, GRU n, RNN h (default tanh)")
    output: Activation | None = Field(None, description="LSTM only: h = o ⊙ output(c) (default: tanh)")


class LayerModel(Strict):
    cell: Cell | None = Field(None, description="default: model.cell")
    input_size: int | None = Field(None, ge=1, description="optional: the width the layer reads (checked)")
    hidden_size: int | None = Field(None, ge=1, description="optional when the weights give it")
    direction: Literal["forward", "reverse", "bidirectional"] | None = None
    merge_mode: Literal["concat", "sum", "mul", "ave"] = "concat"
    activations: LayerActivations | None = None
    peepholes: bool | None = Field(
        None, description="LSTM P weights (ONNX order i, o, f); default: from the weights"
    )
    clip: float | None = Field(None, gt=0, description="pre-activations clipped to [-clip, clip] (ONNX clip)")
    proj_size: int | None = Field(None, ge=0)
    gru_reset_after: bool | None = None
    bias: bool | None = None
    return_sequences: bool = Field(
        True, description="false (last layer only): the head runs on the final state"
    )


class EmbeddingModel(Strict):
    num_embeddings: int | None = Field(None, ge=1, description="V; optional when the weights give it")
    embedding_dim: int | None = Field(None, ge=1, description="E; optional when the weights give it")
    padding_idx: int | None = Field(None, description="PyTorch: that row gets no gradient")
    mask_zero: bool = Field(False, description="Keras: id 0 masks the step")


class HeadLayer(Strict):
    size: int | None = Field(None, ge=1, description="optional when the head weights give it")
    activation: HeadActivation = "identity"


class ModelSpec(Strict):
    cell: Cell
    input_size: int | None = Field(None, ge=1, description="I; optional when the weights give it")
    hidden_size: int | None = Field(None, ge=1, description="H; optional when the weights give it")
    num_layers: int = Field(1, ge=1)
    bidirectional: bool = False
    nonlinearity: Literal["tanh", "relu"] = "tanh"
    gate_activation: Literal["sigmoid", "hard_sigmoid", "hard_sigmoid_keras2"] = "sigmoid"
    gru_reset_after: bool = True
    proj_size: int = Field(0, ge=0)
    readout: ReadoutSpec | None = None
    embedding: EmbeddingModel | None = None
    layers: list[LayerModel] | None = Field(None, min_length=1, description="per-layer overrides (model v2)")
    head: list[HeadLayer] | None = Field(
        None, min_length=1, description="dense layers after the last recurrent layer"
    )
    head_on: Literal["every_step", "final"] = "every_step"


class PytorchWeights(Strict):
    format: Literal["pytorch"]
    state_dict: dict[str, Array]
    readout: dict[str, Array] | None = None


class KerasWeights(Strict):
    format: Literal["keras"]
    layers: list[dict[str, Any]]
    readout: dict[str, Array] | None = None


class TF1Weights(Strict):
    format: Literal["tf1"]
    layers: list[dict[str, Any]]
    forget_bias: float = 1.0
    readout: dict[str, Array] | None = None


class BookWeights(Strict):
    format: Literal["book"]
    w_cell_state: Array
    w_cell_input: Array
    b_cell: Array
    w_output: Array | None = None
    b_output: Array | float | None = None


class CanonicalWeights(Strict):
    format: Literal["canonical"]
    layers: list[dict[str, Any]]
    readout: dict[str, Array] | None = None
    embedding: Array | None = Field(None, description="(V, E)")
    head: list[dict[str, Array]] | None = Field(None, description='[{"W": (O_k, in_k), "b": (O_k,)}, …]')


class RandomWeights(Strict):
    format: Literal["random"]
    seed: int = Field(0, ge=0)
    scheme: Literal["pytorch"] = "pytorch"


Weights = Annotated[
    PytorchWeights | KerasWeights | TF1Weights | BookWeights | CanonicalWeights | RandomWeights,
    Field(discriminator="format"),
]


class TextInputs(Strict):
    text: str | None = Field(None, min_length=1)
    texts: list[str] | None = Field(None, min_length=1)
    vocabulary: str | list[str] | None = None
    pad: bool = False
    split: Literal["chars", "words"] = Field(
        "chars", description="how text becomes tokens (ids with an embedding)"
    )


class IdsInputs(Strict):
    ids: Array = Field(description="token ids (B, T) or one sequence (T,), for a model with an embedding")


def _inputs_kind(v: Any) -> str:
    if isinstance(v, dict) and set(v) != {"dtype", "shape", "bdata"}:  # not a typed array
        return "ids" if "ids" in v else "text"
    return "array"


InputsField = Annotated[
    Annotated[Array, Tag("array")] | Annotated[TextInputs, Tag("text")] | Annotated[IdsInputs, Tag("ids")],
    Discriminator(_inputs_kind),
]


class InitialState(Strict):
    h: Array | None = None
    c: Array | None = None


TraceField = Literal["input_term", "recurrent_term", "pre_activation", "gates", "c", "h", "embedding", "head"]


class GradientOptions(Strict):
    loss: Literal["sum", "last", "mse", "cross_entropy"] = Field(
        "sum",
        description="sum: L = Σ y (or Σ output without a readout); last: Σ y at the last step only; "
        "mse: L = mean((y - targets)²); cross_entropy: L = -mean log p[target] with p = y for a softmax "
        "readout, else the softmax of y (or output) taken as logits",
    )
    targets: Array | Literal["next"] | None = Field(
        None,
        description="mse: (B, T, O) with a readout, else (B, T, D·P). cross_entropy: (B, T) class indices "
        '(negative: that step is not scored), or "next" for text inputs: the next character\'s index',
    )


class Options(Strict):
    dtype: Literal["float64", "float32"] = "float64"
    encoding: Literal["json", "base64", "binary"] = Field(
        "json", description="binary: raw little-endian arrays after a JSON header (docs/API.md, issue 11)"
    )
    trace: list[TraceField] | bool = Field(
        True,
        description="true: every trace field; false: none; or the list of fields to return "
        "(smaller responses for long sequences; embedding and head name the response's top-level "
        "embedding and head). output, h_n, c_n, y and y_final are always returned.",
    )
    gradients: GradientOptions | bool = Field(
        False, description='backpropagation through time; true means {"loss": "sum"}'
    )


BOOK_EXAMPLE = {
    "model": {"cell": "rnn", "readout": {"size": 1}},
    "weights": {
        "format": "book",
        "w_cell_state": [[0.1, 0.2], [0.3, 0.4]],
        "w_cell_input": [0.5, 0.6],
        "b_cell": [0.1, -0.1],
        "w_output": [[1.0], [2.0]],
        "b_output": 0.1,
    },
    "inputs": [1.0, 2.0],
}


class ForwardRequest(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [BOOK_EXAMPLE]})

    model: ModelSpec
    weights: Weights
    inputs: InputsField
    lengths: list[Annotated[int, Field(ge=1)]] | None = Field(
        None, description="(B,) steps of each row: past it a row keeps its state and outputs zeros"
    )
    initial_state: InitialState | None = None
    options: Options = Options()
    vocabulary: list[str] | None = Field(
        None, description="the model's vocabulary (from a weights import): text inputs map to ids over it"
    )
    warnings: list[str] | None = Field(None, description="accepted and ignored (a weights import's answer)")
    summary: str | None = Field(None, description="accepted and ignored (a weights import's answer)")


class DirectionTraceOut(BaseModel):
    input_term: dict[str, ArrayOut] | None = None
    recurrent_term: dict[str, ArrayOut] | None = None
    pre_activation: dict[str, ArrayOut] | None = None
    gates: dict[str, ArrayOut] | None = None
    c: ArrayOut | None = None
    h: ArrayOut | None = None


class LayerTrace(BaseModel):
    forward: DirectionTraceOut | None = None
    backward: DirectionTraceOut | None = None
    reverse: DirectionTraceOut | None = Field(None, description="a reverse-only layer")


class HeadLayerOut(BaseModel):
    pre_activation: ArrayOut = Field(description="(B, T, O_k) on every step, or (B, O_k) with head_on final")
    activation: ArrayOut


class ResolvedModel(BaseModel):
    cell: Cell
    input_size: int
    hidden_size: int
    num_layers: int
    bidirectional: bool
    nonlinearity: str
    gate_activation: str
    gru_reset_after: bool
    proj_size: int
    readout: ReadoutSpec | None
    embedding: dict[str, Any] | None = None
    layers: list[dict[str, Any]] | None = Field(None, description="every layer resolved (model v2 models)")
    head: list[dict[str, Any]] | None = None
    head_on: str = "every_step"


class GradientsOut(BaseModel):
    loss: float
    inputs: ArrayOut = Field(description="(B, T, I) dL/dx")
    initial_state: dict[str, ArrayOut] = Field(description='{"h": (L·D, B, P), "c": (L·D, B, H) lstm}')
    parameters: dict[str, ArrayOut] = Field(
        description="PyTorch state_dict names, and readout.weight / readout.bias"
    )
    hidden: list[dict[str, ArrayOut]] = Field(description="[layer][direction] (B, T, P) total dL/dh_t")
    jacobian_norm: list[dict[str, ArrayOut]] | None = Field(
        description="[layer][direction] (B, T) spectral norm of ∂s_last/∂s_t; null over the work limit"
    )


class ForwardResponse(BaseModel):
    model: ResolvedModel
    batch: int
    steps: int
    gates: list[str] = Field(description="gate names of this cell, in PyTorch's order")
    tokens: list[list[str]] | None = None
    vocabulary: list[str] | None = Field(None, description="text inputs: the one-hot order, resolved")
    output: ArrayOut
    h_n: ArrayOut
    c_n: ArrayOut | None = None
    y: ArrayOut | None = None
    y_final: ArrayOut | None = Field(None, description="(B, O) with head_on final")
    embedding: ArrayOut | None = Field(None, description="(B, T, E) x_t = E[id_t]")
    head: list[HeadLayerOut] | None = None
    lengths: list[int] | None = None
    trace: list[LayerTrace]
    gradients: GradientsOut | None = None
    warnings: list[str]


class ConvertRequest(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"model": BOOK_EXAMPLE["model"], "weights": BOOK_EXAMPLE["weights"], "to": "pytorch"}
            ]
        },
    )
    model: ModelSpec
    weights: Weights
    to: Literal["pytorch", "keras", "canonical", "tf1"]


class ModelAndWeights(BaseModel):
    model: ResolvedModel
    weights: dict[str, Any]
    warnings: list[str] = []


class PresetInfo(BaseModel):
    id: str
    title: str
    description: str
    cell: Cell


class Health(BaseModel):
    status: Literal["ok"]
    version: str
