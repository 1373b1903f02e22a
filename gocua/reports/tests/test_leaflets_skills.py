"""Section 1 says how many leaflets were handed out; the difficulties cite the members who
need training, as of the report's date. Figures worked out by hand:

Tuần Châu, 1 January – 26 June 2023:
- leaflets: 400 (KP1, 5 March, VNeID and VssID) + 850 (KP2, 10 May, VNeID) + 120 (a ward
  meeting on 1 April that handed some out, e-health book) = 1.370; not counted: 300 in KP1
  on 20 December 2022 (before the period), 999 in Hùng Thắng (another ward).
- members needing training on 26 June: An (KP1) on VssID and the e-health book since
  1 February; Bình (KP1) needed VssID on 1 February but attended the VssID training of
  1 May ("can use" since); Cường (ward team) needs the e-health book since 20 June; Dũng
  (KP2) only from 1 July (after the date); Én (KP2) left on 31 March; Phúc is in Hùng
  Thắng. So 2 members: VssID 1 (An), e-health book 2 (An, Cường).
"""

from __future__ import annotations

import dataclasses
import io

import time_machine
from docx import Document

from gocua.outreach.models import Member
from gocua.outreach.services.sessions import activity_create
from gocua.outreach.services.skills import member_skills_set, training_session_record
from gocua.outreach.services.teams import member_create
from gocua.outreach.tests.helpers import OutreachTestCase, channel, service, team
from gocua.reports.content import content_from_json, content_to_json, gather
from gocua.reports.letters import compose_report_letter, render_docx, render_pdf
from gocua.reports.services import signatory_set
from gocua.reports.tests.helpers import flat, pdf_texts
from gocua.reports.tests.workflow import D

START, AS_OF = D(2023, 1, 1), D(2023, 6, 26)
TEAM = "Tổ Công nghệ số cộng đồng phường Tuần Châu"
LEAFLETS = (
    f"{TEAM} đã phát 1.370 tờ rơi hướng dẫn người dân cài đặt, sử dụng định danh điện tử "
    "(VNeID), bảo hiểm xã hội số (VssID), sổ sức khỏe điện tử."
)
NEEDS = (
    f"Còn 2 thành viên {TEAM} tự đánh giá cần được tập huấn thêm về: bảo hiểm xã hội số "
    "(VssID) (1 thành viên), sổ sức khỏe điện tử (2 thành viên)."
)
NEEDS_TRAINING, CAN_USE, CAN_GUIDE = 1, 2, 3


@time_machine.travel(D(2023, 7, 15), tick=False)
class LeafletsAndSkillsLetterTestCase(OutreachTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        signatory_set(unit=cls.ward, name="Nguyễn Văn A", title="Chủ tịch")
        leaflets = channel("leaflets")
        vneid, vssid, ehealth = service("vneid"), service("vssid"), service("ehealth")
        activity_create(
            unit=cls.kp1, date=D(2023, 3, 5), channel=leaflets, leaflets=400,
            services=[vneid, vssid],
        )  # fmt: skip
        activity_create(
            unit=cls.kp2, date=D(2023, 5, 10), channel=leaflets, leaflets=850, services=[vneid]
        )
        activity_create(
            unit=cls.ward, date=D(2023, 4, 1), channel=channel("meeting"), people_reached=60,
            leaflets=120, services=[ehealth],
        )  # fmt: skip
        activity_create(unit=cls.kp1, date=D(2022, 12, 20), channel=leaflets, leaflets=300)
        activity_create(unit=cls.ward2, date=D(2023, 3, 1), channel=leaflets, leaflets=999)

        since = D(2022, 6, 1)
        ward_team, kp1_team, kp2_team = team(cls.ward), team(cls.kp1), team(cls.kp2)
        ward2_team = team(cls.ward2)

        def member(t: object, name: str, **kw: object) -> Member:
            return member_create(team=t, full_name=name, active_from=since, **kw)  # type: ignore[arg-type]

        an, binh = member(kp1_team, "Lê Văn An"), member(kp1_team, "Trần Văn Bình")
        cuong = member(ward_team, "Phạm Văn Cường")
        dung = member(kp2_team, "Hoàng Văn Dũng")
        en = member(kp2_team, "Ngô Thị Én", active_until=D(2023, 3, 31))
        phuc = member(ward2_team, "Vũ Văn Phúc")
        feb = D(2023, 2, 1)
        member_skills_set(member=an, levels={vssid: NEEDS_TRAINING, ehealth: NEEDS_TRAINING},
                          day=feb)  # fmt: skip
        member_skills_set(member=binh, levels={vssid: NEEDS_TRAINING}, day=feb)
        training_session_record(unit=cls.ward, date=D(2023, 5, 1), service=vssid, attendees=[binh])
        member_skills_set(
            member=cuong, levels={ehealth: NEEDS_TRAINING, vneid: CAN_GUIDE}, day=D(2023, 6, 20)
        )
        member_skills_set(member=dung, levels={vssid: NEEDS_TRAINING}, day=D(2023, 7, 1))
        member_skills_set(member=en, levels={vssid: NEEDS_TRAINING}, day=feb)
        member_skills_set(member=phuc, levels={vssid: NEEDS_TRAINING}, day=feb)

    def content(self, start: object = START, as_of: object = AS_OF):  # type: ignore[no-untyped-def]
        return gather(
            unit=self.ward,
            start=start,  # type: ignore[arg-type]
            as_of=as_of,  # type: ignore[arg-type]
            day=AS_OF,
            number="…/UBND-VHTT",
            figures={"indicators": [{"code": "sessions", "numerator": 5}]},
        )

    def test_it_gathers_the_figures_worked_out_by_hand(self) -> None:
        content = self.content()
        self.assertEqual(content.leaflets, 1370)
        self.assertEqual(
            list(content.leaflet_services),
            ["Định danh điện tử (VNeID)", "Bảo hiểm xã hội số (VssID)", "Sổ sức khỏe điện tử"],
        )
        self.assertEqual(content.training_members, 2)
        self.assertEqual(
            list(content.training_needs),
            [("Bảo hiểm xã hội số (VssID)", 1), ("Sổ sức khỏe điện tử", 2)],
        )
        self.assertIn(("Phát tờ rơi", 2), list(content.sessions_by_channel))

    def test_the_docx_and_the_pdf_say_it(self) -> None:
        letter = compose_report_letter(self.content())
        docx = Document(io.BytesIO(render_docx(letter)))
        paragraphs = [flat(p.text).strip() for p in docx.paragraphs]
        leaflets = next(p for p in paragraphs if "tờ rơi" in p and "đã phát" in p)
        self.assertEqual(leaflets.lstrip("- "), LEAFLETS)
        heading = paragraphs.index("* Khó khăn, vướng mắc")
        self.assertEqual(paragraphs[heading + 1].lstrip("- "), NEEDS)
        self.assertLess(paragraphs.index(leaflets), heading)
        pdf = flat(" ".join(pdf_texts(render_pdf(letter))))
        self.assertIn(LEAFLETS, pdf)
        self.assertIn(NEEDS, pdf)
        self.assertIn("phát tờ rơi (2 buổi)", pdf)

    def test_the_officers_difficulties_follow_the_figures(self) -> None:
        content = dataclasses.replace(self.content(), difficulties=["Thiếu kinh phí in tài liệu"])
        blocks = [b for b in compose_report_letter(content).body]
        texts = [flat(getattr(b, "text", "")).removeprefix("- ") for b in blocks]
        heading = texts.index("* Khó khăn, vướng mắc")
        self.assertEqual(texts[heading + 1 : heading + 3], [NEEDS, "Thiếu kinh phí in tài liệu"])

    def test_a_frozen_letter_keeps_them(self) -> None:
        content = self.content()
        again = content_from_json(content_to_json(content))
        self.assertEqual(again.leaflets, 1370)
        self.assertEqual(list(again.training_needs), list(content.training_needs))
        self.assertEqual(again.training_members, 2)
        old = content_to_json(content)
        for key in ("leaflets", "leaflet_services", "training_members", "training_needs"):
            del old[key]  # frozen before this round
        self.assertIsNone(content_from_json(old).leaflets)

    def test_nothing_is_said_without_data(self) -> None:
        # January to November 2022: no leaflet yet, no level given yet.
        content = self.content(start=D(2022, 1, 1), as_of=D(2022, 11, 30))
        self.assertIsNone(content.leaflets)
        self.assertIsNone(content.training_members)
        text = " ".join(flat(getattr(b, "text", "")) for b in compose_report_letter(content).body)
        self.assertNotIn("tờ rơi", text)
        self.assertNotIn("tập huấn", text)
        self.assertNotIn("Khó khăn", text)

    def test_the_needs_are_those_of_the_report_date(self) -> None:
        # On 30 April Bình had not yet been trained: VssID 2 (An, Bình); Cường not yet.
        content = self.content(as_of=D(2023, 4, 30))
        self.assertEqual(content.training_members, 2)
        self.assertEqual(
            list(content.training_needs),
            [("Bảo hiểm xã hội số (VssID)", 2), ("Sổ sức khỏe điện tử", 1)],
        )
