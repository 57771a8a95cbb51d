"""Background work of certification: scoring a course once it is complete (or finalised)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="certification.score_course")
def score_course(course_id: int) -> None:
    """Thin: load by id and score (the rules are in certification.scoring and the engine)."""
    from certification.scoring import course_score

    course_score(course_id=course_id)
