"""How fast the checker reads letters: the seed as text and as Word, and a long letter.

Pure library, no database: the figures are the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import time

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
    print(f"  peak memory: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
