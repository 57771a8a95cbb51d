"""The codes of a session (pix-certif.md §2.3): the candidates' access code and the invigilator password."""

from __future__ import annotations

import secrets

ACCESS_CODE_LETTERS = "BCDFGHJKMPQRTVWXY"
ACCESS_CODE_DIGITS = "2346789"
INVIGILATOR_PASSWORD_ALPHABET = "23456789bcdfghjkmpqrstvwxyBCDFGHJKMPQRSTVWXY!*?"
INVIGILATOR_PASSWORD_LENGTH = 6


def generate_access_code() -> str:
    """Four letters then two digits, e.g. `BCDF23`, without vowels, L, N, S, Z, 0, 1 or 5."""
    letters = "".join(secrets.choice(ACCESS_CODE_LETTERS) for _ in range(4))
    digits = "".join(secrets.choice(ACCESS_CODE_DIGITS) for _ in range(2))
    return letters + digits


def generate_invigilator_password() -> str:
    """Six distinct characters of the alphabet (Pix draws them by a partial shuffle: none repeats)."""
    return "".join(secrets.SystemRandom().sample(INVIGILATOR_PASSWORD_ALPHABET, INVIGILATOR_PASSWORD_LENGTH))


VERIFICATION_CODE_ALPHABET = "2346789BCDFGHJKMPQRTVWXY"
VERIFICATION_CODE_PATTERN = r"^P-[2346789BCDFGHJKMPQRTVWXY]{8}$"


def generate_verification_code() -> str:
    """A certificate's public code (pix-certif.md §5.2): "P-" and 8 distinct characters of the alphabet."""
    return "P-" + "".join(secrets.SystemRandom().sample(VERIFICATION_CODE_ALPHABET, 8))
