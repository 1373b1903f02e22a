"""`gocua load-units --legacy` on an empty database, then again (idempotent run).

Target (issue 2): both lists in under 30 s.
"""

from __future__ import annotations

from bench.common import database_label, setup_django, timed


def main() -> None:
    setup_django()
    from io import StringIO

    from django.core.management import call_command

    from gocua.orgunits.models import OrgUnit

    call_command("migrate", verbosity=0)
    OrgUnit.objects.all().delete() if not OrgUnit.objects.filter(
        users__isnull=False
    ).exists() else None
    with timed(f"load-units --legacy, first run ({database_label()})"):
        call_command("load_units", "--legacy", stdout=StringIO())
    with timed(f"load-units --legacy, second run ({database_label()})"):
        out = StringIO()
        call_command("load_units", "--legacy", stdout=out)
    print(f"  units: {OrgUnit.objects.count()}; second run: {out.getvalue().strip()}")


if __name__ == "__main__":
    main()
