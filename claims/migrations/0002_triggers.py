"""Database triggers for the rules that span tables (see claims/db_rules.py)."""

from django.db import migrations

from claims import db_rules


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        # A plain cursor: the schema editor would read RAISE's "%" as query placeholders.
        with schema_editor.connection.cursor() as cursor:
            for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": db_rules.POSTGRES_FORWARD, "sqlite": db_rules.SQLITE_FORWARD}),
            _run({"postgresql": db_rules.POSTGRES_BACKWARD, "sqlite": db_rules.SQLITE_BACKWARD}),
        )
    ]
