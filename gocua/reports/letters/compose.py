"""The ward's report, shaped like the seed letter, from plain inputs.

:func:`compose_report_letter` turns a :class:`ReportContent` (numbers, texts, names:
no database rows) into a :class:`~.model.Letter` in the seed's order: the request
answered; 1. outreach results with the legal basis and the activity figures; 2. the
indicator lines (``Tỷ lệ 1.328/1.929 (đạt 68,84%)``) and the chart by neighbourhood;
lessons and good practice; 3. difficulties and proposals; the closing sentence naming
the recipients. Whoever gathers the data (the report workflow) only fills the content.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from gocua.lib.dates import short_date
from gocua.lib.errors import Problem
from gocua.lib.numbers import format_ratio, group
from gocua.reports.letters.chart import ChartSeries, indicator_chart_png
from gocua.reports.letters.model import (
    Block,
    Header,
    Image,
    Letter,
    Run,
    Signature,
    bullet,
    heading,
    paragraph,
)
from gocua.reports.letters.texts import committee, lower_first

TEAM = "Tổ Công nghệ số cộng đồng"

# The seed's wording of each default indicator; "Tỷ lệ …" follows it.
INDICATOR_WORDING: dict[str, str] = {
    "eid": (
        "Số lượng người dân từ 14 tuổi trở lên trên địa bàn được cấp, kích hoạt tài khoản "
        "định danh điện tử mức độ 1, 2"
    ),
    "online_services": (
        "Số lượng người dân có giao dịch thủ tục hành chính, sử dụng dịch vụ công trực "
        "tuyến, sử dụng dịch vụ bưu chính công ích"
    ),
    "cashless": (
        "Số người dân từ 18 tuổi trở lên có tài khoản mobile money hoặc tài khoản giao dịch "
        "tại ngân hàng"
    ),
    "essential_apps": (
        "Số người dân có điện thoại thông minh đã cài đặt, sử dụng các ứng dụng thiết yếu "
        "như: VNeID, sổ sức khỏe điện tử, VssID"
    ),
    "civic_engagement": (
        "Số người dân tham gia, tương tác với chính quyền thông qua nền tảng khảo sát, thu "
        "thập ý kiến của người dân"
    ),
    "household_skills": "Số hộ gia đình có kỹ năng số, biết sử dụng mạng Internet an toàn",
}
# Short labels for the chart's legend.
INDICATOR_SHORT: dict[str, str] = {
    "eid": "Định danh điện tử mức 1, 2",
    "online_services": "TTHC trực tuyến, bưu chính công ích",
    "cashless": "Tài khoản thanh toán (18+)",
    "essential_apps": "Ứng dụng thiết yếu",
    "civic_engagement": "Tham gia khảo sát, góp ý",
    "household_skills": "Hộ có kỹ năng số",
}
_LINES = re.compile(r"\r\n|\r|\n")
# Names that keep their capital inside a sentence.
_PROPER = {"Zalo", "Facebook", "Youtube", "YouTube", "TikTok", "Internet"}


@dataclass(frozen=True)
class AnsweredRequest:
    """The letter from above that this report answers."""

    number: str  # "389/UBND-VHTT"
    day: dt.date
    subject: str  # without "về việc"
    kind: str = "Công văn"
    issuer: str = ""  # "UBND thành phố Hạ Long"; empty: not named (as in the seed)


@dataclass(frozen=True)
class IndicatorFigure:
    code: str  # "eid"; the seed's wording is used for the default codes
    numerator: int
    denominator: int
    name: str = ""  # the wording for a code without one of the seed's
    short_name: str = ""  # the chart's label; default INDICATOR_SHORT or name


@dataclass(frozen=True)
class NeighbourhoodFigures:
    """One neighbourhood's percents by indicator code, for the chart."""

    name: str  # "Khu phố 1"
    percents: Mapping[str, float | None]


@dataclass(frozen=True)
class ReportContent:
    """Everything the ward's report says, as plain values."""

    unit_name: str  # "Phường Tuần Châu"
    parent_name: str  # "Thành phố Hạ Long"
    place: str  # "Tuần Châu": the unit's short name
    number: str  # "297/UBND-VHTT": from the register (services.letter_number_issue)
    day: dt.date
    signature: Signature
    recipients: Sequence[str]  # "UBND thành phố Hạ Long", "Phòng Văn hoá - Thông tin thành phố"
    request: AnsweredRequest | None = None
    subject: str = ""  # default: "báo cáo đánh giá tình hình hoạt động của Tổ CNSCĐ …"
    plans: Sequence[str] = ()  # citation texts "Kế hoạch số 48/UBND ngày … về việc …"
    decisions: Sequence[str] = ()  # citation texts "Quyết định số 235/QĐ-UBND ngày …"
    sessions: int | None = None
    sessions_by_channel: Sequence[tuple[str, int]] = ()  # ("Cuộc họp", 12), …
    session_topics: Sequence[str] = ()  # services the sessions were about
    guided: int | None = None  # distinct residents guided
    guided_services: Sequence[str] = ()
    leaflets: int | None = None  # leaflets handed out in the period; None or 0: not said
    leaflet_services: Sequence[str] = ()  # what the sessions that handed them out were about
    # Members of the teams who need training, at the figures' date: how many in all and
    # per service ("Sổ sức khỏe điện tử", 2); empty: not said.
    training_members: int | None = None
    training_needs: Sequence[tuple[str, int]] = ()
    indicators: Sequence[IndicatorFigure] = ()
    neighbourhoods: Sequence[NeighbourhoodFigures] = ()  # the chart; empty: no chart
    as_of: dt.date | None = None  # the figures' date; default: the letter's
    lessons: Sequence[str] = ()  # each item a bullet; lines inside an item too
    difficulties: Sequence[str] = ()
    proposals: Sequence[str] = ()
    copies: Sequence[str] = ()  # "Nơi nhận" between "Như trên" and "Lưu: VT"
    archive: str = "VT"
    parent_authority: str = ""  # default: "UBND " + parent_name
    authority: str = ""  # default: "Ủy ban nhân dân " + unit_name
    # For a letter above the ward (the city's consolidation): paragraphs after the
    # opening, who held the sessions, what the chart's groups are called.
    preamble: Sequence[str] = ()
    team: str = ""  # default: "Tổ Công nghệ số cộng đồng " + unit_name
    chart_groups: str = "khu phố"  # "Biểu đồ: … theo khu phố"


class CitationLike(Protocol):
    """What :func:`gocua.outreach.selectors.legal_basis_citations` returns."""

    @property
    def kind(self) -> str: ...

    @property
    def text(self) -> str: ...


def legal_basis_texts(citations: Iterable[CitationLike]) -> tuple[list[str], list[str]]:
    """(plans, decisions): the citation texts a :class:`ReportContent` takes."""
    plans: list[str] = []
    decisions: list[str] = []
    for citation in citations:
        (plans if citation.kind == "plan" else decisions).append(citation.text)
    return plans, decisions


def default_subject(unit_name: str) -> str:
    return f"báo cáo đánh giá tình hình hoạt động của {TEAM} trên địa bàn {lower_first(unit_name)}"


def indicator_line(figure: IndicatorFigure) -> str:
    """``Số lượng người dân từ 14 tuổi … mức độ 1, 2. Tỷ lệ 1.328/1.929 (đạt 68,84%)``."""
    wording = INDICATOR_WORDING.get(figure.code) or figure.name or figure.code
    return f"{wording.rstrip('. ')}. Tỷ lệ {format_ratio(figure.numerator, figure.denominator)}"


def in_sentence(name: str) -> str:
    """``Cuộc họp`` → ``cuộc họp``, ``Cổng thông tin điện tử`` → ``cổng thông tin điện
    tử``; names stay: ``Zalo``, ``VNeID``, ``Cổng Dịch vụ công quốc gia`` (its second
    word capitalised)."""
    words = " ".join(name.split()).split(" ")
    first = words[0]
    second = words[1] if len(words) > 1 else ""
    if first in _PROPER or any(ch.isupper() for ch in first[1:]) or second[:1].isupper():
        return " ".join(words)
    return lower_first(" ".join(words))


def compose_report_letter(content: ReportContent) -> Letter:
    """The seed-shaped letter (see the module's docstring); :class:`Problem` when it
    cannot be a letter: no signer, a deputy without a title, no recipient."""
    _check(content)
    unit_short = committee(content.unit_name, short=True)  # "UBND phường Tuần Châu"
    team = content.team.strip() or f"{TEAM} {lower_first(content.unit_name)}"
    header = Header(
        parent_authority=content.parent_authority or committee(content.parent_name, short=True),
        authority=content.authority or committee(content.unit_name),
        number=content.number,
        place=content.place,
        day=content.day,
        summary=content.subject or default_subject(content.unit_name),
    )
    body: list[Block] = [_opening(content, unit_short)]
    body += [paragraph(text) for text in _items(content.preamble)]
    body += _outreach_section(content, team)
    body += _indicator_section(content)
    body += _lessons(content)
    body += _difficulties_and_proposals(content)
    recipients = [_bare(r) for r in content.recipients if _bare(r)]
    closing = f"{unit_short} báo cáo {', '.join(recipients)} biết, tổng hợp./."
    distribution = ("Như trên", *content.copies, f"Lưu: {content.archive}")
    return Letter(
        header=header,
        recipients=tuple(content.recipients),
        body=tuple(body),
        closing=closing,
        distribution=distribution,
        signature=content.signature,
    )


def _check(content: ReportContent) -> None:
    unit = content.unit_name
    signature = content.signature
    if not signature.name.strip():
        raise Problem(
            f"Chưa đặt người ký văn bản của {unit} (họ tên, chức vụ)",
            f"no signer is set for the letters of {unit} (name and title)",
        )
    if not signature.title.strip():
        raise Problem(
            f"Chưa có chức vụ của người đứng đầu {unit} trong phần ký",
            f"the signature block of {unit} lacks the head's title",
        )
    if signature.prefix.needs_signer_title and not signature.signer_title.strip():
        raise Problem(
            f"Ký {signature.prefix.value} cần chức vụ của người ký (như Phó Chủ tịch)",
            f"signing {signature.prefix.value} needs the signer's own title (e.g. Phó Chủ tịch)",
        )
    if not any(_bare(r) for r in content.recipients):
        raise Problem(
            "Văn bản cần ít nhất một nơi nhận sau “Kính gửi:”",
            "a letter needs at least one recipient after “Kính gửi:”",
        )


def _opening(content: ReportContent, unit_short: str) -> Block:
    request = content.request
    if request is None:
        subject = content.subject or default_subject(content.unit_name)
        return paragraph(f"{unit_short} {subject.strip().rstrip('.')} như sau:")
    issuer = f" của {request.issuer}" if request.issuer else ""
    return paragraph(
        f"Thực hiện {request.kind} số {request.number} ngày {short_date(request.day)}{issuer} "
        f"về việc {request.subject.strip().rstrip('.;')}; {unit_short} báo cáo như sau:"
    )


def _outreach_section(content: ReportContent, team: str) -> list[Block]:
    blocks: list[Block] = [heading("1. Kết quả công tác tuyên truyền, hướng dẫn người dân, gồm:")]
    plans = [_sentence_part(p) for p in content.plans]
    if plans:
        blocks.append(bullet(f"Thực hiện {'; '.join(plans)}."))
    division = _division(content)
    for index, decision in enumerate(content.decisions):
        text = _sentence_part(decision)
        if index == 0 and division:
            # "… đã ban hành các Quyết định số 237, 238/QĐ-UBND …": "Các" only opens a sentence.
            text = lower_first(text) if text.startswith("Các ") else text
            text = f"UBND {division} đã ban hành {text}"
        blocks.append(bullet(f"{text}."))
    if content.sessions is not None:
        channels = ", ".join(
            f"{in_sentence(name)} ({group(count)} buổi)"
            for name, count in content.sessions_by_channel
        )
        through = f" thông qua {channels}" if channels else ""
        topics = ", ".join(in_sentence(t) for t in content.session_topics)
        about = (
            f"; nội dung chủ yếu hướng dẫn sử dụng các ứng dụng số cơ bản như {topics}"
            if topics
            else ""
        )
        held = f"{team} đã tổ chức {group(content.sessions)} buổi tuyên truyền"
        blocks.append(bullet(f"{held}{through}{about}."))
    if content.leaflets:
        blocks.append(bullet(leaflets_sentence(team, content.leaflets, content.leaflet_services)))
    if content.guided is not None:
        parts: list[str | Run] = [
            f"{team} đã hướng dẫn {group(content.guided)} người dân cài đặt, nắm bắt được các "
            "kỹ năng cơ bản để sử dụng các nền tảng số, ứng dụng số cơ bản"
        ]
        if content.guided_services:
            services = ", ".join(in_sentence(s) for s in content.guided_services)
            parts += [" (", Run(services, italic=True), ")"]
        parts.append(
            " để tương tác với chính quyền, tham gia phát triển kinh tế số, xây dựng xã hội số "
            "và trở thành công dân số."
        )
        blocks.append(bullet(*parts))
    return blocks


def _indicator_section(content: ReportContent) -> list[Block]:
    if not content.indicators:
        return []
    blocks: list[Block] = [heading("2. Kết quả thực hiện các mục tiêu, chỉ tiêu:")]
    last = len(content.indicators) - 1
    for index, figure in enumerate(content.indicators):
        blocks.append(bullet(indicator_line(figure) + ("." if index == last else ";")))
    chart = _chart(content)
    if chart is not None:
        blocks.append(chart)
    return blocks


def _chart(content: ReportContent) -> Image | None:
    if not content.neighbourhoods or not content.indicators:
        return None
    series = [
        ChartSeries(
            label=figure.short_name
            or INDICATOR_SHORT.get(figure.code)
            or figure.name
            or figure.code,
            values=[n.percents.get(figure.code) for n in content.neighbourhoods],
        )
        for figure in content.indicators
    ]
    png = indicator_chart_png(groups=[n.name for n in content.neighbourhoods], series=series)
    as_of = content.as_of or content.day
    return Image(
        png=png,
        caption=(
            f"Biểu đồ: Tỷ lệ đạt các chỉ tiêu theo {content.chart_groups.strip() or 'khu phố'} "
            f"(số liệu đến ngày {short_date(as_of)})"
        ),
    )


def _lessons(content: ReportContent) -> list[Block]:
    items = _items(content.lessons)
    if not items:
        return []
    lead = paragraph(
        Run("* Các hoạt động, những bài học kinh nghiệm và cách làm hay", bold=True),
        f" trong việc triển khai và phát huy hiệu quả hoạt động của {TEAM}:",
    )
    return [lead, *(bullet(item) for item in items)]


def leaflets_sentence(team: str, leaflets: int, services: Sequence[str]) -> str:
    """``Tổ … đã phát 1.250 tờ rơi hướng dẫn người dân cài đặt, sử dụng VNeID, VssID.``"""
    if services:
        about = ", ".join(in_sentence(s) for s in services)
        return (
            f"{team} đã phát {group(leaflets)} tờ rơi hướng dẫn người dân cài đặt, sử dụng {about}."
        )
    return f"{team} đã phát {group(leaflets)} tờ rơi tuyên truyền, hướng dẫn người dân."


def training_needs_sentence(
    team: str, members: int | None, needs: Sequence[tuple[str, int]]
) -> str:
    """``Còn 3 thành viên Tổ … tự đánh giá cần được tập huấn thêm về: bảo hiểm xã hội số
    (VssID) (2 thành viên), sổ sức khỏe điện tử (1 thành viên).``; empty without data."""
    needs = [(name, n) for name, n in needs if n > 0]
    if not needs or not members:
        return ""
    about = ", ".join(f"{in_sentence(name)} ({group(n)} thành viên)" for name, n in needs)
    team = lower_first(team) if team.startswith("Các ") else team
    return f"Còn {group(members)} thành viên {team} tự đánh giá cần được tập huấn thêm về: {about}."


def _difficulties_and_proposals(content: ReportContent) -> list[Block]:
    team = content.team.strip() or f"{TEAM} {lower_first(content.unit_name)}"
    needs = training_needs_sentence(team, content.training_members, content.training_needs)
    difficulties = ([needs] if needs else []) + _items(content.difficulties)
    proposals = _items(content.proposals)
    if not difficulties and not proposals:
        return []
    blocks: list[Block] = [heading("3. Những khó khăn, vướng mắc, kiến nghị, đề xuất")]
    if difficulties:
        blocks.append(heading("* Khó khăn, vướng mắc"))
        blocks += [bullet(item) for item in difficulties]
    if proposals:
        blocks.append(heading("* Kiến nghị, đề xuất"))
        blocks += [bullet(item) for item in proposals]
    return blocks


def _items(items: Sequence[str]) -> list[str]:
    """Each non-empty line of each item, as the officer typed them (lines end at line
    feeds only: a stray control character is removed when drawn, not a line end)."""
    return [line.strip() for item in items for line in _LINES.split(item) if line.strip()]


def _sentence_part(text: str) -> str:
    return " ".join(text.split()).rstrip(" .;")


def _bare(text: str) -> str:
    text = " ".join(text.split())
    if text.startswith(("- ", "– ")):
        text = text[2:]
    return text.rstrip(" .;,")


def _division(content: ReportContent) -> str:
    """``phường`` of ``Phường Tuần Châu`` with place ``Tuần Châu``."""
    name, place = content.unit_name.strip(), content.place.strip()
    if place and name.endswith(place) and len(name) > len(place):
        return lower_first(name[: -len(place)].strip())
    return ""
