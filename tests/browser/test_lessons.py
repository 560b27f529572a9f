"""Lessons in Debian's Chromium (issue 14, "What it must show" 1): every step of every lesson
opens and shows its text in English and in Chinese with no console error; a question gives
feedback; a broken lesson file gives an error naming the step and field; the exported lesson
works from file:// with no network."""

from __future__ import annotations

import json
import re

import pytest

from rnnscope.cli import main as cli
from rnnscope.lessons import all_lessons

from .conftest import open_page, wait_js, wait_ready

pytestmark = pytest.mark.browser

LESSONS = list(all_lessons())


def plain(text: str) -> str:
    """A stretch of a lesson text the page shows verbatim: its first paragraph up to the first
    markup ($, `, **), whitespace collapsed."""
    first = re.split(r"\n\s*\n", text)[0]
    return " ".join(re.split(r"[$`]|\*\*", first)[0].split())[:40]


def shown(pg) -> str:
    return " ".join(pg.locator("#lesson-text").inner_text().split())


def wait_step(pg, k: int) -> None:
    wait_js(pg, "k => document.getElementById('lesson')?.dataset.step === String(k) && "
            "!document.getElementById('lesson').dataset.loading && "
            "document.documentElement.dataset.state === 'ready' && document.documentElement.dataset.drawn === 'all'",
            arg=k, timeout=30)  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_step_opens_and_shows_its_text(browser, base_url, lesson_id, lang):
    lesson = all_lessons()[lesson_id]
    pg = open_page(browser, (base_url,))
    try:
        pg.goto(f"{base_url}/?lesson={lesson_id}&lang={lang}")
        wait_ready(pg)
        wait_step(pg, 0)
        for k, step in enumerate(lesson["steps"]):
            if k:
                pg.locator("#lesson-next").click()
                wait_step(pg, k)
            assert plain(step["text"][lang]) in shown(pg), (lesson_id, k, lang)
            assert pg.locator("#lesson-count").inner_text() == (
                f"Step {k + 1} of {len(lesson['steps'])}"
                if lang == "en"
                else f"第 {k + 1} 步，共 {len(lesson['steps'])} 步"
            )
            assert pg.evaluate("window.rnnscope.state.t") == step.get("t", 0), (lesson_id, k)
            if "unit" in step:
                assert pg.evaluate("window.rnnscope.state.unit") == step["unit"], (lesson_id, k)
            views = next((s["views"] for s in reversed(lesson["steps"][: k + 1]) if "views" in s), None)
            if views and "gradients" in views:
                assert pg.locator("#panel-gradients").is_visible(), (lesson_id, k)
            if views and "heatmaps" not in views:
                assert not pg.locator("#heatmaps").is_visible(), (lesson_id, k)
            if "question" in step:
                assert pg.locator("#lesson-question").is_visible()
        assert pg.locator("#lesson-next").is_disabled()
        # the address names the lesson and the step: a link opens it there
        want = f"step={len(lesson['steps']) - 1}"
        wait_js(
            pg,
            "q => location.search.includes(q[0]) && location.search.includes(q[1])",
            arg=[f"lesson={lesson_id}", want],
        )
        pg.watch.assert_clean()
    finally:
        pg.context.close()


def test_a_link_opens_a_step_and_its_math(page):
    page.goto(page.base + "/?lesson=book-rnn-by-hand&step=4")
    wait_ready(page)
    wait_step(page, 4)
    assert page.evaluate("window.rnnscope.state.t") == 1
    assert page.locator("#lesson-text .math sub").count() >= 2  # a_1, W_{state}, …
    assert "1.2923" in page.locator("#worked").inner_text()  # the worked step shows step 1
    page.locator("#lesson-prev").click()
    wait_step(page, 3)
    wait_js(page, "location.search.includes('step=3')")  # the address follows (throttled)
    page.watch.assert_clean()


def test_questions_give_feedback(page):
    page.goto(page.base + "/?lesson=book-rnn-by-hand&step=1")
    wait_ready(page)
    wait_step(page, 1)
    page.locator("#lesson-check").click()
    assert page.locator("#lesson-feedback").inner_text() == "Type a number first."
    page.locator("#lesson-answer").fill("0.5")
    page.locator("#lesson-check").click()
    fb = page.locator("#lesson-feedback")
    assert "is-wrong" in fb.get_attribute("class") and fb.inner_text().startswith("Not quite.")
    page.locator("#lesson-answer").fill("0.6")
    page.locator("#lesson-answer").press("Enter")
    assert "is-right" in fb.get_attribute("class") and "0.6" in fb.inner_text()
    # a choice question
    page.goto(page.base + "/?lesson=lstm-gates&step=4&lang=zh")
    wait_ready(page)
    wait_step(page, 4)
    page.locator(".lesson-choice input").nth(1).check()
    page.locator("#lesson-check").click()
    assert page.locator("#lesson-feedback").inner_text().startswith("不太对。")
    page.locator(".lesson-choice input").nth(0).check()
    page.locator("#lesson-check").click()
    assert page.locator("#lesson-feedback").inner_text().startswith("正确。")
    page.watch.assert_clean()


BROKEN = {
    "id": "broken",
    "title": {"en": "Broken", "zh": "坏的"},
    "summary": {"en": "A lesson with mistakes", "zh": "有错误的课程"},
    "steps": [
        {"text": {"en": "One", "zh": "一"}, "network": {"preset": "book-rnn"}},
        {"text": {"en": "Two", "zh": "二"}, "question": {"kind": "choice", "prompt": {"en": "?", "zh": "？"},
         "choices": [{"en": "a", "zh": "甲"}, {"en": "b", "zh": "乙"}], "answer": 5,
         "feedback": {"right": {"en": "y", "zh": "是"}, "wrong": {"en": "n", "zh": "否"}}}},
        {"text": {"en": "Three"}},
    ],
}  # fmt: skip


def test_a_broken_lesson_file_names_the_step_and_field(page, tmp_path):
    page.goto(page.base + "/")
    wait_ready(page)
    page.locator("#lesson-open summary").click()
    wait_js(page, "document.querySelectorAll('#lesson-list li').length >= 7")
    f = tmp_path / "mine.json"
    f.write_text(json.dumps(BROKEN))
    page.locator("#lesson-file").set_input_files(str(f))
    wait_js(page, "!document.getElementById('lesson-error').hidden")
    err = page.locator("#lesson-error").inner_text()
    assert "mine.json" in err
    assert "step 2, question.answer" in err and "0 to 1" in err, err
    assert "step 3, text.zh" in err, err
    # not JSON at all
    f.write_text('{"id": ')
    page.locator("#lesson-file").set_input_files(str(f))
    wait_js(page, "document.getElementById('lesson-error').innerText.includes('not valid JSON')")
    # pasted JSON, fixed: it opens at step 1
    fixed = json.loads(json.dumps(BROKEN))
    fixed["steps"][1]["question"]["answer"] = 1
    fixed["steps"][2]["text"]["zh"] = "三"
    page.locator("#lesson-source").fill(json.dumps(fixed))
    page.locator("#lesson-load").click()
    wait_step(page, 0)
    assert page.locator("#lesson-error").is_hidden()
    assert shown(page) == "One"
    page.locator("#lesson-next").click()
    wait_step(page, 1)
    page.locator(".lesson-choice input").nth(1).check()
    page.locator("#lesson-check").click()
    assert page.locator("#lesson-feedback").inner_text() == "Right. y"
    page.watch.assert_clean(allow=("422",))  # the server's answer to the broken file


def test_lesson_urls_same_origin_only(browser, base_url, lesson_site):
    pg = open_page(browser, (base_url, lesson_site.origin))
    try:
        # a lesson file on another site is refused, with the reason
        lesson_site.put("/lesson.json", json.dumps(all_lessons()["counting-unit"]))
        pg.goto(f"{base_url}/?lesson_url={lesson_site.url('/lesson.json')}")
        wait_ready(pg)
        assert "only lessons on this server" in pg.locator("#lesson-error").inner_text()
        # a lesson file on this server opens (here: the API's own copy of one)
        pg.goto(f"{base_url}/?lesson_url=/api/v1/lessons/counting-unit&step=1")
        wait_ready(pg)
        wait_step(pg, 1)
        assert pg.evaluate("window.rnnscope.state.unit") == 2
        wait_js(pg, "location.search.includes('lesson_url=') && location.search.includes('step=1')")
        # an unknown lesson id says so
        pg.goto(f"{base_url}/?lesson=no-such-lesson")
        wait_ready(pg)
        assert "no lesson 'no-such-lesson'" in pg.locator("#lesson-error").inner_text()
        pg.watch.assert_clean(allow=("404",))
    finally:
        pg.context.close()


def test_embed_shows_the_lesson(page):
    page.goto(page.base + "/embed?lesson=counting-unit&step=1&lang=zh")
    wait_ready(page)
    wait_step(page, 1)
    assert "细胞单元 2" in shown(page)
    assert page.locator("#lesson-open").count() == 0
    page.watch.assert_clean()


def test_the_exported_lesson_works_offline(browser, tmp_path):
    out = tmp_path / "lesson.html"
    assert cli(["export", "--lesson", "lstm-remembers", "-o", str(out), "--lang", "zh"]) == 0
    pg = open_page(browser, ("file://",))
    try:
        pg.goto(out.as_uri())
        wait_ready(pg)
        wait_step(pg, 0)
        lesson = all_lessons()["lstm-remembers"]
        for k in range(len(lesson["steps"])):
            if k:
                pg.locator("#lesson-next").click()
                wait_step(pg, k)
            assert plain(lesson["steps"][k]["text"]["zh"]) in shown(pg)
        assert pg.evaluate("window.rnnscope.app.run.cell") == "lstm"  # the last step's network
        pg.watch.assert_clean()
    finally:
        pg.context.close()
