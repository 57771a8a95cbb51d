"""Answer checking per challenge type (pix-engine.md §4.1, §4.3 steps 1–3, §5).

Pure Python: no Django here, so the rules can be read and tested alone.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import yaml

from challenges.checking.treatments import matches_one_of, normalise_tolerances, parse_number, pretreat

SKIP_VALUE = "#ABAND#"

QCU = "QCU"
QCM = "QCM"
QROC = "QROC"
QROCM_IND = "QROCM-ind"
QROCM_DEP = "QROCM-dep"
NUMBER_FORMAT = "nombre"

_NO_TOLERANCE: frozenset[str] = frozenset()


class AnswerStatus(StrEnum):
    """Stored result of an answer (§4.1)."""

    OK = "ok"
    KO = "ko"
    SKIPPED = "aband"
    TIMEDOUT = "timedout"
    FOCUSEDOUT = "focusedOut"
    PARTIALLY = "partially"
    UNIMPLEMENTED = "unimplemented"


@dataclass(frozen=True)
class CheckResult:
    """Outcome of checking one answer; `details` holds per-field results for QROCM, else None."""

    status: AnswerStatus
    details: dict[str, bool] | None = None


def check_answer(
    *,
    challenge_type: str,
    answer: object,
    solution: str,
    tolerances: Iterable[str] = (),
    qroc_format: str | None = None,
    select_keys: Collection[str] = (),
    timed_out: bool = False,
) -> CheckResult:
    """Check an answer against a challenge's solution: skip, type validator, then the timer (§4.3 steps 1–3).

    Raises ValueError when the content itself is unusable (unknown tolerance, unreadable QROCM solution…);
    never because of what the learner typed.
    """
    if isinstance(answer, str) and answer == SKIP_VALUE:
        return CheckResult(AnswerStatus.SKIPPED)
    validator = _VALIDATORS.get(challenge_type)
    if validator is None:
        return CheckResult(AnswerStatus.UNIMPLEMENTED)
    rules = _Rules(normalise_tolerances(tolerances), qroc_format, _as_key_set(select_keys))
    result = validator(answer, solution, rules)
    if result.status is AnswerStatus.OK and timed_out:
        return CheckResult(AnswerStatus.TIMEDOUT, result.details)
    return result


def build_qrocm_answer(values: Mapping[str, str]) -> str:
    """Serialise form values as a YAML map, every key and value double-quoted so it reads back verbatim."""
    lines = []
    for key, value in values.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"QROCM keys and values must be strings, got {key!r}: {value!r}")
        lines.append(f"{_quote(key)}: {_quote(value)}")
    # An empty document would read back as null, not as an empty map.
    return "\n".join(lines) if lines else "{}"


def qrocm_dep_correction(
    *, answer: str, solution: str, tolerances: Iterable[str] = ()
) -> tuple[dict[str, bool], list[str]]:
    """Per-answer-key results, and the first variant of each solution group left unmatched (§5.7 getCorrection).

    The examples are empty only when the answer is correct.
    """
    enabled = normalise_tolerances(tolerances)
    groups = _load_solution_groups(solution, QROCM_DEP)
    answers = _load_answer_map(answer) or {}
    if "\n" in solution:
        evaluation, unmatched = _match_dependent(answers, groups, enabled)
    else:  # check_answer calls such a solution KO: stay consistent with it
        evaluation, unmatched = dict.fromkeys(answers, False), list(groups)
    if evaluation and all(evaluation.values()):
        return evaluation, []
    return evaluation, [groups[key][0] for key in unmatched]


# --- validators ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    """How a challenge wants its answers compared."""

    tolerances: frozenset[str]
    qroc_format: str | None
    select_keys: frozenset[str]


def _check_qcu(answer: object, solution: object, rules: _Rules) -> CheckResult:
    expected = _text_solution(solution, QCU)
    return CheckResult(_verdict(isinstance(answer, str) and answer == expected))


def _check_qcm(answer: object, solution: object, rules: _Rules) -> CheckResult:
    expected = _csv_items(_text_solution(solution, QCM))
    if "" in expected:
        raise ValueError(f"QCM solution {solution!r} has an empty item")
    return CheckResult(_verdict(isinstance(answer, str) and _csv_items(answer) == expected))


def _check_qroc(answer: object, solution: object, rules: _Rules) -> CheckResult:
    if not isinstance(answer, str) or not isinstance(solution, str) or not solution:
        return CheckResult(AnswerStatus.KO)
    # Blank lines are dropped too: under t1 a line of spaces would otherwise accept an empty answer.
    variants = [line for line in solution.split("\n") if line.strip()]
    if rules.qroc_format == NUMBER_FORMAT:
        number = parse_number(pretreat(answer))
        accepted_numbers = [parse_number(pretreat(variant)) for variant in variants]
        if number is not None and None not in accepted_numbers:
            return CheckResult(_verdict(number in accepted_numbers))
    enabled = _NO_TOLERANCE if rules.select_keys else rules.tolerances
    return CheckResult(_verdict(matches_one_of(answer, variants, enabled)))


def _check_qrocm_ind(answer: object, solution: object, rules: _Rules) -> CheckResult:
    if not isinstance(solution, str) or "\n" not in solution:
        return CheckResult(AnswerStatus.KO)
    groups = _load_solution_groups(solution, QROCM_IND)
    answers = _load_answer_map(answer)
    if answers is None:
        return CheckResult(AnswerStatus.KO, dict.fromkeys(groups, False))
    details: dict[str, bool] = {}
    for key, variants in groups.items():
        value = answers.get(key)
        enabled = _NO_TOLERANCE if key in rules.select_keys else rules.tolerances
        details[key] = isinstance(value, str) and matches_one_of(value, variants, enabled)
    # A field the solution does not know cannot be right (the reference raises on it instead).
    for key in answers:
        details.setdefault(key, False)
    return CheckResult(_verdict(all(details.values())), details)


def _check_qrocm_dep(answer: object, solution: object, rules: _Rules) -> CheckResult:
    if not isinstance(solution, str) or "\n" not in solution:
        return CheckResult(AnswerStatus.KO)
    groups = _load_solution_groups(solution, QROCM_DEP)
    answers = _load_answer_map(answer)
    # An empty map would otherwise match "all zero" of its answers and pass.
    if not answers:
        return CheckResult(AnswerStatus.KO, {})
    evaluation, _ = _match_dependent(answers, groups, rules.tolerances)
    return CheckResult(_verdict(all(evaluation.values())), evaluation)


_Validator = Callable[[object, object, _Rules], CheckResult]

_VALIDATORS: dict[str, _Validator] = {
    QCU: _check_qcu,
    QCM: _check_qcm,
    QROC: _check_qroc,
    QROCM_IND: _check_qrocm_ind,
    QROCM_DEP: _check_qrocm_dep,
}


# --- helpers ------------------------------------------------------------------------------------------


def _verdict(is_correct: bool) -> AnswerStatus:
    return AnswerStatus.OK if is_correct else AnswerStatus.KO


def _as_key_set(select_keys: Collection[str]) -> frozenset[str]:
    if isinstance(select_keys, str):
        return frozenset({select_keys}) if select_keys else frozenset()
    return frozenset(select_keys)


def _text_solution(solution: object, challenge_type: str) -> str:
    if not isinstance(solution, str) or not solution.strip():
        raise ValueError(f"{challenge_type} solution must be a non-empty string, got {solution!r}")
    return solution


def _csv_items(value: str) -> list[str]:
    return sorted(item.strip() for item in value.split(","))


def _load_yaml(text: str) -> object:
    # BaseLoader is YAML's failsafe schema: every scalar stays a string ("yes", "1", "null" included).
    return yaml.load(text, Loader=yaml.BaseLoader)


def _load_answer_map(answer: object) -> dict[str, object] | None:
    """The learner's QROCM answer as a map, or None when it is not one (then it is simply wrong)."""
    if not isinstance(answer, str) or not answer:
        return None
    try:
        data = _load_yaml(answer)
    except (yaml.YAMLError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _load_solution_groups(solution: object, challenge_type: str) -> dict[str, list[str]]:
    """A QROCM solution as {key: [variant, ...]}; raise ValueError when the content is malformed."""
    if not isinstance(solution, str):
        raise ValueError(f"{challenge_type} solution must be a string, got {solution!r}")
    try:
        data = _load_yaml(solution)
    except (yaml.YAMLError, RecursionError) as error:
        raise ValueError(f"{challenge_type} solution is not valid YAML: {error}") from error
    if not isinstance(data, dict) or not data:
        raise ValueError(f"{challenge_type} solution must be a non-empty YAML map of key: list of variants")
    groups: dict[str, list[str]] = {}
    for key, variants in data.items():
        if not isinstance(variants, list) or not variants or not all(isinstance(v, str) for v in variants):
            raise ValueError(
                f"{challenge_type} solution key {key!r} must hold a non-empty list of text variants, got {variants!r}"
            )
        groups[key] = variants
    return groups


def _match_dependent(
    answers: Mapping[str, object], groups: Mapping[str, list[str]], tolerances: frozenset[str]
) -> tuple[dict[str, bool], list[str]]:
    """Greedy matching: each answer, in order, consumes the first free group that accepts it.

    Returns the result per answer key and the keys of the groups left unmatched.
    """
    remaining = list(groups)
    evaluation: dict[str, bool] = {}
    for key, value in answers.items():
        matched = None
        if isinstance(value, str):
            matched = next(
                (group for group in remaining if matches_one_of(value, groups[group], tolerances)),
                None,
            )
        if matched is not None:
            remaining.remove(matched)
        evaluation[key] = matched is not None
    return evaluation, remaining


# Characters PyYAML will not read literally (non-printable, surrogates) or would take as line breaks.
def _needs_hex_escape(char: str) -> bool:
    code = ord(char)
    return (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF)
    )


_SIMPLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`."""
    parts = ['"']
    for char in text:
        if char in _SIMPLE_ESCAPES:
            parts.append(_SIMPLE_ESCAPES[char])
        elif _needs_hex_escape(char):
            code = ord(char)
            parts.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}")
        else:
            parts.append(char)
    parts.append('"')
    return "".join(parts)
