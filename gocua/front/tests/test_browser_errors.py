"""On a 360-px phone: a missing page, and a form whose login expired before it was sent."""

from __future__ import annotations

from typing import Any

import pytest

from gocua.accounts.models import Role
from gocua.testing import PASSWORD, log_in, make_hierarchy, make_user, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_404_page_on_a_phone(live_server: Any, phone: Any) -> None:
    units = make_hierarchy()
    make_user("bob", Role.MEMBER, units["kp1"])
    log_in(phone, live_server.url, "bob")
    response = phone.goto(f"{live_server.url}/u/L06700.02/")  # the other neighbourhood
    assert response.status == 404
    page = phone.get_by_test_id("error-page")
    assert "Không tìm thấy trang" in page.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    home = phone.get_by_test_id("error-home")
    box = home.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    shot(phone, "error-404-360")
    home.click()
    phone.wait_for_url(f"{live_server.url}/")


def test_an_expired_login_keeps_what_was_typed(live_server: Any, phone: Any) -> None:
    units = make_hierarchy()
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    log_in(phone, live_server.url, "alice")
    form_url = f"{live_server.url}/u/L06700/registry/h/add/"
    phone.goto(form_url)
    phone.fill("#id_code", "TC-0042")
    phone.fill("#id_address", "Số 12, ngõ 3")
    phone.context.clear_cookies()  # the login and the CSRF cookie are gone
    phone.click("main button[type=submit]")
    failure = phone.get_by_test_id("csrf-failure")
    failure.wait_for()
    assert "Trang đã hết hạn (phiên đăng nhập kết thúc" in failure.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "error-csrf-360")
    phone.get_by_test_id("csrf-login").click()
    phone.fill("#id_username", "alice")
    phone.fill("#id_password", PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_url(form_url)
    phone.get_by_test_id("form-restored").wait_for()
    assert phone.input_value("#id_code") == "TC-0042"
    assert phone.input_value("#id_address") == "Số 12, ngõ 3"
    shot(phone, "error-csrf-restored-360")


def test_the_404_page_on_a_desktop(live_server: Any, desktop: Any) -> None:
    units = make_hierarchy()
    make_user("bob", Role.MEMBER, units["kp1"])
    log_in(desktop, live_server.url, "bob")
    desktop.goto(f"{live_server.url}/u/L06700.01/")
    response = desktop.goto(f"{live_server.url}/u/L06700.02/", referer=f"{live_server.url}/")
    assert response.status == 404
    assert desktop.get_by_test_id("error-previous").get_attribute("href") == f"{live_server.url}/"
    shot(desktop, "error-404-1366")
