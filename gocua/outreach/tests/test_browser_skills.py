"""In Chromium on a 360-px phone: a member gives their own levels per service; the ward
officer's team page shows who needs training, and a training raises them."""

from __future__ import annotations

from typing import Any

import pytest

from gocua.accounts.models import Role
from gocua.lib.dates import today
from gocua.outreach.catalogue import install_defaults
from gocua.outreach.models import ActivityChannel, Member, Service
from gocua.outreach.selectors import member_skill_levels
from gocua.outreach.services.sessions import activity_create
from gocua.outreach.services.skills import member_skills_set
from gocua.outreach.services.teams import member_create
from gocua.outreach.tests.helpers import team
from gocua.testing import fits, log_in, make_hierarchy, make_user, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEEDS_TRAINING, CAN_USE, CAN_GUIDE = 1, 2, 3


def levels(member: Member) -> dict[str, int]:
    return {r.service.code: r.level for r in member_skill_levels(member=member).values()}


def setup() -> tuple[Member, Member]:
    install_defaults()
    units = make_hierarchy()
    bob = make_user("bob", Role.MEMBER, units["kp1"])
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    kp1, kp2 = team(units["kp1"], "315/QĐ-UBND"), team(units["kp2"], "316/QĐ-UBND")
    bobs = member_create(team=kp1, full_name="Nguyễn Văn Bốn", login=bob)
    lan = member_create(team=kp1, full_name="Trần Thị Lan")
    hoa = member_create(team=kp2, full_name="Ngô Thị Hoa")
    vssid, vneid = Service.objects.get(code="vssid"), Service.objects.get(code="vneid")
    member_skills_set(member=lan, levels={vssid: NEEDS_TRAINING, vneid: CAN_USE})
    member_skills_set(member=hoa, levels={vssid: CAN_GUIDE, vneid: CAN_GUIDE})
    activity_create(
        unit=units["kp2"],
        date=today(),
        channel=ActivityChannel.objects.get(code="leaflets"),
        services=[vneid],
        leaflets=1_250,
    )
    return bobs, lan


def test_a_member_sets_their_levels_on_a_phone(live_server: Any, phone: Any) -> None:
    bobs, _lan = setup()
    log_in(phone, live_server.url, "bob", language="vi")
    phone.goto(f"{live_server.url}/u/L06700.01/outreach/")
    phone.get_by_test_id("my-skills").click()
    form = phone.get_by_test_id("skills-form")
    form.wait_for()
    assert fits(phone)
    shot(phone, "skills-member-form-360")
    phone.get_by_label("Định danh điện tử (VNeID)").select_option(label="Hướng dẫn được")
    phone.get_by_label("Bảo hiểm xã hội số (VssID)").select_option(label="Cần tập huấn")
    form.get_by_role("button", name="Lưu lại").click()
    phone.get_by_test_id("skill-history").wait_for()
    assert "Đã lưu mức kỹ năng." in phone.locator(".messages").inner_text()
    history = phone.get_by_test_id("skill-history").inner_text()
    assert "Hướng dẫn được" in history and "thành viên tự đánh giá" in history
    assert fits(phone)
    shot(phone, "skills-member-saved-360")
    assert levels(bobs) == {"vneid": CAN_GUIDE, "vssid": NEEDS_TRAINING}


def test_the_team_page_shows_who_needs_training(live_server: Any, browser: Any) -> None:
    bobs, lan = setup()
    member_skills_set(member=bobs, levels={Service.objects.get(code="vssid"): NEEDS_TRAINING})
    for width, height in ((360, 740), (1366, 900)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, "alice", language="vi")
        page.goto(f"{live_server.url}/u/L06700/outreach/")
        card = page.locator('[data-testid="skills"] [data-service="vssid"]')
        card.wait_for()
        needs = card.get_by_test_id("needs-training").inner_text()
        assert needs == "2: Nguyễn Văn Bốn, Trần Thị Lan"
        assert card.get_by_test_id("can-guide").inner_text() == "1: Ngô Thị Hoa"
        assert "1.250" in page.get_by_test_id("leaflets-total").inner_text()
        assert fits(page, width)
        page.locator("#skills").scroll_into_view_if_needed()
        shot(page, f"skills-team-{width}")
        context.close()

    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    log_in(phone, live_server.url, "alice", language="vi")
    phone.goto(f"{live_server.url}/u/L06700/outreach/")
    phone.get_by_role("link", name="Ghi buổi tập huấn").click()
    phone.get_by_text("Thành viên dự tập huấn", exact=True).wait_for()
    assert "Biết sử dụng" in phone.locator("main").inner_text()  # the rule, said
    phone.select_option("#id_service", label="Bảo hiểm xã hội số (VssID)")
    phone.get_by_label("Trần Thị Lan · Khu phố 1").check()
    assert fits(phone)
    shot(phone, "skills-training-form-360")
    phone.click("main button[type=submit]")
    phone.get_by_test_id("training-sessions").wait_for()
    card = phone.locator('[data-testid="skills"] [data-service="vssid"]')
    assert card.get_by_test_id("needs-training").inner_text() == "1: Nguyễn Văn Bốn"
    assert levels(lan)["vssid"] == CAN_USE
    context.close()
