"""Readers of whole model files (one module per file type): bytes in, a model-v2 record out."""
