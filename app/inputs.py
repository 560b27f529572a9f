"""Turn the request's ``inputs`` and ``initial_state`` into arrays of the engine's shapes.

inputs: (B, T, I); a single sequence (T, I), or (T) when I = 1, is a batch of one. Text is
one-hot encoded over a vocabulary (default: the sorted distinct characters). For a model with
an embedding, inputs are token ids (B, T) (``{"ids": …}``, or text mapped to ids over the
model's vocabulary, split into characters or words).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .engine import Architecture
from .errors import InputError
from .formats.common import as_array, expect_shape, is_typed_array


@dataclass
class Inputs:
    x: np.ndarray  # (B, T, I) float64, or (B, T) int64 token ids for a model with an embedding
    tokens: list[list[str]] | None = None
    vocabulary: list[str] | None = None
    warnings: list[str] = field(default_factory=list)


def read_inputs(value: Any, input_size: int | None, embedding: Mapping[str, Any] | None = None,
                model_vocabulary: list[str] | None = None) -> Inputs:  # fmt: skip
    """``input_size`` (when known) resolves (T,) vs (T, I) and checks the feature width.
    ``embedding`` (the model's, when it has one): the inputs are token ids."""
    if isinstance(value, Mapping) and not is_typed_array(value):
        if "ids" in value:
            if embedding is None:
                raise InputError(("inputs", "ids"), "expected numbers (B, T, I): token ids need a model with an "
                                 "embedding (model.embedding)", "value_error")  # fmt: skip
            return Inputs(read_ids(value["ids"]))
        if embedding is not None:
            return text_ids(value, model_vocabulary)
        return read_text(value)
    if embedding is not None:
        raise InputError(("inputs",), 'expected token ids ({"ids": [[…]]}) or text for a model with an embedding, '
                         "got numbers", "type_error")  # fmt: skip
    a = as_array(value, ("inputs",), (1, 2, 3))
    if a.ndim == 1:
        a = a[None, :, None]
    elif a.ndim == 2:
        a = a[None]
    if a.shape[1] == 0:
        raise InputError(
            ("inputs",), "expected at least one time step, got a sequence with none", "too_short"
        )
    if a.shape[0] == 0 or a.shape[2] == 0:
        raise InputError(
            ("inputs",), f"expected a non-empty (B, T, I) array, got shape {a.shape}", "too_short"
        )
    if input_size is not None and a.shape[2] != input_size:
        raise InputError(("inputs",), f"expected {input_size} features per step (input_size), got {a.shape[2]}",
                         "shape_error", {"expected": input_size, "received": a.shape[2]})  # fmt: skip
    return Inputs(np.ascontiguousarray(a))


def read_ids(value: Any) -> np.ndarray:
    """(B, T) int64 ids from a (T,) or (B, T) nested list of integers (range checked later)."""
    loc = ("inputs", "ids")
    a = as_array(value, loc, (1, 2))
    if a.ndim == 1:
        a = a[None]
    if a.shape[1] == 0 or a.shape[0] == 0:
        raise InputError(loc, f"expected at least one id per row, got shape {a.shape}", "too_short")
    if not (a == np.round(a)).all():
        first = tuple(int(i) for i in np.argwhere(a != np.round(a))[0])
        raise InputError(loc, f"expected integer ids, got {a[first]} at index {list(first)}", "type_error")
    return a.astype(np.int64)


def check_ids(ids: np.ndarray, num_embeddings: int) -> None:
    bad = (ids < 0) | (ids >= num_embeddings)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InputError(("inputs", "ids"), f"expected ids in [0, {num_embeddings}) (embedding.num_embeddings), "
                         f"got {int(ids[first])} at index {list(first)}", "value_error")  # fmt: skip


def split_text(text: str, how: str) -> list[str]:
    return text.split() if how == "words" else list(text)


def text_ids(value: Mapping[str, Any], model_vocabulary: list[str] | None) -> Inputs:
    """Text to token ids over the vocabulary (inputs.vocabulary, else the model's): id = its index."""
    texts, loc = _texts(value)
    how = value.get("split", "chars")
    vocab_value = value.get("vocabulary", model_vocabulary)
    if vocab_value is None:
        raise InputError(("inputs", "vocabulary"), "missing: text for a model with an embedding needs the model's "
                         "vocabulary (inputs.vocabulary or the top-level vocabulary)", "missing")  # fmt: skip
    vocab = (
        list(dict.fromkeys(vocab_value)) if isinstance(vocab_value, str) else [str(v) for v in vocab_value]
    )
    index: dict[str, int] = {}
    for i, tok in enumerate(vocab):
        index.setdefault(tok, i)
    tokens = [split_text(t, how) for t in texts]
    if any(not t for t in tokens):
        raise InputError(loc, f"expected at least one token ({how}), got none", "too_short")
    for toks in tokens:
        missing = sorted(set(toks) - set(index))
        if missing:
            raise InputError(("inputs", "vocabulary"), f"expected every token of the text ({how}) in the vocabulary, "
                             f"{missing[:5]!r} are not", "value_error")  # fmt: skip
    steps = max(len(t) for t in tokens)
    notes = []
    if any(len(t) != steps for t in tokens):
        if not value.get("pad"):
            raise InputError(loc, f'expected texts of one length (or "pad": true), got lengths '
                             f"{[len(t) for t in tokens]}", "value_error")  # fmt: skip
        notes = [f"text {b} was padded with id 0 from {len(t)} to {steps} steps"
                 for b, t in enumerate(tokens) if len(t) != steps]  # fmt: skip
    ids = np.zeros((len(tokens), steps), np.int64)
    for b, toks in enumerate(tokens):
        ids[b, : len(toks)] = [index[tok] for tok in toks]
    return Inputs(ids, [t + [""] * (steps - len(t)) for t in tokens], vocab, notes)


def _texts(value: Mapping[str, Any]) -> tuple[Sequence[str], tuple[str, ...]]:
    if "texts" in value:
        texts, loc = value["texts"], ("inputs", "texts")
    else:
        texts, loc = [value.get("text")], ("inputs", "text")
    if not texts or not all(isinstance(t, str) for t in texts):
        raise InputError(loc, "expected text: a string (text) or a list of strings (texts)", "type_error")
    if any(len(t) == 0 for t in texts):
        raise InputError(
            loc, "expected at least one character, got an empty text", "too_short", {"min_length": 1}
        )
    return texts, loc


def read_text(value: Mapping[str, Any]) -> Inputs:
    texts, loc = _texts(value)
    vocab_value = value.get("vocabulary")
    if vocab_value is None:
        vocab = sorted(set("".join(texts)))
    elif isinstance(vocab_value, str):
        vocab = list(dict.fromkeys(vocab_value))
    else:
        vocab = [str(v) for v in vocab_value]
    index = {ch: i for i, ch in enumerate(vocab)}
    for t in texts:
        missing = sorted(set(t) - set(index))
        if missing:
            raise InputError(("inputs", "vocabulary"), f"expected every character of the text in the vocabulary, "
                             f"{missing[:5]!r} are not", "value_error", {"missing": "".join(missing[:5])})  # fmt: skip
    steps = max(len(t) for t in texts)
    notes = []
    if any(len(t) != steps for t in texts):
        if not value.get("pad"):
            lengths = [len(t) for t in texts]
            raise InputError(
                loc, f'expected texts of one length (or "pad": true), got lengths {lengths}', "value_error"
            )
        notes = [f"text {b} was padded with zero vectors from {len(t)} to {steps} steps"
                 for b, t in enumerate(texts) if len(t) != steps]  # fmt: skip
    x = np.zeros((len(texts), steps, len(vocab)))
    for b, t in enumerate(texts):
        x[b, np.arange(len(t)), [index[ch] for ch in t]] = 1.0
    tokens = [list(t) + [""] * (steps - len(t)) for t in texts]
    return Inputs(x, tokens, vocab, notes)


def read_state(value: Any, name: str, arch: Architecture, batch: int, width: int) -> Any:
    """initial_state.h: (S, B, P) or (S, P) for every row; .c the same with H (S = the states,
    Σ directions over the layers). When the layers' widths differ: a list of S arrays, state s
    (B, P_s) or (P_s) for every row (.c: H_s)."""
    if value is None:
        return None
    loc = ("initial_state", name)
    if not arch.uniform_states:
        return read_state_list(value, name, arch, batch, loc)
    width = arch.state_widths()[0][0 if name == "h" else 1]
    a = as_array(value, loc, (2, 3))
    n = arch.num_states
    if a.ndim == 2:
        expect_shape(
            a, (n, width), loc, f"(num_layers·directions {n}, {width}) or ({n}, batch {batch}, {width})"
        )
        a = np.repeat(a[:, None, :], batch, axis=1)
    expect_shape(a, (n, batch, width), loc, f"(num_layers·directions {n}, batch {batch}, {width})")
    return np.ascontiguousarray(a)


def read_state_list(value: Any, name: str, arch: Architecture, batch: int, loc: tuple) -> list[np.ndarray]:
    widths = [P if name == "h" else H for P, H in arch.state_widths()]
    if not isinstance(value, list) or len(value) != len(widths):
        got = f"a list of {len(value)}" if isinstance(value, list) else type(value).__name__
        raise InputError(loc, f"expected a list of {len(widths)} arrays, one per (layer, direction) state, of widths "
                         f"{widths} (the layers' widths differ), got {got}", "type_error")  # fmt: skip
    out = []
    for s, (v, w) in enumerate(zip(value, widths, strict=True)):
        a = as_array(v, (*loc, s), (1, 2))
        if a.ndim == 1:
            expect_shape(a, (w,), (*loc, s), f"({w}) or (batch {batch}, {w}) for state {s}")
            a = np.repeat(a[None], batch, axis=0)
        out.append(
            np.ascontiguousarray(
                expect_shape(a, (batch, w), (*loc, s), f"(batch {batch}, {w}) for state {s}")
            )
        )
    return out
