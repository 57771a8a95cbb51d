"""Corrections only after answering, only of one's own answers; "Signaler un problème"; the admin list."""

from __future__ import annotations

import pytest

from assessments.models import Answer, Assessment
from challenges.models import Challenge, ChallengeReport
from tests.assessments.conftest import RIGHT, WRONG
from tests.challenges.factories import select_field, text_field, yaml_lists
from tests.factories import UserFactory
from tests.learners.player_helpers import (
    answer_many,
    answers_of,
    challenge_url,
    change_challenge,
    current_challenge_id,
    start,
    without_csrf,
)

pytestmark = pytest.mark.django_db

SECRET_EXPLANATION = "Explication-réservée-à-la-correction"

# For each type: the challenge's content, and two solutions. The page must not change with the solution.
TYPES = {
    "QCU": (
        {"type": "QCU", "proposals": ["Alpha", "Bêta", "Gamma"], "fields": []},
        ("2", "3"),
        (),
    ),
    "QCM": (
        {"type": "QCM", "proposals": ["Alpha", "Bêta", "Gamma", "Delta"], "fields": []},
        ("1,3", "2,4"),
        (),
    ),
    "QROC": (
        {"type": "QROC", "proposals": [], "fields": [text_field("ville", "Ville")], "tolerances": ["t1"]},
        ("Lutèce-cachée\nParis-cachée", "Rome-cachée"),
        ("Lutèce-cachée", "Paris-cachée", "Rome-cachée"),
    ),
    "QROCM-ind": (
        {
            "type": "QROCM-ind",
            "proposals": [],
            "fields": [text_field("sommet", "Sommet"), select_field("pays", "Pays", ["France", "Italie"])],
            "tolerances": ["t1"],
        },
        (
            yaml_lists({"sommet": ["Mont-Caché"], "pays": ["France"]}),
            yaml_lists({"sommet": ["Cervin-Caché"], "pays": ["Italie"]}),
        ),
        ("Mont-Caché", "Cervin-Caché"),
    ),
    "QROCM-dep": (
        {
            "type": "QROCM-dep",
            "proposals": [],
            "fields": [text_field("son1", "Premier fichier"), text_field("son2", "Second fichier")],
            "tolerances": ["t1"],
        },
        (
            yaml_lists({"groupe1": ["cache-a.mp3"], "groupe2": ["cache-b.ogg"]}),
            yaml_lists({"groupe1": ["cache-c.wav"], "groupe2": ["cache-d.flac"]}),
        ),
        ("cache-a.mp3", "cache-b.ogg", "cache-c.wav", "cache-d.flac"),
    ),
}


@pytest.fixture
def client_of(client, learner):
    client.force_login(learner)
    return client


@pytest.mark.parametrize("challenge_type", list(TYPES))
def test_the_question_page_never_holds_the_solution_or_the_explanation(
    small_release, client_of, challenge_type
):
    content, (solution, other_solution), secret_texts = TYPES[challenge_type]
    assessment = start(client_of)
    challenge_id = current_challenge_id(client_of, assessment, 1)
    change_challenge(challenge_id, solution=solution, explanation=SECRET_EXPLANATION, **content)
    page = client_of.get(challenge_url(assessment, 1)).content.decode()
    assert SECRET_EXPLANATION not in page
    for text in secret_texts:
        assert text not in page
    change_challenge(challenge_id, solution=other_solution, explanation="Une autre explication")
    # The page is the same whatever the solution: nothing in it can reveal it.
    assert without_csrf(client_of.get(challenge_url(assessment, 1)).content.decode()) == without_csrf(page)


def test_the_correction_shows_the_answer_the_solution_the_explanation_and_the_tutorials(
    small_release, client_of
):
    assessment = start(client_of)
    answer_many(client_of, assessment, [WRONG])
    wrong = answers_of(assessment)[0]
    response = client_of.get(f"/assessments/{assessment.pk}/answers/{wrong.pk}/correction")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Réponse à la question 1" in html
    assert "Mauvaise réponse" in html
    assert "Votre réponse" in html and ">Faux<" in html
    assert "Réponse attendue" in html and ">Juste<" in html
    assert "La première proposition est juste." in html
    assert "Tutoriel 1.1" in html
    assert f'href="/assessments/{assessment.pk}/checkpoint"' in html  # back to the results so far
    assert 'value="answer"' in html and 'value="tutorial"' in html  # report categories of a correction
    assert 'value="picture"' not in html


def test_the_correction_of_another_learners_answer_is_a_404(small_release, client):
    owner = UserFactory()
    client.force_login(owner)
    assessment = start(client)
    answer_many(client, assessment, [RIGHT])
    given = answers_of(assessment)[0]
    client.force_login(UserFactory())
    assert client.get(f"/assessments/{assessment.pk}/answers/{given.pk}/correction").status_code == 404


def test_an_answer_under_another_assessments_address_is_a_404(small_release, learner, client_of):
    first = start(client_of, "1.1")
    answer_many(client_of, first, [RIGHT])
    second = start(client_of, "1.2")
    given = answers_of(first)[0]
    assert client_of.get(f"/assessments/{second.pk}/answers/{given.pk}/correction").status_code == 404


def test_there_is_no_correction_in_a_certification(small_release, learner, client_of):
    certification = Assessment.objects.create(user=learner, type=Assessment.Type.CERTIFICATION)
    given = Answer.objects.create(
        assessment=certification, challenge=Challenge.objects.first(), value=RIGHT, result="ok"
    )
    assert client_of.get(f"/assessments/{certification.pk}/answers/{given.pk}/correction").status_code == 404


def test_there_is_no_correction_before_answering(small_release, client_of):
    assessment = start(client_of)
    current_challenge_id(client_of, assessment, 1)
    assert client_of.get(f"/assessments/{assessment.pk}/answers/1/correction").status_code == 404


# -- "Signaler un problème" ---------------------------------------------------------------------------


def report_url(assessment) -> str:
    return f"/assessments/{assessment.pk}/signalement"


def test_a_problem_reported_on_a_question_is_stored_and_the_test_goes_on(small_release, learner, client_of):
    assessment = start(client_of)
    challenge_id = current_challenge_id(client_of, assessment, 1)
    response = client_of.post(
        report_url(assessment),
        {"challenge": challenge_id, "category": "picture", "comment": "  L'image ne s'affiche pas.  "},
    )
    assert response["Location"] == f"/assessments/{assessment.pk}/resume"
    report = ChallengeReport.objects.get()
    assert (report.user, report.assessment, report.challenge_id, report.category, report.comment) == (
        learner,
        assessment,
        challenge_id,
        "picture",
        "L'image ne s'affiche pas.",
    )
    page = client_of.get(response["Location"], follow=True).content.decode()
    assert "Merci, votre signalement a bien été envoyé." in page
    assert not Answer.objects.exists()


def test_a_problem_reported_on_a_correction_is_stored(small_release, client_of):
    assessment = start(client_of)
    answer_many(client_of, assessment, [WRONG])
    given = answers_of(assessment)[0]
    response = client_of.post(
        report_url(assessment),
        {"challenge": given.challenge_id, "answer": given.pk, "category": "answer", "comment": ""},
    )
    assert response["Location"] == f"/assessments/{assessment.pk}/answers/{given.pk}/correction"
    assert ChallengeReport.objects.get().category == "answer"


@pytest.mark.parametrize(
    ("on_correction", "category"),
    [(False, "answer"), (False, "tutorial"), (True, "picture"), (False, "inconnue"), (False, "")],
)
def test_a_category_of_the_other_page_or_none_is_refused_in_french(
    small_release, client_of, on_correction, category
):
    assessment = start(client_of)
    answer_many(client_of, assessment, [WRONG])
    challenge_id = current_challenge_id(client_of, assessment, 2)
    data = {"challenge": challenge_id, "category": category}
    if on_correction:
        given = answers_of(assessment)[0]
        data = {"challenge": given.challenge_id, "answer": given.pk, "category": category}
    response = client_of.post(report_url(assessment), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez ce qui pose problème" in html
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    assert not ChallengeReport.objects.exists()


def test_other_needs_a_few_words(small_release, client_of):
    assessment = start(client_of)
    challenge_id = current_challenge_id(client_of, assessment, 1)
    response = client_of.post(report_url(assessment), {"challenge": challenge_id, "category": "other"})
    assert "Décrivez le problème en quelques mots." in response.content.decode()
    assert not ChallengeReport.objects.exists()


def test_a_too_long_comment_is_refused(small_release, client_of):
    assessment = start(client_of)
    challenge_id = current_challenge_id(client_of, assessment, 1)
    response = client_of.post(
        report_url(assessment), {"challenge": challenge_id, "category": "question", "comment": "x" * 2001}
    )
    assert "Votre message est trop long : 2000 caractères au plus." in response.content.decode()
    assert not ChallengeReport.objects.exists()


def test_a_report_about_a_question_outside_the_test_is_a_404(small_release, client_of):
    assessment = start(client_of)
    current_challenge_id(client_of, assessment, 1)
    elsewhere = Challenge.objects.filter(competence__code="1.2").first()
    response = client_of.post(report_url(assessment), {"challenge": elsewhere.pk, "category": "question"})
    assert response.status_code == 404
    assert not ChallengeReport.objects.exists()


def test_a_report_pairing_an_answer_with_another_question_is_a_404(small_release, client_of):
    assessment = start(client_of)
    answer_many(client_of, assessment, [WRONG])
    given = answers_of(assessment)[0]
    current = current_challenge_id(client_of, assessment, 2)
    response = client_of.post(
        report_url(assessment), {"challenge": current, "answer": given.pk, "category": "answer"}
    )
    assert response.status_code == 404
    assert not ChallengeReport.objects.exists()


def test_the_report_form_also_exists_as_a_page_of_its_own(small_release, client_of):
    assessment = start(client_of)
    challenge_id = current_challenge_id(client_of, assessment, 1)
    html = client_of.get(f"{report_url(assessment)}?challenge={challenge_id}").content.decode()
    assert "<h1" in html and "Signaler un problème" in html
    assert f'value="{challenge_id}"' in html and 'value="picture"' in html and 'value="answer"' not in html


def test_reports_are_listed_by_challenge_in_the_admin(small_release, learner, client):
    import challenges.admin_reports  # noqa: F401 - registers the list (challenges/admin.py imports it)

    challenge, other = Challenge.objects.all()[:2]
    ChallengeReport.objects.create(
        user=learner, challenge=challenge, category="picture", comment="Image floue"
    )
    ChallengeReport.objects.create(user=learner, challenge=other, category="link", comment="Lien cassé")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/challenges/challengereport/", {"category__exact": "picture"}).content.decode()
    assert "Image floue" in page and "Lien cassé" not in page
    page = client.get("/admin/challenges/challengereport/", {"q": other.pk}).content.decode()
    assert "Lien cassé" in page and "Image floue" not in page


def test_a_certification_question_cannot_be_reported_here(small_release, learner, client_of):
    certification = Assessment.objects.create(
        user=learner, type=Assessment.Type.CERTIFICATION, last_challenge=Challenge.objects.first()
    )
    response = client_of.post(
        report_url(certification), {"challenge": certification.last_challenge_id, "category": "question"}
    )
    assert response.status_code == 404
    assert not ChallengeReport.objects.exists()
