"""The registry part of the demo (see gocua/demo/steps.py): idempotent."""

from __future__ import annotations

from gocua.demo.context import DemoContext


def build(ctx: DemoContext) -> None:
    """Nothing yet."""
