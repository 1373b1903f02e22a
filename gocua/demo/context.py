"""What demo steps share: the units they built and the logins to print."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gocua.orgunits.models import OrgUnit

DEMO_PASSWORD = "gocua-demo"  # noqa: S105 - printed for everyone by design; demo only
# The seed's report: No. 297/UBND of Tuần Châu ward, 26 June 2023.
REPORT_DAY = dt.date(2023, 6, 26)


@dataclass
class DemoContext:
    units: dict[str, OrgUnit] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, what it shows)
    notes: list[str] = field(default_factory=list)

    def unit(self, key: str) -> OrgUnit:
        return self.units[key]
