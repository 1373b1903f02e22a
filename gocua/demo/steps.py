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
    from gocua.guides import demo as guides_demo
    from gocua.indicators import demo as indicators_demo
    from gocua.orgunits import demo as orgunits_demo
    from gocua.outreach import demo as outreach_demo
    from gocua.registry import demo as registry_demo
    from gocua.reports import demo as reports_demo

    return [
        orgunits_demo.build,  # Quảng Ninh › Hạ Long › Tuần Châu, Hùng Thắng; Khu phố 1-5
        accounts_demo.build,  # one login per role
        outreach_demo.build,  # the seed's documents, teams, 35 sessions
        guides_demo.build,  # the default guide of each service
        registry_demo.build,  # Hùng Thắng's synthetic registry
        indicators_demo.build,  # the seed's figures entered for Tuần Châu
        reports_demo.build,  # the city's request 389/UBND-VHTT
    ]
