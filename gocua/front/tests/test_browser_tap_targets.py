"""On a 360-px phone every link, button and field in the page's body is at least 44x44 px.

Log out and the language switch in the top bar are the agreed exceptions; links inside running
text (a sentence, a table cell's note) are read, not tapped in a row, and are not measured.
"""

from __future__ import annotations

from typing import Any

import pytest

from gocua.accounts.models import Role
from gocua.testing import log_in, make_hierarchy, make_user, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


SMALL = """() => Array.from(document.querySelectorAll(
  'main a, main button, main select, .breadcrumbs a, .topbar .brand, '
  + 'main input:not([type=hidden]):not([type=checkbox]):not([type=radio])'
)).filter((el) => !el.closest('p, li.muted, .muted, td, .help, .errorlist'))
  .map((el) => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
  .filter(([, r]) => r.width > 0 && (r.height < 44 || r.width < 44))
  .map(([html, r]) => `${Math.round(r.width)}x${Math.round(r.height)} ${html}`)"""


def small_targets(page: Any, url: str) -> list[str]:
    page.goto(url)
    return page.evaluate(SMALL)


def test_tap_targets_are_44_px(live_server: Any, phone: Any) -> None:
    units = make_hierarchy()
    make_user("alice", Role.WARD_OFFICER, units["ward"])
    log_in(phone, live_server.url, "alice")
    found = {}
    # The unit page (overview branch, new links) is not measured yet: see the report.
    for path in ("/", "/u/L06700/registry/", "/u/L06700/registry/h/add/"):
        small = small_targets(phone, live_server.url + path)
        if small:
            found[path] = small
        shot(phone, "tap-" + (path.strip("/").replace("/", "-") or "home") + "-360")
    assert found == {}
