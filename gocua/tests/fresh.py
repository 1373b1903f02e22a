"""A throw-away database for tests that run the real ``gocua`` command on a fresh install.

Of the kind the test run uses: a new SQLite file, or, when DATABASE_URL names a
PostgreSQL server (``scripts/with-postgres``), a new database on that server. Each has
its own GOCUA_VAR_DIR (uploads, secret key).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


class FreshDatabase:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="gocua-fresh-"))
        self.name = ""
        if on_postgres():
            self.name = f"gocua_fresh_{uuid.uuid4().hex[:12]}"
            with self._server() as server:
                server.execute(f'CREATE DATABASE "{self.name}"')
            parts = urlsplit(os.environ["DATABASE_URL"])
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        else:
            self.url = f"sqlite:///{self.dir / 'gocua.sqlite3'}"
        self.env = {"DATABASE_URL": self.url, "GOCUA_VAR_DIR": str(self.dir / "var")}

    def _server(self) -> psycopg.Connection:
        return psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)

    def gocua(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gocua.cli", *args],
            capture_output=True,
            text=True,
            input=stdin,
            env={**os.environ, "GOCUA_FAST_PASSWORDS": "1", **self.env},
            timeout=300,
            check=False,
        )

    def python(self, code: str) -> str:
        """Run Python with Django set up on this database; its standard output."""
        result = self.gocua("shell", "--no-imports", "-c", code)
        if result.returncode != 0:
            raise AssertionError(result.stderr)
        return result.stdout.strip()

    @property
    def media(self) -> Path:
        return self.dir / "var" / "media"

    def close(self) -> None:
        if self.name:
            with self._server() as server:
                server.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.dir, ignore_errors=True)
