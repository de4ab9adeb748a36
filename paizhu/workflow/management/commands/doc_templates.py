from pathlib import Path

from django.core.management.base import BaseCommand

from paizhu.workflow import documents


class Command(BaseCommand):
    help = "写出各类文书的内置模板（.docx）到覆盖目录，供系统管理员修改；修改后的模板即取代内置模板"

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", type=Path, default=None, help="输出目录（默认为覆盖目录 PAIZHU_DOC_TEMPLATES_DIR）"
        )

    def handle(self, *args, out=None, **options):
        for path in documents.write_templates(out):
            self.stdout.write(f"已写出：{path}")
