"""Lessons (issue 14): guided tours through networks, one JSON file each (docs/lessons.md).

A lesson is an ordered list of steps; each step has a text in English and Chinese (inline math
between ``$…$``), the network to show (a preset, a preset with other options or inputs, or a whole
/api/v1/forward request in ``cfg``; a step without one keeps the previous step's), the views, the
time step, the units and quantities to highlight, and optionally a question with feedback.

``check_lesson(data)`` validates one and returns it normalised, or raises ``LessonError`` whose
``errors`` each name the step and the field: ``{"loc": ["steps", 2, "question", "answer"],
"msg": "step 3, question.answer: …"}``. ``all_lessons()`` are the ones shipped here, each valid.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

# the views a step may show: static/js/state.js VIEWS
VIEWS = (
    "player",
    "worked",
    "diagram",
    "heatmaps",
    "lines",
    "trajectory",
    "outputs",
    "table",
    "export",
    "gradients",
)
QUANTITIES = ("h", "c", "gates", "pre_activation", "input_term", "recurrent_term")
ORDER = (
    "book-rnn-by-hand",
    "lstm-gates",
    "vanishing-gradients",
    "exploding-gradients",
    "lstm-remembers",
    "counting-unit",
    "next-character",
    "sine-wave",
)
MAX_STEPS = 60

Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Localized(Strict):
    en: Text
    zh: Text


class Network(Strict):
    preset: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,64}$")] | None = None
    cfg: dict[str, Any] | None = None
    options: dict[str, Any] | None = None
    inputs: Any = None


class Highlight(Strict):
    units: list[Annotated[int, Field(ge=0)]] = []
    quantities: list[Literal[QUANTITIES]] = []  # type: ignore[valid-type]


class Feedback(Strict):
    right: Localized
    wrong: Localized


class ChoiceQuestion(Strict):
    kind: Literal["choice"]
    prompt: Localized
    choices: Annotated[list[Localized], Field(min_length=2, max_length=8)]
    answer: Annotated[int, Field(ge=0)]
    feedback: Feedback


class NumberQuestion(Strict):
    kind: Literal["number"]
    prompt: Localized
    answer: float
    tolerance: Annotated[float, Field(gt=0)] = 0.001
    feedback: Feedback


class Step(Strict):
    title: Localized | None = None
    text: Localized
    network: Network | None = None
    views: list[Literal[VIEWS]] | None = None  # type: ignore[valid-type]
    t: Annotated[int, Field(ge=0)] = 0
    unit: Annotated[int, Field(ge=0)] | None = None
    highlight: Highlight | None = None
    question: Annotated[ChoiceQuestion | NumberQuestion, Field(discriminator="kind")] | None = None


class Lesson(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
    version: Literal[1] = 1
    title: Localized
    summary: Localized
    steps: Annotated[list[Step], Field(min_length=1, max_length=MAX_STEPS)]


class LessonError(ValueError):
    """errors: [{"loc": [...], "msg": "step k, field: what was expected, what came", "type"}]."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(e["msg"] for e in errors))
        self.errors = errors


def where(loc: tuple | list) -> str:
    """("steps", 2, "question", "answer") -> "step 3, question.answer"; the step counted from 1."""
    loc = list(loc)
    if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int):
        field = ".".join(str(p) for p in loc[2:] if not str(p).startswith("function-"))
        return f"step {loc[1] + 1}" + (f", {field}" if field else "")
    return "lesson, " + (".".join(map(str, loc)) or "(the whole file)")


def _error(loc: list, msg: str, kind: str = "value_error") -> dict[str, Any]:
    return {"loc": loc, "msg": f"{where(loc)}: {msg}", "type": kind}


def _received(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str) if value is not None else "nothing"
    return text if len(text) <= 60 else text[:57] + "..."


def check_lesson(data: Any) -> dict[str, Any]:
    """The lesson, validated and normalised (defaults filled in); LessonError otherwise, with
    every problem found: the schema's, then the meaning of each step that has a valid shape
    (a known preset, a time step and units inside the network, a choice among the choices)."""
    errors: list[dict[str, Any]] = []
    lesson = None
    try:
        lesson = Lesson.model_validate(data)
        steps: list[Step | None] = list(lesson.steps)
    except ValidationError as e:
        for err in e.errors():
            loc = [p for p in err["loc"] if p not in ("choice", "number")]
            got = "" if err["type"] == "missing" else f" (got {_received(err.get('input'))})"
            errors.append(_error(loc, err["msg"] + got, err["type"]))
        raw = data.get("steps") if isinstance(data, dict) else None
        steps = [_step_or_none(s) for s in raw] if isinstance(raw, list) else []
    errors += step_errors(steps)
    if errors:
        errors.sort(key=lambda e: (len(e["loc"]) < 2 or e["loc"][0] != "steps", e["loc"][1:2]))
        raise LessonError(errors)
    assert lesson is not None
    return lesson.model_dump(exclude_none=True)


def _step_or_none(raw: Any) -> Step | None:
    try:
        return Step.model_validate(raw)
    except ValidationError:
        return None


def step_errors(steps: list[Step | None]) -> list[dict[str, Any]]:
    """What the schema cannot say about the steps (None: a step the schema refused)."""
    errors: list[dict[str, Any]] = []
    size: tuple[int, int] | None = None  # (steps, hidden units) of the network in force, when known
    for k, step in enumerate(steps):
        base = ["steps", k]
        if step is None:
            size = None
            continue
        for lang in ("en", "zh"):
            if getattr(step.text, lang).count("$") % 2:
                errors.append(_error([*base, "text", lang], "an unclosed $: inline math goes between two $"))
        if step.network is None and k == 0:
            errors.append(_error([*base, "network"], 'the first step needs a network: {"preset": ID} or {"cfg": …}',
                                 "missing"))  # fmt: skip
        if step.network is not None:
            body, errs = resolve_network(step.network, [*base, "network"])
            errors += errs
            size = None
            if body is not None:
                size, err = network_size(body)
                if err is not None:
                    where_in = "cfg" if step.network.cfg is not None else None
                    loc = [*base, "network", *([where_in] if where_in else []), *map(str, err.loc)]
                    errors.append(_error(loc, err.msg, err.type))
        q = step.question
        if q is not None and q.kind == "choice" and q.answer >= len(q.choices):
            errors.append(_error([*base, "question", "answer"], f"expected the index of one of the "
                                 f"{len(q.choices)} choices (0 to {len(q.choices) - 1}), got {q.answer}"))  # fmt: skip
        if size is None:
            continue
        n_steps, hidden = size
        if step.t >= n_steps:
            errors.append(_error([*base, "t"], f"expected a time step below {n_steps} (the network's inputs have "
                                 f"{n_steps} steps), got {step.t}"))  # fmt: skip
        units = ([step.unit] if step.unit is not None else []) + (
            step.highlight.units if step.highlight else []
        )
        for u in units:
            if u >= hidden:
                field = ["unit"] if step.unit == u else ["highlight", "units"]
                errors.append(_error([*base, *field], f"expected a unit below {hidden} (the network's hidden size), "
                                     f"got {u}"))  # fmt: skip
                break
    return errors


def resolve_network(net: Network, loc: list) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The /api/v1/forward request of a step's network, and the errors (empty when valid)."""
    from ..api.schemas import ForwardRequest
    from ..presets import all_presets, preset_request

    if (net.preset is None) == (net.cfg is None):
        return None, [_error(loc, 'expected exactly one of "preset" (an id) and "cfg" (a forward request), '
                             f"got {'both' if net.preset else 'neither'}")]  # fmt: skip
    if net.preset is not None:
        body = preset_request(net.preset)
        if body is None:
            known = ", ".join(all_presets())
            return None, [_error([*loc, "preset"], f"no preset {net.preset!r}; known: {known}", "not_found")]
        body = copy.deepcopy(body)
    else:
        body = copy.deepcopy(net.cfg)
    if net.options is not None:
        body["options"] = net.options
    if net.inputs is not None:
        body["inputs"] = net.inputs
    try:
        ForwardRequest.model_validate(body)
    except ValidationError as e:
        where_in = "cfg" if net.cfg is not None else None
        errs = []
        for err in e.errors()[:5]:
            sub = [str(p) for p in err["loc"]]
            if where_in is None and sub and sub[0] in ("options", "inputs"):
                where_in = sub.pop(0)
            got = "" if err["type"] == "missing" else f" (got {_received(err.get('input'))})"
            errs.append(
                _error([*loc, *([where_in] if where_in else []), *sub], err["msg"] + got, err["type"])
            )
        return None, errs
    return body, []


def network_size(body: dict[str, Any]) -> tuple[tuple[int, int] | None, Any]:
    """((steps, hidden units), None) when the engine runs the forward request, else (None, the
    InputError with which it refuses it: a size over a limit, weights of the wrong shape, …)."""
    from ..api.routes.forward import plain_request
    from ..api.schemas import ForwardRequest
    from ..errors import InputError
    from ..service import run_forward
    from ..settings import Settings

    req = ForwardRequest.model_validate(body)
    try:
        net, result, _ = run_forward(plain_request(req), req.model.model_fields_set, Settings.from_env())
    except InputError as e:
        return None, e
    return (result.output.shape[1], net.arch.output_size), None


def step_requests(lesson: dict[str, Any]) -> tuple[list[dict[str, Any]], list[int]]:
    """The distinct forward requests of a valid lesson, and for each step the index of its own."""
    requests: list[dict[str, Any]] = []
    keys: list[bytes] = []
    per_step: list[int] = []
    for k, step in enumerate(lesson["steps"]):
        if "network" in step:
            body, errs = resolve_network(Network.model_validate(step["network"]), ["steps", k, "network"])
            if errs:
                raise LessonError(errs)
            key = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
            if key not in keys:
                keys.append(key)
                requests.append(body)
            per_step.append(keys.index(key))
        else:
            per_step.append(per_step[-1])
    return requests, per_step


@cache
def all_lessons() -> dict[str, dict[str, Any]]:
    """The lessons shipped in this folder, by id, in ORDER (then by name); each validated."""
    found = {}
    for p in sorted(Path(__file__).parent.glob("*.json")):
        found[p.stem] = check_lesson(orjson.loads(p.read_bytes()))
    ordered = [k for k in ORDER if k in found] + sorted(set(found) - set(ORDER))
    return {k: found[k] for k in ordered}


def lesson_summary(lesson: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": lesson["id"],
        "title": lesson["title"],
        "summary": lesson["summary"],
        "steps": len(lesson["steps"]),
    }


def load_lesson_file(path: Path) -> dict[str, Any]:
    """A teacher's lesson file, validated (LessonError, with the file's JSON error as one)."""
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as e:
        raise LessonError(
            [{"loc": [], "msg": f"{path.name} is not valid JSON: {e}", "type": "json_invalid"}]
        ) from None
    return check_lesson(data)
