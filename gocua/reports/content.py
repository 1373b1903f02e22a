"""What a unit's report says, gathered from the database into a :class:`ReportContent`.

The letters package draws a :class:`ReportContent` (plain values); this module fills
it from the rows: the request answered, the legal basis from the unit's document
register, the activity figures and the indicators from the engine (registry or entered,
whichever the unit keeps), the chart by neighbourhood, the narrative the officer wrote,
the signer and the number from the unit's register.

- A report not yet received (draft, returned) is gathered live, every time.
- A received report (submitted, accepted) is read from ``report.frozen``: what was
  sent never changes, even when the data or the definitions do later.

:func:`content_to_json` / :func:`content_from_json` are how the content is frozen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gocua.indicators.selectors import indicator_values
from gocua.lib.dates import today
from gocua.lib.errors import Problem
from gocua.orgunits.models import Level, OrgUnit
from gocua.outreach.selectors import (
    guided_by_service,
    leaflets_handed_out,
    legal_basis_citations,
    sessions_by_channel,
    sessions_by_service,
    training_needs,
)
from gocua.reports.consolidation import (
    Consolidation,
    city_letter_content,
    division_words,
    short_place,
)
from gocua.reports.letters import (
    AnsweredRequest,
    IndicatorFigure,
    Letter,
    NeighbourhoodFigures,
    ReportContent,
    Signature,
    SigningPrefix,
    compose_report_letter,
    legal_basis_texts,
)
from gocua.reports.letters.compose import TEAM
from gocua.reports.letters.texts import committee, lower_first
from gocua.reports.models import Report, ReportRequest, Signatory

SESSIONS = "sessions"
GUIDED = "guided"
ACTIVITY_CODES = (SESSIONS, GUIDED)
DRAFT_NUMBER = "…"  # the number's place before the register issues one: "Số: …/UBND-VHTT"


@dataclass(frozen=True)
class Narrative:
    """What the officer writes: one item per line of each text."""

    recipients: Sequence[str] = ()
    copies: Sequence[str] = ()
    lessons: Sequence[str] = ()
    difficulties: Sequence[str] = ()
    proposals: Sequence[str] = ()

    @classmethod
    def of(cls, report: Report) -> Narrative:
        return cls(
            recipients=lines(report.recipients),
            copies=lines(report.copies),
            lessons=lines(report.lessons),
            difficulties=lines(report.difficulties),
            proposals=lines(report.proposals),
        )


def lines(text: str) -> list[str]:
    """The non-empty lines of a text area."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def wanted_codes(request: ReportRequest | None) -> list[str] | None:
    """The indicator codes of a request plus the activity figures; None: every one."""
    if request is None or not request.codes:
        return None
    codes = [str(code) for code in request.codes]
    return codes + [code for code in ACTIVITY_CODES if code not in codes]


def default_recipients(asking: OrgUnit | None) -> list[str]:
    """Who a report goes to when the officer names nobody: the committee that asked (or
    the one above), and for a city its culture and information office: ``UBND thành phố
    Hạ Long``, ``Phòng Văn hóa - Thông tin thành phố``."""
    if asking is None:
        return []
    recipients = [committee(asking.name, short=True)]
    if asking.level == Level.DISTRICT:
        kind = asking.division_type.strip().lower()
        if not kind and asking.short_name != asking.name:
            kind = asking.name[: -len(asking.short_name)].strip().lower()
        if kind:
            recipients.append(f"Phòng Văn hóa - Thông tin {kind}")
    return recipients


def signature_of(unit: OrgUnit) -> Signature:
    """The unit's signature block; :class:`Problem` when no signer is set."""
    signatory = Signatory.objects.filter(unit=unit).first()
    if signatory is None or not signatory.name.strip():
        raise Problem(
            f"Chưa đặt người ký văn bản của {unit.name}: vào trang “Người ký” của đơn vị để "
            "đặt họ tên, chức vụ",
            f"no signer is set for the letters of {unit.name}: set the name and title on the "
            "unit's “Signer” page",
        )
    return Signature(
        name=signatory.name,
        title=signatory.title,
        collective=signatory.collective,
        prefix=SigningPrefix(signatory.prefix),
        signer_title=signatory.signer_title,
    )


def symbol_of(unit: OrgUnit) -> str:
    signatory = Signatory.objects.filter(unit=unit).first()
    return signatory.symbol if signatory is not None else "UBND-VHTT"


def answered(request: ReportRequest) -> AnsweredRequest:
    return AnsweredRequest(
        number=request.number,
        day=request.date,
        subject=request.subject,
        issuer=committee(request.from_unit.name, short=True),
    )


def live_figures(
    *, unit: OrgUnit, start: dt.date, as_of: dt.date, codes: Sequence[str] | None
) -> dict[str, Any]:
    """The unit's figures and its children's, in the shape of ``gocua indicators
    --format json`` plus ``definitions`` (the frozen definitions used)."""
    values = indicator_values(unit=unit, as_of=as_of, start=start, codes=codes)
    data = values.to_json()
    data["definitions"] = values.definitions
    return data


def gather(
    *,
    unit: OrgUnit,
    start: dt.date,
    as_of: dt.date,
    day: dt.date,
    number: str,
    figures: dict[str, Any],
    answering: AnsweredRequest | None = None,
    asking: OrgUnit | None = None,
    narrative: Narrative | None = None,
) -> ReportContent:
    """The content of ``unit``'s letter over ``start``..``as_of`` (see the module):
    ``answering`` the letter from above it answers, sent by ``asking`` (the default
    recipient; else the unit above)."""
    narrative = narrative or Narrative()
    plans, decisions = legal_basis_texts(legal_basis_citations(unit, as_of))
    by_code = {f["code"]: f for f in figures.get("indicators", [])}
    ratios = [
        f
        for f in figures.get("indicators", [])
        if f["code"] not in ACTIVITY_CODES
        and f.get("denominator") is not None
        and f.get("numerator") is not None
    ]
    neighbourhoods = [
        NeighbourhoodFigures(
            child["unit"]["name"],
            {f["code"]: f.get("percent") for f in child.get("indicators", [])},
        )
        for child in figures.get("children", [])
    ]
    if not any(n.percents.get(f["code"]) is not None for n in neighbourhoods for f in ratios):
        neighbourhoods = []  # nothing to draw: no chart
    # Above the ward (a city's or province's own letter) the teams are the wards' and
    # the chart's groups are wards and communes, not neighbourhoods.
    above = unit.level not in (Level.COMMUNE, Level.NEIGHBOURHOOD)
    if above:
        neighbourhoods = [
            NeighbourhoodFigures(short_place(n.name), n.percents) for n in neighbourhoods
        ]
    kinds = division_words([child["unit"]["name"] for child in figures.get("children", [])])
    leaflets = leaflets_handed_out(root=unit, start=start, end=as_of)
    needs = training_needs(root=unit, on=as_of)
    parent = unit.parent
    return ReportContent(
        unit_name=unit.name,
        parent_name=parent.name if parent is not None else "",
        place=unit.short_name,
        number=number,
        day=day,
        signature=signature_of(unit),
        recipients=list(narrative.recipients) or default_recipients(asking or unit.parent),
        request=answering,
        plans=plans,
        decisions=decisions,
        sessions=_activity(by_code.get(SESSIONS)),
        sessions_by_channel=[
            (c.name_vi, c.sessions) for c in sessions_by_channel(root=unit, start=start, end=as_of)
        ],
        session_topics=[s.name_vi for s in sessions_by_service(root=unit, start=start, end=as_of)],
        guided=_activity(by_code.get(GUIDED)),
        guided_services=[s.name_vi for s in guided_by_service(root=unit, start=start, end=as_of)],
        leaflets=leaflets.leaflets or None,
        leaflet_services=[s.name_vi for s in leaflets.services],
        training_members=needs.members or None,
        training_needs=[(s.name_vi, n) for s, n in needs.by_service],
        indicators=[
            IndicatorFigure(
                code=f["code"],
                numerator=int(f["numerator"]),
                denominator=int(f["denominator"]),
                name=f.get("name", ""),
            )
            for f in ratios
        ],
        neighbourhoods=neighbourhoods,
        as_of=as_of,
        lessons=list(narrative.lessons),
        difficulties=list(narrative.difficulties),
        proposals=list(narrative.proposals),
        copies=list(narrative.copies),
        team=f"Các {TEAM} trên địa bàn {lower_first(unit.name)}" if above else "",
        chart_groups=kinds if above else "khu phố",
    )


def _activity(figure: dict[str, Any] | None) -> int | None:
    if figure is None or figure.get("numerator") is None:
        return None
    return int(figure["numerator"])


def letter_day(report: Report) -> dt.date:
    """The letter's date: as the officer set it, else the end of the period asked for."""
    return report.day or report.request.end


def number_text(report: Report) -> str:
    """``297/UBND-VHTT`` once issued; ``…/UBND-VHTT`` on a draft."""
    if report.number is not None:
        return report.number.text
    return f"{DRAFT_NUMBER}/{symbol_of(report.unit)}"


def report_content(report: Report) -> ReportContent:
    """The content of ``report``: frozen once received, live before (see the module)."""
    if report.received and report.frozen.get("content"):
        return content_from_json(report.frozen["content"])
    request = report.request
    return gather(
        unit=report.unit,
        start=request.start,
        as_of=request.end,
        day=letter_day(report),
        number=number_text(report),
        figures=live_figures(
            unit=report.unit, start=request.start, as_of=request.end, codes=wanted_codes(request)
        ),
        answering=answered(request),
        asking=request.from_unit,
        narrative=Narrative.of(report),
    )


def report_letter(report: Report) -> Letter:
    return compose_report_letter(report_content(report))


def city_letter(request: ReportRequest, consolidation: Consolidation) -> Letter:
    """The asking unit's own letter to the unit above it, from the consolidation of its
    request; a draft without a number (numbered when it is signed), dated today.
    :class:`Problem` when the unit has no signer."""
    unit = request.from_unit
    parent = unit.parent
    content = city_letter_content(
        c=consolidation,
        unit_name=unit.name,
        parent_name=parent.name if parent else unit.name,
        place=unit.short_name,
        number=f"{DRAFT_NUMBER}/{symbol_of(unit)}",
        day=today(),
        signature=signature_of(unit),
        recipients=default_recipients(parent),
        as_of=request.end,
    )
    return compose_report_letter(content)


# Freezing ------------------------------------------------------------------------------------


def content_to_json(content: ReportContent) -> dict[str, Any]:
    """Plain JSON values of every field (dates as ISO text)."""
    request = content.request
    signature = content.signature
    return {
        "unit_name": content.unit_name,
        "parent_name": content.parent_name,
        "place": content.place,
        "number": content.number,
        "day": content.day.isoformat(),
        "signature": {
            "name": signature.name,
            "title": signature.title,
            "collective": signature.collective,
            "prefix": signature.prefix.value,
            "signer_title": signature.signer_title,
        },
        "recipients": list(content.recipients),
        "request": None
        if request is None
        else {
            "number": request.number,
            "day": request.day.isoformat(),
            "subject": request.subject,
            "kind": request.kind,
            "issuer": request.issuer,
        },
        "subject": content.subject,
        "plans": list(content.plans),
        "decisions": list(content.decisions),
        "sessions": content.sessions,
        "sessions_by_channel": [[name, count] for name, count in content.sessions_by_channel],
        "session_topics": list(content.session_topics),
        "guided": content.guided,
        "guided_services": list(content.guided_services),
        "leaflets": content.leaflets,
        "leaflet_services": list(content.leaflet_services),
        "training_members": content.training_members,
        "training_needs": [[name, n] for name, n in content.training_needs],
        "indicators": [
            {
                "code": f.code,
                "numerator": f.numerator,
                "denominator": f.denominator,
                "name": f.name,
                "short_name": f.short_name,
            }
            for f in content.indicators
        ],
        "neighbourhoods": [
            {"name": n.name, "percents": dict(n.percents)} for n in content.neighbourhoods
        ],
        "as_of": content.as_of.isoformat() if content.as_of else None,
        "lessons": list(content.lessons),
        "difficulties": list(content.difficulties),
        "proposals": list(content.proposals),
        "copies": list(content.copies),
        "archive": content.archive,
        "parent_authority": content.parent_authority,
        "authority": content.authority,
        "preamble": list(content.preamble),
        "team": content.team,
        "chart_groups": content.chart_groups,
    }


def content_from_json(data: dict[str, Any]) -> ReportContent:
    """The inverse of :func:`content_to_json`."""
    request = data.get("request")
    signature = data["signature"]
    return ReportContent(
        unit_name=data["unit_name"],
        parent_name=data["parent_name"],
        place=data["place"],
        number=data["number"],
        day=dt.date.fromisoformat(data["day"]),
        signature=Signature(
            name=signature["name"],
            title=signature["title"],
            collective=signature["collective"],
            prefix=SigningPrefix(signature["prefix"]),
            signer_title=signature["signer_title"],
        ),
        recipients=list(data["recipients"]),
        request=None
        if request is None
        else AnsweredRequest(
            number=request["number"],
            day=dt.date.fromisoformat(request["day"]),
            subject=request["subject"],
            kind=request["kind"],
            issuer=request["issuer"],
        ),
        subject=data.get("subject", ""),
        plans=list(data["plans"]),
        decisions=list(data["decisions"]),
        sessions=data["sessions"],
        sessions_by_channel=[(name, int(count)) for name, count in data["sessions_by_channel"]],
        session_topics=list(data["session_topics"]),
        guided=data["guided"],
        guided_services=list(data["guided_services"]),
        leaflets=data.get("leaflets"),
        leaflet_services=list(data.get("leaflet_services", [])),
        training_members=data.get("training_members"),
        training_needs=[(name, int(n)) for name, n in data.get("training_needs", [])],
        indicators=[
            IndicatorFigure(
                code=f["code"],
                numerator=f["numerator"],
                denominator=f["denominator"],
                name=f.get("name", ""),
                short_name=f.get("short_name", ""),
            )
            for f in data["indicators"]
        ],
        neighbourhoods=[
            NeighbourhoodFigures(n["name"], dict(n["percents"])) for n in data["neighbourhoods"]
        ],
        as_of=dt.date.fromisoformat(data["as_of"]) if data.get("as_of") else None,
        lessons=list(data["lessons"]),
        difficulties=list(data["difficulties"]),
        proposals=list(data["proposals"]),
        copies=list(data["copies"]),
        archive=data.get("archive", "VT"),
        parent_authority=data.get("parent_authority", ""),
        authority=data.get("authority", ""),
        preamble=list(data.get("preamble", [])),
        team=data.get("team", ""),
        chart_groups=data.get("chart_groups", "khu phố"),
    )
