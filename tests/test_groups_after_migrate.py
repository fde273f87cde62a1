"""The curators' and reviewers' groups carry their permissions from the first ``migrate``.

On a fresh database the claims app's ``post_migrate`` receiver could run before auth had
created the app's permissions, leaving both groups empty until a second ``migrate``: a
curator added to the group in the admin could then do nothing. The test database is made
by that first ``migrate``; nothing here calls ``ensure_groups``.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group


@pytest.mark.django_db
def test_the_first_migrate_gives_the_groups_their_permissions() -> None:
    curators = Group.objects.get(name="curators")
    reviewers = Group.objects.get(name="reviewers")
    assert curators.permissions.filter(codename="add_claim").exists()
    assert not curators.permissions.filter(codename="review_claim").exists()
    assert reviewers.permissions.filter(codename="review_claim").exists()
