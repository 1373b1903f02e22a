"""Shared helpers of the bench scripts: timing, peak memory, a scratch database."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gocua.settings")
    import django

    django.setup()


def peak_rss_mb() -> float:
    """Peak resident memory of this process (and of finished children), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return own / 1024


@contextmanager
def timed(label: str) -> Iterator[dict[str, float]]:
    result: dict[str, float] = {}
    started = time.perf_counter()
    yield result
    result["seconds"] = time.perf_counter() - started
    print(f"{label}: {result['seconds']:.2f} s")


def database_label() -> str:
    from django.db import connection

    return connection.vendor


def cpu_seconds() -> float:
    """CPU seconds spent so far by this process and, on PostgreSQL on this machine, by the
    database server for it: its backend, plus what the postmaster's finished children
    used (parallel workers end within each statement and are reaped by the postmaster;
    on a private bench server nothing else connects), from /proc. On a shared, loaded
    machine wall-clock time says little; the difference of two readings is the work."""
    from django.db import connection

    total = time.process_time()
    if connection.vendor != "postgresql":
        return total
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        mine = _proc_stat(backend)
        postmaster = _proc_stat(int(mine[1]))
    except OSError:  # a server on another machine
        return total
    # After the name: state, ppid, ...; cutime, cstime (reaped children) at 13, 14.
    reaped = (int(postmaster[13]) + int(postmaster[14])) / os.sysconf("SC_CLK_TCK")
    return total + process_cpu(backend) + reaped


def process_cpu(pid: int) -> float:
    """User plus system CPU seconds of process ``pid`` so far (Linux /proc): another
    process of this machine, such as a server the bench started."""
    fields = _proc_stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _proc_stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()
