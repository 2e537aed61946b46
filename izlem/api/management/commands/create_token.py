"""`izlem create_token USERNAME --name NAME`: create an API token and print its secret once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from izlem.api import services
from izlem.org.models import User


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print the secret once (only its hash is stored). "
        "For scripts and operators; people create their own tokens on /accounts/tokens/."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user the token acts for (with that user's roles).")
        parser.add_argument("--name", required=True, help="Which program uses the token.")
        parser.add_argument(
            "--expires-days", type=int, default=None, help="Days until the token expires (default: never)."
        )

    def handle(self, *args, username: str, name: str, expires_days: int | None = None, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        try:
            token, secret = services.token_create(user=user, name=name, expires_in_days=expires_days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(
            f"Token {token.name!r} (#{token.pk}) for {user.username}; the secret is shown only once:"
        )
        self.stdout.write(secret)
