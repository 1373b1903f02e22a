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
    database server's processes (the backend and its parallel workers: the children of
    the postmaster), from /proc. On a shared, loaded machine wall-clock time says little;
    the difference of two readings is the work done in between."""
    from django.db import connection

    total = time.process_time()
    if connection.vendor != "postgresql":
        return total
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    tick = os.sysconf("SC_CLK_TCK")
    try:
        with open(f"/proc/{backend}/stat") as f:
            postmaster = f.read().rsplit(")", 1)[1].split()[1]
    except OSError:  # a server on another machine
        return total
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == postmaster:  # ppid; then utime, stime at 11, 12 after the name
            total += (int(fields[11]) + int(fields[12])) / tick
    return total
