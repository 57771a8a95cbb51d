from django.core.management.base import BaseCommand

from pix.demo import seed_demo


class Command(BaseCommand):
    help = "Create (or refresh) the demo accounts, school and certification centre."

    def handle(self, *args, **options) -> None:
        accounts = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Accounts (login / password):"))
        for account in accounts:
            self.stdout.write(f"  {account.role:<38} {account.login:<24} {account.password}")
