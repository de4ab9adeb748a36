"""`paizhu restore ARCHIVE [--key PATH]`: see paizhu.core.backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from paizhu.core import backup, crypto


class Command(BaseCommand):
    help = "从 paizhu backup 的归档恢复数据库和加密附件（替换现有数据）；本机没有密钥文件时一并恢复密钥文件。"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="paizhu backup 写出的归档文件")
        parser.add_argument("--key", type=Path, help="与归档分开保管的密钥文件（默认为归档文件名加 .key）")
        parser.add_argument("--no-input", action="store_false", dest="interactive", help="不询问确认")

    def handle(self, *args, archive, key, interactive, **options):
        try:
            manifest = backup.read_manifest(archive)
            if interactive:
                answer = input(
                    f"将用 {archive}（{manifest['created_at']} 备份）替换当前数据库和附件目录，现有数据全部丢失。"
                    "输入 yes 继续："
                )
                if answer.strip() != "yes":
                    raise CommandError("已取消，未做任何改动。")
            backup.restore(archive, key_file=key)
        except (backup.BackupError, crypto.KeyFileError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已恢复 {manifest['created_at']} 的备份：数据库 {manifest['engine']}，附件 {manifest['files']['count']} 个。"
        )
        self.stdout.write("请执行 paizhu audit verify 校验审计链，并执行 paizhu keys status 核对密钥。")
