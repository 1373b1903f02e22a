"""The links a unit's page offers, one per app that has pages for units.

Each app adds its entry here; ``url`` is a URL name that takes the unit's
code, ``levels`` the unit levels it applies to (empty: all).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

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
]
