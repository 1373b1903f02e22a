"""A team member logs a session on a phone; the visit list prints without the page chrome."""

from typing import Any

import pytest

from gocua.accounts.models import Role
from gocua.lib.dates import today
from gocua.outreach.catalogue import install_defaults
from gocua.outreach.models import Activity
from gocua.outreach.tests.helpers import household, team
from gocua.testing import fits, log_in, make_hierarchy, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_logs_a_session_on_a_phone(live_server: Any, phone: Any) -> None:
    install_defaults()
    units = make_hierarchy()
    make_user("bob", Role.MEMBER, units["kp1"])
    team(units["kp1"], "315/QĐ-UBND")
    log_in(phone, live_server.url, "bob", language="vi")
    phone.goto(f"{live_server.url}/u/L06700.01/")
    phone.get_by_role("link", name="Tổ CNSCĐ và tuyên truyền").click()
    phone.get_by_test_id("teams").wait_for()
    assert fits(phone)
    phone.get_by_role("link", name="Ghi buổi tuyên truyền").first.click()
    phone.fill("#id_date", today().isoformat())
    phone.select_option("#id_channel", label="Cuộc họp")
    phone.get_by_label("Định danh điện tử (VNeID)").check()
    phone.fill("#id_people_reached", "30")
    phone.fill("#id_notes", "Họp khu phố về VNeID")
    assert fits(phone)
    phone.click("main button[type=submit]")
    phone.get_by_test_id("sessions").get_by_text("Họp khu phố về VNeID").wait_for()
    assert fits(phone)
    session = Activity.objects.get()
    assert (session.unit.code, session.people_reached) == ("L06700.01", 30)


def test_a_session_in_the_future_shows_the_refusal(live_server: Any, phone: Any) -> None:
    install_defaults()
    units = make_hierarchy()
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    log_in(phone, live_server.url, "alice", language="vi")
    phone.goto(f"{live_server.url}/u/L06700/outreach/sessions/add/")
    phone.fill("#id_date", today().replace(year=today().year + 1).isoformat())
    phone.click("main button[type=submit]")
    error = phone.get_by_test_id("form-error")
    error.wait_for()
    assert "ở tương lai" in error.inner_text()
    assert not Activity.objects.exists()


def test_the_visit_list_prints_without_the_page_chrome(live_server: Any, desktop: Any) -> None:
    install_defaults()
    units = make_hierarchy()
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    household(units["kp1"], "H1", "Nguyễn Văn An")
    household(units["kp2"], "H2", "Trần Thị Bình")
    log_in(desktop, live_server.url, "alice", language="vi")
    desktop.goto(f"{live_server.url}/u/L06700/outreach/visits/")
    listing = desktop.get_by_test_id("visit-list")
    assert "Nguyễn Văn An" in listing.inner_text()
    assert desktop.locator(".subnav").is_visible()
    desktop.emulate_media(media="print")
    assert listing.is_visible()
    assert not desktop.locator(".subnav").is_visible()
    assert not desktop.locator("header.topbar").is_visible()
    assert desktop.locator(".print-only").is_visible()
