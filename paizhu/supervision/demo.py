"""Demo 日常监督 (order 60, after clues): a year of each group's supervision at its units, through the services.

Every group with demo logins (组长 zu<n>, 组员 zu<n>a) records about thirty activities of 2026 at the units it
covers — meetings attended with their 三重一大 items, inspections, talks, documents read — in words drawn from
varied pools, so no two records read alike. About a third find something; the group leaders have disposed of
most findings (a reminder talk, 不予处理 with the reason, now and then a clue) and some still wait for them.
The records are dated on their day (created in the evening of it); the audit trail keeps the real time.
"""

import datetime

from paizhu.core.calendar import SHANGHAI, shanghai_today
from paizhu.core.errors import DomainError
from paizhu.org.models import Coverage, Person

from . import services
from .models import Activity, ActivityEvent, Kind

PER_GROUP = 32

MEETINGS = (
    "党组会议",
    "党组（扩大）会议",
    "局务会议",
    "党组理论学习中心组学习会",
    "干部选拔任用工作会议",
    "年度预算编制专题会",
)
MAJOR = (
    "研究{unit}2027年度部门预算安排（{n}万元）",
    "研究{unit}信息化平台升级改造项目（预算{n}万元）",
    "研究拟提拔任用{k}名科级干部人选",
    "研究办公用房维修改造工程招标方案（{n}万元）",
    "研究下属事业单位{k}名中层干部交流轮岗",
    "研究专项资金{n}万元分配方案",
    "研究政府采购项目{k}项的采购方式",
    "研究对外合作协议（涉及资金{n}万元）",
)
TOPICS = {
    Kind.INSPECTION: (
        "公务用车使用管理情况",
        "落实中央八项规定精神情况",
        "财务报销和公务接待情况",
        "政府采购程序执行情况",
        "办公用房使用情况",
        "节假日值班和作风纪律情况",
        "窗口单位服务作风情况",
    ),
    Kind.SPECIAL: (
        "违规收送礼品礼金问题专项监督",
        "群众身边不正之风和腐败问题专项整治",
        "工程建设项目领域专项监督",
        "“一把手”和领导班子监督专项检查",
        "惠民惠农资金管理使用专项监督",
        "整治形式主义为基层减负专项监督",
    ),
    Kind.BRIEFING: (
        "党风廉政建设主体责任落实情况汇报",
        "巡察反馈问题整改进展汇报",
        "审计发现问题整改情况汇报",
        "重点项目资金使用情况汇报",
        "干部选拔任用工作情况汇报",
    ),
    Kind.HEART_TALK: ("新任职廉政谈话", "岗位调整谈心谈话", "年度述职述廉后谈心谈话", "重点岗位人员谈心谈话"),
    Kind.INDIVIDUAL_TALK: ("了解项目招标有关情况", "了解下属单位财务管理情况", "核实群众反映的有关情况"),
    Kind.CONSULTATION: ("上半年全面从严治党工作会商", "下半年全面从严治党工作会商", "巡察整改推进工作会商"),
    Kind.REMINDER_TALK: ("上班期间多次脱岗", "公务接待超标准苗头", "与管理服务对象交往过密", "工作作风漂浮、推诿扯皮"),
}
CONTENT = {
    Kind.MEETING: (
        "会议由{head}主持，共研究议题{k}项。派驻组列席会议，重点关注议题是否提前报备、决策程序是否规范、班子成员是否充分发表意见。",
        "列席{meeting}，会前已调阅议题材料。会上班子成员逐一发表意见，派驻组就议题{k}的论证情况提出询问。",
        "会议审议了{k}个议题，其中涉及“三重一大”事项{j}项。派驻组会后查阅了会议记录，与参会人员进行了简短交流。",
    ),
    Kind.INSPECTION: (
        "采取查阅台账、现场查看、个别询问等方式，检查了{topic}，抽查相关记录{n}份。",
        "到{unit}{place}实地检查，调取{month}月以来的登记台账和审批单据，随机询问工作人员{k}名。",
        "围绕{topic}开展不打招呼的检查，查看现场并核对登记情况，向分管领导反馈了检查情况。",
    ),
    Kind.SPECIAL: (
        "按照专项监督工作方案，对{unit}开展检查，查阅文件资料{n}份，召开座谈会{k}次，听取意见建议。",
        "专项监督采取自查与抽查相结合方式，本次抽查了{k}个科室和{j}个下属单位。",
    ),
    Kind.DOCUMENTS: (
        "调阅{unit}{month}月以来的资料，重点核对审批权限、经办程序和支出凭证。",
        "复制了有关资料{k}份，调阅情况已登记，资料由专人保管。",
    ),
    Kind.BRIEFING: (
        "听取{head}汇报，{unit}对照年初任务逐项说明了进展，派驻组就进度滞后事项提出了要求。",
        "分管负责同志汇报了有关工作情况，派驻组询问了{k}个具体问题，要求{j}周内报送书面材料。",
    ),
    Kind.HEART_TALK: (
        "与{person}谈心谈话，了解思想和工作情况，提醒其珍惜岗位、严守纪律规矩。本人表示将自觉接受监督。",
        "谈话中{person}谈了新岗位的工作思路和面临的困难，派驻组就廉洁从政提出了具体要求。",
    ),
    Kind.INDIVIDUAL_TALK: (
        "与{person}个别谈话，了解有关情况。其对所涉事项作了说明，并提供了相关材料。",
        "就群众反映的有关问题与{person}个别谈话，本人作了解释，表示将积极配合。",
    ),
    Kind.CONSULTATION: (
        "与{unit}党组会商，通报了派驻组近期监督发现的问题，双方就下一步重点工作达成一致意见。",
        "会商会由{head}和派驻组组长共同主持，研究了主体责任和监督责任贯通协同的具体措施。",
    ),
    Kind.REMINDER_TALK: (
        "对{person}进行提醒谈话，指出其存在的苗头性问题，要求立即纠正。本人认识到问题，表示坚决改正。",
        "向{person}指出有关问题，提醒其注意言行。本人态度端正，当场作了表态。",
    ),
}
FINDINGS = (
    "{unit}公务用车使用登记不全，{month}月有{k}次出车无派车单",
    "“三重一大”事项未按规定提前向派驻组报备议题和材料",
    "主要负责人在议题讨论中首先表态，未执行末位表态制度",
    "办公用房维修项目未履行政府采购程序，直接委托施工单位",
    "公务接待清单陪同人数与实际不符，个别接待超出标准",
    "专项资金拨付未经集体研究，审批手续不完备",
    "部分科室财务报销附件不全，存在以白条入账情况",
    "会议记录过于简略，未如实记录班子成员表态意见",
    "下属单位食堂采购未执行询价比价制度",
    "个别干部在工作日午间饮酒，作风纪律松弛",
)
PLACES = ("办公室", "财务科", "综合科", "会议室", "下属服务中心", "档案室", "车管科")
KINDS = (
    [Kind.MEETING] * 7
    + [Kind.INSPECTION] * 5
    + [Kind.SPECIAL] * 3
    + [Kind.DOCUMENTS] * 3
    + [Kind.BRIEFING] * 3
    + [Kind.HEART_TALK] * 4
    + [Kind.INDIVIDUAL_TALK] * 2
    + [Kind.CONSULTATION] * 2
    + [Kind.REMINDER_TALK] * 2
)


def _fill(rng, text: str, **known) -> str:
    values = {
        "n": rng.choice((36, 58, 85, 120, 260, 480, 650, 1280, 1860, 3200)),
        "k": rng.randint(2, 6),
        "j": rng.randint(1, 3),
        "month": rng.randint(1, 10),
        "place": rng.choice(PLACES),
        **known,
    }
    return text.format(**values)


def _data(rng, kind, day, unit, colleague, roster) -> services.ActivityInput:
    head = next((p for p in roster if p.is_main_leader), roster[0] if roster else None)
    person = rng.choice(roster) if roster else None
    meeting = f"{rng.choice(MEETINGS)}（2026年第{rng.randint(3, 30)}次）"
    topic = rng.choice(TOPICS[kind]) if kind in TOPICS else ""
    known = {
        "unit": unit.short_name or unit.name,
        "head": head.name if head else "主要负责同志",
        "person": person.name if person else "有关干部",
        "meeting": meeting,
        "topic": topic,
    }
    content = _fill(rng, rng.choice(CONTENT.get(kind, CONTENT[Kind.INSPECTION])), **known)
    persons = [person] if person and kind in (Kind.HEART_TALK, Kind.INDIVIDUAL_TALK, Kind.REMINDER_TALK) else []
    data = services.ActivityInput(
        held_on=day,
        units=[unit],
        persons=persons or ([head] if head and kind in (Kind.MEETING, Kind.CONSULTATION) else []),
        participants=[colleague] if colleague and rng.random() < 0.6 else [],
        place=f"{unit.short_name or unit.name}{rng.choice(PLACES)}",
        topic=topic,
        content=content,
    )
    if kind == Kind.MEETING:
        items = rng.sample(MAJOR, rng.randint(1, 3))
        data.meeting = meeting
        data.major_items = "\n".join(_fill(rng, i, **known) for i in items)
        data.last_word = rng.choice(("yes", "yes", "yes", "no"))
        data.opinion = rng.choice(
            (
                "建议严格执行议题会前报备制度，会议材料提前送派驻组。",
                "决策程序总体规范，建议进一步完善会议记录。",
                "建议对项目资金使用情况加强跟踪问效。",
                "",
            )
        )
    elif kind == Kind.DOCUMENTS:
        data.materials = rng.choice(
            (
                f"{day.year}年{day.month}月会计凭证及报销单据",
                "党组会议记录和会议纪要",
                "政府采购项目档案（招标文件、评标报告、合同）",
                "干部选拔任用工作纪实材料",
                "公务接待审批单和接待清单",
            )
        )
    elif kind == Kind.CONSULTATION:
        data.opinion = "双方明确下一阶段重点工作，派驻组将对整改落实情况跟踪监督。"
    if kind not in (Kind.REMINDER_TALK, Kind.HEART_TALK, Kind.CONSULTATION) and rng.random() < 0.35:
        data.findings = [_fill(rng, f, **known) for f in rng.sample(FINDINGS, rng.randint(1, 2))]
    return data


def _dated(activity: Activity, day: datetime.date, minute: int) -> None:
    at = datetime.datetime.combine(day, datetime.time(17, 0), tzinfo=SHANGHAI) + datetime.timedelta(minutes=minute)
    Activity.objects.filter(pk=activity.pk).update(created_at=at)
    ActivityEvent.objects.filter(activity=activity).update(at=at)


def load(ctx) -> str | None:
    if Activity.objects.exists() or not getattr(ctx, "groups", None):
        return None
    rng = ctx.rng
    today = shanghai_today()
    start = datetime.date(today.year, 1, 5)
    counts = {"activities": 0, "findings": 0, "disposed": 0}
    for n, group in sorted(ctx.groups.items()):
        leader, member = ctx.users.get(f"zu{n}"), ctx.users.get(f"zu{n}a")
        if leader is None or member is None:
            continue
        units = [c.unit for c in Coverage.objects.current().filter(group=group).select_related("unit")]
        if not units:
            continue
        rosters = {u.pk: list(Person.objects.filter(unit=u, is_active=True).order_by("id")[:30]) for u in units}
        span = (today - start).days
        clue_left = 1  # now and then a finding becomes a clue: one per group
        days = sorted(start + datetime.timedelta(days=rng.randrange(span)) for _ in range(PER_GROUP))
        for i, day in enumerate(days):
            while day.weekday() >= 5:
                day -= datetime.timedelta(days=1)
            # one recent meeting per group decided a 三重一大 matter nobody filed: left for the leader to dispose
            unfiled = i == len(days) - 3
            kind = Kind.MEETING if unfiled else rng.choice(KINDS)
            unit = rng.choice(units)
            author, colleague = (member, leader) if rng.random() < 0.7 else (leader, member)
            data = _data(rng, kind, day, unit, colleague, rosters[unit.pk])
            if unfiled:
                data.unfiled, data.findings = True, []
                data.opinion = "会上研究的事项会前未向派驻组报备，已当场指出，要求补报议题材料并说明情况。"
            if kind in (Kind.HEART_TALK, Kind.INDIVIDUAL_TALK, Kind.REMINDER_TALK) and not data.persons:
                kind = Kind.INSPECTION
                data.topic = rng.choice(TOPICS[Kind.INSPECTION])
            try:
                activity = services.record_activity(author, kind, data)
            except DomainError:  # a demo user conflicted with the unit or person (回避): not recorded
                continue
            _dated(activity, day, i)
            counts["activities"] += 1
            for finding in activity.findings.all():
                counts["findings"] += 1
                if unfiled or ((today - day).days < 40 and rng.random() < 0.7):
                    continue  # recent: awaiting the leader
                choice = rng.random()
                if choice < 0.45:
                    services.drop(
                        leader,
                        finding,
                        version=finding.version,
                        reason=rng.choice(
                            (
                                "经核实，该单位已当场整改到位，不再另行处理。",
                                "问题情节轻微，已在反馈会上指出，由单位自行纠正。",
                                "经调阅补充材料，相关程序已履行，问题不成立。",
                            )
                        ),
                    )
                elif (choice < 0.9 or not clue_left) and rosters[unit.pk]:
                    person = rng.choice(rosters[unit.pk])
                    talk_day = min(day + datetime.timedelta(days=rng.randint(3, 12)), today)
                    talk = services.dispose_as_talk(
                        leader,
                        finding,
                        version=finding.version,
                        kind=Kind.REMINDER_TALK,
                        data=services.ActivityInput(
                            held_on=talk_day,
                            units=[unit],
                            persons=[person],
                            place="派驻组谈话室",
                            topic=finding.text[:60],
                            content=f"就“{finding.text}”对{person.name}进行提醒谈话，"
                            + rng.choice(("其表示接受组织提醒，立即整改。", "其作了说明，承诺限期纠正。")),
                        ),
                    )
                    _dated(talk, talk_day, i)
                    counts["activities"] += 1
                elif clue_left:
                    clue_left -= 1
                    services.dispose_as_clue(
                        leader, finding, version=finding.version, summary=f"日常监督发现：{finding.text}。"
                    )
                else:
                    continue
                counts["disposed"] += 1
    if not counts["activities"]:
        return None
    return (
        f"日常监督：{counts['activities']} 条监督记录，发现问题 {counts['findings']} 个"
        f"（已处置 {counts['disposed']} 个，其余待组长处置）"
    )
