"""On a 360-px phone: a ward officer creates a member's login, the member logs in with the
one-time password, must choose their own, and reaches their neighbourhood's page.
On a 1366-px desktop: the logins page and the ward's history."""

from __future__ import annotations

from typing import Any

import pytest

from gocua.accounts.models import Role
from gocua.testing import fits, log_in, make_hierarchy, make_user, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_ward_officer_creates_a_member_login_that_then_works(
    live_server: Any, phone: Any
) -> None:
    units = make_hierarchy()
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    base = live_server.url
    log_in(phone, base, "alice")
    phone.goto(f"{base}/u/L06700/")
    phone.get_by_role("link", name="Tài khoản của tổ").click()
    phone.get_by_test_id("login-new").click()
    phone.wait_for_url(f"{base}/u/L06700/logins/new/")
    assert phone.get_attribute("#id_phone", "inputmode") == "tel"
    phone.select_option("#id_unit", "L06700.02")
    phone.fill("#id_full_name", "Nguyễn Thị Lan")
    phone.fill("#id_phone", "0912 345 678")
    assert fits(phone, 360)
    shot(phone, "login-new-360")
    phone.click("main button[type=submit]")
    slip = phone.get_by_test_id("slip")
    slip.wait_for()
    username = phone.get_by_test_id("slip-username").inner_text().strip()
    password = phone.get_by_test_id("slip-password").inner_text().strip()
    assert username == "lannt"
    assert len(password) == 9
    assert fits(phone, 360)
    shot(phone, "login-slip-360")
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
