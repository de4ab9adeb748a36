"""A generic approval engine: requests of ordered steps, each decided by a role, chosen by `ApprovalRule` data.

The subject is any model instance (a clue, a case; later rectification letters and responsibility
lists). Callers check that the actor may see the subject and hold the step's role for it, lock the
subject, then call `decide` inside their own transaction and apply the outcome.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, QuerySet
from django.utils import timezone

from paizhu.accounts.roles import Role
from paizhu.core.errors import DomainError, IllegalTransition, PermissionDenied

from .models import Approval, ApprovalRule

PENDING, APPROVED, REFUSED = "pending", "approved", "refused"


def rule_for(kind: str, facts: dict) -> ApprovalRule:
    for rule in ApprovalRule.objects.filter(kind=kind, is_active=True).order_by("priority", "id"):
        if rule.matches(facts):
            return rule
    raise DomainError("未配置适用的审批规则，请系统管理员在“审批规则”中配置。")


def current(subject, kind: str | None = None) -> Approval | None:
    rows = Approval.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk, is_current=True
    )
    if kind:
        rows = rows.filter(kind=kind)
    return rows.first()


def open_request(
    actor, subject, kind: str, *, facts: dict, payload: dict, skip_roles: frozenset[str] = frozenset()
) -> list[Approval]:
    """Start a request: one row per step of the matching rule (steps of `skip_roles` left out)."""
    if current(subject) is not None:
        raise DomainError("该事项已有审批中的申请，请待审批完成后再提出。")
    rule = rule_for(kind, facts)
    steps = [s for s in rule.steps if s["role"] not in skip_roles]
    if not steps:
        raise DomainError(f"审批规则“{rule.name}”没有适用的审批步骤。")
    content_type = ContentType.objects.get_for_model(subject)
    last = Approval.objects.filter(content_type=content_type, object_id=subject.pk, kind=kind).aggregate(
        m=Max("round")
    )["m"]
    now = timezone.now()
    rows = [
        Approval(
            content_type=content_type,
            object_id=subject.pk,
            kind=kind,
            round=(last or 0) + 1,
            step=index,
            role=step["role"],
            label=step.get("label") or Role(step["role"]).label,
            attestation=step.get("attestation", ""),
            payload={**payload, "rule": rule.name},
            requested_by=actor,
            requested_at=now,
            is_current=index == 1,
        )
        for index, step in enumerate(steps, start=1)
    ]
    return Approval.objects.bulk_create(rows)


def decide(actor, approval: Approval, *, approve: bool, opinion: str = "", attested: bool = False) -> str:
    """Record the actor's decision on the current step; returns PENDING (more steps), APPROVED or REFUSED."""
    if approval.decision != Approval.Decision.PENDING or not approval.is_current:
        raise IllegalTransition("该审批环节已处理或尚未轮到。")
    if actor.acting_role != approval.role:
        raise PermissionDenied(f"该环节须由{Role(approval.role).label}审批。")
    if approval.requested_by_id == actor.pk:
        raise PermissionDenied("不能审批本人提出的申请。")
    opinion = opinion.strip()
    if not approve and not opinion:
        raise DomainError("不同意时请填写审批意见，说明退回理由。", field="opinion")
    if approve and approval.attestation and not attested:
        raise DomainError(f"请确认并勾选：{approval.attestation}。", field="attested")
    approval.decision = Approval.Decision.APPROVED if approve else Approval.Decision.REFUSED
    approval.decided_by = actor
    approval.opinion = opinion or ("同意。" + (approval.attestation if approval.attestation else ""))
    approval.decided_at = timezone.now()
    approval.is_current = False
    approval.save(update_fields=["decision", "decided_by", "opinion", "decided_at", "is_current"])
    rest = Approval.objects.filter(
        content_type_id=approval.content_type_id,
        object_id=approval.object_id,
        kind=approval.kind,
        round=approval.round,
        step__gt=approval.step,
    ).order_by("step")
    if not approve:
        rest.update(decision=Approval.Decision.SKIPPED)
        return REFUSED
    following = rest.first()
    if following is None:
        return APPROVED
    following.is_current = True
    following.save(update_fields=["is_current"])
    return PENDING


def history(subject) -> QuerySet:
    return (
        Approval.objects.filter(content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk)
        .select_related("requested_by", "decided_by")
        .order_by("-round", "step")
    )


def inbox(user, subjects: QuerySet) -> QuerySet:
    """Current steps waiting for the user's acting role, on subjects the user may act on."""
    return Approval.objects.filter(
        role=user.acting_role,
        is_current=True,
        content_type=ContentType.objects.get_for_model(subjects.model),
        object_id__in=subjects.values("pk"),
    )
