"""A report's timeline takes the kernel's shape (workflow.TimelineEvent): `action` becomes `title`, `note`
becomes `opinion`, and each row gains the event code, the actor's role and the stage before and after.

Rows written before carry no role or stages (they were never recorded); their code is read back from the
title, which named each kind of step in one fixed word. `stage` becomes django-fsm's field (same column).
"""

import django_fsm
from django.db import migrations, models

CODES = {
    "网上举报提交": "report.submitted",
    "登记": "report.registered",
    "确认被反映人": "report.subject_matched",
    "分办": "report.routed",
    "关联重复件": "report.duplicate_linked",
    "指定承办人": "report.handler_assigned",
    "受理": "report.accepted",
    "办结": "report.closed",
    "转有关机关": "report.transferred",
    "批准延期": "report.deadline_extended",
    "受理告知": "report.feedback_given",
    "结果反馈": "report.feedback_given",
    "在线回复举报人": "report.message_sent",
    "举报人留言": "report.message_received",
    "转为问题线索": "report.converted",
}


def codes_from_titles(apps, schema_editor):
    ReportEvent = apps.get_model("intake", "ReportEvent")
    for title, code in CODES.items():
        ReportEvent.objects.filter(title=title, code="").update(code=code)


class Migration(migrations.Migration):
    dependencies = [("intake", "0005_forwarding_group")]

    operations = [
        migrations.RenameField("reportevent", "action", "title"),
        migrations.RenameField("reportevent", "note", "opinion"),
        migrations.AlterField("reportevent", "title", models.CharField(max_length=200, verbose_name="事项")),
        migrations.AlterField("reportevent", "opinion", models.TextField(blank=True, verbose_name="意见")),
        migrations.AddField("reportevent", "role", models.CharField(blank=True, max_length=60, verbose_name="身份")),
        migrations.AddField("reportevent", "code", models.CharField(blank=True, max_length=48, verbose_name="事件")),
        migrations.AddField(
            "reportevent", "from_status", models.CharField(blank=True, max_length=24, verbose_name="原状态")
        ),
        migrations.AddField(
            "reportevent", "to_status", models.CharField(blank=True, max_length=24, verbose_name="新状态")
        ),
        migrations.AlterField(
            "report",
            "stage",
            django_fsm.FSMField(
                choices=[
                    ("received", "已收到，待登记"),
                    ("registered", "已登记，正在办理"),
                    ("accepted", "已受理"),
                    ("closed", "已办结"),
                    ("transferred", "已转有关机关处理"),
                    ("duplicate", "已并入此前反映的问题一并办理"),
                ],
                default="received",
                max_length=16,
                verbose_name="办理阶段",
            ),
        ),
        migrations.RunPython(codes_from_titles, migrations.RunPython.noop),
    ]
