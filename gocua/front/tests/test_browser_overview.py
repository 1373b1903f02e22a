"""The province officer of the demo (``tinh``) opens the overviews at a desk and on a
360-px phone: the page loads, the table sorts, the charted indicator and the date
change through the address, the workbook downloads. Screenshots are written to
``var/screenshots/`` (``GOCUA_SCREENSHOTS`` to change) to be looked at."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

from gocua.demo.services import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("GOCUA_SCREENSHOTS", "var/screenshots"))
DEMO_PASSWORD = "gocua-demo"
CITY = "L193"  # Hạ Long in the demo's 2023 structure


def _log_in(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "tinh")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.get_by_test_id("unit-tree").wait_for()


def _column_values(page: Any, index: int) -> list[float]:
    return page.eval_on_selector_all(
        "[data-testid=children] tbody tr",
        f"rows => rows.map(r => Number(r.children[{index}].dataset.value))",
    )


def _walk(page: Any, base: str, name: str, width: int) -> None:
    _log_in(page, base)
    page.goto(f"{base}/u/L22/?as_of=2023-06-26&from=2023-01-01")
    page.get_by_test_id("headlines").wait_for()
    # The province's table leads to the city, whose wards fill the table.
    page.get_by_test_id("children").get_by_role("link", name="Thành phố Hạ Long").click()
    page.wait_for_url(f"**/u/{CITY}/?as_of=2023-06-26&from=2023-01-01")
    table = page.get_by_test_id("children")
    assert table.locator("tbody tr").count() > 20
    assert "5/7" not in table.inner_text()  # not the test tree: the demo's figures
    assert "1.328/1.929" in table.inner_text()  # Tuần Châu's entered e-ID figures
    page.screenshot(path=str(SHOTS / f"overview-{name}-city.png"), full_page=True)

    # Sort by the first indicator (e-ID): descending on the second click.
    header = table.locator("thead th").nth(1)
    header.click()
    values = _column_values(page, 1)
    assert values == sorted(values)
    header.click()
    values = _column_values(page, 1)
    assert values == sorted(values, reverse=True)
    assert values[0] >= 68.84

    # Another indicator for the charts, then another date: both in the address.
    page.select_option("#id_indicator", "cashless")
    page.fill("#id_as_of", "2023-05-31")
    page.locator("[data-testid=period] button[type=submit]").click()
    page.wait_for_url("**indicator=cashless**")
    assert "as_of=2023-05-31" in page.url
    ranked = page.get_by_test_id("ranked").locator("svg").get_attribute("aria-label")
    assert ranked is not None and "mobile money" in ranked
    assert page.locator("#id_as_of").input_value() == "2023-05-31"
    page.get_by_test_id("trend").locator("svg circle").first.wait_for()

    # Nothing is cut off: the page never scrolls sideways; on a phone the table does,
    # and the unit's name stays in view.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width <= 400:
        page.eval_on_selector(".overview-scroll", "el => { el.scrollLeft = 400; }")
        box = table.locator("tbody tr").first.locator("th").bounding_box()
        scroller = page.locator(".overview-scroll").bounding_box()
        assert box is not None and scroller is not None
        assert abs(box["x"] - scroller["x"]) < 3
    page.screenshot(path=str(SHOTS / f"overview-{name}-cashless.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_test_id("xlsx").click()
    download = info.value
    from openpyxl import load_workbook

    with open(download.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    assert sheet is not None
    names = [row[0].value for row in sheet.iter_rows()]
    assert "Phường Tuần Châu" in names
    assert download.suggested_filename == f"tong-quan-{CITY}-2023-05-31.xlsx"


def test_the_province_officer_reads_the_overviews(live_server: Any, browser: Any) -> None:
    demo_load()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, viewport, mobile in (
        ("desktop", {"width": 1366, "height": 900}, False),
        ("phone", {"width": 360, "height": 740}, True),
    ):
        context = browser.new_context(
            viewport=viewport, is_mobile=mobile, has_touch=mobile, accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            _walk(page, live_server.url, name, viewport["width"])
        finally:
            context.close()
