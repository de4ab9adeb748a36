"""The shipped approval rule: a demand is approved by its group's leader. A deployment adds rules (e.g. the
监察建议书 on to 委领导) in 审批规则; the first matching rule wins."""

from django.db import migrations

RULES = [
    (
        "rectification.demand",
        "整改建议：派驻组组长审批",
        100,
        {},
        [{"role": "group_leader", "label": "组长审批"}],
    ),
]


def seed(apps, schema_editor):
    ApprovalRule = apps.get_model("workflow", "ApprovalRule")
    for kind, name, priority, conditions, steps in RULES:
        ApprovalRule.objects.get_or_create(
            kind=kind, name=name, defaults={"priority": priority, "conditions": conditions, "steps": steps}
        )


def unseed(apps, schema_editor):
    apps.get_model("workflow", "ApprovalRule").objects.filter(kind="rectification.demand").delete()


class Migration(migrations.Migration):
    dependencies = [("rectification", "0001_initial"), ("workflow", "0004_attachments")]

    operations = [migrations.RunPython(seed, unseed)]
