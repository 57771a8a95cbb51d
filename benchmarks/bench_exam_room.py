"""An exam room under load: 40 candidates answer at once while the invigilator's page polls every 2 s.

    python benchmarks/bench_exam_room.py                      # a fresh SQLite file in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pix_bench python benchmarks/bench_exam_room.py

It migrates and loads the referential into that database, seats the candidates of one v3 session
(certifiable, joined, presence confirmed), serves the site with gunicorn on a loopback port (as in
production: `--workers` processes of `--threads` threads), and drives real HTTP from this process: each candidate types the access code and answers every question (right, wrong or
"Je passe"); the invigilator logs in and polls the live list. It reports the latency of the answer
POST and of the poll (median, p95), checks that every answer the server acknowledged is stored
(no lost answer) and that every course ended with its 32 answers, and writes
`benchmarks/results/exam_room.json`. Bounded: `--candidates` threads (40) and `--max-seconds` (600).
"""

from __future__ import annotations

import argparse
import datetime
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = (
        f"sqlite:///{Path(tempfile.mkdtemp(prefix='pix-exam-room-')) / 'bench.sqlite3'}"
    )
# One connection per request thread, closed at the end of the request (the server starts a thread per request).
os.environ.setdefault("CONN_MAX_AGE", "0")

from _common import setup_django, write_results  # noqa: E402

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from assessments.models import Answer, Assessment, KnowledgeElement  # noqa: E402
from certification import codes  # noqa: E402
from certification.models import Candidate, CertificationCenter, Session  # noqa: E402
from referential.models import Skill  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHALLENGE = re.compile(r'name="challenge" value="([^"]+)"')
POLL_EVERY_SECONDS = 2.0


ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(*, workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    """gunicorn on a free loopback port, with this process's settings (database included)."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "pix.wsgi:application",
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers),
            "--threads", str(threads),
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + "/health", timeout=2):
                return server, base
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


class Browser:
    """A browser of one person: cookies, CSRF tokens read from the pages, redirects not followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str, session_cookie: str | None = None) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect
        )
        if session_cookie:
            host = urllib.parse.urlparse(base).hostname
            self.jar.set_cookie(
                http.cookiejar.Cookie(
                    0, "sessionid", session_cookie, None, False, host, False, False, "/", True,
                    False, None, False, None, None, {},
                )
            )  # fmt: skip

    def request(
        self, method: str, path: str, data: dict | None = None, *, json: bool = False
    ) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method)
        if json:
            request.add_header("Accept", "application/json")
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx/5xx
            return error.code, error.headers.get("Location", ""), error.read().decode(errors="replace")


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def figures(samples: list[float]) -> dict[str, float]:
    return {
        "count": len(samples),
        "median_ms": round(statistics.median(samples), 2) if samples else 0.0,
        "p95_ms": round(percentile(samples, 0.95), 2),
        "max_ms": round(max(samples), 2) if samples else 0.0,
    }


def seat_room(count: int) -> Session:
    """A v3 session and `count` candidates, certifiable, joined, their presence confirmed."""
    center = CertificationCenter.objects.create(
        name="Centre d'essai de charge", type=CertificationCenter.Type.PRO
    )
    session = Session.objects.create(
        center=center,
        center_name=center.name,
        address="Bâtiment A",
        room=f"Salle {timezone.now():%H%M%S%f}",
        examiner="Banc d'essai",
        date=timezone.localdate(),
        time=datetime.time(9, 0),
        access_code=codes.generate_access_code(),
        invigilator_password=codes.generate_invigilator_password(),
        version=3,
    )
    skills = list(
        Skill.objects.filter(level__lte=2, competence__code__in=["1.1", "1.2", "2.1", "3.1", "4.1", "5.1"])
    )
    for index in range(count):
        user = User.objects.create(
            email=f"candidat{index}-{session.pk}@bench.example.org",
            first_name="Candidat",
            last_name=f"N{index}",
        )
        KnowledgeElement.objects.bulk_create(
            KnowledgeElement(
                user=user,
                skill=skill,
                competence_id=skill.competence_id,
                status="validated",
                source="direct",
                earned_pix_numerator=skill.pix_numerator,
                earned_pix_denominator=skill.pix_denominator,
                created_at=timezone.now() - datetime.timedelta(days=30),
            )
            for skill in skills
        )
        Candidate.objects.create(
            session=session,
            first_name="Candidat",
            last_name=f"N{index}",
            birthdate=datetime.date(2000, 1, 1) + datetime.timedelta(days=index),
            birth_country="France",
            birth_country_code="99100",
            birth_insee_code="75115",
            user=user,
            reconciled_at=timezone.now(),
            has_seen_certification_instructions=True,
            authorized_to_start=True,
        )
    return session


def session_cookie_of(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class Run:
    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.lock = threading.Lock()
        self.answer_ms: list[float] = []
        self.poll_ms: list[float] = []
        self.acknowledged = 0
        self.errors: list[str] = []
        self.finished = 0

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def candidate_worker(run: Run, base: str, session: Session, cookie: str, index: int, think: float) -> None:
    browser = Browser(base, cookie)
    status, _, html = browser.request("GET", "/certifications")
    token = CSRF.search(html)
    status, location, html = browser.request(
        "POST",
        f"/certifications/sessions/{session.pk}/entree",
        {"csrfmiddlewaretoken": token.group(1) if token else "", "access_code": session.access_code},
    )
    if status != 302 or not re.search(r"/certifications/\d+$", location):
        run.error(f"candidate {index}: entry refused ({status})")
        return
    test = urllib.parse.urlparse(location).path
    answered = 0
    while time.monotonic() < run.deadline:
        status, location, html = browser.request("GET", test)
        if status == 302 and location.endswith("/fin"):
            with run.lock:
                run.finished += 1
            return
        if status != 200:
            run.error(f"candidate {index}: question page {status}")
            return
        token = CSRF.search(html).group(1)
        if 'value="start"' in html and 'name="answer"' not in html and "data-player-form" not in html:
            browser.request("POST", test, {"csrfmiddlewaretoken": token, "action": "start"})
            continue
        challenge = CHALLENGE.search(html).group(1)
        if think:
            time.sleep(think)
        choice = answered % 3
        if 'name="answer"' in html and choice != 2:
            data = {
                "csrfmiddlewaretoken": token,
                "challenge": challenge,
                "action": "answer",
                "answer": str(1 + choice),
            }
        else:
            data = {"csrfmiddlewaretoken": token, "challenge": challenge, "action": "skip"}
        started = time.perf_counter()
        status, location, _ = browser.request("POST", test, data)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 302:
            run.error(f"candidate {index}: answer refused ({status})")
            return
        answered += 1
        with run.lock:
            run.answer_ms.append(elapsed)
            run.acknowledged += 1


def invigilator_worker(run: Run, base: str, session: Session, total: int, stop: threading.Event) -> None:
    browser = Browser(base)
    _, _, html = browser.request("GET", "/certif/surveillance")
    status, _, _ = browser.request(
        "POST",
        "/certif/surveillance",
        {
            "csrfmiddlewaretoken": CSRF.search(html).group(1),
            "session_number": str(session.pk),
            "password": session.invigilator_password,
        },
    )
    if status != 302:
        run.error(f"invigilator: login refused ({status})")
        return
    while not stop.is_set() and time.monotonic() < run.deadline:
        started = time.perf_counter()
        status, _, _ = browser.request("GET", f"/certif/surveillance/{session.pk}/candidats.json", json=True)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            run.error(f"invigilator: poll {status}")
        with run.lock:
            run.poll_ms.append(elapsed)
        stop.wait(POLL_EVERY_SECONDS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=40)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--think-seconds",
        type=float,
        default=0.0,
        help="pause before each answer (0: all answer at once, a stress)",
    )
    args = parser.parse_args()
    candidates = max(1, min(args.candidates, 200))

    call_command("migrate", verbosity=0)
    call_command("load_referential", verbosity=0)
    session = seat_room(candidates)
    cookies = [
        session_cookie_of(c.user) for c in Candidate.objects.filter(session=session).select_related("user")
    ]
    connection.close()

    server, base = start_server(workers=max(1, min(args.workers, 8)), threads=max(1, min(args.threads, 32)))

    run = Run(deadline=time.monotonic() + args.max_seconds)
    stop = threading.Event()
    invigilator = threading.Thread(
        target=invigilator_worker, args=(run, base, session, candidates, stop), daemon=True
    )
    invigilator.start()
    started = time.perf_counter()
    workers = [
        threading.Thread(
            target=candidate_worker,
            args=(run, base, session, cookie, index, max(0.0, args.think_seconds)),
            daemon=True,
        )
        for index, cookie in enumerate(cookies)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=max(1.0, run.deadline - time.monotonic() + 5))
    wall = time.perf_counter() - started
    stop.set()
    invigilator.join(timeout=10)
    server.terminate()
    server.wait(timeout=30)

    stored = Answer.objects.filter(assessment__certification_course__session=session).count()
    courses = Assessment.objects.filter(certification_course__session=session)
    complete = courses.filter(state=Assessment.State.COMPLETED).count()
    results = {
        "candidates": candidates,
        "server": f"gunicorn, {args.workers} workers × {args.threads} threads",
        "think_seconds": args.think_seconds,
        "wall_seconds": round(wall, 1),
        "answers_per_second": round(run.acknowledged / wall, 1) if wall else 0.0,
        "answers_acknowledged": run.acknowledged,
        "answers_stored": stored,
        "courses_completed": complete,
        "answer_post": figures(run.answer_ms),
        "invigilator_poll": figures(run.poll_ms),
        "poll_every_seconds": POLL_EVERY_SECONDS,
        "errors": run.errors[:20],
    }
    write_results("exam_room", results)
    problems = []
    if stored != run.acknowledged:
        problems.append(f"{run.acknowledged} answers acknowledged but {stored} stored")
    if complete != candidates or run.finished != candidates:
        problems.append(f"{complete} of {candidates} courses completed ({run.finished} end screens reached)")
    if run.errors:
        problems.append(f"{len(run.errors)} errors, first: {run.errors[0]}")
    if problems:
        print("FAILED: " + "; ".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
