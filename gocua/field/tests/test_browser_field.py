"""The field app on a 360-px phone with the network cut: visits wait, sync, and are never lost."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from playwright.sync_api import expect

from gocua.accounts.models import Role, User
from gocua.lib.text import fold
from gocua.outreach.models import Guidance, Service
from gocua.registry import services
from gocua.registry.models import Household, Resident
from gocua.testing import PASSWORD, log_in, make_hierarchy, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Street:
    """Two households of Khu phố 1 and the people who work there."""

    def __init__(self) -> None:
        units = make_hierarchy()
        self.units = units
        self.bob = make_user("bob", Role.MEMBER, units["kp1"])
        self.alice = make_user("alice", Role.WARD_OFFICER, units["ward"])
        Service.objects.get_or_create(
            code="vneid",
            defaults={"name_vi": "Định danh điện tử (VNeID)", "name_en": "e-ID (VNeID)"},
        )
        self.h1 = self.household("KP1-001", "Số 1 ngõ Hoa")
        self.h2 = self.household("KP1-002", "Số 2 ngõ Hoa")
        self.hung = self.resident(self.h1, "Nguyễn Văn Hùng", dt.date(1970, 4, 1))
        self.mai = self.resident(self.h1, "Trần Thị Mai", dt.date(1974, 8, 9))
        self.tam = self.resident(self.h2, "Lê Văn Tâm", dt.date(1985, 1, 20))

    def household(self, code: str, address: str) -> Household:
        return Household.objects.create(
            ward=self.units["ward"],
            unit=self.units["kp1"],
            code=code,
            address=address,
            search_address=fold(address),
        )

    def resident(self, household: Household, name: str, birth: dt.date) -> Resident:
        return Resident.objects.create(
            household=household,
            ward=self.units["ward"],
            unit=self.units["kp1"],
            full_name=name,
            search_name=fold(name),
            birth_date=birth,
        )


@pytest.fixture
def street() -> Street:
    return Street()


@pytest.fixture
def field_phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def open_field_app(page: Any, base: str, user: User) -> None:
    """Logged in, the caseload on the phone and the service worker in charge of the page."""
    log_in(page, base, user.username)
    page.goto(f"{base}/field/")
    page.evaluate("window.gocuaField.ready")
    page.get_by_test_id("households").get_by_text("KP1-001").wait_for()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # evaluate, not wait_for_function: the page's Content-Security-Policy forbids the eval
    # that wait_for_function's polling needs.
    page.evaluate(
        "navigator.serviceWorker.controller ? true : new Promise((done) =>"
        " navigator.serviceWorker.addEventListener('controllerchange', () => done(true)))"
    )


def go_offline_and_reload(page: Any) -> None:
    page.context.set_offline(True)
    page.reload()
    page.evaluate("window.gocuaField.ready")
    page.get_by_test_id("households").get_by_text("KP1-001").wait_for()
    assert page.get_by_test_id("network").inner_text() == "Mất mạng"


def find(page: Any, words: str, code: str) -> None:
    page.goto(page.url.split("#")[0] + "#")
    page.fill("#q", words)
    listing = page.get_by_test_id("households")
    listing.get_by_text(code).click()
    page.get_by_test_id("visit-form").wait_for()
    assert page.get_by_test_id("visit-code").inner_text() == code


def tick(page: Any, resident: Resident, name: str, value: str | None = None) -> None:
    selector = f"[name='m{resident.pk}-{name}']" + (f"[value='{value}']" if value else "")
    page.check(selector)


def save(page: Any) -> None:
    page.get_by_test_id("save-visit").click()
    page.get_by_test_id("households").wait_for()


def wait_synced(page: Any) -> None:
    page.evaluate("window.gocuaField.ready")  # a page just loaded shows 0 before it counts
    expect(page.get_by_test_id("waiting-count")).to_have_text("0")


def test_a_member_records_visits_offline_and_the_officer_sees_them(
    live_server: Any, street: Street, field_phone: Any, browser: Any
) -> None:
    base = live_server.url
    phone = field_phone
    open_field_app(phone, base, street.bob)
    go_offline_and_reload(phone)

    find(phone, "nguyen hung", "KP1-001")  # no diacritics, words in any order
    assert phone.locator(".vm").count() == 2
    tick(phone, street.hung, "smartphone")
    tick(phone, street.hung, "eid", "2")
    tick(phone, street.mai, "guided", "vneid")
    phone.get_by_test_id("add-person").locator("summary").click()
    phone.get_by_test_id("new-name").fill("Nguyễn Bảo Ngọc")
    born = dt.date.today() - dt.timedelta(days=40)
    phone.get_by_test_id("new-birth").fill(born.isoformat())
    phone.get_by_test_id("new-sex").select_option("F")
    phone.get_by_test_id("new-add").click()
    newborn = phone.locator(".vm.new")
    assert "Nguyễn Bảo Ngọc" in newborn.inner_text()
    # A newborn is offered no smartphone, e-ID or payment account: folded away.
    for fact in ("smartphone", "payment", "eid"):
        assert not newborn.locator(f"[data-fact={fact}]").is_visible(), fact
    assert newborn.locator("[data-fact=ehealth]").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    save(phone)

    find(phone, "tam le", "KP1-002")
    tick(phone, street.tam, "ehealth")
    save(phone)
    assert phone.get_by_test_id("waiting-count").inner_text() == "2"

    # Nothing has reached the server yet.
    street.hung.refresh_from_db()
    assert street.hung.smartphone_since is None

    phone.context.set_offline(False)
    phone.goto(phone.url.split("#")[0] + "#sync")
    phone.get_by_test_id("sync-now").click()
    wait_synced(phone)
    assert "—" not in phone.get_by_test_id("sync-last").inner_text()

    street.hung.refresh_from_db()
    street.tam.refresh_from_db()
    assert street.hung.smartphone_since is not None and street.hung.eid_level == 2
    assert street.tam.ehealth_since is not None
    assert Guidance.objects.filter(resident=street.mai, service__code="vneid").count() == 1
    baby = Resident.objects.get(household=street.h1, full_name="Nguyễn Bảo Ngọc")
    assert baby.birth_date == born and baby.sex == "F" and baby.moved_in is None  # born here

    officer = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    log_in(officer, base, "alice")
    officer.goto(f"{base}/u/L06700/registry/h/{street.h1.pk}/")
    members = officer.get_by_test_id("members").inner_text()
    assert "Nguyễn Bảo Ngọc" in members and "VNeID 2" in members
    officer.goto(f"{base}/u/L06700.01/indicators/")
    eid = officer.locator("[data-testid=indicators] li[data-code=eid] .ratio").inner_text()
    assert re.sub(r"\s", "", eid).startswith("1/3"), eid  # Hùng of Hùng, Mai, Tâm (14+)
    officer.context.close()


def test_a_conflict_is_kept_for_the_officer_and_nothing_else_is_lost(
    live_server: Any, street: Street, field_phone: Any, browser: Any
) -> None:
    base = live_server.url
    phone = field_phone
    open_field_app(phone, base, street.bob)
    go_offline_and_reload(phone)
    find(phone, "KP1-001", "KP1-001")
    tick(phone, street.hung, "eid", "2")  # the officer will set level 1 meanwhile
    tick(phone, street.mai, "smartphone")  # not touched by anyone else
    save(phone)
    find(phone, "KP1-002", "KP1-002")
    tick(phone, street.tam, "vssid")
    save(phone)

    with transaction.atomic():
        services.resident_update(
            resident=street.hung, version=street.hung.version, user=street.alice, eid_level=1
        )

    phone.context.set_offline(False)
    phone.goto(phone.url.split("#")[0] + "#sync")
    phone.get_by_test_id("sync-now").click()
    wait_synced(phone)
    problems = phone.get_by_test_id("problems")
    problems.locator("li.conflict").wait_for()
    assert problems.locator("li").count() == 1
    said = problems.inner_text()
    assert "Nguyễn Văn Hùng" in said and "cán bộ phường" in said, said
    assert " / " not in said  # plain Vietnamese words, not the API's bilingual line
    assert "1 cần xem" in phone.get_by_test_id("sync-pill").inner_text()

    street.hung.refresh_from_db()
    street.mai.refresh_from_db()
    street.tam.refresh_from_db()
    assert street.hung.eid_level == 1  # the officer's value, not overwritten
    assert street.mai.smartphone_since is not None
    assert street.tam.vssid_since is not None

    officer = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    log_in(officer, base, "alice")
    officer.goto(f"{base}/u/L06700/outreach/conflicts/")
    rows = officer.get_by_test_id("conflict")
    assert rows.count() == 1
    assert "Nguyễn Văn Hùng" in rows.inner_text()
    rows.get_by_test_id("take").click()  # the visit's level 2, in one tap
    officer.get_by_test_id("no-conflicts").wait_for()
    street.hung.refresh_from_db()
    assert street.hung.eid_level == 2
    officer.context.close()


def test_visits_waiting_when_the_login_expires_sync_after_the_next_login(
    live_server: Any, street: Street, field_phone: Any
) -> None:
    base = live_server.url
    phone = field_phone
    open_field_app(phone, base, street.bob)
    go_offline_and_reload(phone)
    hoa = street.resident(street.h2, "Lê Thị Hoa", dt.date(1950, 2, 2))
    phone.context.set_offline(False)
    phone.evaluate("window.gocuaField.refresh()")  # the caseload now knows Hoa
    phone.context.set_offline(True)
    find(phone, "le van tam", "KP1-002")
    tick(phone, street.tam, "payment")
    # Hoa moved away: marked from the same screen, after a confirmation.
    row = phone.get_by_test_id(f"member-{hoa.pk}")
    phone.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button").click()
    assert "chuyển đi" in row.inner_text()
    save(phone)

    phone.context.clear_cookies(name="sessionid")  # the login expires meanwhile
    phone.context.set_offline(False)
    phone.reload()
    phone.evaluate("window.gocuaField.ready")
    phone.get_by_test_id("relogin").wait_for()
    assert phone.get_by_test_id("waiting-count").inner_text() == "1"
    phone.reload()  # a reload (or a closed browser) keeps it too
    phone.evaluate("window.gocuaField.ready")
    assert phone.get_by_test_id("waiting-count").inner_text() == "1"
    street.tam.refresh_from_db()
    assert street.tam.payment_since is None

    phone.get_by_test_id("relogin-link").click()
    phone.wait_for_url("**/accounts/login/**")
    phone.fill("#id_username", "bob")
    phone.fill("#id_password", PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{base}/field/")
    wait_synced(phone)
    street.tam.refresh_from_db()
    hoa.refresh_from_db()
    assert street.tam.payment_since is not None
    assert hoa.moved_out is not None
