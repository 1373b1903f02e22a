"""Demo units: Quảng Ninh › Hạ Long › Tuần Châu (the 2023 structure) and a second ward.

The official units come from the pre-2025 list (codes L22, L193, L06700); the
five neighbourhoods are local units, as a ward adds them.
"""

from __future__ import annotations

from gocua.demo.context import DemoContext
from gocua.orgunits.models import Level, OrgUnit
from gocua.orgunits.official import legacy_rows
from gocua.orgunits.services import orgunit_add, orgunits_upsert

QUANG_NINH = 22
HA_LONG = 193
TUAN_CHAU = "L06700"
SECOND_WARD = "L06679"  # Phường Hùng Thắng, Hạ Long: keeps a registry in the demo
NEIGHBOURHOODS = [f"Khu phố {n}" for n in range(1, 6)]


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
