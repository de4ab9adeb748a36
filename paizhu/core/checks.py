"""The platform's own deployment checks, run by `paizhu check --deploy` beside Django's (security.W0xx).

`paizhu check --deploy` fails on warnings too (paizhu.cli adds --fail-level WARNING): a production server is
started only when this passes. Errors are what must never reach production; warnings what is unsafe or wrong
for this platform in most deployments (silence one in SILENCED_SYSTEM_CHECKS, with the reason beside it).
"""

import stat
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from . import crypto

DEFAULT_HOSTS = {"127.0.0.1", "localhost"}


@register(Tags.security, deploy=True)
def platform_deploy_checks(app_configs=None, **kwargs) -> list:
    return [*_mode(), *_hosts(), *_https(), *_key_file(), *_infrastructure()]


def _mode() -> list:
    problems = []
    if settings.DEMO_MODE:
        problems.append(
            Error(
                "演示模式（PAIZHU_DEMO）已开启：演示密钥可用、双因子认证关闭、页面显示演示横幅。",
                hint="生产环境不设置 PAIZHU_DEMO。",
                id="paizhu.E001",
            )
        )
    if settings.DEBUG:
        problems.append(
            Error(
                "调试模式（PAIZHU_DEBUG）已开启：出错页面会显示源代码、设置和请求内容。",
                hint="生产环境不设置 PAIZHU_DEBUG。",
                id="paizhu.E002",
            )
        )
    if not settings.OTP_REQUIRED:
        problems.append(
            Error(
                "双因子认证已关闭（PAIZHU_OTP_REQUIRED=0）：可查看线索、举报、审计的角色必须使用。",
                hint="删除 PAIZHU_OTP_REQUIRED 或设为 1。",
                id="paizhu.E003",
            )
        )
    key = settings.SECRET_KEY
    if key == settings.DEMO_SECRET_KEY or len(key) < 50 or len(set(key)) < 5:
        problems.append(
            Error(
                "PAIZHU_SECRET_KEY 过短或是演示密钥：它签名会话、验证问题和限流计数。",
                hint="用 python3 -c 'import secrets; print(secrets.token_urlsafe(50))' 生成，至少 50 个字符。",
                id="paizhu.E004",
            )
        )
    return problems


def _hosts() -> list:
    hosts = set(settings.ALLOWED_HOSTS)
    if "*" in hosts or any(h.startswith(".") and h.count(".") == 1 for h in hosts):
        return [
            Error(
                "PAIZHU_ALLOWED_HOSTS 允许任意主机名：伪造 Host 头可污染密码重置等链接。",
                hint="只列出本系统的域名，如 paizhu.jw.local。",
                id="paizhu.E005",
            )
        ]
    if hosts <= DEFAULT_HOSTS:
        return [
            Warning(
                "PAIZHU_ALLOWED_HOSTS 仍为默认的 127.0.0.1,localhost：经 Nginx 以域名访问时每个请求都会被拒绝（400）。",
                hint="设为用户访问的域名，如 PAIZHU_ALLOWED_HOSTS=paizhu.jw.local。",
                id="paizhu.W001",
            )
        ]
    return []


def _https() -> list:
    problems = []
    if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
        problems.append(
            Error(
                "未开启 PAIZHU_SECURE_COOKIES：会话 Cookie 会经明文 HTTP 发送。",
                hint="Nginx 提供 HTTPS 后设置 PAIZHU_SECURE_COOKIES=1。",
                id="paizhu.E006",
            )
        )
    insecure = [o for o in settings.CSRF_TRUSTED_ORIGINS if not o.startswith("https://")]
    if insecure:
        problems.append(
            Error(
                f"PAIZHU_CSRF_TRUSTED_ORIGINS 含非 HTTPS 来源：{'、'.join(insecure)}。",
                hint="只列 https:// 开头的来源。",
                id="paizhu.E007",
            )
        )
    return problems


def _key_file() -> list:
    path = Path(settings.DATA_KEY_FILE)
    if not path.exists():
        return [
            Error(
                f"数据密钥文件 {path} 不存在：举报人身份和附件无法加密或解密。",
                hint="首次部署执行 paizhu keys init 并立即备份；已有数据的系统从备份恢复该文件。",
                id="paizhu.E008",
            )
        ]
    mode = crypto.file_mode(path)
    if mode & (stat.S_IRWXO | stat.S_IWGRP | stat.S_IXGRP | stat.S_IXUSR):
        return [
            Error(
                f"数据密钥文件 {path} 的权限为 {mode:04o}：只允许运行平台的账户读写（0600，或给一个用户组只读的 0640）。",
                hint=f"chmod 600 {path}",
                id="paizhu.E009",
            )
        ]
    if Path(settings.VAR_DIR).resolve() in path.resolve().parents:
        problems = [
            Warning(
                f"数据密钥文件 {path} 在数据目录之内：备份数据目录时密钥与密文会落在一起。",
                hint="放到数据目录之外，如 /etc/paizhu/data.key（PAIZHU_DATA_KEY_FILE）。",
                id="paizhu.W002",
            )
        ]
    else:
        problems = []
    try:
        ring = crypto.load_keyring()
    except crypto.KeyFileError as exc:
        return [*problems, Error(str(exc), id="paizhu.E010")]
    if ring.rotating:
        problems.append(Warning("上次密钥轮换尚未完成。", hint="再次执行 paizhu keys rotate。", id="paizhu.W003"))
    if ring.current.cipher != settings.DATA_CIPHER:
        problems.append(
            Warning(
                f"配置的算法为 {settings.DATA_CIPHER}，当前密钥为 {ring.current.cipher}。",
                hint="执行 paizhu keys rotate 切换。",
                id="paizhu.W004",
            )
        )
    return problems


def _infrastructure() -> list:
    problems = []
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        problems.append(
            Warning(
                "数据库为 SQLite：只适合演示和单机试用，生产环境使用 PostgreSQL（或兼容的国产数据库）。",
                hint="设置 PAIZHU_DATABASE_URL=postgres://…",
                id="paizhu.W005",
            )
        )
    if not settings.REDIS_URL:
        problems.append(
            Warning(
                "未设置 PAIZHU_REDIS_URL：每个 gunicorn 进程各自计数，网上举报的限流与验证问题防重放按进程数放宽。",
                hint="设置 PAIZHU_REDIS_URL=redis://127.0.0.1:6379/1。",
                id="paizhu.W006",
            )
        )
    return problems
