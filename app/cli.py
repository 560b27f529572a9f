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
    export.add_argument(
        "--lesson", help="a lesson: the id of a shipped one or a lesson JSON file (docs/lessons.md)"
    )
    export.add_argument("-o", "--output", required=True, help="the HTML file to write, e.g. lesson.html")
    export.add_argument("--lang", choices=["en", "zh"], help="page language (default: the browser's)")
    export.add_argument("--step", type=int, default=0, help="the step it opens at")
    export.add_argument("--views", help="only these views, e.g. player,worked,heatmaps")
    export.add_argument(
        "--compare", help="compare with this network (run A): a preset id or a request JSON file (issue 13)"
    )
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
        try:
            raw = sys.stdin.buffer.read() if args.request == "-" else Path(args.request).read_bytes()
        except OSError as e:
            hint = ""
            if args.request in all_presets():
                hint = f" (a preset is named with --preset {args.request})"
            print(f"rnnscope: cannot read {args.request}: {e.strerror or e}{hint}", file=sys.stderr)
            return None
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
    from .comparison import CompareRefError
    from .errors import InputError
    from .standalone import build_page

    if args.lesson:
        return export_lesson(args)
    data = request_data(args)
    if data is None:
        return 2
    view = urlencode({k: v for k, v in (("t", args.step), ("views", args.views)) if v}, safe=",")
    try:
        compare, compare_preset = compare_network(args.compare) if args.compare else (None, None)
        page = build_page(
            ForwardRequest.model_validate(data),
            preset_id=args.preset,
            view=view,
            lang=args.lang,
            compare=compare,
            compare_preset=compare_preset,
        )
    except (ValidationError, InputError) as e:
        return report(e)
    except CompareRefError as e:
        print(f"rnnscope: --compare {args.compare}: {e}", file=sys.stderr)
        return 2
    out = Path(args.output)
    out.write_bytes(page)
    print(
        f"rnnscope: wrote {out} ({len(page) / 1e6:.1f} MB); it opens in a browser with no server",
        file=sys.stderr,
    )
    return 0


def compare_network(value: str) -> tuple[object, str | None]:
    """``--compare``: a request JSON file, else a preset id or an encoded request as in the URL's
    ``compare=`` (a validated ForwardRequest and its preset id). Raises CompareRefError."""
    from .comparison import CompareRefError
    from .standalone import compare_request

    path = Path(value)
    if path.is_file():
        from .api.schemas import ForwardRequest

        try:
            body = orjson.loads(path.read_bytes())
        except orjson.JSONDecodeError as e:
            raise CompareRefError(f"not valid JSON: {e}") from None
        try:
            return ForwardRequest.model_validate(body), None
        except ValidationError as e:
            said = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors()[:3])
            raise CompareRefError(f"its request is not valid: {said}") from None
    return compare_request(value)


def export_lesson(args: argparse.Namespace) -> int:
    """``rnnscope export --lesson ID|FILE``: the lesson's standalone page, every step offline."""
    from .errors import InputError
    from .lessons import LessonError, all_lessons, load_lesson_file
    from .standalone import build_lesson_page

    lesson = all_lessons().get(args.lesson)
    try:
        if lesson is None:
            path = Path(args.lesson)
            if not path.is_file():
                known = ", ".join(all_lessons())
                print(f"rnnscope: no lesson {args.lesson!r} (neither a lesson id nor a file); known: {known}",
                      file=sys.stderr)  # fmt: skip
                return 2
            lesson = load_lesson_file(path)
        page = build_lesson_page(lesson, step=args.step, lang=args.lang)
    except LessonError as e:
        for err in e.errors:
            print(f"rnnscope: {err['msg']}", file=sys.stderr)
        return 2
    except (ValidationError, InputError) as e:
        return report(e)
    out = Path(args.output)
    out.write_bytes(page)
    print(f"rnnscope: wrote {out} ({len(page) / 1e6:.1f} MB), {len(lesson['steps'])} steps; it needs no server",
          file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
