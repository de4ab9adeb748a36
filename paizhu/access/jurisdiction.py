"""Routing inside jurisdiction: a matter goes to the group that covers its unit on its date.

A matter routed or assigned (分办) to any other group is refused, unless a 委领导 has designated
that group for that matter (指定管辖) with a reason. The designation is recorded and audited.
"""

import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from paizhu.audit.services import record
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.roles import Role

from . import chart
from .models import JurisdictionDesignation
from .policy import get_for_act

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def covers(group, unit, day: datetime.date) -> bool:
    return chart.covers(group.pk, unit.pk, day)


def designated(matter, group) -> JurisdictionDesignation | None:
    return JurisdictionDesignation.objects.filter(
        content_type=ContentType.objects.get_for_model(matter), object_id=matter.pk, group=group
    ).first()


def require_within(matter, group, *, unit, day: datetime.date, field: str) -> None:
    """Refuse sending `matter` to `group` unless the group covers `unit` on `day` or was designated."""
    if group is None or unit is None or covers(group, unit, day) or designated(matter, group):
        return
    raise DomainError(
        f"{day:%Y-%m-%d}时{unit.name}不在{group}监督范围内，不能交其办理；确需由其办理的，请报委领导指定管辖。",
        field=field,
    )


def designate(actor: "Actor", matter, *, group, reason: str) -> JurisdictionDesignation:
    """A 委领导 designates `group` to handle `matter` (指定管辖); audited in the same transaction."""
    if actor.acting_role != Role.COMMISSION_LEADER:
        raise PermissionDenied("指定管辖须由委领导批准。")
    get_for_act(actor, type(matter), matter.pk, action="view")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写指定管辖的理由。", field="reason")
    if len(reason) > 300:
        raise DomainError("指定管辖理由不超过300字。", field="reason")
    if group is None or not group.is_active:
        raise DomainError("请选择指定承办的派驻组。", field="group")
    with transaction.atomic():
        designation = JurisdictionDesignation.objects.create(
            content_type=ContentType.objects.get_for_model(matter),
            object_id=matter.pk,
            group=group,
            reason=reason,
            decided_by=actor,
        )
        record(actor, "jurisdiction.designated", matter, {"group": group.pk, "reason": reason})
    return designation


def designations(matter):
    return JurisdictionDesignation.objects.filter(
        content_type=ContentType.objects.get_for_model(matter), object_id=matter.pk
    ).select_related("group", "decided_by")
