"""Approval rules, approvals and reminders move to the matter kernel (`workflow`), rows and ids kept.

Reminders were tied to a clue by a foreign key; in the kernel they name any matter (content type + id).
Backwards the rows return to the clue module's tables (a reminder about something other than a clue has
no place there and is left out).
"""

import django.db.models.deletion
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models

BATCH = 2000
RULE = ["id", "kind", "name", "priority", "conditions", "steps", "is_active"]
APPROVAL = [
    "id", "content_type_id", "object_id", "kind", "round", "step", "role", "label", "attestation", "payload",
    "requested_by_id", "requested_at", "decision", "is_current", "decided_by_id", "opinion", "decided_at",
]
NOTIFICATION = ["id", "user_id", "key", "title", "url", "created_at", "read_at"]


def _copy(source, target, fields, convert=lambda row: row):
    rows = []
    for row in source.objects.order_by("pk").values(*fields).iterator(chunk_size=BATCH):
        row = convert(row)
        if row is not None:
            rows.append(target(**row))
        if len(rows) >= BATCH:
            target.objects.bulk_create(rows)
            rows = []
    target.objects.bulk_create(rows)


def _reset_sequences(schema_editor, models):
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _clue_type(apps):
    content_type = apps.get_model("contenttypes", "ContentType")
    return content_type.objects.get_or_create(app_label="clues", model="clue")[0].pk


def forwards(apps, schema_editor):
    clue_type = _clue_type(apps)
    pairs = [(apps.get_model("clues", n), apps.get_model("workflow", n)) for n in ("ApprovalRule", "Approval")]
    for (old, new), fields in zip(pairs, (RULE, APPROVAL)):
        _copy(old, new, fields)

    def about_clue(row):
        clue_id = row.pop("clue_id")
        return None if clue_id is None else {**row, "content_type_id": clue_type, "object_id": clue_id}

    old, new = apps.get_model("clues", "Notification"), apps.get_model("workflow", "Notification")
    _copy(old, new, NOTIFICATION + ["clue_id"], about_clue)
    _reset_sequences(schema_editor, [new for _, new in pairs] + [new])


def backwards(apps, schema_editor):
    clue_type = _clue_type(apps)
    pairs = [(apps.get_model("workflow", n), apps.get_model("clues", n)) for n in ("ApprovalRule", "Approval")]
    for (new, old), fields in zip(pairs, (RULE, APPROVAL)):
        _copy(new, old, fields)

    def back_to_clue(row):
        if row.pop("content_type_id") != clue_type:
            return None
        return {**row, "clue_id": row.pop("object_id")}

    new, old = apps.get_model("workflow", "Notification"), apps.get_model("clues", "Notification")
    _copy(new, old, NOTIFICATION + ["content_type_id", "object_id"], back_to_clue)
    _reset_sequences(schema_editor, [old for _, old in pairs] + [old])
    for model in (new, *(n for n, _ in pairs)):
        model.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('clues', '0005_scope_indexes'),
        ('workflow', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(
            name='ApprovalRule',
        ),
        migrations.AlterField(
            model_name='clueevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='经手人'),
        ),
        migrations.AlterField(
            model_name='clueevent',
            name='actor_name',
            field=models.CharField(blank=True, max_length=60, verbose_name='经手人姓名'),
        ),
        migrations.AlterField(
            model_name='clueevent',
            name='code',
            field=models.CharField(blank=True, max_length=48, verbose_name='事件'),
        ),
        migrations.DeleteModel(
            name='Approval',
        ),
        migrations.DeleteModel(
            name='Notification',
        ),
    ]
