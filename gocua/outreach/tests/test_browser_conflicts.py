"""In Chromium: a visit conflicts with the officer's edit; the officer resolves it on a phone."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from gocua.accounts.models import Role
from gocua.lib.text import fold
from gocua.outreach.catalogue import install_defaults
from gocua.outreach.models import ConflictStatus, VisitConflict
from gocua.outreach.visits import ResidentVisit, VisitInput, visit_record
from gocua.registry.models import Household, Resident
from gocua.testing import log_in, make_hierarchy, make_user, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_resolves_a_conflict_on_a_phone(live_server: Any, browser: Any) -> None:
    install_defaults()
    units = make_hierarchy()
    bob = make_user("bob", Role.MEMBER, units["kp1"])
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    household = Household.objects.create(
        ward=units["ward"], unit=units["kp1"], code="KP1-007", address="Số 7 ngõ Hoa"
    )
    name = "Nguyễn Văn Hùng"
    hung = Resident.objects.create(
        household=household,
        ward=units["ward"],
        unit=units["kp1"],
        full_name=name,
        search_name=fold(name),
        birth_date=dt.date(1970, 1, 1),
        vssid_since=dt.date(2024, 1, 5),
        version=2,
    )
    visit_record(
        visit=VisitInput(
            household=household,
            day=dt.date.today() - dt.timedelta(days=1),
            key=uuid.uuid4(),
            residents=[
                ResidentVisit(id=hung.pk, version=1, facts={"vssid": False, "eid_level": 2})
            ],
        ),
        user=bob,
    )
    assert VisitConflict.objects.filter(status=ConflictStatus.OPEN).count() == 1
    base = live_server.url
    for width, height in ((1366, 800), (360, 740)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, base, "alice")
        page.goto(f"{base}/u/{units['ward'].code}/outreach/conflicts/")
        row = page.get_by_test_id("conflict")
        assert name in row.inner_text()
        assert "Có, từ 05/01/2024" in row.inner_text()
        shot(page, f"conflicts-{width}")
        if width == 360:
            row.get_by_test_id("take").click()
            page.get_by_test_id("no-conflicts").wait_for()
            shot(page, f"conflicts-resolved-{width}")
        context.close()
    hung.refresh_from_db()
    assert hung.vssid_since is None
    assert hung.eid_level == 2
