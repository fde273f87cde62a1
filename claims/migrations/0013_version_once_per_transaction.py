"""PostgreSQL bumps the ledger version once per transaction (see db_rules.VERSION_ONCE_*)."""

from django.db import migrations

from claims import db_rules


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_public_indexes_and_search_vector")]

    operations = [
        migrations.RunPython(
            db_rules.run_for_vendor({"postgresql": db_rules.VERSION_ONCE_POSTGRES_FORWARD}),
            db_rules.run_for_vendor({"postgresql": db_rules.VERSION_ONCE_POSTGRES_BACKWARD}),
        )
    ]
