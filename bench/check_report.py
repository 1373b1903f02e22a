"""How fast the checker reads letters: the seed as text and as Word, a long letter, and
the time per page of text and for a 50-page report written in the corpus's many wordings.

Pure library, no database: the figures are the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import time
from typing import Any

from bench.common import peak_rss_mb, setup_django


def main() -> None:
    setup_django()
    from gocua.checker.checks import check_letter
    from gocua.checker.tests.helpers import docx_bytes, seed_text

    text = seed_text()
    word = docx_bytes(text.split("\n"))
    # a compiled letter: the seed's section 2 for 300 wards, one after the other
    section = "\n".join(line for line in text.split("\n") if "Tỷ lệ" in line)
    long_letter = "\n".join(f"Phường số {n}:\n{section}" for n in range(300)).encode()
    for label, name, data, rounds in (
        ("seed .txt", "seed.txt", text.encode(), 200),
        ("seed .docx", "seed.docx", word, 100),
        ("300 wards .txt (1,800 ratios)", "long.txt", long_letter, 3),
    ):
        started = time.perf_counter()
        for _ in range(rounds):
            result = check_letter(name, data)
        each = (time.perf_counter() - started) / rounds
        print(
            f"check {label}: {each * 1000:.1f} ms each "
            f"({len(result.reading.figures)} figures, {len(result.findings)} findings)"
        )
    _pages(check_letter, docx_bytes)
    print(f"  peak memory: {peak_rss_mb():.0f} MB")


PAGE_CHARS = 3_000  # an A4 page of a letter in 13 pt Times: about 450 words


def _pages(check_letter: Any, docx_bytes: Any) -> None:
    """A report of N pages made of the corpus's texts (every wording the checker reads),
    as .txt and as .docx: seconds per page and for 50 pages."""
    from gocua.checker.tests.test_corpus import CORPUS

    texts = [p.read_text(encoding="utf-8").strip() for p in sorted(CORPUS.glob("*.txt"))]
    prose = [t for t in texts if "|" not in t and "\t" not in t]
    lines: list[str] = []
    size = 0
    index = 0
    while size < 50 * PAGE_CHARS:
        text = prose[index % len(prose)]
        lines.extend(text.split("\n"))
        size += len(text)
        index += 1
    for pages in (1, 10, 50):
        cut, total = [], 0
        for line in lines:
            if total >= pages * PAGE_CHARS:
                break
            cut.append(line)
            total += len(line)
        for label, name, data in (
            ("txt", "r.txt", "\n".join(cut).encode()),
            ("docx", "r.docx", docx_bytes(cut)),
        ):
            rounds = 3 if pages == 50 else 10
            started = time.perf_counter()
            for _ in range(rounds):
                result = check_letter(name, data)
            each = (time.perf_counter() - started) / rounds
            coverage = result.coverage()
            print(
                f"{pages:>2}-page report .{label} ({total:,} characters): {each:.3f} s, "
                f"{each / pages * 1000:.1f} ms per page ({len(result.reading.figures)} figures, "
                f"{coverage['percents_stated']} percents, {coverage['verified']} verified)"
            )


if __name__ == "__main__":
    main()
