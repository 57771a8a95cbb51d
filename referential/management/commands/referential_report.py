import json

from django.core.management.base import BaseCommand

from referential.selectors import referential_report


class Command(BaseCommand):
    help = (
        "Print the state of the loaded content: counts per competence, level, type, and self-check failures."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON (the default is a short summary)")

    def handle(self, *args, **options) -> None:
        report = referential_report()
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        c = report["challenges"]
        self.stdout.write(
            f"{report['areas']} areas, {report['competences']} competences, {report['tubes']} tubes, "
            f"{report['skills']['total']} skills, {c['total']} challenges ({c['timed']} timed, {c['focused']} focused, "
            f"{c['with_attachments']} with attachments, {c['with_illustrations']} illustrated, "
            f"{c['with_simulators']} with a simulator), {report['tutorials']} tutorials, "
            f"self-check failures: {report['self_check_failures']}"
        )
