"""Lessons (issue 14): every shipped lesson validates, the API lists and serves them, a broken
lesson gets errors that name the step and the field (API and CLI), and ``rnnscope export
--lesson`` writes one offline page with every step's network in it."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from rnnscope.cli import main as cli
from rnnscope.lessons import ORDER, LessonError, all_lessons, check_lesson, step_requests

FOLDER = Path(__file__).resolve().parents[1] / "app" / "lessons"
FILES = sorted(FOLDER.glob("*.json"))


def test_at_least_seven_lessons_in_order() -> None:
    assert len(FILES) >= 7
    assert list(all_lessons())[: len(ORDER)] == list(ORDER)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_lesson_validates(path: Path) -> None:
    lesson = check_lesson(json.loads(path.read_text()))
    assert lesson["id"] == path.stem
    for k, step in enumerate(lesson["steps"]):
        for lang in ("en", "zh"):
            assert step["text"][lang].strip(), (path.stem, k, lang)
        assert re.search(r"[\u4e00-\u9fff]", step["text"]["zh"]), f"{path.stem} step {k + 1}: no Chinese"
    assert "network" in lesson["steps"][0]


def test_the_api_lists_and_serves_the_lessons(client: Any) -> None:
    r = client.get("/api/v1/lessons")
    assert r.status_code == 200
    listed = r.json()
    assert [x["id"] for x in listed] == list(all_lessons())
    assert all(set(x) == {"id", "title", "summary", "steps"} and x["title"]["zh"] for x in listed)
    one = client.get("/api/v1/lessons/counting-unit").json()
    assert one == all_lessons()["counting-unit"]
    r = client.get("/api/v1/lessons/nope")
    assert r.status_code == 404
    assert (
        r.json()["detail"][0]["loc"] == ["path", "lesson_id"]
        and "counting-unit" in r.json()["detail"][0]["msg"]
    )


def broken(path: list, value: Any) -> dict[str, Any]:
    """A copy of the book lesson with one value changed (path: keys and indices)."""
    lesson = copy.deepcopy(all_lessons()["book-rnn-by-hand"])
    node = lesson
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return lesson


CASES = [
    (["steps", 2, "text", "zh"], KeyError, "step 3, text.zh: Field required"),
    (["steps", 1, "question", "answer"], "about 0.6", "step 2, question.answer: Input should be a valid number"),
    (["steps", 4, "question", "answer"], 3, "step 5, question.answer: expected the index of one of the 3 choices (0 to 2), got 3"),
    (["steps", 0, "network", "preset"], "nope", "step 1, network.preset: no preset 'nope'"),
    (["steps", 0, "network"], KeyError, "step 1, network: the first step needs a network"),
    (["steps", 3, "t"], 2, "step 4, t: expected a time step below 2 (the network's inputs have 2 steps), got 2"),
    (["steps", 2, "unit"], 2, "step 3, unit: expected a unit below 2 (the network's hidden size), got 2"),
    (["steps", 0, "views"], ["heatmap", "worked"], "step 1, views.0: Input should be 'player'"),
    (["steps", 1, "text", "en"], "costs $5", "step 2, text.en: an unclosed $"),
    (["steps", 1, "colour"], "red", "step 2, colour: Extra inputs are not permitted"),
    (["steps", 1, "question", "kind"], "essay", "step 2, question: Input tag 'essay' found"),
    (["steps", 0, "network", "options"], {"gradients": {"loss": "squared"}}, "step 1, network.options.gradients"),
    (["title"], "Hi", "lesson, title: Input should be a valid dictionary"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "says"), CASES, ids=[c[2][:30] for c in CASES])
def test_a_broken_lesson_names_the_step_and_field(client: Any, path: list, value: Any, says: str) -> None:
    lesson = broken(path, value)
    with pytest.raises(LessonError) as e:
        check_lesson(lesson)
    msgs = [err["msg"] for err in e.value.errors]
    assert any(m.startswith(says) for m in msgs), msgs
    r = client.post("/api/v1/lessons/check", json=lesson)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert any(d["msg"].startswith(says) and d["loc"][0] == "body" for d in detail), detail


def test_check_returns_the_lesson_normalised(client: Any) -> None:
    lesson = {"id": "mine", "title": {"en": "t", "zh": "题"}, "summary": {"en": "s", "zh": "概"},
              "steps": [{"text": {"en": "a", "zh": "甲"}, "network": {"preset": "book-rnn"}}]}  # fmt: skip
    r = client.post("/api/v1/lessons/check", json=lesson)
    assert r.status_code == 200
    assert r.json()["steps"][0]["t"] == 0 and r.json()["version"] == 1
    assert client.post("/api/v1/lessons/check", json=[1, 2]).status_code == 422


def test_step_requests_share_networks() -> None:
    requests, per_step = step_requests(all_lessons()["lstm-remembers"])
    assert per_step == [0, 1, 2, 2, 3, 4]
    assert requests[1]["options"] == {"gradients": {"loss": "last"}}


def test_export_a_lesson_by_id_and_by_file(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "lesson.html"
    assert cli(["export", "--lesson", "counting-unit", "-o", str(out)]) == 0
    page = out.read_text()
    data = json.loads(re.search(r'id="rnnscope-data">(.*?)</script>', page, re.S).group(1))
    assert data["lesson"]["id"] == "counting-unit"
    assert len(data["networks"]) == 1 and data["networks"][0]["response"]["model"]["cell"] == "lstm"
    assert "connect-src 'none'" in page
    # a teacher's own file
    mine = copy.deepcopy(all_lessons()["vanishing-gradients"])
    mine["id"] = "mine"
    f = tmp_path / "mine.json"
    f.write_text(json.dumps(mine))
    assert cli(["export", "--lesson", str(f), "-o", str(out), "--step", "2"]) == 0
    data = json.loads(re.search(r'id="rnnscope-data">(.*?)</script>', out.read_text(), re.S).group(1))
    assert data["lesson"]["id"] == "mine" and data["query"] == "step=2" and len(data["networks"]) == 2
    capsys.readouterr()
    # a broken one: the errors, each naming its step and field, and exit status 2
    f.write_text(json.dumps(broken(["steps", 2, "text", "zh"], KeyError)))
    assert cli(["export", "--lesson", str(f), "-o", str(out)]) == 2
    assert "step 3, text.zh: Field required" in capsys.readouterr().err
    f.write_text("{")
    assert cli(["export", "--lesson", str(f), "-o", str(out)]) == 2
    assert "is not valid JSON" in capsys.readouterr().err
    assert cli(["export", "--lesson", "no-such-lesson", "-o", str(out)]) == 2
    assert "known: book-rnn-by-hand" in capsys.readouterr().err


def test_the_documented_example_validates() -> None:
    text = (FOLDER.parents[1] / "docs" / "lessons.md").read_text()
    example = re.search(r"## A minimal lesson\n\n```json\n(.*?)```", text, re.S).group(1)
    assert check_lesson(json.loads(example))["id"] == "my-first-lesson"
