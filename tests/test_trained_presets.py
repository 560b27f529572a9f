"""The trained presets (issue 14): the engine, run on each one's held-out data, reproduces the
accuracy or loss that scripts/train_presets.py recorded with torch, and finds the same units.

Each ``app/presets/trained-*.json`` has a ``training`` record (task, data, seed, metric, value,
units); its held-out data is ``tests/fixtures/trained/<id>.json``. Nothing here imports torch.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rnnscope.lessons import all_lessons
from rnnscope.presets import all_presets
from tests.golden import post

HELDOUT = Path(__file__).parent / "fixtures" / "trained"
TRAINED = sorted(k for k, p in all_presets().items() if "training" in p)


def test_the_trained_presets_are_there() -> None:
    assert {"trained-depth", "trained-sine", "trained-chars"} <= set(TRAINED)
    assert {f"trained-memory-{c}" for c in ("rnn", "gru", "lstm")} <= set(TRAINED)
    assert "trained-sentiment" in TRAINED  # many-to-one with an embedding (model v2)


def run_heldout(client: Any, pid: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(the training record, the held-out data, the engine's response on it)."""
    preset = all_presets()[pid]
    data = json.loads((HELDOUT / f"{pid}.json").read_text())
    body = json.loads(json.dumps(preset["request"]))
    if "texts" in data:
        body["inputs"] = {"texts": data["texts"], "vocabulary": data["vocabulary"]}
        if "split" in data:
            body["inputs"]["split"] = data["split"]
    elif "text" in data:
        body["inputs"] = {"text": data["text"], "vocabulary": data["vocabulary"]}
    else:
        body["inputs"] = data["inputs"]
    return preset["training"], data, post(client, body)


def features(
    pid: str, data: dict[str, Any], y: np.ndarray
) -> dict[str, tuple[np.ndarray, np.ndarray | None]]:
    """What each recorded unit tracks, (B, T) over the held-out data, and the steps it is measured on;
    the same definitions as scripts/train_presets.py."""
    if pid == "trained-depth":
        return {"nesting depth": (np.asarray(data["targets"]), None)}
    if pid.startswith("trained-memory"):
        return {"the bit of step 0, at the last step": (np.asarray(data["targets"])[:, None], "last")}
    if pid == "trained-sentiment":
        negated = np.array([[w == "not" for w in t.split(" ")] for t in data["texts"]], float)
        return {'a "not" has been read': (np.maximum.accumulate(negated, axis=1), None)}
    if pid == "trained-sine":
        mask = np.zeros(y.shape[:2], bool)
        mask[:, 4:] = True
        x = np.asarray(data["inputs"])[..., 0]
        return {"cos": (np.asarray(data["cos"]), mask), "sin": (x, mask)}
    src, vocab = data["text"], data["vocabulary"]
    tgt = [vocab[k] for k in data["targets"]]
    col = np.zeros(len(src))
    for i in range(1, len(src)):
        col[i] = 0 if src[i - 1] == "/" else col[i - 1] + 1
    rows = {
        "the position in the line (characters since the line break)": col,
        "the next character is a space": np.array([c == " " for c in tgt], float),
        "the next character is a line break (/)": np.array([c == "/" for c in tgt], float),
        "the character read is a vowel": np.array([c in "aeiouy" for c in src], float),
    }
    return {k: (v[None], None) for k, v in rows.items()}


def best_unit(state: np.ndarray, quantity: np.ndarray, mask: Any) -> tuple[int, float]:
    if isinstance(mask, str):  # "last": the final step only
        state = state[:, -1:]
    elif mask is not None:
        state, quantity = state[mask], quantity[mask]
    v = state.reshape(-1, state.shape[-1])
    r = [float(np.corrcoef(v[:, k], quantity.reshape(-1))[0, 1]) for k in range(v.shape[1])]
    k = int(np.nanargmax(np.abs(r)))
    return k, r[k]


@pytest.mark.parametrize("pid", TRAINED)
def test_recorded_metric_reproduced_by_the_engine(client: Any, pid: str) -> None:
    training, data, res = run_heldout(client, pid)
    y = np.asarray(res["y"]) if "y" in res else None
    want = training["value"]
    metric = data["metric"]
    targets = np.asarray(data["targets"])
    if metric == "accuracy_final":  # sentiment: the final state's probability of positive
        got = float(((np.asarray(res["y_final"])[:, 0] > 0.5) == (targets > 0.5)).mean())
    elif metric == "accuracy":  # depth: round(y) == depth on every step
        got = float((np.rint(y[..., 0]) == targets).mean())
    elif metric == "accuracy_last":  # memory: the last step's probability of +1
        got = float(((y[:, -1, 0] > 0.5) == (targets > 0.5)).mean())
    elif metric == "mse":
        got = float(np.mean((y - targets) ** 2))
    else:  # the next character: argmax of the softmax, and the cross-entropy
        p = y[0]
        got = float((p.argmax(-1) == targets).mean())
        xent = -float(np.mean(np.log(p[np.arange(len(targets)), targets])))
        assert xent == pytest.approx(training["cross_entropy"], rel=1e-9)
    assert got == pytest.approx(want, rel=1e-9, abs=1e-12), f"{pid}: {training['metric']} {got} != {want}"


@pytest.mark.parametrize("pid", TRAINED)
def test_the_recorded_units_are_the_ones_the_engine_finds(client: Any, pid: str) -> None:
    training, data, res = run_heldout(client, pid)
    tr = res["trace"][0]["forward"]
    found = features(pid, data, np.asarray(res.get("y", res.get("y_final"))))
    for u in training["units"]:
        key = next(k for k in found if u["tracks"].startswith(k))
        quantity, mask = found[key]
        k, r = best_unit(np.asarray(tr[u["quantity"]]), quantity, mask)
        assert k == u["unit"], f"{pid}: the engine finds unit {k} (r = {r:.4f}), the script recorded {u}"
        assert r == pytest.approx(u["r"], abs=1e-4), f"{pid}: r = {r}, recorded {u}"  # recorded to 4 places


def test_the_memory_task_tells_the_story() -> None:
    """The same task, data, seed and budget: the RNN is at chance, the GRU and LSTM remember."""
    acc = {c: all_presets()[f"trained-memory-{c}"]["training"]["value"] for c in ("rnn", "gru", "lstm")}
    assert acc["rnn"] < 0.6 and acc["gru"] > 0.95 and acc["lstm"] > 0.95, acc


def lesson_units() -> list[tuple[str, int, str, int, str]]:
    """(lesson, step, preset, unit, quantity) for every step of a lesson that highlights units of
    a trained preset's network."""
    out = []
    for lid, lesson in all_lessons().items():
        preset = None
        for k, step in enumerate(lesson["steps"]):
            net = step.get("network")
            if net is not None:
                preset = net.get("preset")
            hl = step.get("highlight", {})
            if preset in TRAINED and hl.get("units"):
                states = [q for q in hl.get("quantities", ["h"]) if q in ("h", "c")] or ["h"]
                out.extend((lid, k, preset, u, q) for q in states for u in hl["units"])
    return out


def test_lessons_name_trained_units() -> None:
    assert {x[2] for x in lesson_units()} >= {"trained-depth", "trained-chars", "trained-memory-lstm"}


@pytest.mark.parametrize(("lesson", "step", "preset", "unit", "quantity"), lesson_units())
def test_the_unit_a_lesson_names_is_the_one_the_script_found(
    lesson: str, step: int, preset: str, unit: int, quantity: str
) -> None:
    units = all_presets()[preset]["training"]["units"]
    recorded = {(u["quantity"], u["unit"]) for u in units}
    assert (quantity, unit) in recorded, f"{lesson} step {step + 1}: {quantity}[{unit}] is not in {units}"
