"""Demo units: Quảng Ninh › Hạ Long › Tuần Châu (the 2023 structure) and a second ward.

The official units come from the pre-2025 list (codes L22, L193, L06700); the
five neighbourhoods are local units, as a ward adds them.

Every app's demo step takes the :class:`DemoContext` defined here (the lowest app
that has units), so that no app imports the ``demo`` app above it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gocua.orgunits.models import Level, OrgUnit
from gocua.orgunits.official import legacy_rows
from gocua.orgunits.services import orgunit_add, orgunits_upsert

QUANG_NINH = 22
HA_LONG = 193
TUAN_CHAU = "L06700"
SECOND_WARD = "L06679"  # Phường Hùng Thắng, Hạ Long: keeps a registry in the demo
NEIGHBOURHOODS = [f"Khu phố {n}" for n in range(1, 6)]

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


def build(ctx: DemoContext) -> None:
    orgunits_upsert(legacy_rows(provinces={QUANG_NINH}, districts={HA_LONG}))
    ctx.units["province"] = OrgUnit.objects.get(code=f"L{QUANG_NINH}")
    ctx.units["city"] = OrgUnit.objects.get(code=f"L{HA_LONG}")
    ctx.units["ward"] = OrgUnit.objects.get(code=TUAN_CHAU)
    ctx.units["ward2"] = OrgUnit.objects.get(code=SECOND_WARD)
    for key in ("ward", "ward2"):
        ward = ctx.units[key]
        for index, name in enumerate(NEIGHBOURHOODS, start=1):
            existing = ward.children.filter(name=name).first()
            unit = existing or orgunit_add(name=name, parent=ward, level=Level.NEIGHBOURHOOD)
            ctx.units[f"{key}.kp{index}"] = unit
