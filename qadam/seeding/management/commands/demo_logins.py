"""qadam demo_logins: where the platform is served and one demo login per role."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qadam.accounts.selectors import demo_login_list
from qadam.seeding.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the URL and the demo logins (one per role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(self.style.SUCCESS(f"Qadam is served at {options['url']}"))
        self.stdout.write(f"Demo logins (password for each: {DEMO_PASSWORD}):")
        for user in demo_login_list():
            organisation = user.organisation or "—"
            self.stdout.write(f"  {user.username:<11} {user.get_role_display():<28} {organisation}")
