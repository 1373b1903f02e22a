"""Progress bars on a terminal, silence otherwise (interfaces.md)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

from tqdm import tqdm


def progress[T](iterable: Iterable[T], *, total: int | None = None, desc: str = "") -> Iterator[T]:
    yield from tqdm(
        iterable,
        total=total,
        desc=desc,
        disable=not sys.stderr.isatty(),
        unit_scale=True,
        leave=False,
    )


def bar(*, total: int | None, desc: str = "", unit: str = "it") -> tqdm:  # type: ignore[type-arg]
    """A bar updated by hand (``bar.update(n)``), for work done in batches."""
    return tqdm(total=total, desc=desc, unit=unit, disable=not sys.stderr.isatty(), leave=False)
