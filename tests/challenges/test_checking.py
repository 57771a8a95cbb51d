"""Unit tests of answer checking: pix-engine.md §4.1, §4.3 steps 1–3 and §5."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from challenges.checking import (
    SKIP_VALUE,
    AnswerStatus,
    CheckResult,
    build_qrocm_answer,
    check_answer,
    qrocm_dep_correction,
)
from challenges.checking.treatments import (
    apply_treatments,
    levenshtein,
    levenshtein_ratio,
    normalise_tolerances,
    parse_number,
    pretreat,
    t1,
    t2,
)

OK = AnswerStatus.OK
KO = AnswerStatus.KO

CITIES = "city:\n- Paris\n- Paname\nriver:\n- Seine\n"
ANIMALS = "cat:\n- chat\n- matou\ndog:\n- chien\nbird:\n- oiseau\n"


def qroc(answer: object, solution: str = "Paris", **options: object) -> AnswerStatus:
    return check_answer(challenge_type="QROC", answer=answer, solution=solution, **options).status


def qrocm(challenge_type: str, values: dict[str, str], solution: str, **options: object) -> CheckResult:
    return check_answer(
        challenge_type=challenge_type, answer=build_qrocm_answer(values), solution=solution, **options
    )


# --- §4.1 statuses and §4.3 pipeline ---------------------------------------------------------------------


def test_statuses_are_stored_with_the_reference_values() -> None:
    assert {status.name: str(status) for status in AnswerStatus} == {
        "OK": "ok",
        "KO": "ko",
        "SKIPPED": "aband",
        "TIMEDOUT": "timedout",
        "FOCUSEDOUT": "focusedOut",
        "PARTIALLY": "partially",
        "UNIMPLEMENTED": "unimplemented",
    }
    assert SKIP_VALUE == "#ABAND#"


@pytest.mark.parametrize(
    ("challenge_type", "solution"),
    [
        ("QCU", "2"),
        ("QCM", "1,3"),
        ("QROC", "Paris"),
        ("QROCM-ind", CITIES),
        ("QROCM-dep", ANIMALS),
        ("XYZ", ""),
    ],
)
def test_a_skipped_answer_is_aband_with_no_details_whatever_the_type(
    challenge_type: str, solution: str
) -> None:
    result = check_answer(challenge_type=challenge_type, answer="#ABAND#", solution=solution, timed_out=True)
    assert result == CheckResult(AnswerStatus.SKIPPED, None)


def test_skipping_stops_before_the_solution_is_read() -> None:
    result = check_answer(
        challenge_type="QROCM-ind", answer=SKIP_VALUE, solution="a: [\nb", tolerances=["t9"]
    )
    assert result.status is AnswerStatus.SKIPPED


@pytest.mark.parametrize("challenge_type", ["QCUX", "qcu", "QROCM", "", "embed"])
def test_an_unknown_type_is_unimplemented(challenge_type: str) -> None:
    result = check_answer(challenge_type=challenge_type, answer="2", solution="2", timed_out=True)
    assert result == CheckResult(AnswerStatus.UNIMPLEMENTED, None)


@pytest.mark.parametrize(
    ("challenge_type", "answer", "solution"),
    [
        ("QCU", "2", "2"),
        ("QCM", "3,1", "1,3"),
        ("QROC", "Paris", "Paris"),
        ("QROCM-ind", build_qrocm_answer({"city": "Paris", "river": "Seine"}), CITIES),
        ("QROCM-dep", build_qrocm_answer({"a": "chien", "b": "chat"}), ANIMALS),
    ],
)
def test_a_correct_answer_after_the_timer_is_timedout(
    challenge_type: str, answer: str, solution: str
) -> None:
    on_time = check_answer(challenge_type=challenge_type, answer=answer, solution=solution)
    late = check_answer(challenge_type=challenge_type, answer=answer, solution=solution, timed_out=True)
    assert on_time.status is OK
    assert late.status is AnswerStatus.TIMEDOUT
    assert late.details == on_time.details


def test_a_wrong_answer_after_the_timer_stays_ko() -> None:
    assert check_answer(challenge_type="QCU", answer="1", solution="2", timed_out=True).status is KO


@pytest.mark.parametrize(
    ("challenge_type", "solution"),
    [("QCU", "2"), ("QCM", "1,3"), ("QROC", "Paris"), ("QROCM-ind", CITIES), ("QROCM-dep", ANIMALS)],
)
@pytest.mark.parametrize("answer", [None, 2, 1.5, ["1", "3"], {"city": "Paris"}, b"Paris"])
def test_an_answer_that_is_not_text_is_ko(challenge_type: str, solution: str, answer: object) -> None:
    assert check_answer(challenge_type=challenge_type, answer=answer, solution=solution).status is KO


def test_the_module_imports_no_django() -> None:
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys, challenges.checking\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]"
    )
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


# --- §5.1 tolerances -----------------------------------------------------------------------------------


def test_tolerances_are_the_enabled_set_and_accept_any_case() -> None:
    assert normalise_tolerances(["t3", "T1", "t1"]) == frozenset({"t1", "t3"})
    assert normalise_tolerances(()) == frozenset()


@pytest.mark.parametrize("tolerances", [["t4"], ["t1", "T0"], "t1", [1]])
def test_an_unknown_tolerance_is_bad_content(tolerances: object) -> None:
    with pytest.raises(ValueError):
        check_answer(challenge_type="QROC", answer="Paris", solution="Paris", tolerances=tolerances)


# --- §5.2 treatments -----------------------------------------------------------------------------------


def test_pretreatment_composes_unicode_and_turns_no_break_spaces_into_spaces() -> None:
    assert pretreat("e\u0301t\u00e9\u00a0!") == "\u00e9t\u00e9 !"


def test_t1_trims_lowers_drops_accents_and_removes_every_whitespace() -> None:
    assert t1("  Le Ch\u00e2teau\td'If \n") == "lechateaud'if"
    assert t1("\u00c9L\u00c8VE  \u00e0 \u00ceLE") == "eleveaile"


def test_t2_keeps_only_ascii_letters_digits_and_spaces_and_collapses_spaces() -> None:
    assert t2("Bonjour,  le monde !") == "Bonjour le monde "
    assert t2("R2-D2 (droid)") == "R2D2 droid"


def test_t1_runs_before_t2_so_accented_letters_survive() -> None:
    assert apply_treatments("\u00c9t\u00e9 !", frozenset({"t2", "t1"})) == "ete"
    assert apply_treatments("\u00c9t\u00e9 !", frozenset({"t2"})) == "t "


def test_t3_transforms_nothing() -> None:
    assert apply_treatments(" Été ", frozenset({"t3"})) == " Été "


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "", 0),
        ("", "abc", 3),
        ("abc", "", 3),
        ("abc", "abc", 0),
        ("kitten", "sitting", 3),
        ("flaw", "lawn", 2),
    ],
)
def test_levenshtein_counts_insertions_deletions_and_substitutions(a: str, b: str, distance: int) -> None:
    assert levenshtein(a, b) == distance
    assert levenshtein(b, a) == distance


@pytest.mark.parametrize("limit", [0, 1, 2, 3, 4, 10])
def test_levenshtein_with_a_limit_is_exact_up_to_the_limit(limit: int) -> None:
    assert levenshtein("kitten", "sitting", limit=limit) == min(3, limit + 1)
    assert levenshtein("", "abc", limit=limit) == min(3, limit + 1)


def test_a_long_unrelated_answer_is_refused_quickly() -> None:
    assert qroc("x" * 20_000, "Paris", tolerances=["t3"]) is KO
    assert qroc("x" * 3_000, "y" * 2_900, tolerances=["t3"]) is KO


def test_the_t3_ratio_is_divided_by_the_answer_length() -> None:
    assert levenshtein_ratio("abcd", "abcdefgh") == 1.0
    assert levenshtein_ratio("abcdefgh", "abcd") == 0.5


def test_the_t3_ratio_of_an_empty_answer_is_zero_or_infinite() -> None:
    assert levenshtein_ratio("", "") == 0.0
    assert math.isinf(levenshtein_ratio("", "a"))


def test_t3_accepts_a_ratio_of_exactly_a_quarter() -> None:
    assert qroc("abcdefXY", "abcdefgh", tolerances=["t3"]) is OK  # 2 / 8


def test_t3_refuses_a_ratio_above_a_quarter() -> None:
    assert qroc("abcdeXY", "abcdefg", tolerances=["t3"]) is KO  # 2 / 7


def test_t3_uses_the_answer_length_not_the_reference_length() -> None:
    assert qroc("abcdef", "abcdefgh", tolerances=["t3"]) is KO  # 2 / 6, though 2 / 8 would pass
    assert qroc("abcdefgh", "abcdef", tolerances=["t3"]) is OK  # 2 / 8, though 2 / 6 would fail


def test_t3_takes_the_closest_variant() -> None:
    assert qroc("abcdefgX", "zzzzzzzz\nabcdefgh", tolerances=["t3"]) is OK


def test_t3_refuses_an_empty_answer_to_a_non_empty_variant() -> None:
    assert qroc("", "a", tolerances=["t3"]) is KO


def test_t3_compares_the_treated_strings() -> None:
    assert qroc("  \u00c9LYS\u00c9ES ", "champs elysees\nelysees", tolerances=["t1", "t3"]) is OK
    assert qroc("Elisee", "\u00c9lys\u00e9e", tolerances=["t1", "t3"]) is OK  # 1 edit over 6


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3,5", 3.5),
        ("3.5", 3.5),
        ("1 000", 1000.0),
        (" 42 ", 42.0),
        ("-2,5", -2.5),
        ("+7", 7.0),
        ("1e3", 1000.0),
        ("3,", 3.0),
        (",5", 0.5),
    ],
)
def test_a_number_is_read_with_its_first_space_removed_and_its_first_comma_as_a_dot(
    text: str, number: float
) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize(
    "text", ["", "abc", "1 000 000", "1,5,2", "nan", "inf", "1_000", "0x10", "\u0663", "1e999"]
)
def test_text_that_is_not_a_plain_decimal_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None


# --- §5.3 QCU ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "status"), [("2", OK), ("3", KO), (" 2", KO), ("2 ", KO), ("02", KO), ("", KO)]
)
def test_qcu_is_strict_string_equality(answer: str, status: AnswerStatus) -> None:
    assert (
        check_answer(challenge_type="QCU", answer=answer, solution="2", tolerances=["t1", "t2", "t3"]).status
        is status
    )


@pytest.mark.parametrize("solution", ["", "  ", None])
def test_a_qcu_without_solution_is_bad_content(solution: object) -> None:
    with pytest.raises(ValueError):
        check_answer(challenge_type="QCU", answer="2", solution=solution)


# --- §5.4 QCM ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "status"), [("3, 1,2", OK), ("1,2,3", OK), (" 2 ,3 , 1 ", OK), ("3,2,1", OK)]
)
def test_qcm_ignores_order_and_spaces_around_items(answer: str, status: AnswerStatus) -> None:
    assert check_answer(challenge_type="QCM", answer=answer, solution="1,2,3").status is status


@pytest.mark.parametrize("answer", ["1,2", "1,2,3,4", "1,1,2,3", "", "123", "1;2;3"])
def test_qcm_gives_no_partial_credit(answer: str) -> None:
    assert check_answer(challenge_type="QCM", answer=answer, solution="1,2,3").status is KO


def test_qcm_solution_spacing_does_not_matter_either() -> None:
    assert check_answer(challenge_type="QCM", answer="2,1", solution=" 1 , 2 ").status is OK


@pytest.mark.parametrize("solution", ["", " ", "1,,3", "1,3,", None])
def test_a_qcm_solution_with_an_empty_item_is_bad_content(solution: object) -> None:
    with pytest.raises(ValueError):
        check_answer(challenge_type="QCM", answer="1,3", solution=solution)


# --- §5.5 QROC -----------------------------------------------------------------------------------------


def test_qroc_accepts_any_line_of_the_solution() -> None:
    solution = "Paris\nParis intra-muros\n\nPaname\n"
    assert qroc("Paris intra-muros", solution) is OK
    assert qroc("Paname", solution) is OK
    assert qroc("Lyon", solution) is KO


def test_qroc_drops_empty_and_blank_lines() -> None:
    assert qroc("", "Paris\n\n") is KO
    assert qroc("", "Paris\n   \n", tolerances=["t1"]) is KO


def test_qroc_without_tolerance_is_an_exact_match_after_pretreatment() -> None:
    assert qroc("paris") is KO
    assert qroc(" Paris") is KO
    assert qroc("Saint\u00a0Denis", "Saint Denis") is OK
    assert qroc("Ele\u0300ve", "\u00c9l\u00e8ve") is KO
    assert qroc("E\u0301le\u0300ve", "\u00c9l\u00e8ve") is OK  # decomposed accents are composed first


@pytest.mark.parametrize("answer", ["  PARIS ", "p\u00e2ris", "Pa ris", "P\tA\nR I S"])
def test_qroc_t1_forgives_case_accents_and_whitespace(answer: str) -> None:
    assert qroc(answer, tolerances=["t1"]) is OK
    assert qroc(answer) is KO


def test_qroc_treats_the_variants_like_the_answer() -> None:
    assert qroc("\u00cele-de-France", "\u00cele-de-France", tolerances=["t1"]) is OK
    assert qroc("ile-de-france", "\u00cele-de-France", tolerances=["t1"]) is OK
    assert qroc("l'ete", "L'\u00c9t\u00e9", tolerances=["t1", "t2"]) is OK


@pytest.mark.parametrize("answer", ["Paris.", "\u00abParis\u00bb", "Pa-ris", "(Paris)"])
def test_qroc_t2_forgives_punctuation(answer: str) -> None:
    assert qroc(answer, tolerances=["t2"]) is OK
    assert qroc(answer, tolerances=["t1"]) is KO


def test_qroc_t2_alone_keeps_a_space_left_by_punctuation() -> None:
    assert qroc("Paris !", tolerances=["t2"]) is KO  # "Paris " is not "Paris"
    assert qroc("Paris !", tolerances=["t1", "t2"]) is OK


def test_qroc_in_nombre_format_compares_numbers() -> None:
    assert qroc("3,5", "3.5", qroc_format="nombre") is OK
    assert qroc("3,50", "3.5", qroc_format="nombre") is OK
    assert qroc("1 000", "1000", qroc_format="nombre") is OK
    assert qroc("1\u00a0000", "1000", qroc_format="nombre") is OK
    assert qroc("1000,0", "999\n1000", qroc_format="nombre") is OK
    assert qroc("3,6", "3.5", qroc_format="nombre") is KO


def test_qroc_only_removes_the_first_space_of_a_number() -> None:
    assert qroc("1 000 000", "1000000", qroc_format="nombre") is KO
    assert qroc("1 000 000", "1000000", qroc_format="nombre", tolerances=["t1"]) is OK  # as text


def test_qroc_compares_numbers_only_in_nombre_format() -> None:
    assert qroc("3,5", "3.5") is KO
    assert qroc("3,5", "3.5", qroc_format="mots") is KO


def test_qroc_compares_text_when_a_variant_is_not_a_number() -> None:
    assert qroc("3,5", "3.5\ntrois virgule cinq", qroc_format="nombre") is KO
    assert qroc("3.5", "3.5\ntrois virgule cinq", qroc_format="nombre") is OK
    assert qroc("Trois", "3\ntrois", qroc_format="nombre", tolerances=["t1"]) is OK


def test_a_qroc_select_needs_an_exact_match_whatever_the_tolerances() -> None:
    tolerances = ["t1", "t2", "t3"]
    assert qroc("Paris", tolerances=tolerances, select_keys=["qroc"]) is OK
    assert qroc("paris", tolerances=tolerances, select_keys=["qroc"]) is KO
    assert qroc("Pariss", tolerances=tolerances, select_keys="select") is KO
    assert qroc("paris", tolerances=tolerances) is OK


@pytest.mark.parametrize("solution", ["", None, 12])
def test_a_qroc_with_an_empty_or_non_text_solution_is_ko(solution: object) -> None:
    assert qroc("Paris", solution) is KO


# --- §5.6 QROCM-ind ------------------------------------------------------------------------------------


def test_qrocm_ind_checks_each_key_against_its_own_variants() -> None:
    result = qrocm("QROCM-ind", {"city": "Paname", "river": "Seine"}, CITIES)
    assert result == CheckResult(OK, {"city": True, "river": True})


def test_qrocm_ind_is_ko_with_details_when_one_key_is_wrong() -> None:
    result = qrocm("QROCM-ind", {"city": "Paris", "river": "Loire"}, CITIES)
    assert result == CheckResult(KO, {"city": True, "river": False})


def test_qrocm_ind_does_not_let_a_key_use_another_keys_variants() -> None:
    result = qrocm("QROCM-ind", {"city": "Seine", "river": "Paris"}, CITIES)
    assert result == CheckResult(KO, {"city": False, "river": False})


def test_qrocm_ind_applies_the_tolerances_passed_to_both_sides() -> None:
    values = {"city": " PARIS", "river": "la seine"}
    solution = "city:\n- Paris\nriver:\n- La Seine\n"
    assert qrocm("QROCM-ind", values, solution).status is KO
    assert qrocm("QROCM-ind", values, solution, tolerances=["t1"]) == CheckResult(
        OK, {"city": True, "river": True}
    )


def test_qrocm_ind_t3_applies_per_key() -> None:
    result = qrocm("QROCM-ind", {"city": "Pariss", "river": "Sane"}, CITIES, tolerances=["t3"])
    assert result == CheckResult(KO, {"city": True, "river": False})  # 1 edit over 6; 2 edits over 4
    result = qrocm("QROCM-ind", {"city": "Pariss", "river": "Sein"}, CITIES, tolerances=["t3"])
    assert result == CheckResult(OK, {"city": True, "river": True})  # 1 edit over 4 is exactly a quarter


def test_qrocm_ind_select_keys_need_an_exact_match() -> None:
    result = qrocm(
        "QROCM-ind", {"city": "paris", "river": "seine"}, CITIES, tolerances=["t1"], select_keys=["river"]
    )
    assert result == CheckResult(KO, {"city": True, "river": False})
    result = qrocm(
        "QROCM-ind", {"city": "paris", "river": "Seine"}, CITIES, tolerances=["t1"], select_keys=["river"]
    )
    assert result.status is OK


def test_qrocm_ind_an_answer_key_unknown_to_the_solution_is_wrong_not_an_error() -> None:
    result = qrocm("QROCM-ind", {"city": "Paris", "river": "Seine", "sea": "Manche"}, CITIES)
    assert result == CheckResult(KO, {"city": True, "river": True, "sea": False})


def test_qrocm_ind_a_solution_key_missing_from_the_answer_is_wrong() -> None:
    result = qrocm("QROCM-ind", {"city": "Paris"}, CITIES)
    assert result == CheckResult(KO, {"city": True, "river": False})


def test_qrocm_ind_reads_every_scalar_as_text() -> None:
    solution = "flag:\n- yes\n- 1\nnothing:\n- null\n"
    assert qrocm("QROCM-ind", {"flag": "yes", "nothing": "null"}, solution).status is OK
    assert qrocm("QROCM-ind", {"flag": "1", "nothing": "null"}, solution).status is OK
    assert (
        check_answer(challenge_type="QROCM-ind", answer="flag: yes\nnothing: ~", solution=solution).status
        is KO
    )


def test_qrocm_ind_a_nested_answer_value_is_wrong() -> None:
    result = check_answer(challenge_type="QROCM-ind", answer="city: [Paris]\nriver: Seine", solution=CITIES)
    assert result == CheckResult(KO, {"city": False, "river": True})


@pytest.mark.parametrize("answer", ["city: [Paris", "just some text", "", "- Paris\n- Seine", "{}", "\x00"])
def test_qrocm_ind_an_unreadable_answer_is_ko_for_every_key(answer: str) -> None:
    result = check_answer(challenge_type="QROCM-ind", answer=answer, solution=CITIES)
    assert result == CheckResult(KO, {"city": False, "river": False})


@pytest.mark.parametrize("challenge_type", ["QROCM-ind", "QROCM-dep"])
def test_qrocm_a_deeply_nested_answer_is_ko_not_a_crash(challenge_type: str) -> None:
    answer = "city: " + "[" * 5000 + "]" * 5000
    assert check_answer(challenge_type=challenge_type, answer=answer, solution=CITIES).status is KO


@pytest.mark.parametrize("challenge_type", ["QROCM-ind", "QROCM-dep"])
@pytest.mark.parametrize("solution", ["{city: [Paris]}", "", None])
def test_qrocm_a_solution_without_a_newline_is_ko(challenge_type: str, solution: object) -> None:
    result = check_answer(challenge_type=challenge_type, answer="city: Paris", solution=solution)
    assert result == CheckResult(KO, None)


@pytest.mark.parametrize("challenge_type", ["QROCM-ind", "QROCM-dep"])
@pytest.mark.parametrize(
    "solution",
    [
        "city: [Paris\nriver: Seine\n",  # not YAML
        "- Paris\n- Seine\n",  # not a map
        "Paris\nSeine\n",  # a scalar
        "\n",  # empty
        "city: Paris\nriver:\n- Seine\n",  # a scalar instead of a list
        "city: []\nriver:\n- Seine\n",  # no variant
        "city:\n- [Paris]\nriver:\n- Seine\n",  # a nested variant
        "city:\n  a: b\nriver:\n- Seine\n",  # a nested map
    ],
)
def test_qrocm_a_malformed_solution_is_bad_content(challenge_type: str, solution: str) -> None:
    with pytest.raises(ValueError):
        check_answer(challenge_type=challenge_type, answer="city: Paris\nriver: Seine", solution=solution)


# --- §5.7 QROCM-dep ------------------------------------------------------------------------------------


def test_qrocm_dep_accepts_answers_in_any_order() -> None:
    result = qrocm("QROCM-dep", {"a": "oiseau", "b": "matou", "c": "chien"}, ANIMALS)
    assert result == CheckResult(OK, {"a": True, "b": True, "c": True})


def test_qrocm_dep_two_identical_answers_cannot_match_the_same_group() -> None:
    result = qrocm("QROCM-dep", {"a": "chat", "b": "chat"}, ANIMALS)
    assert result == CheckResult(KO, {"a": True, "b": False})
    result = qrocm("QROCM-dep", {"a": "chat", "b": "matou"}, ANIMALS)
    assert result == CheckResult(KO, {"a": True, "b": False})


def test_qrocm_dep_each_answer_takes_the_first_free_group_that_accepts_it() -> None:
    solution = "pets:\n- chat\n- chien\nfelines:\n- chat\n"
    assert qrocm("QROCM-dep", {"a": "chien", "b": "chat"}, solution).status is OK
    # Greedy, not an optimal assignment: "chat" takes "pets", so "chien" finds no group left.
    result = qrocm("QROCM-dep", {"a": "chat", "b": "chien"}, solution)
    assert result == CheckResult(KO, {"a": True, "b": False})


def test_qrocm_dep_may_ask_for_fewer_answers_than_groups() -> None:
    assert qrocm("QROCM-dep", {"a": "chien", "b": "chat"}, ANIMALS).status is OK


def test_qrocm_dep_applies_the_tolerances_passed() -> None:
    values = {"a": "CHIEN", "b": "Matous"}
    assert qrocm("QROCM-dep", values, ANIMALS).status is KO
    assert qrocm("QROCM-dep", values, ANIMALS, tolerances=["t1"]).details == {"a": True, "b": False}
    assert qrocm("QROCM-dep", values, ANIMALS, tolerances=["t1", "t3"]).status is OK


@pytest.mark.parametrize("answer", ["", "{}", "a: [chat", "chat", "- chat\n- chien"])
def test_qrocm_dep_an_empty_or_unreadable_answer_is_ko(answer: str) -> None:
    assert check_answer(challenge_type="QROCM-dep", answer=answer, solution=ANIMALS) == CheckResult(KO, {})


def test_qrocm_dep_correction_gives_an_example_for_each_unmatched_group() -> None:
    answer = build_qrocm_answer({"a": "matou", "b": "matou", "c": "oiseau"})
    assert qrocm_dep_correction(answer=answer, solution=ANIMALS) == (
        {"a": True, "b": False, "c": True},
        ["chien"],
    )


def test_qrocm_dep_correction_examples_are_the_first_variant_as_written() -> None:
    solution = "cat:\n- Chat\n- matou\ndog:\n- Chien\n"
    answer = build_qrocm_answer({"a": "dragon", "b": "CHIEN"})
    evaluation, examples = qrocm_dep_correction(answer=answer, solution=solution, tolerances=["t1"])
    assert evaluation == {"a": False, "b": True}
    assert examples == ["Chat"]


def test_qrocm_dep_correction_gives_no_example_when_every_answer_is_right() -> None:
    answer = build_qrocm_answer({"a": "chien", "b": "chat"})
    assert qrocm_dep_correction(answer=answer, solution=ANIMALS) == ({"a": True, "b": True}, [])


def test_qrocm_dep_correction_of_an_unreadable_answer_shows_every_group() -> None:
    assert qrocm_dep_correction(answer="a: [", solution=ANIMALS) == ({}, ["chat", "chien", "oiseau"])


def test_qrocm_dep_correction_rejects_a_malformed_solution() -> None:
    with pytest.raises(ValueError):
        qrocm_dep_correction(answer="a: chat", solution="- chat\n- chien\n")


# --- building QROCM answers ----------------------------------------------------------------------------

TRICKY_VALUES = [
    "yes", "no", "null", "~", "1", "0x1F", "1e3", "true", "- x", ": y", "#", "# comment", "a # b", "a: b",
    "", " ", " lead", "trail ", "two\nlines", "\r\n", "\t", '"', "'", "\\", "\\n", "{a: b}", "[1, 2]",
    "&anchor", "*alias", "!tag", "!!str", "%YAML", "@", "`", "|", ">", "---", "...", "?", "\u2028", "\u2029",
    "\x85", "\x00", "\x1b", "\x7f", "\ufeff", "\ud800", "\u00e9t\u00e9", "\U0001f600", "\u00a0",
]  # fmt: skip


@pytest.mark.parametrize("value", TRICKY_VALUES)
def test_a_qrocm_answer_reads_back_as_the_same_strings(value: str) -> None:
    values = {"field": value, value: "key", "other": value}
    assert yaml.load(build_qrocm_answer(values), Loader=yaml.BaseLoader) == values


def test_a_qrocm_answer_keeps_the_order_of_the_fields() -> None:
    text = build_qrocm_answer({"b": "1", "a": "2"})
    assert list(yaml.load(text, Loader=yaml.BaseLoader)) == ["b", "a"]


def test_an_empty_qrocm_answer_reads_back_as_an_empty_map() -> None:
    assert yaml.load(build_qrocm_answer({}), Loader=yaml.BaseLoader) == {}


def test_a_qrocm_answer_needs_text_values() -> None:
    with pytest.raises(TypeError):
        build_qrocm_answer({"a": 1})  # type: ignore[dict-item]


def test_a_tricky_value_is_checked_as_typed() -> None:
    solution = "a:\n- '- x'\nb:\n- '#'\n"
    assert qrocm("QROCM-ind", {"a": "- x", "b": "#"}, solution).status is OK
