"""Each entry names the canonical form its hash was computed in; every entry so far is form 1.

On PostgreSQL the column comes with a constant default: a catalogue change, no rewrite of the table
(and none of its hashes), no UPDATE for the append-only trigger to refuse.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_append_only_trigger")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="canon",
            field=models.SmallIntegerField(
                choices=[(1, "规范 JSON（第 1 版）"), (2, "规范 JSON（第 2 版）")], db_default=1, verbose_name="规范形式"
            ),
        ),
    ]
