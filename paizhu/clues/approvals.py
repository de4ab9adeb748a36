"""A generic approval engine: requests of ordered steps, each decided by a role, chosen by `ApprovalRule` data.

The subject is any model instance (a clue, a case; later rectification letters and responsibility
lists). Callers check that the actor may see the subject and hold the step's role for it, lock the
subject, then call `decide` inside their own transaction and apply the outcome.
"""

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, QuerySet
from django.utils import timezone

from paizhu.core.errors import DomainError, IllegalTransition, PermissionDenied
from paizhu.core.roles import THREE_ADMINS, UNIT_ROLES, Role

from .models import Action, Approval, ApprovalRule

PENDING, APPROVED, REFUSED = "pending", "approved", "refused"

# ---------------------------------------------------------------- what a rule of each kind may say

# Never an approver of any kind: the supervised unit's own people (党组书记, 联络员) and the 三员.
NEVER_APPROVE = UNIT_ROLES | THREE_ADMINS


@dataclass(frozen=True)
class Requirement:
    """Roles every chain must contain for the requests it covers (`actions`: the "action" fact; None: all)."""

    roles: frozenset[str]
    why: str
    actions: frozenset[str] | None = None

    def covers(self, action: str) -> bool:
        return self.actions is None or action in self.actions


@dataclass(frozen=True)
class Kind:
    """One approval kind: who may decide its steps, which roles its chains cannot skip, and the
    "action" facts its requests carry (what the chain check walks through)."""

    approvers: frozenset[str]
    actions: tuple[str, ...]
    required: tuple[Requirement, ...] = ()


CL, GL, CM = Role.COMMISSION_LEADER, Role.GROUP_LEADER, Role.CASE_MANAGEMENT

# The approval kinds of the clue module (services.ASSIGNMENT, DISPOSAL, EXTENSION), domain.md §3.
KINDS: dict[str, Kind] = {
    # 分办 is approved by the commission's leadership; no group exists yet to have a say.
    "clue.assignment": Kind(
        approvers=frozenset({CL}),
        actions=("assign",),
        required=(Requirement(frozenset({CL}), "线索分办由委领导审批"),),
    ),
    # A group's proposal goes through its leader; 案管 (the central ledger) may review; the commission
    # leadership decides 初核 and 立案 whatever the cadre's management level.
    "clue.disposal": Kind(
        approvers=frozenset({GL, CM, CL}),
        actions=tuple(Action.values),
        required=(
            Requirement(
                frozenset({CL}),
                "初步核实、立案审查调查须报委领导批准，不得越过委领导",
                frozenset({Action.VERIFICATION, Action.CASE}),
            ),
        ),
    ),
    # Extending an investigation is approved above the investigators.
    "case.extension": Kind(
        approvers=frozenset({GL, CM, CL}),
        actions=("extension",),
        required=(Requirement(frozenset({CL}), "延长审查调查期限须经委领导批准"),),
    ),
}

# The other facts rules condition on (see services._facts), walked in this order: the usual case first.
_FACT_VALUES = {
    "by_group": (True, False),
    "key_person": (False, True),
    "same_level_main": (False, True),
    "same_level_deputy": (False, True),
}


def roles_text(roles: Iterable[str]) -> str:
    return "、".join(Role(r).label for r in roles)


def check_steps(kind: str, steps: list[dict], kind_label: str) -> None:
    """Refuse a step whose role may not approve `kind` (field "steps")."""
    allowed = KINDS[kind].approvers if kind in KINDS else frozenset(Role.values) - NEVER_APPROVE
    for index, step in enumerate(steps, start=1):
        role = step["role"]
        if role in allowed:
            continue
        reason = ""
        if role in UNIT_ROLES:
            reason = "驻在部门的人员是被监督方，不参与纪检监察审批。"
        elif role in THREE_ADMINS:
            reason = "三员只管系统、授权和审计，不接触业务，不参与审批。"
        ordered = [r for r in Role.values if r in allowed]
        raise DomainError(
            f"审批步骤第{index}步的审批角色“{Role(role).label}”不能审批{kind_label}。{reason}"
            f"可选角色：{roles_text(ordered)}。",
            field="steps",
        )


def scenarios(kind: str, requirement: Requirement) -> Iterable[dict]:
    """Every combination of facts a request of `kind` covered by `requirement` can carry."""
    for action in KINDS[kind].actions:
        if not requirement.covers(action):
            continue
        for values in itertools.product(*_FACT_VALUES.values()):
            facts = dict(zip(_FACT_VALUES, values, strict=True))
            if (facts["same_level_main"] or facts["same_level_deputy"]) and not facts["key_person"]:
                continue  # a same-level-managed leader is a key person
            yield {"action": action, **facts}


def deciding(rules: Iterable[ApprovalRule], facts: dict) -> ApprovalRule | None:
    """The rule `rule_for` would pick among `rules` (active ones, lowest priority first, then oldest)."""
    ordered = sorted((r for r in rules if r.is_active), key=lambda r: (r.priority, r.pk or float("inf")))
    return next((r for r in ordered if r.matches(facts)), None)


def missing(kind: str, facts: dict, steps: Iterable[dict]) -> Requirement | None:
    """The first requirement of `kind` for these facts that `steps` leave unmet."""
    present = {step["role"] for step in steps}
    for requirement in KINDS[kind].required if kind in KINDS else ():
        if requirement.covers(facts.get("action", "")) and not requirement.roles <= present:
            return requirement
    return None


def describe(facts: dict) -> str:
    """A request's facts in words, for error messages."""
    action = facts["action"]
    words = [Action(action).label if action in Action.values else {"assign": "分办", "extension": "延期"}[action]]
    words.append("派驻组承办" if facts["by_group"] else "委机关部门承办")
    if facts["same_level_main"]:
        words.append("同级党委管理的正职")
    elif facts["same_level_deputy"]:
        words.append("同级党委管理的副职")
    elif facts["key_person"]:
        words.append("领导班子成员")
    else:
        words.append("一般干部")
    return "，".join(words)


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
    # Rules are validated when saved; this guards rows written around the service (or before the check).
    unfit = [
        s["role"]
        for s in steps
        if s["role"] in NEVER_APPROVE or (kind in KINDS and s["role"] not in KINDS[kind].approvers)
    ]
    gap = missing(kind, facts, steps)
    if unfit or gap:
        problem = (
            f"含不能审批此事项的角色“{roles_text(unfit)}”"
            if unfit
            else f"缺少{roles_text(gap.roles)}审批环节（{gap.why}）"
        )
        raise DomainError(f"审批规则“{rule.name}”{problem}，不能提出申请；请系统管理员修正审批规则。")
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


# ---------------------------------------------------------------- the rule set as a whole

_CHANGES = ("is_active", "priority", "conditions", "kind")  # what can make a rule decide other requests


def check_chains(rule: ApprovalRule) -> None:
    """Refuse saving `rule` if, with the other rules as they stand, a request would then skip a required role.

    Only the requests this save touches are checked: those `rule` would decide, and those it decided before
    and another rule would take over (switching off the 初核 rule must not leave "其他：组长审批" deciding 初核).
    No rule at all is not a gap: `rule_for` then refuses the request.
    """
    stored = ApprovalRule.objects.filter(pk=rule.pk).first() if rule.pk else None
    changed = [name for name in _CHANGES if stored is not None and getattr(stored, name) != getattr(rule, name)]
    for kind in dict.fromkeys([rule.kind, stored.kind if stored else rule.kind]):
        if kind not in KINDS:
            continue
        others = ApprovalRule.objects.filter(kind=kind)
        others = list(others.exclude(pk=rule.pk) if rule.pk else others)
        before = others + ([stored] if stored is not None and stored.kind == kind else [])
        after = others + ([rule] if rule.kind == kind else [])
        for requirement in KINDS[kind].required:
            for facts in scenarios(kind, requirement):
                _check_scenario(rule, stored, changed, facts, deciding(before, facts), deciding(after, facts))


def _check_scenario(rule, stored, changed, facts, was, winner) -> None:
    if winner is None or (winner is not rule and (stored is None or was is not stored)):
        return  # this save does not decide these requests
    gap = missing(winner.kind, facts, winner.steps)
    if gap is None:
        return
    roles = roles_text(gap.roles)
    if winner is not rule:
        raise DomainError(
            f"保存后，{describe(facts)}的申请将改按规则“{winner.name}”审批，该规则没有{roles}审批环节（{gap.why}）。",
            field=changed[0] if changed else "conditions",
        )
    newly_deciding = stored is not None and was is not stored and missing(stored.kind, facts, stored.steps)
    if newly_deciding and changed:
        raise DomainError(
            f"保存后，{describe(facts)}的申请将按本规则审批，而本规则没有{roles}审批环节（{gap.why}）。",
            field=changed[0],
        )
    raise DomainError(
        f"审批步骤须包含{roles}：{gap.why}。按此规则，{describe(facts)}的申请将不经{roles}审批。", field="steps"
    )
