from pathlib import Path

from django.core.management.base import BaseCommand

from paizhu.clues.documents import build, override_dir


class Command(BaseCommand):
    help = "写出线索文书的默认模板（.docx），供系统管理员修改后放入覆盖目录"

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=None, help="输出目录（默认为覆盖目录）")

    def handle(self, *args, out=None, **options):
        for path in build.write_all(out or override_dir()):
            self.stdout.write(f"已写出：{path}")
