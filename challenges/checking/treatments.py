"""String treatments used to compare free-text answers with accepted variants (pix-engine.md §5.2).

T1 = whitespace, case and accents; T2 = punctuation; T3 = edit distance (a comparison, not a transform).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

T1 = "t1"
T2 = "t2"
T3 = "t3"
ALL_TOLERANCES: frozenset[str] = frozenset({T1, T2, T3})

# Accepted when levenshtein(answer, reference) / len(answer) <= 1/4.
MAX_LEVENSHTEIN_RATIO = 0.25

_COMBINING_MARKS = re.compile("[\u0300-\u036f]")
# \ufeff is whitespace for JavaScript (the reference) but not for Python's \s.
_WHITESPACE = re.compile(r"[\s\ufeff]")
_NOT_ALNUM_OR_SPACE = re.compile(r"[^a-zA-Z0-9 ]+")
_SPACE_RUNS = re.compile(r"\s{2,}")
# ASCII digits only: float() would also take "1_000", "nan", "inf" or non-Latin digits.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def normalise_tolerances(tolerances: Iterable[str]) -> frozenset[str]:
    """Return the enabled tolerances as a set of "t1"/"t2"/"t3"; raise ValueError on anything else."""
    if isinstance(tolerances, str):
        raise ValueError(f"tolerances must be a collection of names, not the string {tolerances!r}")
    enabled: set[str] = set()
    for tolerance in tolerances:
        name = tolerance.strip().lower() if isinstance(tolerance, str) else tolerance
        if name not in ALL_TOLERANCES:
            raise ValueError(f"unknown tolerance {tolerance!r} (expected t1, t2 or t3)")
        enabled.add(name)
    return frozenset(enabled)


def pretreat(text: str) -> str:
    """Unicode NFC, then no-break spaces become plain spaces. Always applied before comparing."""
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ")


def t1(text: str) -> str:
    """Trim, lower-case, drop accents (NFD then remove U+0300–U+036F), then remove every whitespace."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower())
    return _WHITESPACE.sub("", _COMBINING_MARKS.sub("", decomposed))


def t2(text: str) -> str:
    """Keep only ASCII letters, digits and spaces, then collapse runs of whitespace into one space."""
    return _SPACE_RUNS.sub(" ", _NOT_ALNUM_OR_SPACE.sub("", text))


_TRANSFORMS = {T1: t1, T2: t2}


def apply_treatments(text: str, tolerances: frozenset[str]) -> str:
    """Pre-treat, then apply the enabled string transforms in sorted order (t1 before t2)."""
    result = pretreat(text)
    for name in sorted(tolerances):
        transform = _TRANSFORMS.get(name)
        if transform is not None:
            result = transform(result)
    return result


def parse_number(text: str) -> float | None:
    """Read a decimal number the way a French learner types it, or return None.

    Surrounding whitespace is ignored, then only the first space is removed and only the first comma
    becomes a dot: "3,5" is 3.5 and "1 000" is 1000, but "1 000 000" is not a number.
    """
    candidate = text.strip().replace(" ", "", 1).replace(",", ".", 1)
    if not _DECIMAL.fullmatch(candidate):
        return None
    number = float(candidate)
    return number if math.isfinite(number) else None


def levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance (insertions, deletions, substitutions), by code point.

    With a `limit`, stop as soon as the distance is known to exceed it and return limit + 1.
    """
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a) if limit is None else min(len(a), limit + 1)
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (char_a != char_b),
                )
            )
        # Row minima never decrease, so once one exceeds the limit the final distance does too.
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1] if limit is None else min(previous[-1], limit + 1)


def levenshtein_ratio(answer: str, reference: str) -> float:
    """Edit distance divided by the length of the answer (not of the reference)."""
    if not answer:
        return 0.0 if not reference else float("inf")
    return levenshtein(answer, reference) / len(answer)


def _is_close_enough(answer: str, reference: str) -> bool:
    if not answer:
        return not reference
    # Compare whole edit counts: 0.25 is exact in binary, so this floor loses nothing.
    max_distance = math.floor(len(answer) * MAX_LEVENSHTEIN_RATIO)
    # The distance is at least the difference of lengths: skip the quadratic work when it is already too far.
    if abs(len(answer) - len(reference)) > max_distance:
        return False
    return levenshtein(answer, reference, limit=max_distance) <= max_distance


def is_close_enough_to_one_of(answer: str, references: Sequence[str]) -> bool:
    """True when the smallest Levenshtein ratio to a reference is at most 0.25."""
    return any(_is_close_enough(answer, reference) for reference in references)


def matches_one_of(answer: str, variants: Sequence[str], tolerances: frozenset[str]) -> bool:
    """Treat the answer and every variant alike, then compare: exact, or Levenshtein ratio with t3."""
    treated_answer = apply_treatments(answer, tolerances)
    treated_variants = [apply_treatments(variant, tolerances) for variant in variants]
    if T3 in tolerances:
        return is_close_enough_to_one_of(treated_answer, treated_variants)
    return treated_answer in treated_variants
