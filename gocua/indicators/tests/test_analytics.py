"""The Parquet snapshot (``gocua analytics export``) and the DuckDB engine over it:
the same figures as the database, an export that is consistent while others write,
refuses a bad ``--out``, and feeds the pages when the settings say so."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import threading
import time
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import pyarrow.parquet as pq
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis.extra.django import TestCase as HypothesisTestCase

from gocua.audit.models import AuditEvent
from gocua.indicators import engine, engines, snapshot
from gocua.indicators.selectors import indicator_values, snapshot_time
from gocua.indicators.tests.factories import Roster, setup_catalogue, transaction
from gocua.indicators.tests.snapshots import (
    AS_OF,
    START,
    assert_engines_agree,
    frozen_rules,
    registry,
    rule_set,
)
from gocua.registry.models import Household, Resident, Transaction
from gocua.testing import BaseTestCase, make_hierarchy, run_console


def _later_roster(ward: Any) -> Roster:
    """A roster whose household codes do not meet the fixtures' ones."""
    roster = Roster(ward)
    roster.count = 1000
    return roster


def _table(data: Path, name: str) -> Any:
    return pq.read_table(data / name, partitioning="hive")


class EngineOverSnapshotPropertyTestCase(HypothesisTestCase):
    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(drawn=registry, rules=rule_set)
    def test_duckdb_gives_the_databases_figures(self, drawn: Any, rules: Any) -> None:
        assert_engines_agree(
            self,
            drawn,
            rules,
            roots=["province", "ward", "kp1"],
            backends=lambda data: [engines.DuckDBBackend(data)],
        )


class SnapshotTestCase(TestCase):
    units: dict[str, Any]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.units = make_hierarchy()
        setup_catalogue()
        roster = Roster(cls.units["ward"])
        for i in range(3):
            person = roster.person(cls.units["kp1"], eid_since=START)
            transaction(person, AS_OF, "online" if i else "postal")
        Roster(cls.units["ward2"]).person(cls.units["ward2_kp1"], eid_since=START)

    def setUp(self) -> None:
        scratch = tempfile.TemporaryDirectory()
        self.addCleanup(scratch.cleanup)
        self.scratch = Path(scratch.name)

    def test_the_compiled_sql_binds_every_value(self) -> None:
        definitions = [
            d["numerator"] and d for d in frozen_rules([("residents", {"fact": "eid"}, True)])
        ]
        del definitions
        from gocua.indicators.computation import active_definitions

        defs, _ = active_definitions(as_of=AS_OF)
        for sql in engine.explain(
            root=self.units["ward"],
            as_of=AS_OF,
            start=START,
            definitions=[d.compiled() for d in defs if d.population != "activity"],
        ):
            self.assertNotIn("%", engines.qmark(sql))
            self.assertEqual(engines.qmark(sql).count("?"), len(sql.params))

    def test_the_export_writes_what_the_engine_reads_by_province(self) -> None:
        out = self.scratch / "snap"
        code, stdout, stderr = run_console("analytics", "export", "--out", str(out))
        self.assertEqual((code, stderr), (0, ""))
        manifest = json.loads((out / "manifest.json").read_text())
        self.assertIn(manifest["snapshot_at"], stdout)
        for name, (_, columns) in engine.SNAPSHOT_TABLES.items():
            self.assertEqual(manifest["tables"][name]["columns"], list(columns))
            self.assertEqual(
                sorted(p.name for p in (out / name).iterdir()),
                ["province=_"] if name in ("surveys", "guidance") else ["province=L22"],
            )
        residents = _table(out, "residents")
        self.assertEqual(residents.num_rows, 4)
        self.assertEqual(manifest["tables"]["transactions"]["rows"], 3)
        self.assertEqual(  # days stay YYYYMMDD integers, as the engine compares them
            sorted(residents.column("eid_since").to_pylist()), [20230101] * 4
        )
        self.assertNotIn("full_name", residents.column_names)  # no personal data it needn't
        event = AuditEvent.objects.get(action="analytics.export")
        self.assertEqual(event.rows, 4)

    def test_unit_limits_the_export_to_its_subtree(self) -> None:
        out = self.scratch / "snap"
        code, _, stderr = run_console("analytics", "export", "--out", str(out), "--unit", "L06679")
        self.assertEqual((code, stderr), (0, ""))
        self.assertEqual(_table(out, "residents").num_rows, 1)
        self.assertEqual(_table(out, "transactions").num_rows, 0)
        self.assertEqual(
            sorted(_table(out, "units").column("id").to_pylist()),
            [self.units["ward2"].pk, self.units["ward2_kp1"].pk],
        )

    def test_a_bad_out_is_refused_with_one_line_and_nothing_written(self) -> None:
        a_file = self.scratch / "file.txt"
        a_file.write_text("keep me")
        busy = self.scratch / "busy"
        busy.mkdir()
        (busy / "thesis.docx").write_text("keep me too")
        for out in (a_file, busy, self.scratch / "missing" / "deeper", Path("/sys/gocua-snap")):
            code, stdout, stderr = run_console("analytics", "export", "--out", str(out))
            self.assertEqual(code, 2, out)
            self.assertEqual(stdout, "")
            self.assertEqual(len(stderr.strip().splitlines()), 1, stderr)
            self.assertIn(" / ", stderr)
        self.assertEqual(a_file.read_text(), "keep me")
        self.assertEqual(sorted(p.name for p in self.scratch.iterdir()), ["busy", "file.txt"])
        self.assertEqual([p.name for p in busy.iterdir()], ["thesis.docx"])

    def test_a_new_snapshot_replaces_the_old_one_and_a_failed_one_leaves_it(self) -> None:
        out = self.scratch / "snap"
        snapshot.snapshot_export(out=out)
        _later_roster(self.units["ward"]).person(self.units["kp2"])
        snapshot.snapshot_export(out=out)
        self.assertEqual(_table(out, "residents").num_rows, 5)
        before = (out / "manifest.json").read_text()
        with (
            mock.patch.object(snapshot._Writers, "close", side_effect=OSError("disk full")),
            self.assertRaises(OSError),
        ):
            snapshot.snapshot_export(out=out)
        self.assertEqual((out / "manifest.json").read_text(), before)
        self.assertEqual(sorted(p.name for p in self.scratch.iterdir()), ["snap"])

    def test_engine_option_needs_a_snapshot(self) -> None:
        code, _, stderr = run_console("indicators", "--unit", "L06700", "--engine", "duckdb")
        self.assertEqual(code, 2)
        self.assertIn("--data", stderr)
        code, _, stderr = run_console(
            "indicators", "--unit", "L06700", "--engine", "duckdb", "--data", str(self.scratch)
        )
        self.assertEqual(code, 2)
        self.assertEqual(len(stderr.strip().splitlines()), 1)

    def test_pages_read_the_snapshot_when_the_settings_say_so(self) -> None:
        out = self.scratch / "snap"
        manifest = snapshot.snapshot_export(out=out)
        _later_roster(self.units["ward"]).person(self.units["kp2"], eid_since=START)  # after it
        ward = self.units["ward"]
        live = indicator_values(unit=ward, as_of=AS_OF, codes=["eid"]).figure("eid")
        self.assertIsNone(snapshot_time())
        with override_settings(GOCUA_ANALYTICS_ENGINE="duckdb", GOCUA_ANALYTICS_DATA=str(out)):
            shown = indicator_values(unit=ward, as_of=AS_OF, codes=["eid"]).figure("eid")
            self.assertEqual(snapshot_time().isoformat(), manifest["snapshot_at"])  # type: ignore[union-attr]
        assert live and shown
        self.assertEqual((live.numerator, shown.numerator), (4, 3))


class SnapshotPageTestCase(BaseTestCase):
    def test_the_results_page_says_when_the_snapshot_was_taken(self) -> None:
        setup_catalogue()
        _later_roster(self.ward).person(self.kp1, eid_since=START)
        url = reverse("indicators:results", args=[self.ward.code]) + "?as_of=2023-06-26"
        self.login(self.alice)
        self.assertNotContains(self.client.get(url), 'data-testid="snapshot"')
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch) / "snap"
            manifest = snapshot.snapshot_export(out=out)
            taken = timezone.localtime(dt.datetime.fromisoformat(manifest["snapshot_at"]))
            with override_settings(GOCUA_ANALYTICS_ENGINE="duckdb", GOCUA_ANALYTICS_DATA=str(out)):
                page = self.client.get(url)
                self.assertContains(page, f"bản chụp dữ liệu lúc {taken:%d/%m/%Y %H:%M}")
                self.login(self.charlie)  # another ward: still 404 from a snapshot
                self.assertEqual(self.client.get(url).status_code, 404)


class DemoOnDuckDBTestCase(TestCase):
    def test_the_demos_json_is_the_same_on_duckdb(self) -> None:
        call_command("demo", stdout=StringIO())
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch) / "snap"
            self.assertEqual(run_console("analytics", "export", "--out", str(out))[0], 0)
            for unit in ("L06700", "L22"):
                args = ["indicators", "--unit", unit, "--as-of", "2023-06-26", "--format", "json"]
                database = run_console(*args)
                duckdb = run_console(*args, "--engine", "duckdb", "--data", str(out))
                self.assertEqual(database[0], 0)
                self.assertEqual(duckdb, database)
                self.assertGreater(json.loads(duckdb[1])["indicators"][0]["denominator"], 0)


class ConsistentExportTestCase(TransactionTestCase):
    """A writer adds a household, its resident and a transaction (one transaction) while
    the export is between two tables: the snapshot holds all of it or none of it.
    PostgreSQL lets the writer commit meanwhile (the export reads one snapshot);
    SQLite makes it wait for the export's read transaction to end."""

    def test_writes_during_the_export_are_in_no_table(self) -> None:
        units = make_hierarchy()
        setup_catalogue()
        roster = Roster(units["ward"])
        for _ in range(5):
            transaction(roster.person(units["kp1"]), AS_OF)
        written = threading.Event()

        def write() -> None:
            try:
                for _ in range(400):
                    try:
                        from django.db import transaction as db_transaction

                        with db_transaction.atomic():
                            person = _later_roster(units["ward"]).person(units["kp2"])
                            transaction(person, AS_OF)
                        written.set()
                        return
                    except OperationalError:  # SQLite: locked by the export's read
                        time.sleep(0.05)
            finally:
                connection.close()

        writer = threading.Thread(target=write)
        close = snapshot._Writers.close

        def close_then_write(self: Any) -> None:
            close(self)
            if self.directory.name == "households" and not writer.is_alive():
                writer.start()
                written.wait(timeout=3)

        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch) / "snap"
            with mock.patch.object(snapshot._Writers, "close", close_then_write):
                snapshot.snapshot_export(out=out, batch_rows=2)
            during = written.is_set()
            writer.join(timeout=30)
            self.assertTrue(written.is_set())
            if connection.vendor == "postgresql":
                self.assertTrue(during, "the writer committed while the export ran")
            for name, rows in (("households", 5), ("residents", 5), ("transactions", 5)):
                self.assertEqual(_table(out, name).num_rows, rows, name)
        self.assertEqual(Household.objects.count(), 6)
        self.assertEqual(Resident.objects.count(), 6)
        self.assertEqual(Transaction.objects.count(), 6)
