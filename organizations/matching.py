"""Name matching for reconciliation (pix-orga-learner.md §1.5): pure Python, no Django.

A person types their first name, last name and birthdate; we look for the one imported learner they
are. Names are compared after removing accents, case, spaces and punctuation, first exactly ("strict
pass"), then allowing a few typos ("tolerant pass": Levenshtein distance ÷ length of what was typed
≤ 0.25). The typed first name may be the learner's first, second or third first name, the typed last
name their family or usage name. A match counts only when exactly one learner fits.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

STRICT_RATIO = 0.0
TOLERANT_RATIO = 0.25
FIRST_NAME_FIELDS = ("first_name", "middle_name", "third_name")
LAST_NAME_FIELDS = ("last_name", "preferred_last_name")


@dataclass(frozen=True)
class Candidate:
    id: int
    first_name: str
    last_name: str
    middle_name: str = ""
    third_name: str = ""
    preferred_last_name: str = ""


def normalize(text: str) -> str:
    """'Éléonore-Marie d'Arc' → 'eleonoremariedarc'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


def levenshtein(a: str, b: str) -> int:
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def close_enough(typed: str, reference: str, ratio: float) -> bool:
    """Both already normalized. An empty reference never matches (an absent second first name)."""
    if not typed or not reference:
        return False
    if ratio == STRICT_RATIO:
        return typed == reference
    return levenshtein(typed, reference) / len(typed) <= ratio


def _matches(candidate: Candidate, first_field: str, first: str, last: str, ratio: float) -> bool:
    if not close_enough(first, normalize(getattr(candidate, first_field)), ratio):
        return False
    return any(close_enough(last, normalize(getattr(candidate, field)), ratio) for field in LAST_NAME_FIELDS)


def _match_with_ratio(candidates: Sequence[Candidate], first: str, last: str, ratio: float) -> int | None:
    for first_field in FIRST_NAME_FIELDS:
        found = [c for c in candidates if _matches(c, first_field, first, last, ratio)]
        if len(found) == 1:
            return found[0].id
    return None


def find_match(candidates: Sequence[Candidate], *, first_name: str, last_name: str) -> int | None:
    """The id of the one candidate these names designate, strict pass first, then tolerant; else None."""
    first, last = normalize(first_name), normalize(last_name)
    if not first or not last:
        return None
    return _match_with_ratio(candidates, first, last, STRICT_RATIO) or _match_with_ratio(
        candidates, first, last, TOLERANT_RATIO
    )


def obfuscate_email(email: str) -> str:
    """'jeanne.dupont@example.org' → 'j***@example.org'."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def obfuscate_username(username: str) -> str:
    """'jeanne.dupont0712' → 'j***.d***0712'."""
    head, dot, tail = username.partition(".")
    if not dot:
        return f"{username[:1]}***"
    digits = ""
    while tail and tail[-1].isdigit():
        digits = tail[-1] + digits
        tail = tail[:-1]
    return f"{head[:1]}***.{tail[:1]}***{digits}"
