"""What the golden-fixture tests share (tests/test_golden.py, tests/test_gradients.py): reading a
fixture, comparing a response with it field by field, failing with every field that is off, and
POST /api/v1/forward. Nothing here imports torch. conftest.py has pytest rewrite its asserts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def load_golden(filename: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """A fixture file of tests/fixtures and its cases by name."""
    golden = json.loads((FIXTURES / filename).read_text())
    return golden, {c["name"]: c for c in golden["cases"]}


# ---------------------------------------------------------------------------------------------
# comparison: collect every mismatch of a case, so one failure lists all the fields that are off


def compare(got: Any, want: Any, where: str, errors: list[str], tol: dict[str, float]) -> None:
    """Compare one number/array (nested lists) or a dict/list of them, appending "field: what"."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            errors.append(f"{where}: expected an object with keys {sorted(want)}, got {type(got).__name__}")
            return
        for key, value in want.items():
            if key not in got:
                errors.append(f"{where}.{key}: missing (response has {sorted(got)})")
            else:
                compare(got[key], value, f"{where}.{key}", errors, tol)
        return
    if isinstance(want, list) and want and isinstance(want[0], dict):  # hidden, jacobian_norm: [layer]
        if not isinstance(got, list) or len(got) != len(want):
            errors.append(f"{where}: expected a list of {len(want)} layers, got {str(got)[:80]}")
            return
        for k, (g, w) in enumerate(zip(got, want, strict=True)):
            compare(g, w, f"{where}[{k}]", errors, tol)
        return
    want_a = np.asarray(want, dtype=np.float64)
    try:
        got_a = np.asarray(got, dtype=np.float64)  # a null (None) becomes NaN and fails below
    except (TypeError, ValueError) as e:
        errors.append(f"{where}: not a numeric array ({e})")
        return
    if got_a.shape != want_a.shape:
        errors.append(f"{where}: shape {got_a.shape}, expected {want_a.shape}")
        return
    try:
        np.testing.assert_allclose(got_a, want_a, **tol, err_msg=where)
    except AssertionError as e:
        with np.errstate(invalid="ignore"):
            abs_err = float(np.nanmax(np.abs(got_a - want_a))) if np.isfinite(got_a).any() else float("nan")
        detail = "\n".join(str(e).strip().splitlines()[:6])  # the mismatch summary, not the arrays
        errors.append(f"{where}: max abs error {abs_err:.3g}\n    {detail}")


def fail_with(name: str, errors: list[str]) -> None:
    if errors:
        pytest.fail(
            f"case {name}: {len(errors)} field(s) differ from the golden values\n" + "\n".join(errors)
        )


def post(client: Any, body: dict[str, Any]) -> dict[str, Any]:
    r = client.post("/api/v1/forward", json=body)
    assert r.status_code == 200, f"status {r.status_code}: {r.text[:2000]}"
    return r.json()
