"""The six indicators of the seed, sessions and guided, and the default validation rules."""

from django.db import migrations

from gocua.indicators.defaults import install


def forwards(apps, schema_editor):
    install(
        apps.get_model("indicators", "IndicatorDefinition"),
        apps.get_model("indicators", "ValidationRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial"), ("outreach", "0003_catalogue_defaults")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
