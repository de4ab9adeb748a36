"""The viewer's mark on every printable page and export (anti-leak: a photo or copy names its source)."""

from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def watermark_text(user: "Actor") -> str:
    grant = getattr(user, "acting_grant", None)
    where = ""
    if grant is not None:
        scope = grant.scope_object
        where = f"{scope} " if scope else ""
        where += grant.get_role_display()
    now = timezone.localtime()
    return f"{user.full_name or user.username} · {where} · {now:%Y-%m-%d %H:%M}"
