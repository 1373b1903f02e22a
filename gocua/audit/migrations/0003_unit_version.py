from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_data_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="UnitVersion",
            fields=[
                ("unit", models.BigIntegerField(primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
    ]
