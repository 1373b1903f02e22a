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
