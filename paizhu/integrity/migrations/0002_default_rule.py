"""The shipped approval rule: a request to open an integrity file is decided by the leader of the group covering
the cadre's unit. A deployment adds rules (e.g. the commission offices' requests to 派驻机构管理部门) in 审批规则."""

from django.db import migrations

KIND = "integrity.file_request"


def seed(apps, schema_editor):
    apps.get_model("workflow", "ApprovalRule").objects.get_or_create(
        kind=KIND,
        name="查阅廉政档案：派驻组组长审批",
        defaults={"priority": 100, "conditions": {}, "steps": [{"role": "group_leader", "label": "组长审批"}]},
    )


def unseed(apps, schema_editor):
    apps.get_model("workflow", "ApprovalRule").objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [("integrity", "0001_initial"), ("workflow", "0004_attachments")]

    operations = [migrations.RunPython(seed, unseed)]
