"""Create (or update) a staff user in the curators group, optionally a reviewer too."""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from claims.permissions import ensure_groups


class Command(BaseCommand):
    help = (
        "Creates a staff user in the curators group (--reviewer: also in reviewers, who "
        "publish, dispute and retract). The password is read from CURATOR_PASSWORD, or "
        "generated and printed. Re-running for an existing user adds the groups and resets "
        "the password only when CURATOR_PASSWORD is set."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reviewer", action="store_true", help="Also a reviewer.")
        parser.add_argument("--email", default="", help="The user's e-mail address.")

    @transaction.atomic
    def handle(self, *args: Any, username: str, reviewer: bool, email: str, **kw: Any) -> None:
        if not username.strip():
            raise CommandError("USERNAME must not be empty.")
        ensure_groups()
        users = get_user_model()
        user, created = users.objects.get_or_create(username=username, defaults={"email": email})
        if not user.is_active:
            raise CommandError(f"User {username!r} is deactivated; reactivate it in the admin.")
        given = os.environ.get("CURATOR_PASSWORD")
        password = given or (secrets.token_urlsafe(16) if created else None)
        if password:
            user.set_password(password)
        user.is_staff = True
        if email:
            user.email = email
        user.save()
        names = [settings.CURATORS_GROUP] + ([settings.REVIEWERS_GROUP] if reviewer else [])
        user.groups.add(*Group.objects.filter(name__in=names))
        role = "reviewer" if reviewer else "curator"
        self.stdout.write(f"{'Created' if created else 'Updated'} {role} {username!r}.")
        if password and not given:
            self.stdout.write(f"Password: {password}")
