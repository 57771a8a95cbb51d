import django.db.models.deletion
from django.db import migrations, models


def link_existing_participations(apps, schema_editor):
    """Participations started before this field: the account's learner in the campaign's organization,
    created from the account's names when the organization does not manage its students (§1.6)."""
    participation_model = apps.get_model("campaigns", "CampaignParticipation")
    learner_model = apps.get_model("organizations", "OrganizationLearner")
    rows = participation_model.objects.filter(
        organization_learner__isnull=True, user__isnull=False
    ).select_related("campaign__organization", "user")
    for participation in rows.iterator():
        organization = participation.campaign.organization
        learner = learner_model.objects.filter(
            organization=organization, user=participation.user, deleted_at__isnull=True
        ).first()
        if learner is None and not organization.is_managing_students:
            learner = learner_model.objects.create(
                organization=organization,
                user=participation.user,
                first_name=participation.user.first_name,
                last_name=participation.user.last_name,
            )
        if learner is not None:
            participation_model.objects.filter(pk=participation.pk).update(organization_learner=learner)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_participant_external_id_blank"),
        ("organizations", "0003_learner_birthdate_optional"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaignparticipation",
            name="organization_learner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="participations",
                to="organizations.organizationlearner",
                verbose_name="élève ou participant",
            ),
        ),
        migrations.RunPython(link_existing_participations, migrations.RunPython.noop),
    ]
