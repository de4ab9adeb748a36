"""Reports and clues now share one list of discipline categories (paizhu.core.choices.Discipline);
intake spelt 违反组织纪律 "organisational", the shared list "organizational"."""

from django.db import migrations

OLD, NEW = "organisational", "organizational"


def respell(apps, schema_editor):
    Report = apps.get_model("intake", "Report")
    for report in Report.objects.only("pk", "categories").iterator(chunk_size=2000):
        if OLD in report.categories:
            report.categories = [NEW if c == OLD else c for c in report.categories]
            report.save(update_fields=["categories"])


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_report_clue_link")]

    operations = [migrations.RunPython(respell, migrations.RunPython.noop)]
