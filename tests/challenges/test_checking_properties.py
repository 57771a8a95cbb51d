"""Property tests of answer checking (pix-engine.md §5): the tolerances do what they promise, and only that."""

from __future__ import annotations

import string
import unicodedata

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from challenges.checking import (
    SKIP_VALUE,
    AnswerStatus,
    CheckResult,
    build_qrocm_answer,
    check_answer,
    qrocm_dep_correction,
)
from challenges.checking.treatments import levenshtein, levenshtein_ratio, pretreat

OK = AnswerStatus.OK
KO = AnswerStatus.KO

relaxed = settings(deadline=None)

tolerance_sets = st.sets(st.sampled_from(["t1", "t2", "t3"]))
qroc_formats = st.sampled_from([None, "mots", "phrase", "paragraphe", "nombre"])
alphanumeric_words = st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=10)
phrases = st.lists(alphanumeric_words, min_size=1, max_size=4).map(" ".join)
# One line of real text: no "\n" (it separates QROC variants), not blank (blank lines are dropped), not a skip.
variant_texts = st.text(min_size=1, max_size=20).filter(
    lambda text: "\n" not in text and text.strip() != "" and text != SKIP_VALUE
)
field_keys = st.text(alphabet=string.ascii_lowercase + string.digits + "_-", min_size=1, max_size=8)
COMBINING_MARKS = [chr(code) for code in range(0x300, 0x370)]
WHITESPACE = [" ", "  ", "\t", "\n", "\u00a0", "\r\n"]
PUNCTUATION = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + [
    "\u00ab",
    "\u00bb",
    "\u00bf",
    "\u00a1",
    "\u2026",
    "\u2019",
]


def qroc(
    answer: object, solution: str, tolerances: set[str] | frozenset[str] = frozenset(), **options: object
) -> AnswerStatus:
    return check_answer(
        challenge_type="QROC", answer=answer, solution=solution, tolerances=tolerances, **options
    ).status


def solution_yaml(groups: dict[str, list[str]]) -> str:
    text = yaml.safe_dump(groups, allow_unicode=True, sort_keys=False, default_flow_style=False)
    assume(yaml.load(text, Loader=yaml.BaseLoader) == groups)
    return text


qrocm_groups = st.dictionaries(
    field_keys, st.lists(variant_texts, min_size=1, max_size=3), min_size=1, max_size=4
)


@st.composite
def t1_variants(draw: st.DrawFn) -> tuple[str, str]:
    """A word, and the same word with case, accent or whitespace changes that really change it."""
    word = draw(st.text(alphabet=string.ascii_letters, min_size=1, max_size=12))
    pieces = []
    for letter in word:
        if draw(st.booleans()):
            letter = letter.swapcase()
        if draw(st.booleans()):
            letter += "".join(draw(st.lists(st.sampled_from(COMBINING_MARKS), min_size=1, max_size=2)))
        if draw(st.booleans()):
            letter += draw(st.sampled_from(WHITESPACE))
        pieces.append(letter)
    variant = draw(st.sampled_from(["", " ", "\t"])) + "".join(pieces)
    assume(pretreat(variant) != pretreat(word))
    return word, variant


@st.composite
def punctuated(draw: st.DrawFn) -> tuple[str, str]:
    """A phrase of words, and the same phrase with punctuation inserted anywhere."""
    phrase = draw(phrases)
    characters = list(phrase)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        position = draw(st.integers(min_value=0, max_value=len(characters)))
        characters.insert(position, draw(st.sampled_from(PUNCTUATION)))
    return phrase, "".join(characters)


@st.composite
def typos(draw: st.DrawFn) -> tuple[str, str]:
    """A long enough lower-case word, and the word with one substitution, insertion or deletion."""
    word = draw(st.text(alphabet=string.ascii_lowercase, min_size=8, max_size=20))
    position = draw(st.integers(min_value=0, max_value=len(word) - 1))
    kind = draw(st.sampled_from(["substitution", "insertion", "deletion"]))
    if kind == "deletion":
        return word, word[:position] + word[position + 1 :]
    letter = draw(st.sampled_from(string.ascii_lowercase))
    if kind == "insertion":
        return word, word[:position] + letter + word[position:]
    assume(letter != word[position])
    return word, word[:position] + letter + word[position + 1 :]


# --- every accepted variant is accepted ----------------------------------------------------------------


@relaxed
@given(
    st.lists(variant_texts, min_size=1, max_size=4), st.data(), tolerance_sets, qroc_formats, st.booleans()
)
def test_every_qroc_variant_is_accepted_whatever_the_tolerances(
    variants: list[str], data: st.DataObject, tolerances: set[str], qroc_format: str | None, select: bool
) -> None:
    answer = data.draw(st.sampled_from(variants))
    select_keys = ["qroc"] if select else []
    status = qroc(answer, "\n".join(variants), tolerances, qroc_format=qroc_format, select_keys=select_keys)
    assert status is OK


@relaxed
@given(qrocm_groups, st.data(), tolerance_sets)
def test_every_qrocm_ind_variant_is_accepted_whatever_the_tolerances(
    groups: dict[str, list[str]], data: st.DataObject, tolerances: set[str]
) -> None:
    values = {key: data.draw(st.sampled_from(variants)) for key, variants in groups.items()}
    select_keys = data.draw(st.sets(st.sampled_from(list(groups))))
    result = check_answer(
        challenge_type="QROCM-ind",
        answer=build_qrocm_answer(values),
        solution=solution_yaml(groups),
        tolerances=tolerances,
        select_keys=select_keys,
    )
    assert result == CheckResult(OK, dict.fromkeys(groups, True))


@relaxed
@given(qrocm_groups, st.data(), tolerance_sets)
def test_one_variant_of_each_qrocm_dep_group_in_order_is_accepted(
    groups: dict[str, list[str]], data: st.DataObject, tolerances: set[str]
) -> None:
    count = data.draw(st.integers(min_value=1, max_value=len(groups)))
    chosen = [data.draw(st.sampled_from(variants)) for variants in list(groups.values())[:count]]
    values = {f"input{index}": value for index, value in enumerate(chosen)}
    answer = build_qrocm_answer(values)
    solution = solution_yaml(groups)
    result = check_answer(challenge_type="QROCM-dep", answer=answer, solution=solution, tolerances=tolerances)
    assert result == CheckResult(OK, dict.fromkeys(values, True))
    assert qrocm_dep_correction(answer=answer, solution=solution, tolerances=tolerances) == (
        result.details,
        [],
    )


@relaxed
@given(
    st.lists(
        st.text(alphabet=string.ascii_lowercase, min_size=3, max_size=8), min_size=1, max_size=4, unique=True
    ),
    st.data(),
)
def test_distinct_qrocm_dep_answers_are_accepted_in_any_order(words: list[str], data: st.DataObject) -> None:
    groups = {f"group{index}": [word] for index, word in enumerate(words)}
    shuffled = data.draw(st.permutations(words))
    values = {f"input{index}": word for index, word in enumerate(shuffled)}
    result = check_answer(
        challenge_type="QROCM-dep", answer=build_qrocm_answer(values), solution=solution_yaml(groups)
    )
    assert result.status is OK


# --- each tolerance forgives its own kind of difference, and only with it -------------------------------


@relaxed
@given(t1_variants(), st.sets(st.sampled_from(["t2", "t3"])))
def test_case_accents_and_whitespace_pass_with_t1_and_fail_without(
    pair: tuple[str, str], others: set[str]
) -> None:
    word, variant = pair
    assert qroc(variant, word, {"t1"} | others) is OK
    assert qroc(variant, word, set()) is KO


@relaxed
@given(t1_variants())
def test_case_accent_and_whitespace_changes_of_the_solution_match_under_t1(pair: tuple[str, str]) -> None:
    word, variant = pair
    assume("\n" not in variant)  # a new line would split the solution into two variants
    assert qroc(word, variant, {"t1"}) is OK
    assert qroc(variant, variant, {"t1"}) is OK


@relaxed
@given(punctuated())
def test_punctuation_passes_with_t2_and_fails_without(pair: tuple[str, str]) -> None:
    phrase, variant = pair
    assert qroc(variant, phrase, {"t2"}) is OK
    assert qroc(variant, phrase, {"t1", "t2"}) is OK
    assert qroc(variant, phrase, set()) is KO
    assert qroc(variant, phrase, {"t1"}) is KO


@relaxed
@given(typos())
def test_one_typo_in_a_long_word_passes_with_t3_and_fails_without(pair: tuple[str, str]) -> None:
    word, typo = pair
    assert qroc(typo, word, {"t3"}) is OK
    assert qroc(typo, word, {"t1", "t2", "t3"}) is OK
    assert qroc(typo, word, set()) is KO
    assert qroc(typo, word, {"t1", "t2"}) is KO


@relaxed
@given(typos(), st.data())
def test_t3_also_forgives_a_typo_in_one_qrocm_field(pair: tuple[str, str], data: st.DataObject) -> None:
    word, typo = pair
    solution = solution_yaml({"field": [word], "other": ["x"]})
    values = {"field": typo, "other": "x"}
    assert (
        check_answer(
            challenge_type="QROCM-ind",
            answer=build_qrocm_answer(values),
            solution=solution,
            tolerances=["t3"],
        ).status
        is OK
    )
    assert (
        check_answer(challenge_type="QROCM-ind", answer=build_qrocm_answer(values), solution=solution).status
        is KO
    )


# --- QCM and QCU ---------------------------------------------------------------------------------------

qcm_items = st.lists(alphanumeric_words.map(lambda word: word[:3]), min_size=1, max_size=6)
paddings = st.sampled_from(["", " ", "  ", "\t", "\u00a0"])


@relaxed
@given(qcm_items, st.data())
def test_qcm_order_and_spacing_never_matter(items: list[str], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(items))
    answer = ",".join(data.draw(paddings) + item + data.draw(paddings) for item in shuffled)
    assert check_answer(challenge_type="QCM", answer=answer, solution=",".join(items)).status is OK


@relaxed
@given(qcm_items.filter(lambda items: len(items) > 1), st.data())
def test_qcm_missing_one_choice_is_ko(items: list[str], data: st.DataObject) -> None:
    missing = data.draw(st.integers(min_value=0, max_value=len(items) - 1))
    answer = ",".join(items[:missing] + items[missing + 1 :])
    assert check_answer(challenge_type="QCM", answer=answer, solution=",".join(items)).status is KO


@relaxed
@given(st.text(), st.text().filter(str.strip), tolerance_sets)
def test_qcu_is_ok_exactly_when_the_strings_are_equal(
    answer: str, solution: str, tolerances: set[str]
) -> None:
    assume(answer != SKIP_VALUE)
    status = check_answer(
        challenge_type="QCU", answer=answer, solution=solution, tolerances=tolerances
    ).status
    assert (status is OK) == (answer == solution)


@relaxed
@given(st.text().filter(str.strip), tolerance_sets)
def test_qcu_refuses_any_other_spelling_of_the_solution(solution: str, tolerances: set[str]) -> None:
    for other in {
        solution.upper(),
        solution.lower(),
        f" {solution}",
        f"{solution} ",
        unicodedata.normalize("NFD", solution),
    }:
        status = check_answer(
            challenge_type="QCU", answer=other, solution=solution, tolerances=tolerances
        ).status
        assert (status is OK) == (other == solution)


# --- robustness ----------------------------------------------------------------------------------------

SOLUTIONS = {
    "QCU": "2",
    "QCM": "1,3",
    "QROC": "Paris\n3,5\n",
    "QROCM-ind": "city:\n- Paris\nriver:\n- Seine\n",
    "QROCM-dep": "cat:\n- chat\ndog:\n- chien\n",
    "embed": "anything",
}
yaml_like_text = st.lists(
    st.sampled_from(["city", "river", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "\n", "  ", "\t", "&a", "*a",
                     "!!str", "!x", "#", "'", '"', "\\", "?", "|", ">", "---", "...", "%YAML 1.1", "Paris", "\x00", "\ufeff"]),
    max_size=30,
).map("".join)  # fmt: skip
arbitrary_answers = st.one_of(
    st.text(),
    yaml_like_text,
    st.none(),
    st.integers(),
    st.floats(),
    st.lists(st.text(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)


@relaxed
@given(
    st.sampled_from(list(SOLUTIONS)),
    arbitrary_answers,
    tolerance_sets,
    qroc_formats,
    st.sets(st.sampled_from(["city", "river", "qroc"])),
    st.booleans(),
)
def test_the_checker_never_raises_on_any_answer(
    challenge_type: str,
    answer: object,
    tolerances: set[str],
    qroc_format: str | None,
    select_keys: set[str],
    timed_out: bool,
) -> None:
    result = check_answer(
        challenge_type=challenge_type,
        answer=answer,
        solution=SOLUTIONS[challenge_type],
        tolerances=tolerances,
        qroc_format=qroc_format,
        select_keys=select_keys,
        timed_out=timed_out,
    )
    assert isinstance(result, CheckResult)
    assert result.status in set(AnswerStatus)


@relaxed
@given(st.one_of(st.text(), yaml_like_text), tolerance_sets)
def test_the_qrocm_dep_correction_never_raises_on_any_answer(answer: str, tolerances: set[str]) -> None:
    evaluation, examples = qrocm_dep_correction(
        answer=answer, solution=SOLUTIONS["QROCM-dep"], tolerances=tolerances
    )
    assert all(isinstance(value, bool) for value in evaluation.values())
    assert set(examples) <= {"chat", "chien"}


@relaxed
@given(
    st.sampled_from(list(SOLUTIONS)),
    st.one_of(st.text(), yaml_like_text),
    st.lists(st.sampled_from(["t1", "t2", "t3"])),
    qroc_formats,
)
def test_results_are_deterministic_and_ignore_the_order_of_tolerances(
    challenge_type: str, answer: str, tolerances: list[str], qroc_format: str | None
) -> None:
    def run(enabled: list[str]) -> CheckResult:
        return check_answer(
            challenge_type=challenge_type,
            answer=answer,
            solution=SOLUTIONS[challenge_type],
            tolerances=enabled,
            qroc_format=qroc_format,
        )

    assert run(tolerances) == run(tolerances) == run(list(reversed(tolerances)))


@relaxed
@given(
    st.dictionaries(
        st.text(st.characters(exclude_categories=[])), st.text(st.characters(exclude_categories=[]))
    )
)
def test_a_built_qrocm_answer_reads_back_as_the_same_strings(values: dict[str, str]) -> None:
    assert yaml.load(build_qrocm_answer(values), Loader=yaml.BaseLoader) == values


@relaxed
@given(
    st.text(alphabet="abcde ", max_size=12),
    st.text(alphabet="abcde ", max_size=12),
    st.integers(min_value=0, max_value=6),
)
def test_a_limited_levenshtein_agrees_with_the_full_one(a: str, b: str, limit: int) -> None:
    assert levenshtein(a, b, limit=limit) == min(levenshtein(a, b), limit + 1)


@relaxed
@given(
    st.text(alphabet="abcde", max_size=12),
    st.lists(st.text(alphabet="abcde", min_size=1, max_size=12), min_size=1, max_size=3),
)
def test_t3_accepts_exactly_when_the_smallest_ratio_is_at_most_a_quarter(
    answer: str, variants: list[str]
) -> None:
    expected = min(levenshtein_ratio(answer, variant) for variant in variants) <= 0.25
    assert (qroc(answer, "\n".join(variants), {"t3"}) is OK) == expected
