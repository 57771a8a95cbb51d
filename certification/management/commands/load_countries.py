from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certification.birth_referential import ReferentialFileError, countries_load


class Command(BaseCommand):
    help = (
        "Load the countries used to check candidates' birth places, from INSEE's country file "
        "(Code officiel géographique, columns COG, ACTUAL, LIBCOG, ANCNOM…). Replaces the countries already loaded."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            count = countries_load(raw=path.read_bytes())
        except ReferentialFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{count} country names loaded."))
