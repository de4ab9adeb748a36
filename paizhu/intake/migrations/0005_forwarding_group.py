import django.db.models.deletion
from django.db import migrations, models


def fill_group(apps, schema_editor):
    """Records made before the column: the group of the recorder's group grant, if any."""
    ForwardingRecord = apps.get_model("intake", "ForwardingRecord")
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    for record in ForwardingRecord.objects.filter(forwarded_by__isnull=False, group__isnull=True):
        grants = RoleGrant.objects.filter(user_id=record.forwarded_by_id, group__isnull=False)
        grant = grants.filter(revoked_at__isnull=True).first() or grants.order_by("-pk").first()
        if grant is not None:
            record.group_id = grant.group_id
            record.save(update_fields=["group"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_must_change_password_grant_revoke_reason"),
        ("intake", "0004_identity_request_expiry"),
        ("org", "0002_integrity_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="forwardingrecord",
            name="group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.dispatchgroup",
                verbose_name="登记派驻组",
            ),
        ),
        migrations.RunPython(fill_group, migrations.RunPython.noop),
    ]
