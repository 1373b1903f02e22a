"""A person logs in with a phone and sees their units."""

from typing import Any

import pytest

from gocua.accounts.models import Role
from gocua.testing import log_in, make_hierarchy, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_in_and_sees_the_tree(live_server: Any, phone: Any) -> None:
    units = make_hierarchy()
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    log_in(phone, live_server.url, "alice")
    tree = phone.get_by_test_id("unit-tree")
    tree.get_by_text("Phường Tuần Châu").wait_for()
    assert tree.get_by_role("link", name="Khu phố 1").is_visible()
    assert tree.get_by_role("link", name="Khu phố 2").is_visible()
    assert "Hùng Thắng" not in phone.content()
    # No horizontal scrolling on a 360-px screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_member_gets_404_on_another_unit(live_server: Any, phone: Any) -> None:
    units = make_hierarchy()
    make_user("bob", Role.MEMBER, units["kp1"])
    log_in(phone, live_server.url, "bob")
    phone.get_by_test_id("unit-tree").wait_for()
    response = phone.goto(f"{live_server.url}/u/L06700.02/")
    assert response.status == 404
