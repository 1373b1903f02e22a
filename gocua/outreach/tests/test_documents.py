"""The document register: numbers in the forms Vietnamese documents use, search, files,
and the legal basis a letter cites."""

import datetime as dt
import shutil
import tempfile
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings
from django.urls import reverse

from gocua.audit.models import AuditEvent
from gocua.lib.errors import Problem
from gocua.outreach import selectors
from gocua.outreach.models import DocumentKind, LegalDocument
from gocua.outreach.services.documents import document_create, document_update
from gocua.outreach.services.teams import team_create
from gocua.outreach.tests.helpers import OutreachTestCase
from gocua.outreach.validation import mask_phone, normalize_phone, parse_document_number


class DocumentNumberTestCase(SimpleTestCase):
    def test_it_accepts_the_forms_vietnamese_documents_use(self) -> None:
        for text, sequence, kind in [
            ("48/KH-UBND", 48, "plan"),
            ("297/UBND-VHTT", 297, None),
            ("09-NQ/TU", 9, "resolution"),
            ("235/QĐ-UBND", 235, "decision"),
            ("48/UBND", 48, None),
            ("30/2020/NĐ-CP", 30, None),
            ("749/QĐ-TTg", 749, "decision"),
        ]:
            parsed = parse_document_number(text)
            self.assertEqual((parsed.text, parsed.sequence, parsed.kind), (text, sequence, kind))

    def test_it_tidies_what_people_type(self) -> None:
        self.assertEqual(parse_document_number(" Số: 235 / QĐ – UBND ").text, "235/QĐ-UBND")
        self.assertEqual(parse_document_number("48/kh-ubnd").text, "48/KH-UBND")
        self.assertEqual(parse_document_number("số 09 - NQ/TU").text, "09-NQ/TU")

    def test_it_refuses_a_wrong_form_with_a_clear_message(self) -> None:
        for text in ["48", "KH-UBND/48", "48 KH-UBND", "48/", "/KH-UBND", "48/KH UBND", "abc"]:
            with self.assertRaises(Problem, msg=text) as caught:
                parse_document_number(text)
            self.assertIn("không đúng dạng", caught.exception.vi)
            self.assertIn("48/KH-UBND", caught.exception.en)

    def test_the_suffix_is_what_a_batch_shares(self) -> None:
        self.assertEqual(parse_document_number("237/QĐ-UBND").suffix, "/QĐ-UBND")
        self.assertEqual(parse_document_number("09-NQ/TU").suffix, "-NQ/TU")

    def test_phones_are_normalized_and_masked(self) -> None:
        self.assertEqual(normalize_phone("+84 912 345 678"), "0912345678")
        self.assertEqual(normalize_phone("0912.345.678"), "0912345678")
        self.assertEqual(mask_phone("0912345678"), "*******678")
        with self.assertRaises(Problem):
            normalize_phone("12345")


@time_machine.travel(dt.datetime(2023, 7, 1, 9, 0), tick=False)
class DocumentServicesTestCase(OutreachTestCase):
    def add(self, number: str, day: dt.date, **kwargs: object) -> LegalDocument:
        values: dict[str, object] = {
            "unit": self.ward,
            "kind": DocumentKind.DECISION,
            "number": number,
            "date": day,
            "issuer": "UBND phường Tuần Châu",
            "summary": f"Về việc thành lập tổ {number}",
            **kwargs,
        }
        return document_create(**values)  # type: ignore[arg-type]

    def test_it_registers_a_document_and_logs_it(self) -> None:
        document = self.add("235/QĐ-UBND", dt.date(2022, 4, 1), user=self.alice)
        self.assertEqual(document.sequence, 235)
        self.assertEqual(document.summary, "thành lập tổ 235/QĐ-UBND")
        event = AuditEvent.objects.get(action="outreach.document.create")
        self.assertEqual((event.username, event.unit_code), ("alice", "L06700"))

    def test_it_refuses_a_kind_the_symbol_contradicts(self) -> None:
        with self.assertRaises(Problem) as caught:
            self.add("48/KH-UBND", dt.date(2023, 3, 10))
        self.assertIn("kế hoạch", caught.exception.vi)
        self.assertIn("not a decision", caught.exception.en)

    def test_it_refuses_a_future_date_and_a_number_issued_twice_a_year(self) -> None:
        with self.assertRaises(Problem) as caught:
            self.add("1/QĐ-UBND", dt.date(2023, 7, 2))
        self.assertIn("tương lai", caught.exception.vi)
        self.add("235/QĐ-UBND", dt.date(2022, 4, 1))
        with self.assertRaises(Problem) as caught:
            self.add("235/QĐ-UBND", dt.date(2022, 9, 1))
        self.assertIn("already registered", caught.exception.en)
        self.add("235/QĐ-UBND", dt.date(2023, 4, 1))  # numbers start again each year
        self.assertEqual(LegalDocument.objects.count(), 2)

    def test_a_decision_that_set_up_a_team_stays_a_decision(self) -> None:
        document = self.add("235/QĐ-UBND", dt.date(2022, 4, 1))
        team_create(unit=self.ward, name="Tổ", decision=document)
        with self.assertRaises(Problem):
            document_update(
                document=document,
                kind=DocumentKind.PLAN,
                number="235/UBND",
                date=document.date,
                issuer=document.issuer,
                summary=document.summary,
            )

    def test_search_ignores_diacritics_and_case(self) -> None:
        self.add("235/QĐ-UBND", dt.date(2022, 4, 1), summary="Thành lập Tổ công tác")
        document_create(
            unit=self.ward,
            kind=DocumentKind.PLAN,
            number="48/UBND",
            date=dt.date(2023, 3, 10),
            issuer="UBND phường Tuần Châu",
            summary="chuyển đổi số toàn diện phường Tuần Châu năm 2023",
        )
        document_create(
            unit=self.ward2,
            kind=DocumentKind.PLAN,
            number="49/UBND",
            date=dt.date(2023, 3, 10),
            issuer="UBND phường Hùng Thắng",
            summary="chuyển đổi số",
        )

        def numbers(query: str) -> list[str]:
            found = selectors.documents_search(unit=self.ward, query=query)
            return [d.number for d in found]

        self.assertEqual(numbers("qd-ubnd 235"), ["235/QĐ-UBND"])
        self.assertEqual(numbers("chuyen doi so"), ["48/UBND"])
        self.assertEqual(numbers("TUAN CHAU"), ["48/UBND", "235/QĐ-UBND"])
        self.assertEqual(numbers("to cong tac"), ["235/QĐ-UBND"])
        self.assertEqual(numbers("hung thang"), [])

    def test_legal_basis_lists_plans_then_decisions_and_groups_batches(self) -> None:
        for number in ["241", "237", "239", "238", "240"]:
            self.add(f"{number}/QĐ-UBND", dt.date(2022, 4, 4), summary="thành lập Tổ giúp việc")
        self.add("235/QĐ-UBND", dt.date(2022, 4, 1))
        self.add("300/QĐ-UBND", dt.date(2022, 5, 1), cite_in_reports=False)
        for number, day in [("78/UBND", dt.date(2023, 4, 28)), ("48/UBND", dt.date(2023, 3, 10))]:
            self.add(number, day, kind=DocumentKind.PLAN, summary="kế hoạch")
        self.add(
            "09-NQ/TU",
            dt.date(2022, 2, 5),
            kind=DocumentKind.RESOLUTION,
            issuer="Ban Thường vụ Tỉnh ủy Quảng Ninh",
        )

        basis = selectors.legal_basis(self.ward, dt.date(2023, 6, 26))
        self.assertEqual(
            [d.number.split("/")[0] for d in basis],
            ["48", "78", "235", "237", "238", "239", "240", "241"],
        )
        self.assertEqual(
            [d.number for d in selectors.legal_basis(self.ward, dt.date(2023, 4, 1))][:2],
            ["48/UBND", "235/QĐ-UBND"],
        )
        citations = selectors.legal_basis_citations(self.ward, dt.date(2023, 6, 26))
        self.assertEqual(
            [c.numbers for c in citations],
            ["48/UBND", "78/UBND", "235/QĐ-UBND", "237, 238, 239, 240, 241/QĐ-UBND"],
        )
        self.assertEqual(
            citations[3].text,
            "Các Quyết định số 237, 238, 239, 240, 241/QĐ-UBND ngày 04/4/2022 của UBND phường "
            "Tuần Châu về việc thành lập Tổ giúp việc",
        )
        self.assertEqual(selectors.legal_basis(self.ward2, dt.date(2023, 6, 26)), [])


@time_machine.travel(dt.datetime(2023, 7, 1, 9, 0), tick=False)
class DocumentPagesTestCase(OutreachTestCase):
    def setUp(self) -> None:
        self.media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media, True)
        override = override_settings(MEDIA_ROOT=self.media)
        override.enable()
        self.addCleanup(override.disable)

    def post(self, **data: object) -> Any:
        values = {
            "kind": "decision",
            "number": "235/QĐ-UBND",
            "date": "01/04/2022",
            "issuer": "UBND phường Tuần Châu",
            "summary": "thành lập Tổ công tác",
            "cite_in_reports": "on",
            **data,
        }
        self.login(self.alice)
        return self.client.post(reverse("outreach:document_add", args=["L06700"]), values)

    def test_a_ward_officer_registers_a_document_with_a_file(self) -> None:
        pdf = SimpleUploadedFile("qd235.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        response = self.post(file=pdf)
        self.assertRedirects(response, reverse("outreach:documents", args=["L06700"]))
        document = LegalDocument.objects.get()
        self.assertTrue((document.file.name or "").startswith("documents/2023/"))
        page = self.client.get(reverse("outreach:documents", args=["L06700"]), {"q": "qd 235"})
        self.assertContains(page, "235/QĐ-UBND")
        download = self.client.get(reverse("outreach:document_file", args=["L06700", document.pk]))
        self.assertEqual(b"".join(download.streaming_content), b"%PDF-1.4 test")  # type: ignore[attr-defined]
        self.assertNotFoundFor(
            self.charlie, reverse("outreach:document_file", args=["L06700", document.pk])
        )
        self.assertNotFoundFor(
            self.charlie, reverse("outreach:document_file", args=["L06679", document.pk])
        )

    def test_a_wrong_number_is_refused_with_a_clear_message(self) -> None:
        response = self.post(number="235 QĐ UBND")
        self.assertContains(response, "không đúng dạng", status_code=400)
        self.assertContains(response, "48/KH-UBND", status_code=400)
        self.assertFalse(LegalDocument.objects.exists())

    def test_a_file_of_another_type_is_refused(self) -> None:
        exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
        response = self.post(file=exe)
        self.assertEqual(response.status_code, 400)  # type: ignore[attr-defined]
        self.assertFalse(LegalDocument.objects.exists())

    def test_the_register_lists_what_the_city_reads_but_cannot_change(self) -> None:
        self.post()
        self.login(self.dave)
        page = self.client.get(reverse("outreach:documents", args=["L06700"]))
        self.assertContains(page, "235/QĐ-UBND")
        self.assertNotContains(page, reverse("outreach:document_add", args=["L06700"]))
        self.assertNotFoundFor(self.dave, reverse("outreach:document_add", args=["L06700"]))
