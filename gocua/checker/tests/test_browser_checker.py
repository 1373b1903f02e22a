"""A city officer checks two letters from a phone and reads the findings."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from gocua.accounts.models import Role
from gocua.checker.tests.helpers import LETTERS, docx_bytes, seed_text
from gocua.testing import PASSWORD, log_in, make_hierarchy, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_city_officer_checks_letters_on_a_phone(live_server: Any, phone: Any) -> None:
    units = make_hierarchy()
    make_user("dave", Role.UPPER_OFFICER, units["city"])
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_username", "dave")
    phone.fill("#id_password", PASSWORD)
    phone.click("main button[type=submit]")
    phone.get_by_test_id("unit-tree").wait_for()
    phone.goto(f"{live_server.url}/u/L193/")
    phone.click('a[href="/checker/u/L193/"]')
    with tempfile.TemporaryDirectory() as directory:
        seed = Path(directory) / "297.docx"
        seed.write_bytes(docx_bytes(seed_text().split("\n")))
        phone.set_input_files(
            "input[type=file]", [str(seed), str(LETTERS / "correct_hung_thang.md")]
        )
        phone.click("main button[type=submit]")
        findings = phone.get_by_test_id("findings")
        findings.wait_for()
    assert "1.412/2.525 (đạt 55%)" in findings.inner_text()
    assert "percent_mismatch" not in findings.inner_text()  # the code is a tooltip only
    assert findings.locator('[title="percent_mismatch"]').count() >= 1
    letters = phone.get_by_test_id("letters").inner_text()
    assert "Phường Tuần Châu" in letters
    assert "Phường Hùng Thắng" in letters
    # The page may scroll inside its tables, not sideways as a whole.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_coverage_reads_on_a_phone_and_a_desktop(
    live_server: Any, phone: Any, desktop: Any
) -> None:
    """Letters whose percents could not be checked say so; every percent can be unfolded.
    With ``GOCUA_SCREENSHOTS=folder`` the pages are saved there to be looked at."""
    import os

    units = make_hierarchy()
    make_user("dave", Role.UPPER_OFFICER, units["city"])
    corpus = LETTERS.parent / "corpus"
    files = [
        str(corpus / "14_plan_and_target.txt"),
        str(corpus / "25_complement_wrong.txt"),
        str(corpus / "21_table_pairs_wrong.txt"),
    ]
    shots = os.environ.get("GOCUA_SCREENSHOTS")
    desktop.set_viewport_size({"width": 1366, "height": 900})
    for page, width in ((phone, 360), (desktop, 1366)):
        log_in(page, live_server.url, "dave")
        page.goto(f"{live_server.url}/checker/u/L193/")
        page.set_input_files("input[type=file]", files)
        page.click("main button[type=submit]")
        page.get_by_test_id("letters").wait_for()
        assert page.get_by_test_id("nothing-checked").count() == 1
        page.locator("details summary").first.click()
        coverage = page.get_by_test_id("letters").inner_text()
        assert "không kiểm tra được" in coverage
        assert "1 đúng, 1 sai trong 2" in coverage
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if shots:
            page.screenshot(path=f"{shots}/checker-coverage-{width}.png", full_page=True)
