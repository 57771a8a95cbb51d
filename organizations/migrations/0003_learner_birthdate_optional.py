from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_invitations_learners_imports"),
    ]

    operations = [
        migrations.AlterField(
            model_name="organizationlearner",
            name="birthdate",
            field=models.DateField(blank=True, null=True, verbose_name="date de naissance"),
        ),
    ]
