"""Builds the FastAPI application: ``create_app(settings)``; ``app`` for ``uvicorn app.main:app``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from . import __version__
from .api.errors import install_error_handlers
from .api.gate import ComputeGate
from .api.limits import BodySizeLimit
from .api.routes import apidocs, convert, forward, health, lessons, oembed, presets, standalone, weights
from .api.security import SecurityHeaders
from .engine.blas import limit_blas_threads
from .engine.memory import keep_freed_memory
from .formats.files import sandbox
from .pages import router as pages_router
from .resources import resource_dir
from .settings import Settings


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    sandbox.shutdown()  # the processes that read uploaded HDF5 files


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    keep_freed_memory()
    limit_blas_threads(settings.blas_threads)
    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # served offline by routes/apidocs.py
        redoc_url=None,
        title="rnnscope",
        version=__version__,
        summary="Per-step traces of RNN, LSTM and GRU forward passes, exact to PyTorch.",
        description=(
            "Send a recurrent network's weights (PyTorch, Keras, TF1, the book's names, a canonical "
            "gate-keyed form or a random seed) and a sequence; get back every pre-activation, gate, "
            "cell and hidden state of every step. Limits are set by RNNSCOPE_* environment variables."
        ),
    )
    app.state.settings = settings
    app.state.gate = ComputeGate(settings)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[o.strip() for o in settings.cors_origins.split(",") if o.strip()],
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        allow_credentials=False,
    )
    install_error_handlers(app)
    for module in (forward, presets, lessons, convert, weights, health, oembed, standalone, apidocs):
        app.include_router(module.router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=resource_dir("static")), name="static")
    app.mount("/vendor/apidocs", StaticFiles(directory=apidocs.ASSETS), name="apidocs")
    return app


app = create_app()
