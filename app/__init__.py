"""rnnscope: see a recurrent network's state change, step by step."""

__version__ = "0.1.0"
