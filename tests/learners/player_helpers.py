"""Helpers shared by the test player's tests: take a test through the pages, as a browser would."""

from __future__ import annotations

import re

from assessments.models import Answer, Assessment
from assessments.selectors import forget_referential_snapshot
from challenges.models import Challenge

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def start(client, code: str = "1.1") -> Assessment:
    response = client.get(f"/competences/{code}/evaluer")
    assert response.status_code == 302
    assessment_id = int(re.search(r"/assessments/(\d+)/", response["Location"]).group(1))
    return Assessment.objects.get(pk=assessment_id)


def challenge_url(assessment: Assessment, n: int) -> str:
    return f"/assessments/{assessment.pk}/challenges/{n}"


def current_challenge_id(client, assessment: Assessment, n: int) -> str:
    """Show question n (passing a warning page if there is one) and return the id of the challenge asked."""
    response = client.get(challenge_url(assessment, n))
    assert response.status_code == 200, response
    if b'value="start"' in response.content:
        client.post(challenge_url(assessment, n), {"action": "start"})
    assessment.refresh_from_db()
    return assessment.last_challenge_id


def answer(client, assessment: Assessment, n: int, value: str, **extra) -> object:
    challenge_id = current_challenge_id(client, assessment, n)
    return client.post(
        challenge_url(assessment, n),
        {"challenge": challenge_id, "answer": value, "action": "answer", **extra},
    )


def answer_many(client, assessment: Assessment, values: list[str], *, first: int = 1) -> None:
    for offset, value in enumerate(values):
        response = answer(client, assessment, first + offset, value)
        assert response.status_code == 302, response.content.decode()[:500]


def answers_of(assessment: Assessment) -> list[Answer]:
    return list(Answer.objects.filter(assessment=assessment).order_by("created_at", "id"))


def change_challenge(challenge_id: str, **fields) -> None:
    """Rewrite a challenge of the loaded release (type, solution, timer…) and forget the cached referential."""
    Challenge.objects.filter(pk=challenge_id).update(**fields)
    forget_referential_snapshot()


def without_csrf(html: str) -> str:
    return CSRF.sub("", html)
