"""What demo steps share: the units they built and the logins to print."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gocua.orgunits.models import OrgUnit

DEMO_PASSWORD = "gocua-demo"  # noqa: S105 - printed for everyone by design; demo only
# The seed's report: No. 297/UBND of Tuần Châu ward, 26 June 2023.
REPORT_DAY = dt.date(2023, 6, 26)
# The city's request 389/UBND-VHTT of that day asks for the figures since June 2022,
# when the neighbourhood teams were set up (the seed's 35 sessions), by 30 June.
REQUEST_START = dt.date(2022, 6, 1)
REQUEST_DEADLINE = dt.date(2023, 6, 30)


@dataclass
class DemoContext:
    units: dict[str, OrgUnit] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, what it shows)
    notes: list[str] = field(default_factory=list)

    def unit(self, key: str) -> OrgUnit:
        return self.units[key]
