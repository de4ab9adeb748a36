"""On PostgreSQL the database itself refuses two coverage periods of one unit that overlap.

`daterange(valid_from, valid_to, '[]')` is the period with both ends inclusive (an open end is
unbounded); `unit_id WITH =` needs the btree_gist extension. SQLite has no exclusion constraints:
there the service's check (`org.services.set_coverage`) is the only guard. The constraint is not
declared in the model's Meta, so `makemigrations` sees nothing to do on either database.
"""

from django.db import migrations

CONSTRAINT = "org_coverage_no_overlap"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE org_coverage ADD CONSTRAINT {CONSTRAINT}
        EXCLUDE USING gist (unit_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)""",
]
BACKWARD = [f"ALTER TABLE org_coverage DROP CONSTRAINT IF EXISTS {CONSTRAINT}"]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("org", "0003_coverage_reason")]

    operations = [migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD))]
