"""Writes of Pix Orga's floor (pix-orga-learner.md §1.3 and §1.5).

- invitations: create (or re-send a pending one), re-send, cancel, accept;
- memberships: change a role, remove a member, leave; an organization always keeps an administrator;
- students: SIECLE XML, SCO CSV and SUP CSV imports, all or nothing; import jobs for large files;
- reconciliation: linking a Pix account to an imported student, strict then tolerant name matching;
- usernames: accounts with temporary passwords for a class's students who have none.

Refusals raise an ``OrganizationError`` whose ``detail`` is a French message for the person (and
``code`` a stable machine code). An import never raises for a bad file: its result lists every error.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import user_create_with_username
from organizations import imports, matching
from organizations import invitations as shared
from organizations.imports import ImportIssue, ParsedFile
from organizations.models import ImportJob, Invitation, Membership, Organization, OrganizationLearner

# -- Errors ---------------------------------------------------------------------------------------


class OrganizationError(Exception):
    """A refusal, with a message for the person (``detail``) and a stable machine ``code``."""

    code = "organization_error"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code


class InvitationError(OrganizationError):
    code = "invitation"


class InvitationNotFound(InvitationError):
    """Unknown invitation or wrong code: the page answers 404, as for anything one may not see."""

    code = "invitation_not_found"


class MembershipError(OrganizationError):
    code = "membership"


class ReconciliationError(OrganizationError):
    """Codes of pix-orga-learner.md §1.5: NOT_FOUND, R31/R32/R33, R11/R12/R13, R70."""

    code = "reconciliation"


class StudentsError(OrganizationError):
    code = "students"


# -- Invitations (the shared rules live in organizations/invitations.py) -------------------------

INVITATION_CODE_LENGTH = shared.CODE_LENGTH
INVITATION_CODE_ALPHABET = shared.CODE_ALPHABET
INVITATION_RESEND_DELAY = shared.RESEND_DELAY
invitation_code_generate = shared.code_generate


def invitation_url(invitation: Invitation) -> str:
    path = reverse("orga:invitation", args=[invitation.pk])
    return f"{settings.SITE_URL.rstrip('/')}{path}?code={invitation.code}"


def _invitation_send(invitation: Invitation) -> None:
    context = {
        "invitation": invitation,
        "organization": invitation.organization,
        "url": invitation_url(invitation),
    }
    subject = _("Invitation à rejoindre %(organization)s sur Pix Orga") % {
        "organization": invitation.organization.name
    }
    body = render_to_string("organizations/invitation_email.txt", context)
    shared.invitation_email_send(
        subject=subject, body=body, email=invitation.email, error=InvitationError, send=send_mail
    )


def _email_checked(email: str) -> str:
    return shared.email_checked(email, error=InvitationError)


@transaction.atomic
def invitation_create(
    *, organization: Organization, email: str, role: str = "", invited_by: User | None = None
) -> Invitation:
    """Invite a person by e-mail; a pending invitation to the same address is re-sent, not duplicated.

    ``role`` is ADMIN, MEMBER or "" (automatic: administrator if the organization has no member yet).
    Nothing is kept if the e-mail cannot be sent.
    """
    email = _email_checked(email)
    shared.role_checked(role, membership_model=Membership, error=InvitationError)
    if organization.archived_at is not None:
        raise InvitationError(_("Cette organisation est archivée : on ne peut plus y inviter personne."))
    if Membership.objects.filter(
        organization=organization, disabled_at__isnull=True, user__email__iexact=email
    ).exists():
        raise InvitationError(
            _("%(email)s est déjà membre de l'organisation.") % {"email": email}, code="already_member"
        )
    invitation = shared.invitation_upsert(
        model=Invitation, target={"organization": organization}, email=email, role=role, invited_by=invited_by
    )
    _invitation_send(invitation)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
    shared.invitation_mark_resent(invitation, error=InvitationError)
    _invitation_send(invitation)
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    return shared.invitation_mark_cancelled(invitation, error=InvitationError)


def invitation_check(invitation: Invitation | None, code: str) -> Invitation:
    """The invitation if ``code`` is its code and it can still be accepted, else the refusal to show."""
    invitation = shared.invitation_check_code(
        invitation,
        code,
        not_found=InvitationNotFound,
        error=InvitationError,
        cancelled_message=_(
            "Cette invitation a été annulée. Demandez-en une nouvelle à un administrateur de l'organisation."
        ),
    )
    if invitation.organization.archived_at is not None:
        raise InvitationError(_("Cette organisation est archivée."), code="archived")
    return invitation


@transaction.atomic
def invitation_accept(*, invitation_id: int, code: str, user: User) -> Membership:
    """Join the organization with the signed-in account (the code, single-use, is what counts).

    The role is the invitation's; without one, ADMIN for the first member and MEMBER afterwards.
    A member accepting an invitation that carries a role gets that role; without a role, they are told
    they are already a member.
    """
    invitation = invitation_check(
        Invitation.objects.select_for_update()
        .select_related("organization")
        .filter(pk=invitation_id)
        .first(),
        code,
    )
    organization = invitation.organization
    return shared.invitation_accept_into(
        invitation,
        user=user,
        members=_locked_members(organization.pk),
        membership_model=Membership,
        target={"organization": organization},
        error=InvitationError,
        membership_error=MembershipError,
        already_member_message=_("Vous êtes déjà membre de %(organization)s.")
        % {"organization": organization.name},
    )


# -- Memberships ----------------------------------------------------------------------------------


def _check_keeps_an_admin(members: Iterable[Membership], leaving: Membership, message: str) -> None:
    """Refuse when ``leaving`` is the organization's last active administrator."""
    shared.check_keeps_an_admin(members, leaving, message, error=MembershipError)


def _locked_members(organization_id: int) -> list[Membership]:
    return list(
        Membership.objects.select_for_update().filter(
            organization_id=organization_id, disabled_at__isnull=True
        )
    )


@transaction.atomic
def membership_update_role(*, membership: Membership, role: str, by: User) -> Membership:
    if role not in Membership.Role.values:
        raise MembershipError(_("Rôle inconnu."), code="role_invalid")
    members = _locked_members(membership.organization_id)
    membership = next((m for m in members if m.pk == membership.pk), None)
    if membership is None:
        raise MembershipError(_("Cette personne n'est plus membre de l'organisation."), code="not_member")
    if role != Membership.Role.ADMIN:
        _check_keeps_an_admin(
            members,
            membership,
            _("C'est le seul administrateur de l'organisation : nommez d'abord un autre administrateur."),
        )
    membership.role = role
    membership.updated_by = by
    membership.save(update_fields=["role", "updated_by"])
    return membership


@transaction.atomic
def membership_disable(*, membership: Membership, by: User) -> Membership:
    """Remove a member (kept, with ``disabled_at``); the last administrator cannot be removed."""
    members = _locked_members(membership.organization_id)
    membership = next((m for m in members if m.pk == membership.pk), None)
    if membership is None:
        raise MembershipError(_("Cette personne n'est plus membre de l'organisation."), code="not_member")
    _check_keeps_an_admin(
        members,
        membership,
        _(
            "Impossible de retirer le seul administrateur de l'organisation : nommez d'abord un autre administrateur."
        ),
    )
    membership.disabled_at = timezone.now()
    membership.updated_by = by
    membership.save(update_fields=["disabled_at", "updated_by"])
    return membership


@transaction.atomic
def membership_leave(*, membership: Membership) -> Membership:
    """Leave an organization. The last administrator may leave only when nobody else remains."""
    members = _locked_members(membership.organization_id)
    membership = next((m for m in members if m.pk == membership.pk), None)
    if membership is None:
        raise MembershipError(_("Vous n'êtes plus membre de cette organisation."), code="not_member")
    if len(members) > 1:
        _check_keeps_an_admin(
            members,
            membership,
            _(
                "Vous êtes le seul administrateur : nommez d'abord un autre administrateur dans l'équipe, puis quittez l'organisation."
            ),
        )
    membership.disabled_at = timezone.now()
    membership.updated_by = membership.user
    membership.save(update_fields=["disabled_at", "updated_by"])
    return membership


# -- Students imports -----------------------------------------------------------------------------

BULK_BATCH = 500


@dataclass
class ImportResult:
    errors: list[ImportIssue] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    disabled: int = 0
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _refused(code: str) -> ImportResult:
    return ImportResult(errors=[ImportIssue(code=code)])


def learners_import_siecle(*, organization: Organization, file: IO[bytes]) -> ImportResult:
    """Import a SIECLE export (XML, zipped or not): the school's students this year, all or nothing.

    Students missing from the file are disabled (they left); those in it are created or updated by INE.
    """
    if not organization.imports_sco_students:
        return _refused("ORGANIZATION_NOT_SCO")
    return _import(
        lambda: imports.parse_siecle(file, organization_uai=organization.external_id),
        organization=organization,
        key_field="national_student_id",
        disable_missing=True,
    )


def learners_import_sco_csv(*, organization: Organization, file: IO[bytes]) -> ImportResult:
    """The CSV alternative to SIECLE (e.g. agricultural schools); same rules, by "Identifiant unique"."""
    if not organization.imports_sco_students:
        return _refused("ORGANIZATION_NOT_SCO")
    return _import(
        lambda: imports.parse_sco_csv(file),
        organization=organization,
        key_field="national_student_id",
        disable_missing=True,
    )


def learners_import_sup_csv(
    *, organization: Organization, file: IO[bytes], mode: str = "add"
) -> ImportResult:
    """A university's students by student number. ``add``: create or update those of the file;
    ``replace``: the same, and disable the students missing from the file."""
    if not organization.imports_sup_students:
        return _refused("ORGANIZATION_NOT_SUP")
    if mode not in ImportJob.Mode.values:
        raise StudentsError(_("Mode d'import inconnu."), code="mode_invalid")
    return _import(
        lambda: imports.parse_sup_csv(file),
        organization=organization,
        key_field="student_number",
        disable_missing=mode == ImportJob.Mode.REPLACE,
    )


def _import(
    parse: Callable[[], ParsedFile], *, organization: Organization, key_field: str, disable_missing: bool
) -> ImportResult:
    try:
        parsed = parse()
    except imports.FileRefused as refused:
        return ImportResult(errors=[refused.issue])
    if parsed.errors:
        return ImportResult(errors=parsed.errors, skipped=parsed.skipped)
    result = _store(organization, parsed, key_field=key_field, disable_missing=disable_missing)
    result.skipped = parsed.skipped
    return result


@transaction.atomic
def _store(
    organization: Organization, parsed: ParsedFile, *, key_field: str, disable_missing: bool
) -> ImportResult:
    """Create, update and disable in bulk: a handful of queries per 500 students, whatever the file."""
    now = timezone.now()
    existing = {
        getattr(learner, key_field): learner
        for learner in OrganizationLearner.objects.select_for_update()
        .filter(organization=organization, deleted_at__isnull=True)
        .exclude(**{key_field: ""})
    }
    to_create: list[OrganizationLearner] = []
    to_update: list[OrganizationLearner] = []
    changed_fields: set[str] = set()
    seen: set[str] = set()
    for row in parsed.rows:
        seen.add(row.key)
        learner = existing.get(row.key)
        if learner is None:
            to_create.append(OrganizationLearner(organization=organization, **row.fields))
            continue
        changes = {name: value for name, value in row.fields.items() if getattr(learner, name) != value}
        if learner.is_disabled:
            changes["is_disabled"] = False
        if changes:
            for name, value in changes.items():
                setattr(learner, name, value)
            learner.updated_at = now
            changed_fields.update(changes)
            to_update.append(learner)
    OrganizationLearner.objects.bulk_create(to_create, batch_size=BULK_BATCH)
    if to_update:
        OrganizationLearner.objects.bulk_update(
            to_update, sorted(changed_fields | {"updated_at"}), batch_size=BULK_BATCH
        )
    disabled = 0
    if disable_missing:
        gone = [
            learner.pk for key, learner in existing.items() if key not in seen and not learner.is_disabled
        ]
        for start in range(0, len(gone), BULK_BATCH):
            disabled += OrganizationLearner.objects.filter(pk__in=gone[start : start + BULK_BATCH]).update(
                is_disabled=True, updated_at=now
            )
    return ImportResult(created=len(to_create), updated=len(seen) - len(to_create), disabled=disabled)


# -- Import jobs: small files at once, large ones by a worker -------------------------------------

IMPORTERS: dict[str, Callable[..., ImportResult]] = {
    ImportJob.Kind.SIECLE: learners_import_siecle,
    ImportJob.Kind.SCO_CSV: learners_import_sco_csv,
    ImportJob.Kind.SUP_CSV: learners_import_sup_csv,
}


def import_inline_max_bytes() -> int:
    return getattr(settings, "ORGA_IMPORT_INLINE_MAX_BYTES", 2 * 1024 * 1024)


def import_job_start(
    *, organization: Organization, kind: str, file: UploadedFile, mode: str = "add", by: User | None = None
) -> ImportJob:
    """Record the import and run it now (small file) or hand it to a worker (large file, after commit)."""
    if kind not in ImportJob.Kind.values:
        raise StudentsError(_("Format d'import inconnu."), code="kind_invalid")
    job = ImportJob.objects.create(
        organization=organization,
        kind=kind,
        mode=mode if kind == ImportJob.Kind.SUP_CSV else ImportJob.Mode.REPLACE,
        filename=(file.name or "fichier")[-255:],
        size=file.size or 0,
        created_by=by,
    )
    if job.size <= import_inline_max_bytes():
        return import_job_run(job=job, file=file)
    from organizations.tasks import import_job_run_task

    with transaction.atomic():
        job.file.save(f"{uuid.uuid4().hex}.upload", file, save=True)  # never a name chosen by the sender
        import_job_run_task.delay_on_commit(job.pk)
    return job


def import_job_run(*, job: ImportJob, file: IO[bytes] | None = None) -> ImportJob:
    """Run one import and record its outcome; the stored copy of a large file is deleted afterwards."""
    job.status = ImportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    options: dict[str, Any] = {"mode": job.mode} if job.kind == ImportJob.Kind.SUP_CSV else {}
    try:
        if file is not None:
            result = IMPORTERS[job.kind](organization=job.organization, file=file, **options)
        else:
            with job.file.open("rb") as stored:
                result = IMPORTERS[job.kind](organization=job.organization, file=stored, **options)
    except Exception:
        _import_job_finish(job, ImportResult(errors=[ImportIssue(code="IMPORT_CRASHED")]))
        raise
    return _import_job_finish(job, result)


def _import_job_finish(job: ImportJob, result: ImportResult) -> ImportJob:
    if job.file:
        job.file.delete(save=False)
    job.status = ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED
    job.created_count = result.created
    job.updated_count = result.updated
    job.disabled_count = result.disabled
    job.skipped_count = result.skipped
    job.errors = [issue.as_dict() for issue in result.errors]
    job.finished_at = timezone.now()
    job.save()
    return job


# -- Reconciliation -------------------------------------------------------------------------------


def _login_of(user: User) -> tuple[str, str]:
    """(kind, obfuscated login) of an account: how its owner signs in, without revealing it."""
    if user.email:
        return "email", matching.obfuscate_email(user.email)
    return "username", matching.obfuscate_username(user.username or "")


def _already_linked_here(user: User) -> ReconciliationError:
    kind, login = _login_of(user)
    if kind == "email":
        message = _(
            "Un compte Pix est déjà relié à cet élève : celui qui se connecte avec l'adresse e-mail %(login)s. "
            "Connectez-vous avec ce compte. Si vous ne vous en souvenez plus, demandez de l'aide à votre professeur."
        )
        code = "R31"
    else:
        message = _(
            "Un compte Pix est déjà relié à cet élève : celui qui se connecte avec l'identifiant %(login)s. "
            "Connectez-vous avec ce compte. Si vous ne vous en souvenez plus, demandez de l'aide à votre professeur."
        )
        code = "R32"
    return ReconciliationError(message % {"login": login}, code=code)


def _already_linked_elsewhere(user: User) -> ReconciliationError:
    kind, login = _login_of(user)
    if kind == "email":
        message = _(
            "Vous avez déjà un compte Pix, créé dans un autre établissement : il se connecte avec l'adresse "
            "e-mail %(login)s. Connectez-vous avec ce compte pour garder vos résultats. Besoin d'aide ? "
            "Demandez à votre professeur."
        )
        code = "R11"
    else:
        message = _(
            "Vous avez déjà un compte Pix, créé dans un autre établissement : il se connecte avec l'identifiant "
            "%(login)s. Connectez-vous avec ce compte pour garder vos résultats. Besoin d'aide ? "
            "Demandez à votre professeur."
        )
        code = "R12"
    return ReconciliationError(message % {"login": login}, code=code)


@transaction.atomic
def learner_reconcile(
    *,
    organization: Organization,
    user: User,
    first_name: str,
    last_name: str,
    birthdate: date,
    student_number: str | None = None,
) -> OrganizationLearner:
    """Link ``user`` to the imported student they say they are, and return that student.

    SCO: the students born that day whose names match, strictly first, then with a few typos
    (Levenshtein ÷ length ≤ 0.25); exactly one must fit. SUP: the student with that number and
    birthdate, whose names must match the same way. Conflicts are refused with a message a pupil
    understands, naming (half-hidden) the account to use instead.
    """
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join on the account.
    learners = OrganizationLearner.objects.select_for_update(of=("self",)).filter(
        organization=organization, deleted_at__isnull=True, is_disabled=False, birthdate=birthdate
    )
    if organization.type == Organization.Type.SUP:
        learners = (
            learners.filter(student_number=(student_number or "").strip())
            if student_number
            else learners.none()
        )
    candidates = list(learners.select_related("user"))
    found = matching.find_match(
        [
            matching.Candidate(
                id=c.pk,
                first_name=c.first_name,
                middle_name=c.middle_name,
                third_name=c.third_name,
                last_name=c.last_name,
                preferred_last_name=c.preferred_last_name,
            )
            for c in candidates
        ],
        first_name=first_name,
        last_name=last_name,
    )
    if found is None:
        raise ReconciliationError(
            _(
                "Nous ne trouvons pas d'élève avec ce prénom, ce nom et cette date de naissance dans "
                "%(organization)s. Vérifiez l'orthographe et la date, puis réessayez. Si tout est juste, "
                "demandez à votre professeur de vérifier la liste des élèves."
            )
            % {"organization": organization.name},
            code="NOT_FOUND",
        )
    learner = next(c for c in candidates if c.pk == found)
    if learner.user_id == user.pk:
        return learner
    if learner.user_id is not None:
        raise _already_linked_here(learner.user)
    other = (
        OrganizationLearner.objects.filter(organization=organization, user=user, deleted_at__isnull=True)
        .exclude(pk=learner.pk)
        .first()
    )
    if other is not None:
        raise ReconciliationError(
            _(
                "Votre compte est déjà relié à un autre élève de cet établissement (%(name)s). Si ce n'est pas "
                "vous, déconnectez-vous puis connectez-vous avec votre propre compte, ou demandez de l'aide à "
                "votre professeur."
            )
            % {"name": other.full_name},
            code="R70",
        )
    if learner.national_student_id:
        elsewhere = (
            OrganizationLearner.objects.filter(
                national_student_id=learner.national_student_id, user__isnull=False, deleted_at__isnull=True
            )
            .exclude(organization=organization)
            .exclude(user=user)
            .select_related("user")
            .order_by("-updated_at")
            .first()
        )
        if elsewhere is not None:
            raise _already_linked_elsewhere(elsewhere.user)
    learner.user = user
    learner.updated_at = timezone.now()
    learner.save(update_fields=["user", "updated_at"])
    return learner


# -- Usernames for a class ------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedAccount:
    learner_id: int
    first_name: str
    last_name: str
    division: str
    username: str
    password: str  # temporary: shown once to the teacher, stored hashed only


@transaction.atomic
def usernames_generate_for_division(*, organization: Organization, division: str) -> list[GeneratedAccount]:
    """Accounts (username + temporary password) for the class's students who have no Pix account yet."""
    if not organization.imports_sco_students:
        raise StudentsError(
            _("Seuls les établissements scolaires qui gèrent leurs élèves génèrent des identifiants."),
            code="not_sco",
        )
    learners = list(
        OrganizationLearner.objects.select_for_update()
        .filter(
            organization=organization,
            division=division,
            user__isnull=True,
            deleted_at__isnull=True,
            is_disabled=False,
        )
        .order_by("last_name", "first_name", "pk")
    )
    generated: list[GeneratedAccount] = []
    now = timezone.now()
    for learner in learners:
        user, password = user_create_with_username(
            first_name=learner.first_name, last_name=learner.last_name, birthdate=learner.birthdate
        )
        learner.user = user
        learner.updated_at = now
        generated.append(
            GeneratedAccount(
                learner_id=learner.pk,
                first_name=learner.first_name,
                last_name=learner.last_name,
                division=learner.division,
                username=user.username or "",
                password=password,
            )
        )
    OrganizationLearner.objects.bulk_update(learners, ["user", "updated_at"], batch_size=BULK_BATCH)
    return generated
