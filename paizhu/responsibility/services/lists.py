"""主体责任清单 and 签字背书: every change to a list, each in one transaction with its timeline row and audit entry.

A unit's own users (党组书记, 联络员) write their unit's lists; the group reads them (see ../access.py).
Signers are the unit's users: each step of the chain names one of them (who holds an active 党组书记 or
联络员 grant at the unit, with their post taken from their cadre record), and only that user, logged in
as themself and acting in that grant, may sign it.
"""

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from paizhu import access
from paizhu.accounts.models import RoleGrant, User
from paizhu.audit.chain import canonical_bytes, sm3_hex
from paizhu.audit.services import record
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.roles import UNIT_ROLES
from paizhu.org.models import Person, Unit
from paizhu.workflow import timeline
from paizhu.workflow.transitions import Event, commit, move

from ..models import ListItem, ResponsibilityList, Signature

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

Level = ResponsibilityList.Level
Status = ResponsibilityList.Status
TEXT_LIMIT = 2000


def _text(value: str, label: str, field: str, *, required: bool = False, limit: int = TEXT_LIMIT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"请填写“{label}”。", field=field)
    if len(value) > limit:
        raise DomainError(f"“{label}”不能超过{limit}字。", field=field)
    return value


def may_write_for(user: "Actor", unit_id: int) -> bool:
    """Whether the user, in their acting grant, writes the responsibility records of this unit (its own users)."""
    grant = getattr(user, "acting_grant", None)
    return grant is not None and grant.role in UNIT_ROLES and grant.unit_id == unit_id


def _require_writer(user: "Actor", unit: Unit) -> None:
    if not may_write_for(user, unit.pk):
        raise PermissionDenied("只有本单位的党组书记或联络员可以编制本单位的主体责任清单。", model=Unit, pk=unit.pk)


# --- content and its hash ---


def content_of(rlist: ResponsibilityList) -> dict:
    """What a signature covers: the list's header and its items (not their progress, which is reported later)."""
    return {
        "unit": rlist.unit_id,
        "year": rlist.year,
        "level": rlist.level,
        "person": rlist.person_id,
        "area": rlist.area,
        "revision": rlist.revision,
        "items": [
            {
                "kind": item.kind,
                "task": item.task,
                "measures": item.measures,
                "due_on": item.due_on.isoformat() if item.due_on else None,
                "evidence": item.evidence,
            }
            for item in rlist.items.order_by("kind", "position", "id")
        ],
    }


def content_hash(rlist: ResponsibilityList) -> str:
    """The SM3 digest of the list's content, in the audit chain's canonical form."""
    return sm3_hex(canonical_bytes(content_of(rlist)))


# --- creating lists ---


def _check_person(unit: Unit, level: str, person: Person | None) -> None:
    if level == Level.COLLECTIVE:
        if person is not None:
            raise DomainError("领导班子集体责任清单不指定个人。", field="person")
        return
    if person is None:
        raise DomainError("请选择责任人。", field="person")
    if person.unit_id != unit.pk or not person.is_leadership_member:
        raise DomainError("责任人须为本单位领导班子成员。", field="person")


def create_list(
    actor: "Actor", *, unit: Unit, year: int, level: str, person: Person | None = None, area: str = ""
) -> ResponsibilityList:
    """新建清单 for one responsible party of the unit and year."""
    _require_writer(actor, unit)
    if level not in Level.values:
        raise DomainError("请选择责任层级。", field="level")
    if not 2000 <= year <= shanghai_today().year + 1:
        raise DomainError("年度不正确。", field="year")
    _check_person(unit, level, person)
    area = _text(area, "分管领域", "area", required=level == Level.MEMBER, limit=200)
    with transaction.atomic():
        if _existing(unit, year, level, person).exists():
            raise DomainError("该责任人本年度的清单已存在。", field="person" if person else "level")
        rlist = ResponsibilityList.objects.create(
            unit=unit, year=year, level=level, person=person, area=area, created_by=actor
        )
        timeline.write(actor, rlist, "responsibility.list_created", "新建清单", after=rlist.status)
        record(actor, "responsibility.list_created", rlist, {"year": year, "level": level})
    return rlist


def _existing(unit: Unit, year: int, level: str, person: Person | None) -> QuerySet[ResponsibilityList]:
    qs = ResponsibilityList.objects.filter(unit=unit, year=year)
    return qs.filter(person=person) if person is not None else qs.filter(level=level, person__isnull=True)


def _next_year(day: datetime.date | None) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 2月29日
        return day.replace(year=day.year + 1, day=28)


def copy_last_year(actor: "Actor", unit: Unit, year: int) -> list[ResponsibilityList]:
    """沿用上年度清单: each of last year's lists the unit does not have yet this year, items and timelines carried
    a year on, progress cleared; cadres no longer in the leadership are left out (their successor's list is new)."""
    _require_writer(actor, unit)
    created = []
    with transaction.atomic():
        for old in ResponsibilityList.objects.filter(unit=unit, year=year - 1).select_related("person"):
            person = old.person
            if person is not None and not (
                person.is_active and person.is_leadership_member and person.unit_id == unit.pk
            ):
                continue
            if _existing(unit, year, old.level, person).exists():
                continue
            rlist = ResponsibilityList.objects.create(
                unit=unit, year=year, level=old.level, person=person, area=old.area, copied_from=old, created_by=actor
            )
            ListItem.objects.bulk_create(
                ListItem(
                    responsibility_list=rlist,
                    kind=item.kind,
                    position=item.position,
                    task=item.task,
                    measures=item.measures,
                    due_on=_next_year(item.due_on),
                    evidence=item.evidence,
                )
                for item in old.items.all()
            )
            timeline.write(actor, rlist, "responsibility.list_copied", f"沿用{old.year}年度清单", after=rlist.status)
            record(actor, "responsibility.list_copied", rlist, {"from": old.pk, "year": year})
            created.append(rlist)
        if not created:
            raise DomainError(f"{year - 1}年度没有可沿用的清单，或本年度清单均已建立。")
    return created


# --- changing a list: a list under signature or signed becomes a new revision ---


def _locked(actor: "Actor", rlist: ResponsibilityList, version: int | None) -> ResponsibilityList:
    return access.lock_for_act(actor, ResponsibilityList, rlist.pk, version=version)


def _reopen(actor: "Actor", locked: ResponsibilityList, what: str) -> None:
    """A change to a list under signature or signed: a new revision, its old signatures void."""
    if locked.status == Status.DRAFT:
        return
    before = locked.status
    old = locked.revision
    move(locked, "revise", "修改")
    Signature.objects.filter(responsibility_list=locked, revision=old).update(void=True)
    timeline.write(
        actor,
        locked,
        "responsibility.list_revised",
        f"修改第{old}版（{what}），生成第{locked.revision}版，需重新签字背书",
        before=before,
        after=locked.status,
    )
    record(actor, "responsibility.list_revised", locked, {"from_revision": old, "revision": locked.revision})


def save_item(
    actor: "Actor",
    rlist: ResponsibilityList,
    *,
    version: int | None,
    item_id: int | None = None,
    kind: str,
    task: str,
    measures: str = "",
    due_on: datetime.date | None = None,
    evidence: str = "",
) -> ListItem:
    """Add or change one item (任务、措施、时限、佐证材料)."""
    task = _text(task, "责任内容", "task", required=True, limit=300)
    measures = _text(measures, "工作措施", "measures")
    evidence = _text(evidence, "佐证材料", "evidence", limit=300)
    if kind not in ListItem.Kind.values:
        raise DomainError("请选择清单类别。", field="kind")
    with transaction.atomic():
        locked = _locked(actor, rlist, version)
        if kind == ListItem.Kind.DUTY and due_on is None:
            raise DomainError("请填写“完成时限”。", field="due_on")
        if due_on is not None and due_on.year != locked.year:
            raise DomainError(f"完成时限应在清单年度（{locked.year}年）内。", field="due_on")
        if kind == ListItem.Kind.TRIGGER:
            due_on = None
        _reopen(actor, locked, "修改事项")
        if item_id is None:
            last = locked.items.filter(kind=kind).aggregate(n=Max("position"))["n"] or 0
            item = ListItem(responsibility_list=locked, position=last + 1)
        else:
            found = locked.items.filter(pk=item_id).first()
            if found is None:
                raise DomainError("该事项已不在清单中，请刷新后重试。")
            item = found
        item.kind, item.task, item.measures, item.due_on, item.evidence = kind, task, measures, due_on, evidence
        item.save()
        commit(
            actor,
            locked,
            Event("responsibility.item_saved", f"保存事项：{task[:40]}", details={"item": item.pk}),
            before=locked.status,
        )
    return item


def remove_item(actor: "Actor", rlist: ResponsibilityList, *, version: int | None, item_id: int) -> ResponsibilityList:
    with transaction.atomic():
        locked = _locked(actor, rlist, version)
        item = locked.items.filter(pk=item_id).first()
        if item is None:
            raise DomainError("该事项已不在清单中，请刷新后重试。")
        _reopen(actor, locked, "删除事项")
        task = item.task
        item.delete()
        return commit(
            actor,
            locked,
            Event("responsibility.item_removed", f"删除事项：{task[:40]}", details={"item": item_id}),
            before=locked.status,
        )


def report_progress(
    actor: "Actor",
    rlist: ResponsibilityList,
    *,
    version: int | None,
    item_id: int,
    progress: str,
    done_on: datetime.date | None = None,
) -> ListItem:
    """填报进度: how far a duty has come. Progress is not what was signed: it changes no revision."""
    progress = _text(progress, "推进情况", "progress", required=True)
    if done_on is not None and done_on > shanghai_today():
        raise DomainError("完成日期不能晚于今天。", field="done_on")
    with transaction.atomic():
        locked = _locked(actor, rlist, version)
        item = locked.items.filter(pk=item_id, kind=ListItem.Kind.DUTY).first()
        if item is None:
            raise DomainError("该事项已不在清单中，请刷新后重试。")
        item.progress, item.done_on = progress, done_on
        item.save(update_fields=["progress", "done_on"])
        event = Event(
            "responsibility.item_progress",
            f"填报进度：{item.task[:40]}{'（已完成）' if done_on else ''}",
            opinion=progress,
            details={"item": item.pk, "done_on": done_on.isoformat() if done_on else None},
        )
        commit(actor, locked, event, before=locked.status)
    return item


# --- 签字背书 ---


def signer_choices(unit_id: int) -> QuerySet[User]:
    """The unit's users who may be named as signers: an active 党组书记 or 联络员 grant at the unit."""
    grants = RoleGrant.objects.active().filter(unit_id=unit_id, role__in=UNIT_ROLES)
    return (
        User.objects.filter(pk__in=grants.values("user_id"), is_active=True)
        .select_related("person")
        .order_by("full_name", "id")
    )


def _post(user: User) -> str:
    person = user.person
    return person.post if person is not None else ""


def start_signing(
    actor: "Actor", rlist: ResponsibilityList, *, version: int | None, signers: Mapping[int, User]
) -> ResponsibilityList:
    """提交签字背书: the content's hash is fixed and each step of the chain names its signer."""
    steps = Signature.Step.values
    missing = [Signature.Step(step).label for step in steps if signers.get(step) is None]
    if missing:
        raise DomainError(f"请指定{'、'.join(missing)}。", field=f"step_{steps[len(steps) - len(missing)]}")
    with transaction.atomic():
        locked = _locked(actor, rlist, version)
        if not locked.items.exists():
            raise DomainError("清单尚无事项，不能提交签字。")
        allowed = set(signer_choices(locked.unit_id).values_list("pk", flat=True))
        for step in steps:
            if signers[step].pk not in allowed:
                raise DomainError("签字人须为本单位在用账户的人员。", field=f"step_{step}")
        before = locked.status
        digest = content_hash(locked)
        move(locked, "submit", "提交签字", digest)
        Signature.objects.bulk_create(
            Signature(
                responsibility_list=locked,
                revision=locked.revision,
                step=step,
                signer=signers[step],
                signer_name=signers[step].full_name or signers[step].username,
                signer_post=_post(signers[step]),
                content_hash=digest,
            )
            for step in steps
        )
        names = "→".join(f"{Signature.Step(s).label}{signers[s].full_name}" for s in steps)
        return commit(
            actor,
            locked,
            Event("responsibility.signing_started", f"提交签字背书（第{locked.revision}版）", names, {"hash": digest}),
            before=before,
        )


def pending(rlist: ResponsibilityList) -> list[Signature]:
    """The current revision's signatures not yet given, in chain order."""
    return [s for s in current_signatures(rlist) if s.signed_at is None]


def current_signatures(rlist: ResponsibilityList) -> list[Signature]:
    cached = getattr(rlist, "_current_signatures", None)
    if cached is None:
        cached = [s for s in rlist.signatures.all() if s.revision == rlist.revision and not s.void]
        rlist._current_signatures = cached  # type: ignore[attr-defined]
    return cached


def next_signature(rlist: ResponsibilityList) -> Signature | None:
    if rlist.status != Status.SIGNING:
        return None
    waiting = pending(rlist)
    return waiting[0] if waiting else None


def may_sign(user: "Actor", rlist: ResponsibilityList) -> bool:
    """The sign button and the service's rule: the next step's named signer, acting in their unit grant."""
    nxt = next_signature(rlist)
    return nxt is not None and nxt.signer_id == getattr(user, "pk", None) and may_write_for(user, rlist.unit_id)


def sign(actor: "Actor", rlist: ResponsibilityList, *, version: int | None, opinion: str) -> ResponsibilityList:
    """签字: the next step of the chain, by its named signer only; the last signature freezes the list."""
    opinion = _text(opinion, "签字意见", "opinion", required=True, limit=500)
    with transaction.atomic():
        locked = _locked(actor, rlist, version)
        nxt = next_signature(locked)
        if nxt is None:
            raise DomainError(f"当前状态为“{locked.get_status_display()}”，没有待签字的环节。")
        if nxt.signer_id != actor.pk:
            raise PermissionDenied(
                f"本环节（{nxt.get_step_display()}）须由{nxt.signer_name}本人登录签字，他人不能代签。",
                model=ResponsibilityList,
                pk=locked.pk,
                action="sign",
            )
        digest = content_hash(locked)
        if digest != nxt.content_hash or digest != locked.signed_hash:
            raise DomainError("清单内容与提交签字时不一致，请重新提交签字。")
        nxt.opinion, nxt.signed_at = opinion, timezone.now()
        nxt.save(update_fields=["opinion", "signed_at"])
        before = locked.status
        last = not [s for s in pending(locked) if s.pk != nxt.pk]
        details = {"step": nxt.step, "revision": locked.revision, "hash": digest}
        if last:
            move(locked, "freeze", "签字", nxt.signed_at)
        event = Event(
            "responsibility.signed",
            f"{nxt.get_step_display()}签字（第{locked.revision}版）",
            opinion,
            details,
        )
        commit(actor, locked, event, before=before)
        if last:
            record(actor, "responsibility.list_frozen", locked, {"revision": locked.revision, "hash": digest})
        return locked


def unsigned_by(rlists: Sequence[ResponsibilityList]) -> dict[int, list[Signature]]:
    """For the group: who has not signed yet, per list (lists prefetched with their signatures)."""
    return {r.pk: pending(r) for r in rlists if r.status == Status.SIGNING}
