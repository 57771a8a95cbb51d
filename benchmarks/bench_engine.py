"""The engine on the full content release: next-challenge selection and answer checking, per call.

python benchmarks/bench_engine.py      # after `manage.py migrate` and `manage.py load_referential`
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from _common import setup_django, timed, write_results

setup_django()

from assessments.engine import knowledge, smart_random  # noqa: E402
from assessments.engine.certification_v3 import next_challenge_for_v3_course  # noqa: E402
from assessments.engine.flash import prepare_flash_pool  # noqa: E402
from assessments.engine.types import AnsweredChallenge  # noqa: E402
from assessments.selectors import referential_snapshot  # noqa: E402
from challenges.checking import check_answer  # noqa: E402


def main() -> None:
    snapshot = referential_snapshot()
    rng = random.Random(1)
    started = datetime(2026, 1, 1, tzinfo=UTC)
    results: dict[str, object] = {"release": snapshot.release_number, "challenges": len(snapshot.challenges)}

    # Smart random: the 10th question of a competence evaluation, for each competence in turn.
    situations = []
    for code in snapshot.competences:
        skills = snapshot.skills_of(code)
        challenges = snapshot.challenges_by_competence.get(code, ())
        if not skills:
            continue
        elements, answers = [], []
        for _ in range(9):
            choice = smart_random.next_challenge(
                situation=smart_random.SmartRandomSituation(
                    target_skills=skills,
                    challenges=challenges,
                    knowledge_elements=tuple(elements),
                    answers=tuple(answers),
                    assessment_id=42,
                    assessment_created_at=started,
                )
            )
            if choice.challenge is None:
                break
            status = "ok" if rng.random() < 0.6 else "ko"
            answers.append(AnsweredChallenge(challenge_id=choice.challenge.id, status=status))
            elements.extend(
                knowledge.knowledge_elements_for_answer(
                    answer_status=status,
                    challenge=choice.challenge,
                    target_skills=skills,
                    already_assessed_skill_ids={e.skill_id for e in elements},
                    created_at=started,
                    assessment_id=42,
                )
            )
        situations.append(
            smart_random.SmartRandomSituation(
                target_skills=skills,
                challenges=challenges,
                knowledge_elements=tuple(elements),
                answers=tuple(answers),
                assessment_id=42,
                assessment_created_at=started,
            )
        )
    cycle = iter(situations * 1000)
    results["smart_random_next_challenge"] = timed(
        lambda: smart_random.next_challenge(situation=next(cycle)), repeat=len(situations) * 50
    )

    # Answer checking: every challenge's own solution, in turn.
    rows = list(snapshot.challenge_rows.values())
    answers_to_check = iter(rows * 100)

    def check_one() -> None:
        row = next(answers_to_check)
        value = row.solution.split("\n")[0] if row.type == "QROC" else row.solution
        check_answer(
            challenge_type=row.type,
            answer=value,
            solution=row.solution,
            tolerances=row.tolerances,
            qroc_format=row.format,
            select_keys=row.select_keys,
        )

    results["answer_checking"] = timed(check_one, repeat=min(len(rows) * 20, 20000))

    # Certification v3: the 20th question of a course over the whole release.
    tubes = {skill.id: skill.tube for skill in snapshot.skills.values()}
    pool = prepare_flash_pool(challenges=snapshot.challenges.values(), tube_by_skill_id=tubes)
    course: list[AnsweredChallenge] = []
    for _ in range(19):
        question = next_challenge_for_v3_course(challenges=pool, answers=course, seed="bench")
        if question is None:
            break
        course.append(
            AnsweredChallenge(challenge_id=question.challenge_id, status="ok" if rng.random() < 0.5 else "ko")
        )
    results["flash_next_challenge"] = timed(
        lambda: next_challenge_for_v3_course(challenges=pool, answers=course, seed="bench"), repeat=200
    )
    write_results("engine", results)


if __name__ == "__main__":
    main()
