"""The visit screen's rows, shared by the online form and the field app.

One member is one compact row (``registry/_visit_member.html``): the facts as toggles,
VNeID as a three-way choice, "guided today on" as chips. Facts that cannot apply at the
member's age are folded away (domain.md: an e-ID from 14, a payment account from 18; a
newborn has no smartphone): still there, one tap away, never hidden for good.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from gocua.lib.dates import today


@dataclass(frozen=True)
class VisitFact:
    name: str  # the form's and the API's name
    column: str  # the Resident column holding its day
    label: Any
    min_age: int  # folded away below this age


VISIT_FACTS = [
    VisitFact("smartphone", "smartphone_since", _("Smartphone"), 10),
    VisitFact("vssid", "vssid_since", "VssID", 14),
    VisitFact("ehealth", "ehealth_since", _("E-health"), 0),
    VisitFact("payment", "payment_since", _("Payment account"), 18),
]
EID_MIN_AGE = 14
EID_CHOICES = [(0, _("no account")), (1, _("level 1")), (2, _("level 2"))]


def age_on(birth: dt.date | None, day: dt.date | None = None) -> int | None:
    """Whole years on ``day``, birthday counted; None when the birth date is unknown."""
    if birth is None:
        return None
    day = day or today()
    return max(day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day)), 0)


def member_row(
    resident: Any,
    *,
    services: list[Any],
    guided: set[tuple[int, str]] = frozenset(),  # type: ignore[assignment]
    english: bool = False,
    move_out_url: str = "",
) -> dict[str, Any]:
    """The row of one resident; ``resident=None`` gives the blank row the field app fills in."""
    pk = resident.pk if resident is not None else "__ID__"
    age = age_on(resident.birth_date) if resident is not None else None

    def applies(min_age: int) -> bool:
        return age is None or age >= min_age

    facts = [
        {
            "name": f.name,
            "label": f.label,
            "on": resident is not None and getattr(resident, f.column) is not None,
            "min_age": f.min_age,
            "applies": applies(f.min_age),
        }
        for f in VISIT_FACTS
    ]
    return {
        "pk": pk,
        "name": resident.full_name if resident is not None else "",
        "relationship": (resident.relationship or "") if resident is not None else "",
        "age": age,
        "version": resident.version if resident is not None else "",
        "eid": resident.eid_level if resident is not None else 0,
        "eid_choices": EID_CHOICES,
        "eid_applies": applies(EID_MIN_AGE),
        "facts": facts,
        "folded": not applies(EID_MIN_AGE) or not all(f["applies"] for f in facts),
        "guidance": [
            (s.code, s.name_en if english else s.name_vi, (pk, s.code) in guided) for s in services
        ],
        "move_out_url": move_out_url,
    }
