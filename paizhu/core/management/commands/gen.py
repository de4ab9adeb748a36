"""`paizhu gen --reports N --clues M --years Y [--seed S] [--append]`: fill the database for benchmarks.

Runs the generators the apps registered in `paizhu.core.generators`, in order, in one transaction,
on top of the demo city's org chart and accounts (loaded first when missing). docs/benchmarks.md.
"""

import datetime
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from paizhu.core import crypto, demo, generators
from paizhu.core.calendar import shanghai_today
from paizhu.core.models import SearchEntry

DEFER_INDEXES_FROM = generators.DEFER_INDEXES_FROM


def _non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "生成基准测试数据：在演示城市的组织机构上批量生成信访举报、问题线索、案件、检索索引和审计记录。"

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=_non_negative, default=1000, help="信访举报件数")
        parser.add_argument("--clues", type=_non_negative, default=1000, help="问题线索条数")
        parser.add_argument("--years", type=int, choices=range(1, 11), default=3, metavar="1-10", help="向前覆盖的年数")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（相同种子生成相同数据）")
        parser.add_argument("--append", action="store_true", help="库中已有业务数据时仍追加生成")
        parser.add_argument("--batch", type=_non_negative, default=20_000, help="每批写入的行数")

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("生成数据只能在演示模式下运行：请设置 PAIZHU_DEMO=1（切勿在生产数据库上运行）。")
        present = [(g.label, g.has_data()) for g in generators.registered()]
        filled = [f"{label} {count:,} 条" for label, count in present if count]
        if filled and not options["append"]:
            raise CommandError(
                f"数据库中已有业务数据（{'、'.join(filled)}），为免与现有数据混杂，已停止生成；"
                "如确需在现有数据上追加，请加 --append。"
            )
        crypto.ensure_key_file()  # real-name reports carry an encrypted identity
        base = demo.run(demo.registered(base_only=True))
        for line in base.loaded:
            self.stderr.write(f"已载入演示基础数据：{line}")
        started = time.perf_counter()
        writer = generators.BulkWriter(batch_rows=options["batch"] or 20_000)
        ctx = generators.GenContext(
            reports=options["reports"],
            clues=options["clues"],
            years=options["years"],
            seed=options["seed"],
            today=shanghai_today(),
            writer=writer,
            append=options["append"],
            stream=self.stderr._out,  # the progress line rewrites itself: no newline per write
        )
        with transaction.atomic():
            writer.begin()
            if options["reports"] + options["clues"] >= DEFER_INDEXES_FROM:
                writer.defer_indexes(SearchEntry)
            for generator in generators.registered():
                ctx.rng = random.Random(f"{options['seed']}:{generator.name}")  # noqa: S311 - test data, not secrets
                generator.fn(ctx)
                writer.flush()
            writer.finish()
            ctx.save_serials()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        self.stdout.write("；".join(ctx.summary) or "未生成数据。")
        self.stdout.write(
            f"共写入 {writer.total_rows:,} 行，用时 {datetime.timedelta(seconds=round(elapsed))}，"
            f"{writer.total_rows / max(elapsed, 1e-6):,.0f} 行/秒（{connection.vendor}）"
        )
        for table, rows in sorted(writer.rows.items()):
            self.stdout.write(f"  {table}: {rows:,}")
