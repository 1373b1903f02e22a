"""Load: the web app under a mix of pages, measured with Locust against ``gocua serve``.

Builds a scratch database (the demo, then ``BENCH_LOAD_RESIDENTS`` synthetic residents
imported into Tuần Châu with ``gocua synth`` and ``gocua import-roster``), starts
``gocua serve`` on 127.0.0.1, and runs Locust headless at each of ``BENCH_LOAD_CLIENTS``
(default ``20,50``) for ``BENCH_LOAD_SECONDS`` (default 30) with the mix of
bench/load_mix.py: indicators page 35%, registry list and search 40%, visit saves 25%,
as a ward officer, a neighbourhood member and a city officer. Prints requests/s, failures
and p50/p95/p99 per page kind. The database is the one of ``DATABASE_URL`` (default: a
scratch SQLite file); ``scripts/with-postgres python -m bench.load`` for PostgreSQL.
Nothing is asserted.
"""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESIDENTS = int(os.environ.get("BENCH_LOAD_RESIDENTS", "20000"))
CLIENTS = [int(n) for n in os.environ.get("BENCH_LOAD_CLIENTS", "20,50").split(",")]
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "30"))
# Each run against the same data: without the indicators cache (as before issue 12), then with.
CACHES = os.environ.get("BENCH_LOAD_CACHE", "0,600").split(",")
GOCUA = [sys.executable, "-m", "gocua.cli"]


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([*GOCUA, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"gocua {args[0]}: {done.stderr[-2000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def units(env: dict[str, str]) -> dict[str, str]:
    code = (
        "from gocua.accounts.models import User\n"
        "for name in ('tuanchau', 'tuanchau.kp1', 'thanhpho'):\n"
        "    print(User.objects.get(username=name).unit.code)\n"
    )
    out = run(["shell", "--no-imports", "-c", code], env).split()[-3:]
    return {"BENCH_WARD": out[0], "BENCH_KP": out[1], "BENCH_CITY": out[2]}


def build(env: dict[str, str], scratch: Path) -> None:
    started = time.perf_counter()
    run(["demo"], env)
    roster = scratch / "roster.csv"
    run(
        [
            "synth",
            "--wards",
            "1",
            "--residents",
            str(RESIDENTS),
            "--unit",
            "tuan chau",
            "--as-of",
            "2023-06-26",
            "--out",
            str(roster),
        ],
        env,
    )
    run(
        [
            "import-roster",
            str(roster),
            "--unit",
            "tuan chau",
            "--as-of",
            "2023-06-26",
            "--skip-invalid",
        ],
        env,
    )
    print(
        f"data: demo + {RESIDENTS:,} residents in Tuần Châu, {time.perf_counter() - started:.0f} s"
    )


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback
            return
        except Exception:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer at {url}")


def report(prefix: Path, clients: int, label: str) -> None:
    with (prefix.parent / f"{prefix.name}_stats.csv").open() as f:
        rows = list(csv.DictReader(f))
    print(f"-- {label}, {clients} clients, {SECONDS} s")
    heads = ("requests", "fail", "req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'page':<16} " + " ".join(f"{h:>8}" for h in heads))
    failures = prefix.parent / f"{prefix.name}_failures.csv"
    if failures.exists():
        for failure in csv.DictReader(failures.open()):
            print(f"   failed: {failure['Name']} ×{failure['Occurrences']}: {failure['Error']}")
    for row in rows:
        if row["Name"] == "login":
            continue
        print(
            f"{row['Name']:<16} {row['Request Count']:>8} {row['Failure Count']:>8} "
            f"{float(row['Requests/s']):>8.1f} {row['50%']:>8} {row['95%']:>8} {row['99%']:>8}"
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        env = {
            **os.environ,
            "GOCUA_VAR_DIR": str(scratch),
            "DJANGO_SETTINGS_MODULE": "gocua.settings",
        }
        env.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'load.sqlite3'}")
        env["LOGIN_ADDRESS_FAILURE_LIMIT"] = "1000000"
        # Logins are not in the mix: fast password hashes, or fifty PBKDF2 logins at once
        # take the two cores for half a minute at the start of every run.
        env["GOCUA_FAST_PASSWORDS"] = "1"
        label = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        build(env, scratch)
        env.update(units(env))
        for cache_seconds in CACHES:
            env["INDICATORS_CACHE_SECONDS"] = cache_seconds
            serve_and_load(
                env, scratch, f"{label}, cache {'off' if cache_seconds == '0' else 'on'}"
            )


def serve_and_load(env: dict[str, str], scratch: Path, label: str) -> None:
    port = free_port()
    server = subprocess.Popen(
        [*GOCUA, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=(scratch / "server.log").open("w"),
    )
    try:
        try:
            wait_for(f"http://127.0.0.1:{port}/accounts/login/")
        except RuntimeError:
            print((scratch / "server.log").read_text()[-3000:])
            raise
        for clients in CLIENTS:
            prefix = scratch / f"locust{clients}"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(ROOT / "bench" / "load_mix.py"),
                    "--headless",
                    "--users",
                    str(clients),
                    "--spawn-rate",
                    str(clients),
                    "--run-time",
                    f"{SECONDS}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "ERROR",
                ],
                env=env,
                cwd=ROOT,
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=(scratch / "locust.log").open("w"),
            )
            report(prefix, clients, label)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
