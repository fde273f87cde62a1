"""A topic's claims in creation order, for kind + topic pages (see db_rules.WALK_*)."""

from django.db import migrations, models

from claims import db_rules


class Migration(migrations.Migration):
    dependencies = [("claims", "0013_version_once_per_transaction")]

    operations = [
        migrations.CreateModel(
            name="TopicWalk",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "topic",
                        "claim",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("created_at", models.DateTimeField()),
                ("public", models.BooleanField()),
            ],
            options={"db_table": "claims_topicwalk", "managed": False},
        ),
        migrations.RunPython(
            db_rules.run_for_vendor({"postgresql": db_rules.WALK_POSTGRES_FORWARD}),
            db_rules.run_for_vendor({"postgresql": db_rules.WALK_POSTGRES_BACKWARD}),
        ),
    ]
