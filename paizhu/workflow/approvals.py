"""A generic approval engine: requests of ordered steps, each decided by a role, chosen by `ApprovalRule` data.

The subject is any model instance. Each app registers its approval kinds (`register(Kind(...))`): who may
approve, which roles a chain cannot skip, the facts rules may condition on, and the typed handlers that
carry out an approved or refused request. `services.decide_approval` is the one decision path for every
kind: it checks, locks, decides, calls the kind's handler, and writes the timeline and the audit entry.
"""

import datetime
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, OuterRef, Q, QuerySet
from django.utils import timezone

from paizhu.core.errors import DomainError, IllegalTransition, PermissionDenied
from paizhu.core.roles import THREE_ADMINS, UNIT_ROLES, Role

from .models import Approval, ApprovalRule

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

PENDING, APPROVED, REFUSED = "pending", "approved", "refused"

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


def _everything_consistent(facts: dict) -> bool:
    return True


@dataclass(frozen=True)
class Matter:
    """How the inbox and the decision page name a request's subject: its serial number (the link's text), its
    detail page, one line on what it is about, and its current deadline."""

    serial: str
    url: str = ""
    summary: str = ""
    due: datetime.date | None = None


def _numbered(ids: Iterable[int]) -> dict[int, Matter]:
    return {pk: Matter(f"第 {pk} 号") for pk in ids}


def _nothing_more(user: "Actor", approval, subject) -> dict:
    return {}


def _asks_nothing(rows: Iterable[Approval]) -> dict[int, str]:
    return {}


@dataclass(frozen=True)
class Kind:
    """One approval kind.

    `model`: the subject's model label ("clues.Clue"). `approvers`: the roles that may decide its steps.
    `actions`: the values of the "action" fact its requests carry. `facts`: the other facts rules may
    condition on, each with its description and the values the chain check walks (the usual one first);
    `consistent` drops combinations no request can carry. `describe_facts` puts a request's facts in words.
    `describe(ids) -> {id: Matter}` names the subjects (matters of `model`) of many requests at once, in a fixed
    number of queries, for the inbox and the decision page; `request_template` (with `request_context(user,
    approval, subject) -> dict`) shows what a request asks on the decision page; `asks(rows) -> {approval id:
    words}` says it in one line for the inbox (拟处置方式: "谈话函询", "分办：拟由…承办"), for many rows at once.
    `group_path`: the ORM path from the subject to its dispatch group ("group_id", "clue__group_id"): a group
    step is decided by that group's leader only (empty: the kind has no group steps).
    `approved(actor, subject, approval) -> str` carries out the last approval and says what happened;
    `refused(actor, subject, approval)` undoes the request's move. `codes`: the audit codes of a decision.
    """

    name: str
    label: str
    model: str
    approvers: frozenset[str]
    actions: tuple[str, ...]
    approved: Callable[[Any, Any, Approval], str]
    refused: Callable[[Any, Any, Approval], None]
    required: tuple[Requirement, ...] = ()
    facts: Mapping[str, tuple[str, tuple]] = field(default_factory=dict)
    consistent: Callable[[dict], bool] = _everything_consistent
    describe_facts: Callable[[dict], str] = str
    describe: Callable[[Iterable[int]], dict[int, "Matter"]] = _numbered
    request_template: str = ""
    request_context: Callable[[Any, Approval, Any], dict] = _nothing_more
    asks: Callable[[Iterable[Approval]], dict[int, str]] = _asks_nothing
    group_path: str = ""
    codes: tuple[str, str] = ("approval.approved", "approval.refused")


_KINDS: dict[str, Kind] = {}


def group_of(spec: Kind, subject) -> int | None:
    value = subject
    for part in spec.group_path.split("__") if spec.group_path else ():
        value = getattr(value, part, None)
    return value if spec.group_path else None


def register(kind: Kind) -> Kind:
    _KINDS[kind.name] = kind
    return kind


def kinds() -> dict[str, Kind]:
    return dict(_KINDS)


def kind(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise DomainError("审批事项无效。", field="kind") from None


def roles_text(roles: Iterable[str]) -> str:
    return "、".join(Role(r).label for r in roles)


# ---------------------------------------------------------------- what a rule of each kind may say


def check_rule(name: str, conditions, steps, *, priority: int = 100, is_active: bool = True, pk=None) -> None:
    """Refuse a rule the engine could not apply or the rules forbid.

    Unknown kind, fact or role, or an empty chain; an approver the kind does not allow (never the
    supervised unit's 党组书记/联络员, never one of the 三员); or a chain that, with the other rules as they
    stand, lets a request skip a role its kind requires.
    """
    spec = kind(name)
    if not isinstance(conditions, dict):
        raise DomainError('适用条件须为对象，如 {"action": ["verification", "case"]}。', field="conditions")
    unknown = [key for key in conditions if key != "action" and key not in spec.facts]
    if unknown:
        raise DomainError(f"未知的适用条件：{'、'.join(unknown)}。", field="conditions")
    if not isinstance(steps, list) or not steps:
        raise DomainError("请至少配置一个审批步骤。", field="steps")
    for index, step in enumerate(steps, start=1):
        if not isinstance(step, dict) or step.get("role") not in Role.values:
            raise DomainError(f"第{index}步的审批角色无效。", field="steps")
        if set(step) - {"role", "label", "attestation"}:
            raise DomainError(f"第{index}步含未知项，只能有 role、label、attestation。", field="steps")
        if not all(isinstance(step.get(key, ""), str) for key in ("label", "attestation")):
            raise DomainError(f"第{index}步的 label、attestation 须为文字。", field="steps")
    _check_steps(spec, steps)
    candidate = ApprovalRule(
        pk=pk, kind=name, name="本规则", priority=priority, conditions=conditions, steps=steps, is_active=is_active
    )
    _check_chains(candidate)


def _check_steps(spec: Kind, steps: list[dict]) -> None:
    """Refuse a step whose role may not approve the kind (field "steps")."""
    for index, step in enumerate(steps, start=1):
        role = step["role"]
        if role in spec.approvers and role not in NEVER_APPROVE:
            continue
        reason = ""
        if role in UNIT_ROLES:
            reason = "驻在部门的人员是被监督方，不参与纪检监察审批。"
        elif role in THREE_ADMINS:
            reason = "三员只管系统、授权和审计，不接触业务，不参与审批。"
        ordered = [r for r in Role.values if r in spec.approvers]
        raise DomainError(
            f"审批步骤第{index}步的审批角色“{Role(role).label}”不能审批{spec.label}。{reason}"
            f"可选角色：{roles_text(ordered)}。",
            field="steps",
        )


def scenarios(spec: Kind, requirement: Requirement) -> Iterable[dict]:
    """Every combination of facts a request of the kind covered by `requirement` can carry."""
    names = list(spec.facts)
    for action in spec.actions:
        if not requirement.covers(action):
            continue
        for values in itertools.product(*(spec.facts[n][1] for n in names)):
            facts = {"action": action, **dict(zip(names, values, strict=True))}
            if spec.consistent(facts):
                yield facts


def deciding(rules: Iterable[ApprovalRule], facts: dict) -> ApprovalRule | None:
    """The rule `rule_for` would pick among `rules` (active ones, lowest priority first, then oldest)."""
    ordered = sorted((r for r in rules if r.is_active), key=lambda r: (r.priority, r.pk or float("inf")))
    return next((r for r in ordered if r.matches(facts)), None)


def missing(name: str, facts: dict, steps: Iterable[dict]) -> Requirement | None:
    """The first requirement of the kind for these facts that `steps` leave unmet."""
    present = {step["role"] for step in steps}
    spec = _KINDS.get(name)
    for requirement in spec.required if spec else ():
        if requirement.covers(facts.get("action", "")) and not requirement.roles <= present:
            return requirement
    return None


_CHANGES = ("is_active", "priority", "conditions", "kind")  # what can make a rule decide other requests


def _check_chains(rule: ApprovalRule) -> None:
    """Refuse saving `rule` if, with the other rules as they stand, a request would then skip a required role.

    Only the requests this save touches are checked: those `rule` would decide, and those it decided before
    and another rule would take over (switching off the 初核 rule must not leave "其他：组长审批" deciding 初核).
    No rule at all is not a gap: `rule_for` then refuses the request.
    """
    stored = ApprovalRule.objects.filter(pk=rule.pk).first() if rule.pk else None
    changed = [name for name in _CHANGES if stored is not None and getattr(stored, name) != getattr(rule, name)]
    for name in dict.fromkeys([rule.kind, stored.kind if stored else rule.kind]):
        spec = _KINDS.get(name)
        if spec is None:
            continue
        same_kind = ApprovalRule.objects.filter(kind=name)
        others = list(same_kind.exclude(pk=rule.pk) if rule.pk else same_kind)
        before = others + ([stored] if stored is not None and stored.kind == name else [])
        after = others + ([rule] if rule.kind == name else [])
        for requirement in spec.required:
            for facts in scenarios(spec, requirement):
                _check_scenario(rule, stored, changed, facts, deciding(before, facts), deciding(after, facts))


def _check_scenario(rule, stored, changed, facts, was, winner) -> None:
    if winner is None or (winner is not rule and (stored is None or was is not stored)):
        return  # this save does not decide these requests
    gap = missing(winner.kind, facts, winner.steps)
    if gap is None:
        return
    roles = roles_text(gap.roles)
    words = _KINDS[winner.kind].describe_facts(facts)
    if winner is not rule:
        raise DomainError(
            f"保存后，{words}的申请将改按规则“{winner.name}”审批，该规则没有{roles}审批环节（{gap.why}）。",
            field=changed[0] if changed else "conditions",
        )
    newly_deciding = stored is not None and was is not stored and missing(stored.kind, facts, stored.steps)
    if newly_deciding and changed:
        raise DomainError(
            f"保存后，{words}的申请将按本规则审批，而本规则没有{roles}审批环节（{gap.why}）。",
            field=changed[0],
        )
    raise DomainError(f"审批步骤须包含{roles}：{gap.why}。按此规则，{words}的申请将不经{roles}审批。", field="steps")


# ---------------------------------------------------------------- requests and decisions


def rule_for(name: str, facts: dict) -> ApprovalRule:
    for rule in ApprovalRule.objects.filter(kind=name, is_active=True).order_by("priority", "id"):
        if rule.matches(facts):
            return rule
    raise DomainError("未配置适用的审批规则，请系统管理员在“审批规则”中配置。")


def current(subject, name: str | None = None) -> Approval | None:
    rows = Approval.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk, is_current=True
    )
    if name:
        rows = rows.filter(kind=name)
    return rows.first()


def approved_on(subject, name: str) -> datetime.date | None:
    """The day (Beijing time) the latest request of kind `name` on `subject` was finally approved: a step
    taken on its strength cannot be dated before it."""
    last = Approval.objects.filter(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        kind=name,
        decision=Approval.Decision.APPROVED,
    ).aggregate(at=Max("decided_at"))["at"]
    return timezone.localdate(last) if last else None


def open_request(
    actor: "Actor", subject, name: str, *, facts: dict, payload: dict, skip_roles: frozenset[str] = frozenset()
) -> list[Approval]:
    """Start a request: one row per step of the matching rule (steps of `skip_roles` left out).

    Called by an app's service inside its transaction, after it has locked the subject."""
    spec = kind(name)
    if current(subject) is not None:
        raise DomainError("该事项已有审批中的申请，请待审批完成后再提出。")
    rule = rule_for(name, facts)
    steps = [s for s in rule.steps if s["role"] not in skip_roles]
    if not steps:
        raise DomainError(f"审批规则“{rule.name}”没有适用的审批步骤。")
    # Rules are validated when saved; this guards rows written around the service (or before the check).
    unfit = [s["role"] for s in steps if s["role"] in NEVER_APPROVE or s["role"] not in spec.approvers]
    gap = missing(name, facts, steps)
    if unfit or gap:
        problem = (
            f"含不能审批此事项的角色“{roles_text(unfit)}”"
            if unfit or gap is None
            else f"缺少{roles_text(gap.roles)}审批环节（{gap.why}）"
        )
        raise DomainError(f"审批规则“{rule.name}”{problem}，不能提出申请；请系统管理员修正审批规则。")
    content_type = ContentType.objects.get_for_model(subject)
    last = Approval.objects.filter(content_type=content_type, object_id=subject.pk, kind=name).aggregate(
        m=Max("round")
    )["m"]
    now = timezone.now()
    rows = [
        Approval(
            content_type=content_type,
            object_id=subject.pk,
            kind=name,
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


def may_decide(user: "Actor", approval: Approval | None, subject) -> bool:
    """Whether the approval button shows: the step is the user's role's, not their own request, and for a group
    step, their group's. `services.decide_approval` refuses on the same predicate."""
    if approval is None or approval.role != user.acting_role or approval.requested_by_id == user.pk:
        return False
    if approval.role != Role.GROUP_LEADER:
        return True
    grant = user.acting_grant
    return grant is not None and grant.group_id == group_of(kind(approval.kind), subject)


def decide(actor: "Actor", approval: Approval, *, approve: bool, opinion: str = "", attested: bool = False) -> str:
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


def inbox(user: "Actor") -> QuerySet:
    """Current steps waiting for the user's acting role, on subjects the user may see (the subject's policy
    decides; a group's staff decide their own group's steps only, and `may_decide` checks each request)."""
    from paizhu.core.roles import GROUP_ROLES

    grant = user.acting_grant
    if grant is None:
        return Approval.objects.none()
    restrict = {}
    if grant.role in GROUP_ROLES:
        restrict = {
            label: {k.group_path: grant.group_id for k in _KINDS.values() if k.model == label and k.group_path}
            for label in {k.model for k in _KINDS.values()}
        }
    which = about_visible(user, {k.model for k in _KINDS.values()}, restrict)
    return Approval.objects.filter(role=grant.role, is_current=True, kind__in=list(_KINDS)).filter(which)


def approver_roles() -> frozenset[str]:
    """The roles that may hold a step of some registered kind: the inbox exists for them alone."""
    return frozenset().union(*(k.approvers for k in _KINDS.values())) - NEVER_APPROVE


def with_matters(rows: list[Approval]) -> list[Approval]:
    """Attach to each approval its kind (`row.spec`), its subject's `Matter` (`row.matter`) and what it asks
    (`row.asks`): one `describe` call per kind's model and one `asks` call per kind, whatever the number of rows."""
    wanted: dict[tuple, set[int]] = defaultdict(set)
    for row in rows:
        row.spec = kind(row.kind)
        wanted[(row.spec.model, row.spec.describe)].add(row.object_id)
    described = {key: key[1](ids) for key, ids in wanted.items()}
    asking: dict[Callable, list[Approval]] = defaultdict(list)
    for row in rows:
        found = described[(row.spec.model, row.spec.describe)]
        row.matter = found.get(row.object_id) or _numbered([row.object_id])[row.object_id]
        asking[row.spec.asks].append(row)
    asked = {pk: words for asks, some in asking.items() for pk, words in asks(some).items()}
    for row in rows:
        row.asks = asked.get(row.pk, "")
    return rows


def about_visible(user: "Actor", labels, restrict: dict[str, dict] | None = None) -> Q:
    """Rows naming a matter by (content_type, object_id) whose matter the user may see: one probe per row and
    model over the user's scope, by the matter's primary key, so that a badge or an inbox page read in the
    inbox index's order stops at its limit. `restrict`: extra filters on a model's matters, by label.

    The probe is a *correlated* `object_id IN (SELECT pk ... WHERE pk = object_id)`, not an EXISTS: PostgreSQL
    turns an EXISTS into a semi-join or a hashed subplan, and then builds the set of every visible matter id
    first (47,000 clue rows for one group at 200,000 clues, a second per badge); a correlated IN can only be
    evaluated row by row, three index lookups each (tests/access/test_scope_plan.py reads the plan).
    """
    from django.apps import apps

    from paizhu import access

    which = Q(pk__in=[])
    for label in sorted(labels):
        model = apps.get_model(label)
        visible = access.scope(user, model).filter(pk=OuterRef("object_id"), **(restrict or {}).get(label, {}))
        which |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=visible.values("pk"))
    return which
