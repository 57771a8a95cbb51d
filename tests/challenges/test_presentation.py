from __future__ import annotations

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation

from challenges.checking import SKIP_VALUE, build_qrocm_answer, check_answer
from challenges.models import Challenge
from challenges.presentation import (
    AnswerFormError,
    answer_form_view,
    answer_from_form,
    correction_for,
    prefetch_for_presentation,
    present_challenge,
    render_inline_markdown,
    render_markdown,
)
from tests.challenges.factories import (
    AttachmentFactory,
    ChallengeFactory,
    SkillFactory,
    TutorialFactory,
    select_field,
    text_field,
)


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def form(**values: str | list[str]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in values.items():
        data.setlist(name.replace("_", "-"), value if isinstance(value, list) else [value])
    return data


def check(challenge: Challenge, answer: str):
    return check_answer(
        challenge_type=challenge.type,
        answer=answer,
        solution=challenge.solution,
        tolerances=challenge.tolerances,
        qroc_format=challenge.format,
        select_keys=challenge.select_keys,
    )


# --- Markdown ---------------------------------------------------------------------------------------


def test_markdown_keeps_emphasis_lists_links_and_tables():
    html = render_markdown(
        "Lisez **bien** la *consigne* :\n1. un\n2. deux\n\n[Service public](https://www.service-public.fr)\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<strong>bien</strong>" in html and "<em>consigne</em>" in html
    assert "<ol>" in html and "<li>un</li>" in html
    assert '<a href="https://www.service-public.fr" rel="noopener">Service public</a>' in html
    assert "<table>" in html and "<td>1</td>" in html
    assert "target=" not in html


def test_markdown_never_lets_a_script_or_an_event_handler_through():
    html = render_markdown(
        "Bonjour <script>alert('x')</script> <img src=x onerror=alert(1)> "
        '<a href="javascript:alert(1)">clic</a> <b onclick="x()">gras</b> <iframe src="https://evil"></iframe>'
    )
    assert "<script" not in html and "alert('x')" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html and "<img" not in html


def test_markdown_images_are_dropped_and_headings_start_at_h3():
    html = render_markdown("# Titre\n\n![une image](https://example.org/x.png)")
    assert "<h3>Titre</h3>" in html
    assert "<img" not in html and "<h1" not in html


def test_a_proposal_is_inline_html_without_a_paragraph():
    assert render_inline_markdown('Taper **"pain perdu"**') == 'Taper <strong>"pain perdu"</strong>'
    assert render_inline_markdown("<script>x</script>oui") == "oui"


# --- present_challenge ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_presentation_never_holds_the_solution_the_explanation_or_the_tolerances():
    challenge = ChallengeFactory(
        qrocm_ind=True, explanation="EXPLICATION-SECRETE", solution="sommet:\n- SOLUTION-SECRETE\n"
    )
    view = present_challenge(challenge=challenge, shuffle_seed=1)
    text = repr(view)
    assert "SOLUTION-SECRETE" not in text and "EXPLICATION-SECRETE" not in text
    assert (
        not hasattr(view, "solution") and not hasattr(view, "tolerances") and not hasattr(view, "explanation")
    )


@pytest.mark.django_db
def test_proposals_keep_their_order_and_numbers_when_not_shuffled():
    challenge = ChallengeFactory(shuffled=False, proposals=["un", "deux", "trois", "quatre"])
    view = present_challenge(challenge=challenge, shuffle_seed=42)
    assert [(p.number, p.html) for p in view.proposals] == [
        (1, "un"),
        (2, "deux"),
        (3, "trois"),
        (4, "quatre"),
    ]


@pytest.mark.django_db
def test_shuffling_is_the_same_for_the_same_seed_and_keeps_the_original_numbers():
    texts = [f"proposition {i}" for i in range(1, 9)]
    challenge = ChallengeFactory(shuffled=True, proposals=texts)
    first = present_challenge(challenge=challenge, shuffle_seed=7).proposals
    again = present_challenge(challenge=challenge, shuffle_seed=7).proposals
    orders = {
        tuple(p.number for p in present_challenge(challenge=challenge, shuffle_seed=s).proposals)
        for s in range(10)
    }
    assert first == again
    assert len(orders) > 1
    assert all(p.html == texts[p.number - 1] for p in first)
    assert sorted(p.number for p in first) == list(range(1, 9))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("qroc_format", "kind", "width", "inputmode"),
    [
        ("mots", "text", "short", ""),
        ("phrase", "text", "long", ""),
        ("paragraphe", "textarea", "textarea", ""),
        ("nombre", "text", "short", "decimal"),
    ],
)
def test_the_qroc_format_decides_the_input(qroc_format, kind, width, inputmode):
    challenge = ChallengeFactory(qroc=True, format=qroc_format)
    (field,) = present_challenge(challenge=challenge, shuffle_seed=None).fields
    assert (field.kind, field.width, field.inputmode) == (kind, width, inputmode)
    assert field.label == "Ville" and field.placeholder == "Par exemple : Lyon"
    assert field.input_name == "answer-ville"


@pytest.mark.django_db
def test_illustration_attachments_embed_timer_and_focus_are_presented():
    challenge = ChallengeFactory(
        illustration="1-1-navigateur-zones.svg",
        illustration_alt="Fenêtre de navigateur",
        embed_url="/static/simulators/1-1-moteur/index.html",
        embed_title="Moteur de recherche simulé",
        embed_height=620,
        timer=90,
        focused=True,
    )
    AttachmentFactory(challenge=challenge, file_name="1-1-etude-boisson.pdf")
    AttachmentFactory(challenge=challenge, file_name="absent-du-disque.odt", position=1)
    view = present_challenge(challenge=challenge, shuffle_seed=1)
    assert view.illustration_url == "/static/content/illustrations/1-1-navigateur-zones.svg"
    assert view.illustration_alt == "Fenêtre de navigateur"
    pdf, missing = view.attachments
    assert pdf.url == "/static/content/attachments/1-1-etude-boisson.pdf"
    assert pdf.type_label == "Document PDF" and pdf.size_bytes > 0
    assert missing.type_label == "Document texte (ODT)" and missing.size_bytes is None
    assert view.embed.url == "/static/simulators/1-1-moteur/index.html"
    assert view.embed.height_class == "challenge-embed--h640"
    assert view.timer == 90 and view.timer_label == "1 min 30 s" and view.focused


@pytest.mark.django_db
def test_a_presentation_costs_a_fixed_number_of_queries(django_assert_num_queries):
    for _ in range(3):
        challenge = ChallengeFactory()
        for position in range(3):
            AttachmentFactory(challenge=challenge, file_name=f"fichier-{position}.pdf", position=position)
    with django_assert_num_queries(4):  # challenges with their skill, attachments, tutorials, learning_more
        challenges = list(prefetch_for_presentation(Challenge.objects.all()))
        for challenge in challenges:
            present_challenge(challenge=challenge, shuffle_seed=1)
            correction_for(challenge=challenge, answer_value="2", result_details=None)


@pytest.mark.django_db
def test_the_body_include_renders_a_sandboxed_lazy_iframe_with_a_height_class_and_no_style():
    challenge = ChallengeFactory(
        embed_url="/static/simulators/1-1-moteur/index.html", embed_title="Moteur simulé", embed_height=560
    )
    AttachmentFactory(challenge=challenge)
    html = render_to_string(
        "challenges/includes/challenge_body.html",
        {"challenge_view": present_challenge(challenge=challenge, shuffle_seed=1)},
    )
    assert 'sandbox="allow-scripts allow-forms"' in html
    assert 'title="Moteur simulé"' in html and 'loading="lazy"' in html
    assert "challenge-embed--h560" in html
    assert "style=" not in html
    assert 'href="/static/content/attachments/1-1-etude-boisson.pdf" download' in html
    assert "Document PDF" in html


# --- answer_from_form -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_qcu_answer_is_the_chosen_number():
    challenge = ChallengeFactory()
    assert answer_from_form(challenge=challenge, data=form(answer="2")) == "2"
    assert answer_from_form(challenge=challenge, data={"answer": "3"}) == "3"


@pytest.mark.django_db
def test_a_qcm_answer_is_the_chosen_numbers_in_ascending_order():
    challenge = ChallengeFactory(qcm=True)
    assert answer_from_form(challenge=challenge, data=form(answer=["4", "1", "2"])) == "1,2,4"
    assert answer_from_form(challenge=challenge, data={"answer": ["3"]}) == "3"


@pytest.mark.django_db
def test_a_qroc_answer_is_the_text_of_its_field_trimmed():
    challenge = ChallengeFactory(qroc=True)
    assert answer_from_form(challenge=challenge, data=form(answer_ville="  Paris ")) == "Paris"


@pytest.mark.django_db
def test_a_qrocm_answer_is_the_map_the_checker_reads():
    ind = ChallengeFactory(qrocm_ind=True)
    value = answer_from_form(challenge=ind, data=form(answer_sommet="Mont Blanc", answer_pays="France"))
    assert value == build_qrocm_answer({"sommet": "Mont Blanc", "pays": "France"})
    assert check(ind, value).status == "ok"
    dep = ChallengeFactory(qrocm_dep=True)
    value = answer_from_form(
        challenge=dep, data=form(answer_son1="chant-oiseaux", answer_son2="generique.mp3")
    )
    assert value == build_qrocm_answer({"son1": "chant-oiseaux", "son2": "generique.mp3"})
    assert check(dep, value).status == "ok"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("traits", "data", "message"),
    [
        ({}, {}, "Pour valider, sélectionnez une réponse. Sinon, passez."),
        ({"qcm": True}, {"answer": []}, "Pour valider, sélectionnez au moins une réponse. Sinon, passez."),
        ({"qroc": True}, {"answer-ville": "   "}, "Pour valider, saisissez une réponse. Sinon, passez."),
        (
            {"qrocm_ind": True},
            {"answer-sommet": "Mont Blanc"},
            "Pour valider, remplissez tous les champs. Sinon, passez.",
        ),
        ({"qrocm_dep": True}, {}, "Pour valider, remplissez tous les champs. Sinon, passez."),
    ],
)
def test_an_empty_form_is_refused_with_a_french_message(traits, data, message):
    challenge = ChallengeFactory(**traits)
    with pytest.raises(AnswerFormError) as error:
        answer_from_form(challenge=challenge, data=data)
    assert error.value.message == message
    assert isinstance(error.value, ValueError)


@pytest.mark.django_db
def test_the_error_names_the_fields_left_empty():
    challenge = ChallengeFactory(qrocm_ind=True)
    with pytest.raises(AnswerFormError) as error:
        answer_from_form(challenge=challenge, data=form(answer_sommet="Mont Blanc"))
    assert error.value.field_keys == {"pays"}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0", "4", "-1", "deux", "٢", "1.5"])
def test_a_number_that_is_not_one_of_the_proposals_is_refused(value):
    for challenge in (ChallengeFactory(), ChallengeFactory(qcm=True, proposals=["a", "b", "c"])):
        with pytest.raises(AnswerFormError, match="ne fait pas partie des propositions"):
            answer_from_form(challenge=challenge, data=form(answer=value))


@pytest.mark.django_db
def test_a_qcu_with_two_chosen_numbers_is_refused():
    with pytest.raises(AnswerFormError, match="une seule réponse"):
        answer_from_form(challenge=ChallengeFactory(), data=form(answer=["1", "2"]))


@pytest.mark.django_db
def test_a_select_value_that_is_not_among_its_options_is_refused():
    challenge = ChallengeFactory(qrocm_ind=True)
    with pytest.raises(AnswerFormError) as error:
        answer_from_form(challenge=challenge, data=form(answer_sommet="Mont Blanc", answer_pays="Groenland"))
    assert error.value.message == "Le choix pour « Pays » ne fait pas partie de la liste."
    assert error.value.field_keys == {"pays"}


@pytest.mark.django_db
def test_the_error_message_is_translated_for_an_english_learner():
    with translation.override("en"), pytest.raises(AnswerFormError) as error:
        answer_from_form(challenge=ChallengeFactory(), data={})
    assert error.value.message == "To confirm, select an answer. Otherwise, skip."


@pytest.mark.django_db
def test_the_fields_include_labels_every_input_and_points_to_the_error():
    challenge = ChallengeFactory(
        qrocm_ind=True,
        fields=[text_field("sommet", "Sommet"), select_field("pays", "Pays", ["France", "Italie"])],
    )
    view = present_challenge(challenge=challenge, shuffle_seed=1)
    data = form(answer_sommet="Mont <b>Blanc</b>")
    error = AnswerFormError("Remplissez tout.", field_keys=["pays"])
    html = render_to_string(
        "challenges/includes/answer_form_fields.html",
        {"answer_form": answer_form_view(challenge_view=view, data=data, error=error)},
    )
    assert '<label for="answer-sommet">Sommet</label>' in html
    assert '<label for="answer-pays">Pays</label>' in html
    assert 'value="Mont &lt;b&gt;Blanc&lt;/b&gt;"' in html
    assert 'spellcheck="false"' in html and 'autocomplete="off"' in html
    assert '<p class="answer-error" id="answer-error" role="alert">' in html
    assert html.count('aria-describedby="answer-error"') == 2
    assert html.count('aria-invalid="true"') == 1  # only the select left empty


@pytest.mark.django_db
def test_choices_are_radio_buttons_in_a_fieldset_for_a_qcu_and_checkboxes_for_a_qcm():
    qcu = present_challenge(challenge=ChallengeFactory(), shuffle_seed=1)
    qcm = present_challenge(challenge=ChallengeFactory(qcm=True), shuffle_seed=1)
    qcu_html = render_to_string(
        "challenges/includes/answer_form_fields.html",
        {"answer_form": answer_form_view(challenge_view=qcu, data=form(answer="2"))},
    )
    qcm_html = render_to_string(
        "challenges/includes/answer_form_fields.html", {"answer_form": answer_form_view(challenge_view=qcm)}
    )
    assert "<fieldset" in qcu_html and "<legend" in qcu_html
    assert qcu_html.count('type="radio"') == 3 and qcm_html.count('type="checkbox"') == 4
    assert 'value="2"\n                 autocomplete="off" checked' in qcu_html
    assert '<label for="proposal-1">' in qcu_html
    assert "aria-describedby" not in qcu_html


# --- correction_for ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_qcu_correction_shows_the_chosen_and_the_right_proposal_texts():
    challenge = ChallengeFactory()
    correction = correction_for(challenge=challenge, answer_value="1", result_details=None)
    assert [line.value_html for line in correction.given] == ["pain perdu"]
    assert [line.value_html for line in correction.expected] == ['"pain perdu"']
    assert correction.explanation_html == "<p>Les guillemets demandent au moteur l'expression exacte.</p>"


@pytest.mark.django_db
def test_a_qcm_correction_shows_every_right_proposal():
    challenge = ChallengeFactory(qcm=True)
    correction = correction_for(challenge=challenge, answer_value="1,3", result_details=None)
    assert [line.value_html for line in correction.given] == ["caféine", "quels"]
    assert [line.value_html for line in correction.expected] == ["caféine", "sommeil", "adolescents"]


@pytest.mark.django_db
def test_a_qroc_correction_shows_the_first_variant_and_the_other_accepted_ones():
    challenge = ChallengeFactory(qroc=True, solution="Paris\nLutèce\nparis")
    correction = correction_for(challenge=challenge, answer_value="Lyon", result_details=None)
    assert [(line.label, line.value_html) for line in correction.given] == [("Ville", "Lyon")]
    assert [(line.label, line.value_html) for line in correction.expected] == [("Ville", "Paris")]
    assert correction.other_accepted == ("Lutèce", "paris")


@pytest.mark.django_db
def test_a_qrocm_ind_correction_marks_each_field_and_shows_its_first_variant():
    challenge = ChallengeFactory(qrocm_ind=True)
    answer = build_qrocm_answer({"sommet": "Cervin", "pays": "France"})
    correction = correction_for(
        challenge=challenge, answer_value=answer, result_details=check(challenge, answer).details
    )
    assert [(line.label, line.value_html, line.is_correct) for line in correction.given] == [
        ("Sommet", "Cervin", False),
        ("Pays", "France", True),
    ]
    assert [(line.label, line.value_html) for line in correction.expected] == [
        ("Sommet", "Mont Blanc"),
        ("Pays", "France"),
    ]


@pytest.mark.django_db
def test_a_qrocm_dep_correction_keeps_right_answers_and_gives_an_example_for_the_others():
    challenge = ChallengeFactory(qrocm_dep=True)
    answer = build_qrocm_answer({"son1": "chant-oiseaux", "son2": "plage.jpg"})
    correction = correction_for(
        challenge=challenge, answer_value=answer, result_details=check(challenge, answer).details
    )
    assert [(line.value_html, line.is_correct) for line in correction.given] == [
        ("chant-oiseaux", True),
        ("plage.jpg", False),
    ]
    assert [line.value_html for line in correction.expected] == ["chant-oiseaux", "generique.mp3"]


@pytest.mark.django_db
def test_a_skipped_answer_shows_every_expected_answer():
    challenge = ChallengeFactory(qrocm_dep=True)
    correction = correction_for(challenge=challenge, answer_value=SKIP_VALUE, result_details=None)
    assert correction.skipped and correction.given == ()
    assert [line.value_html for line in correction.expected] == ["generique.mp3", "chant-oiseaux.ogg"]


@pytest.mark.django_db
def test_a_learner_answer_is_escaped_in_the_correction():
    challenge = ChallengeFactory(qroc=True)
    correction = correction_for(challenge=challenge, answer_value="<script>x</script>", result_details=None)
    assert correction.given[0].value_html == "&lt;script&gt;x&lt;/script&gt;"


@pytest.mark.django_db
def test_the_correction_lists_the_skill_tutorials_and_learning_more():
    tutorial = TutorialFactory(
        title="Les opérateurs", source="Aide Google", format="vidéo", duration_minutes=4
    )
    further = TutorialFactory(title="La veille")
    skill = SkillFactory(tutorials=[tutorial], learning_more=[further])
    correction = correction_for(
        challenge=ChallengeFactory(skill=skill), answer_value="2", result_details=None
    )
    (shown,) = correction.tutorials
    assert (shown.title, shown.url, shown.source, shown.format_label, shown.duration_label) == (
        "Les opérateurs",
        tutorial.url,
        "Aide Google",
        "Vidéo",
        "4 min",
    )
    assert [t.title for t in correction.learning_more] == ["La veille"]
