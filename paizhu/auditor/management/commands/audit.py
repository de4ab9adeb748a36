"""`paizhu audit verify`: recompute the audit chain; exit 0 when intact, 1 naming the first broken entry."""

import os

from django.core.management.base import BaseCommand, CommandError

from paizhu.audit import chain
from paizhu.audit.services import verify_chain
from paizhu.auditor.services import run_verification


class Command(BaseCommand):
    help = "审计日志维护：verify 校验 SM3 哈希链是否完整。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, title="子命令")
        verify = sub.add_parser("verify", help="逐条重算哈希链，检查序号连续并核对链头")
        verify.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="HASH",
            help="外部留存的链头哈希（周期报告、导出文件中打印的），须仍在链中；可重复",
        )
        verify.add_argument(
            "--no-record",
            action="store_true",
            help="不把校验结果记入审计日志（在只读副本上校验时使用）",
        )
        verify.add_argument("--chunk-size", type=int, default=5000, help="每批读取的记录数（默认 5000）")
        verify.add_argument(
            "--workers",
            type=int,
            default=min(4, os.cpu_count() or 1),
            help="并行校验的进程数（默认为 CPU 核数，最多 4；记录不足 20 万条时只用本进程）",
        )

    def handle(self, *args, subcommand, **options):
        if options["workers"] < 1 or options["chunk_size"] < 1:
            raise CommandError("--workers 与 --chunk-size 须为正整数。")
        anchors = tuple(a.strip().lower() for a in options["anchor"])
        for anchor in anchors:
            if not chain.is_hash(anchor):
                raise CommandError(f"“{anchor}”不是有效的链头哈希（应为 64 位十六进制字符）。")
        if options["no_record"]:
            result = verify_chain(anchors=anchors, chunk_size=options["chunk_size"], workers=options["workers"])
        else:
            result = run_verification(
                None, anchors=anchors, chunk_size=options["chunk_size"], workers=options["workers"]
            )
        if result.ok:
            self.stdout.write(result.message)
            return
        self.stderr.write(result.message)
        self.stderr.write(
            f"（此前 {result.count} 条记录校验通过；链头记录为第 {result.head_seq} 条 {result.head_hash}）"
        )
        raise SystemExit(1)
