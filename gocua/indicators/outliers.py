"""Outliers among siblings, as the DHIS2 data-quality app finds them.

A value is an outlier among its siblings (the units directly below one unit) when it
lies more than 2 standard deviations from their mean (z-score, population standard
deviation), or when its modified z-score, ``0.6745 × (x − median) / MAD`` (Iglewicz
and Hoaglin; MAD the median absolute deviation), is above 3.5. The second rule
still finds one wild value among few siblings, where that value inflates the
standard deviation so much that its own z-score stays small. Fewer than three
values: nothing is an outlier.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass

Z_LIMIT = 2.0
MODIFIED_Z_LIMIT = 3.5
MIN_VALUES = 3


@dataclass(frozen=True)
class Outlier:
    key: str  # the sibling (a unit code)
    value: float
    mean: float
    z: float | None  # None: the standard deviation is 0
    modified_z: float | None  # None: the median absolute deviation is 0

    @property
    def high(self) -> bool:
        return self.value > self.mean


def outliers(values: Mapping[str, float]) -> list[Outlier]:
    """The outliers among ``values`` (key → value), largest deviation first."""
    if len(values) < MIN_VALUES:
        return []
    numbers = list(values.values())
    mean = statistics.fmean(numbers)
    sd = statistics.pstdev(numbers)
    median = statistics.median(numbers)
    mad = statistics.median(abs(x - median) for x in numbers)
    found = []
    for key, x in values.items():
        z = (x - mean) / sd if sd else None
        modified = 0.6745 * (x - median) / mad if mad else None
        if (z is not None and abs(z) > Z_LIMIT) or (
            modified is not None and abs(modified) > MODIFIED_Z_LIMIT
        ):
            found.append(Outlier(key, x, mean, z, modified))
    found.sort(key=lambda o: -abs(o.value - o.mean))
    return found
