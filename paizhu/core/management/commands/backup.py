"""`paizhu backup ARCHIVE [--include-key | --key-out PATH]`: see paizhu.core.backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from paizhu.core import backup, crypto


class Command(BaseCommand):
    help = "备份数据库（PostgreSQL 用 pg_dump，SQLite 用在线备份）和加密附件目录到一个归档文件；密钥文件默认另存一份。"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="归档文件，如 /backup/paizhu-20270105.tar（已存在时拒绝覆盖）")
        where = parser.add_mutually_exclusive_group()
        where.add_argument(
            "--key-out", type=Path, help="密钥文件副本的位置（默认为归档文件名加 .key），应与归档分开保管"
        )
        where.add_argument(
            "--include-key", action="store_true", help="把密钥文件放进归档（仅当归档本身存放在加密介质上时使用）"
        )

    def handle(self, *args, archive, key_out, include_key, **options):
        try:
            result = backup.create(archive, include_key=include_key, key_out=key_out)
        except (backup.BackupError, crypto.KeyFileError) as exc:
            raise CommandError(str(exc)) from exc
        m = result.manifest
        self.stdout.write(
            f"已备份到 {result.archive}：数据库 {m['engine']} {m['database']['bytes']} 字节，"
            f"附件 {m['files']['count']} 个（{m['files']['bytes']} 字节），密钥 {'、'.join(m['key_ids'])}。"
        )
        if result.key_file:
            self.stdout.write(
                f"密钥文件副本：{result.key_file}（权限 0600）。请与归档分开保管（不同介质、不同保管人）。"
            )
        else:
            self.stdout.write("密钥文件在归档内：该归档等同明文，只能存放在加密介质上。")
