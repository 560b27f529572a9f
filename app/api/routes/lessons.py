"""GET /api/v1/lessons, /api/v1/lessons/{id}, and POST /api/v1/lessons/check (a teacher's own
lesson file, validated with errors that name the step and the field; docs/lessons.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException

from ...lessons import LessonError, all_lessons, check_lesson, lesson_summary

router = APIRouter(prefix="/api/v1", tags=["lessons"])

EXAMPLE = {
    "id": "my-lesson",
    "title": {"en": "My lesson", "zh": "我的课程"},
    "summary": {"en": "One step on the book's RNN", "zh": "书中 RNN 的一步"},
    "steps": [
        {
            "text": {"en": "Step 0: $a_0 = [0.6, 0.5]$.", "zh": "第 0 步：$a_0 = [0.6, 0.5]$。"},
            "network": {"preset": "book-rnn"},
            "views": ["player", "worked"],
            "t": 0,
            "unit": 0,
        }
    ],
}


@router.get("/lessons", summary="List the lessons")
async def list_lessons() -> list[dict[str, Any]]:
    """`[{id, title: {en, zh}, summary: {en, zh}, steps}]`."""
    return [lesson_summary(lesson) for lesson in all_lessons().values()]


# before /lessons/{lesson_id}: an OPTIONS or GET of /lessons/check must not match that route first
@router.post(
    "/lessons/check",
    summary="Validate a lesson file (docs/lessons.md); returns it normalised, or 422 naming the step and field",
)
def check(
    lesson: Annotated[dict[str, Any], Body(examples=[EXAMPLE])],
) -> dict[str, Any]:
    try:
        return check_lesson(lesson)
    except LessonError as e:
        raise HTTPException(422, detail=[{**err, "loc": ["body", *err["loc"]]} for err in e.errors]) from None


@router.get(
    "/lessons/{lesson_id}",
    summary="A lesson: its steps, texts in English and Chinese, networks, views and questions",
    responses={404: {"description": "No lesson has this id."}},
)
async def get_lesson(lesson_id: str) -> dict[str, Any]:
    lesson = all_lessons().get(lesson_id)
    if lesson is None:
        known = ", ".join(all_lessons())
        raise HTTPException(404, detail=[{"loc": ["path", "lesson_id"], "msg": f"no lesson {lesson_id!r}; known: {known}",
                                          "type": "not_found"}])  # fmt: skip
    return lesson
