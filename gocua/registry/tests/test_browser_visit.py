"""On a phone, a team member finds a household, records two facts and a guidance."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gocua.accounts.models import Role
from gocua.lib.text import fold
from gocua.outreach.models import Guidance, Service
from gocua.registry.models import Household, Resident
from gocua.testing import PASSWORD, log_in, make_hierarchy, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_phone(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_a_member_records_a_visit_and_the_ward_officer_sees_it(
    live_server: Any, phone: Any, browser: Any
) -> None:
    units = make_hierarchy()
    make_user("bob", Role.MEMBER, units["kp1"])
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    make_user("carol", Role.MEMBER, units["kp2"])
    Service.objects.get_or_create(
        code="vneid", defaults={"name_vi": "Định danh điện tử (VNeID)", "name_en": "e-ID (VNeID)"}
    )
    household = Household.objects.create(
        ward=units["ward"], unit=units["kp1"], code="KP1-007", address="Số 7 ngõ Hoa"
    )
    an, binh = (
        Resident.objects.create(
            household=household,
            ward=units["ward"],
            unit=units["kp1"],
            full_name=name,
            search_name=fold(name),
            birth_date=dt.date(1970, 1, 1),
        )
        for name in ("Nguyễn Văn An", "Trần Thị Bình")
    )
    base = live_server.url

    log_in(phone, base, "bob")
    phone.goto(f"{base}/u/L06700.01/registry/")
    phone.fill("#q", "tran thi binh")  # typed without diacritics
    phone.click("form[role=search] button[type=submit]")
    phone.get_by_test_id("households").get_by_text("KP1-007").click()
    phone.get_by_test_id("visit").click()
    phone.check(f"[name='m{an.pk}-smartphone']")
    phone.check(f"[name='m{an.pk}-eid'][value='2']")
    phone.check(f"[name='m{binh.pk}-guided'][value='vneid']")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_test_id("save-visit").click()
    phone.get_by_test_id("members").wait_for()
    assert phone.url.endswith(f"/registry/h/{household.pk}/")

    an.refresh_from_db()
    assert an.smartphone_since is not None and an.eid_level == 2
    assert Guidance.objects.filter(resident=binh, service__code="vneid").count() == 1

    officer = new_phone(browser)
    log_in(officer, base, "alice")
    officer.goto(f"{base}/u/L06700/registry/r/{an.pk}/")
    facts = officer.get_by_test_id("facts").inner_text()
    assert "2" in facts and an.smartphone_since.strftime("%d/%m/%Y") in facts
    history = officer.get_by_test_id("history").inner_text()
    assert "bob" in history.lower()
    officer.goto(f"{base}/u/L06700/registry/r/{binh.pk}/")
    assert "VNeID" in officer.get_by_test_id("events").inner_text()
    officer.context.close()

    other = new_phone(browser)
    log_in(other, base, "carol")
    for path in (
        f"/u/L06700.01/registry/h/{household.pk}/visit/",
        f"/u/L06700.02/registry/h/{household.pk}/visit/",
        f"/u/L06700.01/registry/h/{household.pk}/",
    ):
        response = other.goto(base + path)
        assert response is not None and response.status == 404, path
    other.context.close()


def test_a_visit_interrupted_by_an_expired_login_keeps_its_ticks(
    live_server: Any, phone: Any
) -> None:
    units = make_hierarchy()
    make_user("bob", Role.MEMBER, units["kp1"])
    household = Household.objects.create(
        ward=units["ward"], unit=units["kp1"], code="KP1-008", address="Số 8 ngõ Hoa"
    )
    lan = Resident.objects.create(
        household=household,
        ward=units["ward"],
        unit=units["kp1"],
        full_name="Lê Thị Lan",
        search_name=fold("Lê Thị Lan"),
        birth_date=dt.date(1980, 5, 5),
    )
    base = live_server.url
    visit = f"{base}/u/L06700.01/registry/h/{household.pk}/visit/"
    log_in(phone, base, "bob")
    phone.goto(visit)
    phone.check(f"[name='m{lan.pk}-smartphone']")
    phone.check(f"[name='m{lan.pk}-eid'][value='1']")

    # The login expires while the member is at the door (the session ends on the server).
    phone.context.clear_cookies(name="sessionid")
    phone.get_by_test_id("save-visit").click()
    phone.wait_for_url("**/accounts/login/**")
    phone.fill("#id_username", "bob")
    phone.fill("#id_password", PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_url(visit)
    assert phone.get_by_test_id("form-restored").is_visible()
    assert phone.is_checked(f"[name='m{lan.pk}-smartphone']")
    assert phone.is_checked(f"[name='m{lan.pk}-eid'][value='1']")
    phone.get_by_test_id("save-visit").click()
    phone.get_by_test_id("members").wait_for()
    lan.refresh_from_db()
    assert lan.smartphone_since is not None and lan.eid_level == 1

    # Every cookie lost (a cleared browser): Django's English CSRF page becomes ours, and
    # the entries still come back after logging in again.
    phone.goto(visit)
    phone.check(f"[name='m{lan.pk}-vssid']")
    phone.context.clear_cookies()
    phone.get_by_test_id("save-visit").click()
    page = phone.get_by_test_id("csrf-failure")
    assert "Biểu mẫu chưa được gửi" in page.inner_text()
    page.get_by_role("link", name="Quay lại biểu mẫu").click()
    phone.wait_for_url("**/accounts/login/**")
    phone.fill("#id_username", "bob")
    phone.fill("#id_password", PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_url(visit)
    assert phone.is_checked(f"[name='m{lan.pk}-vssid']")
