"""The outreach part of the demo (see gocua/demo/steps.py): idempotent.

For Tuần Châu, what the seed letter (No. 297/UBND of 26/6/2023) cites: its plans and
decisions, the provincial resolution they implement, the ward team and the five
neighbourhood teams (Khu phố 2 re-constituted by 334/QĐ-UBND), and exactly 35
outreach sessions from June 2022 to 26 June 2023 on the channels the seed names.
The city's request 389/UBND-VHTT sits in the city's register. Hùng Thắng gets teams
and a few sessions too, one of them handing out leaflets. Members' levels per service:
Hùng Thắng's from March 2023 (its letter cites who needs training), Tuần Châu's from
July 2023, after the seed's letter, which therefore stays as the seed wrote it, and a
VssID training that raises two of them. Every row is looked up by its natural key
first, so a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gocua.accounts.models import User
from gocua.orgunits.demo import DemoContext
from gocua.orgunits.models import OrgUnit
from gocua.outreach.catalogue import install_defaults
from gocua.outreach.models import (
    Activity,
    ActivityChannel,
    BulkGuidance,
    DocumentKind,
    LegalDocument,
    Member,
    Service,
    Team,
    TeamReconstitution,
    Training,
    TrainingSession,
)
from gocua.outreach.services.documents import document_create
from gocua.outreach.services.sessions import activity_create, bulk_guidance_record
from gocua.outreach.services.skills import member_skills_set, training_session_record
from gocua.outreach.services.teams import (
    member_create,
    team_create,
    team_reconstitute,
    training_create,
)

D = dt.date
TUAN_CHAU = "UBND phường Tuần Châu"
DE_AN_06 = (
    "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ "
    "chuyển đổi số quốc gia giai đoạn 2022-2025, tầm nhìn đến năm 2030"
)
RESOLUTION_09 = "chuyển đổi số toàn diện tỉnh Quảng Ninh đến năm 2025, định hướng đến năm 2030"

# (kind, number, date, summary) of Tuần Châu's register, issued by its People's Committee.
TUAN_CHAU_DOCUMENTS: list[tuple[str, str, dt.date, str]] = [
    (
        DocumentKind.PLAN,
        "48/UBND",
        D(2023, 3, 10),
        "chuyển đổi số toàn diện phường Tuần Châu năm 2023",
    ),
    (
        DocumentKind.PLAN,
        "78/UBND",
        D(2023, 4, 28),
        "thực hiện chiến dịch tuyên truyền, hướng dẫn đăng ký, kích hoạt tài khoản định danh "
        f"điện tử phục vụ {DE_AN_06} trên địa bàn phường Tuần Châu",
    ),
    (
        DocumentKind.DECISION,
        "235/QĐ-UBND",
        D(2022, 4, 1),
        "thành lập Tổ công tác triển khai thực hiện Nghị quyết số 09-NQ/TU ngày 05/02/2022 "
        f"của Ban Thường vụ Tỉnh ủy về {RESOLUTION_09}, chuyển đổi số toàn diện phường Tuần Châu",
    ),
    *(
        (
            DocumentKind.DECISION,
            f"{number}/QĐ-UBND",
            D(2022, 4, 4),
            f"thành lập Tổ giúp việc triển khai {DE_AN_06} (Đề án 06) trên địa bàn các khu phố",
        )
        for number in range(237, 242)
    ),
    *(
        (
            DocumentKind.DECISION,
            f"{number}/QĐ-UBND",
            D(2022, 5, 24),
            "thành lập Tổ Công nghệ số cộng đồng các khu phố trên địa bàn phường Tuần Châu",
        )
        for number in range(315, 320)
    ),
    (
        DocumentKind.DECISION,
        "334/QĐ-UBND",
        D(2022, 6, 6),
        "kiện toàn Tổ Công nghệ số cộng đồng khu phố 2",
    ),
]

# (name, role, phone, skill level, login) per team; "left" members are ended by 334/QĐ-UBND.
MemberRow = tuple[str, str, str, int, str | None]
TUAN_CHAU_MEMBERS: dict[str, list[MemberRow]] = {
    "ward": [
        ("Nguyễn Văn Hải", "leader", "0912000101", 3, None),
        ("Trần Thị Thu Hương", "deputy", "0912000102", 3, None),
        ("Phạm Minh Đức", "member", "0912000103", 3, None),
        ("Lê Thị Mai", "member", "0912000104", 2, None),
    ],
    "ward.kp1": [
        ("Đỗ Văn Long", "leader", "0912000111", 2, None),
        ("Hoàng Thị Lan", "deputy", "0912000112", 2, None),
        ("Phạm Văn Tổ", "member", "0912000113", 2, "tuanchau.kp1"),
        ("Bùi Văn Nam", "member", "0912000114", 1, None),
    ],
    "ward.kp2": [
        ("Vũ Văn Bình", "leader", "0912000121", 1, None),  # leaves with 334/QĐ-UBND
        ("Ngô Thị Hoa", "deputy", "0912000122", 2, None),
        ("Đặng Văn Sơn", "member", "0912000123", 1, None),
    ],
    "ward.kp3": [
        ("Lý Văn Thành", "leader", "0912000131", 2, None),
        ("Mai Thị Yến", "deputy", "0912000132", 2, None),
        ("Cao Văn Tú", "member", "0912000133", 1, None),
    ],
    "ward.kp4": [
        ("Đinh Văn Hùng", "leader", "0912000141", 2, None),
        ("Tạ Thị Nga", "deputy", "0912000142", 1, None),
        ("Lương Văn Khoa", "member", "0912000143", 2, None),
    ],
    "ward.kp5": [
        ("Phan Văn Tuấn", "leader", "0912000151", 2, None),
        ("Hà Thị Thảo", "deputy", "0912000152", 2, None),
        ("Tô Văn Dũng", "member", "0912000153", 1, None),
    ],
}
KP2_LEAVING = "Vũ Văn Bình"
KP2_NEW_LEADER: MemberRow = ("Trịnh Văn Quang", "leader", "0912000124", 3, None)

TRAININGS = [
    (D(2022, 7, 15), "Tập huấn kỹ năng số cho Tổ Công nghệ số cộng đồng"),
    (D(2023, 3, 20), "Hướng dẫn kích hoạt tài khoản định danh điện tử mức độ 2"),
]

SEED_SERVICES = ["vneid", "vssid", "ehealth", "mobile_money", "dvc_province", "dvc_national"]

# The 35 sessions: (date, where, channel, services, people reached, notes). Meetings and
# Zalo groups are the neighbourhoods'; conferences, loudspeakers, the web portal and
# Facebook the ward's.
Session = tuple[dt.date, str, str, Sequence[str], int | None, str]
TUAN_CHAU_SESSIONS: list[Session] = [
    (D(2022, 6, 10), "ward", "conference", ["vneid", "dvc_province"], 120,
     "Hội nghị triển khai Tổ Công nghệ số cộng đồng các khu phố"),
    (D(2022, 6, 18), "ward.kp1", "meeting", ["vneid"], 45, "Họp khu phố 1: định danh điện tử"),
    (D(2022, 6, 25), "ward.kp2", "meeting", ["vneid"], 52, "Họp khu phố 2: định danh điện tử"),
    (D(2022, 7, 2), "ward", "loudspeaker", ["vneid"], None, "Phát thanh về kích hoạt VNeID"),
    (D(2022, 7, 9), "ward.kp3", "meeting", ["vneid", "vssid"], 38, "Họp khu phố 3"),
    (D(2022, 7, 20), "ward", "web_portal", ["dvc_province", "dvc_national"], 420,
     "Bài viết hướng dẫn nộp hồ sơ trực tuyến"),
    (D(2022, 8, 6), "ward.kp4", "meeting", ["vneid", "vssid"], 41, "Họp khu phố 4"),
    (D(2022, 8, 13), "ward.kp5", "meeting", ["vneid", "vssid"], 36, "Họp khu phố 5"),
    (D(2022, 8, 27), "ward", "facebook", ["vssid", "ehealth"], 650,
     "Video hướng dẫn cài đặt VssID"),
    (D(2022, 9, 10), "ward", "loudspeaker", ["vssid"], None, "Phát thanh về bảo hiểm xã hội số"),
    (D(2022, 9, 24), "ward.kp1", "zalo", ["ehealth"], 180, "Nhóm Zalo khu phố 1"),
    (D(2022, 10, 8), "ward", "loudspeaker", ["ehealth"], None, "Phát thanh về sổ sức khỏe điện tử"),
    (D(2022, 10, 22), "ward.kp2", "meeting", ["ehealth", "mobile_money"], 47, "Họp khu phố 2"),
    (D(2022, 11, 5), "ward", "web_portal", ["mobile_money"], 310,
     "Bài viết về tài khoản Mobile Money"),
    (D(2022, 11, 19), "ward.kp3", "zalo", ["mobile_money"], 160, "Nhóm Zalo khu phố 3"),
    (D(2022, 12, 3), "ward", "loudspeaker", ["mobile_money"], None, "Phát thanh về Mobile Money"),
    (D(2022, 12, 17), "ward", "conference", ["dvc_province", "dvc_national"], 150,
     "Hội nghị sơ kết chuyển đổi số năm 2022"),
    (D(2023, 1, 7), "ward.kp4", "meeting", ["dvc_province"], 40, "Họp khu phố 4: dịch vụ công"),
    (D(2023, 1, 14), "ward", "facebook", ["dvc_national"], 720,
     "Hướng dẫn Cổng Dịch vụ công quốc gia"),
    (D(2023, 2, 4), "ward", "loudspeaker", ["dvc_province"], None, "Phát thanh về dịch vụ công"),
    (D(2023, 2, 18), "ward.kp5", "meeting", ["vneid", "dvc_province"], 39, "Họp khu phố 5"),
    (D(2023, 3, 4), "ward.kp1", "meeting", ["vneid", "vssid", "ehealth"], 55,
     "Họp khu phố 1: triển khai Kế hoạch 48/UBND"),
    (D(2023, 3, 15), "ward", "web_portal", ["vneid", "vssid", "ehealth"], 380,
     "Kế hoạch chuyển đổi số toàn diện năm 2023"),
    (D(2023, 3, 25), "ward.kp2", "zalo", ["vneid"], 170, "Nhóm Zalo khu phố 2"),
    (D(2023, 4, 8), "ward", "loudspeaker", ["vneid", "ehealth"], None, "Phát thanh định kỳ"),
    (D(2023, 4, 15), "ward.kp3", "meeting", ["vneid", "mobile_money"], 44, "Họp khu phố 3"),
    (D(2023, 4, 29), "ward", "conference", ["vneid"], 180,
     "Hội nghị triển khai Kế hoạch 78/UBND"),
    (D(2023, 5, 6), "ward.kp4", "meeting", ["vneid", "vssid"], 48, "Họp khu phố 4"),
    (D(2023, 5, 13), "ward", "facebook", ["vneid", "mobile_money"], 540,
     "Chiến dịch kích hoạt tài khoản định danh điện tử"),
    (D(2023, 5, 20), "ward", "loudspeaker", ["vneid"], None, "Phát thanh chiến dịch VNeID"),
    (D(2023, 5, 27), "ward.kp5", "zalo", ["vneid", "ehealth"], 150, "Nhóm Zalo khu phố 5"),
    (D(2023, 6, 3), "ward.kp1", "meeting", ["vneid", "dvc_national"], 50, "Họp khu phố 1"),
    (D(2023, 6, 10), "ward", "web_portal", ["vneid", "dvc_national"], 400,
     "Kết quả chiến dịch VNeID"),
    (D(2023, 6, 17), "ward", "loudspeaker", SEED_SERVICES, None, "Phát thanh tổng hợp"),
    (D(2023, 6, 24), "ward.kp2", "meeting", ["vneid", "vssid", "ehealth", "mobile_money"], 46,
     "Họp khu phố 2"),
]  # fmt: skip

HUNG_THANG = "UBND phường Hùng Thắng"
HUNG_THANG_DOCUMENTS: list[tuple[str, str, dt.date, str]] = [
    (
        DocumentKind.PLAN,
        "52/KH-UBND",
        D(2023, 2, 20),
        "chuyển đổi số phường Hùng Thắng năm 2023",
    ),
    (
        DocumentKind.DECISION,
        "112/QĐ-UBND",
        D(2022, 3, 15),
        "thành lập Tổ Công nghệ số cộng đồng phường Hùng Thắng",
    ),
    *(
        (
            DocumentKind.DECISION,
            f"{number}/QĐ-UBND",
            D(2022, 5, 20),
            "thành lập Tổ Công nghệ số cộng đồng các khu phố trên địa bàn phường Hùng Thắng",
        )
        for number in range(130, 135)
    ),
]
HUNG_THANG_MEMBERS: dict[str, list[MemberRow]] = {
    "ward2": [
        ("Hoàng Văn Phúc", "leader", "0912000201", 3, None),
        ("Nguyễn Thị Thanh", "deputy", "0912000202", 2, None),
    ],
    "ward2.kp1": [
        ("Lê Văn Kiên", "leader", "0912000211", 2, None),
        ("Vũ Văn Thắng", "member", "0912000212", 2, "hungthang.kp1"),
    ],
    **{
        f"ward2.kp{n}": [
            (f"Trần Văn Khu{n}", "leader", f"09120002{n}1", 2, None),
            (f"Phạm Thị Phố{n}", "member", f"09120002{n}2", 1, None),
        ]
        for n in range(2, 6)
    },
}
HUNG_THANG_SESSIONS: list[Session] = [
    (D(2023, 1, 12), "ward2", "conference", ["vneid", "dvc_province"], 140,
     "Hội nghị triển khai năm 2023"),
    (D(2023, 2, 9), "ward2.kp1", "meeting", ["vneid", "vssid"], 60, "Họp khu phố 1"),
    (D(2023, 3, 2), "ward2", "loudspeaker", ["vneid"], None, "Phát thanh về VNeID"),
    (D(2023, 3, 16), "ward2.kp2", "meeting", ["vneid"], 42, "Họp khu phố 2"),
    (D(2023, 4, 6), "ward2", "zalo", ["ehealth"], 210, "Nhóm Zalo phường"),
    (D(2023, 4, 20), "ward2.kp3", "meeting", ["vneid", "mobile_money"], 38, "Họp khu phố 3"),
    (D(2023, 5, 11), "ward2", "facebook", ["vssid"], 480, "Video hướng dẫn VssID"),
    (D(2023, 5, 25), "ward2.kp4", "door_to_door", ["vneid", "ehealth"], 35,
     "Đi từng ngõ, gõ từng nhà"),
    (D(2023, 6, 8), "ward2.kp5", "meeting", ["vneid"], 44, "Họp khu phố 5"),
]  # fmt: skip
# Leaflets handed out in Hùng Thắng: (day, unit, services, leaflets, notes).
HUNG_THANG_LEAFLETS = (
    D(2023, 5, 18), "ward2.kp2", ["vneid", "vssid"], 300, "Phát tờ rơi hướng dẫn VNeID, VssID"
)  # fmt: skip
# Members' own levels per service (3 can guide, 2 can use, 1 needs training), from a day.
SkillRow = tuple[str, dict[str, int]]
TUAN_CHAU_SKILLS_DAY = D(2023, 7, 3)
TUAN_CHAU_SKILLS: list[SkillRow] = [
    ("Nguyễn Văn Hải", {"vneid": 3, "vssid": 3, "ehealth": 2, "dvc_national": 3}),
    ("Trần Thị Thu Hương", {"vneid": 3, "vssid": 2, "ehealth": 1, "dvc_province": 3}),
    ("Đỗ Văn Long", {"vneid": 3, "vssid": 1, "mobile_money": 2}),
    ("Bùi Văn Nam", {"vneid": 2, "vssid": 1, "ehealth": 1, "bank_app": 1}),
    ("Cao Văn Tú", {"vneid": 2, "ehealth": 1}),
    ("Tạ Thị Nga", {"vneid": 1, "vssid": 1}),
]
# The ward's VssID training: Nam and Nga attend, and can use VssID from then on.
TUAN_CHAU_TRAINING = (D(2023, 7, 20), "vssid", ["Bùi Văn Nam", "Tạ Thị Nga"])
HUNG_THANG_SKILLS_DAY = D(2023, 3, 1)
HUNG_THANG_SKILLS: list[SkillRow] = [
    ("Hoàng Văn Phúc", {"vneid": 3, "vssid": 3, "ehealth": 2}),
    ("Lê Văn Kiên", {"vneid": 3, "vssid": 2}),
    ("Phạm Thị Phố2", {"vneid": 2, "ehealth": 1}),
    ("Phạm Thị Phố3", {"vneid": 1, "ehealth": 1}),
]
# People helped at the Hùng Thắng KP1 meeting, by service (the "40 people" example).
HUNG_THANG_BULK = {"vneid": 40, "vssid": 25}


def build(ctx: DemoContext) -> None:
    install_defaults()
    ward, ward2, city = ctx.units["ward"], ctx.units["ward2"], ctx.units["city"]
    channels = {c.code: c for c in ActivityChannel.objects.all()}
    catalogue = {s.code: s for s in Service.objects.all()}

    documents = _documents(ward, TUAN_CHAU, TUAN_CHAU_DOCUMENTS)
    _document(
        ward,
        DocumentKind.RESOLUTION,
        "09-NQ/TU",
        D(2022, 2, 5),
        "Ban Thường vụ Tỉnh ủy Quảng Ninh",
        RESOLUTION_09,
        issuer_unit=ctx.units["province"],
    )
    _document(
        city,
        DocumentKind.OFFICIAL_LETTER,
        "389/UBND-VHTT",
        D(2023, 6, 26),
        "UBND thành phố Hạ Long",
        "báo cáo đánh giá tình hình hoạt động của Tổ Công nghệ số cộng đồng trên địa bàn phường",
        issuer_unit=city,
        cite=False,
    )
    teams = {"ward": _team(ward, "Tổ Công nghệ số cộng đồng phường Tuần Châu", documents["235"])}
    for n in range(1, 6):
        key = f"ward.kp{n}"
        teams[key] = _team(
            ctx.units[key], f"Tổ Công nghệ số cộng đồng Khu phố {n}", documents[str(314 + n)]
        )
    for key, rows in TUAN_CHAU_MEMBERS.items():
        for row in rows:
            _member(teams[key], row)
    kp2 = teams["ward.kp2"]
    if not TeamReconstitution.objects.filter(team=kp2, decision=documents["334"]).exists():
        team_reconstitute(
            team=kp2,
            decision=documents["334"],
            ending=Member.objects.filter(team=kp2, full_name=KP2_LEAVING),
            note="Thay tổ trưởng",
        )
    _member(kp2, KP2_NEW_LEADER, active_from=documents["334"].date)
    for team in teams.values():
        leader = Member.objects.filter(team=team, role="leader", active_until__isnull=True).first()
        if leader is not None:
            for day, topic in TRAININGS:
                if not Training.objects.filter(member=leader, date=day, topic=topic).exists():
                    training_create(member=leader, date=day, topic=topic)
    for session in TUAN_CHAU_SESSIONS:
        _session(ctx, channels, catalogue, session)

    documents2 = _documents(ward2, HUNG_THANG, HUNG_THANG_DOCUMENTS)
    teams2 = {
        "ward2": _team(ward2, "Tổ Công nghệ số cộng đồng phường Hùng Thắng", documents2["112"])
    }
    for n in range(1, 6):
        key = f"ward2.kp{n}"
        teams2[key] = _team(
            ctx.units[key], f"Tổ Công nghệ số cộng đồng Khu phố {n}", documents2[str(129 + n)]
        )
    for key, rows in HUNG_THANG_MEMBERS.items():
        for row in rows:
            _member(teams2[key], row)
    sessions2 = [_session(ctx, channels, catalogue, s) for s in HUNG_THANG_SESSIONS]
    meeting = sessions2[1]
    if not BulkGuidance.objects.filter(activity=meeting).exists():
        bulk_guidance_record(
            unit=meeting.unit,
            date=meeting.date,
            activity=meeting,
            counts={catalogue[code]: n for code, n in HUNG_THANG_BULK.items()},
        )
    day, where, codes, leaflets, notes = HUNG_THANG_LEAFLETS
    if not Activity.objects.filter(unit=ctx.units[where], date=day, notes=notes).exists():
        activity_create(
            unit=ctx.units[where],
            date=day,
            channel=channels["leaflets"],
            services=[catalogue[code] for code in codes],
            leaflets=leaflets,
            notes=notes,
        )
    _skills(ward, TUAN_CHAU_SKILLS, TUAN_CHAU_SKILLS_DAY, catalogue)
    _skills(ward2, HUNG_THANG_SKILLS, HUNG_THANG_SKILLS_DAY, catalogue)
    day, code, names = TUAN_CHAU_TRAINING
    if not TrainingSession.objects.filter(unit=ward, date=day, service=catalogue[code]).exists():
        training_session_record(
            unit=ward,
            date=day,
            service=catalogue[code],
            attendees=[_member_named(ward, name) for name in names],
        )
    ctx.notes.append(
        f"Tuần Châu: {len(TUAN_CHAU_SESSIONS)} buổi tuyên truyền (06/2022-26/6/2023), "
        f"{len(teams)} tổ CNSCĐ / {len(TUAN_CHAU_SESSIONS)} outreach sessions, {len(teams)} teams"
    )


def _document(
    unit: OrgUnit,
    kind: str,
    number: str,
    date: dt.date,
    issuer: str,
    summary: str,
    *,
    issuer_unit: OrgUnit | None = None,
    cite: bool = True,
) -> LegalDocument:
    existing = LegalDocument.objects.filter(unit=unit, number=number, date=date).first()
    if existing is not None:
        return existing
    return document_create(
        unit=unit,
        kind=kind,
        number=number,
        date=date,
        issuer=issuer,
        summary=summary,
        issuer_unit=issuer_unit,
        cite_in_reports=cite,
    )


def _documents(
    unit: OrgUnit, issuer: str, rows: list[tuple[str, str, dt.date, str]]
) -> dict[str, LegalDocument]:
    """The unit's documents by leading number (``"235"``)."""
    return {
        number.split("/")[0]: _document(unit, kind, number, date, issuer, summary, issuer_unit=unit)
        for kind, number, date, summary in rows
    }


def _team(unit: OrgUnit, name: str, decision: LegalDocument) -> Team:
    existing = Team.objects.filter(unit=unit, active_until__isnull=True).first()
    return existing or team_create(unit=unit, name=name, decision=decision)


def _member(team: Team, row: MemberRow, *, active_from: dt.date | None = None) -> Member:
    name, role, phone, skill, username = row
    existing = Member.objects.filter(team=team, full_name=name).first()
    if existing is not None:
        return existing
    return member_create(
        team=team,
        full_name=name,
        role=role,
        phone=phone,
        skill_level=skill,
        login=User.objects.filter(username=username).first() if username else None,
        active_from=active_from,
    )


def _member_named(ward: OrgUnit, name: str) -> Member:
    return Member.objects.filter(ward.subtree_q("team__unit"), full_name=name).get()


def _skills(
    ward: OrgUnit, rows: list[SkillRow], day: dt.date, catalogue: dict[str, Service]
) -> None:
    """Levels already given stay (member_skills_set writes changes only)."""
    for name, levels in rows:
        member_skills_set(
            member=_member_named(ward, name),
            levels={catalogue[code]: level for code, level in levels.items()},
            day=day,
        )


def _session(
    ctx: DemoContext,
    channels: dict[str, ActivityChannel],
    catalogue: dict[str, Service],
    session: Session,
) -> Activity:
    day, where, channel, codes, people, notes = session
    unit = ctx.units[where]
    existing = Activity.objects.filter(
        unit=unit, date=day, channel=channels[channel], notes=notes
    ).first()
    if existing is not None:
        return existing
    return activity_create(
        unit=unit,
        date=day,
        channel=channels[channel],
        services=[catalogue[code] for code in codes],
        people_reached=people,
        notes=notes,
    )
