"""Ready-made networks, each a complete /api/v1/forward request with a title and a description."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import orjson

ORDER = (
    "book-rnn",
    "tf1-basic-lstm",
    "gru-hello",
    "relu-rnn",
    "lstm-bidirectional",
    "vanishing-tanh",
    "exploding-linear",
    "lstm-memory",
)


@cache
def all_presets() -> dict[str, dict[str, Any]]:
    folder = Path(__file__).parent
    found = {p.stem: orjson.loads(p.read_bytes()) for p in folder.glob("*.json")}
    ordered = [k for k in ORDER if k in found] + sorted(set(found) - set(ORDER))
    return {k: found[k] for k in ordered}


def preset_request(preset_id: str) -> dict[str, Any] | None:
    preset = all_presets().get(preset_id)
    return None if preset is None else preset["request"]
