"""Answer checking: is a learner's answer right for a challenge? Pure Python, no Django."""

from challenges.checking.validators import (
    SKIP_VALUE,
    AnswerStatus,
    CheckResult,
    build_qrocm_answer,
    check_answer,
    qrocm_dep_correction,
)

__all__ = [
    "SKIP_VALUE",
    "AnswerStatus",
    "CheckResult",
    "build_qrocm_answer",
    "check_answer",
    "qrocm_dep_correction",
]
