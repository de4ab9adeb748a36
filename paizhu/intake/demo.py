"""Demo 信访举报: ~2,000 reports over two years across channels and groups, with repeats and real-name feedback.

Rows are bulk-created for speed, but everything a service would compute is computed the same way:
serial numbers from `next_serial`, routing from `propose_routing` (coverage on the date received),
deadlines from the working-day calendar, identity through the encrypted fields, MinHash signatures
and LSH bands for repeat detection. A few online reports carry receipt codes printed in the summary.
"""

import datetime

from paizhu.audit.services import record
from paizhu.core.calendar import SHANGHAI, add_months, shanghai_today
from paizhu.core.choices import Discipline
from paizhu.core.numbering import next_serial
from paizhu.core.roles import Role
from paizhu.org.models import Person

from . import services, similarity
from .models import (
    Channel,
    Feedback,
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
    people = list(
        Person.objects.filter(unit__isnull=False, is_active=True, dispatches__isnull=True).select_related("unit")
    )
    # Reports about higher-managed cadres and our own leaders are never entered: leave them out.
    own = services.own_leader_ids(people)
    people = [p for p in people if p.pk not in own and p.management_level != Person.ManagementLevel.HIGHER]
    staff = {(g.role, g.group_id): g.user for g in _grants()}
    xinfang = ctx.users.get("xinfang")

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
            routing_reason=proposal.reason,
            group=proposal.group,
            office="" if proposal.group else Office.PETITION,
        )
        _progress(rng, report, today, real, staff, repeat_of)
        if channel == Channel.SUPERIOR:
            report.close_due = add_months(day, services.ASSIGNED_CLOSE_MONTHS)
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
        repeat.duplicate_of_id = original.pk
    Report.objects.bulk_update([r for r, _ in repeat_links], ["duplicate_of"], batch_size=500)
    _children(rng, extras, xinfang)
    codes = _receipts(rng, reports)
    record(None, "report.registered", None, {"demo": True, "count": len(reports)})
    repeats = sum(1 for r in reports if r.duplicate_of_id)
    real = sum(1 for r in reports if r.is_real_name)
    return f"信访举报 {len(reports)} 件（重复件 {repeats} 件，实名 {real} 件）；网上举报查询码示例：{codes[0]}"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 30), tzinfo=SHANGHAI)


def _grants():
    from paizhu.accounts.models import RoleGrant

    return RoleGrant.objects.active().filter(role__in=[Role.GROUP_LEADER, Role.GROUP_MEMBER]).select_related("user")


def _progress(rng, report: Report, today, real: bool, staff, repeat_of) -> None:
    """Move an older report along: routed, accepted, closed, feedback given — as the office would have."""
    age = (today - report.received_on).days
    if repeat_of is not None:
        report.routing = Report.Routing.DUPLICATE
        report.stage = Report.Stage.DUPLICATE
        report.group, report.office = repeat_of[0].group, repeat_of[0].office
        return
    if age < 5 and rng.random() < 0.7:
        report.routing = Report.Routing.PROPOSED
        report.stage = Report.Stage.RECEIVED if report.registered_by_id is None else Report.Stage.REGISTERED
        if report.registered_by_id is None:
            report.group = None
        if real:
            report.acceptance_due = services._workdays_after(report.received_on, services.ACCEPTANCE_NOTICE_WORKDAYS)
        return
    report.routing = Report.Routing.ROUTED
    report.stage = Report.Stage.REGISTERED
    report.handler = staff.get((Role.GROUP_MEMBER, report.group_id)) or staff.get((Role.GROUP_LEADER, report.group_id))
    if real:
        report.acceptance_due = services._workdays_after(report.received_on, services.ACCEPTANCE_NOTICE_WORKDAYS)
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
            report.result_due = services._workdays_after(report.closed_on, services.RESULT_NOTICE_WORKDAYS)
            if rng.random() < 0.97 and report.result_due:
                report.result_notified_on = report.result_due - datetime.timedelta(days=rng.randrange(0, 10))


def _children(rng, extras, xinfang) -> None:
    subjects, named, signatures, bands, events, feedback = [], [], [], [], [], []
    through = Report.subjects.through
    for report, person, typed, facts in extras:
        if typed:
            named.append(ReportedName(report=report, name=person.name, unit=person.unit, post=person.post))
        else:
            subjects.append(through(report_id=report.pk, person_id=person.pk))
        sig = similarity.signature(facts, [person.name], [person.unit.name])
        if sig is not None:
            signatures.append(ReportSignature(report=report, minhash=sig.to_bytes()))
            bands.extend(ReportBand(report=report, key=k) for k in sig.band_keys())
        name = (xinfang.full_name if xinfang else "") or "信访室"
        routed_at = report.registered_at + datetime.timedelta(days=1)
        events.append(
            ReportEvent(
                at=report.registered_at,
                report=report,
                actor=report.registered_by,
                actor_name=name if report.registered_by_id else "",
                action="登记" if report.registered_by_id else "网上举报提交",
                note=report.routing_reason,
            )
        )
        if report.routing == Report.Routing.ROUTED:
            events.append(
                ReportEvent(
                    at=routed_at,
                    report=report,
                    actor=xinfang,
                    actor_name=name,
                    action="分办",
                    note=f"交{report.handled_by}办理",
                )
            )
        if report.routing == Report.Routing.DUPLICATE:
            events.append(
                ReportEvent(
                    at=routed_at,
                    report=report,
                    actor=xinfang,
                    actor_name=name,
                    action="关联重复件",
                    note="与此前举报为同一问题，并入办理",
                )
            )
        if report.closed_on:
            events.append(
                ReportEvent(
                    at=_at(report.closed_on, 16),
                    report=report,
                    actor=report.handler,
                    actor_name=str(report.handler or ""),
                    action="办结",
                    note=report.result,
                )
            )
        handler = report.handler or xinfang
        if report.acceptance_notified_on and handler:
            feedback.append(
                Feedback(
                    report=report,
                    notice=Feedback.Notice.ACCEPTANCE,
                    method=rng.choice(Feedback.Method.values),
                    given_on=report.acceptance_notified_on,
                    given_by=handler,
                )
            )
        if report.result_notified_on and handler:
            objection = "对处理结果有异议，要求重新核查。" if rng.random() < 0.08 else ""
            feedback.append(
                Feedback(
                    report=report,
                    notice=Feedback.Notice.RESULT,
                    method=rng.choice(Feedback.Method.values),
                    given_on=report.result_notified_on,
                    given_by=handler,
                    objection=objection,
                )
            )
    through.objects.bulk_create(subjects, batch_size=1000)
    ReportedName.objects.bulk_create(named, batch_size=1000)
    ReportSignature.objects.bulk_create(signatures, batch_size=500)
    ReportBand.objects.bulk_create(bands, batch_size=2000, ignore_conflicts=True)
    ReportEvent.objects.bulk_create(events, batch_size=1000)
    Feedback.objects.bulk_create(feedback, batch_size=1000)


def _receipts(rng, reports) -> list[str]:
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
    Report.objects.bulk_update(recent, ["receipt_prefix", "receipt_hash"])
    return codes
