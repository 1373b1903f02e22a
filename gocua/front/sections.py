"""The links a unit's page offers, one per app that has pages for units.

Each app adds its entry here; ``url`` is a URL name that takes the unit's
code, ``levels`` the unit levels it applies to (empty: all).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from gocua.accounts.permissions import is_officer_of, may_manage_logins_at
from gocua.indicators import labels as indicators
from gocua.outreach import labels as outreach
from gocua.reports import labels as reports


@dataclass(frozen=True)
class Section:
    url: str
    label: object
    levels: frozenset[str] = field(default_factory=frozenset)
    # Roles that see the link; empty: everyone who sees the unit.
    roles: frozenset[str] = field(default_factory=frozenset)
    # A finer rule of who sees the link: a function of (user, unit); None: no more rule.
    shown: Callable[[Any, Any], bool] | None = None


SECTIONS: list[Section] = [
    Section("unit", _("Overview")),
    Section("indicators:results", indicators.RESULTS_PAGE),
    Section(
        "indicators:entry",
        indicators.ENTRY_PAGE,
        frozenset({"commune", "neighbourhood"}),
        roles=frozenset({"ward_officer"}),
    ),
    Section("registry:index", _("Residents"), frozenset({"commune", "neighbourhood"})),
    Section("outreach:team", outreach.TEAM_PAGE, frozenset({"commune", "neighbourhood"})),
    Section(
        "outreach:documents",
        outreach.DOCUMENTS_PAGE,
        frozenset({"province", "district", "commune"}),
    ),
    # Ward: the requests received and its reports; city, province: requests sent, the
    # consolidation. Members of a neighbourhood never see a ward, so never these.
    Section("reports:index", reports.REPORTS_PAGE, frozenset({"province", "district", "commune"})),
    Section(
        "checker:upload",
        _("Check received letters"),
        levels=frozenset({"province", "district"}),
        roles=frozenset({"upper_officer"}),
    ),
    Section("history", _("Change history"), frozenset({"commune"}), shown=is_officer_of),
    Section(
        "logins",
        _("Team logins"),
        frozenset({"province", "district", "commune"}),
        shown=may_manage_logins_at,
    ),
]
