"""Issue 6 end to end in Chromium: the city asks, two wards answer from their phones (one
after the deadline), the city returns one with a comment, the ward corrects and submits
it again, the city accepts both and reads the consolidation."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from gocua.accounts.models import Role
from gocua.indicators.models import DataSource
from gocua.indicators.services import aggregates_enter, unit_source_set
from gocua.indicators.tests.factories import setup_catalogue
from gocua.lib.dates import today
from gocua.reports.models import Report, ReportStatus
from gocua.reports.services import signatory_set
from gocua.reports.tests.workflow import HUNG_THANG, TUAN_CHAU
from gocua.testing import log_in, make_hierarchy, make_user

SHOTS = os.environ.get("GOCUA_SCREENSHOTS")  # a folder to keep screenshots in, if set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(browser: Any) -> Iterator[dict[str, Any]]:
    """One browser context per person: the city officer at a desk, the wards on phones."""
    contexts = {
        "dave": browser.new_context(viewport={"width": 1280, "height": 900}),
        "alice": browser.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
        ),
        "charlie": browser.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
        ),
    }
    pages = {}
    for name, context in contexts.items():
        page = context.new_page()
        page.set_default_timeout(15_000)
        pages[name] = page
    yield pages
    for context in contexts.values():
        context.close()


def answer(page: Any, base: str, ward: str, lessons: str) -> None:
    """A ward officer opens the request, writes the lessons, saves and submits."""
    page.goto(f"{base}/u/{ward}/reports/")
    page.get_by_test_id("inbox").locator("button[type=submit]").click()
    page.get_by_test_id("preview").wait_for()
    page.fill("#id_lessons", lessons)
    page.get_by_test_id("report-form").locator("button[type=submit]").click()
    page.get_by_test_id("preview").get_by_text(lessons).wait_for()
    page.get_by_test_id("submit").click()
    page.get_by_test_id("number").wait_for()


def test_a_request_is_answered_returned_corrected_and_consolidated(
    live_server: Any, people: dict[str, Any]
) -> None:
    base = live_server.url
    units = make_hierarchy()
    setup_catalogue()
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    make_user("charlie", Role.WARD_OFFICER, units["ward2"])
    make_user("dave", Role.UPPER_OFFICER, units["city"])
    now = today()
    for unit, values in ((units["ward"], TUAN_CHAU), (units["ward2"], HUNG_THANG)):
        unit_source_set(unit=unit, source=DataSource.ENTERED)
        aggregates_enter(unit=unit, as_of=now, start=dt.date(now.year, 1, 1), values=values)
    signatory_set(unit=units["ward"], name="Nguyễn Song Giang", title="Chủ tịch")
    signatory_set(unit=units["ward2"], name="Trần Thị B", title="Chủ tịch")

    # The city asks both wards, by today.
    city = people["dave"]
    log_in(city, base, "dave")
    city.goto(f"{base}/u/L193/reports/")
    city.click('a[href="/u/L193/reports/requests/add/"] >> nth=0')
    city.fill("#id_number", "15/UBND-VHTT")
    assert city.locator("input[name=units]:checked").count() == 2
    city.click("main form button[type=submit]")
    rows = city.get_by_test_id("request-rows")
    rows.wait_for()
    request_url = city.url
    assert rows.locator("tr[data-status=none]").count() == 2

    # Tuần Châu answers on time, from a phone.
    alice = people["alice"]
    log_in(alice, base, "alice")
    answer(alice, base, "L06700", "Đi từng ngõ, gõ từng nhà")
    assert alice.get_by_test_id("number").inner_text() == "01/UBND-VHTT"
    assert alice.evaluate("document.documentElement.scrollWidth") <= 360

    # Hùng Thắng answers two days after the deadline (logged in then: sessions expire).
    charlie = people["charlie"]
    with time_machine.travel(timezone.now() + dt.timedelta(days=2), tick=True):
        log_in(charlie, base, "charlie")
        charlie.goto(f"{base}/u/L06679/reports/")
        charlie.get_by_test_id("overdue").wait_for()
        answer(charlie, base, "L06679", "Hướng dẫn tại nhà văn hóa")

    # The city sees one on time, one late, and returns Tuần Châu's with a comment.
    city.goto(request_url)
    assert city.locator('tr[data-unit="L06700"][data-timeliness="on_time"]').count() == 1
    assert city.locator('tr[data-unit="L06679"][data-timeliness="late"]').count() == 1
    row = city.locator('tr[data-unit="L06700"]').first
    row.locator("summary").click()
    city.fill("#comment-L06700", "Bổ sung kiến nghị về thiết bị")
    city.get_by_test_id("return-L06700").click()
    city.locator('tr[data-unit="L06700"][data-status="returned"]').wait_for()

    # Tuần Châu reads the comment, corrects, submits again (version 2, same number).
    alice.goto(f"{base}/u/L06700/reports/")
    alice.get_by_test_id("inbox").get_by_role("link").first.click()
    assert "Bổ sung kiến nghị" in alice.get_by_test_id("return-comment").inner_text()
    alice.fill("#id_proposals", "Cấp thêm máy tính bảng cho Tổ")
    alice.get_by_test_id("report-form").locator("button[type=submit]").click()
    alice.get_by_test_id("preview").get_by_text("Cấp thêm máy tính bảng cho Tổ").wait_for()
    alice.get_by_test_id("submit").click()
    alice.locator('[data-testid=status] [data-status="submitted"]').wait_for()
    assert alice.get_by_test_id("number").inner_text() == "01/UBND-VHTT"
    history = alice.get_by_test_id("history")
    assert history.locator("li[data-action=submit]").count() == 2
    assert history.locator("li[data-action=return]").count() == 1

    # The city accepts both and reads the consolidation.
    city.goto(request_url)
    city.get_by_test_id("accept-L06700").click()
    # A page says what accepting locks before anything is written.
    assert "khóa số liệu" in city.get_by_test_id("consequences").inner_text()
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        city.screenshot(path=f"{SHOTS}/report-accept-confirm-1280.png", full_page=True)
    city.get_by_test_id("confirm-button").click()
    city.locator('tr[data-unit="L06700"][data-status="accepted"]').wait_for()
    city.get_by_test_id("accept-L06679").click()
    city.get_by_test_id("confirm-button").click()
    city.locator('tr[data-unit="L06679"][data-status="accepted"]').wait_for()
    table = city.get_by_test_id("consolidated-table")
    assert "Phường Tuần Châu" in table.inner_text()
    assert "Phường Hùng Thắng" in table.inner_text()
    assert table.locator('tr[data-unit="L06700"][data-timeliness="on_time"]').count() == 1
    assert table.locator('tr[data-unit="L06679"][data-timeliness="late"]').count() == 1
    # Tuần Châu's resend after the return is shown as a correction, with its date.
    assert table.locator('tr[data-unit="L06700"] [data-testid=corrected]').count() == 1
    assert table.locator('tr[data-unit="L06679"] [data-testid=corrected]').count() == 0
    totals = city.get_by_test_id("totals").inner_text()
    assert "2/2" in totals
    assert "2.919/4.315" in totals  # e-ID: 1.328 + 1.591 over 1.929 + 2.386
    assert city.get_by_test_id("reporting-rate").inner_text().endswith("(2/2)")
    assert city.get_by_test_id("timeliness").inner_text().endswith("(1/2)")
    statuses = dict(Report.objects.values_list("unit__code", "status"))
    assert statuses == {"L06700": ReportStatus.ACCEPTED, "L06679": ReportStatus.ACCEPTED}
    assert Report.objects.get(unit__code="L06700").version == 2
