"""Every write of the kernel: approval decisions, approval rules, reading reminders.

Each takes the acting user first, checks through `paizhu.access`, changes and audits in one transaction.
"""

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from paizhu import access
from paizhu.audit.services import record
from paizhu.core.errors import DomainError, NotFound, PermissionDenied
from paizhu.core.roles import GROUP_ROLES, Role

from . import approvals, reminders
from .models import Approval, ApprovalRule
from .states import state_of
from .transitions import Event, commit

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def decide_approval(
    actor: "Actor", approval: Approval, *, version: int, approve: bool, opinion: str = "", attested: bool = False
) -> Model:
    """Decide the current step of an approval request; on the last approval the kind's handler applies it.

    `version` is the version of the subject the approver looked at. Approvers act through the approval
    addressed to their role, over what they may see (`view`), so 委领导 approve what they do not handle.
    """
    spec = approvals.kind(approval.kind)
    model = approval.content_type.model_class()
    if model is None or model._meta.label != spec.model:
        raise NotFound()
    subject = access.get_for_act(actor, model, approval.object_id, action="view")
    grant = actor.acting_grant
    if approval.role in GROUP_ROLES and (grant is None or grant.group_id != approvals.group_of(spec, subject)):
        raise PermissionDenied("该环节须由承办组组长审批。")
    with transaction.atomic():
        subject = access.lock_for_act(actor, model, subject.pk, version=version, action="view")
        approval = Approval.objects.select_for_update().get(pk=approval.pk)
        before = state_of(subject)
        outcome = approvals.decide(actor, approval, approve=approve, opinion=opinion, attested=attested)
        what = f"{approval.label}：{'同意' if approve else '不同意'}"
        if outcome == approvals.REFUSED:
            spec.refused(actor, subject, approval)
            what += "，退回承办人"
        elif outcome == approvals.APPROVED:
            what += "，" + spec.approved(actor, subject, approval)
        else:
            following = approvals.current(subject)
            what += f"，报{following.label}" if following else ""
        approved_code, refused_code = spec.codes
        details = {"approval": approval.pk, "kind": approval.kind, "step": approval.step, "outcome": outcome}
        event = Event(approved_code if approve else refused_code, what, approval.opinion, details)
        return commit(actor, subject, event, before=before)


def require_system_admin(actor: "Actor") -> None:
    # Configuration is about no one: no scope applies, the role decides alone.
    if actor.acting_role != Role.SYSTEM_ADMIN:
        raise PermissionDenied("只有系统管理员可以修改此项配置。")


@transaction.atomic
def save_approval_rule(actor: "Actor", rule: ApprovalRule) -> ApprovalRule:
    """Create or change an approval rule; requests already open keep the chain they started with."""
    require_system_admin(actor)
    # The chain check reads the kind's other rules: hold them still until this save commits.
    list(ApprovalRule.objects.select_for_update().filter(kind=rule.kind).values_list("pk", flat=True))
    approvals.check_rule(
        rule.kind, rule.conditions, rule.steps, priority=rule.priority, is_active=rule.is_active, pk=rule.pk
    )
    rule.name = (rule.name or "").strip()
    if not rule.name:
        raise DomainError("请填写规则名称。", field="name")
    fields = ["kind", "name", "priority", "conditions", "steps", "is_active"]
    previous = ApprovalRule.objects.filter(pk=rule.pk).values(*fields).first() if rule.pk else None
    rule.save()
    details = {"kind": rule.kind, "name": rule.name, "priority": rule.priority, "conditions": rule.conditions}
    record(
        actor, "config.saved", rule, {**details, "steps": rule.steps, "is_active": rule.is_active, "previous": previous}
    )
    return rule


def mark_notifications_read(actor: "Actor", notification_id: int | None = None) -> int:
    """Mark one of the actor's own unread reminders read (or all of them, with no id); returns how many."""
    unread = reminders.unread(actor)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
        if not unread.exists():
            raise NotFound()
    with transaction.atomic():
        count = unread.update(read_at=timezone.now())
        record(actor, "notification.read", None, {"id": notification_id, "count": count})
    return count
