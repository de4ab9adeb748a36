"""`paizhu token create USER --expires 90d --by SECADMIN --note 用途 | revoke ID --by SECADMIN --reason 原因 | list`.

The token is printed once and never again (only its digest is kept). `--by` names the security administrator
who makes or revokes it (三员分立: the command line is the server's operator acting for them, audited as them).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from paizhu.accounts import tokens
from paizhu.accounts.middleware import act_in
from paizhu.accounts.models import ApiToken, User
from paizhu.core.errors import DomainError


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"用户 {username} 不存在。")
    return user


def _security_admin(username: str) -> User:
    user = _user(username)
    act_in(user)
    return user


class Command(BaseCommand):
    help = "管理接口令牌：create 创建（令牌只显示一次），revoke 撤销，list 列出。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, title="操作")
        create = sub.add_parser("create", help="为用户创建接口令牌")
        create.add_argument("username", help="令牌代表的用户")
        create.add_argument("--expires", required=True, help=f"有效期天数，如 90d（至多 {tokens.MAX_DAYS} 天）")
        create.add_argument("--by", required=True, help="批准的安全保密管理员的用户名")
        create.add_argument("--note", required=True, help="用途，如“统计数据对接”")
        revoke = sub.add_parser("revoke", help="撤销接口令牌（立即失效）")
        revoke.add_argument("token", help="令牌编号（list 所列）或令牌前缀")
        revoke.add_argument("--by", required=True, help="撤销的安全保密管理员的用户名")
        revoke.add_argument("--reason", required=True, help="撤销原因")
        listing = sub.add_parser("list", help="列出接口令牌")
        listing.add_argument("--user", default="", help="只列出该用户的令牌")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _create(self, *, username, expires, by, note, **options):
        token, text = tokens.create_token(
            _security_admin(by), _user(username), days=tokens.parse_days(expires), note=note
        )
        self.stdout.write(text)
        self.stderr.write(
            f"已为 {token.user.username} 创建接口令牌（编号 {token.pk}），有效至 {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}。"
            "令牌只显示这一次，请立即交给使用方；平台只保存其摘要，遗失后只能撤销重建。"
        )

    def _revoke(self, *, token, by, reason, **options):
        found = ApiToken.objects.filter(pk=int(token)) if token.isdigit() else ApiToken.objects.filter(prefix=token)
        row = found.first()
        if row is None:
            raise CommandError(f"令牌 {token} 不存在。")
        tokens.revoke_token(_security_admin(by), row, reason)
        self.stdout.write(f"已撤销 {row.user.username} 的接口令牌 {row.prefix}…（编号 {row.pk}）。")

    def _list(self, *, user, **options):
        now = timezone.now()
        rows = ApiToken.objects.select_related("user").order_by("-id")
        if user:
            rows = rows.filter(user__username=user)
        for row in rows:
            used = f"{timezone.localtime(row.last_used_at):%Y-%m-%d %H:%M}" if row.last_used_at else "从未使用"
            self.stdout.write(
                f"{row.pk}\t{row.prefix}…\t{row.user.username}\t{ApiToken.STATES[row.state(now)]}\t"
                f"到期 {timezone.localtime(row.expires_at):%Y-%m-%d}\t最近使用 {used}\t{row.note}"
            )
