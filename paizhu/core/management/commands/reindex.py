from django.core.management.base import BaseCommand, CommandError

from paizhu.core import search


class Command(BaseCommand):
    help = "重建全文检索索引（升级后或批量导入数据后运行）；可指定对象类型，如 clues.Clue。"

    def add_arguments(self, parser):
        parser.add_argument("models", nargs="*", metavar="app.Model", help="只重建这些对象类型的索引")
        parser.add_argument("--batch-size", type=int, default=search.BATCH_SIZE)

    def handle(self, *args, models, batch_size, **options):
        unknown = [m for m in models if m not in search.DOCUMENTS]
        if unknown:
            raise CommandError(f"未知的检索对象类型：{'、'.join(unknown)}（可选：{'、'.join(search.DOCUMENTS)}）")
        counts = search.rebuild(models, batch_size=max(1, batch_size))
        for label, count in counts.items():
            self.stdout.write(f"{label}：已索引 {count} 条")
