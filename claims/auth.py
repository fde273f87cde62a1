"""Token authentication and the roles of the write API.

Machine clients send ``Authorization: Token <key>`` (``Bearer <key>`` works too). Keys are
stored hashed (djangorestframework-api-key); only the prefix is readable, so a leaked
database does not leak keys. Roles are permissions, granted through the groups that
``claims.permissions`` keeps: curators (add/change), reviewers (``claims.review_claim``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from claims.api.throttling import count_refused_credentials
from claims.models import ApiToken, Claim
from claims.permissions import is_reviewer, may_change_claim, may_delete_claim

KEYWORDS = ("token", "bearer")
LAST_USED_EVERY = timedelta(minutes=1)  # at most one write per token per minute


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <key>``; 401 with ``WWW-Authenticate: Token`` when refused."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            self.refuse(request, "Send the header as: Authorization: Token <key>.")
        try:
            token = ApiToken.objects.get_from_key(header[1])
        except ApiToken.DoesNotExist:
            self.refuse(request, "Invalid or revoked token.")
        if token.has_expired:
            self.refuse(request, "This token has expired.")
        if not token.user.is_active:
            self.refuse(request, "This token's user is deactivated.")
        # Read with the token (ApiTokenManager): PermissionsInOneQuery finds them cached.
        token.user._perm_cache = {name for name in (token.granted or "").split(",") if name}
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def refuse(self, request: Request, message: str) -> None:
        """401 — or 429 once the address has spent its anonymous limit: a refused request
        never reaches the throttles, so it is counted here."""
        count_refused_credentials(request)
        raise exceptions.AuthenticationFailed(message)

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="api"'


def client_address(request: HttpRequest) -> str | None:
    """The client's address as the throttles see it (``NUM_PROXIES`` decides whether
    ``X-Forwarded-For`` is trusted); django-axes keys admin login failures by it."""
    return BaseThrottle().get_ident(request)


class AdminLoginLockout(AxesStandaloneBackend):
    """django-axes: an address that failed ``ADMIN_LOGIN_FAILURE_LIMIT`` admin logins is
    refused for ``ADMIN_LOGIN_COOLOFF_MINUTES``. A login without a request (the test
    client's ``login()``, a shell) comes from no address and is not counted."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def locked_out(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The answer to a locked-out login: the API's error shape, with Retry-After."""
    from claims.api.errors import error_response  # it imports DRF's views, which import us

    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    return error_response(
        429,
        "Too many failed logins from this address; try again later.",
        code="locked_out",
        headers={"Retry-After": str(seconds)} if seconds else None,
    )


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>` (or `Bearer <key>`); keys from `create_token`. Writes "
            "need it; reads need none (their operations list no `security`), and with one "
            "a curator also sees drafts.",
        }


class LedgerPermission(permissions.DjangoModelPermissions):
    """Reads for everyone (visibility is the queryset's job); writes by model permission.

    Object level: only reviewers change claims that are public (they go through the review
    actions), and nobody deletes a claim that is not a candidate or draft.
    """

    # Read by claims.api.openapi.AutoSchema: reads need no credentials.
    anonymous_reads = True

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": [],
        "HEAD": [],
        "OPTIONS": [],
    }

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return super().has_permission(request, view)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS or not isinstance(obj, Claim):
            return True
        if request.method == "DELETE" and not may_delete_claim(obj):
            raise exceptions.PermissionDenied(
                "A public claim is never deleted: retract it (POST …/retract/)."
            )
        if not may_change_claim(request.user, obj):
            raise exceptions.PermissionDenied(
                f"This claim is {obj.status}; only reviewers change public claims."
            )
        return True


class IsReviewer(permissions.BasePermission):
    message = "Only reviewers publish, dispute, retract or supersede claims."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and is_reviewer(request.user))


class PermissionsInOneQuery(ModelBackend):
    """Django's ModelBackend, reading a user's own and group permissions in one query.

    Every write checks a model permission; ModelBackend reads the user's permissions and
    their groups' with a query each. Cached on the user object for the request, as there.
    """

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(
                    Q(user=user_obj) | Q(group__user=user_obj)
                ).distinct()
            user_obj._perm_cache = {
                f"{app}.{codename}"
                for app, codename in permissions.values_list(
                    "content_type__app_label", "codename"
                ).order_by()
            }
        return user_obj._perm_cache
