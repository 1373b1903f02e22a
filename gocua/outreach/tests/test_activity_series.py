"""The outreach figures of a series of days (the overview's month ends): sessions and
guided per unit as of each day, from a fixed number of queries, equal to the one-day
figures."""

import datetime as dt
import random

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gocua.orgunits.models import OrgUnit
from gocua.outreach import selectors
from gocua.outreach.models import Activity, BulkGuidance, Guidance
from gocua.outreach.services.sessions import (
    activity_create,
    activity_delete,
    bulk_guidance_record,
    guidance_record,
)
from gocua.outreach.tests.helpers import OutreachTestCase, channel, household, service
from gocua.registry.models import Resident

D = dt.date
START = D(2023, 1, 1)
MONTH_ENDS = [D(2022, 12, 31), D(2023, 1, 31), D(2023, 2, 28), D(2023, 3, 31), D(2023, 4, 30)]


@time_machine.travel(dt.datetime(2023, 7, 1, 9, 0), tick=False)
class ActivitySeriesTestCase(OutreachTestCase):
    def test_a_resident_guided_in_two_months_counts_once_from_the_first(self) -> None:
        home = household(self.kp1, "H1", "An", "Bình")
        an, binh = Resident.objects.filter(household=home).order_by("full_name")
        guidance_record(resident=an, service=service("vneid"), day=D(2022, 12, 20))  # before
        guidance_record(resident=an, service=service("vneid"), day=D(2023, 2, 10))
        guidance_record(resident=an, service=service("vssid"), day=D(2023, 2, 10))
        guidance_record(resident=an, service=service("vneid"), day=D(2023, 4, 5))
        guidance_record(resident=binh, service=service("vneid"), day=D(2023, 4, 30))
        series = selectors.guided_series(root=self.ward, start=START, days=MONTH_ENDS)
        # Hand-worked: 31 Dec is before the period (nothing); An from February (once,
        # for two services that day and again in April); Bình on 30 April itself.
        self.assertEqual(
            series,
            [{}, {}, {self.kp1.pk: 1}, {self.kp1.pk: 1}, {self.kp1.pk: 2}],
        )

    def test_a_session_on_the_last_day_of_a_month_counts_in_that_month_end(self) -> None:
        activity_create(unit=self.kp1, date=D(2023, 3, 31), channel=channel("meeting"))
        activity_create(unit=self.kp1, date=D(2023, 4, 1), channel=channel("meeting"))
        activity_create(unit=self.kp2, date=D(2023, 1, 1), channel=channel("zalo"))
        activity_create(unit=self.kp2, date=D(2022, 12, 31), channel=channel("zalo"))  # before
        activity_create(unit=self.ward2, date=D(2023, 2, 1), channel=channel("zalo"))  # not ours
        gone = activity_create(unit=self.kp2, date=D(2023, 2, 1), channel=channel("zalo"))
        activity_delete(activity=gone)
        series = selectors.sessions_series(root=self.ward, start=START, days=MONTH_ENDS)
        kp1, kp2 = self.kp1.pk, self.kp2.pk
        self.assertEqual(
            series,
            [{}, {kp2: 1}, {kp2: 1}, {kp1: 1, kp2: 1}, {kp1: 2, kp2: 1}],
        )

    def test_people_helped_in_bulk_count_each_sessions_largest_figure_from_its_day(self) -> None:
        meeting = activity_create(unit=self.kp2, date=D(2023, 2, 28), channel=channel("meeting"))
        bulk_guidance_record(
            unit=self.ward,
            date=D(2023, 2, 28),
            activity=meeting,
            counts={service("vneid"): 40, service("ehealth"): 25},
        )
        # Without a session: one per unit and day, the largest figure (10, not 15).
        bulk_guidance_record(
            unit=self.kp2, date=D(2023, 4, 3), counts={service("vneid"): 10, service("vssid"): 5}
        )
        other = activity_create(unit=self.kp2, date=D(2023, 4, 3), channel=channel("meeting"))
        bulk_guidance_record(
            unit=self.ward, date=D(2023, 4, 3), activity=other, counts={service("vneid"): 7}
        )
        gone = activity_create(unit=self.kp2, date=D(2023, 3, 3), channel=channel("meeting"))
        bulk_guidance_record(
            unit=self.ward, date=D(2023, 3, 3), activity=gone, counts={service("vneid"): 99}
        )
        activity_delete(activity=gone)
        home = household(self.kp2, "H2", "Chi")
        guidance_record(
            resident=Resident.objects.get(household=home),
            service=service("vneid"),
            day=D(2023, 3, 1),
        )
        series = selectors.guided_series(root=self.ward, start=START, days=MONTH_ENDS)
        kp2 = self.kp2.pk
        # Hand-worked: 40 from 28 February; Chi from March; April adds 10 + 7.
        self.assertEqual(series, [{}, {}, {kp2: 40}, {kp2: 41}, {kp2: 41 + 10 + 7}])

    def test_the_series_of_n_days_equals_n_one_day_figures_and_a_count_by_hand(self) -> None:
        rng = random.Random(15)
        units = [self.ward, self.kp1, self.kp2, self.ward2]
        meeting, vneid, vssid = channel("meeting"), service("vneid"), service("vssid")
        people = [
            r
            for i, unit in enumerate([self.kp1, self.kp2, self.kp1])
            for r in Resident.objects.filter(
                household=household(unit, f"R{i}", *[f"Người {i}-{k}" for k in range(4)])
            )
        ]

        def some_day() -> dt.date:
            return D(2022, 11, 1) + dt.timedelta(days=rng.randrange(240))

        for _ in range(40):
            unit = rng.choice(units)
            session = Activity.objects.create(unit=unit, date=some_day(), channel=meeting)
            if rng.random() < 0.5:
                for svc in (vneid, vssid):
                    BulkGuidance.objects.create(
                        unit=unit,
                        activity=session,
                        service=svc,
                        date=session.date,
                        people=rng.randint(1, 30),
                    )
        for _ in range(10):
            BulkGuidance.objects.create(
                unit=rng.choice(units),
                service=rng.choice([vneid, vssid]),
                date=some_day(),
                people=rng.randint(1, 9),
            )
        for _ in range(60):
            resident = rng.choice(people)
            Guidance.objects.get_or_create(
                resident=resident,
                service=rng.choice([vneid, vssid]),
                day=some_day(),
                defaults={"unit_id": resident.unit_id},
            )
        days = [D(2022, 12, 31), D(2023, 1, 15), D(2023, 1, 31), D(2023, 3, 31), D(2023, 6, 30)]
        for root in (self.ward, self.kp1, self.ward2):
            sessions = selectors.sessions_series(root=root, start=START, days=days)
            guided = selectors.guided_series(root=root, start=START, days=days)
            for i, day in enumerate(days):
                one = selectors.sessions_by_unit(root=root, start=START, end=day)
                self.assertEqual(sessions[i], one, (root.code, day))
                self.assertEqual(sessions[i], _sessions_by_hand(root, day), (root.code, day))
                one = selectors.guided_by_unit(root=root, start=START, end=day)
                self.assertEqual(guided[i], one, (root.code, day))
                self.assertEqual(guided[i], _guided_by_hand(root, day), (root.code, day))
        self.assertTrue(any(guided[-1].values()))  # the data is not empty

    def test_the_number_of_queries_does_not_grow_with_days(self) -> None:
        activity_create(unit=self.kp1, date=D(2023, 3, 31), channel=channel("meeting"))
        for read in (selectors.sessions_series, selectors.guided_series):
            with CaptureQueriesContext(connection) as two:
                read(root=self.ward, start=START, days=MONTH_ENDS[-2:])
            with CaptureQueriesContext(connection) as twelve:
                read(root=self.ward, start=START, days=[D(2023, m, 1) for m in range(1, 13)])
            self.assertEqual(len(two), len(twelve))
            self.assertLessEqual(len(twelve), 2)
        self.assertEqual(selectors.sessions_series(root=self.ward, start=START, days=[]), [])


def _in(root_path: str, unit_path: str) -> bool:
    return unit_path.startswith(root_path)


def _sessions_by_hand(root: OrgUnit, day: dt.date) -> dict[int, int]:
    counts: dict[int, int] = {}
    for a in Activity.objects.select_related("unit"):
        if _in(root.path, a.unit.path) and START <= a.date <= day:
            counts[a.unit_id] = counts.get(a.unit_id, 0) + 1
    return counts


def _guided_by_hand(root: OrgUnit, day: dt.date) -> dict[int, int]:
    path = root.path
    residents: dict[int, set[int]] = {}
    for g in Guidance.objects.select_related("unit"):
        if _in(path, g.unit.path) and g.day is not None and START <= g.day <= day:
            residents.setdefault(g.unit_id, set()).add(g.resident_id)
    counts = {unit: len(ids) for unit, ids in residents.items()}
    largest: dict[tuple[int, dt.date, int | None], int] = {}
    for b in BulkGuidance.objects.select_related("unit"):
        if _in(path, b.unit.path) and START <= b.date <= day:
            key = (b.unit_id, b.date, b.activity_id)
            largest[key] = max(largest.get(key, 0), b.people)
    for (unit, _, _), people in largest.items():
        counts[unit] = counts.get(unit, 0) + people
    return counts
