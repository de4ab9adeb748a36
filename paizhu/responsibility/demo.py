"""Demo: every unit's 2026 responsibility lists, through the services, signed by the unit's own accounts.

教育局 (shuji, lianluo, fenguan, chengban) started 2026 from its 2025 lists (沿用上年度): its collective list is
signed; the secretary's list waits for shuji's signature as 主要领导; the 一岗双责 list of its 分管副局长 was
signed, then changed, and its second version is with chengban again; a new member's list is still a draft.
Across the other units most lists are signed, some wait at a step, some are still drafts. Every unit has its
2026 三重一大 filings, answered and checked by its group's leader; 教育局's include one filed on the meeting day
(late), one whose minutes are due and one the group has still to answer. Times are moved
back to plausible 2026 days after the services wrote them (the audit entries keep the real time of loading).
"""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from paizhu.accounts.models import User
from paizhu.core.calendar import SHANGHAI, shanghai_today
from paizhu.org.models import Coverage, Person
from paizhu.workflow.attachments import Upload
from paizhu.workflow.models import Attachment

from .models import Filing, FilingEvent, ListEvent, ResponsibilityList, Signature
from .services import filings as filing_services
from .services import lists as services

D = datetime.date
COLLECTIVE = (
    (
        "duty",
        "召开党组会议专题研究部署全面从严治党工作，制定年度工作要点和责任分工",
        "年初召开党组会议专题研究，印发年度工作要点，明确班子成员责任分工",
        (3, 31),
        "党组会议纪要、年度工作要点",
    ),
    (
        "duty",
        "每半年听取一次班子成员履行“一岗双责”情况汇报",
        "6月、12月各召开一次专题会议，班子成员逐一汇报",
        (12, 31),
        "会议记录、汇报材料",
    ),
    (
        "duty",
        "开展廉政风险点排查，完善岗位、流程、制度三类防控措施",
        "各科室自查、班子审定，形成廉政风险防控台账",
        (6, 30),
        "廉政风险防控台账",
    ),
    (
        "duty",
        "落实中央八项规定及其实施细则精神，开展作风建设专项检查",
        "节假日前开展提醒，每季度抽查公务接待、公车使用情况",
        (9, 30),
        "检查通报",
    ),
    (
        "duty",
        "组织开展警示教育，召开警示教育大会",
        "结合典型案例开展以案促改，组织观看警示教育片",
        (10, 31),
        "警示教育大会材料",
    ),
    (
        "duty",
        "支持派驻纪检监察组履行监督职责，与派驻组开展定期会商",
        "每半年与派驻纪检监察组会商一次，通报全面从严治党工作情况",
        (12, 15),
        "会商纪要",
    ),
    (
        "trigger",
        "对党风廉政建设工作不部署、不检查、不落实，造成严重后果的",
        "依据《中国共产党问责条例》第七条",
        None,
        "",
    ),
    ("trigger", "对本单位发生的重大违纪违法问题隐瞒不报、压案不查的", "依据《中国共产党问责条例》第七条", None, ""),
    ("trigger", "违反“三重一大”决策制度，造成重大损失或恶劣影响的", "依据《中国共产党问责条例》第七条", None, ""),
)
SECRETARY = (
    (
        "duty",
        "履行第一责任人职责，对班子成员落实“一岗双责”情况开展约谈",
        "每年至少对每名班子成员约谈一次，发现问题及时提醒",
        (11, 30),
        "约谈记录",
    ),
    ("duty", "带头讲廉政党课", "结合主题教育讲授廉政党课一次", (7, 31), "党课讲稿、签到表"),
    ("duty", "与班子成员、内设机构主要负责人开展谈心谈话", "每年覆盖全体班子成员和科室主要负责人", (8, 31), "谈话记录"),
    (
        "duty",
        "审签重要廉政文件，督办派驻组反馈问题的整改",
        "对派驻组提出的纪检监察建议逐项明确责任人和时限",
        (12, 31),
        "整改台账",
    ),
    ("trigger", "对班子成员和下属违纪违法问题失察失管、造成不良影响的", "依据《中国共产党问责条例》第七条", None, ""),
    ("trigger", "违规干预、插手重大事项决策、干部选拔任用和工程项目的", "依据《中国共产党问责条例》第七条", None, ""),
)
MEMBER = (
    (
        "duty",
        "对分管科室负责人开展廉政谈话，每年不少于一次",
        "结合年度工作部署开展集体廉政谈话和个别提醒谈话",
        (6, 30),
        "谈话记录",
    ),
    ("duty", "督促分管领域落实廉政风险防控措施", "每季度检查分管科室风险防控措施落实情况", (9, 30), "检查记录"),
    ("duty", "向党组书面报告履行“一岗双责”情况", "年底前形成书面报告，在党组会议上汇报", (12, 20), "书面报告"),
    ("trigger", "分管领域发生严重违纪违法问题，负有领导责任的", "依据《中国共产党问责条例》第七条", None, ""),
)
PROGRESS = "已按计划完成，相关材料已归档。"


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=SHANGHAI)


def _fill(writer, rlist, rows, year: int) -> ResponsibilityList:
    for kind, task, measures, due, evidence in rows:
        services.save_item(
            writer,
            rlist,
            version=None,
            kind=kind,
            task=task,
            measures=measures,
            due_on=D(year, *due) if due else None,
            evidence=evidence,
        )
    rlist.refresh_from_db()
    return rlist


def _progress(writer, rlist, today: datetime.date, skip: int) -> None:
    """Report the duties due by now as done, except every `skip`th one (left red)."""
    for n, item in enumerate(rlist.items.filter(kind="duty").order_by("position")):
        if item.due_on and item.due_on < today and (skip == 0 or n % skip != skip - 1):
            done = min(item.due_on - datetime.timedelta(days=3), today)
            rlist.refresh_from_db()
            services.report_progress(
                writer, rlist, version=rlist.version, item_id=item.pk, progress=PROGRESS, done_on=done
            )


def _sign(
    rlist,
    writer,
    chain: dict,
    upto: int,
    opinions=("同意。", "同意，按计划抓好落实。", "同意。", "同意，严格履行责任。"),
):
    rlist.refresh_from_db()
    rlist = services.start_signing(writer, rlist, version=rlist.version, signers=chain)
    for step in range(1, upto + 1):
        rlist = services.sign(chain[step], rlist, version=rlist.version, opinion=opinions[step - 1])
    return rlist


def _last_event(rlist: ResponsibilityList) -> int:
    return ListEvent.objects.filter(responsibility_list=rlist).order_by("-id").values_list("pk", flat=True).first() or 0


def _backdate(rlist: ResponsibilityList, start: datetime.date, after: int = 0) -> None:
    """Move the list's times (its events after the event `after`) to `start` onwards, three a day; signatures
    and the list's signing time follow their events."""
    if not after:
        ResponsibilityList.objects.filter(pk=rlist.pk).update(created_at=_at(start, 9))
    steps = ListEvent.objects.filter(responsibility_list=rlist, pk__gt=after).exclude(
        code="responsibility.item_progress"
    )
    for n, event in enumerate(steps.order_by("id")):
        ListEvent.objects.filter(pk=event.pk).update(at=_at(start + datetime.timedelta(days=n // 3), 9 + n % 3 * 2))
    signatures = Signature.objects.filter(responsibility_list=rlist, signed_at__isnull=False).order_by(
        "revision", "step"
    )
    signing = list(ListEvent.objects.filter(responsibility_list=rlist, code="responsibility.signed").order_by("id"))
    for signature, event in zip(signatures, signing, strict=False):
        event.refresh_from_db()
        Signature.objects.filter(pk=signature.pk).update(signed_at=event.at)
    last = signatures.filter(revision=F("responsibility_list__revision")).order_by("-step").first()
    if rlist.status == ResponsibilityList.Status.SIGNED and last is not None:
        last.refresh_from_db()
        ResponsibilityList.objects.filter(pk=rlist.pk).update(signed_at=last.signed_at)


def _accounts(prefix: str) -> dict[int, User]:
    names = {1: f"{prefix}cb", 2: f"{prefix}ll", 3: f"{prefix}fg", 4: f"{prefix}sj"}
    users = {u.username: u for u in User.objects.filter(username__in=names.values())}
    return {step: users[name] for step, name in names.items()}


def _deputies(unit, exclude=()) -> list[Person]:
    return list(
        Person.objects.filter(unit=unit, is_leadership_member=True, is_main_leader=False, post__contains="副")
        .exclude(pk__in=exclude)
        .order_by("id")
    )


def _area(unit_name: str) -> str:
    from paizhu.org.demo import CITY, UNITS

    departments = UNITS[unit_name.removeprefix(CITY)][1]
    return f"{departments[0]}、{departments[1]}"


def _education(ctx, unit, today: datetime.date) -> int:
    users = {u.username: u for u in User.objects.filter(username__in=["shuji", "lianluo", "fenguan", "chengban"])}
    writer = users["lianluo"]
    chain = {1: users["chengban"], 2: users["lianluo"], 3: users["fenguan"], 4: users["shuji"]}
    secretary = users["shuji"].person
    deputy = users["fenguan"].person
    made = 0
    # 2025: the lists the unit signed last year
    old_collective = _fill(
        writer, services.create_list(writer, unit=unit, year=2025, level="collective"), COLLECTIVE, 2025
    )
    old_secretary = _fill(
        writer, services.create_list(writer, unit=unit, year=2025, level="secretary", person=secretary), SECRETARY, 2025
    )
    for rlist, start in ((old_collective, D(2025, 1, 20)), (old_secretary, D(2025, 1, 22))):
        rlist = _sign(rlist, writer, chain, 4)
        _progress(writer, rlist, D(2026, 1, 1), 0)
        _backdate(rlist, start)
        made += 1
    # 2026: started from 2025's lists
    collective, own = services.copy_last_year(writer, unit, 2026)
    collective = _sign(collective, writer, chain, 4)
    _progress(writer, collective, today, 4)
    _backdate(collective, D(2026, 1, 19))
    own = _sign(own, writer, chain, 4)
    _progress(writer, own, today, 0)
    _backdate(own, D(2026, 1, 21))
    mark = _last_event(own)
    own.refresh_from_db()
    services.save_item(  # a duty added late in the year: version 2, which waits for 主要领导 (shuji)
        writer,
        own,
        version=own.version,
        kind="duty",
        task="向派驻纪检监察组书面报告年度履行第一责任人职责情况",
        measures="年底前形成书面报告，经党组会议审议后报送",
        due_on=D(2026, 12, 25),
        evidence="书面报告",
    )
    own = _sign(own, writer, chain, 3)
    _backdate(own, D(2026, 11, 26), after=mark)
    member = _fill(
        writer,
        services.create_list(writer, unit=unit, year=2026, level="member", person=deputy, area=_area(unit.name)),
        MEMBER,
        2026,
    )
    member = _sign(member, writer, chain, 4)
    _backdate(member, D(2026, 2, 2))
    mark = _last_event(member)
    member.refresh_from_db()
    item = member.items.filter(kind="duty").order_by("position").last()
    services.save_item(  # a change after signing: version 2, signed again from the start
        writer,
        member,
        version=member.version,
        item_id=item.pk,
        kind="duty",
        task=item.task,
        measures="年底前形成书面报告，在党组会议上汇报，并抄送派驻纪检监察组",
        due_on=item.due_on,
        evidence=item.evidence,
    )
    member.refresh_from_db()
    member = services.start_signing(writer, member, version=member.version, signers=chain)
    _backdate(member, D(2026, 12, 1), after=mark)
    newcomer = _deputies(unit, exclude=[deputy.pk])
    made += 3
    if newcomer:
        draft = services.create_list(
            writer, unit=unit, year=2026, level="member", person=newcomer[0], area="职业教育与社会教育科、教师工作科"
        )
        _fill(writer, draft, MEMBER[:2], 2026)
        _backdate(draft, D(2026, 11, 24))
        made += 1
    return made


def load(ctx) -> str | None:
    if ResponsibilityList.objects.exists():
        return None
    from paizhu.org.demo import CITY, UNITS

    today = shanghai_today()
    made = 0
    for number, short in enumerate(UNITS, start=1):
        unit = ctx.units[f"{CITY}{short}"]
        if short == "教育局":
            made += _education(ctx, unit, today)
            continue
        chain = _accounts(f"zr{number:02d}")
        writer = chain[2]
        start = D(2026, 1, 12) + datetime.timedelta(days=number % 10)
        collective = _fill(
            writer, services.create_list(writer, unit=unit, year=2026, level="collective"), COLLECTIVE, 2026
        )
        secretary = _fill(
            writer,
            services.create_list(writer, unit=unit, year=2026, level="secretary", person=chain[4].person),
            SECRETARY,
            2026,
        )
        deputies = _deputies(unit)
        member = _fill(
            writer,
            services.create_list(
                writer, unit=unit, year=2026, level="member", person=deputies[0], area=_area(unit.name)
            ),
            MEMBER,
            2026,
        )
        shape = number % 6
        collective = _sign(collective, writer, chain, 2 if shape == 1 else 4) if shape != 2 else collective
        secretary = _sign(secretary, writer, chain, 3 if shape == 0 else 4)
        member = _sign(member, writer, chain, 4) if shape not in (2, 4) else member
        for n, rlist in enumerate((collective, secretary, member)):
            rlist.refresh_from_db()
            if rlist.status == ResponsibilityList.Status.SIGNED:
                _progress(writer, rlist, today, 3 + shape % 3)
            _backdate(rlist, start + datetime.timedelta(days=2 * n))
            made += 1
    filings = load_filings(ctx, list(enumerate(UNITS, start=1)), today)
    log = load_activities(ctx, list(enumerate(UNITS, start=1)), today)
    reports = load_reports(ctx, list(enumerate(UNITS, start=1)), today)
    selections = load_appointments(ctx, list(enumerate(UNITS, start=1)), today)
    risk_points = load_risks(ctx, list(enumerate(UNITS, start=1)), today)
    return (
        f"主体责任：{made} 份主体责任清单（含签字背书，部分待签、编制中），{filings} 件“三重一大”事项报备，"
        f"{log} 条履责记实，{reports} 份双报告，{selections} 项干部选任，{risk_points} 个廉政风险点"
    )


# --- 三重一大 filings ---

# (category, title, agenda, amount) per kind of matter; units draw from these.
MATTERS = (
    (
        "appointment",
        "研究{dept}负责人拟任人选",
        "一、听取组织人事科关于{dept}负责人选拔任用工作情况的汇报\n二、讨论决定拟任人选",
        None,
    ),
    (
        "decision",
        "审议本单位{year}年度预算调整方案",
        "一、听取计划财务科关于预算执行及调整情况的汇报\n二、审议预算调整方案",
        None,
    ),
    (
        "project",
        "研究{dept}信息化平台建设项目立项",
        "一、听取项目可行性研究报告\n二、审议项目立项及招标方式",
        Decimal("1860000"),
    ),
    ("funds", "研究{dept}专项资金分配方案", "一、听取专项资金申报及评审情况\n二、审议资金分配方案", Decimal("3200000")),
    (
        "decision",
        "审议本单位政府采购内部控制管理办法（修订）",
        "一、听取政策法规科关于修订情况的说明\n二、审议管理办法修订稿",
        None,
    ),
)
OPINIONS = (
    "请严格按照“三重一大”决策制度履行程序，充分听取班子成员意见，主要负责人末位表态。",
    "该事项涉及资金量大，请在决策前完成合法性审查和风险评估，会后及时报送会议纪要。",
    "请严格执行干部选拔任用工作条例，确保动议、民主推荐、考察、公示等程序完整。",
)


def _minutes(unit_name: str, title: str, held_on: datetime.date) -> Upload:
    """A 会议纪要 as the unit's office writes it (.docx)."""
    import io

    import docx

    document = docx.Document()
    document.add_heading(f"{unit_name}党组会议纪要", level=1)
    document.add_paragraph(
        f"{held_on.year}年{held_on.month}月{held_on.day}日，党组书记主持召开党组会议，研究{title}等事项。"
    )
    document.add_paragraph("会议听取了相关科室的汇报，班子成员逐一发表意见，党组书记最后表态，会议经集体研究形成决定。")
    buffer = io.BytesIO()
    document.save(buffer)
    return Upload(f"{title}会议纪要.docx", buffer.getvalue())


def _step_dates(filing: Filing, dates: list[datetime.date]) -> None:
    for event, day in zip(filing.events.order_by("id"), dates, strict=False):
        FilingEvent.objects.filter(pk=event.pk).update(at=_at(day, 10))
    Attachment.objects.filter(content_type=ContentType.objects.get_for_model(Filing), object_id=filing.pk).update(
        uploaded_at=_at(dates[-1] if len(dates) > 2 else dates[0], 15)
    )


def _one_filing(unit, writer, group_user, matter, *, meeting_on, filed_on, stage, problem=False, opinion=0):
    """A filing taken through the services to `stage` (filed, answered, held, checked), its days set after."""
    category, title, agenda, amount = matter
    dept = _area(unit.name).split("、")[0]
    title = title.format(dept=dept, year=meeting_on.year)
    filing = filing_services.file_matter(
        writer,
        unit=unit,
        category=category,
        title=title,
        agenda=agenda.format(dept=dept),
        meeting_kind=Filing.Meeting.PARTY_GROUP,
        meeting_on=meeting_on,
        amount=amount,
        on=filed_on,
    )
    dates = [filed_on]
    if stage == "filed":
        return filing
    attend = category == "appointment" or filing.is_late is False and opinion == 1
    words = OPINIONS[2] if category == "appointment" else OPINIONS[opinion % 2]
    if filing.is_late:
        words = "该事项报备时间不符合会前至少1个工作日报备的要求，请严格执行会前报备制度。" + words
    filing = filing_services.answer(
        group_user,
        filing,
        version=filing.version,
        attend=attend,
        attendees=group_user.full_name if attend else "",
        opinion=words,
    )
    dates.append(min(filed_on + datetime.timedelta(days=1), meeting_on))
    if stage == "answered":
        _step_dates(filing, dates)
        return filing
    filing = filing_services.report_minutes(
        writer,
        filing,
        version=filing.version,
        held_on=meeting_on,
        decision="会议经集体研究，同意该事项，责成相关科室按程序抓好落实。",
        uploads=[_minutes(unit.name, title, meeting_on)],
    )
    dates.append(meeting_on + datetime.timedelta(days=2))
    if stage == "checked":
        filing = filing_services.conclude(
            group_user,
            filing,
            version=filing.version,
            collective=True,
            last_speaker=not problem,
            opinion="经查阅会议纪要，主要负责人在班子成员发表意见前即表明倾向性意见，未做到末位表态，已向党组书记提出。"
            if problem
            else "经查阅会议纪要，该事项经党组会议集体研究决定，主要负责人末位表态，程序规范。",
        )
        dates.append(meeting_on + datetime.timedelta(days=6))
    _step_dates(filing, dates)
    return filing


def _group_leader(unit) -> User:
    group_id = Coverage.objects.current().filter(unit=unit).values_list("group__ordinal", flat=True).first()
    return User.objects.get(username=f"zu{group_id}")


def load_filings(ctx, units: list[tuple[int, str]], today: datetime.date) -> int:
    from paizhu.org.demo import CITY

    made = 0
    for number, short in units:
        unit = ctx.units[f"{CITY}{short}"]
        leader = _group_leader(unit)
        if short == "教育局":
            writer = User.objects.get(username="lianluo")
            plan = [  # (matter, meeting, filed, stage, problem)
                (MATTERS[1], D(2026, 3, 17), D(2026, 3, 12), "checked", False),
                (MATTERS[0], D(2026, 6, 23), D(2026, 6, 18), "checked", True),
                (MATTERS[3], D(2026, 9, 29), D(2026, 9, 24), "checked", False),
                (MATTERS[4], D(2026, 11, 12), D(2026, 11, 12), "held", False),  # filed on the meeting day: late
                (MATTERS[2], D(2026, 11, 27), D(2026, 11, 24), "answered", False),  # minutes not reported yet
                (MATTERS[0], D(2026, 12, 8), D(2026, 12, 2), "filed", False),  # the group has to answer
            ]
        else:
            writer = User.objects.get(username=f"zr{number:02d}ll")
            base = 3 + number % 6
            plan = [
                (MATTERS[number % 5], D(2026, base, 14), D(2026, base, 9), "checked", number % 7 == 3),
                (MATTERS[(number + 2) % 5], D(2026, base + 4, 21), D(2026, base + 4, 16), "checked", False),
            ]
            if number % 4 == 1:
                plan.append((MATTERS[(number + 1) % 5], D(2026, 11, 25), D(2026, 11, 20), "held", False))
        for n, (matter, meeting_on, filed_on, stage, problem) in enumerate(plan):
            if filed_on > today or (stage != "filed" and meeting_on > today):
                continue  # a demo loaded earlier than its story: leave out what has not happened yet
            _one_filing(
                unit,
                writer,
                leader,
                matter,
                meeting_on=meeting_on,
                filed_on=filed_on,
                stage=stage,
                problem=problem,
                opinion=n,
            )
            made += 1
    return made


# --- 履责记实 ---

ACTIVITIES = (  # (month, day, kind, title, content, participants, level of the list, the duty's position)
    (
        1,
        16,
        "meeting",
        "党组会议专题研究部署年度全面从严治党工作",
        "传达学习上级全面从严治党工作会议精神，研究制定本单位年度党风廉政建设工作要点和责任分工。",
        "党组全体成员",
        "collective",
        1,
    ),
    (
        3,
        26,
        "talk",
        "对分管科室负责人开展集体廉政谈话",
        "结合年度工作部署，对分管科室负责人开展集体廉政谈话，提出廉洁从政要求。",
        "分管领导、分管科室负责人",
        "member",
        1,
    ),
    (
        6,
        24,
        "report",
        "听取班子成员上半年履行“一岗双责”情况汇报",
        "班子成员逐一汇报上半年履行“一岗双责”情况，党组书记逐一点评并提出要求。",
        "党组全体成员",
        "collective",
        2,
    ),
    (
        7,
        22,
        "study",
        "党组书记讲廉政党课",
        "党组书记以“守纪律、讲规矩、作表率”为题讲授廉政党课，机关全体党员参加。",
        "机关全体党员",
        "secretary",
        2,
    ),
    (
        10,
        28,
        "warning",
        "召开警示教育大会",
        "通报近期查处的典型案例，组织观看警示教育片，开展以案促改。",
        "机关全体干部",
        "collective",
        5,
    ),
)


def _record_document(unit_name: str, title: str, day: datetime.date) -> Upload:
    import io

    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(f"时间：{day.year}年{day.month}月{day.day}日")
    document.add_paragraph(f"地点：{unit_name}机关会议室")
    document.add_paragraph("记录人：办公室")
    buffer = io.BytesIO()
    document.save(buffer)
    return Upload(f"{title}记录.docx", buffer.getvalue())


def load_activities(ctx, units: list[tuple[int, str]], today: datetime.date) -> int:
    from paizhu.org.demo import CITY

    from .models import Activity, ListItem
    from .services import activities as activity_services

    made = 0
    for number, short in units:
        unit = ctx.units[f"{CITY}{short}"]
        writer = User.objects.get(username="lianluo" if short == "教育局" else f"zr{number:02d}ll")
        for n, (month, day, kind, title, content, participants, level, position) in enumerate(ACTIVITIES):
            occurred = D(2026, month, min(day + number % 3, 28))
            if occurred > today or (number + n) % 5 == 4:  # not every unit did everything, nor logged it
                continue
            item = (
                ListItem.objects.filter(
                    responsibility_list__unit=unit,
                    responsibility_list__year=2026,
                    responsibility_list__level=level,
                    kind="duty",
                )
                .order_by("responsibility_list_id", "position")
                .filter(position=position)
                .first()
            )
            uploads = [_record_document(unit.name, title, occurred)] if kind in ("meeting", "report") else []
            activity = activity_services.record_activity(
                writer,
                unit=unit,
                occurred_on=occurred,
                kind=kind,
                title=title,
                content=content,
                participants=participants,
                item=item,
                uploads=uploads,
            )
            Activity.objects.filter(pk=activity.pk).update(recorded_at=_at(occurred, 17))
            Attachment.objects.filter(
                content_type=ContentType.objects.get_for_model(Activity), object_id=activity.pk
            ).update(uploaded_at=_at(occurred, 17))
            made += 1
    return made


# --- 双报告 ---

REVIEW_WORDS = (
    "报告对照主体责任清单逐项报告，内容较为全面。下一步请对逾期未完成事项明确时限，加强对班子成员“一岗双责”的督促。",
    "报告问题查摆不够深入，请结合派驻组日常监督中发现的问题，细化整改措施。",
)


def _report(unit, writer, leader, year, period, submitted_on, *, review: bool, n: int):
    from .models import ReportEvent
    from .services import reports as report_services

    report = report_services.draft_report(writer, unit=unit, year=year, period=period)
    drafted = submitted_on - datetime.timedelta(days=5)
    report = report_services.submit_report(writer, report, version=report.version, on=submitted_on)
    days = [drafted, submitted_on]
    if review:
        report = report_services.comment_report(leader, report, version=report.version, comment=REVIEW_WORDS[n % 2])
        days.append(submitted_on + datetime.timedelta(days=7))
    for event, day in zip(report.events.order_by("id"), days, strict=False):
        ReportEvent.objects.filter(pk=event.pk).update(at=_at(day, 15))
    return report


def load_reports(ctx, units: list[tuple[int, str]], today: datetime.date) -> int:
    from paizhu.org.demo import CITY

    from .services import reports as report_services

    made = 0
    for number, short in units:
        unit = ctx.units[f"{CITY}{short}"]
        writer = User.objects.get(username="lianluo" if short == "教育局" else f"zr{number:02d}ll")
        leader = _group_leader(unit)
        plan = [(2025, "annual", D(2026, 1, 20 + number % 8))]
        if short == "教育局":
            plan.append((2026, "h1", D(2026, 7, 10)))
        elif number % 9 == 5:
            pass  # 2026年上半年报告未报：逾期未报
        elif number % 7 == 2:
            plan.append((2026, "h1", D(2026, 7, 22)))  # 逾期报送
        else:
            plan.append((2026, "h1", D(2026, 7, 6 + number % 8)))
        for n, (year, period, submitted_on) in enumerate(plan):
            if submitted_on > today:
                continue
            _report(unit, writer, leader, year, period, submitted_on, review=(number + n) % 4 != 0, n=number + n)
            made += 1
        if short == "教育局" and report_services.report_due("annual", 2026) > today:
            report_services.draft_report(writer, unit=unit, year=2026, period="annual")  # the year's report in draft
            made += 1
    return made


# --- 干部选任 and 党风廉政意见回复 ---

STEP_NOTES = {
    1: "党组会议研究{post}职位空缺情况，分析研判后提出启动选任工作的初步建议，确定选任范围和方式。",
    2: "在{dept}及相关科室范围内开展民主推荐，发出推荐票{votes}张，收回{votes}张，{name}同志得票居前。",
    3: "考察组采取个别谈话、查阅档案、听取意见等方式进行考察，个别谈话{talks}人，形成考察材料。",
    4: "党组会议应到{members}人、实到{members}人，经充分酝酿讨论，无记名表决同意{name}同志任{post}。",
    5: "在本单位网站和公示栏进行任前公示，公示期间未收到反映。",
    6: "印发任职通知，宣布任职并进行任前廉政谈话，试用期一年。",
}
OPINION_REQUEST = (
    "{unit}党组拟提拔{name}同志（现任{current}）任{post}。根据干部选拔任用工作有关规定，"
    "现就该同志党风廉政情况征求派驻纪检监察组意见，请予回复。"
)
OPINION_CLEAR = "经查，截至目前，未发现{name}同志有违反党风廉政建设规定的问题，未收到涉及该同志的问题线索。"


def _candidate(unit, exclude=()) -> Person | None:
    people = Person.objects.filter(unit=unit, is_leadership_member=False, is_active=True).exclude(pk__in=exclude)
    return (
        people.filter(post__endswith="副科长").order_by("id").first()
        or people.filter(post__endswith="科员").order_by("id").first()
    )


def _proposed(person: Person) -> str:
    return (
        person.post.replace("副科长", "科长")
        if person.post.endswith("副科长")
        else person.post.replace("科员", "副科长")
    )


def _texts(unit, person: Person, post: str, step: int) -> str:
    dept = post.split("科")[0] + "科" if "科" in post else "机关"
    return STEP_NOTES[step].format(post=post, dept=dept, votes=18, name=person.name, talks=12, members=7)


def _appointment(unit, writer, answerer, person, *, start, upto, skip=(), opinion="answered", filing=None, check=""):
    """A selection through the services: steps `1..upto` but those in `skip`, dated from `start`; the opinion
    requested before the decision and answered (or left waiting); its timeline moved to the steps' days."""
    from .models import AppointmentEvent, IntegrityOpinion
    from .services import appointments

    post = _proposed(person)
    made = appointments.open_appointment(
        writer, unit=unit, candidate=person, proposed_post=post, reason=f"{post}职位空缺，工作需要。", on=start
    )
    days = [start]
    offsets = {1: 0, 2: 7, 3: 14, 4: 22, 5: 23, 6: 35}
    for step in range(1, upto + 1):
        if step == 4 and opinion:
            asked = start + datetime.timedelta(days=15)
            made.refresh_from_db()
            row = appointments.request_opinion(
                writer,
                made,
                version=made.version,
                request=OPINION_REQUEST.format(unit=unit.name, name=person.name, current=person.post, post=post),
                on=asked,
            )
            days.append(asked)
            if opinion == "waiting":
                break
            answered = asked + datetime.timedelta(days=4)
            appointments.answer_opinion(
                answerer,
                row,
                version=row.version,
                conclusion=IntegrityOpinion.Conclusion.CLEAR,
                text=OPINION_CLEAR.format(name=person.name),
                on=answered,
            )
            days.append(answered)
        if step in skip:
            continue
        on = filing.meeting_on if step == 4 and filing else start + datetime.timedelta(days=offsets[step])
        if step > 4 and filing:
            on = filing.meeting_on + datetime.timedelta(days=offsets[step] - 22)
        made.refresh_from_db()
        made = appointments.record_step(
            writer,
            made,
            version=made.version,
            step=step,
            done_on=on,
            ends_on=on + datetime.timedelta(days=8) if step == 5 else None,
            note=_texts(unit, person, post, step),
            filing=filing if step == 4 else None,
        )
        days.append(on)
    if check:
        made.refresh_from_db()
        made = appointments.check_flags(answerer, made, version=made.version, opinion=check)
        days.append(days[-1] + datetime.timedelta(days=3))
    for event, day in zip(made.events.order_by("id"), days, strict=False):
        AppointmentEvent.objects.filter(pk=event.pk).update(at=_at(day, 10))
    return made


def load_appointments(ctx, units: list[tuple[int, str]], today: datetime.date) -> int:
    from paizhu.org.demo import CITY

    made = 0
    skipped_publicity = False
    for number, short in units:
        unit = ctx.units[f"{CITY}{short}"]
        leader = _group_leader(unit)
        filed = Filing.objects.filter(unit=unit, category=Filing.Category.APPOINTMENT, status=Filing.Status.CHECKED)
        if short == "教育局":
            writer = User.objects.get(username="lianluo")
            member = User.objects.get(username="zu4a")
            first = _candidate(unit)
            second = _candidate(unit, exclude=[first.pk])
            third = _candidate(unit, exclude=[first.pk, second.pk])
            decided = filed.filter(meeting_on=D(2026, 6, 23)).first()
            # complete, its decision at the filed 6月23日 meeting, the group's opinion answered
            _appointment(unit, writer, member, first, start=D(2026, 6, 1), upto=6, filing=decided)
            # 民主推荐 skipped: flagged, waiting for the group to check it
            _appointment(unit, writer, member, second, start=D(2026, 9, 7), upto=3, skip=(2,), opinion="")
            # the opinion requested on 12月1日, the group has still to answer it (the 12月8日 meeting is filed)
            if D(2026, 12, 1) <= today:
                _appointment(unit, writer, member, third, start=D(2026, 11, 16), upto=4, opinion="waiting")
            made += 3
            continue
        writer = User.objects.get(username=f"zr{number:02d}ll")
        decided = filed.order_by("meeting_on").first()
        person = _candidate(unit)
        if person is None:
            continue
        if decided is not None and decided.meeting_on + datetime.timedelta(days=13) <= today:
            _appointment(
                unit,
                writer,
                leader,
                person,
                start=decided.meeting_on - datetime.timedelta(days=22),
                upto=6,
                filing=decided,
            )
            made += 1
        elif number % 4 == 1 and not skipped_publicity:
            # 任前公示 left out: flagged with the decision not filed; the group checked both
            _appointment(
                unit,
                writer,
                leader,
                person,
                start=D(2026, 8, 3),
                upto=6,
                skip=(5,),
                check="已约谈该单位分管组织人事工作的负责同志，指出任前公示程序缺失、讨论决定未按“三重一大”报备的问题，要求立即整改并在全体干部大会上说明情况。",
            )
            skipped_publicity = True
            made += 1
    return made


# --- 廉政风险防控 ---

RISKS = (  # (department or None for the unit's first own one, post, power item, category, level, manifestation, measures)
    (
        "计划财务科",
        "财务审核岗",
        "专项资金拨付审核",
        "process",
        "high",
        "审核把关不严，虚列支出、套取或挪用专项资金；拨付进度与项目实施进度不符。",
        "实行经办、审核、审批相分离；大额资金拨付经党组会议集体研究；每季度与项目单位对账，年度开展绩效评价。",
    ),
    (
        "计划财务科",
        "政府采购经办岗",
        "政府采购项目组织实施",
        "process",
        "high",
        "化整为零规避公开招标，在采购文件中设置倾向性条款，与供应商串通。",
        "采购需求由业务、财务、法规科室集体论证；严格执行采购限额标准；采购文件经合法性审查后发布。",
    ),
    (
        "组织人事科",
        "干部人事岗",
        "干部选拔任用和职务职级晋升",
        "post",
        "high",
        "违反程序动议、推荐、考察，搞“带病提拔”，泄露干部选任酝酿情况。",
        "选任工作全程纪实；凡提必听党风廉政意见；干部人事档案“凡提必审”；选任情况报派驻纪检监察组备案。",
    ),
    (
        None,
        "行政审批（许可）岗",
        "行政审批事项受理审核",
        "post",
        "medium",
        "吃拿卡要、故意刁难，对不符合条件的申请违规审批。",
        "审批事项清单化管理并一次性告知；全程网上办理留痕；定期回访服务对象，开展满意度测评。",
    ),
    (
        None,
        "监督检查岗",
        "日常监督检查和行政处罚",
        "post",
        "medium",
        "选择性执法、以罚代管，违规减免罚款，人情执法。",
        "推行“双随机、一公开”；执行行政处罚裁量基准；重大处罚决定经法制审核和集体讨论。",
    ),
    (
        "办公室",
        "公务用车管理岗",
        "公务用车使用审批",
        "system",
        "medium",
        "公车私用，违规使用公务用车办理私事或节假日私自出车。",
        "用车事前审批登记；车辆安装定位装置；每月公示用车情况，节假日车辆集中封存。",
    ),
    (
        "政策法规科",
        "合同审查岗",
        "合同和规范性文件合法性审查",
        "system",
        "low",
        "合同审查流于形式，合同条款损害单位利益。",
        "建立合同审查台账；重大合同由法律顾问参与审查；每年开展合同履行情况评查。",
    ),
    (
        "办公室",
        "接待管理岗",
        "公务接待",
        "system",
        "low",
        "超标准接待、无公函接待，借公务接待名义列支其他费用。",
        "严格执行公函制度和接待清单；接待费用每季度公示；定期抽查接待台账。",
    ),
)


def _owner(unit, department: str) -> Person:
    people = Person.objects.filter(unit=unit, is_leadership_member=False, is_active=True)
    return people.filter(post__startswith=department).order_by("id").first() or people.order_by("id").first()


def load_risks(ctx, units: list[tuple[int, str]], today: datetime.date) -> int:
    from paizhu.org.demo import CITY, UNITS

    from .models import RiskEvent
    from .services import risks

    made = 0
    for number, short in units:
        unit = ctx.units[f"{CITY}{short}"]
        writer = User.objects.get(username="lianluo" if short == "教育局" else f"zr{number:02d}ll")
        deputies = _deputies(unit)
        own = UNITS[short][1]
        for n, (department, post, power, category, level, manifestation, measures) in enumerate(RISKS):
            if (number + n) % 5 == 4 and n > 2:
                continue  # the registers differ a little from unit to unit
            department = department or own[n % len(own)]
            if (number + n) % 7 == 0:
                level = "high" if level == "medium" else "medium"
            soon = short == "教育局" and n in (1, 5) or (number + n) % 11 == 0
            review_on = today + datetime.timedelta(days=12 + n) if soon else D(2027, 3 + n % 4, 10 + number % 15)
            point = risks.add_risk(
                writer,
                unit=unit,
                data=risks.RiskInput(
                    department=department,
                    post=post,
                    power_item=power,
                    category=category,
                    level=level,
                    manifestation=manifestation,
                    measures=measures,
                    owner=_owner(unit, department),
                    leader=deputies[n % len(deputies)],
                    review_on=today + datetime.timedelta(days=60) if not soon else review_on,
                ),
            )
            days = [D(2026, 3, 2 + number % 20)]
            if not soon:
                reviewed_on = D(2026, 6, 8 + number % 20)
                point = risks.review_risk(
                    writer,
                    point,
                    version=point.version,
                    reviewed_on=reviewed_on,
                    level=point.level,
                    note="对照岗位职责和业务流程复核，防控措施已落实，未发现新的风险表现。",
                    next_review_on=review_on,
                )
                days.append(reviewed_on)
            for event, day in zip(point.events.order_by("id"), days, strict=False):
                RiskEvent.objects.filter(pk=event.pk).update(at=_at(day, 11))
            made += 1
    return made
