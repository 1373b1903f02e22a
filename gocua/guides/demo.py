"""The demo's guides: the defaults (after ``gocua demo --reset`` flushed the migration's)."""

from __future__ import annotations

from gocua.guides.defaults import install_defaults
from gocua.orgunits.demo import DemoContext


def build(ctx: DemoContext) -> None:
    install_defaults()
