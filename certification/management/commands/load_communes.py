from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certification.birth_referential import ReferentialFileError, communes_load


class Command(BaseCommand):
    help = (
        "Load the French communes used to check candidates' birth places, from La Poste's "
        "'Base officielle des codes postaux' CSV (columns #Code_commune_INSEE;Nom_de_la_commune;Code_postal;"
        "Libellé_d_acheminement;Ligne_5). Replaces the communes already loaded."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            count = communes_load(raw=path.read_bytes())
        except ReferentialFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{count} communes loaded."))
