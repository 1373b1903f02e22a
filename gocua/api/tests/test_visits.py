"""POST /api/v1/visits: idempotency, conflicts, refusals, batches, newborns and move-outs."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gocua.api.tests.helpers import ApiTestCase
from gocua.audit.models import AuditEvent
from gocua.outreach.catalogue import install_defaults
from gocua.outreach.models import Guidance, Visit, VisitConflict
from gocua.registry.models import Change, Household, Resident
from gocua.registry.tests.helpers import make_household

TODAY = dt.date(2024, 3, 15)
URL = "/api/v1/visits"


@time_machine.travel(dt.datetime(2024, 3, 15, 10, 0), tick=False)
class VisitTests(ApiTestCase):
    h1: Household
    h2: Household
    far: Household
    hung: Resident
    dao: Resident
    dung: Resident

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        install_defaults()
        cls.h1 = make_household(cls.kp1, "H001", "Nguyễn Văn Hùng", "Trần Thị Đào")
        cls.h2 = make_household(cls.kp1, "H002", "Lê Văn Dũng")
        cls.far = make_household(cls.kp2, "H900", "Phạm Thị Xa")
        cls.hung = Resident.objects.get(full_name="Nguyễn Văn Hùng")
        cls.dao = Resident.objects.get(full_name="Trần Thị Đào")
        cls.dung = Resident.objects.get(full_name="Lê Văn Dũng")

    def visit(self, home: Any = None, **extra: Any) -> dict[str, Any]:
        household = home or self.h1
        data = {
            "key": str(uuid.uuid4()),
            "household": household.code,
            "unit": household.unit.code,
            "date": "2024-03-14",
        }
        data.update(extra)
        return data

    def send(self, *visits: dict[str, Any], user: Any = None) -> list[dict[str, Any]]:
        response = self.post_json(user or self.bob, URL, {"visits": list(visits)})
        self.assertEqual(response.status_code, 200, response.content)
        results = response.json()["results"]
        self.assertEqual(len(results), len(visits))
        return results  # type: ignore[no-any-return]

    def test_applied_facts_and_guidance(self) -> None:
        visit = self.visit(
            household_facts={"household_skills": True},
            residents=[
                {
                    "id": self.hung.pk,
                    "version": 1,
                    "facts": {"smartphone": True, "eid_level": 2, "vssid": False},
                    "guided": ["vneid", "vssid"],
                }
            ],
        )
        (result,) = self.send(visit)
        self.assertEqual(result["status"], "applied", result)
        self.assertEqual(result["key"], visit["key"])
        self.hung.refresh_from_db()
        day = dt.date(2024, 3, 14)
        self.assertEqual(
            (
                self.hung.smartphone_since,
                self.hung.eid_level,
                self.hung.eid_since,
                self.hung.eid2_since,
            ),
            (day, 2, day, day),
        )
        self.assertEqual(self.hung.version, 2)
        self.h1.refresh_from_db()
        self.assertEqual((self.h1.digital_skills_since, self.h1.version), (day, 2))
        self.assertEqual(
            set(Guidance.objects.filter(resident=self.hung).values_list("service__code", "day")),
            {("vneid", day), ("vssid", day)},
        )
        self.assertEqual(set(self.hung.changes.values_list("source", flat=True)), {"visit"})
        self.assertTrue(AuditEvent.objects.filter(action="outreach.visit", user=self.bob).exists())
        # the dao row: missing keys change nothing
        self.dao.refresh_from_db()
        self.assertEqual(self.dao.version, 1)

    def test_true_keeps_an_earlier_date_and_false_clears(self) -> None:
        Resident.objects.filter(pk=self.hung.pk).update(
            smartphone_since=dt.date(2020, 1, 1), payment_since=dt.date(2021, 1, 1)
        )
        self.send(
            self.visit(
                residents=[
                    {
                        "id": self.hung.pk,
                        "version": 1,
                        "facts": {"smartphone": True, "payment_account": False},
                    }
                ]
            )
        )
        self.hung.refresh_from_db()
        self.assertEqual(self.hung.smartphone_since, dt.date(2020, 1, 1))
        self.assertIsNone(self.hung.payment_since)

    def test_a_batch_looks_up_what_its_visits_share_once(self) -> None:
        homes = [make_household(self.kp1, f"B{n}", f"Người {n}") for n in range(4)]
        visits = [
            self.visit(
                home,
                residents=[
                    {
                        "id": home.residents.get().pk,
                        "version": 1,
                        "facts": {"smartphone": True},
                        "guided": ["vssid"],
                    }
                ],
            )
            for home in homes
        ]
        with CaptureQueriesContext(connection) as queries:
            results = self.send(*visits)
        self.assertEqual([r["status"] for r in results], ["applied"] * 4)
        sql = [q["sql"] for q in queries.captured_queries]
        # the keys already received, the catalogue, the member, the unit: once a batch
        self.assertEqual(sum('FROM "outreach_visit"' in q for q in sql), 1)
        self.assertEqual(sum('FROM "outreach_service"' in q for q in sql), 1)
        self.assertEqual(sum('FROM "outreach_member"' in q for q in sql), 1)
        # the households: one query for the group, read and locked, not two a visit
        self.assertEqual(sum('FROM "registry_household"' in q for q in sql), 1)
        # the unit's version: bumped once a visit (its guidance and the visit both log),
        # the units above the neighbourhood looked up once a batch
        self.assertEqual(sum(q.startswith('UPDATE "audit_unitversion"') for q in sql), 4)
        self.assertEqual(sum('FROM "orgunits_orgunit"' in q.split("WHERE")[0] for q in sql), 2)
        # savepoints: the group's (in this test's transaction), each visit's own and its
        # guidance's; a fact's change needs none
        self.assertEqual(sum(q.startswith("SAVEPOINT") for q in sql), 1 + 4 * 2)
        self.assertEqual(Guidance.objects.filter(resident__household__in=homes).count(), 4)
        self.assertEqual(AuditEvent.objects.filter(action="outreach.visit").count(), 4)
        self.assertEqual(AuditEvent.objects.filter(action="outreach.guidance.create").count(), 4)

    def test_a_second_visit_of_a_household_in_a_batch_sees_the_first(self) -> None:
        # The batch reads its households once; the second visit of H001 reads it again,
        # so that it meets the version the first visit left (2), not the one read first.
        first = self.visit(household_version=1, household_facts={"household_skills": True})
        second = self.visit(household_version=2, household_facts={"household_skills": False})
        stale = self.visit(household_version=2, household_facts={"household_skills": True})
        results = self.send(first, second, stale)
        self.assertEqual([r["status"] for r in results], ["applied", "applied", "conflict"])
        self.h1.refresh_from_db()
        self.assertEqual(self.h1.version, 3)
        self.assertIsNone(self.h1.digital_skills_since)

    def test_a_visit_refused_after_its_guidance_writes_nothing_and_the_version_still_moves(
        self,
    ) -> None:
        from gocua.audit.services import data_version

        before = data_version(self.kp1)
        refused = self.visit(
            residents=[{"id": self.hung.pk, "version": 1, "guided": ["vneid"]}],
            moved_out=[{"id": self.dao.pk, "date": "2024-03-15"}],  # after the visit's day
        )
        applied = self.visit(
            self.h2, residents=[{"id": self.dung.pk, "version": 1, "facts": {"vssid": True}}]
        )
        results = self.send(refused, applied)
        self.assertEqual([r["status"] for r in results], ["refused", "applied"])
        self.assertFalse(Guidance.objects.filter(resident=self.hung).exists())
        self.assertFalse(AuditEvent.objects.filter(action="outreach.guidance.create").exists())
        self.dao.refresh_from_db()
        self.assertIsNone(self.dao.moved_out)
        # the refused visit's bump was rolled back with it; the applied one bumped again
        self.assertNotEqual(data_version(self.kp1), before)

    def test_same_visit_twice_is_one_visit(self) -> None:
        visit = self.visit(
            residents=[
                {"id": self.hung.pk, "version": 1, "facts": {"vssid": True}, "guided": ["vssid"]}
            ]
        )
        first, second = self.send(visit, visit)
        self.assertEqual((first["status"], second["status"]), ("applied", "duplicate"))
        (third,) = self.send(visit)
        self.assertEqual(third["status"], "duplicate")
        self.assertEqual(Visit.objects.filter(key=visit["key"]).count(), 1)
        self.assertEqual(Guidance.objects.filter(resident=self.hung).count(), 1)
        self.hung.refresh_from_db()
        self.assertEqual(self.hung.version, 2)
        self.assertEqual(self.hung.changes.count(), 1)

    def test_stale_version_is_a_conflict_and_writes_nothing_of_that_resident(self) -> None:
        # the officer set VssID meanwhile (version 2); the phone saw version 1
        Resident.objects.filter(pk=self.hung.pk).update(vssid_since=dt.date(2024, 3, 1), version=2)
        visit = self.visit(
            residents=[
                {
                    "id": self.hung.pk,
                    "version": 1,
                    "facts": {"vssid": False, "smartphone": True},
                    "seen": {"smartphone": None, "vssid": None, "eid_level": 0},
                    "guided": ["vneid"],
                },
                {"id": self.dao.pk, "version": 1, "facts": {"smartphone": True}},
            ]
        )
        (result,) = self.send(visit)
        self.assertEqual(result["status"], "conflict", result)
        self.assertIn("Nguyễn Văn Hùng", result["message"])
        self.hung.refresh_from_db()
        self.assertEqual(
            (self.hung.vssid_since, self.hung.smartphone_since), (dt.date(2024, 3, 1), None)
        )
        self.assertEqual(self.hung.version, 2)
        self.assertFalse(Guidance.objects.filter(resident=self.hung).exists())
        self.assertFalse(self.hung.changes.exists())
        self.dao.refresh_from_db()  # the other member was written
        self.assertEqual(self.dao.smartphone_since, dt.date(2024, 3, 14))
        conflict = VisitConflict.objects.get()
        self.assertEqual(conflict.resident, self.hung)
        self.assertEqual(
            conflict.facts, [{"fact": "vssid", "server": "2024-03-01", "visit": False}]
        )
        self.assertEqual(conflict.pending["facts"], {"smartphone": True})
        # replaying it is a duplicate, no second conflict
        (again,) = self.send(visit)
        self.assertEqual(again["status"], "duplicate")
        self.assertEqual(VisitConflict.objects.count(), 1)

    def test_stale_version_without_a_contested_fact_applies(self) -> None:
        Resident.objects.filter(pk=self.hung.pk).update(phone="0987654321", version=3)
        resident = {"id": self.hung.pk, "version": 1, "facts": {"ehealth": True}}
        (result,) = self.send(self.visit(residents=[{**resident, "seen": {"ehealth": None}}]))
        self.assertEqual(result["status"], "applied")
        self.hung.refresh_from_db()
        self.assertEqual((self.hung.ehealth_since, self.hung.version), (dt.date(2024, 3, 14), 4))

    def test_without_seen_every_differing_fact_of_a_stale_resident_is_a_conflict(self) -> None:
        Resident.objects.filter(pk=self.hung.pk).update(phone="0987654321", version=3)
        resident = {"id": self.hung.pk, "version": 1, "facts": {"ehealth": True, "vssid": False}}
        (result,) = self.send(self.visit(residents=[resident]))
        self.assertEqual(result["status"], "conflict")
        conflict = VisitConflict.objects.get()
        self.assertEqual(conflict.facts, [{"fact": "ehealth", "server": None, "visit": True}])
        self.hung.refresh_from_db()
        self.assertIsNone(self.hung.ehealth_since)

    def test_another_neighbourhoods_household_is_refused_as_not_found(self) -> None:
        for visit in (
            self.visit(self.far),
            self.visit(self.far, unit=self.kp1.code),
            self.visit(household="NOPE"),
            self.visit(self.far, unit=self.ward.code),
        ):
            (result,) = self.send(visit)
            self.assertEqual(result["status"], "refused")
            self.assertIn("không tìm thấy hộ", result["message"])
            self.assertIn("not found", result["message"])
        (result,) = self.send(self.visit(self.h1), user=self.charlie)
        self.assertEqual(result["status"], "refused")
        (result,) = self.send(self.visit(self.h1), user=self.dave)  # upper officers only read
        self.assertEqual(result["status"], "refused")
        self.assertFalse(Visit.objects.exists())

    def test_a_batch_with_one_bad_visit_applies_the_others(self) -> None:
        good1 = self.visit(residents=[{"id": self.hung.pk, "version": 1, "facts": {"vssid": True}}])
        bad = self.visit(
            residents=[
                {"id": self.dao.pk, "version": 1, "facts": {"vssid": True}, "guided": ["nope"]}
            ]
        )
        good2 = self.visit(
            self.h2, residents=[{"id": self.dung.pk, "version": 1, "facts": {"ehealth": True}}]
        )
        results = self.send(good1, bad, good2)
        self.assertEqual([r["status"] for r in results], ["applied", "refused", "applied"])
        self.assertIn("nope", results[1]["message"])
        self.dao.refresh_from_db()
        self.assertIsNone(self.dao.vssid_since)  # nothing of the refused visit
        self.assertFalse(Visit.objects.filter(key=bad["key"]).exists())
        self.dung.refresh_from_db()
        self.assertIsNotNone(self.dung.ehealth_since)

    def test_a_long_batch_is_committed_in_groups_and_a_bad_visit_stays_alone(self) -> None:
        visits = [self.visit(self.h1 if i % 2 else self.h2) for i in range(60)]
        visits[55]["date"] = "2099-01-01"
        visits[56]["residents"] = [{"id": self.dung.pk, "version": 1, "facts": {"vssid": True}}]
        results = self.send(*visits)
        statuses = [r["status"] for r in results]
        self.assertEqual(statuses.count("applied"), 59, results[55])
        self.assertEqual(statuses[55], "refused")
        self.assertEqual(Visit.objects.count(), 59)
        self.dung.refresh_from_db()
        self.assertIsNotNone(self.dung.vssid_since)

    def test_every_field_validated_with_a_clear_message(self) -> None:
        hung: dict[str, Any] = {"id": self.hung.pk, "version": 1}
        cases: list[tuple[dict[str, Any], str]] = [
            ({"key": "abc"}, "visits[0].key: phải là UUID / visits[0].key: must be a UUID"),
            ({"key": None}, "visits[0].key"),
            ({"date": "2024-03-16"}, "tương lai"),
            ({"date": "14/13/2024"}, "visits[0].date"),
            ({"date": None}, "visits[0].date"),
            ({"unit": None}, "visits[0].unit"),
            ({"household": 5}, "visits[0].household"),
            ({"household_version": "x"}, "visits[0].household_version"),
            ({"household_facts": {"household_skills": "yes"}}, "household_facts.household_skills"),
            ({"household_facts": {"wifi": True}}, "visits[0].household_facts.wifi"),
            ({"residents": {}}, "visits[0].residents: phải là danh sách"),
            ({"residents": [{"version": 1}]}, "visits[0].residents[0].id"),
            ({"residents": [{**hung, "version": 0}]}, "visits[0].residents[0].version"),
            (
                {"residents": [{**hung, "facts": {"vssid": 1}}]},
                "residents[0].facts.vssid: phải là true hoặc false",
            ),
            (
                {"residents": [{**hung, "facts": {"eid_level": 3}}]},
                "facts.eid_level: phải là 0, 1 hoặc 2",
            ),
            ({"residents": [{**hung, "facts": {"bank": True}}]}, "residents[0].facts.bank"),
            ({"residents": [{**hung, "guided": "vneid"}]}, "residents[0].guided"),
            ({"residents": [{**hung, "guided": ["nope"]}]}, "nope"),
            ({"residents": [{"id": self.dung.pk, "version": 1}]}, "không ở hộ H001"),
            ({"residents": [hung, hung]}, "hai lần"),
            ({"colour": "red"}, "visits[0].colour"),
            ({"new_residents": [{"birth_date": "2024-03-01"}]}, "new_residents[0].full_name"),
            ({"new_residents": [{"full_name": "Bé", "sex": "Q"}]}, "new_residents[0].sex"),
            ({"new_residents": [{"full_name": "Bé"}]}, "ngày sinh"),
            ({"new_residents": [{"full_name": "Bé", "birth_date": "2025-01-01"}]}, "sau"),
            ({"moved_out": [{"id": self.hung.pk}]}, "moved_out[0].date"),
            ({"moved_out": [{"id": self.dung.pk, "date": "2024-03-01"}]}, "không ở hộ"),
        ]
        results = self.send(*[self.visit(**extra) for extra, _ in cases])
        for index, ((extra, expected), result) in enumerate(zip(cases, results, strict=True)):
            self.assertEqual(result["status"], "refused", extra)
            where = expected.replace("visits[0]", f"visits[{index}]")
            self.assertIn(where, result["message"], extra)
            self.assertIn(" / ", result["message"])
        (result,) = self.send("not an object")  # type: ignore[arg-type]
        self.assertEqual(result["status"], "refused")
        self.assertFalse(Visit.objects.exists())
        self.assertFalse(Change.objects.exists())

    def test_newborn_newcomer_and_move_out(self) -> None:
        visit = self.visit(
            new_residents=[
                {
                    "ref": "tmp-1",
                    "full_name": "Nguyễn Thị Bé",
                    "birth_date": "2024-03-01",
                    "sex": "F",
                    "facts": {"ehealth": True},
                },
                {
                    "ref": "tmp-2",
                    "full_name": "Vũ Văn Mới",
                    "birth_date": "1990-05-05",
                    "moved_in": "2024-03-10",
                    "guided": ["vneid"],
                },
            ],
            moved_out=[{"id": self.dao.pk, "date": "2024-03-12"}],
        )
        (result,) = self.send(visit)
        self.assertEqual(result["status"], "applied", result)
        created = {c["ref"]: c["id"] for c in result["created"]}
        baby = Resident.objects.get(pk=created["tmp-1"])
        self.assertEqual((baby.household, baby.unit, baby.moved_in), (self.h1, self.kp1, None))
        self.assertEqual(baby.ehealth_since, dt.date(2024, 3, 14))
        newcomer = Resident.objects.get(pk=created["tmp-2"])
        self.assertEqual(newcomer.moved_in, dt.date(2024, 3, 10))
        self.assertTrue(Guidance.objects.filter(resident=newcomer, service__code="vneid").exists())
        self.dao.refresh_from_db()
        self.assertEqual(self.dao.moved_out, dt.date(2024, 3, 12))
        body = self.get(self.bob, "/api/v1/caseload").json()
        names = {r["full_name"] for h in body["households"] for r in h["residents"]}
        self.assertIn("Nguyễn Thị Bé", names)
        self.assertNotIn("Trần Thị Đào", names)

    def test_session_visit_is_csrf_checked_through_the_same_path(self) -> None:
        self.client.force_login(self.bob)
        visit = self.visit(residents=[{"id": self.hung.pk, "version": 1, "facts": {"vssid": True}}])
        response = self.client.post(URL, {"visits": [visit]}, content_type="application/json")
        self.assertEqual(response.json()["results"][0]["status"], "applied")
