"""Backups: one zip file with the database, the uploaded files and a manifest.

The file (``gocua backup --out FILE``)::

    manifest.json       {"format": "gocua-backup", "version": 1, "database": "sqlite" or
                         "postgresql", "created": ISO time, "migrations": [[app, name], ...],
                         "database_file": ..., "media_files": N}
    database.sqlite3    SQLite: a copy made by its online backup API
    database.pgdump     PostgreSQL: ``pg_dump --format=custom``
    media/...           the uploaded files (MEDIA_ROOT)

Safe while the app serves: SQLite's backup API copies a consistent snapshot while
readers and writers go on (WAL); ``pg_dump`` reads one snapshot transaction. The file
is written beside FILE and renamed at the end: FILE is never half written.

A restore is all or nothing. Everything is checked before the database is touched:
the zip's checksums, the manifest, that the backup was taken from the same kind of
database and by a version of Gõ Cửa whose migrations this one knows, that the
database file itself is sound (SQLite's integrity check, ``pg_restore --list``), and
that the configured database is empty (unless ``force``). Then the database is
replaced in one transaction (SQLite's backup API into the configured file;
``pg_restore --single-transaction --clean``), the migrations this version adds are
applied, and the uploaded files are swapped in by two renames.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from gocua.accounts.models import User
from gocua.audit.services import audit_log
from gocua.lib.errors import Problem
from gocua.orgunits.models import OrgUnit
from gocua.registry.models import Household, Resident

FORMAT = "gocua-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media/"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    database: str
    created: str
    size: int
    media_files: int


# Backup --------------------------------------------------------------------------------------


def backup_create(*, out: Path, user: User | None) -> BackupSummary:
    """Write a backup of the configured database and MEDIA_ROOT to ``out``."""
    kind = _kind()
    out = out.resolve()
    if out.is_dir():
        raise Problem(f"{out} là một thư mục", f"{out} is a directory")
    if not out.parent.is_dir():
        raise Problem(f"Không có thư mục {out.parent}", f"no directory {out.parent}")
    work = Path(tempfile.mkdtemp(prefix=".gocua-backup-", dir=out.parent))
    try:
        dump = work / DATABASE_FILES[kind]
        if kind == "sqlite":
            _sqlite_copy(Path(settings.DATABASES["default"]["NAME"]), dump)
            migrations = _sqlite_migrations(dump)
        else:
            migrations = sorted(MigrationRecorder(connection).applied_migrations())
            _pg_dump(dump)
        media = _media_files()
        created = timezone.now().isoformat(timespec="seconds")
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "database": kind,
            "created": created,
            "migrations": [list(m) for m in migrations],
            "database_file": dump.name,
            "media_files": len(media),
        }
        partial = work / "backup.zip"
        with zipfile.ZipFile(partial, "w", allowZip64=True) as bundle:
            bundle.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            # pg_dump's custom format is compressed already; SQLite's file is not.
            compression = zipfile.ZIP_STORED if kind == "postgresql" else zipfile.ZIP_DEFLATED
            bundle.write(dump, dump.name, compress_type=compression, compresslevel=1)
            root = Path(settings.MEDIA_ROOT)
            for file in media:
                bundle.write(file, MEDIA + file.relative_to(root).as_posix())
        os.replace(partial, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size = out.stat().st_size
    audit_log(
        action="backup.create",
        user=user,
        object_type="backup",
        object_id=out.name,
        detail={"file": str(out), "database": kind, "size": size, "media_files": len(media)},
    )
    return BackupSummary(out, KIND_NAMES[kind], created, size, len(media))


def _kind() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise Problem(
            f"Không sao lưu được cơ sở dữ liệu {vendor}", f"cannot back up a {vendor} database"
        )
    return vendor


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent snapshot while the app reads and writes."""
    src = sqlite3.connect(source, timeout=60)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _sqlite_migrations(path: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(path)
    try:
        return sorted(db.execute("SELECT app, name FROM django_migrations").fetchall())
    except sqlite3.DatabaseError:
        return []
    finally:
        db.close()


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


# PostgreSQL tools -----------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """The server's own major version of ``pg_dump``/``pg_restore`` (Debian keeps them in
    /usr/lib/postgresql/N/bin, off PATH), else one at least as new as the server."""
    with connection.cursor():
        major = int(connection.pg_version) // 10000  # type: ignore[attr-defined]
    exact = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if exact.exists():
        return str(exact)
    candidates = [Path(p) / name for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"))]
    newer = [c for c in candidates if c.exists() and int(c.parent.parent.name) >= major]
    if newer:
        return str(newer[-1])
    if found := shutil.which(name):
        return found
    raise Problem(
        f"Không tìm thấy {name} (PostgreSQL {major}); hãy cài postgresql-client-{major}",
        f"{name} not found (PostgreSQL {major}); install postgresql-client-{major}",
    )


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "20"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return [*args, "--no-password", "--dbname", str(db["NAME"])], env


def _run(command: list[str], env: dict[str, str], vi: str, en: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        detail = lines[-1] if lines else f"exit {result.returncode}"
        raise Problem(f"{vi}: {detail}", f"{en}: {detail}")
    return result.stdout


def _pg_dump(target: Path) -> None:
    args, env = _pg_args()
    _run(
        [
            _pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
            *args,
        ],
        env,
        "pg_dump không sao lưu được",
        "pg_dump failed",
    )


# Restore -------------------------------------------------------------------------------------


def backup_restore(*, path: Path, force: bool, user: User | None) -> BackupSummary:
    """Replace the configured database and MEDIA_ROOT by a backup's: all or nothing."""
    kind = _kind()
    if not path.is_file():
        raise Problem(f"Không có tệp {path}", f"no file {path}")
    try:
        bundle = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise _not_a_backup(path, str(error)) from None
    with bundle:
        manifest = _manifest(bundle, path)
        if manifest["database"] != kind:
            theirs, ours = KIND_NAMES[manifest["database"]], KIND_NAMES[kind]
            raise Problem(
                f"Bản sao lưu là của {theirs}, cơ sở dữ liệu đang cấu hình là {ours}",
                f"the backup is of {theirs}, the configured database is {ours}",
            )
        _refuse_newer(manifest)
        _refuse_holding_data(force)
        _check_sums(bundle, path)
        var = Path(settings.MEDIA_ROOT).parent
        var.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".gocua-restore-", dir=var))
        try:
            dump = Path(bundle.extract(manifest["database_file"], work))
            if kind == "sqlite":
                _sqlite_sound(dump, path)
            else:
                _pg_sound(dump, path)
            media = _extract_media(bundle, work / "media", path)
            connections.close_all()
            if kind == "sqlite":
                _sqlite_restore(dump)
            else:
                _pg_restore(dump)
            connections.close_all()
            call_command("migrate", interactive=False, verbosity=0)
            _swap_media(work / "media", work / "media.old")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    audit_log(
        action="backup.restore",
        user=user,
        object_type="backup",
        object_id=path.name,
        detail={"file": str(path.resolve()), "created": manifest["created"], "force": force},
    )
    return BackupSummary(path, KIND_NAMES[kind], manifest["created"], path.stat().st_size, media)


def _not_a_backup(path: Path, why: str) -> Problem:
    return Problem(
        f"{path.name} không phải bản sao lưu của gocua backup, hoặc đã hỏng ({why}); "
        "cơ sở dữ liệu không bị thay đổi",
        f"{path.name} is not a backup made by gocua backup, or it is damaged ({why}); "
        "the database was not changed",
    )


def _manifest(bundle: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(bundle.read(MANIFEST))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as error:
        raise _not_a_backup(path, f"{MANIFEST}: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _not_a_backup(path, f"{MANIFEST}: format")
    if manifest.get("version") != VERSION:
        raise Problem(
            f"Bản sao lưu theo định dạng {manifest.get('version')}, phiên bản này đọc "
            f"định dạng {VERSION}",
            f"the backup is in format {manifest.get('version')}, this version reads "
            f"format {VERSION}",
        )
    if manifest.get("database") not in DATABASE_FILES or manifest.get(
        "database_file"
    ) != DATABASE_FILES.get(manifest.get("database", "")):
        raise _not_a_backup(path, f"{MANIFEST}: database")
    return manifest


def _refuse_newer(manifest: dict[str, Any]) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted({tuple(m) for m in manifest.get("migrations", [])} - known)
    if unknown:
        names = ", ".join(f"{a}.{n}" for a, n in unknown[:3])
        raise Problem(
            f"Bản sao lưu do phiên bản Gõ Cửa mới hơn tạo ({names}); hãy cập nhật Gõ Cửa trước",
            f"the backup was made by a newer Gõ Cửa ({names}); update Gõ Cửa first",
        )


def holding(*, using: str = "default") -> dict[str, int]:
    """What the database holds that a restore would erase (empty: nothing)."""
    tables = set(connections[using].introspection.table_names())
    counts = {}
    for label, model in (
        ("tài khoản/accounts", User),
        ("đơn vị/units", OrgUnit),
        ("hộ/households", Household),
        ("nhân khẩu/residents", Resident),
    ):
        if model._meta.db_table in tables:
            count = model._default_manager.using(using).count()
            if count:
                counts[label] = count
    return counts


def _refuse_holding_data(force: bool) -> None:
    counts = holding()
    if counts and not force:
        vi = ", ".join(f"{n} {label.split('/')[0]}" for label, n in counts.items())
        en = ", ".join(f"{n} {label.split('/')[1]}" for label, n in counts.items())
        raise Problem(
            f"Cơ sở dữ liệu đang cấu hình đã có dữ liệu ({vi}); khôi phục sẽ thay thế toàn bộ. "
            "Thêm --force nếu đúng là muốn vậy",
            f"the configured database holds data ({en}); a restore replaces all of it. "
            "Add --force if that is what you want",
        )


def _check_sums(bundle: zipfile.ZipFile, path: Path) -> None:
    try:
        bad = bundle.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise _not_a_backup(path, str(error)) from None
    except Exception as error:  # zlib.error on a damaged stream
        raise _not_a_backup(path, str(error)) from None
    if bad is not None:
        raise _not_a_backup(path, f"{bad}: checksum")


def _sqlite_sound(dump: Path, path: Path) -> None:
    try:
        db = sqlite3.connect(dump)
        try:
            (result,) = db.execute("PRAGMA integrity_check").fetchone()
            db.execute("SELECT COUNT(*) FROM django_migrations").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        raise _not_a_backup(path, str(error)) from None
    if result != "ok":
        raise _not_a_backup(path, str(result))


def _pg_sound(dump: Path, path: Path) -> None:
    result = subprocess.run(
        [_pg_tool("pg_restore"), "--list", str(dump)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or "django_migrations" not in result.stdout:
        detail = (result.stderr.strip().splitlines() or ["django_migrations"])[-1]
        raise _not_a_backup(path, detail)


def _extract_media(bundle: zipfile.ZipFile, target: Path, path: Path) -> int:
    target.mkdir()
    count = 0
    for info in bundle.infolist():
        if not info.filename.startswith(MEDIA) or info.is_dir():
            continue
        relative = PurePosixPath(info.filename[len(MEDIA) :])
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise _not_a_backup(path, info.filename)
        destination = target.joinpath(*relative.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with bundle.open(info) as source, destination.open("wb") as out:
            shutil.copyfileobj(source, out)
        count += 1
    return count


def _sqlite_restore(dump: Path) -> None:
    """Copy the checked file into the configured one with SQLite's backup API: one write
    transaction on the target, so a failure leaves it as it was, and the app's open
    connections see the restored database (replacing the file under them would not)."""
    target = Path(settings.DATABASES["default"]["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(dump)
    dst = sqlite3.connect(target, timeout=60)
    try:
        src.backup(dst)
    except sqlite3.Error as error:
        raise Problem(
            f"Không khôi phục được, cơ sở dữ liệu giữ nguyên: {error}",
            f"the restore failed, the database is unchanged: {error}",
        ) from None
    finally:
        dst.close()
        src.close()


def _pg_restore(dump: Path) -> None:
    """One transaction: on any error PostgreSQL rolls everything back."""
    args, env = _pg_args()
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(dump),
        ],
        env,
        "Không khôi phục được, cơ sở dữ liệu giữ nguyên",
        "the restore failed, the database is unchanged",
    )


def _swap_media(new: Path, old: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    if root.exists():
        os.replace(root, old)
    os.replace(new, root)
