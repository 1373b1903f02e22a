"""The demo, built step by step: each app contributes one idempotent step.

Steps run in this order inside one transaction; each must be safe to run
again on a database that already holds the demo (get-or-create by natural
keys), so that ``gocua demo`` twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from gocua.demo.context import DemoContext

Step = Callable[[DemoContext], None]


def steps() -> list[Step]:
    from gocua.accounts import demo as accounts_demo
    from gocua.orgunits import demo as orgunits_demo

    return [
        orgunits_demo.build,
        accounts_demo.build,
    ]
