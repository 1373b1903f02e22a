"""Run by test_import_concurrency.py in a process of its own, on a real SQLite file.

An import of ``ROWS`` residents runs in a thread while a ward officer saves a household
through the web app (Django's test client, the whole middleware stack): once while the
import reads and matches its file, once while it writes. Prints one JSON line: the
status codes of the saves, how many times the import matched its file, what it wrote.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import django

ROWS = int(os.environ.get("CONCURRENT_ROWS", "4000"))


def roster(path: Path, prefix: str) -> None:
    lines = ["ma_ho,khu_pho,ho_ten,ngay_sinh,smartphone"]
    for n in range(ROWS):
        lines.append(
            f"{prefix}{n // 4:05d},Khu phố 1,Nguyễn Văn {prefix}{n},1980-01-{n % 28 + 1:02d},có"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    from gocua.accounts.models import Role
    from gocua.lib.text import fold
    from gocua.registry import services
    from gocua.registry.importer import RosterImport
    from gocua.registry.models import Household, Resident
    from gocua.testing import make_hierarchy, make_user

    units = make_hierarchy()
    ward, kp1 = units["ward"], units["kp1"]
    officer = make_user("alice", Role.WARD_OFFICER, ward)
    household = Household.objects.create(
        ward=ward, unit=kp1, code="WEB", address="Số 1", search_address=fold("Số 1")
    )
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(officer)
    url = reverse("registry:household_edit", args=[ward.code, household.pk])

    def save(address: str) -> int:
        household.refresh_from_db()
        response = client.post(
            url,
            {
                "version": household.version,
                "code": household.code,
                "unit": str(kp1.pk),
                "address": address,
            },
        )
        return int(response.status_code)

    matching = threading.Event()
    writing = threading.Event()
    go_on = threading.Event()
    runs = [0]
    real_batch, real_write = RosterImport._batch, RosterImport.write

    def batch(self: Any, rows: Any) -> None:
        real_batch(self, rows)
        matching.set()
        go_on.wait(60)  # the save happens while the file is half matched

    def write(self: Any) -> None:
        writing.set()
        time.sleep(0.5)  # the save arrives while the import writes: it waits for the lock
        real_write(self)

    def run(self: Any) -> Any:
        runs[0] += 1
        return real_run(self)

    real_run = RosterImport.run
    RosterImport._batch, RosterImport.run = batch, run  # type: ignore[method-assign]
    results: list[Any] = []
    failures: list[str] = []

    def do_import(path: Path) -> None:
        try:
            results.append(
                services.roster_import(
                    path=path, unit=ward, as_of=dt.date(2024, 3, 15), user=officer
                )
            )
        except Exception as error:  # reported, the test fails on it
            failures.append(repr(error))
        finally:
            matching.set()
            writing.set()
            connection.close()

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        first, second = Path(scratch) / "a.csv", Path(scratch) / "b.csv"
        roster(first, "A")
        roster(second, "B")
        # 1. a save while the import reads and matches
        worker = threading.Thread(target=do_import, args=(first,))
        worker.start()
        matching.wait(120)
        started = time.monotonic()
        out["save_while_matching"] = save("Số 2")
        out["save_while_matching_s"] = round(time.monotonic() - started, 2)
        go_on.set()
        worker.join(300)
        out["runs_first"] = runs[0]
        # 2. a save while the import writes
        RosterImport._batch, RosterImport.write = real_batch, write  # type: ignore[method-assign]
        runs[0] = 0
        writing.clear()
        worker = threading.Thread(target=do_import, args=(second,))
        worker.start()
        writing.wait(300)
        started = time.monotonic()
        out["save_while_writing"] = save("Số 3")
        out["save_while_writing_s"] = round(time.monotonic() - started, 2)
        worker.join(300)
        out["runs_second"] = runs[0]
        # 3. the web import: the confirmation returns at once, a thread writes, the job's
        # page refreshes until it ends on the registry
        RosterImport.write, RosterImport.run = real_write, real_run  # type: ignore[method-assign]
        third = Path(scratch) / "c.csv"
        roster(third, "C")
        with third.open("rb") as upload:
            client.post(
                reverse("registry:import", args=[ward.code]),
                {"file": upload, "as_of": "2024-03-15"},
            )
        started = time.monotonic()
        confirmed = client.post(
            reverse("registry:import_confirm", args=[ward.code]), {"confirm": "1"}
        )
        out["confirm_s"] = round(time.monotonic() - started, 2)
        pages = []
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            page = client.get(confirmed["Location"])
            pages.append(page.status_code)
            if page.status_code != 200:
                out["job_end"] = page.get("Location", "")
                break
            time.sleep(0.5)
        out["job_pages"] = sorted(set(pages))
        out["job_message"] = [str(m) for m in page.wsgi_request._messages]  # type: ignore[attr-defined]
    household.refresh_from_db()
    out["address"] = household.address
    out["created"] = [r.created for r in results]
    out["written"] = [r.written for r in results]
    out["residents"] = Resident.objects.filter(ward=ward).count()
    out["registry"] = reverse("registry:index", args=[ward.code])
    out["failures"] = failures
    print(json.dumps(out))


if __name__ == "__main__":
    main()
