"""Synthetic rosters for trials, the demo and the benchmarks (``gocua synth``).

Deterministic for a seed and an as-of date; rows are generated and written one
at a time, so a million residents take little memory. The shares are plausible
for a Vietnamese ward in 2023 (e-ID around 70% of those aged 14+, payment
accounts around 55% of adults…), not statistics.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from gocua.lib.dates import years_before
from gocua.lib.progress import bar
from gocua.lib.sheets import csv_writer, xlsx_row
from gocua.registry.roster import HEADERS, ID_PROVINCES

NEIGHBOURHOODS = [f"Khu phố {n}" for n in range(1, 6)]

FAMILY_NAMES = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 51),
    ("Phan", 45),
    ("Vũ", 39),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Đinh", 8),
    ("Đào", 6),
    ("Lý", 5),
    ("Lương", 5),
    ("Trịnh", 5),
    ("Mai", 4),
    ("Cao", 4),
    ("Võ", 4),
    ("Tạ", 3),
    ("Lâm", 3),
    ("Vương", 2),
]
MIDDLE = {
    "M": ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Xuân", "Trọng",
          "Ngọc", "Quốc", "Tuấn", "Mạnh", "Đình", "Gia", "Bảo"],
    "F": ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Kim",
          "Thùy", "Mai", "Bích", "Diệu", "Khánh", "Hải", "Bảo"],
}  # fmt: skip
GIVEN = {
    "M": ["Anh", "Bình", "Cường", "Dũng", "Dương", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hoàng",
          "Hùng", "Huy", "Khang", "Khánh", "Khoa", "Kiên", "Long", "Lâm", "Mạnh", "Minh", "Nam",
          "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thịnh",
          "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Hưng", "Lộc", "Bảo", "Tiến",
          "Trí", "Hậu", "Thái", "Quý", "Tâm", "Hiệp", "Định", "Khôi", "Nhân", "Công", "Đông"],
    "F": ["Anh", "Ánh", "Bích", "Chi", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
          "Hiền", "Hoa", "Hoài", "Hồng", "Huệ", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan",
          "Ly", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo",
          "Thơ", "Thu", "Thủy", "Trang", "Trâm", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến",
          "Lệ", "Tâm", "Nhàn", "Thoa", "Hiên", "Nhi", "Hân", "Thư", "Khuê", "Loan"],
}  # fmt: skip
HOUSEHOLD_SIZES = [(1, 12), (2, 20), (3, 22), (4, 25), (5, 13), (6, 8)]
MOBILE_PREFIXES = ["09", "09", "03", "03", "08", "07", "05"]
ID_REGIONS = sorted(ID_PROVINCES)
YES_WORDS = ["x", "có", "1", "co", "yes"]
NO_WORDS = ["không", "0", "khong", "no"]
CHANNELS = [("truc_tuyen", 62), ("buu_chinh", 13), ("truc_tiep", 25)]


class Synth:
    def __init__(self, *, seed: int, as_of: dt.date) -> None:
        self.random = random.Random(seed)  # noqa: S311 - reproducible, not secret
        self.as_of = as_of
        self.year_start = dt.date(as_of.year, 1, 1)
        self.id_counters: dict[str, int] = {}
        self.households = 0
        families, weights = zip(*FAMILY_NAMES, strict=True)
        self._families = list(families)
        self._family_weights = list(weights)
        sizes, size_weights = zip(*HOUSEHOLD_SIZES, strict=True)
        self._sizes = list(sizes)
        self._size_weights = list(size_weights)

    # Small draws -------------------------------------------------------------

    def chance(self, share: float) -> bool:
        return self.random.random() < share

    def day_between(self, low: dt.date, high: dt.date) -> dt.date | None:
        if low > high:
            return None
        return low + dt.timedelta(days=self.random.randint(0, (high - low).days))

    def family(self) -> str:
        return self.random.choices(self._families, self._family_weights)[0]

    def name(self, family: str, sex: str) -> str:
        return f"{family} {self.random.choice(MIDDLE[sex])} {self.random.choice(GIVEN[sex])}"

    def birth(self, age: int) -> dt.date:
        latest = years_before(self.as_of, age)
        return latest - dt.timedelta(days=self.random.randint(0, 364))

    def personal_id(self, birth: dt.date, sex: str) -> str:
        region = "022" if self.chance(0.85) else self.random.choice(ID_REGIONS)
        century = (birth.year // 100 - 19) * 2 + (1 if sex == "F" else 0)
        prefix = f"{region}{century}{birth.year % 100:02d}"
        count = self.id_counters.get(prefix, 0)
        self.id_counters[prefix] = count + 1
        return f"{prefix}{(count * 7919 + int(prefix) * 104_729) % 1_000_000:06d}"

    def phone(self) -> str:
        return self.random.choice(MOBILE_PREFIXES) + f"{self.random.randint(0, 99_999_999):08d}"

    def fact(self, day: dt.date | None) -> str:
        """A true fact written as a date mostly, sometimes as a plain yes."""
        if day is None:
            return ""
        return self.random.choice(YES_WORDS) if self.chance(0.08) else day.isoformat()

    def no(self) -> str:
        return self.random.choice(NO_WORDS) if self.chance(0.3) else ""

    # People --------------------------------------------------------------------

    def members(self, size: int) -> list[tuple[str, int, str]]:
        """(sex, age, family name) of a household's members, the head first."""
        rng = self.random
        head_age = rng.randint(18, 90) if size == 1 else rng.randint(22, 80)
        head_sex = "M" if self.chance(0.72) else "F"
        head_family = self.family()
        people = [(head_sex, head_age, head_family)]
        father_family = head_family
        if size >= 2:
            spouse_sex = "F" if head_sex == "M" else "M"
            spouse_age = min(95, max(18, head_age + rng.randint(-7, 5)))
            spouse_family = self.family()
            people.append((spouse_sex, spouse_age, spouse_family))
            if spouse_sex == "M":
                father_family = spouse_family
        elder_added = False
        while len(people) < size:
            if not elder_added and head_age < 62 and self.chance(0.25):
                elder_added = True
                elder_age = min(95, head_age + rng.randint(20, 32))
                people.append(("M" if self.chance(0.4) else "F", elder_age, head_family))
                continue
            child_age = rng.randint(0, max(0, min(head_age - 18, 45)))
            people.append(("M" if self.chance(0.5) else "F", child_age, father_family))
        return people

    def household_rows(
        self, *, ward: str | None, neighbourhood: str, size: int
    ) -> Iterator[list[str]]:
        rng = self.random
        self.households += 1
        code = f"HK{self.households:07d}"
        address = f"Số {rng.randint(1, 250)}, ngõ {rng.randint(1, 60)}, tổ {rng.randint(1, 12)}"
        skills_day = (
            self.day_between(dt.date(2021, 1, 1), self.as_of) if self.chance(0.62) else None
        )
        skills = self.fact(skills_day) if skills_day else self.no()
        names: set[str] = set()  # no household names two members the same
        people = self.members(size)
        for index, (sex, age, family) in enumerate(people):
            name = self.name(family, sex)
            while name in names:
                name = self.name(family, sex)
            names.add(name)
            row = self.person_row(
                ward=ward,
                code=code,
                neighbourhood=neighbourhood,
                address=address,
                sex=sex,
                age=age,
                name=name,
                skills=skills,
            )
            row.insert(_RELATIONSHIP, _relationship(index, sex, age, people[0][1]))
            yield row

    def person_row(
        self,
        *,
        ward: str | None,
        code: str,
        neighbourhood: str,
        address: str,
        sex: str,
        age: int,
        name: str,
        skills: str,
    ) -> list[str]:
        birth = self.birth(age)
        year_only = self.chance(0.05)
        known = not self.chance(0.01)
        birth_text = "" if not known else (str(birth.year) if year_only else birth.isoformat())
        earliest = dt.date(birth.year, 1, 1) if year_only else birth
        if not known:
            earliest = dt.date(1990, 1, 1)
        personal_id = self.personal_id(birth, sex) if known and self.chance(0.92) else ""
        phone = self.phone() if age >= 15 and self.chance(0.85) else ""
        moved_in = self.day_between(max(earliest, years_before(self.as_of, 5)), self.as_of)
        moved_in = moved_in if self.chance(0.06) else None
        moved_out = None
        if self.chance(0.03):
            moved_out = self.day_between(
                max(moved_in or earliest, years_before(self.as_of, 3)), self.as_of
            )
        aged_14 = years_before(self.as_of, 14) >= birth
        aged_18 = years_before(self.as_of, 18) >= birth
        adult_from = max(earliest, years_before(birth, -14) if aged_14 else self.as_of)
        smartphone = vssid = ehealth = payment = ""
        eid_level = eid_day = tx_day = tx_channel = survey = ""
        if aged_14:
            has_phone = self.chance(0.82)
            smartphone_day = (
                self.day_between(max(adult_from, dt.date(2016, 1, 1)), self.as_of)
                if has_phone
                else None
            )
            smartphone = self.fact(smartphone_day) if smartphone_day else self.no()
            if self.chance(0.7):
                level = 2 if self.chance(0.8) else 1
                day = self.day_between(max(adult_from, dt.date(2022, 1, 1)), self.as_of)
                if day is not None:
                    eid_level = str(level)
                    eid_day = day.isoformat() if self.chance(0.9) else ""
            elif self.chance(0.4):
                eid_level = "0"
            if has_phone:
                start = max(adult_from, dt.date(2020, 1, 1))
                ehealth = self.fact(
                    self.day_between(start, self.as_of) if self.chance(0.45) else None
                )
                if aged_18:
                    vssid = self.fact(
                        self.day_between(start, self.as_of) if self.chance(0.5) else None
                    )
            if self.chance(0.35):
                day = self.day_between(max(self.year_start, earliest), self.as_of)
                if day is not None:
                    tx_day = day.isoformat()
                    tx_channel = self.random.choices(
                        [c for c, _ in CHANNELS], [w for _, w in CHANNELS]
                    )[0]
            if self.chance(0.2):
                day = self.day_between(max(self.year_start, earliest), self.as_of)
                survey = day.isoformat() if day else ""
        if aged_18:
            payment_day = (
                self.day_between(max(adult_from, dt.date(2018, 1, 1)), self.as_of)
                if self.chance(0.56)
                else None
            )
            payment = self.fact(payment_day) if payment_day else self.no()
        row = [
            code,
            neighbourhood,
            address,
            name,
            birth_text,
            "Nam" if sex == "M" else "Nữ",
            personal_id,
            phone,
            moved_in.isoformat() if moved_in else "",
            moved_out.isoformat() if moved_out else "",
            smartphone,
            eid_level,
            eid_day,
            vssid,
            ehealth,
            payment,
            tx_day,
            tx_channel,
            survey,
            skills,
        ]
        if ward is not None:
            row.append(ward)
        return row

    def rows(self, *, wards: list[str | None], residents: int) -> Iterator[list[str]]:
        """``residents`` rows in all, shared evenly by the wards and their 5 neighbourhoods."""
        count = len(wards)
        for index, ward in enumerate(wards):
            target = residents // count + (1 if index < residents % count else 0)
            made = 0
            while made < target:
                size = min(self.random.choices(self._sizes, self._size_weights)[0], target - made)
                neighbourhood = NEIGHBOURHOODS[self.households % len(NEIGHBOURHOODS)]
                yield from self.household_rows(ward=ward, neighbourhood=neighbourhood, size=size)
                made += size


_RELATIONSHIP = HEADERS.index("quan_he")


def _relationship(index: int, sex: str, age: int, head_age: int) -> str:
    """The quan_he column: the head first, then the spouse, parents and children."""
    if index == 0:
        return "Chủ hộ"
    if index == 1 and age >= 18 and abs(age - head_age) <= 12:
        return "Vợ" if sex == "F" else "Chồng"
    if age >= head_age + 15:
        return "Mẹ" if sex == "F" else "Bố"
    return "Con"


def synth_headers(with_ward: bool) -> list[str]:
    return [h for h in HEADERS if with_ward or h != "phuong"]


def synth_write(
    *,
    out: IO[str],
    wards: list[str | None],
    residents: int,
    seed: int,
    as_of: dt.date,
    show_progress: bool = False,
) -> int:
    """Write a synthetic roster as CSV to a text stream; returns the rows written."""
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(synth_headers(wards[0] is not None))
    progress = bar(total=residents, desc="synth", unit="rows") if show_progress else None
    count = 0
    for row in Synth(seed=seed, as_of=as_of).rows(wards=wards, residents=residents):
        writer.writerow(row)
        count += 1
        if progress is not None and count % 10_000 == 0:
            progress.update(10_000)
    if progress is not None:
        progress.close()
    return count


def synth_file(
    *,
    path: Path,
    wards: list[str | None],
    residents: int,
    seed: int,
    as_of: dt.date,
    show_progress: bool = False,
) -> int:
    """Write a synthetic roster to ``path`` (.csv, or .xlsx for spreadsheet trials)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("nhan_khau")
        sheet.append(xlsx_row(sheet, synth_headers(wards[0] is not None)))
        count = 0
        for row in Synth(seed=seed, as_of=as_of).rows(wards=wards, residents=residents):
            sheet.append(xlsx_row(sheet, row))
            count += 1
        workbook.save(path)
        return count
    with path.open("w", encoding="utf-8", newline="") as out:
        return synth_write(
            out=out,
            wards=wards,
            residents=residents,
            seed=seed,
            as_of=as_of,
            show_progress=show_progress,
        )
