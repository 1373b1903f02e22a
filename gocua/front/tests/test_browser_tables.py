"""The demo's wide tables read on a 360-px phone and at a 1366-px desk, in Vietnamese.

- The city's consolidation of a request (reports): it scrolls sideways inside its box, the unit
  column stays at the left, the last column can be reached; the page itself never scrolls sideways.
- The checker's findings: one card per finding on a phone, the finding's text in view.
- The entry grid of figures (indicators): "Tổng số" (out of) in view beside "Số đạt" (achieved).
- Every period form puts "from" before "to".

Screenshots go to ``var/screenshots/`` (``GOCUA_SCREENSHOTS`` to change), to be looked at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from gocua.checker.tests.helpers import LETTERS
from gocua.demo.services import demo_load
from gocua.reports.models import ReportRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("GOCUA_SCREENSHOTS", "var/screenshots"))
DEMO_PASSWORD = "gocua-demo"
SIZES = [("phone", 360, 740), ("desktop", 1366, 900)]


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.get_by_test_id("unit-tree").wait_for()


def _no_sideways_page(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _in_view(box: dict[str, float] | None, width: int) -> bool:
    return (
        box is not None and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= width
    )


def _consolidation(page: Any, base: str, name: str, width: int) -> None:
    request = ReportRequest.objects.get(number="389/UBND-VHTT")
    page.goto(f"{base}/u/{request.from_unit.code}/reports/requests/{request.pk}/")
    table = page.get_by_test_id("consolidated-table")
    table.wait_for()
    _no_sideways_page(page, width)
    scroller = page.locator(".table-scroll", has=table)
    sizes = scroller.evaluate("el => [el.scrollWidth, el.clientWidth]")
    if width <= 400:
        assert sizes[0] > sizes[1], "on a phone the consolidation scrolls inside its box"
    unit = table.locator("tbody tr").first.locator("td").first
    assert "Phường" in unit.inner_text()
    # Scroll the box to its far right: the unit cell stays at the box's left edge, and the
    # last column comes into view (nothing cut off for good).
    scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    box, frame = unit.bounding_box(), scroller.bounding_box()
    assert box is not None and frame is not None
    assert abs(box["x"] - frame["x"]) < 3, (box, frame)
    last = table.locator("thead th").last.bounding_box()
    assert last is not None and last["x"] + last["width"] <= frame["x"] + frame["width"] + 1
    page.screenshot(path=str(SHOTS / f"tables-{name}-consolidation.png"), full_page=True)
    scroller.evaluate("el => { el.scrollLeft = 0; }")


def _checker(page: Any, base: str, name: str, width: int) -> None:
    page.goto(f"{base}/checker/u/L193/")
    page.set_input_files(
        "input[type=file]",
        [str(LETTERS / "seed_297_tuan_chau.txt"), str(LETTERS / "correct_hung_thang.md")],
    )
    page.click("main button[type=submit]")
    findings = page.get_by_test_id("findings")
    findings.wait_for()
    _no_sideways_page(page, width)
    texts = findings.locator("td.finding-text")
    assert texts.count() >= 3
    for index in range(texts.count()):
        cell = texts.nth(index)
        cell.scroll_into_view_if_needed()
        assert cell.is_visible()
        assert len(cell.inner_text().strip()) > 20
        assert _in_view(cell.bounding_box(), width), f"finding {index} is cut off"
    assert "1.412/2.525 (đạt 55%)" in findings.inner_text()
    letters = page.get_by_test_id("letters")
    assert "Phường Hùng Thắng" in letters.inner_text()
    page.screenshot(path=str(SHOTS / f"tables-{name}-checker.png"), full_page=True)


def _entry(page: Any, base: str, name: str, width: int) -> None:
    page.goto(f"{base}/u/L06700/indicators/entry/?as_of=2023-06-26&from=2023-01-01")
    grid = page.get_by_test_id("entry-grid")
    grid.wait_for()
    _no_sideways_page(page, width)
    out_of = grid.get_by_role("columnheader", name="Tổng số")
    assert out_of.is_visible() and _in_view(out_of.bounding_box(), width)
    first = grid.locator("tbody tr").first
    inputs = first.locator("input")
    assert inputs.count() == 2
    for index in range(2):
        assert _in_view(inputs.nth(index).bounding_box(), width)
    # "From" comes before "as of" (to) in the period.
    start, end = page.locator("#id_start").bounding_box(), page.locator("#id_as_of").bounding_box()
    assert start is not None and end is not None
    assert (start["y"], start["x"]) < (end["y"], end["x"])
    page.screenshot(path=str(SHOTS / f"tables-{name}-entry.png"), full_page=True)


def test_wide_tables_read_on_a_phone_and_a_desk(live_server: Any, browser: Any) -> None:
    demo_load()
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    for name, width, height in SIZES:
        mobile = width <= 400
        context = browser.new_context(
            viewport={"width": width, "height": height},
            is_mobile=mobile,
            has_touch=mobile,
            locale="vi-VN",
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            _log_in(page, base, "thanhpho")
            _consolidation(page, base, name, width)
            _checker(page, base, name, width)
            page.context.clear_cookies()
            _log_in(page, base, "tuanchau")
            _entry(page, base, name, width)
        finally:
            context.close()
