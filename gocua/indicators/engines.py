"""The indicator engine's SQL on other engines, over a Parquet snapshot.

``gocua analytics export`` writes what the engine reads (:data:`engine.SNAPSHOT_TABLES`)
as Parquet, one directory per table, partitioned by province. The engines here
show each table under the database's table name, so that :mod:`.engine` compiles
ONE query for every engine; only the dialect differs, and only in two places:

- placeholders: the compiler writes ``%s`` (DB-API ``format``); DuckDB and Spark
  SQL bind ``?`` (:func:`qmark`);
- the plan for households without member conditions (``vendor`` is not
  ``sqlite``: a semi-join, which both engines plan as a hash join).

``duckdb`` runs in the process (one machine, every core); ``spark`` runs on a
Spark master (``local[2]`` by default, ``spark://host:7077``, or Spark Connect
``sc://host:15002``): the way to a cluster when one machine is not enough.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gocua.indicators.engine import SNAPSHOT_TABLES, Sql
from gocua.lib.errors import ConfigurationProblem, Problem, UsageProblem

DATABASE = "database"
DUCKDB = "duckdb"
SPARK = "spark"
ENGINES = (DATABASE, DUCKDB, SPARK)
MANIFEST = "manifest.json"
SNAPSHOT_FORMAT = 2  # 2: residents carry relationship (the head rule)
DEFAULT_MASTER = "local[2]"
CONNECT_TIMEOUT = 3.0  # seconds to reach a Spark master before saying it is unreachable
# log4j2.properties there quiets Spark's logging (errors only).
SPARK_CONF = Path(__file__).resolve().parent / "spark"
SPARK_LOG = Path(tempfile.gettempdir()) / "gocua-spark.log"


def qmark(sql: Sql) -> str:
    """The compiler's ``%s`` placeholders as ``?`` (DuckDB, Spark SQL). The compiled text
    holds no other ``%`` (every value is bound), which the engine tests check."""
    return sql.text.replace("%s", "?")


def read_manifest(data: Path) -> dict[str, Any]:
    """The snapshot's manifest; a directory that holds no snapshot is refused."""
    try:
        manifest = json.loads((Path(data) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UsageProblem(
            f"“{data}” không phải là bản chụp dữ liệu (chạy gocua analytics export)",
            f"“{data}” is not a snapshot (run gocua analytics export)",
        ) from None
    if manifest.get("format") != SNAPSHOT_FORMAT:
        raise UsageProblem(
            f"Bản chụp “{data}” có định dạng không đọc được",
            f"the snapshot “{data}” has a format this version cannot read",
        )
    return manifest


def table_files(data: Path, table: str) -> str:
    return str(Path(data) / table / "*" / "*.parquet")


class DuckDBBackend:
    vendor = DUCKDB

    def __init__(self, data: Path | str) -> None:
        import duckdb

        self.data = Path(data)
        self.manifest = read_manifest(self.data)
        self.connection = duckdb.connect()
        for name, (model, _) in SNAPSHOT_TABLES.items():
            files = table_files(self.data, name).replace("'", "''")
            # A view takes no bound parameter: our table name, the path's quotes doubled.
            view = (
                f'CREATE VIEW "{model._meta.db_table}" AS SELECT * FROM '  # noqa: S608
                f"read_parquet('{files}', hive_partitioning = true)"
            )
            self.connection.execute(view)

    def run(self, sql: Sql) -> tuple[list[str], list[tuple[Any, ...]]]:
        # A cursor of its own per query: the pages' threads share one backend.
        cursor = self.connection.cursor().execute(qmark(sql), sql.params)
        names = [d[0] for d in cursor.description]
        return names, cursor.fetchall()


def _java_missing() -> bool:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return False
    return shutil.which("java") is None


def _reachable(master: str) -> None:
    """A remote master must answer within CONNECT_TIMEOUT, else one clear line (Spark
    itself would retry for a minute)."""
    if not master.startswith(("spark://", "sc://")):
        return
    parts = urlsplit(master)
    host, port = parts.hostname or "", parts.port or (7077 if master.startswith("spark") else 15002)
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
            return
    except OSError:
        raise Problem(
            f"Không kết nối được Spark tại {master}",
            f"cannot reach the Spark master at {master}",
        ) from None


_SESSIONS: dict[str, Any] = {}


def spark_session(master: str = DEFAULT_MASTER) -> Any:
    """One Spark session per master and process (starting one takes seconds)."""
    if master in _SESSIONS:
        return _SESSIONS[master]
    if not master.startswith(("local", "spark://", "sc://")):
        raise UsageProblem(
            f"--spark-master “{master}” không hợp lệ (local[N], spark://máy:7077, sc://máy:15002)",
            f"--spark-master “{master}” is not valid (local[N], spark://host:7077, sc://host:15002)",
        )
    _reachable(master)
    from pyspark.sql import SparkSession

    if master.startswith("sc://"):
        try:
            session = SparkSession.builder.remote(master).getOrCreate()
        except Exception as error:  # missing client packages, refused handshake
            raise Problem(
                f"Không mở được Spark Connect tại {master}: {type(error).__name__}",
                f"cannot open Spark Connect at {master}: {type(error).__name__}",
            ) from None
        _SESSIONS[master] = session
        return session
    if _java_missing():
        raise ConfigurationProblem(
            "Không tìm thấy Java để chạy Spark (cài openjdk-17-jre-headless hoặc đặt JAVA_HOME)",
            "Java not found to run Spark (install openjdk-17-jre-headless or set JAVA_HOME)",
        )
    quiet = f"-Dlog4j2.configurationFile=file:{SPARK_CONF / 'log4j2.properties'}"
    builder = (
        SparkSession.builder.master(master)
        .appName("gocua-indicators")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.driver.extraJavaOptions", quiet)
        .config("spark.executor.extraJavaOptions", quiet)
    )
    # The JVM announces itself on stderr whatever log4j says: it starts with its stderr
    # on a log file (SPARK_LOG), so that a command prints one clear line or its result.
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with SPARK_LOG.open("ab") as log:
            os.dup2(log.fileno(), 2)
            session = builder.getOrCreate()
    except Exception as error:
        raise Problem(
            f"Không khởi động được Spark ({master}): {type(error).__name__}, xem {SPARK_LOG}",
            f"cannot start Spark ({master}): {type(error).__name__}, see {SPARK_LOG}",
        ) from None
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
    session.sparkContext.setLogLevel("ERROR")
    _SESSIONS[master] = session
    return session


class SparkBackend:
    vendor = SPARK

    def __init__(self, data: Path | str, master: str = DEFAULT_MASTER) -> None:
        self.data = Path(data)
        self.manifest = read_manifest(self.data)
        self.session = spark_session(master)
        for name, (model, _) in SNAPSHOT_TABLES.items():
            frame = self.session.read.option("basePath", str(self.data / name)).parquet(
                table_files(self.data, name)
            )
            frame.createOrReplaceTempView(model._meta.db_table)

    def run(self, sql: Sql) -> tuple[list[str], list[tuple[Any, ...]]]:
        frame = self.session.sql(qmark(sql), args=list(sql.params))
        rows = frame.collect()
        return list(frame.columns), [tuple(row) for row in rows]


def backend(engine: str, *, data: Path | str | None, master: str | None = None) -> Any:
    """The backend named ``engine`` (None for the configured database)."""
    if engine == DATABASE:
        return None
    if engine not in ENGINES:
        raise UsageProblem(
            f"--engine “{engine}” không có (database, duckdb, spark)",
            f"no engine “{engine}” (database, duckdb, spark)",
        )
    if not data:
        raise UsageProblem(
            f"--engine {engine} cần --data THƯ_MỤC (bản chụp của gocua analytics export)",
            f"--engine {engine} needs --data DIR (a snapshot written by gocua analytics export)",
        )
    if engine == DUCKDB:
        return DuckDBBackend(data)
    return SparkBackend(data, master or DEFAULT_MASTER)


def configured() -> Any:
    """The backend the settings name for the pages and the API (``GOCUA_ANALYTICS_ENGINE``
    over ``GOCUA_ANALYTICS_DATA``): None, the database, unless a national instance says
    so. Cached per snapshot directory and its manifest's time."""
    from django.conf import settings

    name = getattr(settings, "GOCUA_ANALYTICS_ENGINE", "") or DATABASE
    data = getattr(settings, "GOCUA_ANALYTICS_DATA", "") or ""
    if name == DATABASE or not data:
        return None
    key = (name, data, _manifest_time(Path(data)))
    if _CONFIGURED.get("key") != key:
        _CONFIGURED["key"] = key
        _CONFIGURED["backend"] = backend(
            name, data=data, master=getattr(settings, "GOCUA_SPARK_MASTER", "") or None
        )
    return _CONFIGURED["backend"]


_CONFIGURED: dict[str, Any] = {}


def _manifest_time(data: Path) -> float:
    try:
        return (data / MANIFEST).stat().st_mtime
    except OSError:
        return 0.0
