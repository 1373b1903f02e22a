"""A roster as wards keep it vs the template: rows/s and peak memory of `import-roster`.

The same synthetic residents (``BENCH_ROWS``, default 100,000) are written twice as
XLSX: the template (``ma_ho``… headers, one sheet), and a ward's own list (the
committee's name and a title above the header on row 6, an ``STT`` column, Vietnamese
headers with diacritics, a sheet per neighbourhood, households by their ``Chủ hộ``
rows, birth dates as ``DD/MM/YYYY`` text). Each import runs in its own process
(fresh registry), so its peak RSS is its own. Then a CSV of invalid rows only
(``BENCH_BAD_ROWS``, default 200,000): the errors listed stay bounded, counted exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import database_label, peak_rss_mb, setup_django
from bench.registry_import import prepare

AS_OF = "2023-06-26"


def child(path: str, ignore: str) -> None:
    setup_django()
    from gocua.orgunits.models import OrgUnit
    from gocua.registry.services import roster_import

    ward = OrgUnit.objects.get(code="L06700")
    started = time.perf_counter()
    result = roster_import(
        path=path,
        unit=ward,
        as_of=dt.date.fromisoformat(AS_OF),
        ignore=[ignore] if ignore else [],
        dry_run=path.endswith(".csv"),
    )
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "rss_mb": peak_rss_mb(),
                "rows": result.rows,
                "created": result.created,
                "households": result.households_created,
                "errors": result.error_count,
                "listed": len(result.errors),
                "first_errors": [str(e) for e in result.errors[:3]],
            }
        )
    )


def write_files(scratch: Path, rows: int) -> tuple[Path, Path]:
    from openpyxl import Workbook

    from gocua.registry import facts
    from gocua.registry.roster import HEADERS
    from gocua.registry.synth import Synth, synth_file

    as_of = dt.date.fromisoformat(AS_OF)
    template = scratch / "template.xlsx"
    synth_file(path=template, wards=[None], residents=rows, seed=1, as_of=as_of)
    skip = {"ma_ho", "khu_pho"}
    columns = [i for i, h in enumerate(HEADERS) if h not in skip and h != "phuong"]
    headers = ["STT", *(facts.BY_COLUMN[HEADERS[i]].header for i in columns)]
    birth = HEADERS.index("ngay_sinh")
    neighbourhood = HEADERS.index("khu_pho")
    by_sheet: dict[str, list[list[str]]] = {}
    for row in Synth(seed=1, as_of=as_of).rows(wards=[None], residents=rows):
        if len(row[birth]) == 10:
            row[birth] = dt.date.fromisoformat(row[birth]).strftime("%d/%m/%Y")
        by_sheet.setdefault(row[neighbourhood], []).append([row[i] for i in columns])
    workbook = Workbook(write_only=True)
    for name, sheet_rows in by_sheet.items():
        sheet = workbook.create_sheet(name)
        sheet.append(["UBND PHƯỜNG TUẦN CHÂU", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA"])
        sheet.append([])
        sheet.append([f"DANH SÁCH NHÂN KHẨU {name.upper()}"])
        sheet.append(["(Kèm theo báo cáo ngày 26/6/2023)"])
        sheet.append([])
        sheet.append(headers)
        for number, values in enumerate(sheet_rows, start=1):
            sheet.append([number, *values])
    ward = scratch / "ward.xlsx"
    workbook.save(ward)
    return template, ward


def write_bad_csv(scratch: Path, rows: int) -> Path:
    path = scratch / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["ma_ho", "khu_pho", "ho_ten", "ngay_sinh", "so_dinh_danh"])
        for n in range(rows):
            writer.writerow([f"H{n}", "Khu phố 1", f"Người số {n}", "31/02/2099", "12345"])
    return path


def measure(path: Path, label: str, rows: int, ignore: str = "") -> None:
    prepare()
    out = subprocess.run(
        [sys.executable, "-m", "bench.ward_roster_import", "--child", str(path), ignore],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    )
    f = json.loads(out.stdout.strip().splitlines()[-1])
    size = path.stat().st_size / 1e6
    print(
        f"{label}: {rows:,} rows ({size:.1f} MB), {f['seconds']:.1f} s, "
        f"{f['rows'] / f['seconds']:,.0f} rows/s, peak RSS {f['rss_mb']:.0f} MB "
        f"(created {f['created']:,} residents, {f['households']:,} households; "
        f"errors {f['errors']:,}, listed {f['listed']:,})",
        flush=True,
    )
    for error in f["first_errors"]:
        print(f"  {error}")


def main() -> None:
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "")
        return
    rows = int(os.environ.get("BENCH_ROWS", "100000"))
    bad = int(os.environ.get("BENCH_BAD_ROWS", "200000"))
    setup_django()
    label = database_label()
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        template, ward = write_files(Path(scratch), rows)
        print(f"wrote both workbooks: {time.perf_counter() - started:.1f} s")
        measure(template, f"import-roster, template XLSX ({label})", rows)
        measure(ward, f"import-roster, ward's own XLSX ({label})", rows)
        bad_csv = write_bad_csv(Path(scratch), bad)
        measure(bad_csv, f"import-roster --dry-run, CSV of invalid rows only ({label})", bad)


if __name__ == "__main__":
    main()
