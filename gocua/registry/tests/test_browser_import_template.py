"""A ward officer downloads the import page's templates (CSV and Excel), fills two rows of one,
uploads it, reads the preview, confirms, and finds the household in the registry: on a 360-px
phone with the CSV, at a 1366-px desk with the Excel file."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from gocua.accounts.models import Role
from gocua.registry import facts
from gocua.registry.models import Household, Resident
from gocua.testing import log_in, make_hierarchy, make_user, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("GOCUA_SCREENSHOTS", "")  # a folder to keep screenshots in, if set
HEADERS = [f.header for f in facts.FIELDS if f.owner != "file"]
ROWS = [
    {
        "Mã hộ": "MAU-01",
        "Khu phố": "Khu phố 1",
        "Họ và tên": "Đỗ Văn Mẫu",
        "Ngày sinh": "05/02/1980",
        "Giới tính": "Nam",
        "Quan hệ với chủ hộ": "Chủ hộ",
        "Điện thoại thông minh": "có",
    },
    {
        "Mã hộ": "MAU-01",
        "Khu phố": "Khu phố 1",
        "Họ và tên": "Lê Thị Thử",
        "Ngày sinh": "1984",
        "Giới tính": "Nữ",
        "Quan hệ với chủ hộ": "Vợ",
    },
]


def _download(page: Any, test_id: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_test_id(test_id).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def _filled_csv(template: bytes) -> bytes:
    reader = csv.reader(io.StringIO(template.decode("utf-8-sig")))
    headers = next(reader)
    assert headers == HEADERS
    assert list(reader) == []  # the template holds the header alone
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in ROWS:
        writer.writerow([row.get(h, "") for h in headers])
    return out.getvalue().encode("utf-8-sig")


def _filled_xlsx(template: bytes) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.active
    assert sheet is not None
    headers = [cell.value for cell in sheet[1]]
    assert headers == HEADERS
    for row in ROWS:
        sheet.append([row.get(str(h), None) for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "size,kind", [((360, 740), "csv"), ((1366, 900), "xlsx")], ids=["phone-csv", "desktop-xlsx"]
)
def test_the_template_round_trip(
    live_server: Any, browser: Any, tmp_path: Path, size: tuple[int, int], kind: str
) -> None:
    units = make_hierarchy()
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    phone = size[0] < 400
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]},
        is_mobile=phone,
        has_touch=phone,
        accept_downloads=True,
        locale="vi-VN",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = live_server.url
    try:
        log_in(page, base, "alice")
        page.goto(f"{base}/u/L06700/registry/import/")
        shot(page, f"template-import-{size[0]}")
        templates = {k: _download(page, f"template-{k}") for k in ("csv", "xlsx")}
        assert templates["csv"][0].endswith(".csv") and templates["xlsx"][0].endswith(".xlsx")
        filled = (_filled_csv if kind == "csv" else _filled_xlsx)(templates[kind][1])
        upload = tmp_path / f"mau.{kind}"
        upload.write_bytes(filled)

        page.set_input_files("#id_file", str(upload))
        page.fill("#id_as_of", "2023-06-26")
        page.click("main form.stacked button[type=submit]")
        confirm = page.get_by_test_id("confirm-import")
        confirm.wait_for()
        assert "2" in confirm.inner_text()  # the button says how many rows it writes
        assert Resident.objects.count() == 0  # the preview writes nothing
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        shot(page, f"template-preview-{kind}-{size[0]}")
        confirm.click()
        page.wait_for_url(f"{base}/u/L06700/registry/")
        households = page.get_by_test_id("households")
        households.wait_for()
        text = households.inner_text()
        assert "MAU-01" in text and "Đỗ Văn Mẫu" in text
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        shot(page, f"template-registry-{kind}-{size[0]}")

        household = Household.objects.get(code="MAU-01")
        names = set(household.residents.values_list("full_name", flat=True))
        assert names == {"Đỗ Văn Mẫu", "Lê Thị Thử"}
        # The birth date reads back in the one date style; a year alone stays a year.
        page.goto(f"{base}/u/L06700/registry/h/{household.pk}/")
        members = page.get_by_test_id("members").inner_text()
        assert "05/02/1980" in members and "1984" in members
        shot(page, f"template-household-{kind}-{size[0]}")
    finally:
        context.close()
