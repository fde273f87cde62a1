"""Create an API token for a user; the key is printed once, as the last line."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from claims.models import ApiToken


class Command(BaseCommand):
    help = (
        "Creates an API token for USERNAME and prints the key as the last line of output "
        "(only its hash is stored: it cannot be shown again). Send it as "
        "'Authorization: Token <key>'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")
        parser.add_argument("--expires-days", type=int, default=None, help="Days it is valid.")

    def handle(self, *args: Any, username: str, name: str, expires_days: int | None, **kw: Any):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}; create one with create_curator.")
        if expires_days is not None and expires_days < 1:
            raise CommandError("--expires-days must be at least 1.")
        expiry = timezone.now() + timedelta(days=expires_days) if expires_days else None
        token, key = ApiToken.objects.create_key(
            user=user, name=name or f"{username} token", expiry_date=expiry
        )
        self.stdout.write(f"Created token {token.prefix} for {username}; keep the key secret:")
        self.stdout.write(key)
