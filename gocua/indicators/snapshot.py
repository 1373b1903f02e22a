"""``gocua analytics export``: a consistent Parquet snapshot of what the engine reads.

The tables and columns are :data:`engine.SNAPSHOT_TABLES` (derived from the
rules' facts), one directory per table, partitioned by province (the first
unit of each row's path: ``residents/province=<code>/part-0.parquet``), with a
``manifest.json`` that gives the snapshot's time, the unit and the row counts.

- Consistent: every table is read in ONE transaction (on PostgreSQL at
  ``REPEATABLE READ``, one snapshot of the database; on SQLite a read
  transaction), so writes made meanwhile are in no table or in all of them.
- Flat memory: rows come through a chunked cursor (server-side on PostgreSQL)
  in batches of ``batch_rows``, each written as Parquet row groups at once.
- Never half: written into a hidden directory beside ``out`` and renamed into
  place at the end; an earlier snapshot at ``out`` is replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.db import connection, models, transaction

from gocua.accounts.models import User
from gocua.audit.services import audit_log
from gocua.indicators.engine import SNAPSHOT_TABLES
from gocua.indicators.engines import MANIFEST, SNAPSHOT_FORMAT
from gocua.lib.errors import UsageProblem
from gocua.lib.progress import bar
from gocua.orgunits.models import PATH_SEPARATOR, OrgUnit

BATCH_ROWS = 50_000
EMPTY_PARTITION = "_"  # a table with no row still gets one empty file, with its columns


def _arrow_type(model: type[models.Model], column: str) -> pa.DataType:
    field = next(f for f in model._meta.concrete_fields if f.column == column)
    if isinstance(field, models.CharField | models.TextField):
        return pa.string()
    return pa.int64()


def schema(name: str) -> pa.Schema:
    model, columns = SNAPSHOT_TABLES[name]
    return pa.schema([pa.field(c, _arrow_type(model, c)) for c in columns])


def check_out(out: Path) -> None:
    """Refuse an ``--out`` that would lose something or cannot be written."""
    if out.exists() and not out.is_dir():
        raise UsageProblem(
            f"--out “{out}” là một tệp, cần một thư mục",
            f"--out “{out}” is a file, a directory is needed",
        )
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise UsageProblem(
            f"--out “{out}” có dữ liệu khác, không phải bản chụp: chọn thư mục trống",
            f"--out “{out}” holds other files, not a snapshot: choose an empty directory",
        )
    parent = out.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise UsageProblem(
            f"Không ghi được vào “{parent}”",
            f"cannot write in “{parent}”",
        )


def _rows(name: str, root: OrgUnit | None, batch_rows: int) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows in batches, raw (days stay YYYYMMDD integers), by id."""
    model, columns = SNAPSHOT_TABLES[name]
    through = {"units": "", "households": "unit", "residents": "unit"}.get(name, "resident__unit")
    queryset = model._default_manager.all()
    if root is not None:
        queryset = queryset.filter(root.subtree_q(through))
    attnames = [
        next(f.attname for f in model._meta.concrete_fields if f.column == c) for c in columns
    ]
    query = queryset.order_by("pk").values_list(*attnames).query
    sql, params = query.get_compiler(connection=connection).as_sql()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(batch_rows):
            yield batch


class _Writers:
    """One Parquet writer per province of a table, opened on its first row."""

    def __init__(self, directory: Path, schema: pa.Schema) -> None:
        self.directory = directory
        self.schema = schema
        self.open: dict[str, pq.ParquetWriter] = {}

    def write(self, province: str, rows: list[tuple[Any, ...]]) -> None:
        if province not in self.open:
            folder = self.directory / f"province={province}"
            folder.mkdir(parents=True)
            self.open[province] = pq.ParquetWriter(folder / "part-0.parquet", self.schema)
        arrays = [
            pa.array([row[i] for row in rows], type=f.type) for i, f in enumerate(self.schema)
        ]
        self.open[province].write_batch(pa.RecordBatch.from_arrays(arrays, schema=self.schema))

    def close(self) -> None:
        if not self.open:
            self.write(EMPTY_PARTITION, [])
        for writer in self.open.values():
            writer.close()


def _province_of(root: OrgUnit | None) -> dict[int, str]:
    units = OrgUnit.objects.all() if root is None else OrgUnit.objects.filter(root.subtree_q())
    return {
        pk: path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)[0]
        for pk, path in units.values_list("pk", "path").iterator(chunk_size=10_000)
    }


def _write(tmp: Path, root: OrgUnit | None, batch_rows: int) -> dict[str, Any]:
    provinces = _province_of(root)
    tables: dict[str, Any] = {}
    with bar(total=None, desc="analytics export", unit="rows") as progress:
        for name in SNAPSHOT_TABLES:
            table_schema = schema(name)
            columns = table_schema.names
            # Each row's province: through its own unit, or (events) the unit column too.
            unit_at = columns.index("unit_id") if "unit_id" in columns else columns.index("id")
            writers = _Writers(tmp / name, table_schema)
            count = 0
            for batch in _rows(name, root, batch_rows):
                parts: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
                for row in batch:
                    parts[provinces.get(row[unit_at], EMPTY_PARTITION)].append(row)
                for province, rows in parts.items():
                    writers.write(province, rows)
                count += len(batch)
                progress.update(len(batch))
            writers.close()
            tables[name] = {"rows": count, "columns": columns}
    return tables


def snapshot_export(
    *,
    out: Path,
    unit: OrgUnit | None = None,
    user: User | None = None,
    batch_rows: int = BATCH_ROWS,
) -> dict[str, Any]:
    """Write the snapshot at ``out`` (replacing an earlier one); returns its manifest."""
    out = Path(out).absolute()
    check_out(out)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as error:
        raise UsageProblem(
            f"Không ghi được vào “{out.parent}” ({error.strerror})",
            f"cannot write in “{out.parent}” ({error.strerror})",
        ) from None
    try:
        fresh = not connection.in_atomic_block
        with transaction.atomic():
            if fresh and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            taken = dt.datetime.now(dt.UTC).replace(microsecond=0)
            tables = _write(tmp, unit, batch_rows)
        manifest = {
            "format": SNAPSHOT_FORMAT,
            "snapshot_at": taken.isoformat(),
            "unit": unit.code if unit is not None else None,
            "database": connection.vendor,
            "partitioned_by": "province",
            "tables": tables,
        }
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)  # mkdtemp's 0700 would hide a shared snapshot
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    audit_log(
        action="analytics.export",
        user=user,
        unit_code=unit.code if unit is not None else "",
        object_type="snapshot",
        object_id=str(out),
        rows=tables["residents"]["rows"],
        detail={"tables": {k: v["rows"] for k, v in tables.items()}},
    )
    return manifest


def _replace(tmp: Path, out: Path) -> None:
    """``tmp`` becomes ``out``; an earlier snapshot there goes only once the new one is in."""
    if out.is_dir() and not any(out.iterdir()):
        out.rmdir()
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
    tmp.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
