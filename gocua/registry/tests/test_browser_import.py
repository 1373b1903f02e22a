"""A ward officer imports the list the ward already keeps, as it is, from the browser."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from gocua.accounts.models import Role
from gocua.registry.models import Household, Resident, RosterMapping
from gocua.registry.tests.workbooks import KP1_ROWS, KP2_ROWS, ward_workbook
from gocua.testing import log_in, make_hierarchy, make_user, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("GOCUA_SCREENSHOTS", "")  # a folder to keep screenshots in, if set


@pytest.mark.parametrize("size", [(360, 740), (1366, 900)], ids=["phone", "desktop"])
def test_an_officer_maps_an_unknown_column_previews_imports_and_sees_the_households(
    live_server: Any, browser: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    units = make_hierarchy()
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    workbook = tmp_path / "danh-sach-nhan-khau.xlsx"
    workbook.write_bytes(ward_workbook({"Khu phố 1": KP1_ROWS, "KP2": KP2_ROWS}))
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    label = f"{size[0]}"

    log_in(page, base, "alice")
    page.goto(f"{base}/u/L06700/registry/import/")
    shot(page, f"import-{label}")
    page.set_input_files("#id_file", str(workbook))
    page.fill("#id_as_of", "2023-06-26")
    page.click("main form.stacked button[type=submit]")
    page.get_by_test_id("mapping-form").wait_for()
    assert page.url.endswith("/registry/import/columns/")
    unknown = page.locator("li.unknown")
    assert unknown.count() == 1 and "Ghi chú" in unknown.inner_text()
    assert "đi làm xa" in unknown.inner_text()  # a sample value of the column
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    shot(page, f"mapping-{label}")
    unknown.locator("select").select_option("-")  # ignore it
    page.get_by_test_id("check-mapping").click()
    confirm = page.get_by_test_id("confirm-import")
    confirm.wait_for()
    assert "7" in confirm.inner_text()
    assert Resident.objects.count() == 0  # the preview writes nothing
    shot(page, f"preview-{label}")
    confirm.click()
    page.wait_for_url(f"{base}/u/L06700/registry/")
    households = page.get_by_test_id("households").inner_text()
    for code in ("CH-022080000123", "CH-022190000789"):
        assert code in households
    assert "Nguyễn Văn An" in households and "Phạm Thu Hà" in households
    shot(page, f"registry-{label}")
    assert Household.objects.count() == 3 and Resident.objects.count() == 7
    assert list(RosterMapping.objects.values_list("header", "column")) == [("ghi_chu", "")]

    head = Resident.objects.get(full_name="Nguyễn Văn An")
    page.goto(f"{base}/u/L06700/registry/h/{head.household_id}/")
    members = page.get_by_test_id("members").inner_text()
    assert members.index("Nguyễn Văn An") < members.index("Trần Thị Bình")
    assert "Chủ hộ" in members and "Vợ" in members
    shot(page, f"household-{label}")
    page.get_by_test_id("visit").click()
    page.locator("fieldset legend").first.wait_for()  # the click navigates; the list does not wait
    legends = page.locator("fieldset legend").all_inner_texts()
    assert legends[0].startswith("Nguyễn Văn An · Chủ hộ"), legends
    shot(page, f"visit-{label}")

    # A file with errors: every one listed before anything is written, and as a file.
    bad = tmp_path / "sai.csv"
    bad.write_text("Mã hộ,Khu phố,Họ và tên,Năm sinh,SĐT\nH1,Khu phố 1,Lý Văn A,2099,0123\n")
    page.goto(f"{base}/u/L06700/registry/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("main form.stacked button[type=submit]")
    errors = page.get_by_test_id("errors").inner_text()
    assert "Dòng 2, cột Năm sinh" in errors
    assert "SĐT" in page.get_by_test_id("warnings").inner_text()
    assert page.get_by_test_id("errors-file").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    shot(page, f"preview-errors-{label}")
    context.close()


@pytest.mark.parametrize("size", [(360, 740), (1366, 900)], ids=["phone", "desktop"])
def test_a_running_import_shows_its_page_and_it_ends_on_the_registry(
    live_server: Any, browser: Any, size: tuple[int, int]
) -> None:
    import datetime as dt

    from gocua.registry.models import ImportJob

    units = make_hierarchy()
    alice = make_user("alice", Role.WARD_OFFICER, units["ward"])
    job = ImportJob.objects.create(
        unit=units["ward"],
        user=alice,
        name="danh-sach-nhan-khau.xlsx",
        token="none",
        as_of=dt.date(2023, 6, 26),
        status=ImportJob.Status.RUNNING,
    )
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(30_000)
    base = live_server.url
    log_in(page, base, "alice")
    page.goto(f"{base}/u/L06700/registry/import/{job.pk}/")
    status = page.get_by_test_id("import-job")
    assert "Đang nhập" in status.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    shot(page, f"import-job-{size[0]}")
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, message="thêm 7 nhân khẩu / added 7 residents"
    )
    page.wait_for_url(f"{base}/u/L06700/registry/")  # the page looked again by itself
    assert "thêm 7 nhân khẩu" in page.locator("body").inner_text()
    shot(page, f"import-job-done-{size[0]}")
    context.close()


@pytest.mark.parametrize("size", [(360, 740), (1366, 900)], ids=["phone", "desktop"])
def test_a_number_saved_in_another_ward_while_importing_ends_with_the_reason(
    live_server: Any, browser: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Checked clean, then, before the confirmed import writes, another ward saves one of
    its personal IDs: the job ends on the registry naming the row, nothing written."""
    import datetime as dt
    from unittest import mock

    from gocua.registry import services
    from gocua.registry.importer import RosterImport
    from gocua.registry.tests.helpers import make_household
    from gocua.registry.tests.test_import_id_race import NUMBER, ROSTER

    units = make_hierarchy()
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    charlie = make_user("charlie", Role.WARD_OFFICER, units["ward2"])
    b_home = make_household(units["ward2_kp1"], "B1", "Lê Văn Bảy")
    roster = tmp_path / "danh-sach.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    real_run = RosterImport.run

    def run(job: RosterImport) -> Any:
        done = real_run(job)
        if not job.dry_run and not Resident.objects.filter(personal_id=NUMBER).exists():
            services.resident_add(
                household=b_home,
                full_name="Phan Văn Nam",
                personal_id=NUMBER,
                moved_in=dt.date(2023, 6, 1),
                user=charlie,
            )
        return done

    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(30_000)
    base = live_server.url
    log_in(page, base, "alice")
    page.goto(f"{base}/u/L06700/registry/import/")
    page.set_input_files("#id_file", str(roster))
    page.fill("#id_as_of", "2023-06-26")
    page.click("main form.stacked button[type=submit]")
    confirm = page.get_by_test_id("confirm-import")
    confirm.wait_for()
    with mock.patch.object(RosterImport, "run", run):
        confirm.click()
        page.wait_for_url(f"{base}/u/L06700/registry/")
    shown = page.locator("ul.messages").inner_text()
    assert "bị từ chối, không ghi gì" in shown
    assert "Dòng 2, cột so_dinh_danh" in shown and "nơi khác" in shown
    assert "Hùng Thắng" not in shown
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    shot(page, f"import-race-refused-{size[0]}")
    assert not Household.objects.filter(code="H9").exists()
    context.close()
