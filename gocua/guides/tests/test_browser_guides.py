"""In Chromium: the catalogue page prints a leaflet for the user's unit, a guide page reads
on a phone, and the field app shows a guide with no network. Screenshots go to
``var/screenshots/`` (``GOCUA_SCREENSHOTS`` to change) to be looked at."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from gocua.accounts.models import Role
from gocua.guides.tests.helpers import A4_PT, A5_PT, install_all, make_team, page_sizes, page_texts
from gocua.lib.text import fold
from gocua.registry.models import Household, Resident
from gocua.testing import fits, log_in, make_hierarchy, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("GOCUA_SCREENSHOTS", "var/screenshots"))


@pytest.fixture
def ward() -> dict[str, Any]:
    units = make_hierarchy()
    install_all()
    make_team(units["ward"], "Nguyễn Văn Hải", "0912000101")
    make_team(units["kp1"], "Đỗ Văn Long", "0912000111")
    household = Household.objects.create(
        ward=units["ward"], unit=units["kp1"], code="KP1-001", address="Số 1 ngõ Hoa",
        search_address=fold("Số 1 ngõ Hoa"),
    )  # fmt: skip
    Resident.objects.create(
        household=household, ward=units["ward"], unit=units["kp1"],
        full_name="Nguyễn Văn Hùng", search_name=fold("Nguyễn Văn Hùng"),
        birth_date=dt.date(1970, 4, 1),
    )  # fmt: skip
    return {"units": units, "bob": make_user("bob", Role.MEMBER, units["kp1"])}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_the_catalogue_prints_a_leaflet_and_a_poster(
    live_server: Any, ward: dict[str, Any], browser: Any, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    log_in(page, base, "bob")
    page.goto(f"{base}/u/L06700.01/outreach/catalogue/")
    expect(page.get_by_test_id("leaflet-vneid")).to_have_text("In tờ rơi (A5)")
    page.screenshot(path=str(SHOTS / "guides-catalogue-1366.png"), full_page=True)
    with page.expect_download() as leaflet:
        page.get_by_test_id("leaflet-vneid").click()
    data = Path(leaflet.value.path()).read_bytes()
    assert page_sizes(data) == [A5_PT]
    text = page_texts(data)[0]
    assert "Định danh điện tử (VNeID)" in text and "Đỗ Văn Long" in text
    assert leaflet.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as poster:
        page.get_by_test_id("poster-vssid").click()
    assert page_sizes(Path(poster.value.path()).read_bytes()) == [A4_PT]
    # The guide page of a service, at 1366 and 360 px.
    page.goto(f"{base}/u/L06700.01/guides/vneid/")
    expect(page.get_by_test_id("steps").locator("li")).to_have_count(5)
    page.screenshot(path=str(SHOTS / "guides-guide-1366.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base}/u/L06700.01/guides/vneid/")
    expect(page.get_by_test_id("contacts")).to_contain_text("Đỗ Văn Long")
    assert fits(page, 360)
    page.screenshot(path=str(SHOTS / "guides-guide-360.png"), full_page=True)
    page.goto(f"{base}/u/L06700.01/outreach/catalogue/")
    expect(page.get_by_test_id("leaflet-vneid")).to_be_visible()
    page.screenshot(path=str(SHOTS / "guides-catalogue-360.png"), full_page=True)
    context.close()


def test_the_field_app_shows_a_guide_offline(
    live_server: Any, ward: dict[str, Any], phone: Any
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    log_in(phone, base, "bob")
    phone.goto(f"{base}/field/")
    phone.evaluate("window.gocuaField.ready")
    phone.get_by_test_id("households").get_by_text("KP1-001").wait_for()
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.evaluate(
        "navigator.serviceWorker.controller ? true : new Promise((done) =>"
        " navigator.serviceWorker.addEventListener('controllerchange', () => done(true)))"
    )
    phone.context.set_offline(True)
    phone.reload()
    phone.evaluate("window.gocuaField.ready")
    phone.get_by_test_id("households").get_by_text("KP1-001").click()
    phone.get_by_test_id("visit-form").wait_for()
    # "Guided today on …": the visit form opens that service's guide.
    phone.get_by_test_id("guide-link-vssid").click()
    expect(phone.get_by_test_id("guide-title")).to_have_text("Bảo hiểm xã hội số (VssID)")
    expect(phone.get_by_test_id("guide-steps").locator("li").first).to_contain_text(
        "Tải ứng dụng VssID"
    )
    expect(phone.get_by_test_id("guide")).to_contain_text("Đỗ Văn Long")
    assert phone.get_by_test_id("network").inner_text() == "Mất mạng"
    assert fits(phone, 360)
    phone.screenshot(path=str(SHOTS / "guides-field-360.png"), full_page=True)
    phone.get_by_test_id("guide").get_by_role("link", name="Tất cả hướng dẫn").click()
    index = phone.get_by_test_id("guide")
    expect(index.get_by_test_id("guide-link-vneid")).to_be_visible()
    index.get_by_test_id("guide-link-vneid").click()
    expect(phone.get_by_test_id("guide-title")).to_have_text("Định danh điện tử (VNeID)")
    # The households' list offers the guides too.
    phone.get_by_role("link", name="Về danh sách hộ").click()
    phone.get_by_test_id("guides-link").click()
    expect(phone.get_by_test_id("guide").get_by_test_id("guide-link-ehealth")).to_be_visible()


def test_a_city_officer_edits_a_guide_on_a_phone(
    live_server: Any, ward: dict[str, Any], phone: Any
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    make_user("dave", Role.UPPER_OFFICER, ward["units"]["city"])
    base = live_server.url
    log_in(phone, base, "dave")
    phone.goto(f"{base}/u/L193/guides/vssid/")
    phone.get_by_test_id("edit").click()
    form = phone.get_by_test_id("guide-form")
    form.wait_for()
    assert fits(phone, 360)
    phone.screenshot(path=str(SHOTS / "guides-edit-360.png"), full_page=True)
    steps = form.locator("textarea[name=steps]")
    # Every step in view without scrolling inside the box.
    assert steps.evaluate("e => e.scrollHeight <= e.clientHeight + 2")
    steps.fill(steps.input_value() + "\nHỏi tổ công nghệ số khi cần.")
    form.locator("button[type=submit]").click()
    expect(phone.get_by_test_id("steps").locator("li").last).to_have_text(
        "Hỏi tổ công nghệ số khi cần."
    )
    phone.get_by_role("link", name="Lịch sử (bản 2)").click()
    expect(phone.get_by_test_id("versions").locator(":scope > li")).to_have_count(2)
    assert "dave" in phone.get_by_test_id("versions").inner_text()
    assert "Bản ghi nhớ" not in phone.title()  # Django admin's word for "History"
    assert fits(phone, 360)
    phone.get_by_test_id("back-to-guide").click()
    phone.get_by_test_id("guide").wait_for()
    # The list: each guide's leaflet and poster are buttons a thumb can hit.
    phone.goto(f"{base}/u/L193/guides/")
    buttons = phone.get_by_test_id("guides").locator(".button")
    buttons.first.wait_for()
    assert buttons.count() == 2 * phone.get_by_test_id("guides").locator(".name").count()
    assert min(b["height"] for b in (x.bounding_box() for x in buttons.all()) if b) >= 44
    assert fits(phone, 360)
    phone.screenshot(path=str(SHOTS / "guides-list-360.png"), full_page=True)
