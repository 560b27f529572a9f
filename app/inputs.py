"""Turn the request's ``inputs`` and ``initial_state`` into arrays of the engine's shapes.

inputs: (B, T, I); a single sequence (T, I), or (T) when I = 1, is a batch of one. Text is
one-hot encoded over a vocabulary (default: the sorted distinct characters).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .engine import Architecture
from .errors import InputError
from .formats.common import as_array, expect_shape


@dataclass
class Inputs:
    x: np.ndarray  # (B, T, I) float64
    tokens: list[list[str]] | None = None
    vocabulary: list[str] | None = None
    warnings: list[str] = field(default_factory=list)


def read_inputs(value: Any, input_size: int | None) -> Inputs:
    """``input_size`` (when known) resolves (T,) vs (T, I) and checks the feature width."""
    if isinstance(value, Mapping):
        return read_text(value)
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


def read_text(value: Mapping[str, Any]) -> Inputs:
    texts: Sequence[str]
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


def read_state(value: Any, name: str, arch: Architecture, batch: int, width: int) -> np.ndarray | None:
    """initial_state.h: (L·D, B, P) or (L·D, P) for every row; .c the same with H."""
    if value is None:
        return None
    loc = ("initial_state", name)
    a = as_array(value, loc, (2, 3))
    n = arch.num_layers * arch.num_directions
    if a.ndim == 2:
        expect_shape(
            a, (n, width), loc, f"(num_layers·directions {n}, {width}) or ({n}, batch {batch}, {width})"
        )
        a = np.repeat(a[:, None, :], batch, axis=1)
    expect_shape(a, (n, batch, width), loc, f"(num_layers·directions {n}, batch {batch}, {width})")
    return np.ascontiguousarray(a)
