from django.db import migrations

GENESIS_HASH = "0" * 64  # frozen copy of paizhu.audit.chain.GENESIS_HASH: migrations must not import app code


def create_head(apps, schema_editor):
    AuditHead = apps.get_model("audit", "AuditHead")
    AuditHead.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_indexes")]

    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
