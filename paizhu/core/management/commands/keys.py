"""`paizhu keys init | status | rotate`: the data key that encrypts reporter identity and attachments."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from paizhu.core import crypto, fields

STATE_LABELS = {"current": "当前", "active": "待停用（轮换未完成）", "retired": "已停用"}


class Command(BaseCommand):
    help = "管理数据密钥：init 生成密钥文件，status 查看各密钥加密的数据量，rotate 轮换密钥并重新加密全部数据。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, title="操作")
        sub.add_parser("init", help="生成数据密钥文件（已存在时拒绝覆盖）")
        sub.add_parser("status", help="查看密钥及各密钥加密的数据量")
        rotate = sub.add_parser(
            "rotate", help="生成新密钥，用它重新加密全部数据，然后停用旧密钥；中断后再次执行即可续做"
        )
        rotate.add_argument("--batch-size", type=int, default=500, help="每个事务重新加密的行数（默认 500）")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except (crypto.KeyFileError, crypto.DecryptionError, fields.RotationIncomplete) as exc:
            raise CommandError(str(exc)) from exc

    def _init(self, **options):
        path = Path(settings.DATA_KEY_FILE)
        if path.exists():
            raise CommandError(f"数据密钥文件 {path} 已存在，不会覆盖（覆盖会使已加密的数据无法解密）。")
        key = crypto.init_key_file()
        self.stdout.write(f"已生成数据密钥文件 {path}（权限 0600），密钥 {key.id}，算法 {key.cipher}。")
        self.stdout.write("请立即将该文件备份到离线介质并与数据库备份分开保管：丢失密钥文件即丢失全部加密数据。")

    def _status(self, **options):
        ring = crypto.load_keyring()
        path = Path(settings.DATA_KEY_FILE)
        self.stdout.write(f"密钥文件：{path}（权限 {crypto.file_mode(path):04o}）")
        for key in ring.keys:
            self.stdout.write(f"  密钥 {key.id}  {key.cipher}  {STATE_LABELS[key.state]}  生成于 {key.created_at}")
        if ring.current.cipher != settings.DATA_CIPHER:
            self.stdout.write(
                f"配置的算法为 {settings.DATA_CIPHER}，当前密钥为 {ring.current.cipher}：执行 paizhu keys rotate 后切换。"
            )
        if ring.rotating:
            self.stdout.write("上次密钥轮换尚未完成：请再次执行 paizhu keys rotate。")
        self.stdout.write("各密钥加密的数据：")
        totals: dict[str, int] = {}
        for f, counter in fields.key_usage().items():
            detail = "，".join(f"{kid} {n} 项" for kid, n in sorted(counter.items())) or "无数据"
            self.stdout.write(f"  {f.label}（{f.model._meta.verbose_name}·{f.verbose_name}）：{detail}")
            for kid, n in counter.items():
                totals[kid] = totals.get(kid, 0) + n
        stale = sum(n for kid, n in totals.items() if kid not in {ring.current.id, fields.MISSING})
        self.stdout.write(f"合计：{sum(totals.values())} 项，其中 {stale} 项未使用当前密钥。")
        if totals.get(fields.MISSING):
            self.stdout.write(self.style.WARNING(f"有 {totals[fields.MISSING]} 个附件文件在磁盘上缺失。"))

    def _rotate(self, *, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size 必须是正整数。")
        result = fields.rotate_keys(batch_size=batch_size)
        verb = "续做上次未完成的轮换" if result.resumed else "已生成新密钥"
        self.stdout.write(f"{verb}：{result.key.id}（{result.key.cipher}），现为当前密钥。")
        self.stdout.write(f"重新加密 {result.rows} 个字段值、{result.files} 个附件文件。")
        if result.missing_files:
            self.stdout.write(self.style.WARNING(f"有 {len(result.missing_files)} 个附件文件在磁盘上缺失，已跳过。"))
        retired = "、".join(k.id for k in result.retired) or "无"
        self.stdout.write(f"已停用旧密钥：{retired}（仍保留在密钥文件中，用于读取轮换前的数据库备份）。")
        self.stdout.write(self.style.SUCCESS("密钥轮换完成。请立即重新备份密钥文件。"))
