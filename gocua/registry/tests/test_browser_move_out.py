"""On a 360-px phone, a team member moves a resident out (a page says what will happen),
then undoes it from the household's page; the resident lives there again, as before.
Also the other safety pages at 360 and 1366 px (screenshots in $GOCUA_SCREENSHOTS)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest

from gocua.accounts.models import Role
from gocua.lib.text import fold
from gocua.outreach.catalogue import install_defaults
from gocua.outreach.models import Activity, ActivityChannel
from gocua.outreach.services.sessions import activity_create
from gocua.registry.models import Change, Household, Resident
from gocua.testing import fits, log_in, make_hierarchy, make_user, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("GOCUA_SCREENSHOTS")


def _data() -> tuple[Household, Resident]:
    install_defaults()
    units = make_hierarchy()
    make_user("bob", Role.MEMBER, units["kp1"])
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    household = Household.objects.create(
        ward=units["ward"],
        unit=units["kp1"],
        code="KP1-007",
        address="Số 7 ngõ Hoa",
        search_address=fold("Số 7 ngõ Hoa"),
    )
    residents = [
        Resident.objects.create(
            household=household,
            ward=units["ward"],
            unit=units["kp1"],
            full_name=name,
            search_name=fold(name),
            birth_date=dt.date(1970, 1, 1),
            smartphone_since=dt.date(2023, 1, 1),
        )
        for name in ("Nguyễn Văn Hùng", "Trần Thị Bình")
    ]
    left = Household.objects.create(
        ward=units["ward"], unit=units["kp1"], code="KP1-009", address="Tổ 3"
    )
    Resident.objects.create(
        household=left,
        ward=units["ward"],
        unit=units["kp1"],
        full_name="Đỗ Văn Đức",
        search_name=fold("Đỗ Văn Đức"),
        moved_out=dt.date(2023, 5, 1),
    )
    activity_create(
        unit=units["kp1"],
        date=dt.date.today() - dt.timedelta(days=3),
        channel=ActivityChannel.objects.get(code="meeting"),
        people_reached=30,
    )
    return household, residents[0]


def test_a_move_out_is_confirmed_then_undone_on_a_phone(live_server: Any, phone: Any) -> None:
    household, hung = _data()
    before = {f: getattr(hung, f) for f in ("moved_out", "smartphone_since", "household_id")}
    base = live_server.url
    log_in(phone, base, "bob")
    phone.goto(f"{base}/u/L06700.01/registry/r/{hung.pk}/")
    phone.get_by_test_id("move-out").click()
    confirm = phone.get_by_test_id("confirm")
    confirm.wait_for()
    text = phone.get_by_test_id("consequences").inner_text()
    assert "Nguyễn Văn Hùng sẽ được ghi là không còn sinh sống trong hộ KP1-007" in text
    assert "Có thể hoàn tác" in confirm.inner_text()
    assert fits(phone, 360)
    shot(phone, "move-out-confirm-360")
    # The way out and the action are apart, the action styled as danger.
    cancel = phone.get_by_test_id("cancel").bounding_box()
    button = phone.get_by_test_id("confirm-button").bounding_box()
    assert button["height"] >= 44 and cancel["height"] >= 44
    assert "danger" in phone.get_by_test_id("confirm-button").get_attribute("class")
    phone.get_by_test_id("confirm-button").click()
    banner = phone.get_by_test_id("undo-banner")
    banner.wait_for()
    assert "Nguyễn Văn Hùng" in banner.inner_text()
    hung.refresh_from_db()
    assert hung.moved_out == dt.date.today()
    assert fits(phone, 360)
    shot(phone, "move-out-undo-banner-360")
    phone.get_by_test_id("undo").click()
    phone.locator(".messages li").first.wait_for()
    assert "Đã hoàn tác" in phone.locator(".messages").inner_text()
    assert phone.get_by_test_id("undo-banner").count() == 0
    shot(phone, "move-out-undone-360")
    hung.refresh_from_db()
    assert {f: getattr(hung, f) for f in before} == before
    assert list(
        Change.objects.filter(resident=hung, field="moved_out").values_list("new", flat=True)
    ) == ["", dt.date.today().isoformat()]  # newest first: the undo, the move-out
    assert household.residents.filter(moved_out__isnull=True).count() == 2


@pytest.mark.parametrize("width", [360, 1366])
def test_the_safety_pages_fit(live_server: Any, browser: Any, width: int) -> None:
    _data()
    session = Activity.objects.get()
    mobile = width == 360
    context = browser.new_context(
        viewport={"width": width, "height": 800}, is_mobile=mobile, has_touch=mobile
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    log_in(page, base, "alice")
    page.goto(f"{base}/u/L06700/outreach/sessions/")
    page.get_by_test_id("delete-session").wait_for()
    assert fits(page, width)
    shot(page, f"sessions-{width}")
    page.get_by_test_id("delete-session").click()
    page.get_by_test_id("confirm").wait_for()
    assert "Xóa buổi tuyên truyền ngày" in page.locator("h1").inner_text()
    assert fits(page, width)
    shot(page, f"session-delete-confirm-{width}")
    page.get_by_test_id("confirm-button").click()
    page.get_by_test_id("undo-banner").wait_for()
    assert Activity.objects.count() == 0
    assert fits(page, width)
    shot(page, f"session-deleted-banner-{width}")
    page.get_by_test_id("undo").click()
    page.locator(".messages li").first.wait_for()
    assert Activity.objects.get().pk == session.pk
    page.goto(f"{base}/u/L06700/outreach/catalogue/")
    page.get_by_test_id("hide-vssid").click()
    page.get_by_test_id("show-vssid").wait_for()
    assert fits(page, width)
    shot(page, f"catalogue-ward-{width}")
    page.goto(f"{base}/u/L06700/registry/?q=hung+nguyen")
    page.get_by_test_id("households").wait_for()
    assert "KP1-007" in page.get_by_test_id("households").inner_text()
    shot(page, f"search-{width}")
    page.goto(f"{base}/u/L06700/registry/?q=duc+do")
    note = page.get_by_test_id("found-through")
    assert note.inner_text() == "tìm thấy qua Đỗ Văn Đức (đã chuyển đi)"
    assert fits(page, width)
    shot(page, f"search-moved-out-{width}")
    context.close()
