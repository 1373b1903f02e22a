"""Leaflets handed out are an outreach channel ("Phát tờ rơi"), in person, before "other".

Frozen data: a database where a ward already added a channel with this code keeps it.
"""

from django.db import migrations

LEAFLETS = {
    "code": "leaflets",
    "name_vi": "Phát tờ rơi",
    "name_en": "Leaflets handed out",
    "in_person": True,
    "order": 75,
}


def install(apps, schema_editor):
    ActivityChannel = apps.get_model("outreach", "ActivityChannel")
    defaults = {k: v for k, v in LEAFLETS.items() if k != "code"}
    ActivityChannel.objects.get_or_create(code=LEAFLETS["code"], defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("outreach", "0008_skills_trainings_leaflets")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
