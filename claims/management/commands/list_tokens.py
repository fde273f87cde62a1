"""List API tokens (never their keys)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.models import ApiToken


class Command(BaseCommand):
    help = "Lists tokens: prefix, name, user, created, expiry, revoked, last used."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?")

    def handle(self, *args: Any, username: str | None, **kw: Any) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("created")
        if username:
            tokens = tokens.filter(user__username=username)
        for t in tokens:
            self.stdout.write(
                f"{t.prefix}\t{t.name}\t{t.user.get_username()}\t{t.created:%Y-%m-%d}\t"
                f"expires {t.expiry_date or 'never'}\t{'revoked' if t.revoked else 'active'}\t"
                f"last used {t.last_used_at or 'never'}"
            )
