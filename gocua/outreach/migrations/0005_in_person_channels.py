"""Meetings, conferences and door-to-door visits reach people in person."""

from django.db import migrations

IN_PERSON = ["meeting", "conference", "door_to_door"]


def mark(apps, schema_editor):
    ActivityChannel = apps.get_model("outreach", "ActivityChannel")
    ActivityChannel.objects.filter(code__in=IN_PERSON).update(in_person=True)


class Migration(migrations.Migration):
    dependencies = [("outreach", "0004_teams_history_channels_visits")]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
