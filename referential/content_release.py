"""Read, validate and self-check a content release (pure Python, no Django).

``python -m referential.content_release`` validates every file and prints a summary;
``python -m referential.content_release 1.1 2.3`` only reports on those competences.
The Django loader (``manage.py load_referential``) uses the same functions, so what an
author checks locally is exactly what the loader accepts.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from challenges.checking import AnswerStatus, build_qrocm_answer, check_answer
from referential.content_schema import (
    ChallengeContent,
    ChallengeType,
    CompetenceContent,
    FrameworkContent,
    SkillStatus,
    numeric_key,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONTENT_ROOT = Path(__file__).resolve().parent / "content"

# What the first release promises for every competence (issue "The referential...").
MIN_TUBES_PER_COMPETENCE = 4
MIN_SKILLS_PER_COMPETENCE = 21
REQUIRED_LEVELS = range(1, 8)
MIN_CHALLENGES_PER_SKILL = 2
MIN_TUTORIALS_PER_SKILL = 1


@dataclass(frozen=True)
class ContentProblem:
    file: str
    where: str  # a challenge id, a skill name, a tube name, or "" for the whole file
    message: str

    def __str__(self) -> str:
        place = f" [{self.where}]" if self.where else ""
        return f"{self.file}{place}: {self.message}"


class ContentInvalid(Exception):
    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Release:
    framework: FrameworkContent
    competences: dict[str, CompetenceContent]  # by competence code, in framework order
    files: dict[str, str]  # competence code -> file name, for messages
    checksum: str

    def iter_challenges(self):  # -> Iterator[tuple[str, TubeContent, SkillContent, ChallengeContent]]
        for code, competence in self.competences.items():
            for tube in competence.tubes:
                for skill in tube.skills:
                    for challenge in skill.challenges:
                        yield code, tube, skill, challenge


def _load_yaml(path: Path, problems: list[ContentProblem]) -> object | None:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problems.append(ContentProblem(path.name, "", f"not valid YAML: {error}"))
        return None


def _pydantic_problems(file: str, data: object, error: ValidationError) -> list[ContentProblem]:
    problems = []
    for item in error.errors():
        location = item["loc"]
        problems.append(
            ContentProblem(file, _locate(data, location), f"{'.'.join(map(str, location))}: {item['msg']}")
        )
    return problems


def _locate(data: object, location: tuple) -> str:
    """Name the challenge (or skill, or tube) that a pydantic error location points into."""
    found = ""
    node = data
    for part in location:
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            if "id" in node and "type" in node:
                found = str(node["id"])
            elif "name" in node and not found:
                found = str(node["name"])
    return found


def read_release(root: Path = CONTENT_ROOT, *, static_root: Path | None = None) -> Release:
    """Parse and validate every content file; raise ContentInvalid listing every problem."""
    static_root = static_root or PROJECT_ROOT
    problems: list[ContentProblem] = []
    digest = hashlib.sha256()

    areas_path = root / "areas.yaml"
    raw = _load_yaml(areas_path, problems)
    digest.update(areas_path.read_bytes())
    framework: FrameworkContent | None = None
    if raw is not None:
        try:
            framework = FrameworkContent.model_validate(raw)
        except ValidationError as error:
            problems.extend(_pydantic_problems("areas.yaml", raw, error))
    if framework is None:
        raise ContentInvalid(problems)

    framework_codes = [c.code for a in framework.areas for c in a.competences]
    competences: dict[str, CompetenceContent] = {}
    files: dict[str, str] = {}
    for path in sorted((root / "competences").glob("*.yaml"), key=lambda p: numeric_key(p.stem)):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
        raw = _load_yaml(path, problems)
        if raw is None:
            continue
        try:
            content = CompetenceContent.model_validate(raw)
        except ValidationError as error:
            problems.extend(_pydantic_problems(path.name, raw, error))
            continue
        if content.competence != path.stem:
            problems.append(
                ContentProblem(
                    path.name, "", f"declares competence {content.competence}, expected {path.stem}"
                )
            )
            continue
        if content.competence not in framework_codes:
            problems.append(
                ContentProblem(path.name, "", f"competence {content.competence} is not in areas.yaml")
            )
            continue
        competences[content.competence] = content
        files[content.competence] = path.name

    _check_across_files(root, static_root, competences, files, problems)
    if problems:
        raise ContentInvalid(problems)
    ordered = {code: competences[code] for code in framework_codes if code in competences}
    return Release(framework=framework, competences=ordered, files=files, checksum=digest.hexdigest())


def _check_across_files(
    root: Path,
    static_root: Path,
    competences: dict[str, CompetenceContent],
    files: dict[str, str],
    problems: list[ContentProblem],
) -> None:
    seen_tubes: dict[str, str] = {}
    seen_challenges: dict[str, str] = {}
    seen_tutorials: dict[str, str] = {}
    for code, competence in competences.items():
        file = files[code]
        for tutorial in competence.tutorials:
            if tutorial.id in seen_tutorials:
                problems.append(
                    ContentProblem(
                        file, tutorial.id, f"tutorial id also used in {seen_tutorials[tutorial.id]}"
                    )
                )
            seen_tutorials[tutorial.id] = file
    for code, competence in competences.items():
        file = files[code]
        for tube in competence.tubes:
            if tube.name in seen_tubes:
                problems.append(
                    ContentProblem(file, tube.name, f"tube name also used in {seen_tubes[tube.name]}")
                )
            seen_tubes[tube.name] = file
            for skill in tube.skills:
                for tutorial_id in (*skill.tutorials, *skill.learning_more):
                    if tutorial_id not in seen_tutorials:
                        problems.append(ContentProblem(file, skill.name, f"unknown tutorial {tutorial_id!r}"))
                for challenge in skill.challenges:
                    if challenge.id in seen_challenges:
                        problems.append(
                            ContentProblem(
                                file,
                                challenge.id,
                                f"challenge id also used in {seen_challenges[challenge.id]}",
                            )
                        )
                    seen_challenges[challenge.id] = file
                    for name in challenge.attachments:
                        if not (root / "attachments" / name).is_file():
                            problems.append(
                                ContentProblem(file, challenge.id, f"missing attachment attachments/{name}")
                            )
                    if (
                        challenge.illustration
                        and not (root / "illustrations" / challenge.illustration.file).is_file()
                    ):
                        problems.append(
                            ContentProblem(
                                file,
                                challenge.id,
                                f"missing illustration illustrations/{challenge.illustration.file}",
                            )
                        )
                    if challenge.embed and not (static_root / challenge.embed.url.lstrip("/")).is_file():
                        problems.append(
                            ContentProblem(
                                file, challenge.id, f"missing simulator page {challenge.embed.url}"
                            )
                        )


# -- self-check ------------------------------------------------------------------------------


def _answer_text(challenge: ChallengeContent, answer: str | dict[str, str]) -> str:
    return build_qrocm_answer(answer) if isinstance(answer, dict) else answer


def _status(challenge: ChallengeContent, answer: str | dict[str, str]) -> AnswerStatus:
    result = check_answer(
        challenge_type=challenge.type.value,
        answer=_answer_text(challenge, answer),
        solution=challenge.checker_solution(),
        tolerances=challenge.tolerances,
        qroc_format=challenge.format.value,
        select_keys=challenge.select_keys,
    )
    return result.status


def wrong_answers_of(challenge: ChallengeContent) -> list[str | dict[str, str]]:
    """The answers the self-check requires rejected."""
    if challenge.type == ChallengeType.QCU:
        return [str(n) for n in range(1, len(challenge.proposals) + 1) if n != challenge.solution]
    if challenge.type == ChallengeType.QCM:
        right = set(challenge.solution)  # type: ignore[arg-type]
        wrong: list[str | dict[str, str]] = []
        for extra in range(1, len(challenge.proposals) + 1):
            if extra not in right:
                wrong.append(",".join(str(n) for n in sorted(right | {extra})))
        if len(right) > 1:
            for missing in right:
                wrong.append(",".join(str(n) for n in sorted(right - {missing})))
        return wrong
    return list(challenge.wrong_answers)


def every_accepted_answer(challenge: ChallengeContent) -> list[str | dict[str, str]]:
    """Each written variant must be accepted on its own."""
    answers: list[str | dict[str, str]] = [challenge.correct_answer()]
    if challenge.type == ChallengeType.QROC:
        answers.extend(challenge.fields[0].solution[1:])
    elif challenge.type == ChallengeType.QROCM_IND:
        base = challenge.correct_answer()
        assert isinstance(base, dict)
        for f in challenge.fields:
            answers.extend({**base, f.key: variant} for variant in f.solution[1:])
    return answers


def self_check(release: Release) -> list[ContentProblem]:
    """Every challenge accepts its own solution and rejects the wrong answers it lists."""
    failures: list[ContentProblem] = []
    for code, _tube, _skill, challenge in release.iter_challenges():
        file = release.files[code]
        try:
            for answer in every_accepted_answer(challenge):
                status = _status(challenge, answer)
                if status != AnswerStatus.OK:
                    failures.append(
                        ContentProblem(file, challenge.id, f"its own answer {answer!r} is judged {status}")
                    )
            for answer in wrong_answers_of(challenge):
                status = _status(challenge, answer)
                if status == AnswerStatus.OK:
                    failures.append(
                        ContentProblem(file, challenge.id, f"the wrong answer {answer!r} is accepted")
                    )
        except ValueError as error:
            failures.append(ContentProblem(file, challenge.id, f"the checker refuses the solution: {error}"))
    return failures


# -- coverage --------------------------------------------------------------------------------


@dataclass
class CompetenceCoverage:
    code: str
    tubes: int = 0
    skills: int = 0
    levels: Counter = field(default_factory=Counter)
    challenges: int = 0
    problems: list[str] = field(default_factory=list)


def coverage(release: Release) -> list[CompetenceCoverage]:
    """What each competence offers against what the first release promises."""
    result = []
    for code, competence in release.competences.items():
        cov = CompetenceCoverage(code=code, tubes=len(competence.tubes))
        for tube in competence.tubes:
            for skill in tube.skills:
                if skill.status != SkillStatus.ACTIVE:
                    continue
                cov.skills += 1
                cov.levels[skill.level] += 1
                playable = [c for c in skill.challenges if c.status.value == "validé"]
                cov.challenges += len(skill.challenges)
                if len(playable) < MIN_CHALLENGES_PER_SKILL:
                    cov.problems.append(
                        f"{skill.name}: {len(playable)} validated challenge(s), expected {MIN_CHALLENGES_PER_SKILL}"
                    )
                if len(skill.tutorials) < MIN_TUTORIALS_PER_SKILL:
                    cov.problems.append(f"{skill.name}: no tutorial")
        if cov.tubes < MIN_TUBES_PER_COMPETENCE:
            cov.problems.append(f"{cov.tubes} tubes, expected at least {MIN_TUBES_PER_COMPETENCE}")
        if cov.skills < MIN_SKILLS_PER_COMPETENCE:
            cov.problems.append(f"{cov.skills} active skills, expected at least {MIN_SKILLS_PER_COMPETENCE}")
        missing = [level for level in REQUIRED_LEVELS if not cov.levels[level]]
        if missing:
            cov.problems.append(f"no skill at level(s) {missing}")
        result.append(cov)
    return result


def features(release: Release) -> dict[str, int]:
    counts: Counter = Counter()
    for _code, _tube, _skill, challenge in release.iter_challenges():
        counts["challenges"] += 1
        counts[f"type {challenge.type.value}"] += 1
        counts["timed"] += challenge.timer is not None
        counts["focused"] += challenge.focused
        counts["with attachments"] += bool(challenge.attachments)
        counts["with illustration"] += challenge.illustration is not None
        counts["with simulator"] += challenge.embed is not None
    return dict(counts)


def main(argv: list[str]) -> int:
    try:
        release = read_release()
    except ContentInvalid as error:
        print(f"INVALID: {len(error.problems)} problem(s)")
        for problem in error.problems:
            print(f"  - {problem}")
        return 1
    wanted = set(argv)
    failures = [f for f in self_check(release) if not wanted or f.file.removesuffix(".yaml") in wanted]
    by_file: dict[str, list[ContentProblem]] = defaultdict(list)
    for failure in failures:
        by_file[failure.file].append(failure)
    ok = not failures
    for cov in coverage(release):
        if wanted and cov.code not in wanted:
            continue
        levels = " ".join(f"L{lvl}:{cov.levels[lvl]}" for lvl in sorted(cov.levels))
        print(f"{cov.code}: {cov.tubes} tubes, {cov.skills} skills ({levels}), {cov.challenges} challenges")
        for problem in cov.problems:
            print(f"  ! {problem}")
        ok = ok and not cov.problems
    for file, items in by_file.items():
        print(f"self-check failures in {file}:")
        for item in items:
            print(f"  - {item}")
    print("features:", features(release))
    print("OK" if ok else "NOT YET: see the lines above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
