"""The indicators part of the demo (see gocua/demo/steps.py): idempotent.

Tuần Châu keeps no registry: it declares entered aggregates, and the seed's
figures for the report of 26 June 2023 are entered exactly as the seed states
them, mistakes included (1,246,000 residents guided; 2,525 residents aged 18+
against 1,929 aged 14+), so that validation shows them. Its 35 sessions are
the outreach demo's records. Hùng Thắng keeps a registry (the registry demo's).
"""

from __future__ import annotations

from gocua.indicators.defaults import install_defaults
from gocua.indicators.models import AggregateEntry, DataSource
from gocua.indicators.services import aggregates_enter, unit_source_set
from gocua.lib.dates import start_of_year
from gocua.orgunits.demo import REPORT_DAY, REQUEST_START, DemoContext

# As the seed writes them (No. 297/UBND, 26 June 2023).
SEED_FIGURES: dict[str, tuple[int | None, int | None]] = {
    "eid": (1328, 1929),
    "online_services": (2525, 2525),
    "cashless": (1412, 2525),
    "essential_apps": (1246, 2525),
    "civic_engagement": (1246, 2525),
    "household_skills": (2525, 2525),
    "guided": (1_246_000, None),
}


def build(ctx: DemoContext) -> None:
    install_defaults()
    ward, ward2 = ctx.units["ward"], ctx.units["ward2"]
    unit_source_set(unit=ward, source=DataSource.ENTERED)
    unit_source_set(unit=ward2, source=DataSource.REGISTRY)
    # The seed's figures for the year so far, and for the period of the city's request
    # 389/UBND-VHTT (from the teams' founding in June 2022: the 35 sessions).
    for start in (start_of_year(REPORT_DAY), REQUEST_START):
        entry = AggregateEntry.objects.filter(unit=ward, as_of=REPORT_DAY, start=start).first()
        stored = {v.code: (v.numerator, v.denominator) for v in entry.values.all()} if entry else {}
        if stored != SEED_FIGURES and not (entry and entry.locked):
            aggregates_enter(unit=ward, as_of=REPORT_DAY, start=start, values=SEED_FIGURES)
    ctx.notes.append(
        'Chỉ tiêu / indicators: gocua indicators --unit "tuan chau" --as-of 2023-06-26; '
        'gocua validate --unit "tuan chau" --as-of 2023-06-26'
    )
