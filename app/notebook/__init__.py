"""The notebook API: ``trace`` (the numbers), ``show`` (the visualizer inline), ``Client``
(the same trace from a remote server). See docs/python.md."""

from __future__ import annotations

import copy
from typing import Any

from .client import Client, RemoteError
from .display import View, show
from .tracing import Trace, trace


def preset(preset_id: str) -> dict[str, Any]:
    """A ready-made network as a request dict ({"model", "weights", "inputs", …, "preset"}), e.g.
    ``rnnscope.show(rnnscope.preset("book-rnn"))``; ids as in ``GET /api/v1/presets``."""
    from ..presets import all_presets

    presets = all_presets()
    if preset_id not in presets:
        raise KeyError(f"no preset {preset_id!r}; known: {', '.join(presets)}")
    return copy.deepcopy(presets[preset_id]["request"]) | {"preset": preset_id}


__all__ = ["Client", "RemoteError", "Trace", "View", "preset", "show", "trace"]
