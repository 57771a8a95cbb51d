from django.core.management.base import BaseCommand, CommandError

from referential.content_release import ContentInvalid
from referential.services import release_load


class Command(BaseCommand):
    help = "Validate the content files (referential/content/) and load them as a new release, all or nothing."

    def handle(self, *args, **options) -> None:
        try:
            result = release_load()
        except ContentInvalid as error:
            lines = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(
                f"Content refused, nothing was loaded ({len(error.problems)} problem(s)):\n{lines}"
            ) from error
        if result.created:
            counts = ", ".join(f"{value} {name}" for name, value in result.counts.items())
            self.stdout.write(
                self.style.SUCCESS(f"Loaded content release #{result.release.number}: {counts}.")
            )
            if any(result.archived.values()):
                self.stdout.write(f"Archived (gone from the files): {result.archived}")
        else:
            self.stdout.write(f"Content unchanged since release #{result.release.number}: nothing to load.")
