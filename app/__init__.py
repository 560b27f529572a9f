"""rnnscope: see a recurrent network's state change, step by step.

In a notebook: ``rnnscope.trace(model, inputs)`` (every intermediate as NumPy arrays),
``rnnscope.show(model, inputs)`` (the visualizer inline), ``rnnscope.Client(url)`` (a server).
"""

__version__ = "0.1.0"

from .notebook import Client, RemoteError, Trace, View, preset, show, trace

__all__ = ["Client", "RemoteError", "Trace", "View", "__version__", "preset", "show", "trace"]
