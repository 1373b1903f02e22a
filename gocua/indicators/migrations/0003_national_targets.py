"""The national targets of Decision 411/QĐ-TTg as everywhere's default (domain.md).

Frozen data: the same list as ``defaults.NATIONAL_TARGETS`` on the day it was written."""

from django.db import migrations

TARGETS = [("cashless", "80")]


def forwards(apps, schema_editor):
    definitions = apps.get_model("indicators", "IndicatorDefinition")
    targets = apps.get_model("indicators", "IndicatorTarget")
    for code, value in TARGETS:
        if not definitions.objects.filter(code=code).exists():
            continue
        if targets.objects.filter(code=code, unit__isnull=True).exists():
            continue
        targets.objects.create(code=code, unit=None, value=value)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_default_indicators")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
