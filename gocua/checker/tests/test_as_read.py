"""The letters beside the tests and the seed read exactly as they did before the checker
learnt the wordings of real letters: ``letters_as_read.json`` holds what it read then
(figures, counts, findings, header). New fields may be added; none may change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.test import SimpleTestCase

from gocua.checker.checks import CheckResult, check_letter, check_lines
from gocua.checker.tests.helpers import LETTERS, docx_bytes, seed_text, without_diacritics
from gocua.lib.errors import Problem

AS_READ = Path(__file__).resolve().parent / "letters_as_read.json"


def _read(name: str) -> dict[str, Any]:
    def result() -> CheckResult:
        if name == "seed.docx":
            return check_letter(name, docx_bytes(seed_text().split("\n")))
        if name == "seed_plain.txt":
            return check_lines(without_diacritics(seed_text()).split("\n"), file=name)
        return check_letter(name, (LETTERS / name).read_bytes())

    try:
        return result().as_json()
    except Problem as problem:
        return {"problem": problem.vi}


def _kept(before: Any, now: Any) -> Any:
    """``now`` cut down to the keys ``before`` had (new fields are allowed)."""
    if isinstance(before, dict) and isinstance(now, dict):
        return {key: _kept(value, now.get(key)) for key, value in before.items()}
    if isinstance(before, list) and isinstance(now, list) and len(before) == len(now):
        return [_kept(b, n) for b, n in zip(before, now, strict=True)]
    return now


class AsReadTestCase(SimpleTestCase):
    def test_it_reads_every_known_letter_as_before(self) -> None:
        before = json.loads(AS_READ.read_text(encoding="utf-8"))
        self.assertEqual(
            set(before), {p.name for p in LETTERS.iterdir()} | {"seed.docx", "seed_plain.txt"}
        )
        for name, was in before.items():
            with self.subTest(name):
                self.assertEqual(_kept(was, _read(name)), was)
