"""Defaults of domain.md §3: approval chains by cadre-management level, and the reasons for 予以了结.

Both are data the system administrator may change; this migration only seeds them.
"""

from django.db import migrations

GL, CL = "group_leader", "commission_leader"

RULES = [
    ("clue.assignment", "线索分办由委领导审批", 10, {}, [{"role": CL, "label": "委领导审批分办"}]),
    (
        "clue.disposal",
        "同级党委管理的正职：初核、立案报同级党委主要负责人批准",
        10,
        {"action": ["verification", "case"], "same_level_main": True},
        [
            {"role": GL, "label": "组长审核"},
            {"role": CL, "label": "委主要负责人审核"},
            {
                "role": CL,
                "label": "同级党委主要负责人批准",
                "attestation": "已报同级党委书记批准",
            },
        ],
    ),
    (
        "clue.disposal",
        "同级党委管理的副职：初核、立案报委主要负责人批准",
        20,
        {"action": ["verification", "case"], "same_level_deputy": True},
        [{"role": GL, "label": "组长审核"}, {"role": CL, "label": "委主要负责人审批"}],
    ),
    (
        "clue.disposal",
        "初步核实、立案报分管委领导批准",
        30,
        {"action": ["verification", "case"]},
        [{"role": GL, "label": "组长审核"}, {"role": CL, "label": "分管委领导审批"}],
    ),
    (
        "clue.disposal",
        "领导班子成员或同级党委管理干部：报分管委领导批准",
        40,
        {"key_person": True},
        [{"role": GL, "label": "组长审核"}, {"role": CL, "label": "分管委领导审批"}],
    ),
    (
        "clue.disposal",
        "委机关部门承办：报分管委领导批准",
        50,
        {"by_group": False},
        [{"role": CL, "label": "分管委领导审批"}],
    ),
    ("clue.disposal", "其他：组长审批", 90, {}, [{"role": GL, "label": "组长审批"}]),
    (
        "case.extension",
        "延长审查调查期限",
        10,
        {},
        [{"role": GL, "label": "组长审核"}, {"role": CL, "label": "委领导审批延期"}],
    ),
]

REASONS = [
    ("direct", "反映问题笼统，不具备可查性"),
    ("direct", "反映问题已经查结，没有新的证据"),
    ("direct", "被反映人已去世"),
    ("direct", "反映问题不属于纪检监察机关管辖"),
    ("after_inquiry", "反映问题不实，已作出说明"),
    ("after_inquiry", "反映问题情节轻微，已作出说明并认识到错误"),
    ("after_verification", "反映问题失实"),
    ("after_verification", "反映问题无法查实"),
    ("after_verification", "反映问题属实但情节轻微，不需追究党纪责任"),
]


def seed(apps, schema_editor):
    ApprovalRule = apps.get_model("clues", "ApprovalRule")
    CloseReason = apps.get_model("clues", "CloseReason")
    for kind, name, priority, conditions, steps in RULES:
        ApprovalRule.objects.get_or_create(
            kind=kind, name=name, defaults={"priority": priority, "conditions": conditions, "steps": steps}
        )
    for order, (kind, text) in enumerate(REASONS):
        CloseReason.objects.get_or_create(kind=kind, text=text, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("clues", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
