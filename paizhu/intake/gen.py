"""`paizhu gen` for 信访举报: reports over the years with their subjects, timeline, feedback, similarity rows,
search entries and audit entries — the rows the services would have written (docs/benchmarks.md).

Texts come from the demo's phrase lists (`intake/demo.py`: problems in two wordings, details, results),
filled with the roster's real names, posts and units; a tenth are repeats of an earlier report in the
other wording, as the demo does. Routing follows `services.propose_routing` (commission-managed cadres to
信访室, otherwise the group covering the unit on the day received) from the coverage held in memory;
how far a report got (`demo._progress`) depends on its age, so the deadlines are the working-day ones.
MinHash signatures and LSH band keys are those of `similarity.signature` (checked by tests/core/test_gen.py),
computed faster: jieba's words per clause are cached, and the MinHash permutations are built once.
"""

import datetime
import hashlib
import re
from collections import defaultdict
from functools import cache, lru_cache

from datasketch import MinHash

from paizhu.accounts.models import User
from paizhu.core import search
from paizhu.core.generators import DEFER_INDEXES_FROM, GenContext
from paizhu.core.roles import Role
from paizhu.org.models import Coverage, Person
from paizhu.workflow import timeline

from . import demo, limits, services, similarity
from .models import Channel, Feedback, Office, Report, ReportBand, ReportedName, ReportEvent, ReportSignature

RECENT_ORIGINALS = 2000  # a repeat refers to one of the last this-many original reports
READS_PER_REPORT = (0, 1, 1, 2)  # report.viewed entries drawn per report
SUBJECTS = ("report_id", "person_id")
BANDS = ("key", "report_id")
SIGNATURES = ("report_id", "minhash")
EVENTS = ("report_id", "at", "actor_id", "actor_name", "role", "code", "title", "opinion", "from_status", "to_status")
NAMED = ("report_id", "name", "unit_id", "unit_text", "post")
SEARCH = ("content_type_id", "object_id", "tokens", "indexed_at")

# jieba cuts text into blocks of these characters and segments each block on its own (jieba.re_han_default),
# so the words of a text are the words of its clauses, one after the other.
_NOT_HAN = re.compile(r"[^\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")


def existing() -> int:
    return Report.objects.count()


@lru_cache(maxsize=100_000)
def _clause_words(clause: str) -> tuple[str, ...]:
    return tuple(similarity.words(clause))


def words(text: str) -> list[str]:
    return [w for clause in _NOT_HAN.split(text) if clause for w in _clause_words(clause)]


@cache
def _permutations():
    return MinHash(num_perm=similarity.NUM_PERM, seed=similarity.SEED).permutations


def signature(text: str, names: list[str], units: list[str]) -> bytes | None:
    """`similarity.signature(text, names, units).to_bytes()`, without re-cutting known clauses."""
    ws = words(text)
    if len(ws) < 3:
        return None
    items = set(ws) | {f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False)}
    for name in filter(None, (n.strip() for n in names)):
        items.update(f"@person:{name}#{i}" for i in range(similarity.NAME_WEIGHT))
    for unit in filter(None, (u.strip() for u in units)):
        items.update(f"@unit:{unit}#{i}" for i in range(similarity.UNIT_WEIGHT))
    minhash = MinHash(num_perm=similarity.NUM_PERM, seed=similarity.SEED, permutations=_permutations())
    minhash.update_batch([s.encode("utf-8") for s in items])
    return minhash.hashvalues.astype("<u8").tobytes()


def band_keys(data: bytes) -> list[int]:
    """`Signature.band_keys()` over the stored bytes."""
    _, _, ranges = similarity._lsh_params()
    keys = []
    for band, (start, end) in enumerate(ranges):
        digest = hashlib.blake2b(band.to_bytes(2, "big") + data[start * 8 : end * 8], digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


class _Coverage:
    """Which group covered a unit on a day, from the coverage rows held in memory."""

    def __init__(self):
        self.spans = defaultdict(list)
        for unit_id, group_id, start, end in Coverage.objects.values_list(
            "unit_id", "group_id", "valid_from", "valid_to"
        ):
            self.spans[unit_id].append((start, end, group_id))

    def group_on(self, unit_id: int, day: datetime.date) -> int | None:
        for start, end, group_id in self.spans.get(unit_id, ()):
            if start <= day and (end is None or day <= end):
                return group_id
        return None


def _people() -> list[Person]:
    people = list(
        Person.objects.filter(
            unit__isnull=False, is_active=True, dispatches__isnull=True, user__isnull=True
        ).select_related("unit")
    )
    # The unit's own platform users (党组书记, 联络员) are no subjects, as in the demo.
    # Reports about higher-managed cadres and the commission's own leaders are never entered (only forwarded).
    own = services.own_leader_ids(people)
    return [p for p in people if p.pk not in own and p.management_level != Person.ManagementLevel.HIGHER]


def _routing(person: Person, day, coverage: _Coverage, groups, threshold) -> tuple[int | None, str, str]:
    """(group id, office, reason) as `services.propose_routing` gives them for a report about `person`."""
    if services.commission_managed(person, threshold):
        return None, Office.PETITION, f"{person.name}属委机关直接管理的干部，由委机关办理"
    group_id = coverage.group_on(person.unit_id, day)
    if group_id is None:
        return None, Office.PETITION, f"{day:%Y-%m-%d}时{person.unit.name}无派驻组监督，由委机关办理"
    return group_id, "", f"{day:%Y-%m-%d}时{person.unit.name}由{groups[group_id]}监督"


def generate(ctx: GenContext) -> None:
    if not ctx.reports:
        return
    from django.contrib.contenttypes.models import ContentType

    from paizhu.org.models import DispatchGroup

    rng, writer, today = ctx.rng, ctx.writer, ctx.today
    people = _people()
    if not people:
        raise RuntimeError("干部名册为空，无法生成信访举报。")
    coverage = _Coverage()
    threshold = services.Threshold.current()
    groups = {g.pk: g for g in DispatchGroup.objects.all()}
    staff = {(g.role, g.group_id): g.user for g in demo._grants()}
    xinfang = User.objects.filter(username="xinfang").first() or next(
        (g.user for g in _role_grants(Role.PETITION_OFFICE)), None
    )
    content_type = ContentType.objects.get_for_model(Report).pk
    by_unit = defaultdict(list)  # unit id -> [(day, serial, report id)], left for the clue generator
    originals: list[tuple] = []
    if ctx.reports >= DEFER_INDEXES_FROM:
        for model in (Report, ReportBand, ReportEvent, ReportSignature, Report.subjects.through, ReportedName):
            writer.defer_indexes(model)
    progress = ctx.progress("信访举报", ctx.reports)

    for day in ctx.weighted_days(ctx.reports):
        repeat_of = (
            rng.choice(originals[-RECENT_ORIGINALS:]) if originals and rng.random() < demo.REPEAT_SHARE else None
        )
        if repeat_of:
            original, problem_index, person, details = repeat_of
            text = demo.PROBLEMS[problem_index][2]
        else:
            problem_index = rng.randrange(len(demo.PROBLEMS))
            person = rng.choice(people)
            text = demo.PROBLEMS[problem_index][1]
            details = "".join(
                d.format(n=rng.randrange(2, 80), m=rng.randrange(1, 13))
                for d in rng.sample(demo.DETAILS, rng.choice([1, 2, 3]))
            )
        facts = text.format(name=person.name, post=person.post, unit=person.unit.name) + details
        channel = demo._pick_weighted(rng, demo.CHANNEL_WEIGHTS)
        real = rng.random() < demo.REAL_NAME_SHARE
        identity = demo._reporter(rng) if real else services.Identity()
        typed = channel == Channel.ONLINE  # the public types names; staff choose from the cadre list
        group_id, office, reason = _routing(person, day, coverage, groups, threshold)
        group = groups.get(group_id)  # instances, not ids: demo._progress reads the original's group
        report = Report(
            pk=writer.next_id(Report),
            serial=ctx.serial("XF", day.year),
            channel=channel,
            source=rng.choice(demo.SOURCES[channel]) if channel in demo.SOURCES else "",
            received_on=day,
            registered_at=demo._at(day, rng.randrange(8, 18)),
            registered_by=None if typed else xinfang,
            kind="accusation",
            unit=person.unit,
            categories=[demo.PROBLEMS[problem_index][0]],
            facts=facts,
            occurred_when=rng.choice(demo.WHEN),
            occurred_where=rng.choice(demo.WHERE),
            witnesses=rng.choice(demo.WITNESSES),
            is_real_name=real,
            reporter_name=identity.name or None,
            reporter_unit=identity.unit or None,
            reporter_contact=identity.contact or None,
            reporter_address=identity.address or None,
            proposed_group=group,
            proposed_office=office,
            routing_reason=reason,
            group=group,
            office="" if group_id else Office.PETITION,
        )
        demo._progress(rng, report, today, real, staff, repeat_of)
        if repeat_of:
            report.duplicate_of = repeat_of[0]
        else:
            originals.append((report, problem_index, person, details))
            if len(originals) > 2 * RECENT_ORIGINALS:
                del originals[:-RECENT_ORIGINALS]
        if channel == Channel.SUPERIOR:
            report.close_due = limits.due("assigned_close", day)
        writer.add(report)
        _children(ctx, report, person, typed, content_type, xinfang, groups)
        by_unit[person.unit_id].append((day, report.serial, report.pk))
        progress.update()
    progress.close()
    ctx.shared["reports_by_unit"] = by_unit
    ctx.shared["detail_phrases"] = demo.DETAILS
    ctx.summary.append(f"信访举报 {ctx.reports:,} 件")


def _role_grants(role):
    from paizhu.accounts.models import RoleGrant

    return RoleGrant.objects.active().filter(role=role).select_related("user")


def _children(ctx: GenContext, report: Report, person: Person, typed: bool, content_type, xinfang, groups) -> None:
    writer, rng = ctx.writer, ctx.rng
    names_part = []
    if typed:
        writer.add_row(ReportedName, NAMED, (report.pk, person.name, person.unit_id, "", person.post))
        names_part.append(f"{person.name} {person.unit.name}")
    else:
        writer.add_row(Report.subjects.through, SUBJECTS, (report.pk, person.pk))
    minhash = signature(report.facts, [person.name], [person.unit.name])
    if minhash is not None:
        writer.add_row(ReportSignature, SIGNATURES, (report.pk, minhash))
        for key in dict.fromkeys(band_keys(minhash)):
            writer.add_row(ReportBand, BANDS, (key, report.pk))
    parts = [report.serial, report.facts, person.unit.name, *([] if typed else [person.name]), *names_part]
    writer.add_row(
        search.SearchEntry, SEARCH, (content_type, report.pk, " ".join(search.text_tokens(parts)), writer.now)
    )

    stage = [""]

    def event(at, actor, title, note, code, to=None):
        name = (actor.full_name or actor.username) if actor else ""
        before, stage[0] = stage[0], to or stage[0]
        row = (report.pk, at, actor.pk if actor else None, name, timeline.role_label(actor), code, title, note)
        writer.add_row(ReportEvent, EVENTS, (*row, before, stage[0]))
        ctx.audit_later(at, actor.pk if actor else None, code, "intake.report", report.pk, {"serial": report.serial})

    registered_at = report.registered_at
    if report.registered_by_id:
        event(registered_at, xinfang, "登记", report.routing_reason, "report.registered", Report.Stage.REGISTERED)
    else:
        event(
            registered_at,
            None,
            "网上举报提交",
            f"系统登记，{'实名' if report.is_real_name else '匿名'}举报",
            "report.submitted",
            Report.Stage.RECEIVED,
        )
    routed_at = registered_at + datetime.timedelta(days=1)
    if report.routing == Report.Routing.ROUTED:
        event(
            routed_at,
            xinfang,
            "分办",
            f"交{groups[report.group_id] if report.group_id else '委机关信访室'}办理",
            "report.routed",
            Report.Stage.REGISTERED,
        )
    elif report.routing == Report.Routing.DUPLICATE:
        event(
            routed_at,
            xinfang,
            "关联重复件",
            "与此前举报为同一问题，并入办理，不再单独告知受理",
            "report.duplicate_linked",
            Report.Stage.DUPLICATE,
        )
    handler = report.handler
    if report.accepted_on:
        event(demo._at(report.accepted_on, 10), handler, "受理", "", "report.accepted", Report.Stage.ACCEPTED)
    if report.closed_on:
        event(demo._at(report.closed_on, 16), handler, "办结", report.result, "report.closed", Report.Stage.CLOSED)
    given_by = handler or xinfang
    if report.acceptance_notified_on and given_by:
        _feedback(ctx, report, Feedback.Notice.ACCEPTANCE, report.acceptance_notified_on, given_by, "")
    if report.result_notified_on and given_by:
        objection = "对处理结果有异议，要求重新核查。" if rng.random() < 0.08 else ""
        _feedback(ctx, report, Feedback.Notice.RESULT, report.result_notified_on, given_by, objection)
    reader = handler or xinfang
    if reader is not None:
        last = min(ctx.today, report.closed_on or ctx.today)
        span = max((last - report.received_on).days, 0)
        for _ in range(rng.choice(READS_PER_REPORT)):
            day = report.received_on + datetime.timedelta(days=rng.randint(0, span))
            ctx.audit_later(
                demo._at(day, rng.randrange(8, 18)), reader.pk, "report.viewed", "intake.report", report.pk, {}
            )


FEEDBACK = ("report_id", "notice", "method", "given_on", "note", "objection", "given_by_id", "recorded_at")


def _feedback(ctx, report, notice, given_on, given_by, objection) -> None:
    at = demo._at(given_on, 15)
    method = ctx.rng.choice(Feedback.Method.values)
    ctx.writer.add_row(Feedback, FEEDBACK, (report.pk, notice, method, given_on, "", objection, given_by.pk, at))
    ctx.audit_later(at, given_by.pk, "report.feedback_given", "intake.report", report.pk, {"notice": notice})
