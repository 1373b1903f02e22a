"""Spark over the snapshot: the same figures as the database and DuckDB (hypothesis, a
few small registries), the same JSON from the command line, and one clear line when
Java is missing or the master cannot be reached. Starting Spark takes seconds: every
test here shares ONE session (``engines.spark_session`` keeps it per master)."""

from __future__ import annotations

import tempfile
import time
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis.extra.django import TestCase as HypothesisTestCase

from gocua.indicators import engines, snapshot
from gocua.indicators.tests.snapshots import (
    assert_engines_agree,
    registry,
    rule_set,
)
from gocua.testing import make_hierarchy, run_console

pytestmark = pytest.mark.skipif(
    engines._java_missing(), reason="Java 17 (scripts/system-packages test) is not installed"
)


class SparkPropertyTestCase(HypothesisTestCase):
    @settings(
        max_examples=4,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(drawn=registry, rules=rule_set)
    def test_every_engine_gives_the_same_figures(self, drawn: Any, rules: Any) -> None:
        assert_engines_agree(
            self,
            drawn,
            rules,
            roots=["province", "ward"],
            backends=lambda data: [engines.DuckDBBackend(data), engines.SparkBackend(data)],
        )


class SparkCommandTestCase(TestCase):
    def test_the_demos_json_is_the_same_on_spark(self) -> None:
        call_command("demo", stdout=StringIO())
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch) / "snap"
            self.assertEqual(run_console("analytics", "export", "--out", str(out))[0], 0)
            args = ["indicators", "--unit", "L06700", "--as-of", "2023-06-26", "--format", "json"]
            database = run_console(*args)
            spark = run_console(*args, "--engine", "spark", "--data", str(out))
            self.assertEqual(database[0], 0)
            self.assertEqual(spark[:2], database[:2])

    def test_without_java_one_clear_line(self) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            make_hierarchy()
            out = Path(scratch) / "snap"
            snapshot.snapshot_export(out=out)
            started = time.monotonic()
            with mock.patch.dict("os.environ", {"PATH": scratch, "JAVA_HOME": ""}):
                code, stdout, stderr = run_console(
                    "indicators", "--unit", "L22", "--engine", "spark", "--data", str(out),
                    "--spark-master", "local[1]",
                )  # fmt: skip
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual((code, stdout), (2, ""))
        self.assertEqual(len(stderr.strip().splitlines()), 1, stderr)
        self.assertIn(" / Java not found to run Spark", stderr)

    def test_an_unreachable_master_one_clear_line(self) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            make_hierarchy()
            out = Path(scratch) / "snap"
            snapshot.snapshot_export(out=out)
            for master in ("spark://127.0.0.1:9", "sc://127.0.0.1:9"):
                started = time.monotonic()
                code, stdout, stderr = run_console(
                    "indicators", "--unit", "L22", "--engine", "spark", "--data", str(out),
                    "--spark-master", master,
                )  # fmt: skip
                self.assertLess(time.monotonic() - started, engines.CONNECT_TIMEOUT + 5)
                self.assertEqual((code, stdout), (1, ""))
                self.assertEqual(
                    stderr.strip(),
                    f"Không kết nối được Spark tại {master} / "
                    f"cannot reach the Spark master at {master}",
                )
