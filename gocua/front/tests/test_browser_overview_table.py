"""The province officer of the demo (``tinh``) reads a paged table of units below, at a
desk and on a 360-px phone: the threshold is lowered to 10 so that the demo city's wards
(Hạ Long, 33 in the 2023 structure) fill four pages. The headers sort on the server both
ways, the pager turns pages, the filter finds a ward typed without accents; the page
never scrolls sideways and the unit's name stays in view on a phone. Screenshots (and
the printed page, A4 landscape) go to ``$GOCUA_SCREENSHOTS`` to be looked at."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from gocua.demo.services import demo_load
from gocua.lib.text import fold
from gocua.testing import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "gocua-demo"
PAGE = "/u/L193/?as_of=2023-06-26&from=2023-01-01&indicator=eid"


def _log_in(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "tinh")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.get_by_test_id("unit-tree").wait_for()


def _values(page: Any) -> list[float]:
    return page.eval_on_selector_all(
        "[data-testid=children] tbody tr",
        "rows => rows.map(r => Number(r.children[1].dataset.value))",
    )


def _names(page: Any) -> list[str]:
    return page.locator("[data-testid=children] tbody th").all_inner_texts()


def _walk(page: Any, base: str, name: str, width: int) -> None:
    _log_in(page, base)
    page.goto(base + PAGE)
    table = page.get_by_test_id("children")
    table.wait_for()
    assert table.locator("tbody tr").count() == 10
    summary = page.get_by_test_id("table-summary").inner_text()
    assert "trang 1/4" in summary and "Cần chú ý trước" in summary, summary
    assert page.get_by_test_id("pager").is_visible()
    shot(page, f"overview-table-{name}-attention")

    # The e-ID header sorts all 33 wards on the server, lowest first, then highest
    # first; the wards without a figure (data-value -1) last either way.
    table.locator("thead th").nth(1).get_by_role("link").click()
    page.wait_for_url("**sort=eid&dir=asc**")
    page.locator("th[aria-sort=ascending]").wait_for()
    lowest = _values(page)
    valued = [v for v in lowest if v >= 0]
    assert valued and lowest == sorted(valued) + [-1] * (10 - len(valued)), lowest
    page.get_by_test_id("children").locator("thead th").nth(1).get_by_role("link").click()
    page.wait_for_url("**sort=eid&dir=desc**")
    page.locator("th[aria-sort=descending]").wait_for()
    highest = _values(page)
    assert highest[: len(valued)] == sorted(valued, reverse=True), highest
    assert highest[0] >= 68.84  # Tuần Châu's entered e-ID share
    shot(page, f"overview-table-{name}-eid-desc")

    # By name, the next page carries on where the first stopped.
    page.get_by_test_id("children").locator("thead th").first.get_by_role("link").click()
    page.wait_for_url("**sort=name&dir=asc**")
    page.locator("th[aria-sort=ascending]").wait_for()
    first = [fold(n) for n in _names(page)]
    assert first == sorted(first) and len(first) == 10
    page.get_by_test_id("pager").get_by_role("link", name="Trang sau").click()
    page.wait_for_url("**page=2**")
    page.get_by_test_id("pager").get_by_text("Trang 2/4").wait_for()
    second = [fold(n) for n in _names(page)]
    assert second == sorted(second) and first[-1] <= second[0], (first, second)
    shot(page, f"overview-table-{name}-by-name-page-2")

    # The filter finds Tuần Châu typed without accents, and keeps the order.
    page.fill("#id_q", "tuan chau")
    page.get_by_test_id("table-filter").get_by_role("button").click()
    page.wait_for_url("**q=tuan+chau**")
    page.get_by_test_id("table-summary").get_by_text("tuan chau", exact=False).wait_for()
    names = _names(page)
    assert len(names) == 1 and names[0].startswith("Phường Tuần Châu"), names
    assert "sort=name" in page.url and "dir=asc" in page.url
    assert page.get_by_test_id("pager").count() == 0

    # Back to every ward; the charted indicator changes through the period form, which
    # keeps the table's order and filter.
    page.goto(base + PAGE + "&sort=eid&dir=desc")
    page.get_by_test_id("children").wait_for()
    page.select_option("#id_indicator", "cashless")
    page.locator("[data-testid=period] button[type=submit]").click()
    page.wait_for_url("**indicator=cashless**")
    assert "sort=eid" in page.url and "dir=desc" in page.url
    page.get_by_test_id("ranked").wait_for()

    # Nothing is cut off: the page never scrolls sideways; on a phone the table does,
    # and the unit's name stays in view.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width <= 400:
        page.eval_on_selector(".overview-scroll", "el => { el.scrollLeft = 400; }")
        box = page.get_by_test_id("children").locator("tbody tr").first.locator("th")
        cell, scroller = box.bounding_box(), page.locator(".overview-scroll").bounding_box()
        assert cell is not None and scroller is not None
        assert abs(cell["x"] - scroller["x"]) < 3
        page.eval_on_selector(".overview-scroll", "el => { el.scrollLeft = 0; }")
    shot(page, f"overview-table-{name}-cashless")

    folder = os.environ.get("GOCUA_SCREENSHOTS")
    if folder and width > 1000:  # the printed page, A4 landscape, rendered to look at
        pdf = Path(folder) / "overview-table-print.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(pdf.with_suffix(""))], check=True
        )


def test_the_province_officer_pages_sorts_and_filters_the_units_below(
    live_server: Any, browser: Any, settings: Any
) -> None:
    settings.OVERVIEW_PAGED_ABOVE = 10
    settings.OVERVIEW_PAGE_SIZE = 10
    demo_load()
    for name, viewport, mobile in (
        ("desktop", {"width": 1366, "height": 900}, False),
        ("phone", {"width": 360, "height": 740}, True),
    ):
        context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile)
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            _walk(page, live_server.url, name, viewport["width"])
        finally:
            context.close()
