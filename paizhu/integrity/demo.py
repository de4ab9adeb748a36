"""Demo: requests to open integrity files in every state, and personal-matters notes (order 90).

The files themselves are already there: the entries the demo's clues, cases and supervision talks wrote
(loaders 50–80). Here 教育局 asks before promotions — `lianluo` reads one summary sheet now, one approval has
expired, one request was refused for want of a reason, and `shuji`'s request waits for `zu4`; three other
units ask their own groups (one pending, one approved, one refused), and 信访室 reads one on approval. The
4th group notes its cadres' 2025 personal-matters reports. Every step goes through the services, dated on its
day (`dates.as_of`), and the rows' times are moved to that day's office hours (the audit keeps the real ones).
"""

import datetime

from django.db.models import Count, Max

from paizhu.core.calendar import SHANGHAI, add_workdays, is_workday, shanghai_today
from paizhu.org.models import Coverage, Person
from paizhu.workflow import approvals
from paizhu.workflow import services as workflow_services
from paizhu.workflow.models import Approval

from . import services
from .dates import as_of
from .models import FILE_RANKS, FileRequest, PersonalMattersNote, RequestEvent

REASONS = {
    "promotion": (
        "拟提拔为{post}人选，党组会议研究前按干部选拔任用程序了解其党风廉政情况。",
        "民主推荐后列为考察对象，拟任{post}，需在讨论决定前掌握其廉洁自律情况。",
    ),
    "transfer": ("拟交流任职，需了解其近三年廉洁情况，作为党组研究的参考。",),
    "honours": ("拟推荐为年度优秀共产党员，按规定征求廉政意见。",),
}


def _workday_before(day: datetime.date, n: int) -> datetime.date:
    d = day - datetime.timedelta(days=n)
    while not is_workday(d):
        d -= datetime.timedelta(days=1)
    return d


def _dated(request: FileRequest, requested: datetime.date, decided: datetime.date | None) -> None:
    """Move the rows the services wrote now to the days they stand for (9:30 asked, 15:00 decided)."""
    asked = datetime.datetime.combine(requested, datetime.time(9, 30), tzinfo=SHANGHAI)
    FileRequest.objects.filter(pk=request.pk).update(requested_at=asked)
    rows = Approval.objects.filter(object_id=request.pk, kind="integrity.file_request")
    rows.update(requested_at=asked)
    events = list(RequestEvent.objects.filter(request=request).order_by("id"))
    RequestEvent.objects.filter(pk=events[0].pk).update(at=asked)
    if decided is not None:
        at = datetime.datetime.combine(decided, datetime.time(15, 0), tzinfo=SHANGHAI)
        rows.filter(decided_at__isnull=False).update(decided_at=at)
        RequestEvent.objects.filter(pk__in=[e.pk for e in events[1:]]).update(at=at)


def _story(ctx, user, leader, person, purpose, *, asked_days_ago, decision=None, decided_after=1, opinion=""):
    today = shanghai_today()
    requested = _workday_before(today, asked_days_ago)
    reason = ctx.rng.choice(REASONS[purpose]).format(post=_next_post(person))
    with as_of(requested):
        request = services.request_file(user, person.pk, purpose=purpose, reason=reason)
    decided = None
    if decision is not None:
        decided = min(add_workdays(requested, decided_after), today)
        with as_of(decided):
            request.refresh_from_db()
            workflow_services.decide_approval(
                leader,
                approvals.current(request),
                version=request.version,
                approve=decision,
                opinion=opinion or ("同意查阅。" if decision else ""),
            )
    _dated(request, requested, decided)
    return request


def _next_post(person: Person) -> str:
    post = person.post.split("、")[-1] or "科长"
    return {"副科长": "科长", "科长": "二级调研员", "副局长": "局长"}.get(post, f"{post}（晋升职级）")


def _cadres(unit, n: int, exclude=()) -> list[Person]:
    """The unit's cadres with files, those with the most entries first (their sheets have something to show)."""
    return list(
        Person.objects.filter(unit=unit, rank__in=FILE_RANKS, is_active=True, user__isnull=True)
        .exclude(pk__in=exclude)
        .annotate(n=Count("integrity_records"), last=Max("integrity_records__occurred_on"))
        .order_by("-n", "-is_leadership_member", "id")[:n]
    )


def load(ctx) -> str | None:
    if FileRequest.objects.exists() or not ctx.groups:
        return None
    users = ctx.users
    if not {"lianluo", "shuji", "zu4", "zu4a", "xinfang"} <= set(users):
        return None
    covering = {c.unit_id: c.group.ordinal for c in Coverage.objects.current().select_related("group")}
    edu = ctx.units.get("江临市教育局")
    made = []
    first, second, third, fourth = _cadres(edu, 4)
    zu4 = users["zu4"]
    made.append(_story(ctx, users["lianluo"], zu4, first, "promotion", asked_days_ago=5, decision=True))
    made.append(_story(ctx, users["lianluo"], zu4, second, "promotion", asked_days_ago=75, decision=True))
    made.append(
        _story(
            ctx,
            users["lianluo"],
            zu4,
            third,
            "honours",
            asked_days_ago=40,
            decision=False,
            opinion="查阅事由未写明推荐的具体奖项和程序节点，请补充后重新申请。",
        )
    )
    made.append(_story(ctx, users["shuji"], zu4, fourth, "promotion", asked_days_ago=1))
    from paizhu.org.demo import CITY, UNITS

    shapes = ((None, 2), (True, 9), (False, 20))
    for (decision, ago), short in zip(shapes, ("财政局", "水利局", "卫生健康委员会"), strict=True):
        unit = ctx.units[f"{CITY}{short}"]
        number = list(UNITS).index(short) + 1
        leader = users[f"zu{covering[unit.pk]}"]
        (cadre,) = _cadres(unit, 1)
        opinion = "" if decision is not False else "该干部不属于拟提拔人选，查阅理由不充分。"
        made.append(
            _story(
                ctx,
                users[f"zr{number:02d}ll"],
                leader,
                cadre,
                "promotion",
                asked_days_ago=ago,
                decision=decision,
                opinion=opinion,
            )
        )
    (other,) = _cadres(edu, 1, exclude=[first.pk, second.pk, third.pk, fourth.pk])
    made.append(_story(ctx, users["xinfang"], zu4, other, "transfer", asked_days_ago=3, decision=True))
    notes = 0
    for n, person in enumerate(_cadres(edu, 8)):
        omission = n == 5
        with as_of(datetime.date(2026, 3, 20)):
            services.save_note(
                users["zu4a"],
                person.pk,
                year=2025,
                reported_on=datetime.date(2026, 1, 12 + n),
                check_result="omission" if omission else ("consistent" if n % 2 == 0 else "not_checked"),
                note="漏报配偶名下房产一套，组织部门已对其批评教育并责令补报。" if omission else "",
            )
        notes += 1
    PersonalMattersNote.objects.update(
        recorded_at=datetime.datetime.combine(datetime.date(2026, 3, 20), datetime.time(16, 0), tzinfo=SHANGHAI)
    )
    states = {r.state_on(shanghai_today()) for r in FileRequest.objects.all()}
    return f"廉政档案：查阅申请 {len(made)} 件（{'、'.join(sorted(states))}），个人有关事项报告情况 {notes} 条"
