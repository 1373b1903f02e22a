"""The registry part of the demo (see gocua/demo/steps.py): idempotent.

Phường Hùng Thắng keeps a registry of about 3,000 synthetic residents in its
Khu phố 1-5, generated with a fixed seed as of the seed report's date and
loaded through the roster import (so a second run matches every row and
changes nothing). Tuần Châu keeps no registry: its figures are entered.
"""

from __future__ import annotations

import io

from gocua.orgunits.demo import REPORT_DAY, DemoContext
from gocua.registry.services import roster_import
from gocua.registry.synth import synth_write

SEED = 20230626
RESIDENTS = 3_000


def demo_roster() -> bytes:
    text = io.StringIO()
    synth_write(out=text, wards=[None], residents=RESIDENTS, seed=SEED, as_of=REPORT_DAY)
    return text.getvalue().encode("utf-8")


def build(ctx: DemoContext) -> None:
    ward = ctx.units["ward2"]
    result = roster_import(
        file=io.BytesIO(demo_roster()),
        name="hung-thang-demo.csv",
        unit=ward,
        as_of=REPORT_DAY,
    )
    if result.errors:  # the generator and the import disagree: a bug, say it loudly
        raise RuntimeError("; ".join(str(e) for e in result.errors[:5]))
    ctx.notes.append(
        f"{ward.name}: sổ nhân khẩu {result.rows} người (thêm {result.created}) / "
        f"{ward.name}: registry of {result.rows} residents ({result.created} added)"
    )
