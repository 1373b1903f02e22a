"""On a 360-px phone: a ward officer creates a member's login, the member logs in with the
one-time password, must choose their own, and reaches their neighbourhood's page.
On a 1366-px desktop: the logins page and the ward's history."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from gocua.accounts.models import Role
from gocua.testing import fits, log_in, make_hierarchy, make_user, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ONE_LINE = (
    "e => e.getBoundingClientRect().height < 1.5 * parseFloat(getComputedStyle(e).lineHeight)"
)


def test_a_ward_officer_creates_a_member_login_that_then_works(
    live_server: Any, phone: Any
) -> None:
    units = make_hierarchy()
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    base = live_server.url
    log_in(phone, base, "alice")
    phone.goto(f"{base}/u/L06700/")
    phone.get_by_role("link", name="Tài khoản đăng nhập").click()
    phone.get_by_test_id("login-new").click()
    phone.wait_for_url(f"{base}/u/L06700/logins/new/")
    assert phone.get_attribute("#id_phone", "inputmode") == "tel"
    phone.select_option("#id_unit", "L06700.02")
    phone.fill("#id_full_name", "Nguyễn Thị Lan")
    phone.fill("#id_phone", "0912 345 678")
    # A user name of its own, long enough to be cut in two beside its label on a phone
    # (the one made from the name: accounts/tests/test_team_logins.py).
    phone.fill("#id_username", "lan.khupho2")
    assert fits(phone, 360)
    shot(phone, "login-new-360")
    phone.click("main button[type=submit]")
    slip = phone.get_by_test_id("slip")
    slip.wait_for()
    username = phone.get_by_test_id("slip-username").inner_text().strip()
    password = phone.get_by_test_id("slip-password").inner_text().strip()
    assert username == "lan.khupho2"
    assert len(password) == 9
    assert fits(phone, 360)
    # The user name and the password each on one line (a password cut in two is typed wrong).
    for value in ("slip-username", "slip-password"):
        assert phone.get_by_test_id(value).evaluate(ONE_LINE), value
    # The header's links are 44 px taps on a phone.
    for target in (phone.get_by_test_id("field-link"), phone.locator("header form button")):
        box = target.first.bounding_box()
        assert box is not None and box["height"] >= 44
    shot(phone, "login-slip-360")
    # Printed: the slip alone, on one A6 piece of paper, the password on it.
    printed = PdfReader(io.BytesIO(phone.pdf(format="A6")))
    assert len(printed.pages) == 1
    assert password in printed.pages[0].extract_text()
    assert "Quay lại" not in printed.pages[0].extract_text()
    phone.get_by_test_id("back-to-logins").click()
    phone.wait_for_url(f"{base}/u/L06700/logins/")
    rows = phone.get_by_test_id("login-row")
    rows.first.wait_for()
    assert "Nguyễn Thị Lan" in " ".join(rows.all_inner_texts())
    assert password not in phone.content()
    shot(phone, "logins-360")

    phone.click("header form[action='/accounts/logout/'] button")
    phone.wait_for_url(f"{base}/accounts/login/")
    phone.fill("#id_username", username)
    phone.fill("#id_password", password)
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{base}/accounts/password/**")
    phone.get_by_test_id("forced").wait_for()
    assert fits(phone, 360)
    shot(phone, "password-choose-360")
    # Anywhere else first: back to the choice.
    phone.goto(f"{base}/u/L06700.02/")
    phone.wait_for_url(f"{base}/accounts/password/**")
    phone.fill("#id_password", "Hoa-Sen-2026")
    phone.fill("#id_again", "Hoa-Sen-2026")
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{base}/u/L06700.02/")
    phone.get_by_role("heading", name="Khu phố 2").first.wait_for()
    shot(phone, "member-first-page-360")
    phone.get_by_test_id("field-link").click()
    phone.wait_for_url(f"{base}/field/")


def test_the_logins_and_the_history_on_a_desktop(live_server: Any, desktop: Any) -> None:
    from gocua.accounts.services import account_create, account_deactivate

    units = make_hierarchy()
    alice = make_user("alice", Role.WARD_OFFICER, units["ward"])
    make_user("bob", Role.MEMBER, units["kp1"])
    carol, _ = account_create(unit=units["kp2"], full_name="Trần Thị Cúc", user=alice)
    account_create(unit=units["kp1"], full_name="Đỗ Văn Hùng", phone="0987654321", user=alice)
    account_deactivate(account=carol, user=alice)
    desktop.set_viewport_size({"width": 1366, "height": 900})
    base = live_server.url
    log_in(desktop, base, "alice")
    desktop.goto(f"{base}/u/L06700/logins/")
    desktop.get_by_test_id("login-row").first.wait_for()
    assert desktop.get_by_test_id("login-row").count() == 3
    shot(desktop, "logins-1366")
    desktop.goto(f"{base}/u/L06700/logins/{carol.pk}/reactivate/")
    desktop.get_by_test_id("confirm").wait_for()
    shot(desktop, "login-confirm-1366")
    desktop.get_by_test_id("cancel").click()  # the way back, as on every confirmation page
    desktop.wait_for_url(f"{base}/u/L06700/logins/")
    desktop.goto(f"{base}/u/L06700/history/")
    desktop.get_by_test_id("history-row").first.wait_for()
    assert desktop.get_by_test_id("history-row").count() == 3
    shot(desktop, "history-1366")
    desktop.select_option("#id_kind", "login")
    desktop.click("[data-testid=history-filters] button")
    desktop.wait_for_url("**kind=login**")
    desktop.get_by_test_id("history-row").first.wait_for()
    assert "khóa tài khoản: Trần Thị Cúc" in " ".join(
        desktop.get_by_test_id("history-row").all_inner_texts()
    )


def test_the_history_on_a_phone(live_server: Any, phone: Any) -> None:
    from gocua.accounts.services import account_create

    units = make_hierarchy()
    alice = make_user("alice", Role.WARD_OFFICER, units["ward"])
    account_create(unit=units["kp1"], full_name="Đỗ Văn Hùng", user=alice)
    log_in(phone, live_server.url, "alice")
    phone.goto(f"{live_server.url}/u/L06700/history/")
    phone.get_by_test_id("history-row").first.wait_for()
    assert fits(phone, 360)
    shot(phone, "history-360")
    phone.select_option("#id_kind", "visit")
    phone.get_by_role("button", name="Lọc", exact=True).click()
    none = phone.get_by_test_id("history-none")
    none.wait_for()
    assert "Không có việc nào khớp với bộ lọc này." in none.inner_text()
    assert fits(phone, 360)
    shot(phone, "history-nothing-360")
    none.get_by_role("link", name="Xem tất cả").click()
    phone.get_by_test_id("history-row").first.wait_for()
    assert phone.url == f"{live_server.url}/u/L06700/history/"
