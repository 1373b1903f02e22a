"""The 1,000,000-row roster import (opt-in: BENCH_FULL=1 in bench.all; minutes, not seconds).

Target (issue 3): under 10 minutes with peak RSS under 1 GB.
"""

from __future__ import annotations

import os

from bench.registry_import import run


def main() -> None:
    run(int(os.environ.get("BENCH_FULL_ROWS", "1000000")))


if __name__ == "__main__":
    main()
