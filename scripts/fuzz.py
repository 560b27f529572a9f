#!/usr/bin/env python3
"""The long fuzzing run (issue 6): the properties of tests/test_fuzz_engine.py and tests/test_fuzz_api.py
and a schemathesis run over every operation of /openapi.json, with many more examples than the test
suite, all in-process (no socket). Prints the cases run, the 5xx seen and the wall time.

    python scripts/fuzz.py                     # the default run, a few minutes on 2 cores
    python scripts/fuzz.py --examples 300 --schema-examples 100     # shorter
    python scripts/fuzz.py --only engine       # or: api, schema

Every run is bounded: ``--examples`` cases per property, ``--schema-examples`` per operation and
generation mode. Warnings are errors, as under pytest. Exits 1 if any property failed or any
unknown 5xx was seen (a 5xx matching a known fault of tests/test_fuzz_api.py's KNOWN is counted
separately and does not fail the run).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import logging
import os
import sys
import time
import traceback
import types
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis.errors import Unsatisfiable

ROOT = Path(__file__).resolve().parent.parent


def load(name: str) -> Any:
    """Import tests/<name>.py (the tests folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run_property(
    label: str, fn: Callable[[], None], results: list[dict[str, Any]], count: Callable[[], int]
) -> None:
    before = count()
    start = time.perf_counter()
    error = ""
    chatter = io.StringIO()  # hypothesis's own notes ("You can reproduce this failure ..."), shown on failure
    try:
        with contextlib.redirect_stdout(chatter):
            fn()
    except Unsatisfiable:  # schemathesis: no negative case exists for an operation without parameters
        error = ""
    except BaseException as e:  # a falsified property: report it and go on with the others
        if isinstance(e, KeyboardInterrupt):
            raise
        error = (chatter.getvalue() + "".join(traceback.format_exception_only(type(e), e))).strip()
    took = time.perf_counter() - start
    results.append({"property": label, "cases": count() - before, "seconds": took, "error": error})
    status = "FAILED" if error else "ok" if count() > before else "ok (no case can be generated)"
    print(f"  {label:<62} {count() - before:>7} cases {took:7.1f} s  {status}", flush=True)
    if error:
        print("    " + error[:3000].replace("\n", "\n    "), flush=True)


def schemathesis_runs(api: Any, examples: int) -> list[tuple[str, Callable[[], None]]]:
    """One hypothesis run per operation and generation mode, through the same check as the suite."""
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode

    runs = []
    for result in api.schema.get_all_operations():
        op = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None
            )
            @given(case=op.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                api.check_schemathesis_case(case)

            runs.append((f"schemathesis {op.method.upper()} {op.path} [{mode.value}]", run))
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--examples", type=int, default=600, help="cases per hypothesis property (default 600)"
    )
    parser.add_argument(
        "--schema-examples",
        type=int,
        default=250,
        help="schemathesis cases per operation and mode (default 250)",
    )
    parser.add_argument(
        "--only", choices=["engine", "api", "schema"], action="append", help="run only these parts"
    )
    args = parser.parse_args()
    parts = set(args.only or ["engine", "api", "schema"])

    os.environ["RNNSCOPE_FUZZ_EXAMPLES"] = str(args.examples)
    os.environ["RNNSCOPE_FUZZ_SCHEMA_EXAMPLES"] = str(args.schema_examples)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    sys.path.insert(0, str(ROOT))
    warnings.simplefilter("error")  # as pytest's filterwarnings = error
    # python-multipart logs a line for each malformed upload (the 400s); pytest captures it, we drop it
    logging.getLogger("python_multipart").setLevel(logging.ERROR)

    wall = time.perf_counter()
    results: list[dict[str, Any]] = []
    engine = api = None
    if "engine" in parts:
        engine = load("test_fuzz_engine")
        print(f"engine properties ({args.examples} examples each)")
        for name in sorted(n for n in dir(engine) if n.startswith("test_")):
            run_property(name, getattr(engine, name), results, lambda: sum(engine.CASES_RUN.values()))
    if parts & {"api", "schema"}:
        api = load("test_fuzz_api")
    if "api" in parts:
        print(f"hostile HTTP requests ({args.examples} examples each)")
        for name in sorted(
            n
            for n in dir(api)
            if n.startswith(("test_hostile_", "test_mutated_", "test_valid_", "test_overflowing_"))
        ):
            run_property(name, getattr(api, name), results, lambda: api.STATS["requests"])
        # the ONNX reader's properties (tests/test_fuzz_onnx.py) share test_fuzz_api's client and STATS
        sys.modules.setdefault("tests", types.ModuleType("tests")).test_fuzz_api = api
        sys.modules["tests.test_fuzz_api"] = api
        onnx_fuzz = load("test_fuzz_onnx")
        for name in sorted(n for n in dir(onnx_fuzz) if n.startswith(("test_hostile_", "test_mutated_"))):
            run_property(name, getattr(onnx_fuzz, name), results, lambda: api.STATS["requests"])
    if "schema" in parts:
        print(f"schemathesis, /openapi.json ({args.schema_examples} examples per operation and mode)")
        for label, fn in schemathesis_runs(api, args.schema_examples):
            run_property(label, fn, results, lambda: api.STATS["schemathesis cases"])
    wall = time.perf_counter() - wall

    failed = [r for r in results if r["error"]]
    cases = sum(r["cases"] for r in results)
    print()
    print(f"cases run:      {cases:,} ({len(results)} properties)")
    if api is not None:
        stats = api.STATS
        print(
            f"5xx seen:       {stats['5xx NEW']} unknown, {stats['5xx known']} known (tests/test_fuzz_api.py KNOWN)"
        )
        for key in sorted(k for k in stats if k.startswith("5xx known ")):
            print(f"    known   {key[len('5xx known ') :]:<60} {stats[key]}")
        for key in sorted(k for k in stats if k.startswith("5xx NEW ")):
            print(f"    UNKNOWN {key[len('5xx NEW ') :]:<60} {stats[key]}")
        print("    (a fault found by hypothesis is counted once per replay while it shrinks the example)")
        statuses = {k: v for k, v in stats.items() if k.startswith("status ")}
        print("statuses:       " + ", ".join(f"{k[7:]}: {v}" for k, v in sorted(statuses.items())))
        by_op = sorted((k, v) for k, v in stats.items() if k.startswith("schemathesis ") and k[-3:].isdigit())
        if by_op:
            print("schemathesis:   " + "; ".join(f"{k[13:]}: {v}" for k, v in by_op))
        if stats["4xx known bad detail"]:
            print(f"known 4xx with a non-list detail (multipart 400): {stats['4xx known bad detail']}")
    print(
        f"failed:         {len(failed)} properties"
        + (": " + ", ".join(r["property"] for r in failed) if failed else "")
    )
    print(f"wall time:      {wall:.1f} s")
    return 1 if failed or (api is not None and api.STATS["5xx NEW"]) else 0


if __name__ == "__main__":
    sys.exit(main())
