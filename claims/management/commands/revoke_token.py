"""Revoke API tokens by prefix (or name), for good."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from claims.models import ApiToken


class Command(BaseCommand):
    help = "Revokes the token with this prefix or name (optionally only USERNAME's)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix_or_name")
        parser.add_argument("--user", default=None)

    def handle(self, *args: Any, prefix_or_name: str, user: str | None, **kw: Any) -> None:
        tokens = ApiToken.objects.filter(Q(prefix=prefix_or_name) | Q(name=prefix_or_name))
        if user:
            tokens = tokens.filter(user__username=user)
        revoked = tokens.filter(revoked=False).update(revoked=True)
        if not tokens.exists():
            raise CommandError(f"No token with prefix or name {prefix_or_name!r}.")
        self.stdout.write(f"Revoked {revoked} token(s).")
