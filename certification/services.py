"""Writes of the certification floor: sessions (pix-certif.md §2.1–2.4) and their candidates (§2.5–2.7).

Refusals raise a ``CertificationError`` whose ``detail`` is a French message for the person, ``code``
a stable machine code, and ``errors`` the messages by field when a form is at fault. An ODS import
never raises for a bad file: its result lists every error with its line, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import IO

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from certification import ods
from certification.birth_referential import BirthReferential
from certification.codes import generate_access_code, generate_invigilator_password
from certification.models import (
    Candidate,
    CenterInvitation,
    CenterMembership,
    CertificationCenter,
    Session,
    identity_key,
    normalize_name,
)
from certification.selectors import session_has_started
from certification.validation import CandidateInput, Errors, clean_candidate, clean_session_fields
from organizations import invitations as shared_invitations
from organizations.models import OrganizationLearner


class CertificationError(Exception):
    code = "certification_error"
    message = gettext_lazy("Cette action n'est pas possible.")

    def __init__(self, message: str | None = None, *, errors: Errors | None = None) -> None:
        self.detail = message or str(self.message)
        self.errors: Errors = errors or {}
        super().__init__(self.detail)


class SessionInvalid(CertificationError):
    code = "session_invalid"
    message = gettext_lazy("La session n'a pas été enregistrée : corrigez les champs signalés.")


class SessionNotEditable(CertificationError):
    code = "session_not_editable"
    message = gettext_lazy("Cette session est finalisée : elle ne peut plus être modifiée.")


class SessionStarted(CertificationError):
    code = "session_started"
    message = gettext_lazy(
        "Au moins un candidat a commencé son test : la session ne peut plus être supprimée."
    )


class CandidateInvalid(CertificationError):
    code = "candidate_invalid"
    message = gettext_lazy("Le candidat n'a pas été inscrit : corrigez les champs signalés.")


class CandidateEnrolmentClosed(CertificationError):
    code = "candidate_enrolment_closed"
    message = gettext_lazy("Cette session est finalisée : on ne peut plus y inscrire de candidat.")


class CandidateForbiddenDeletion(CertificationError):
    code = "candidate_forbidden_deletion"
    message = gettext_lazy("Ce candidat a déjà rejoint la session : il ne peut plus être retiré.")


class StudentsForbidden(CertificationError):
    code = "students_forbidden"
    message = gettext_lazy("Ces élèves n'appartiennent pas à l'établissement lié au centre.")


DUPLICATE_SESSION = gettext_lazy(
    "Une session existe déjà dans ce centre à cette date et à cette heure, sur ce site et dans cette salle."
)
DUPLICATE_CANDIDATE = gettext_lazy(
    "Ce candidat est déjà inscrit à la session (même prénom, nom et date de naissance)."
)

# ------------------------------------------------------------------------------------------------ sessions


def _fresh_access_code() -> str:
    """A code no session still open uses (Pix newer code does not check; a candidate types it with the number)."""
    for _attempt in range(50):
        code = generate_access_code()
        if not Session.objects.filter(access_code=code, finalized_at__isnull=True).exists():
            return code
    return generate_access_code()


def _slot_taken(*, center: CertificationCenter, fields, exclude_pk: int | None = None) -> bool:
    """Same centre, date and time, and the same site and room once case, accents and spaces are ignored."""
    others = Session.objects.filter(center=center, date=fields.date, time=fields.time)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    wanted = (normalize_name(fields.address), normalize_name(fields.room))
    return any(
        (normalize_name(address), normalize_name(room)) == wanted
        for address, room in others.values_list("address", "room")
    )


def session_create(
    *,
    center: CertificationCenter,
    created_by: User | None,
    address: str,
    room: str,
    examiner: str,
    date: date | str | None,
    time: time | str | None,
    description: str = "",
) -> Session:
    """A new session (§2.1, §2.4): validated fields, access code and invigilator password, the centre's version."""
    fields, errors = clean_session_fields(
        address=address, room=room, examiner=examiner, date=date, time=time, description=description
    )
    if fields is not None and _slot_taken(center=center, fields=fields):
        errors = {"__all__": [str(DUPLICATE_SESSION)]}
    if fields is None or errors:
        raise SessionInvalid(errors=errors)
    try:
        with transaction.atomic():
            return Session.objects.create(
                center=center,
                center_name=center.name,
                address=fields.address,
                room=fields.room,
                examiner=fields.examiner,
                date=fields.date,
                time=fields.time,
                description=fields.description,
                access_code=_fresh_access_code(),
                invigilator_password=generate_invigilator_password(),
                version=center.session_version,
                created_by=created_by,
            )
    except IntegrityError as error:  # the same slot saved at the same instant by someone else
        raise SessionInvalid(errors={"__all__": [str(DUPLICATE_SESSION)]}) from error


def session_update(
    *,
    session: Session,
    address: str,
    room: str,
    examiner: str,
    date: date | str | None,
    time: time | str | None,
    description: str = "",
) -> Session:
    """Change a session's details, until it is finalized. A date in the past is refused only if it changed."""
    if session.status != Session.Status.CREATED:
        raise SessionNotEditable()
    fields, errors = clean_session_fields(
        address=address,
        room=room,
        examiner=examiner,
        date=date,
        time=time,
        description=description,
        check_not_in_past=False,
    )
    if fields is not None and (fields.date, fields.time) != (session.date, session.time):
        _fields, errors = clean_session_fields(
            address=address, room=room, examiner=examiner, date=date, time=time, description=description
        )
    if (
        fields is not None
        and not errors
        and _slot_taken(center=session.center, fields=fields, exclude_pk=session.pk)
    ):
        errors = {"__all__": [str(DUPLICATE_SESSION)]}
    if fields is None or errors:
        raise SessionInvalid(errors=errors)
    session.address, session.room, session.examiner = fields.address, fields.room, fields.examiner
    session.date, session.time, session.description = fields.date, fields.time, fields.description
    try:
        with transaction.atomic():
            session.save(
                update_fields=["address", "room", "examiner", "date", "time", "description", "updated_at"]
            )
    except IntegrityError as error:
        raise SessionInvalid(errors={"__all__": [str(DUPLICATE_SESSION)]}) from error
    return session


@transaction.atomic
def session_delete(*, session: Session) -> None:
    """Delete a session and its candidates, only before any candidate started (§2.2)."""
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if session_has_started(session=locked):
        raise SessionStarted()
    locked.candidates.all().delete()
    locked.delete()


# ---------------------------------------------------------------------------------------------- candidates


def _check_enrolment_open(session: Session) -> None:
    if session.status != Session.Status.CREATED:
        raise CandidateEnrolmentClosed()


def _new_candidate(session: Session, cleaned: dict, **extra) -> Candidate:
    candidate = Candidate(session=session, **cleaned, **extra)
    candidate.identity_key = identity_key(candidate.first_name, candidate.last_name)
    return candidate


def candidate_add(
    *,
    session: Session,
    first_name: str,
    last_name: str,
    birthdate: date | str | None,
    sex: str,
    birth_country: str,
    birth_insee_code: str = "",
    birth_postal_code: str = "",
    birth_city: str = "",
    external_id: str = "",
    extra_time_percentage: Decimal | int | str | None = None,
    email: str = "",
    result_recipient_email: str = "",
    billing_mode: str = "",
    prepayment_code: str = "",
) -> Candidate:
    """Enrol one candidate by the form (§2.5). Raises CandidateInvalid with the errors by field."""
    _check_enrolment_open(session)
    data = CandidateInput(
        first_name=first_name,
        last_name=last_name,
        birthdate=birthdate,
        sex=sex,
        birth_country=birth_country,
        birth_insee_code=birth_insee_code,
        birth_postal_code=birth_postal_code,
        birth_city=birth_city,
        external_id=external_id,
        extra_time_percentage=extra_time_percentage,
        email=email,
        result_recipient_email=result_recipient_email,
        billing_mode=billing_mode,
        prepayment_code=prepayment_code,
    )
    referential = BirthReferential.for_codes(insee_codes=[data.insee_code], postal_codes=[data.postal_code])
    cleaned, errors = clean_candidate(center=session.center, data=data, referential=referential)
    if errors:
        raise CandidateInvalid(errors=errors)
    candidate = _new_candidate(session, cleaned)
    if session.candidates.filter(identity_key=candidate.identity_key, birthdate=candidate.birthdate).exists():
        raise CandidateInvalid(str(DUPLICATE_CANDIDATE), errors={"__all__": [str(DUPLICATE_CANDIDATE)]})
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError as error:
        raise CandidateInvalid(
            str(DUPLICATE_CANDIDATE), errors={"__all__": [str(DUPLICATE_CANDIDATE)]}
        ) from error
    return candidate


@transaction.atomic
def candidate_remove(*, candidate: Candidate) -> None:
    """Withdraw a candidate who has not joined the session yet (§2.5: linked to an account → forbidden)."""
    locked = Candidate.objects.select_for_update().select_related("session").get(pk=candidate.pk)
    if locked.user_id is not None or locked.started_at is not None:
        raise CandidateForbiddenDeletion()
    _check_enrolment_open(locked.session)
    locked.delete()


@dataclass(frozen=True)
class ImportError_:
    line: int | None
    message: str


@dataclass
class CandidatesImportResult:
    created: list[Candidate] = field(default_factory=list)
    errors: list[ImportError_] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


FIELD_LABELS = {
    "first_name": gettext_lazy("Prénom"),
    "last_name": gettext_lazy("Nom de naissance"),
    "birthdate": gettext_lazy("Date de naissance"),
    "sex": gettext_lazy("Sexe"),
    "birth_country": gettext_lazy("Pays de naissance"),
    "birth_insee_code": gettext_lazy("Code INSEE"),
    "birth_postal_code": gettext_lazy("Code postal"),
    "birth_city": gettext_lazy("Commune de naissance"),
    "external_id": gettext_lazy("Identifiant externe"),
    "extra_time_percentage": gettext_lazy("Temps majoré"),
    "email": gettext_lazy("E-mail de convocation"),
    "result_recipient_email": gettext_lazy("E-mail du destinataire des résultats"),
    "billing_mode": gettext_lazy("Tarification part Pix"),
    "prepayment_code": gettext_lazy("Code de prépaiement"),
}


def candidates_import_ods(*, session: Session, file: IO[bytes]) -> CandidatesImportResult:
    """Add the candidates of the session's ODS template (§2.6), all or nothing.

    Before any candidate started only. Any error (a wrong file, or a wrong line) saves nothing; the result
    then lists every error, each with its line in the spreadsheet.
    """
    if session.status != Session.Status.CREATED or session_has_started(session=session):
        raise CertificationError(
            _(
                "La session a commencé : sa liste de candidats ne peut plus être importée. Ajoutez-les un par un."
            )
        )
    try:
        rows = ods.read_candidate_rows(file, has_billing_mode=session.center.has_billing_mode)
    except ods.OdsFileError as error:
        return CandidatesImportResult(errors=[ImportError_(None, str(error))])
    if not rows:
        return CandidatesImportResult(
            errors=[ImportError_(None, _("Le fichier ne contient aucun candidat."))]
        )
    referential = BirthReferential.for_codes(
        insee_codes=[str(row.values.get("birth_insee_code", "")) for row in rows],
        postal_codes=[str(row.values.get("birth_postal_code", "")) for row in rows],
    )
    existing = set(session.candidates.values_list("identity_key", "birthdate"))
    seen: dict[tuple[str, date], int] = {}
    errors: list[ImportError_] = []
    candidates: list[Candidate] = []
    for row in rows:
        data = CandidateInput(**row.values)
        cleaned, row_errors = clean_candidate(center=session.center, data=data, referential=referential)
        for key, messages in row_errors.items():
            label = FIELD_LABELS.get(key, key)
            errors.extend(ImportError_(row.line, f"{label} : {message}") for message in messages)
        if row_errors:
            continue
        candidate = _new_candidate(session, cleaned)
        identity = (candidate.identity_key, candidate.birthdate)
        if identity in existing:
            errors.append(ImportError_(row.line, str(DUPLICATE_CANDIDATE)))
        elif identity in seen:
            errors.append(
                ImportError_(
                    row.line,
                    _("Ce candidat figure déjà à la ligne %(line)s du fichier.") % {"line": seen[identity]},
                )
            )
        else:
            seen[identity] = row.line
            candidates.append(candidate)
    if errors:
        return CandidatesImportResult(errors=errors)
    try:
        with transaction.atomic():
            Session.objects.select_for_update().filter(pk=session.pk).first()
            if session_has_started(session=session):
                raise CertificationError(
                    _("La session a commencé pendant l'import : rien n'a été enregistré.")
                )
            created = Candidate.objects.bulk_create(candidates)
    except IntegrityError:
        return CandidatesImportResult(
            errors=[
                ImportError_(
                    None, _("La liste a changé pendant l'import : rien n'a été enregistré, réessayez.")
                )
            ]
        )
    return CandidatesImportResult(created=created)


def ods_template_for(session: Session) -> bytes:
    """The ODS template to fill in, with the session's details and the columns of its centre (§2.6)."""
    return ods.template_for(session)


# -------------------------------------------------------------------------------------------- SCO students


@dataclass
class EnrolmentResult:
    enrolled: list[Candidate] = field(default_factory=list)
    already_enrolled: int = 0


def candidates_enrol_from_division(
    *, session: Session, learners: Iterable[OrganizationLearner]
) -> EnrolmentResult:
    """Enrol a school's imported students (§2.7): core certification, no billing, birth data from SIECLE.

    Every student must be an active student of the SCO organization, managing its students, linked to
    the centre. Students already enrolled (the same student, or the same identity) are skipped.
    """
    _check_enrolment_open(session)
    center = session.center
    learners = list(learners)
    organization = center.organization
    if not center.enrols_students or organization is None:
        raise StudentsForbidden(
            _("Ce centre n'inscrit pas d'élèves : il n'est lié à aucun établissement qui gère ses élèves.")
        )
    if any(
        learner.organization_id != organization.pk or learner.is_disabled or learner.deleted_at is not None
        for learner in learners
    ):
        raise StudentsForbidden()
    without_birthdate = [learner for learner in learners if learner.birthdate is None]
    if without_birthdate:
        names = ", ".join(learner.full_name for learner in without_birthdate[:5])
        raise StudentsForbidden(
            _("Date de naissance manquante pour : %(names)s. Corrigez la base élèves puis réimportez-la.")
            % {"names": names}
        )
    referential = BirthReferential.for_codes(insee_codes=[learner.birth_city_code for learner in learners])
    unknown = []
    for learner in learners:
        code = (learner.birth_country_code or "").strip()
        country_code = code if len(code) == 5 else f"99{code.zfill(3)}"
        if referential.country_by_code(country_code) is None:
            unknown.append(learner)
    if unknown:
        names = ", ".join(learner.full_name for learner in unknown[:5])
        raise StudentsForbidden(
            _("Pays de naissance inconnu pour : %(names)s. Corrigez la base élèves puis réimportez-la.")
            % {"names": names}
        )
    with transaction.atomic():
        Session.objects.select_for_update().filter(pk=session.pk).first()
        existing_learners = set(
            session.candidates.filter(organization_learner__isnull=False).values_list(
                "organization_learner_id", flat=True
            )
        )
        existing_identities = set(session.candidates.values_list("identity_key", "birthdate"))
        result = EnrolmentResult()
        to_create: list[Candidate] = []
        for learner in learners:
            code = learner.birth_country_code.strip()
            country = referential.country_by_code(code if len(code) == 5 else f"99{code.zfill(3)}")
            assert country is not None
            if country.is_france:
                commune = referential.commune_by_insee(learner.birth_city_code)
                city = learner.birth_city or (commune.name if commune else "")
                insee_code = learner.birth_city_code.upper()
            else:
                city, insee_code = learner.birth_city, "99"
            candidate = Candidate(
                session=session,
                first_name=" ".join(learner.first_name.split()),
                last_name=" ".join(learner.last_name.split()),
                birthdate=learner.birthdate,
                sex=learner.sex,
                birth_country=country.name,
                birth_country_code=country.code,
                birth_insee_code=insee_code,
                birth_city=city,
                birth_province_code=learner.birth_province_code,
                organization_learner=learner,
            )
            candidate.identity_key = identity_key(candidate.first_name, candidate.last_name)
            identity = (candidate.identity_key, candidate.birthdate)
            if learner.pk in existing_learners or identity in existing_identities:
                result.already_enrolled += 1
                continue
            existing_identities.add(identity)
            to_create.append(candidate)
        result.enrolled = Candidate.objects.bulk_create(to_create)
    return result


# ----------------------------------------------------------------------------------------------- members


def center_terms_accept(*, membership: CenterMembership) -> CenterMembership:
    """A member accepts Pix Certif's terms of use for the centre (§1.2), once."""
    if membership.terms_accepted_at is None:
        membership.terms_accepted_at = timezone.now()
        membership.save(update_fields=["terms_accepted_at"])
    return membership


# -- Team: invitations and members (pix-certif.md §1.2, rules of pix-orga-learner.md §1.3) ------------


class CenterTeamError(CertificationError):
    """A refusal about the centre's team, with a stable machine ``code``."""

    code = "center_team"

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code


class CenterInvitationError(CenterTeamError):
    code = "invitation"


class CenterInvitationNotFound(CenterInvitationError):
    """Unknown invitation or wrong code: the page answers 404."""

    code = "invitation_not_found"


class CenterMembershipError(CenterTeamError):
    code = "membership"


def center_invitation_url(invitation: CenterInvitation) -> str:
    path = reverse("certif:invitation", args=[invitation.pk])
    return f"{settings.SITE_URL.rstrip('/')}{path}?code={invitation.code}"


def _center_invitation_send(invitation: CenterInvitation) -> None:
    context = {
        "invitation": invitation,
        "center": invitation.center,
        "url": center_invitation_url(invitation),
    }
    subject = _("Invitation à rejoindre %(center)s sur Pix Certif") % {"center": invitation.center.name}
    body = render_to_string("certif/team_invitation_email.txt", context)
    shared_invitations.invitation_email_send(
        subject=subject, body=body, email=invitation.email, error=CenterInvitationError, send=send_mail
    )


@transaction.atomic
def center_invitation_create(
    *, center: CertificationCenter, email: str, role: str = "", invited_by: User | None = None
) -> CenterInvitation:
    """Invite a person to the centre's team by e-mail; a pending invitation to the same address is re-sent.

    ``role`` is ADMIN, MEMBER or "" (automatic: ADMIN if the centre has no member yet). Nothing is kept if
    the e-mail cannot be sent.
    """
    email = shared_invitations.email_checked(email, error=CenterInvitationError)
    shared_invitations.role_checked(role, membership_model=CenterMembership, error=CenterInvitationError)
    if CenterMembership.objects.filter(
        center=center, disabled_at__isnull=True, user__email__iexact=email
    ).exists():
        raise CenterInvitationError(
            _("%(email)s est déjà membre du centre.") % {"email": email}, code="already_member"
        )
    invitation = shared_invitations.invitation_upsert(
        model=CenterInvitation, target={"center": center}, email=email, role=role, invited_by=invited_by
    )
    _center_invitation_send(invitation)
    return invitation


@transaction.atomic
def center_invitation_resend(*, invitation: CenterInvitation) -> CenterInvitation:
    invitation = CenterInvitation.objects.select_for_update().select_related("center").get(pk=invitation.pk)
    shared_invitations.invitation_mark_resent(invitation, error=CenterInvitationError)
    _center_invitation_send(invitation)
    return invitation


@transaction.atomic
def center_invitation_cancel(*, invitation: CenterInvitation) -> CenterInvitation:
    invitation = CenterInvitation.objects.select_for_update().get(pk=invitation.pk)
    return shared_invitations.invitation_mark_cancelled(invitation, error=CenterInvitationError)


def center_invitation_check(invitation: CenterInvitation | None, code: str) -> CenterInvitation:
    """The invitation if ``code`` is its code and it is still pending, else the refusal to show."""
    return shared_invitations.invitation_check_code(
        invitation,
        code,
        not_found=CenterInvitationNotFound,
        error=CenterInvitationError,
        cancelled_message=_(
            "Cette invitation a été annulée. Demandez-en une nouvelle à un administrateur du centre."
        ),
    )


def _locked_center_members(center_id: int) -> list[CenterMembership]:
    return list(
        CenterMembership.objects.select_for_update().filter(center_id=center_id, disabled_at__isnull=True)
    )


@transaction.atomic
def center_invitation_accept(*, invitation_id: int, code: str, user: User) -> CenterMembership:
    """Join the centre with the signed-in account; the code is single-use.

    The role is the invitation's; without one, ADMIN for the centre's first member and MEMBER afterwards.
    """
    invitation = center_invitation_check(
        CenterInvitation.objects.select_for_update()
        .select_related("center")
        .filter(pk=invitation_id)
        .first(),
        code,
    )
    center = invitation.center
    return shared_invitations.invitation_accept_into(
        invitation,
        user=user,
        members=_locked_center_members(center.pk),
        membership_model=CenterMembership,
        target={"center": center},
        error=CenterInvitationError,
        membership_error=CenterMembershipError,
        already_member_message=_("Vous êtes déjà membre de %(center)s.") % {"center": center.name},
    )


def _locked_member(
    membership: CenterMembership, message: str
) -> tuple[list[CenterMembership], CenterMembership]:
    members = _locked_center_members(membership.center_id)
    found = next((m for m in members if m.pk == membership.pk), None)
    if found is None:
        raise CenterMembershipError(message, code="not_member")
    return members, found


@transaction.atomic
def center_membership_update_role(*, membership: CenterMembership, role: str, by: User) -> CenterMembership:
    """Change a member's role; the centre keeps at least one administrator."""
    if role not in CenterMembership.Role.values:
        raise CenterMembershipError(_("Rôle inconnu."), code="role_invalid")
    members, membership = _locked_member(membership, _("Cette personne n'est plus membre du centre."))
    if role != CenterMembership.Role.ADMIN:
        shared_invitations.check_keeps_an_admin(
            members,
            membership,
            _("C'est le seul administrateur du centre : nommez d'abord un autre administrateur."),
            error=CenterMembershipError,
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def center_membership_disable(*, membership: CenterMembership, by: User) -> CenterMembership:
    """Remove a member (kept, with ``disabled_at``); the last administrator cannot be removed."""
    members, membership = _locked_member(membership, _("Cette personne n'est plus membre du centre."))
    shared_invitations.check_keeps_an_admin(
        members,
        membership,
        _("Impossible de retirer le seul administrateur du centre : nommez d'abord un autre administrateur."),
        error=CenterMembershipError,
    )
    membership.disabled_at = timezone.now()
    membership.save(update_fields=["disabled_at"])
    return membership


@transaction.atomic
def center_membership_leave(*, membership: CenterMembership) -> CenterMembership:
    """Leave a centre. The last administrator may leave only when nobody else remains."""
    members, membership = _locked_member(membership, _("Vous n'êtes plus membre de ce centre."))
    if len(members) > 1:
        shared_invitations.check_keeps_an_admin(
            members,
            membership,
            _(
                "Vous êtes le seul administrateur : nommez d'abord un autre administrateur dans l'équipe, "
                "puis quittez le centre."
            ),
            error=CenterMembershipError,
        )
    membership.disabled_at = timezone.now()
    membership.save(update_fields=["disabled_at"])
    return membership
