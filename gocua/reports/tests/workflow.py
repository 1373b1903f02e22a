"""Fixtures of the workflow tests: two wards of Hạ Long keeping entered figures, a
signer for Tuần Châu only, and the city's request 389/UBND-VHTT of 26 June 2023."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from gocua.indicators.models import DataSource
from gocua.indicators.services import aggregates_enter, unit_source_set
from gocua.indicators.tests.factories import setup_catalogue
from gocua.orgunits.models import OrgUnit
from gocua.reports.models import ReportRequest
from gocua.reports.services import request_create, signatory_set
from gocua.testing import BaseTestCase

D = dt.date
VN = ZoneInfo("Asia/Ho_Chi_Minh")
DATE = D(2023, 6, 26)
START = D(2022, 6, 1)
END = D(2023, 6, 26)
DEADLINE = D(2023, 6, 30)
SUBJECT = "báo cáo đánh giá tình hình hoạt động của Tổ Công nghệ số cộng đồng"
# Consistent figures: no finding blocks a report.
TUAN_CHAU = {
    "eid": (1328, 1929),
    "online_services": (2400, 2525),
    "cashless": (1412, 1900),
    "essential_apps": (1246, 2525),
    "civic_engagement": (1246, 1929),
    "household_skills": (900, 1000),
    "sessions": (35, None),
    "guided": (980, None),
}
HUNG_THANG = {
    "eid": (1591, 2386),
    "online_services": (1000, 1200),
    "cashless": (900, 1800),
    "essential_apps": (700, 2400),
    "civic_engagement": (500, 2386),
    "household_skills": (800, 1100),
    "sessions": (12, None),
    "guided": (300, None),
}
# The seed's own inconsistencies: 2,525 aged 18+ against 1,929 aged 14+.
SEED_ERRORS = {**TUAN_CHAU, "cashless": (1412, 2525)}


def at(day: int, hour: int, month: int = 6) -> dt.datetime:
    """A moment of 2023 in Vietnam."""
    return dt.datetime(2023, month, day, hour, 0, tzinfo=VN)


class WorkflowBase(BaseTestCase):
    city: OrgUnit
    request: ReportRequest

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()
        cls.city = cls.units["city"]
        for unit, values in ((cls.ward, TUAN_CHAU), (cls.ward2, HUNG_THANG)):
            unit_source_set(unit=unit, source=DataSource.ENTERED)
            aggregates_enter(unit=unit, as_of=END, start=START, values=values)
        signatory_set(
            unit=cls.ward,
            name="Nguyễn Song Giang",
            title="Chủ tịch",
            collective="Ủy ban nhân dân",
            prefix="",
            signer_title="",
            symbol="UBND-VHTT",
            user=cls.alice,
        )
        cls.request = request_create(
            from_unit=cls.city,
            number="389/UBND-VHTT",
            date=DATE,
            subject=SUBJECT,
            start=START,
            end=END,
            deadline=DEADLINE,
            user=cls.dave,
        )
