from django.db import migrations, models

# The departments of a city commission that handle clues themselves, and the others 案管 may name; the
# system administrator edits the list (/admin/org/office/).
OFFICES = [
    ("第一纪检监察室", True),
    ("第二纪检监察室", True),
    ("第三纪检监察室", True),
    ("第四纪检监察室", True),
    ("第五纪检监察室", True),
    ("党风政风监督室", True),
    ("信访室", False),
    ("案件监督管理室", False),
    ("案件审理室", False),
]


def seed(apps, schema_editor):
    Office = apps.get_model("org", "Office")
    for i, (name, handles) in enumerate(OFFICES, start=1):
        Office.objects.get_or_create(name=name, defaults={"ordinal": i, "handles_clues": handles})


class Migration(migrations.Migration):
    dependencies = [("org", "0004_coverage_no_overlap")]

    operations = [
        migrations.CreateModel(
            name="Office",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=60, unique=True, verbose_name="部门名称")),
                ("ordinal", models.PositiveSmallIntegerField(default=0, verbose_name="排序")),
                (
                    "handles_clues",
                    models.BooleanField(default=True, help_text="分办时可选为承办部门", verbose_name="可承办问题线索"),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="在用")),
            ],
            options={"verbose_name": "委机关部门", "verbose_name_plural": "委机关部门", "ordering": ["ordinal", "id"]},
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
