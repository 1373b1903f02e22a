"""What demo steps share; defined in :mod:`gocua.orgunits.demo` (the apps' demo steps sit
below the ``demo`` app and may not import it). Re-exported here for the demo app's own use."""

from gocua.orgunits.demo import (
    DEMO_PASSWORD,
    REPORT_DAY,
    REQUEST_DEADLINE,
    REQUEST_START,
    DemoContext,
)

__all__ = ["DEMO_PASSWORD", "REPORT_DAY", "REQUEST_DEADLINE", "REQUEST_START", "DemoContext"]
