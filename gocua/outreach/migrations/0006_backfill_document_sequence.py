"""Fill ``LegalDocument.sequence`` on the documents registered before 0004 added it (0 there).

The sequence is the leading number of the stored number (``237`` of ``237/QĐ-UBND``), read
with a frozen rule here rather than the live parser. Rows that already have one are kept.
"""

import re

from django.db import migrations

LEADING_NUMBER = re.compile(r"\s*(\d+)")


def backfill(apps, schema_editor):
    LegalDocument = apps.get_model("outreach", "LegalDocument")
    for document in LegalDocument.objects.filter(sequence=0).only("pk", "number"):
        match = LEADING_NUMBER.match(document.number or "")
        if match and int(match[1]) > 0:
            document.sequence = int(match[1])
            document.save(update_fields=["sequence"])


class Migration(migrations.Migration):
    dependencies = [("outreach", "0005_in_person_channels")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
