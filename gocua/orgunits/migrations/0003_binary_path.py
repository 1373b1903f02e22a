"""The path column compares bytes on every database (collation "C" on PostgreSQL).

A PostgreSQL created with a Vietnamese ICU collation sorted "~" before letters, so the
subtree ranges ``path >= '/X/' AND path < '/X/~'`` found nothing. SQLite is unchanged.
"""

from django.db import migrations

import gocua.lib.fields


class Migration(migrations.Migration):
    dependencies = [("orgunits", "0002_translatable_labels")]

    operations = [
        migrations.AlterField(
            model_name="orgunit",
            name="path",
            field=gocua.lib.fields.BinaryCharField(editable=False, max_length=400, unique=True),
        ),
    ]
