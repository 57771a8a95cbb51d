"""Writes for campaigns: create, update, archive, delete; start, share and retry a participation.

The rules come from pix-orga-learner.md §1.6–§1.7 and pix-engine.md §10; the mastery, stage and
badge computations are the engine's (assessments.engine.scoring).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.engine import knowledge, scoring
from assessments.models import Assessment
from assessments.selectors import knowledge_elements_of, referential_snapshot
from campaigns.models import (
    BadgeAcquisition,
    Campaign,
    CampaignParticipation,
    CampaignSkill,
    StageAcquisition,
    TargetProfile,
)
from campaigns.selectors import campaign_engine_badges, campaign_engine_skills, campaign_engine_stages
from organizations.models import Membership, OrganizationLearner

CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ"  # no I, L, O
CODE_DIGITS = "23456789"
DAYS_BEFORE_RETRYING = 4
MAX_TITLE_LENGTH = 50


class CampaignError(Exception):
    """A refusal a teacher or a learner can understand; `code` is stable for API clients."""

    code = "campaign_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.detail = message
        if code:
            self.code = code


# -- Campaigns (Pix Orga) -------------------------------------------------------------------


def campaign_code_generate() -> str:
    """Six letters without I, L, O, then three digits from 2 to 9, not used by any campaign."""
    while True:
        code = "".join(secrets.choice(CODE_LETTERS) for _ in range(6)) + "".join(
            secrets.choice(CODE_DIGITS) for _ in range(3)
        )
        if not Campaign.objects.filter(code=code).exists():
            return code


@transaction.atomic
def campaign_create(
    *,
    organization,
    creator,
    name: str,
    type: str,
    target_profile: TargetProfile | None = None,
    owner=None,
    title: str = "",
    external_id_label: str = "",
    external_id_type: str = "",
    custom_landing_page_text: str = "",
    custom_result_page_text: str = "",
    custom_result_page_button_text: str = "",
    custom_result_page_button_url: str = "",
    multiple_sendings: bool = False,
) -> Campaign:
    owner = owner or creator
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = str(_("Le nom de la campagne est obligatoire."))
    if type not in Campaign.Type.values:
        errors["type"] = str(_("Choisissez le type de campagne."))
    if type == Campaign.Type.ASSESSMENT and target_profile is None:
        errors["target_profile"] = str(_("Choisissez un profil cible pour une campagne d'évaluation."))
    if type == Campaign.Type.PROFILES_COLLECTION:
        if target_profile is not None:
            errors["target_profile"] = str(_("Une collecte de profils n'a pas de profil cible."))
        if title or custom_result_page_button_text or custom_result_page_button_url:
            errors["title"] = str(
                _("Une collecte de profils n'a ni titre de parcours ni bouton de fin de parcours.")
            )
    if len(title) > MAX_TITLE_LENGTH:
        errors["title"] = str(_("Le titre du parcours ne doit pas dépasser 50 caractères."))
    if bool(custom_result_page_button_text) != bool(custom_result_page_button_url):
        errors["custom_result_page_button_url"] = str(_("Le texte et l'adresse du bouton vont ensemble."))
    if custom_result_page_button_url:
        try:
            URLValidator()(custom_result_page_button_url)
        except ValidationError:
            errors["custom_result_page_button_url"] = str(_("L'adresse du bouton n'est pas valide."))
    if external_id_label and external_id_type not in Campaign.ExternalIdType.values:
        errors["external_id_type"] = str(_("Choisissez le type de l'identifiant externe."))
    if target_profile is not None and not _target_profile_available(target_profile, organization):
        errors["target_profile"] = str(_("Ce profil cible n'est pas disponible pour votre organisation."))
    if not _is_member(owner, organization):
        errors["owner"] = str(_("Le propriétaire doit être membre de l'organisation."))
    if errors:
        raise ValidationError(errors)

    campaign = Campaign.objects.create(
        organization=organization,
        creator=creator,
        owner=owner,
        name=name.strip(),
        code=campaign_code_generate(),
        type=type,
        target_profile=target_profile,
        title=title,
        external_id_label=external_id_label,
        external_id_type=external_id_type if external_id_label else "",
        custom_landing_page_text=custom_landing_page_text,
        custom_result_page_text=custom_result_page_text,
        custom_result_page_button_text=custom_result_page_button_text,
        custom_result_page_button_url=custom_result_page_button_url,
        multiple_sendings=multiple_sendings,
    )
    if target_profile is not None:
        snapshot = referential_snapshot()
        skills = scoring.campaign_skills_from_capped_tubes(
            skills=snapshot.skills.values(),
            capped_tubes=[
                scoring.CappedTube(tube=tube_name, level=level)
                for tube_name, level in target_profile.tubes.values_list("tube__name", "level")
            ],
        )
        CampaignSkill.objects.bulk_create(
            CampaignSkill(campaign=campaign, skill_id=snapshot.skill_pks[skill.id]) for skill in skills
        )
    return campaign


def campaign_update(
    *,
    campaign: Campaign,
    name: str | None = None,
    title: str | None = None,
    custom_landing_page_text: str | None = None,
    owner=None,
    multiple_sendings: bool | None = None,
) -> Campaign:
    errors: dict[str, str] = {}
    if name is not None and not name.strip():
        errors["name"] = str(_("Le nom de la campagne est obligatoire."))
    if title is not None and len(title) > MAX_TITLE_LENGTH:
        errors["title"] = str(_("Le titre du parcours ne doit pas dépasser 50 caractères."))
    if title and campaign.type == Campaign.Type.PROFILES_COLLECTION:
        errors["title"] = str(_("Une collecte de profils n'a pas de titre de parcours."))
    if owner is not None and not _is_member(owner, campaign.organization):
        errors["owner"] = str(_("Le propriétaire doit être membre de l'organisation."))
    if (
        multiple_sendings is not None
        and multiple_sendings != campaign.multiple_sendings
        and campaign.participations.exists()
    ):
        errors["multiple_sendings"] = str(
            _("L'envoi multiple ne peut plus changer : la campagne a des participants.")
        )
    if errors:
        raise ValidationError(errors)
    for field, value in (
        ("name", name.strip() if name is not None else None),
        ("title", title),
        ("custom_landing_page_text", custom_landing_page_text),
        ("owner", owner),
        ("multiple_sendings", multiple_sendings),
    ):
        if value is not None:
            setattr(campaign, field, value)
    campaign.save()
    return campaign


def campaign_archive(*, campaign: Campaign, by, now: datetime | None = None) -> None:
    if campaign.archived_at is not None:
        raise CampaignError(str(_("Cette campagne est déjà archivée.")), code="already_archived")
    campaign.archived_at = now or timezone.now()
    campaign.archived_by = by
    campaign.save(update_fields=["archived_at", "archived_by"])


def campaign_unarchive(*, campaign: Campaign) -> None:
    campaign.archived_at = None
    campaign.archived_by = None
    campaign.save(update_fields=["archived_at", "archived_by"])


@transaction.atomic
def campaign_delete(*, campaign: Campaign, by, now: datetime | None = None) -> None:
    """Soft-delete and anonymise: only an ADMIN of the organization or the campaign's owner may."""
    is_admin = Membership.objects.filter(
        user=by, organization=campaign.organization, role=Membership.Role.ADMIN, disabled_at__isnull=True
    ).exists()
    if not (is_admin or campaign.owner_id == by.pk or by.is_superuser):
        raise CampaignError(
            str(
                _(
                    "Seuls un administrateur de l'organisation ou le propriétaire peuvent supprimer cette campagne."
                )
            ),
            code="forbidden",
        )
    now = now or timezone.now()
    campaign.participations.filter(deleted_at__isnull=True).update(
        deleted_at=now, deleted_by=by, user=None, participant_external_id=""
    )
    campaign.deleted_at = now
    campaign.deleted_by = by
    campaign.save(update_fields=["deleted_at", "deleted_by"])


def _is_member(user, organization) -> bool:
    return Membership.objects.filter(user=user, organization=organization, disabled_at__isnull=True).exists()


def _target_profile_available(target_profile: TargetProfile, organization) -> bool:
    if target_profile.outdated:
        return False
    return (
        target_profile.owner_organization_id is None
        or target_profile.owner_organization_id == organization.pk
        or target_profile.shared_with.filter(pk=organization.pk).exists()
    )


# -- Participations (learner site) ---------------------------------------------------------


@dataclass(frozen=True)
class StartedParticipation:
    participation: CampaignParticipation
    assessment: Assessment | None  # None for a profiles collection


@dataclass(frozen=True)
class _StartPlan:
    learner: OrganizationLearner | None  # None: to create (not restricted, first participation here)
    previous: CampaignParticipation | None  # the participation a retry replaces
    external_id: str


def participation_start_check(
    *,
    campaign: Campaign,
    user,
    participant_external_id: str | None = None,
    is_reset: bool = False,
    now: datetime | None = None,
) -> None:
    """Raise the refusal `participation_start` would raise, without starting: for pages that show it first."""
    _start_plan(
        campaign=campaign,
        user=user,
        participant_external_id=participant_external_id,
        is_reset=is_reset,
        now=now or timezone.now(),
    )


def participation_start(
    *,
    campaign: Campaign,
    user,
    participant_external_id: str | None = None,
    is_reset: bool = False,
    now: datetime | None = None,
) -> StartedParticipation:
    """Join a campaign, or start it again (multiple sendings), with the refusals of §1.7.

    The participation is tied to the learner the organization knows: in a restricted campaign the
    imported student the account was reconciled with (refused without one), otherwise the account's
    learner record in the organization, created from its names the first time (§1.6).
    """
    now = now or timezone.now()
    plan = _start_plan(
        campaign=campaign,
        user=user,
        participant_external_id=participant_external_id,
        is_reset=is_reset,
        now=now,
    )
    learner, previous, external_id = plan.learner, plan.previous, plan.external_id
    try:
        with transaction.atomic():
            if learner is None:
                learner = _organization_learner_create(campaign=campaign, user=user)
            elif learner.is_disabled:  # not restricted: taking part again brings the record back
                OrganizationLearner.objects.filter(pk=learner.pk).update(is_disabled=False)
            if previous is not None:
                CampaignParticipation.objects.filter(pk=previous.pk).update(is_improved=True)
                if is_reset:
                    _reset_campaign_knowledge(campaign=campaign, user=user, now=now)
            participation = CampaignParticipation.objects.create(
                campaign=campaign,
                user=user,
                organization_learner=learner,
                participant_external_id=external_id,
                created_at=now,
            )
            assessment = None
            if campaign.is_assessment:
                assessment = Assessment.objects.create(
                    user=user,
                    type=Assessment.Type.CAMPAIGN,
                    campaign_participation=participation,
                    is_improving=previous is not None,
                    created_at=now,
                )
    except IntegrityError as error:  # pragma: no cover - a double click racing itself
        raise CampaignError(
            str(_("Vous avez déjà participé à ce parcours.")), code="already_participated"
        ) from error
    return StartedParticipation(participation=participation, assessment=assessment)


def _start_plan(
    *, campaign: Campaign, user, participant_external_id: str | None, is_reset: bool, now: datetime
) -> _StartPlan:
    if not campaign.is_accessible:
        raise CampaignError(
            str(_("Ce parcours n'est plus accessible : il a été archivé ou supprimé.")), code="archived"
        )
    if not user.is_active:
        raise CampaignError(str(_("Votre compte est désactivé.")), code="user_disabled")
    learner = _organization_learner_of(campaign=campaign, user=user)
    if campaign.is_restricted:
        if learner is None:
            raise CampaignError(
                str(
                    _(
                        "Ce parcours est réservé aux élèves de %(organization)s : "
                        "indiquez d'abord qui vous êtes pour le rejoindre."
                    )
                    % {"organization": campaign.organization.name}
                ),
                code="not_reconciled",
            )
        if learner.is_disabled:
            raise CampaignError(
                str(
                    _(
                        "Vous ne figurez plus dans la liste des élèves de %(organization)s : vous ne pouvez pas "
                        "rejoindre ce parcours. Si c'est une erreur, parlez-en à votre professeur."
                    )
                    % {"organization": campaign.organization.name}
                ),
                code="learner_disabled",
            )
    if learner is not None and _learner_took_part_with_another_account(
        campaign=campaign, learner=learner, user=user
    ):
        raise CampaignError(
            str(
                _(
                    "%(name)s a déjà participé à ce parcours avec un autre compte Pix. Connectez-vous avec ce "
                    "compte pour retrouver la participation. Si vous ne vous en souvenez plus, demandez de "
                    "l'aide à votre professeur."
                )
                % {"name": learner.full_name}
            ),
            code="learner_already_participated",
        )
    external_id = (participant_external_id or "").strip()
    previous = (
        CampaignParticipation.objects.filter(campaign=campaign, user=user, is_improved=False)
        .order_by("-created_at")
        .first()
    )
    if previous is not None:
        if previous.deleted_at is not None:
            raise CampaignError(str(_("Votre participation à ce parcours a été supprimée.")), code="deleted")
        if not campaign.multiple_sendings:
            raise CampaignError(
                str(_("Vous avez déjà participé à ce parcours.")), code="already_participated"
            )
        if not previous.is_shared:
            raise CampaignError(
                str(_("Vous avez déjà commencé ce parcours : reprenez-le et envoyez vos résultats.")),
                code="not_shared",
            )
        if is_reset:
            if not can_reset(participation=previous, now=now):
                raise CampaignError(
                    str(_("Vous ne pouvez pas encore repartir de zéro sur ce parcours.")), code="cannot_reset"
                )
        elif _nothing_to_improve(participation=previous):
            raise CampaignError(
                str(_("Vous maîtrisez déjà tout ce que ce parcours évalue.")), code="nothing_to_improve"
            )
        external_id = previous.participant_external_id or external_id
    if campaign.external_id_label and not external_id:
        raise CampaignError(
            str(_("Merci d'indiquer votre %(label)s.") % {"label": campaign.external_id_label}),
            code="missing_external_id",
        )
    if campaign.external_id_type == Campaign.ExternalIdType.EMAIL and external_id:
        try:
            validate_email(external_id)
        except ValidationError:
            raise CampaignError(
                str(_("Cette adresse e-mail n'est pas valide.")), code="invalid_email"
            ) from None
    return _StartPlan(learner=learner, previous=previous, external_id=external_id)


def _organization_learner_of(*, campaign: Campaign, user) -> OrganizationLearner | None:
    """The account's current learner record in the campaign's organization (one at most)."""
    return OrganizationLearner.objects.filter(
        organization_id=campaign.organization_id, user=user, deleted_at__isnull=True
    ).first()


def _organization_learner_create(*, campaign: Campaign, user) -> OrganizationLearner:
    """The account's learner record in an organization that does not manage its students (§1.6)."""
    try:
        with transaction.atomic():
            return OrganizationLearner.objects.create(
                organization_id=campaign.organization_id,
                user=user,
                first_name=user.first_name,
                last_name=user.last_name,
            )
    except IntegrityError:  # pragma: no cover - created meanwhile by a start in another campaign
        return _organization_learner_of(campaign=campaign, user=user)


def _learner_took_part_with_another_account(
    *, campaign: Campaign, learner: OrganizationLearner, user
) -> bool:
    """Refusal 11 of §1.7: this student's current participation belongs to another account."""
    return (
        CampaignParticipation.objects.filter(
            campaign=campaign, organization_learner=learner, deleted_at__isnull=True, is_improved=False
        )
        .exclude(user=user)
        .exists()
    )


def _nothing_to_improve(*, participation: CampaignParticipation) -> bool:
    """Every campaign skill was validated when the results were sent: a retry cannot do better (§1.7, 7)."""
    campaign = participation.campaign
    return campaign.is_assessment and (participation.validated_skills_count or 0) >= len(
        campaign_engine_skills(campaign=campaign)
    )


def can_retry(*, participation: CampaignParticipation) -> bool:
    """ "Repasser le parcours": results sent, multiple sendings, something left to gain, still open."""
    campaign = participation.campaign
    return bool(
        campaign.multiple_sendings
        and campaign.is_accessible
        and participation.is_shared
        and participation.deleted_at is None
        and not participation.is_improved
        and participation.user is not None
        and participation.user.is_active
        and _learner_is_active(participation)
        and not _nothing_to_improve(participation=participation)
    )


def _learner_is_active(participation: CampaignParticipation) -> bool:
    """The organization still counts the participant among its learners (not disabled by an import)."""
    return participation.organization_learner_id is None or not participation.organization_learner.is_disabled


def can_reset(*, participation: CampaignParticipation, now: datetime | None = None) -> bool:
    """Repartir de zéro: allowed by the profile, multiple sendings, 4 days after sharing (§10.2)."""
    now = now or timezone.now()
    campaign = participation.campaign
    profile = campaign.target_profile
    return bool(
        profile is not None
        and profile.are_knowledge_elements_resettable
        and campaign.multiple_sendings
        and campaign.is_accessible
        and participation.deleted_at is None
        and participation.user is not None
        and participation.user.is_active
        and _learner_is_active(participation)
        and participation.is_shared
        and participation.shared_at is not None
        and now - participation.shared_at >= timedelta(days=DAYS_BEFORE_RETRYING)
    )


def _reset_campaign_knowledge(*, campaign: Campaign, user, now: datetime) -> None:
    from assessments.services import _store_knowledge_elements

    snapshot = referential_snapshot()
    campaign_skill_ids = {skill.id for skill in campaign_engine_skills(campaign=campaign)}
    current = knowledge.latest_knowledge_elements(
        knowledge_elements=knowledge_elements_of(user=user, snapshot=snapshot)
    )
    to_reset = tuple(e for e in current if e.skill_id in campaign_skill_ids)
    resets = tuple(
        element
        for code in {e.competence for e in to_reset}
        for element in knowledge.reset_knowledge_elements(
            knowledge_elements=[e for e in to_reset if e.competence == code], competence=code, now=now
        )
    )
    _store_knowledge_elements(user=user, snapshot=snapshot, elements=resets)


@transaction.atomic
def participation_share(
    *, participation: CampaignParticipation, now: datetime | None = None
) -> CampaignParticipation:
    """ "J'envoie mes résultats": freeze the results the organization will see (§1.7)."""
    now = now or timezone.now()
    participation = (
        CampaignParticipation.objects.select_for_update().select_related("campaign").get(pk=participation.pk)
    )
    campaign = participation.campaign
    if participation.is_shared:
        raise CampaignError(str(_("Vos résultats ont déjà été envoyés.")), code="already_shared")
    if not campaign.is_accessible:
        raise CampaignError(
            str(_("Ce parcours n'est plus accessible : il a été archivé ou supprimé.")), code="archived"
        )
    if participation.deleted_at is not None:
        raise CampaignError(str(_("Votre participation à ce parcours a été supprimée.")), code="deleted")
    if campaign.is_assessment:
        last = participation.assessments.order_by("-created_at").first()
        if last is None or last.state != Assessment.State.COMPLETED:
            raise CampaignError(
                str(_("Terminez d'abord le parcours avant d'envoyer vos résultats.")), code="not_completed"
            )
    results = participation_results(participation=participation, now=now)
    participation.status = CampaignParticipation.Status.SHARED
    participation.shared_at = now
    participation.validated_skills_count = results.get("validated_skills_count")
    rate = results.get("mastery_rate")
    participation.mastery_rate = Decimal(str(rate)) if rate is not None else None
    participation.pix_score = results.get("pix_score")
    participation.results_snapshot = results
    participation.save()
    if campaign.is_assessment:
        StageAcquisition.objects.bulk_create(
            [StageAcquisition(participation=participation, stage_id=i) for i in results["stage_ids"]],
            ignore_conflicts=True,
        )
        BadgeAcquisition.objects.bulk_create(
            [BadgeAcquisition(participation=participation, badge_id=i) for i in results["badge_ids"]],
            ignore_conflicts=True,
        )
    return participation


def participation_results(*, participation: CampaignParticipation, now: datetime | None = None) -> dict:
    """What a participation shows now: for an assessment, skills, mastery, stages and badges; for a
    profiles collection, the 16-competence profile (capped, as the learner sees it)."""
    snapshot = referential_snapshot()
    campaign = participation.campaign
    elements = knowledge.latest_knowledge_elements(
        knowledge_elements=knowledge_elements_of(
            user=participation.user_id, snapshot=snapshot, limit_date=now
        )
    )
    if not campaign.is_assessment:
        scores = scoring.competence_scores(
            knowledge_elements=elements, competences=list(snapshot.competences)
        )
        return {
            "pix_score": sum(score.pix_score for score in scores.values()),
            "competences": {code: {"level": s.level, "pix": s.pix_score} for code, s in scores.items()},
            "certifiable_competences": sum(1 for s in scores.values() if s.level >= 1),
        }
    skills = campaign_engine_skills(campaign=campaign)
    skill_ids = {skill.id for skill in skills}
    statuses = {e.skill_id: e.status.value for e in elements if e.skill_id in skill_ids}
    validated = {skill_id for skill_id, status in statuses.items() if status == "validated"}
    stages = campaign_engine_stages(campaign=campaign)
    acquired = scoring.acquired_stages(stages=stages, campaign_skills=skills, validated_skill_ids=validated)
    badges = [
        scoring.badge_result(badge=badge, campaign_skills=skills, validated_skill_ids=validated)
        for badge in campaign_engine_badges(campaign=campaign)
    ]
    return {
        "skills": statuses,
        "validated_skills_count": len(validated),
        "skills_count": len(skill_ids),
        "mastery_rate": float(scoring.mastery_rate(validated_skill_ids=validated, skill_ids=skill_ids)),
        "mastery_percentage": scoring.mastery_percentage(validated_skill_ids=validated, skill_ids=skill_ids),
        "stage_ids": [stage.id for stage in acquired],
        "badge_ids": [result.badge_id for result in badges if result.is_obtained],
        "pix_score": None,
    }
