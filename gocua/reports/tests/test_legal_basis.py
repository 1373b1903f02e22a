"""The legal basis of a letter, taken from the ward's document register."""

from __future__ import annotations

import dataclasses
import datetime as dt

from gocua.outreach.models import DocumentKind
from gocua.outreach.selectors import legal_basis_citations
from gocua.outreach.services.documents import document_create
from gocua.reports.letters import compose_report_letter, legal_basis_texts
from gocua.reports.letters.examples import seed_content
from gocua.reports.letters.model import Paragraph
from gocua.testing import BaseTestCase


class LegalBasisTestCase(BaseTestCase):
    def test_it_cites_the_registers_plans_and_merged_decisions(self) -> None:
        issuer = "UBND phường Tuần Châu"
        document_create(
            unit=self.ward,
            kind=DocumentKind.PLAN,
            number="48/UBND",
            date=dt.date(2023, 3, 10),
            issuer=issuer,
            summary="về việc chuyển đổi số toàn diện phường Tuần Châu năm 2023",
        )
        for number in (237, 238):
            document_create(
                unit=self.ward,
                kind=DocumentKind.DECISION,
                number=f"{number}/QĐ-UBND",
                date=dt.date(2022, 4, 4),
                issuer=issuer,
                summary="thành lập Tổ giúp việc triển khai Đề án 06 trên địa bàn các khu phố",
            )
        plans, decisions = legal_basis_texts(legal_basis_citations(self.ward, dt.date(2023, 6, 26)))
        letter = compose_report_letter(
            dataclasses.replace(seed_content(), plans=plans, decisions=decisions)
        )
        texts = [b.text for b in letter.body if isinstance(b, Paragraph)]
        self.assertIn(
            "- Thực hiện Kế hoạch số 48/UBND ngày 10/3/2023 của UBND phường Tuần Châu về việc "
            "chuyển đổi số toàn diện phường Tuần Châu năm 2023.",
            texts,
        )
        self.assertIn(
            "- UBND phường đã ban hành các Quyết định số 237, 238/QĐ-UBND ngày 04/4/2022 của "
            "UBND phường Tuần Châu về việc thành lập Tổ giúp việc triển khai Đề án 06 trên địa "
            "bàn các khu phố.",
            texts,
        )
