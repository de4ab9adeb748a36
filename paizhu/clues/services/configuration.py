"""The module's configurable lists, kept by the 系统管理员 through the admin screens: 了结理由."""

from typing import TYPE_CHECKING

from django.db import transaction

from paizhu.audit.services import record
from paizhu.core.errors import DomainError
from paizhu.workflow.services import require_system_admin

from ..models import CloseReason
from ._common import clean_text

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def close_reasons(kind: str) -> list[str]:
    return list(CloseReason.objects.filter(kind=kind, is_active=True).values_list("text", flat=True))


@transaction.atomic
def save_close_reason(actor: "Actor", reason: CloseReason) -> CloseReason:
    require_system_admin(actor)
    reason.text = clean_text(reason.text, "理由", "text")
    if CloseReason.objects.filter(kind=reason.kind, text=reason.text).exclude(pk=reason.pk).exists():
        raise DomainError("该了结类型下已有相同的理由。", field="text")
    previous = (
        CloseReason.objects.select_for_update()
        .filter(pk=reason.pk)
        .values("kind", "text", "order", "is_active")
        .first()
        if reason.pk
        else None
    )
    reason.save()
    record(
        actor,
        "config.saved",
        reason,
        {"kind": reason.kind, "text": reason.text, "is_active": reason.is_active, "previous": previous},
    )
    return reason
