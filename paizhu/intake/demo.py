"""Demo 信访举报: ~2,000 reports over two years across channels and groups, with repeats and real-name feedback.

Rows are bulk-created for speed, but everything a service would compute is computed the same way:
serial numbers from `next_serial`, routing from `propose_routing` (coverage on the date received),
deadlines from the working-day calendar, identity through the encrypted fields, MinHash signatures
and LSH bands for repeat detection, and the roster suggestion `_suggest_subject_matches` adds for a
typed name (one cadre of the roster, waiting for confirmation). Each report's timeline has the
entries the services would have written (registration, routing, handler, acceptance, feedback,
closing), signed by the users who may write them and never dated after now. A few online reports carry receipt codes printed in the summary.
Reports about higher-managed cadres or this commission's leaders are never entered: a few forwarding
records (the only trace such a report leaves) are written through `services.record_forwarding`.
`tests/core/test_demo_invariants.py` checks all of this.
"""

import datetime

from django.utils import timezone

from paizhu.audit.services import record
from paizhu.core.calendar import SHANGHAI, shanghai_today
from paizhu.core.choices import Discipline
from paizhu.core.numbering import next_serial
from paizhu.core.roles import Role
from paizhu.org.models import Person
from paizhu.workflow import timeline

from . import limits, services, similarity
from .models import (
    Channel,
    Feedback,
    ForwardingRecord,
    Office,
    Report,
    ReportBand,
    ReportedName,
    ReportEvent,
    ReportMessage,
    ReportSignature,
)

COUNT = 2000
REPEAT_SHARE = 0.1
REAL_NAME_SHARE = 0.35
FIRST_DAY = datetime.date(2025, 1, 2)

# (category, what happened — {name} {post} {unit} filled in, an alternative wording of the same matter)
PROBLEMS = [
    (
        Discipline.INTEGRITY,
        "{unit}{post}{name}长期公车私用，节假日驾驶单位公务用车回老家、接送子女上下学，车辆行驶记录可以查证。",
        "我要反映{unit}的{name}（{post}）：他经常在周末和节假日开单位的公务用车办私事，接送孩子、回老家，属于公车私用。",
    ),
    (
        Discipline.INTEGRITY,
        "{unit}{post}{name}在年底以加班费、通讯补贴名义违规发放津补贴，每人数千元，账目做在其他项目经费里。",
        "{unit}年底违规发放津补贴，{post}{name}决定以加班费和通讯补贴的名义给每人发了几千元，钱是从项目经费里列支的。",
    ),
    (
        Discipline.INTEGRITY,
        "{unit}{post}{name}春节前后违规收受管理服务对象赠送的购物卡和礼品礼金，金额较大。",
        "春节期间，{name}（{unit}{post}）收了服务对象送的购物卡、礼品礼金，数额不小，请查一查。",
    ),
    (
        Discipline.DUTY_VIOLATION,
        "{unit}{post}{name}插手工程项目招投标，为其亲属控制的公司中标提供便利，工程存在明显质量问题。",
        "反映{name}（{unit}{post}）利用职务便利插手工程项目，让亲戚的公司中标，招投标过程走过场，工程质量很差。",
    ),
    (
        Discipline.WORK,
        "{unit}{post}{name}搞形式主义官僚主义，基层报表层层加码，群众办事多次跑腿仍办不成。",
        "{unit}的{name}{post}形式主义官僚主义严重，要基层反复填报表，群众来办事来回跑很多次都办不下来。",
    ),
    (
        Discipline.MASSES,
        "{unit}{post}{name}在办理群众补助申请时吃拿卡要，优亲厚友，将补助名额给了不符合条件的亲属。",
        "{name}（{unit}{post}）办补助时优亲厚友、吃拿卡要，把名额给了自己不符合条件的亲戚，群众意见很大。",
    ),
    (
        Discipline.INTEGRITY,
        "{unit}{post}{name}多次在私人会所接受企业老板宴请，违规吃喝，并由企业报销费用。",
        "{unit}{post}{name}经常去私人会所吃饭，都是企业老板请客买单，属于违规吃喝。",
    ),
    (
        Discipline.ORGANIZATIONAL,
        "{unit}{post}{name}在干部选拔中违规操作，提拔其老部下时未经民主推荐和考察公示。",
        "{unit}提拔干部不按程序，{post}{name}提拔自己的老部下，没有民主推荐，也没有公示。",
    ),
    (
        Discipline.LIFE,
        "{unit}{post}{name}为其子女操办婚礼大操大办，宴请管理服务对象百余桌并收受礼金。",
        "{name}（{unit}{post}）给孩子办婚礼摆了一百多桌，请了很多管理服务对象，还收了礼金，大操大办。",
    ),
    (
        Discipline.DUTY_CRIME,
        "{unit}{post}{name}伙同他人虚报冒领专项资金，套取资金用于个人开支，涉嫌职务犯罪。",
        "举报{unit}的{name}（{post}）和别人一起虚报冒领专项资金，把套取的资金用于个人消费。",
    ),
    (
        Discipline.WORK,
        "{unit}{post}{name}违规兼职取酬，在多家企业担任顾问并领取报酬。",
        "{unit}{post}{name}在外面几家企业当顾问拿报酬，属于违规兼职取酬。",
    ),
]
WHEN = ["2025年春节前后", "2025年下半年以来", "2026年初", "近两年", "2025年国庆期间", "2026年3月至今"]
WHERE = ["单位办公楼", "城郊一私人会所", "项目工地", "市区某酒店", "下属事业单位", "办事服务大厅"]
WITNESSES = ["单位财务人员知情", "同科室多名同事知情", "项目承包方工作人员知情", "有照片和转账记录", "", ""]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌宇浩凯"
CHANNEL_WEIGHTS = [
    (Channel.ONLINE, 40),
    (Channel.LETTER, 25),
    (Channel.VISIT, 10),
    (Channel.PHONE, 10),
    (Channel.AGENCY, 5),
    (Channel.INSPECTION, 4),
    (Channel.AUDIT, 3),
    (Channel.SUPERIOR, 3),
]
SOURCES = {
    Channel.AGENCY: ["市信访局", "市公安局", "市人民检察院"],
    Channel.INSPECTION: ["市委第二巡察组", "市委第五巡察组"],
    Channel.AUDIT: ["市审计局"],
    Channel.SUPERIOR: ["省纪委监委", "省纪委监委第三监督检查室"],
}
# Details that make each report read differently, as real ones do.
DETAILS = [
    "涉及金额约{n}万元。",
    "单位内部对此议论较多，但无人敢公开反映。",
    "此事{m}月份就已发生，至今没有纠正。",
    "相关票据和转账凭证由财务人员保管，可以调取。",
    "其本人曾在会上表态要严格执行中央八项规定精神，实际却言行不一。",
    "我曾向单位领导当面反映，没有下文。",
    "周边群众和服务对象都看在眼里，影响很坏。",
    "据了解，类似情况在下属单位也存在。",
    "有关合同签订时间和审批记录可以证明。",
    "当事企业负责人与其来往密切，经常一起吃饭。",
]
RESULTS = [
    "经初步核实，反映问题部分属实，已对相关人员进行谈话提醒，责令退还违规所得。",
    "经核查，反映问题不属实，予以了结澄清。",
    "经谈话函询，本人如实说明情况，予以了结。",
    "反映问题属实，已移交相关部门处理，给予相关人员党内警告处分。",
]


def _pick_weighted(rng, options):
    total = sum(w for _, w in options)
    x = rng.uniform(0, total)
    for value, weight in options:
        x -= weight
        if x <= 0:
            return value
    return options[-1][0]


def _reporter(rng) -> services.Identity:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))
    return services.Identity(
        name=name,
        unit=rng.choice(["", "市第三中学", "江临市某建筑公司", "退休职工"]),
        contact=f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
        address=rng.choice(["", "江临市河西区建设路18号3栋2单元"]),
    )


def load(ctx) -> str | None:
    if Report.objects.exists():
        return None
    rng = ctx.rng
    today = shanghai_today()
    span = (today - FIRST_DAY).days
    # A cadre who uses the platform (the unit's 党组书记 or 联络员) is left out too: a year of reports about the
    # people who answer the group's requests would not read like a real one.
    people = list(
        Person.objects.filter(
            unit__isnull=False, is_active=True, dispatches__isnull=True, user__isnull=True
        ).select_related("unit")
    )
    # Reports about higher-managed cadres and our own leaders are never entered: leave them out.
    own = services.own_leader_ids(people)
    people = [p for p in people if p.pk not in own and p.management_level != Person.ManagementLevel.HIGHER]
    staff = {(g.role, g.group_id): g.user for g in _grants()}
    xinfang = ctx.users.get("xinfang")
    now = timezone.now()

    reports: list[Report] = []
    extras: list[tuple[Report, Person, bool, str]] = []  # report, subject, named (typed), text
    originals: list[tuple[Report, int, Person, str]] = []
    repeat_links: list[tuple[Report, Report]] = []
    days = sorted(FIRST_DAY + datetime.timedelta(days=rng.randrange(span)) for _ in range(COUNT))
    for day in days:
        repeat_of = rng.choice(originals) if originals and rng.random() < REPEAT_SHARE else None
        if repeat_of:
            # The same reporter writes again, in other words, with the same evidence.
            original, problem_index, person, details = repeat_of
            text = PROBLEMS[problem_index][2]
        else:
            problem_index = rng.randrange(len(PROBLEMS))
            person = rng.choice(people)
            text = PROBLEMS[problem_index][1]
            details = "".join(
                d.format(n=rng.randrange(2, 80), m=rng.randrange(1, 13))
                for d in rng.sample(DETAILS, rng.choice([1, 2, 3]))
            )
        category = PROBLEMS[problem_index][0]
        facts = text.format(name=person.name, post=person.post, unit=person.unit.name) + details
        channel = _pick_weighted(rng, CHANNEL_WEIGHTS)
        real = rng.random() < REAL_NAME_SHARE
        identity = _reporter(rng) if real else services.Identity()
        typed = channel == Channel.ONLINE  # the public types names; staff choose from the cadre list
        proposal = services.propose_routing(kind="accusation", subjects=[person], unit=person.unit, received_on=day)
        reason = proposal.reason
        if typed:
            # services._suggest_subject_matches: the typed name and unit are one cadre of the roster (names
            # are unique in the demo city), proposed on that basis and waiting for confirmation.
            note = f"按填写的姓名和单位匹配干部名册：{person.name}（{person.unit.name}{person.post}），待确认"
            reason = "；".join([reason, note])[:300]
        report = Report(
            serial=next_serial("XF", day.year),
            channel=channel,
            source=rng.choice(SOURCES[channel]) if channel in SOURCES else "",
            received_on=day,
            registered_at=_at(day, rng.randrange(8, 18)),
            registered_by=None if typed else xinfang,
            kind="accusation",
            unit=person.unit,
            categories=[category],
            facts=facts,
            occurred_when=rng.choice(WHEN),
            occurred_where=rng.choice(WHERE),
            witnesses=rng.choice(WITNESSES),
            is_real_name=real,
            reporter_name=identity.name or None,
            reporter_unit=identity.unit or None,
            reporter_contact=identity.contact or None,
            reporter_address=identity.address or None,
            proposed_group=proposal.group,
            proposed_office=proposal.office,
            routing_reason=reason,
            group=proposal.group,
            office="" if proposal.group else Office.PETITION,
        )
        _progress(rng, report, today, real, staff, repeat_of)
        if channel == Channel.SUPERIOR:
            report.close_due = limits.due("assigned_close", day)
        reports.append(report)
        extras.append((report, person, typed, facts))
        if repeat_of:
            repeat_links.append((report, repeat_of[0]))
        if repeat_of is None:
            originals.append((report, problem_index, person, details))

    Report.objects.bulk_create(reports, batch_size=500)
    # bulk_create sets primary keys on PostgreSQL only; read them back by serial everywhere.
    ids = dict(Report.objects.values_list("serial", "pk"))
    for report in reports:
        report.pk = ids[report.serial]
    for repeat, original in repeat_links:
        repeat.duplicate_of = original
    Report.objects.bulk_update([r for r, _ in repeat_links], ["duplicate_of"], batch_size=500)
    _children(rng, extras, xinfang, staff, now)
    codes = _receipts(rng, reports, now)
    record(None, "report.registered", None, {"demo": True, "count": len(reports)})
    forwarded = _forwardings(ctx, today)
    repeats = sum(1 for r in reports if r.duplicate_of_id)
    real = sum(1 for r in reports if r.is_real_name)
    return (
        f"信访举报 {len(reports)} 件（重复件 {repeats} 件，实名 {real} 件），转送记录 {forwarded} 件；"
        f"网上举报查询码示例：{codes[0]}"
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 30), tzinfo=SHANGHAI)


def _grants():
    from paizhu.accounts.models import RoleGrant

    roles = [Role.GROUP_LEADER, Role.GROUP_MEMBER, Role.PETITION_OFFICE]
    return RoleGrant.objects.active().filter(role__in=roles).select_related("user").order_by("pk")


def _handler(staff, report: Report):
    """The handling officer `assign_handler` would accept: staff of the group, or of the office, holding it."""
    if report.group_id:
        return staff.get((Role.GROUP_MEMBER, report.group_id)) or staff.get((Role.GROUP_LEADER, report.group_id))
    return staff.get((report.office or Office.PETITION, None))


def _appointer(staff, report: Report):
    """Who appoints the handler (`assign_handler`): the group's leader, or the petition office."""
    if report.group_id:
        return staff.get((Role.GROUP_LEADER, report.group_id))
    return staff.get((Role.PETITION_OFFICE, None))


def _progress(rng, report: Report, today, real: bool, staff, repeat_of) -> None:
    """Move an older report along: routed, accepted, closed, feedback given — as the office would have."""
    age = (today - report.received_on).days
    if real:
        report.acceptance_due = limits.due("acceptance_notice", report.received_on)
    if repeat_of is not None:
        # link_duplicate: handled with the original by its holder, no acceptance notice of its own.
        report.routing = Report.Routing.DUPLICATE
        report.stage = Report.Stage.DUPLICATE
        report.group, report.office = repeat_of[0].group, repeat_of[0].office
        report.acceptance_due = None
        return
    if age < 5 and rng.random() < 0.7:
        # Not routed yet: the petition office, which registered it (or receives online reports), holds it.
        report.routing = Report.Routing.PROPOSED
        report.stage = Report.Stage.RECEIVED if report.registered_by_id is None else Report.Stage.REGISTERED
        report.group, report.office = None, Office.PETITION
        return
    report.routing = Report.Routing.ROUTED
    report.stage = Report.Stage.REGISTERED
    report.office = "" if report.group_id else Office.PETITION
    report.handler = _handler(staff, report)
    if age > 12:
        report.accepted_on = report.received_on + datetime.timedelta(days=rng.randrange(3, 12))
        report.stage = Report.Stage.ACCEPTED
        # Most real-name reporters were told in time; a few notices are still outstanding (overdue).
        if real and rng.random() < 0.97:
            report.acceptance_notified_on = min(report.accepted_on + datetime.timedelta(days=2), report.acceptance_due)
    if age > 90 and rng.random() < 0.85:
        report.closed_on = report.received_on + datetime.timedelta(days=rng.randrange(60, 90))
        report.stage = Report.Stage.CLOSED
        report.result = rng.choice(RESULTS)
        if real:
            report.result_due = limits.due("result_notice", report.closed_on)
            told = report.result_due and report.result_due - datetime.timedelta(days=rng.randrange(0, 10))
            if rng.random() < 0.97 and told and told <= today:
                report.result_notified_on = told


def _children(rng, extras, xinfang, staff, now) -> None:
    subjects, named, signatures, bands, events, feedback = [], [], [], [], [], []
    through = Report.subjects.through

    stages = {}

    def event(report, at, actor, code, title, note="", to=None):
        """A timeline row as `workflow.timeline.write` signs it: the actor's grant, the stage before and after."""
        name = (actor.full_name or actor.username) if actor else ""
        role = timeline.role_label(actor)
        before = stages.get(report.pk, "")
        stages[report.pk] = after = to or before
        row = ReportEvent(at=min(at, now), report=report, actor=actor, actor_name=name, role=role, code=code)
        row.title, row.opinion, row.from_status, row.to_status = title, note, before, after
        events.append(row)

    for report, person, typed, facts in extras:
        if typed:
            named.append(ReportedName(report=report, name=person.name, unit=person.unit, post=person.post))
        else:
            subjects.append(through(report_id=report.pk, person_id=person.pk))
        sig = similarity.signature(facts, [person.name], [person.unit.name])
        if sig is not None:
            signatures.append(ReportSignature(report=report, minhash=sig.to_bytes()))
            bands.extend(ReportBand(report=report, key=k) for k in sig.band_keys())
        if report.registered_by_id:
            note = (
                f"{report.get_channel_display()}，收到日期{report.received_on:%Y-%m-%d}；建议：{report.routing_reason}"
            )
            event(
                report,
                report.registered_at,
                report.registered_by,
                "report.registered",
                "登记",
                note,
                Report.Stage.REGISTERED,
            )
        else:
            text = f"系统登记，{'实名' if report.is_real_name else '匿名'}举报"
            event(report, report.registered_at, None, "report.submitted", "网上举报提交", text, Report.Stage.RECEIVED)
        routed_at = report.registered_at + datetime.timedelta(days=1)
        if report.routing == Report.Routing.ROUTED:
            differs = report.group_id != report.proposed_group_id
            note = f"由委机关信访室交{report.handled_by}办理" + ("（未采纳系统建议）" if differs else "")
            event(report, routed_at, xinfang, "report.routed", "分办", note, Report.Stage.REGISTERED)
        if report.routing == Report.Routing.DUPLICATE:
            original = report.duplicate_of
            note = f"与{original.serial}为同一问题，并入办理，不再单独告知受理"
            event(report, routed_at, xinfang, "report.duplicate_linked", "关联重复件", note, Report.Stage.DUPLICATE)
        handler = report.handler
        if handler:
            at, appointer = routed_at + datetime.timedelta(hours=2), _appointer(staff, report)
            event(report, at, appointer, "report.handler_assigned", "指定承办人", str(handler))
        if report.accepted_on:
            event(report, _at(report.accepted_on, 10), handler, "report.accepted", "受理", "", Report.Stage.ACCEPTED)
        if report.acceptance_notified_on and handler:
            _notice(
                rng, report, Feedback.Notice.ACCEPTANCE, report.acceptance_notified_on, handler, "", feedback, event
            )
        if report.closed_on:
            event(
                report, _at(report.closed_on, 16), handler, "report.closed", "办结", report.result, Report.Stage.CLOSED
            )
        if report.result_notified_on and handler:
            objection = "对处理结果有异议，要求重新核查。" if rng.random() < 0.08 else ""
            _notice(rng, report, Feedback.Notice.RESULT, report.result_notified_on, handler, objection, feedback, event)
    through.objects.bulk_create(subjects, batch_size=1000)
    ReportedName.objects.bulk_create(named, batch_size=1000)
    ReportSignature.objects.bulk_create(signatures, batch_size=500)
    ReportBand.objects.bulk_create(bands, batch_size=2000, ignore_conflicts=True)
    ReportEvent.objects.bulk_create(events, batch_size=1000)
    Feedback.objects.bulk_create(feedback, batch_size=1000)


def _notice(rng, report, notice, given_on, handler, objection, feedback, event) -> None:
    """The reporter told (services.give_feedback): the feedback row and its timeline entry."""
    row = Feedback(
        report=report,
        notice=notice,
        method=rng.choice(Feedback.Method.values),
        given_on=given_on,
        given_by=handler,
        objection=objection,
    )
    feedback.append(row)
    note = f"{row.get_method_display()}，{given_on:%Y-%m-%d}" + (f"；举报人异议：{objection}" if objection else "")
    # After the acceptance (10:30) or the closing (16:30) of the same day.
    hour = 15 if notice == Feedback.Notice.ACCEPTANCE else 17
    event(report, _at(given_on, hour), handler, "report.feedback_given", row.get_notice_display(), note)


def _receipts(rng, reports, now) -> list[str]:
    """Receipt codes for a few recent online reports, drawn from the seeded generator (demo only) and hashed as usual."""
    recent = [r for r in reports if r.channel == Channel.ONLINE][-5:]
    codes = []
    for report in recent:
        code = "".join(rng.choice(services.RECEIPT_ALPHABET) for _ in range(services.RECEIPT_LENGTH))
        report.receipt_prefix, report.receipt_hash = (
            code[: services.RECEIPT_PREFIX],
            services._receipt_hasher.hash(code),
        )
        codes.append(services.format_receipt(code))
        ReportMessage.objects.create(
            report=report, direction=ReportMessage.Direction.FROM_REPORTER, body="我还有相关照片，可以补充提供。"
        )
        timeline.write(None, report, "report.message_received", "举报人留言", before=report.stage)
    Report.objects.bulk_update(recent, ["receipt_prefix", "receipt_hash"])
    return codes


# (days ago received, reason, forwarded to, days it took to forward or None: still to be forwarded)
FORWARDINGS = [
    (400, ForwardingRecord.Reason.HIGHER_MANAGED, "省纪委监委", 3),
    (260, ForwardingRecord.Reason.OWN_LEADER, "省纪委监委", 2),
    (180, ForwardingRecord.Reason.LOWER_BODY, "江临市河西区纪委监委", 4),
    (75, ForwardingRecord.Reason.HIGHER_MANAGED, "省纪委监委", 1),
    (20, ForwardingRecord.Reason.LOWER_BODY, "江临市城东区纪委监委", 3),
    (1, ForwardingRecord.Reason.HIGHER_MANAGED, "省纪委监委", None),
]


def _forwardings(ctx, today) -> int:
    """The only trace of reports the platform must not hold, recorded by the petition office and a group."""
    clerks = [ctx.users.get("xinfang"), ctx.users.get("zu4a")]
    made = 0
    for index, (ago, reason, to, took) in enumerate(FORWARDINGS):
        actor = clerks[index % len(clerks)]
        if actor is None:
            continue
        received = today - datetime.timedelta(days=ago)
        forwarded = min(received + datetime.timedelta(days=took), today) if took is not None else None
        services.record_forwarding(actor, received_on=received, reason=reason, forwarded_to=to, forwarded_on=forwarded)
        made += 1
    return made
