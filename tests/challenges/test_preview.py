from __future__ import annotations

import pytest
from django.urls import reverse

from tests.challenges.factories import AttachmentFactory, ChallengeFactory, SkillFactory, TutorialFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    author = UserFactory(is_staff=True)
    client.force_login(author)
    return author


def preview_url(challenge, **query) -> str:
    url = reverse("challenges:preview", args=[challenge.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_preview_lives_under_challenges():
    assert preview_url(ChallengeFactory.build(id="ch-1-1-a")) == "/challenges/ch-1-1-a/preview"


def test_a_staff_member_sees_the_challenge_as_a_learner_would(client, staff):
    challenge = ChallengeFactory(timer=60, focused=True)
    response = client.get(preview_url(challenge))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>pain perdu</strong>" in html
    assert html.count('type="radio"') == 3
    assert "Épreuve chronométrée : 1 min" in html
    assert challenge.skill.name in html and "Niveau" in html
    assert "Je valide" in html and "Je passe" in html


def test_a_signed_in_learner_who_is_not_staff_gets_a_404(client, user):
    client.force_login(user)
    assert client.get(preview_url(ChallengeFactory())).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    challenge = ChallengeFactory()
    response = client.get(preview_url(challenge))
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion?next=/challenges/")


def test_an_unknown_challenge_is_a_404(client, staff):
    assert client.get("/challenges/nope/preview").status_code == 404


@pytest.mark.parametrize(
    "traits", [{}, {"qcm": True}, {"qroc": True}, {"qrocm_ind": True}, {"qrocm_dep": True}]
)
def test_the_solution_and_the_explanation_never_reach_the_page_before_an_answer(client, staff, traits):
    challenge = ChallengeFactory(**traits, explanation="EXPLICATION-SECRETE")
    challenge.solution = challenge.solution.replace("France", "SOLUTION-SECRETE").replace(
        "Paris", "SOLUTION-SECRETE"
    )
    challenge.solution = challenge.solution.replace("generique", "SOLUTION-SECRETE")
    challenge.solution = challenge.solution.replace("2", "SOLUTION-SECRETE")
    challenge.save()
    html = client.get(preview_url(challenge)).content.decode()
    assert "SOLUTION-SECRETE" not in html
    assert "EXPLICATION-SECRETE" not in html
    assert "Correction" not in html


def test_a_script_in_an_instruction_never_reaches_the_page(client, staff):
    challenge = ChallengeFactory(
        instruction="Lisez <script>alert('x')</script><img src=x onerror=alert(1)> ceci"
    )
    html = client.get(preview_url(challenge)).content.decode()
    assert "alert(" not in html and "onerror" not in html


def test_the_page_has_no_inline_style_or_script(client, staff):
    challenge = ChallengeFactory(embed_url="/static/simulators/1-1-moteur/index.html", embed_title="Moteur")
    AttachmentFactory(challenge=challenge)
    html = client.get(preview_url(challenge)).content.decode()
    assert "style=" not in html
    assert "<script>" not in html


def test_the_seed_changes_the_order_of_shuffled_proposals(client, staff):
    challenge = ChallengeFactory(shuffled=True, proposals=[f"choix {n}" for n in range(1, 9)])

    def order(seed: int) -> list[int]:
        html = client.get(preview_url(challenge, seed=seed)).content.decode()
        return sorted(range(1, 9), key=lambda n: html.index(f'id="proposal-{n}"'))

    assert order(3) == order(3)
    assert len({tuple(order(seed)) for seed in range(1, 6)}) > 1


def test_the_right_answer_shows_ok_and_the_correction(client, staff):
    tutorial = TutorialFactory(title="Affiner une recherche")
    challenge = ChallengeFactory(skill=SkillFactory(tutorials=[tutorial]))
    response = client.post(preview_url(challenge), {"answer": "2", "action": "answer"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bonne réponse" in html
    assert '<code class="verdict__status">ok</code>' in html
    assert "Les guillemets demandent au moteur" in html
    assert "Affiner une recherche" in html


def test_a_wrong_answer_shows_ko_and_the_expected_answer(client, staff):
    challenge = ChallengeFactory()
    html = client.post(preview_url(challenge), {"answer": "1", "action": "answer"}).content.decode()
    assert "Mauvaise réponse" in html
    assert '<code class="verdict__status">ko</code>' in html
    assert "Réponse attendue" in html


def test_skipping_shows_aband_and_the_correction(client, staff):
    challenge = ChallengeFactory(qroc=True)
    html = client.post(preview_url(challenge), {"action": "skip"}).content.decode()
    assert '<code class="verdict__status">aband</code>' in html
    assert "Vous avez passé cette question." in html


def test_a_qrocm_verdict_shows_the_result_of_each_field(client, staff):
    challenge = ChallengeFactory(qrocm_ind=True)
    data = {"answer-sommet": "le mont blanc", "answer-pays": "Italie", "action": "answer"}
    html = client.post(preview_url(challenge), data).content.decode()
    assert '<code class="verdict__status">ko</code>' in html
    assert "answer-line--right" in html and "answer-line--wrong" in html
    assert 'value="le mont blanc"' in html  # the form shows what was typed


def test_an_empty_answer_shows_the_error_next_to_the_inputs(client, staff):
    challenge = ChallengeFactory(qrocm_ind=True)
    html = client.post(
        preview_url(challenge), {"answer-sommet": "Cervin", "action": "answer"}
    ).content.decode()
    assert "Pour valider, remplissez tous les champs. Sinon, passez." in html
    assert 'aria-describedby="answer-error"' in html
    assert "verdict__status" not in html


def test_the_preview_costs_a_bounded_number_of_queries(client, staff, django_assert_max_num_queries):
    challenge = ChallengeFactory(skill=SkillFactory(tutorials=TutorialFactory.create_batch(3)))
    for position in range(3):
        AttachmentFactory(challenge=challenge, file_name=f"fichier-{position}.pdf", position=position)
    with django_assert_max_num_queries(10):
        client.post(preview_url(challenge), {"answer": "2", "action": "answer"})
