"""`intake_reportband` had two identical indexes on report_id: the foreign key's own and `intake_band_report_idx`.

The foreign key keeps its constraint and loses its index. Only the index is dropped: a plain AlterField
would drop and re-add the constraint, re-checking tens of millions of rows (and remake the table on SQLite).
"""

from django.db import migrations, models

TABLE = "intake_reportband"
KEPT = "intake_band_report_idx"


def drop_duplicate(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    for name, info in constraints.items():
        plain = info["index"] and not (info["primary_key"] or info["unique"] or info["foreign_key"])
        if plain and info["columns"] == ["report_id"] and name != KEPT:
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def restore_duplicate(apps, schema_editor):
    model = apps.get_model("intake", "ReportBand")
    schema_editor.execute(schema_editor._create_index_sql(model, fields=[model._meta.get_field("report")]))


class Migration(migrations.Migration):
    dependencies = [("intake", "0007_routing_threshold")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="reportband",
                    name="report",
                    field=models.ForeignKey(
                        db_index=False, on_delete=models.deletion.CASCADE, related_name="+", to="intake.report"
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_duplicate, restore_duplicate)],
        ),
    ]
