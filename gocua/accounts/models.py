"""People who log in, each with one role over one unit."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q

from gocua.orgunits.models import OrgUnit


class Role(models.TextChoices):
    MEMBER = "member", "Thành viên tổ CNSCĐ / team member"
    WARD_OFFICER = "ward_officer", "Cán bộ phường, xã / ward officer"
    UPPER_OFFICER = "upper_officer", "Cán bộ thành phố, tỉnh / city or province officer"
    ADMIN = "admin", "Quản trị / administrator"


class UserManager(DjangoUserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        """A superuser is an administrator without a unit (``gocua createsuperuser``)."""
        extra.setdefault("role", Role.ADMIN)
        extra.setdefault("unit", None)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A login. What it may see is its unit's subtree (see accounts.selectors).

    - member: one neighbourhood; records visits there.
    - ward_officer: a commune and everything under it; edits its data, signs reports.
    - upper_officer: a city (district) or province; reads everything under it,
      sends requests and receives reports.
    - admin: everything, and the Django admin.
    """

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    phone = models.CharField(max_length=20, blank=True)
    # Set by an officer's new login or password reset (a one-time password handed over on
    # paper): the user chooses their own at the next login (accounts.middleware).
    must_change_password = models.BooleanField(default=False)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(role="admin") | Q(unit__isnull=False),
                name="user_unit_required_unless_admin",
            )
        ]

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser
