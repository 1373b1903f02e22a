"""Test fixtures shared by the apps: a small hierarchy and named people.

- alice: ward officer of Tuần Châu (the owner of most data)
- bob: team member of Khu phố 1, Tuần Châu
- carol: team member of Khu phố 2, Tuần Châu (same ward, other neighbourhood)
- charlie: ward officer of Hùng Thắng, who must see nothing of Tuần Châu
- dave: city officer of Hạ Long (reads both wards)
- root: administrator
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any
from unittest import mock

from django.test import TestCase

from gocua.accounts.models import Role, User
from gocua.orgunits.models import Level, OrgUnit, Source
from gocua.orgunits.services import UnitRow, orgunits_upsert

PASSWORD = "password"  # noqa: S105 - test logins only


def make_hierarchy() -> dict[str, OrgUnit]:
    """Quảng Ninh › Hạ Long › {Tuần Châu › KP1, KP2; Hùng Thắng › KP1}."""
    rows = [
        UnitRow(
            "L22", "Tỉnh Quảng Ninh", Level.PROVINCE, "tỉnh", None, Source.LEGACY, "22", None, None
        ),
        UnitRow(
            "L193",
            "Thành phố Hạ Long",
            Level.DISTRICT,
            "thành phố",
            "L22",
            Source.LEGACY,
            "193",
            None,
            None,
        ),
        UnitRow(
            "L06700",
            "Phường Tuần Châu",
            Level.COMMUNE,
            "phường",
            "L193",
            Source.LEGACY,
            "06700",
            None,
            None,
        ),
        UnitRow(
            "L06679",
            "Phường Hùng Thắng",
            Level.COMMUNE,
            "phường",
            "L193",
            Source.LEGACY,
            "06679",
            None,
            None,
        ),
        UnitRow(
            "L06700.01",
            "Khu phố 1",
            Level.NEIGHBOURHOOD,
            "",
            "L06700",
            Source.LOCAL,
            "",
            None,
            None,
        ),
        UnitRow(
            "L06700.02",
            "Khu phố 2",
            Level.NEIGHBOURHOOD,
            "",
            "L06700",
            Source.LOCAL,
            "",
            None,
            None,
        ),
        UnitRow(
            "L06679.01",
            "Khu phố 1",
            Level.NEIGHBOURHOOD,
            "",
            "L06679",
            Source.LOCAL,
            "",
            None,
            None,
        ),
    ]
    orgunits_upsert(rows)
    units = {u.code: u for u in OrgUnit.objects.all()}
    return {
        "province": units["L22"],
        "city": units["L193"],
        "ward": units["L06700"],
        "ward2": units["L06679"],
        "kp1": units["L06700.01"],
        "kp2": units["L06700.02"],
        "ward2_kp1": units["L06679.01"],
    }


def make_user(username: str, role: str, unit: OrgUnit | None) -> User:
    user = User(username=username, role=role, unit=unit, first_name=username.title())
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.set_password(PASSWORD)
    user.save()
    return user


class BaseTestCase(TestCase):
    units: dict[str, OrgUnit]
    ward: OrgUnit
    kp1: OrgUnit
    kp2: OrgUnit
    ward2: OrgUnit
    alice: User
    bob: User
    carol: User
    charlie: User
    dave: User
    root: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.units = make_hierarchy()
        cls.ward = cls.units["ward"]
        cls.kp1 = cls.units["kp1"]
        cls.kp2 = cls.units["kp2"]
        cls.ward2 = cls.units["ward2"]
        cls.alice = make_user("alice", Role.WARD_OFFICER, cls.ward)
        cls.bob = make_user("bob", Role.MEMBER, cls.kp1)
        cls.carol = make_user("carol", Role.MEMBER, cls.kp2)
        cls.charlie = make_user("charlie", Role.WARD_OFFICER, cls.ward2)
        cls.dave = make_user("dave", Role.UPPER_OFFICER, cls.units["city"])
        cls.root = make_user("root", Role.ADMIN, None)

    def login(self, user: User) -> None:
        self.client.force_login(user)

    def assertNotFoundFor(self, user: User, url: str, method: str = "get", **data: Any) -> None:
        """The user of another unit must get 404, not 403 and not data."""
        self.client.force_login(user)
        response = getattr(self.client, method)(url, data or None)
        self.assertEqual(response.status_code, 404, f"{user.username} {method.upper()} {url}")


def run_console(*args: str) -> tuple[int, str, str]:
    """Run the ``gocua`` console script in-process: (exit status, stdout, stderr).

    Django's ``run_from_argv`` closes every database connection when a command ends;
    inside a test case that would end the test's transaction (on PostgreSQL the next
    query fails with "the connection is closed"), so the close is skipped here.
    """
    from gocua.cli import main

    out, err = io.StringIO(), io.StringIO()
    status = 0
    with (
        mock.patch.object(sys, "argv", ["gocua", *args]),
        mock.patch.object(sys, "stdout", out),
        mock.patch.object(sys, "stderr", err),
        mock.patch("django.core.management.base.connections.close_all"),
    ):
        try:
            main()
        except SystemExit as exit:
            status = int(exit.code or 0)
    return status, out.getvalue(), err.getvalue()


def log_in(page: Any, base: str, username: str, *, language: str | None = None) -> None:
    """Log in through the real form in a Playwright page and wait for the home page."""
    if language:
        page.set_extra_http_headers({"Accept-Language": language})
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def shot(page: Any, name: str) -> None:
    """Save the page as ``$GOCUA_SCREENSHOTS/<name>.png`` (whole page) to be looked at;
    nothing without that variable."""
    folder = os.environ.get("GOCUA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def fits(page: Any, width: int | None = None) -> bool:
    """Whether the page is no wider than ``width`` px (the viewport's width by default):
    nothing overflows sideways. Use as ``assert fits(page, 360)``."""
    limit = width if width is not None else page.viewport_size["width"]
    return bool(page.evaluate("document.documentElement.scrollWidth") <= limit)
