"""Demo data: one account per kind of person, so anyone can try every portal at once.

Idempotent: running it again updates the same rows (and resets the demo passwords).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import user_unblock
from certification.models import CenterMembership, CertificationCenter, Session
from organizations.models import Membership, Organization

DEMO_PASSWORD = "Pixdemo2026"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    login: str
    password: str


@transaction.atomic
def seed_demo() -> list[DemoAccount]:
    now = timezone.now()

    def account(email: str, first_name: str, last_name: str, **flags: bool) -> User:
        user, _created = User.objects.update_or_create(
            email=email,
            defaults={"first_name": first_name, "last_name": last_name, "cgu_accepted_at": now, **flags},
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user_unblock(user=user)  # too many wrong passwords while trying the demo: seeding again unblocks
        _verify_email(user)
        return user

    learner = account("eleve@example.org", "Camille", "Martin")
    teacher = account("prof@example.org", "Nadia", "Benali")
    referent = account("referent@example.org", "Louis", "Moreau")
    account("admin@example.org", "Alex", "Admin", is_staff=True, is_superuser=True)

    school, _ = Organization.objects.update_or_create(
        external_id="0750001A",
        defaults={
            "name": "Collège Jules-Ferry (démo)",
            "type": Organization.Type.SCO,
            "is_managing_students": True,
        },
    )
    Membership.objects.update_or_create(
        user=teacher, organization=school, disabled_at=None, defaults={"role": Membership.Role.ADMIN}
    )
    _seed_school_students(school)
    demo_campaign = _seed_school_campaign(school=school, teacher=teacher)
    center, _ = CertificationCenter.objects.update_or_create(
        external_id="0750001A-CERTIF",
        defaults={
            "name": "Centre de certification du collège Jules-Ferry (démo)",
            "type": CertificationCenter.Type.SCO,
            "organization": school,
        },
    )
    referent_membership, _ = CenterMembership.objects.update_or_create(
        user=referent, center=center, disabled_at=None, defaults={"role": CenterMembership.Role.ADMIN}
    )
    certification_session = _seed_certification_session(center=center, membership=referent_membership)
    _seed_learner_progress(learner)
    _enrol_learner(learner, session=certification_session)
    campaign_accounts = (
        [
            DemoAccount(
                f"Code de la campagne de démonstration (« {demo_campaign.name} »)", demo_campaign.code, "-"
            )
        ]
        if demo_campaign is not None
        else []
    )
    return [
        DemoAccount("Apprenant (site)", "eleve@example.org", DEMO_PASSWORD),
        DemoAccount("Administrateur Pix Orga (collège)", "prof@example.org", DEMO_PASSWORD),
        DemoAccount("Référent Pix Certif (centre)", "referent@example.org", DEMO_PASSWORD),
        DemoAccount("Superutilisateur (/admin/)", "admin@example.org", DEMO_PASSWORD),
        DemoAccount(
            f"Espace surveillant (session n°{certification_session.pk})",
            str(certification_session.pk),
            certification_session.invigilator_password,
        ),
        DemoAccount(
            f"Code d'accès candidats (session n°{certification_session.pk})",
            certification_session.access_code,
            "-",
        ),
        *campaign_accounts,
    ]


# Two classes (3A, 3B) of invented students, as a real SIECLE export: the seed imports it, and anyone
# can import it again from Pix Orga (Élèves › Importer) to try the import.
DEMO_SIECLE_FILE = Path(__file__).resolve().parent.parent / "organizations" / "demo" / "siecle-demo.xml"


def _seed_school_students(school: Organization) -> None:
    from organizations.services import learners_import_siecle

    with DEMO_SIECLE_FILE.open("rb") as file:
        result = learners_import_siecle(organization=school, file=file)
    if not result.ok:
        raise RuntimeError("; ".join(issue.message for issue in result.errors))


def _seed_school_campaign(*, school: Organization, teacher: User):
    """The useful target profiles (once content is loaded) and the school's demo campaign, owned by the teacher."""
    from campaigns.demo import seed_demo_campaign, seed_target_profiles

    seed_target_profiles()
    return seed_demo_campaign(organization=school, owner=teacher)


DEMO_SESSION_ADDRESS = "Collège Jules-Ferry, bâtiment B"
DEMO_SESSION_ROOM = "Salle informatique 1"


def _seed_certification_session(*, center: CertificationCenter, membership: CenterMembership) -> Session:
    """The centre's demo session, always ahead (two weeks from now, 9:00); the referent has accepted the terms."""
    from certification.services import center_terms_accept, session_create

    center_terms_accept(membership=membership)
    in_two_weeks = timezone.localdate() + timedelta(days=14)
    session = (
        Session.objects.filter(
            center=center, address=DEMO_SESSION_ADDRESS, room=DEMO_SESSION_ROOM, finalized_at__isnull=True
        )
        .order_by("-date")
        .first()
    )
    if session is None:
        return session_create(
            center=center,
            created_by=membership.user,
            address=DEMO_SESSION_ADDRESS,
            room=DEMO_SESSION_ROOM,
            examiner="Mme Lefèvre, M. Garnier",
            date=in_two_weeks,
            time=time(9, 0),
            description="Session de démonstration : élèves de 3e.",
        )
    if session.date < timezone.localdate():
        session.date = in_two_weeks
        session.save(update_fields=["date", "updated_at"])
    return session


DEMO_PROGRESS = {"1.1": 2, "1.2": 1, "2.1": 2, "3.1": 1, "4.1": 2, "4.2": 1}  # competence: level reached


def _seed_learner_progress(learner: User) -> None:
    """Levels in six competences, so the demo learner has a profile and is certifiable (5 at level 1)."""
    from assessments.models import KnowledgeElement
    from referential.models import Skill, Status

    if KnowledgeElement.objects.filter(user=learner).exists():
        return
    skills = Skill.objects.filter(competence__code__in=DEMO_PROGRESS, status=Status.ACTIVE).select_related(
        "competence"
    )
    when = timezone.now() - timedelta(days=10)
    KnowledgeElement.objects.bulk_create(
        KnowledgeElement(
            user=learner,
            skill=skill,
            competence=skill.competence,
            status=KnowledgeElement.Status.VALIDATED,
            source=KnowledgeElement.Source.DIRECT,
            earned_pix_numerator=skill.pix_numerator,
            earned_pix_denominator=skill.pix_denominator,
            created_at=when,
        )
        for skill in skills
        if skill.level <= DEMO_PROGRESS[skill.competence.code]
    )


def _enrol_learner(learner: User, *, session: Session) -> None:
    """The demo learner is a candidate of the demo session (join it at /certifications)."""
    from certification.models import Candidate
    from certification.services import candidate_add

    if Candidate.objects.filter(
        session=session, first_name=learner.first_name, last_name=learner.last_name
    ).exists():
        return
    candidate_add(
        session=session,
        first_name=learner.first_name,
        last_name=learner.last_name,
        birthdate=DEMO_LEARNER_BIRTHDATE,
        sex="F",
        birth_country="99100",
        birth_insee_code="75101",
    )


DEMO_LEARNER_BIRTHDATE = date(2011, 3, 14)


def _verify_email(user: User) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
