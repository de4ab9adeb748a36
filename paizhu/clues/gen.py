"""`paizhu gen` for 问题线索: clues in every state of the workflow, with subjects, handlers, timeline,
approvals, cases, search entries and audit entries (docs/benchmarks.md).

Each clue's story is played by the demo's own story machine (`clues/demo.py`: `tell`), so
states, methods, approval chains and due dates are the ones the demo and the services produce — the
working-day limits of `limits.py` included. Two things are swapped while it plays, because they would
cost a query per clue: the approval rules are read once (same `ApprovalRule.matches`), and case serials
come from the generator's counters (advanced in `SerialCounter` at the end, like `next_serial`).

Dates spread over the requested years: open clues are mostly recent (some stale ones run overdue),
concluded ones anywhere from two months to `--years` back. Group and unit follow the coverage on the day
received; a petition clue cites a generated report of the same unit received before it.
"""

import bisect
import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from paizhu.accounts.models import RoleGrant, User
from paizhu.core import search
from paizhu.core.errors import DomainError
from paizhu.core.generators import DEFER_INDEXES_FROM, GenContext
from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.org.models import Coverage, DispatchedStaff, DispatchGroup, Person
from paizhu.workflow.models import Approval, ApprovalRule

from . import demo, limits
from .models import Case, CloseKind, CloseReason, Clue, ClueEvent, ReviewTalk, Source

STALE_SHARE = 0.15  # open clues received long ago (overdue in the ledger)
READS_PER_CLUE = (0, 1, 1, 2, 3)
SUBJECTS = ("clue_id", "person_id")
HANDLERS = ("clue_id", "user_id")
SEARCH = ("content_type_id", "object_id", "tokens", "indexed_at")


def existing() -> int:
    return Clue.objects.count()


class _Rules:
    """`approvals.rule_for` over rules read once (the same order and `matches`)."""

    def __init__(self):
        self.by_kind = defaultdict(list)
        for rule in ApprovalRule.objects.filter(is_active=True).order_by("priority", "id"):
            self.by_kind[rule.kind].append(rule)

    def rule_for(self, kind: str, facts: dict) -> ApprovalRule:
        for rule in self.by_kind[kind]:
            if rule.matches(facts):
                return rule
        raise DomainError("未配置适用的审批规则，请系统管理员在“审批规则”中配置。")


class _Swapped:
    """Swap module attributes of `clues.demo` while the stories play; restored on exit."""

    def __init__(self, **attributes):
        self.attributes, self.saved = attributes, {}

    def __enter__(self):
        for name, value in self.attributes.items():
            self.saved[name] = getattr(demo, name)
            setattr(demo, name, value)

    def __exit__(self, *exc):
        for name, value in self.saved.items():
            setattr(demo, name, value)


def _who(user, label):
    return (user, user.full_name or user.username, label) if user else (None, "", label)


def generate(ctx: GenContext) -> None:
    if not ctx.clues:
        return
    rng, writer, today = ctx.rng, ctx.writer, ctx.today
    if not ApprovalRule.objects.exists():
        raise RuntimeError("未配置审批规则（clues 迁移 0002 写入默认规则），无法生成问题线索。")
    users = {u.username: u for u in User.objects.filter(username__in=("anguan", "wei", "shenli"))}
    anguan = _who(users.get("anguan"), "案件监督管理室")
    wei = _who(users.get("wei"), "委领导")
    shenli = _who(users.get("shenli"), "案件审理室")
    groups = {g.pk: g for g in DispatchGroup.objects.filter(is_active=True)}
    leaders = {
        s.group_id: s.person.name
        for s in DispatchedStaff.objects.filter(valid_to__isnull=True, role=DispatchedStaff.Role.LEADER).select_related(
            "person"
        )
    }
    staff = defaultdict(lambda: {"members": [], "leader": None})
    for grant in RoleGrant.objects.active().filter(role__in=GROUP_ROLES).select_related("user").order_by("pk"):
        if grant.role == Role.GROUP_LEADER:
            staff[grant.group_id]["leader"] = staff[grant.group_id]["leader"] or grant.user
        else:
            staff[grant.group_id]["members"].append(grant.user)
    spans = defaultdict(list)
    units = {}
    for cov in Coverage.objects.select_related("unit"):
        spans[cov.group_id].append((cov.unit, cov.valid_from, cov.valid_to))
        units[cov.unit_id] = cov.unit
    people_by_unit = defaultdict(list)
    for person in Person.objects.filter(unit__isnull=False, is_active=True, dispatches__isnull=True):
        people_by_unit[person.unit_id].append(person)
    group_ids = [g for g in groups if any(people_by_unit[u.pk] for u, _, _ in spans[g])]
    if not group_ids:
        raise RuntimeError("没有派驻组的监督单位有干部名册，无法生成问题线索。")
    weights = [3 if groups[g].ordinal in (2, 4) else 1 for g in group_ids]
    reasons = {k: list(CloseReason.objects.filter(kind=k).values_list("text", flat=True)) for k in CloseKind.values}
    kinds, kind_weights = zip(*demo.STORIES, strict=True)
    sources, source_weights, source_details = zip(*demo.SOURCES, strict=True)
    reports = {unit: ([d for d, _, _ in rows], rows) for unit, rows in ctx.shared.get("reports_by_unit", {}).items()}
    clue_type = ContentType.objects.get_for_model(Clue).pk
    details = ctx.shared.get("detail_phrases", ())  # the intake demo's (clues never import intake)
    case_type = "clues.case"
    span = (today - ctx.start).days

    draws = []
    for _ in range(ctx.clues):
        kind = rng.choices(kinds, kind_weights)[0]
        if kind in demo.OPEN_STORIES:
            age = rng.randint(3, 70) if rng.random() > STALE_SHARE else rng.randint(70, max(70, min(400, span)))
        else:
            age = rng.randint(60, max(60, span))
        draws.append((today - datetime.timedelta(days=min(age, span)), kind))
    draws.sort(key=lambda d: d[0])

    if ctx.clues >= DEFER_INDEXES_FROM:
        for model in (Clue, ClueEvent, Approval, Case, Clue.subjects.through, Clue.handlers.through):
            writer.defer_indexes(model)
    progress = ctx.progress("问题线索", ctx.clues)
    cases = 0
    with _Swapped(approvals=_Rules(), next_serial=ctx.serial):
        for received, kind in draws:
            group_id = rng.choices(group_ids, weights)[0]
            group = groups[group_id]
            covered = [u for u, start, end in spans[group_id] if start <= received and (end is None or received <= end)]
            covered = [u for u in covered if people_by_unit[u.pk]] or [
                u for u, _, end in spans[group_id] if end is None and people_by_unit[u.pk]
            ]
            unit = rng.choice(covered or [u for u, _, _ in spans[group_id] if people_by_unit[u.pk]])
            pool = people_by_unit[unit.pk]
            key = [p for p in pool if p.is_leadership_member]
            subjects = [rng.choice(key if (kind == "proposed_commission" or rng.random() < 0.3) and key else pool)]
            if rng.random() < 0.12:
                subjects.append(rng.choice(pool))
            subjects = list(dict.fromkeys(subjects))
            category, title, text = rng.choice(demo.PROBLEMS)
            source_index = rng.choices(range(len(sources)), source_weights)[0]
            source_ref = ""
            if sources[source_index] == Source.PETITION:
                days, rows = reports.get(unit.pk, ((), ()))
                before = bisect.bisect_right(days, received)
                if before:
                    source_ref = rows[rng.randrange(max(0, before - 200), before)][1]
                else:
                    source_ref = f"XF-{received.year}-{rng.randint(1, 900):06d}"
            names = "、".join(f"{unit.short_name or unit.name}{p.post}{p.name}" for p in subjects)
            detail = rng.choice(details).format(n=rng.randrange(2, 80), m=rng.randrange(1, 13)) if details else ""
            clue = Clue(
                pk=writer.next_id(Clue),
                serial=ctx.serial("XS", received.year),
                source_kind=sources[source_index],
                source_detail=source_details[source_index],
                source_ref=source_ref,
                received_on=received,
                unit=unit,
                categories=[category] + (["integrity"] if category != "integrity" and rng.random() < 0.3 else []),
                summary=f"反映{names}{title}问题：{text.format(n=rng.randint(2, 30))}。"
                + (detail if rng.random() < 0.5 else ""),
                group=group,
                created_by=anguan[0],
                created_at=demo._moment(received, 0),
            )
            clue.due_on, clue.due_label = limits.due("proposal", received), limits.label("proposal")
            members, leader_user = staff[group_id]["members"], staff[group_id]["leader"]
            member = rng.choice(members) if members else leader_user
            handler = _who(member, f"组员（{group}）") if member else (None, leaders.get(group_id, ""), f"{group}")
            leader = (
                _who(leader_user, f"组长（{group}）")
                if leader_user
                else (None, leaders.get(group_id, ""), f"组长（{group}）")
            )
            people = {
                "reasons": reasons,
                "approver": lambda role, leader=leader: {
                    "group_leader": leader,
                    "commission_leader": wei,
                    "case_review": shenli,
                }[role],
            }
            story = demo.tell(rng, clue, people, today, kind, subjects, handler, leader, anguan, problem=title)
            handlers = [member] if member and kind not in ("registered", "assigning") else []
            writer.add(clue)
            for person in subjects:
                writer.add_row(Clue.subjects.through, SUBJECTS, (clue.pk, person.pk))
            for user in handlers:
                writer.add_row(Clue.handlers.through, HANDLERS, (clue.pk, user.pk))
            about = {"serial": clue.serial}
            for event in story.events:
                writer.add(event)
                ctx.audit_later(
                    event.at, event.actor_id, event.code, "clues.clue", clue.pk, {**about, "to": event.to_status}
                )
            for row in story.approvals:
                row.content_type_id, row.object_id = clue_type, clue.pk
                writer.add(row)
            if story.case:
                case = story.case
                case.pk, case.clue_id = writer.next_id(Case), clue.pk
                writer.add(case)
                for talk in story.talks:
                    talk.pk, talk.case_id = writer.next_id(ReviewTalk), case.pk
                    writer.add(talk)
                cases += 1
                filed_at = demo._moment(case.filed_on, 3)
                ctx.audit_later(
                    filed_at,
                    handler[0].pk if handler[0] else None,
                    "case.filed",
                    case_type,
                    case.pk,
                    {"serial": case.serial, "clue": clue.serial},
                )
            parts = [clue.serial, clue.source_ref, clue.summary, unit.name, *(p.name for p in subjects)]
            writer.add_row(
                search.SearchEntry, SEARCH, (clue_type, clue.pk, " ".join(search.text_tokens(parts)), writer.now)
            )
            readers = [u for u in (member, leader_user) if u is not None]
            if readers:
                last = clue.concluded_on or today
                days_open = max((last - received).days, 0)
                for _ in range(rng.choice(READS_PER_CLUE)):
                    day = received + datetime.timedelta(days=rng.randint(0, days_open))
                    ctx.audit_later(
                        demo._moment(day, rng.randrange(8)),
                        rng.choice(readers).pk,
                        "clue.viewed",
                        "clues.clue",
                        clue.pk,
                        {},
                    )
            progress.update()
    progress.close()
    open_count = sum(1 for _, k in draws if k in demo.OPEN_STORIES)
    ctx.summary.append(f"问题线索 {ctx.clues:,} 条（在办 {open_count:,} 条），案件 {cases:,} 件")
