"""The ``rnnscope`` command: serve the app, trace a request file without a server, or export a
network to one HTML file that needs no server."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson
from pydantic import ValidationError

from . import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="rnnscope", description="See a recurrent network's state, step by step."
    )
    parser.add_argument("--version", action="version", version=f"rnnscope {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the web app and the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (the app is stateless)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes (development)")
    trace = sub.add_parser("trace", help="run a /api/v1/forward request from a file; same JSON as the API")
    trace.add_argument("request", nargs="?", help="request JSON file ('-' for stdin)")
    trace.add_argument("--preset", help="use a preset's request instead of a file")
    trace.add_argument("-o", "--output", help="write the response here (default: stdout)")
    export = sub.add_parser("export", help="one HTML file with a network and its trace that needs no server")
    export.add_argument("request", nargs="?", help="request JSON file ('-' for stdin), as for trace")
    export.add_argument("--preset", help="use a preset's request instead of a file")
    export.add_argument("-o", "--output", required=True, help="the HTML file to write, e.g. lesson.html")
    export.add_argument("--lang", choices=["en", "zh"], help="page language (default: the browser's)")
    export.add_argument("--step", type=int, default=0, help="the step it opens at")
    export.add_argument("--views", help="only these views, e.g. player,worked,heatmaps")
    args = parser.parse_args(argv)
    if args.command == "serve":
        import uvicorn

        uvicorn.run(
            "rnnscope.main:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            reload=args.reload,
            workers=None if args.reload else args.workers,
            proxy_headers=True,
        )
        return 0
    if args.command == "export":
        return export_command(args)
    return run_trace(args)


def request_data(args: argparse.Namespace) -> dict | None:
    """The forward request of ``--preset ID`` or of a JSON file (``-`` for stdin); None (with
    the reason on stderr) when there is none."""
    from .presets import all_presets, preset_request

    if args.preset:
        data = preset_request(args.preset)
        if data is None:
            print(f"rnnscope: no preset {args.preset!r}; known: {', '.join(all_presets())}", file=sys.stderr)
        return data
    if args.request:
        raw = sys.stdin.buffer.read() if args.request == "-" else Path(args.request).read_bytes()
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as e:
            print(f"rnnscope: {args.request} is not valid JSON: {e}", file=sys.stderr)
            return None
    print(f"rnnscope {args.command}: give a request file or --preset ID", file=sys.stderr)
    return None


def report(error: Exception) -> int:
    """Print a validation or input error as ``field.path: message`` lines; exit status 2."""
    from .errors import InputError

    if isinstance(error, ValidationError):
        for err in error.errors():
            print(f"rnnscope: {'.'.join(map(str, err['loc']))}: {err['msg']}", file=sys.stderr)
    elif isinstance(error, InputError):
        print(f"rnnscope: {'.'.join(map(str, error.loc))}: {error.msg}", file=sys.stderr)
    return 2


def run_trace(args: argparse.Namespace) -> int:
    from .api.routes.forward import plain_request
    from .api.schemas import ForwardRequest
    from .encoding import encode
    from .errors import InputError
    from .service import response_body, run_forward
    from .settings import Settings

    data = request_data(args)
    if data is None:
        return 2
    try:
        req = ForwardRequest.model_validate(data)
        net, result, inputs = run_forward(plain_request(req), req.model.model_fields_set, Settings.from_env())
    except (ValidationError, InputError) as e:
        return report(e)
    out = encode(response_body(net, result, inputs, req.options.trace), req.options.encoding)
    if args.output:
        Path(args.output).write_bytes(out)
    else:
        sys.stdout.buffer.write(out if req.options.encoding == "binary" else out + b"\n")
    return 0


def export_command(args: argparse.Namespace) -> int:
    """``rnnscope export``: write the standalone page for a preset or a request file."""
    from urllib.parse import urlencode

    from .api.schemas import ForwardRequest
    from .errors import InputError
    from .standalone import build_page

    data = request_data(args)
    if data is None:
        return 2
    view = urlencode({k: v for k, v in (("t", args.step), ("views", args.views)) if v}, safe=",")
    try:
        page = build_page(
            ForwardRequest.model_validate(data), preset_id=args.preset, view=view, lang=args.lang
        )
    except (ValidationError, InputError) as e:
        return report(e)
    out = Path(args.output)
    out.write_bytes(page)
    print(
        f"rnnscope: wrote {out} ({len(page) / 1e6:.1f} MB); it opens in a browser with no server",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
