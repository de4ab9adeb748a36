"""Demo 整改督办 (order 70): 40 demands with about 200 items over 2026, in every state, written through the services.

Each story is replayed step by step through `services` (and the kernel's approval decision), each step dated on
its day (`services._common.as_of`, then the step's timeline rows, report, 督办 and files are dated at that day's
office hours; the audit trail keeps the real time of loading). Among them: one item sent back and answered
again, one demand overdue and pressed by the 派驻机构管理部门, one reopened by a 回头看, and open items at
市教育局 for the demo users `lianluo` and `shuji`. Only a unit's own people may answer: the other units answer
with the 党组书记 and 联络员 accounts the accounts demo made for them (`zrNNsj`, `zrNNll`), which also sign
their responsibility lists.
"""

import datetime
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from paizhu.accounts.demo import EDUCATION_BUREAU
from paizhu.accounts.models import User
from paizhu.core.calendar import SHANGHAI, add_workdays, shanghai_today
from paizhu.org.demo import CITY, UNITS
from paizhu.org.models import Coverage
from paizhu.workflow import approvals
from paizhu.workflow import services as workflow_services
from paizhu.workflow.attachments import Upload
from paizhu.workflow.models import Approval, Attachment

from . import services
from .models import Demand, DemandEvent, DemandKind, Item, Press, Report
from .services._common import as_of

COUNT = 40


@dataclass(frozen=True)
class Theme:
    source: str  # 问题来源 as the group writes it
    problems: str
    causes: str
    measures: str
    items: tuple[str, ...]


THEMES = (
    Theme(
        "列席党组会议发现",
        "党组落实“三重一大”集体决策制度不严格，部分重大事项未经党组会议集体研究即组织实施，"
        "个别议题会前未按规定向派驻纪检监察组报备，会议记录不完整，主要负责人未执行末位表态制度。",
        "党组对“三重一大”制度的刚性约束认识不足，议事规则多年未修订，办公室把关不严。",
        "修订党组议事规则，建立会前报备、会中监督、会后督查机制，对2025年以来的重大决策事项开展全面自查。",
        (
            "2026年以来有3项重大事项未经党组会议集体研究即组织实施，须补充履行集体决策程序并说明情况。",
            "“三重一大”事项会前未按规定提前1个工作日向派驻组报备议题和材料，须建立并严格执行会前报备制度。",
            "党组会议记录不完整，未如实记录每位成员的表态意见，须规范会议记录和纪要。",
            "主要负责人未执行末位表态制度，须在议事规则中予以明确并严格执行。",
            "议事规则自2018年以来未修订，须对照新要求全面修订党组议事规则和“三重一大”实施细则。",
            "对2025年以来的重大决策事项开展全面自查，形成自查报告。",
        ),
    ),
    Theme(
        "监督检查发现",
        "2025年以来以加班费、值班费、课题费等名义违规发放津贴补贴，部分科室设立“小金库”用于发放福利，"
        "财务审核把关不严，违反中央八项规定精神。",
        "单位财务管理制度执行不严，对二级单位的资金监管存在盲区，领导班子对违规发放问题警惕性不高。",
        "全面清理违规发放的津贴补贴，追缴违规款项，健全财务审核和内部审计制度，严肃追究有关人员责任。",
        (
            "以加班费名义违规发放津贴补贴，须全面清理并追缴违规发放的款项。",
            "下属单位账外设立“小金库”，须立即清理并纳入单位账户统一核算。",
            "财务报销审核把关不严，须修订财务报销审核制度，落实“一支笔”审批。",
            "对违规发放问题的责任人提出处理意见，报派驻组备案。",
            "开展为期三个月的财经纪律专项整治，形成专项报告。",
        ),
    ),
    Theme(
        "专项监督发现",
        "公务用车管理制度落实不到位，存在公车私用、节假日未封存、派车登记不完整等问题，车辆维修、加油费用审核不严。",
        "车辆管理部门对制度执行监督不够，派车审批流于形式，未建立车辆使用定期检查机制。",
        "修订公务用车管理办法，建立车辆定位和节假日封存制度，定期公开车辆使用和费用情况。",
        (
            "部分公务用车在节假日未按规定封存，须落实节假日封存制度并建立检查台账。",
            "派车单登记不完整、事后补登，须规范派车审批和出车登记。",
            "车辆维修、加油费用审核不严，须对2025年以来的维修加油费用逐笔核查。",
            "公务用车管理办法未按新规定修订，须修订并印发执行。",
            "对公车私用问题的当事人作出处理，并在单位内部通报。",
        ),
    ),
    Theme(
        "调阅资料发现",
        "工程建设项目和政府采购管理不规范，存在化整为零规避公开招标、未按合同约定支付进度款、"
        "项目验收走过场等问题，廉政风险较大。",
        "项目管理制度不健全，采购、财务、业务部门之间缺乏相互制约，关键岗位长期未轮岗。",
        "健全工程项目和政府采购内控制度，开展专项清查，对关键岗位人员实行定期轮岗。",
        (
            "2025年有2个项目化整为零规避公开招标，须开展专项清查并说明情况。",
            "部分项目未按合同约定支付进度款，须逐项核查付款情况，规范资金支付审批。",
            "项目竣工验收走过场，须建立项目验收责任制，验收资料须完整归档。",
            "采购、财务、业务部门职责交叉，须厘清职责，建立相互制约的内控机制。",
            "工程项目、政府采购关键岗位人员长期未轮岗，须制定并实施轮岗计划。",
        ),
    ),
    Theme(
        "日常监督发现",
        "干部选拔任用工作程序不规范，个别岗位动议前未充分酝酿，考察材料不完整，任前公示时间不足，干部档案审核不严。",
        "组织人事部门对干部选拔任用规定学习不深，程序把关意识不强，纪实制度执行不到位。",
        "严格执行干部选拔任用工作条例，建立全程纪实制度，对近两年选任工作开展自查。",
        (
            "个别岗位动议前未经党组充分酝酿，须规范动议程序并留存书面记录。",
            "部分考察材料不完整、缺少廉政意见回复，须补充完善并建立考察材料审核制度。",
            "任前公示时间不足5个工作日，须严格执行公示规定。",
            "干部档案审核不严，须对近两年提拔干部的档案开展专项审核。",
            "干部选拔任用纪实材料缺失，须建立全程纪实制度并对近两年选任工作开展自查。",
        ),
    ),
    Theme(
        "听取汇报发现",
        "形式主义官僚主义问题仍然存在，督查检查考核事项过多过频，基层报表和材料负担重，"
        "部分工作以文件落实文件、以会议落实会议。",
        "领导班子对为基层减负的要求重视不够，对下属单位的督查检查缺乏统筹。",
        "统筹规范督查检查考核，精简文件会议，切实为基层减负，建立减负长效机制。",
        (
            "2026年以来对下属单位开展督查检查21次，须统筹精简，全年计划报党组审定。",
            "要求基层重复填报的报表12种，须清理合并并建立报表准入制度。",
            "部分工作以文件落实文件，须对2026年印发的文件开展评估，精简发文数量。",
            "会议多、会议长的问题突出，须制定会议管理办法，严格控制会议数量和时长。",
            "为基层减负工作缺乏长效机制，须建立减负工作定期评估和通报制度。",
        ),
    ),
    Theme(
        "信访举报反映",
        "公务接待和差旅报销管理不规范，存在超标准接待、无公函接待、差旅费报销票据不实等问题。",
        "公务接待审批制度执行不严，财务人员审核把关不到位，对违规问题查处不及时。",
        "严格执行公务接待和差旅费管理规定，开展专项检查，规范审批和报销流程。",
        (
            "部分公务接待无公函、超标准，须逐笔核查2025年以来的接待费用并清退超标准部分。",
            "差旅费报销存在票据不实问题，须开展专项核查并追回违规报销款项。",
            "公务接待审批清单填写不完整，须规范接待审批手续。",
            "对违规问题的责任人进行批评教育，情节较重的提出处理意见。",
            "修订公务接待和差旅费管理办法。",
        ),
    ),
    Theme(
        "巡察移交问题",
        "巡察反馈的专项资金管理问题整改不到位，部分资金未按规定用途使用，资金拨付进度滞后，绩效评价流于形式。",
        "对巡察反馈问题整改的重视程度不够，整改责任未压实到具体科室和个人。",
        "对巡察反馈问题逐项建立整改台账，明确责任人和时限，整改情况报派驻组。",
        (
            "部分专项资金未按规定用途使用，须逐项核查并收回或调整。",
            "专项资金拨付进度滞后，须制定拨付计划并按月通报进度。",
            "资金绩效评价流于形式，须委托第三方开展绩效评价。",
            "巡察反馈问题整改台账不完整，须逐项明确责任人、整改措施和时限。",
            "专项资金管理制度不健全，须修订专项资金管理办法，明确审批和监管责任。",
        ),
    ),
)

ANSWERS = (
    "已召开党组会议专题研究，制定整改方案，明确责任科室，相关制度已修订印发，整改到位。",
    "已完成全面清理，建立工作台账，违规款项已全部追缴，相关凭证附后。",
    "已修订相关制度并经党组会议审议通过，组织全体干部学习，建立常态化检查机制。",
    "已逐项核查，对发现的问题全部纠正，对相关责任人进行了批评教育并在单位内部通报。",
    "已建立台账和定期检查制度，明确由分管领导牵头，每季度检查一次，检查记录附后。",
)
RETURN_REASONS = (
    "佐证材料不全，未见追缴款项的银行回单，请补充后重新报送。",
    "制度虽已修订，但未经党组会议审议，请履行审议程序后报送。",
    "整改措施停留在表面，未对问题原因深入剖析，请补充整改的具体成效。",
)
SUMMARIES = (
    "党组高度重视，召开专题会议逐项研究整改措施，明确党组书记为第一责任人、分管领导为直接责任人，"
    "现将整改情况报告如下，各事项的整改情况和佐证材料随报告报送。",
    "收到建议书后，党组第一时间召开会议传达学习，制定整改方案，建立问题、任务、责任三张清单，"
    "逐项推进整改。现将阶段性整改情况报告如下。",
)
PRESS_NOTES = (
    "该建议书整改事项已逾期，请单位党组高度重视，于5个工作日内报送整改情况，派驻组加强跟踪督办。",
    "经查，多项整改事项超期未完成，请说明原因并制定倒排计划，派驻机构管理部门将适时开展现场督导。",
)
RESPONSIBLE = ("分管副局长", "办公室主任", "财务科科长", "人事科科长", "机关党委专职副书记")

# Story kinds and how many of each (40 in all).
STORIES = (
    ("draft", 2),
    ("approving", 2),
    ("refused", 1),
    ("fresh", 6),
    ("answering", 3),
    ("reported", 5),
    ("overdue", 1),
    ("pressed", 1),
    ("closed", 14),
    ("sent_back", 1),
    ("visit_planned", 2),
    ("visit_clean", 1),
    ("reopened", 1),
)
KINDS = (
    DemandKind.DISCIPLINE,
    DemandKind.DISCIPLINE,
    DemandKind.SUPERVISORY,
    DemandKind.COMBINED,
    DemandKind.OPINION,
    DemandKind.NOTICE,
)


def _evidence() -> bytes:
    """A unit's 整改台账 as Word: the kind of evidence a liaison uploads."""
    import io

    from docx import Document

    document = Document()
    document.add_heading("整改工作台账", level=1)
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ("问题", "整改措施", "责任人", "完成时间", "完成情况"), strict=True):
        cell.text = text
    row = table.add_row().cells
    for cell, text in zip(row, ("见整改建议书", "建立制度、逐项整改", "分管领导", "按期", "已完成"), strict=True):
        cell.text = text
    document.add_paragraph("附：相关制度文件、会议纪要、现场照片（演示材料）。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class Replay:
    """Dates each step on its day: the services see that day as today; the rows the step wrote get its hour."""

    def __init__(self):
        self.minute = itertools.count()
        self.started = timezone.now()

    @contextmanager
    def on(self, day: datetime.date) -> Iterator[None]:
        marks = {
            model: model.objects.aggregate(m=Max("id"))["m"] or 0
            for model in (DemandEvent, Report, Press, Attachment, Approval)
        }
        real = timezone.now()
        with as_of(day):
            yield
        at = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=SHANGHAI) + datetime.timedelta(
            minutes=next(self.minute) % 420
        )
        DemandEvent.objects.filter(id__gt=marks[DemandEvent]).update(at=at)
        Report.objects.filter(id__gt=marks[Report]).update(signed_at=at)
        Press.objects.filter(id__gt=marks[Press]).update(at=at)
        Attachment.objects.filter(id__gt=marks[Attachment]).update(uploaded_at=at)
        Approval.objects.filter(id__gt=marks[Approval]).update(requested_at=at)
        Approval.objects.filter(decided_at__gte=real).update(decided_at=at)


def _unit_users(ctx, units) -> dict[int, tuple[User, User]]:
    """(党组书记, 联络员) of each unit: the accounts the accounts demo made for it — `shuji`/`lianluo` at 教育局,
    `zrNNsj`/`zrNNll` elsewhere (NN its number in org.demo.UNITS), the same that sign its responsibility
    lists: one account per role per unit."""
    numbers = {f"{CITY}{short}": n for n, short in enumerate(UNITS, start=1)}
    result = {}
    for unit in units:
        prefix = f"zr{numbers[unit.name]:02d}"
        names = ("shuji", "lianluo") if unit.name == EDUCATION_BUREAU else (f"{prefix}sj", f"{prefix}ll")
        secretary, liaison = (User.objects.get(username=name) for name in names)
        result[unit.pk] = (secretary, liaison)
    return result


def _days(start: datetime.date, *steps: int) -> list[datetime.date]:
    """Working days after `start`, each step counted from the one before."""
    days, day = [], start
    for step in steps:
        day = add_workdays(day, step)
        days.append(day)
    return days


def load(ctx) -> str | None:
    if Demand.objects.exists() or not ctx.groups:
        return None
    if not approvals.kinds().get("rectification.demand"):
        return None
    rng = ctx.rng
    today = shanghai_today()
    # Units and the group covering each now, with a leader and a member who log in.
    covering = {}
    for cov in Coverage.objects.current().select_related("unit", "group").order_by("group__ordinal", "unit_id"):
        n = cov.group.ordinal
        if f"zu{n}" in ctx.users and f"zu{n}a" in ctx.users:
            covering[cov.unit.pk] = (cov.unit, ctx.users[f"zu{n}"], ctx.users[f"zu{n}a"])
    if not covering:
        return None
    edu = next((u for u, _, _ in covering.values() if u.name == EDUCATION_BUREAU), None)
    others = [u for u, _, _ in covering.values() if u != edu]
    rng.shuffle(others)
    chosen = ([edu] if edu else []) + others[:13]
    people = _unit_users(ctx, chosen)
    replay = Replay()
    evidence = _evidence()
    stories = [kind for kind, n in STORIES for _ in range(n)]
    rng.shuffle(stories)
    # 教育局 (lianluo, shuji) gets work to do: a fresh demand, one being answered, one reported, one closed.
    for slot, kind in enumerate(("fresh", "answering", "reported", "closed")):
        stories.remove(kind)
        stories.insert(slot, kind)
    cases = _decided_cases(covering)
    # Drawn first and played in the order drafted, so that serials and 文号 follow the calendar.
    draws = []
    for index, kind in enumerate(stories):
        unit = chosen[0] if index < 4 and edu else chosen[1 + index % (len(chosen) - 1)]
        draws.append((add_workdays(today, -Story.age(rng, kind)), index, kind, unit))
    draws.sort(key=lambda d: (d[0], d[1]))
    counts = {"demands": 0, "items": 0}
    for drafted, index, kind, unit in draws:
        _, leader, member = covering[unit.pk]
        secretary, liaison = people[unit.pk]
        story = Story(rng, replay, evidence, unit, leader, member, secretary, liaison, ctx.users.get("guanli"), today)
        case = cases.pop(unit.pk, None) if kind in ("closed", "reported") else None
        demand = story.play(kind, index, case, drafted)
        counts["demands"] += 1
        counts["items"] += demand.items.count()
    return f"整改督办：{counts['demands']} 份整改建议，{counts['items']} 项整改事项（含退回重改、逾期督办、回头看重新整改）"


def _decided_cases(covering) -> dict:
    from paizhu.clues.models import Case

    found = {}
    for case in Case.objects.filter(decided_on__isnull=False, clue__unit_id__in=list(covering)).select_related("clue"):
        if case.decided_on.year == 2026:
            found.setdefault(case.clue.unit_id, case)
    return found


@dataclass
class Story:
    rng: object
    replay: Replay
    evidence: bytes
    unit: object
    leader: User
    member: User
    secretary: User
    liaison: User
    office: User | None
    today: datetime.date

    # -------------------------------------------------------------- steps, each on its day

    def fresh(self, model, pk):
        return model.objects.get(pk=pk)

    def draft(self, day, index, case) -> Demand:
        theme = THEMES[index % len(THEMES)]
        items = list(theme.items[: self.rng.randint(4, len(theme.items))])
        kind = KINDS[index % len(KINDS)]
        if case is not None:
            kind = DemandKind.DISCIPLINE
        with self.replay.on(day):
            return services.draft_demand(
                self.member,
                unit=self.unit,
                kind=kind,
                problems=theme.problems
                if case is None
                else f"{case.decision_summary or case.clue.summary}{theme.problems}",
                causes=theme.causes,
                measures=theme.measures,
                items=items,
                source=case,
                source_label=f"案件{case.serial}（以案促改）" if case is not None else theme.source,
                source_text="市委第三巡察组反馈意见移交（巡察反馈〔2026〕7号）"
                if theme.source == "巡察移交问题"
                else "",
                copies=f"{self.unit.name}主要负责人",
                reply_workdays=self.rng.choice((15, 20, 20, 30)),
            )

    def submit(self, day, demand) -> Demand:
        with self.replay.on(day):
            return services.submit_demand(self.member, demand, version=demand.version)

    def decide(self, day, demand, approve=True) -> Demand:
        with self.replay.on(day):
            return workflow_services.decide_approval(
                self.leader,
                approvals.current(demand),
                version=demand.version,
                approve=approve,
                opinion="同意印发。" if approve else "问题原因剖析不够深入，整改要求不够具体，请修改后重新报批。",
            )

    def answer(self, day, item, text=None, files=True):
        item = self.fresh(Item, item.pk)
        with self.replay.on(day):
            return services.answer_item(
                self.rng.choice((self.liaison, self.liaison, self.secretary)),
                item,
                version=item.version,
                progress=text or self.rng.choice(ANSWERS),
                measures="建立问题清单、任务清单、责任清单，逐项销号。",
                responsible=self.rng.choice(RESPONSIBLE),
                uploads=[Upload(f"第{item.number}项整改台账.docx", self.evidence)] if files else [],
            )

    def plan(self, day, item):
        item = self.fresh(Item, item.pk)
        due = add_workdays(day, 60)
        with self.replay.on(day):
            return services.plan_item(
                self.liaison,
                item,
                version=item.version,
                responsible=self.rng.choice(RESPONSIBLE),
                timetable="第一阶段：摸清底数、制定方案；第二阶段：集中整改；第三阶段：检查验收、建章立制。",
                plan_due=due,
                milestones=[("完成摸底和整改方案", add_workdays(day, 15)), ("完成集中整改", add_workdays(day, 45))],
            )

    def report(self, day, demand):
        demand = self.fresh(Demand, demand.pk)
        with self.replay.on(day):
            return services.submit_report(
                self.secretary, demand, version=demand.version, summary=self.rng.choice(SUMMARIES)
            )

    def verify(self, day, item, accept=True, reason=""):
        item = self.fresh(Item, item.pk)
        with self.replay.on(day):
            return services.verify_item(self.member, item, version=item.version, accept=accept, reason=reason)

    def close(self, day, demand):
        demand = self.fresh(Demand, demand.pk)
        with self.replay.on(day):
            return services.close_demand(self.member, demand, version=demand.version)

    # -------------------------------------------------------------- stories

    @staticmethod
    def age(rng, kind: str) -> int:
        """How many working days ago a story's demand was drafted."""
        starts: dict[str, tuple[int, int]] = {
            "draft": (3, 10),
            "approving": (3, 8),
            "refused": (10, 20),
            "fresh": (8, 20),
            "answering": (25, 40),
            "reported": (45, 70),
            "overdue": (70, 90),
            "pressed": (80, 100),
        }
        return rng.randint(*starts.get(kind, (120, 230)))

    def play(self, kind: str, index: int, case, drafted: datetime.date) -> Demand:
        demand = self.draft(drafted, index, case)
        if kind == "draft":
            return demand
        submitted, decided = _days(drafted, 1, 2)
        demand = self.submit(submitted, demand)
        if kind == "approving":
            return demand
        if kind == "refused":
            return self.decide(decided, demand, approve=False)
        demand = self.decide(decided, demand)
        items = list(demand.items.order_by("number"))
        if kind == "fresh":
            if len(items) > 3:
                self.plan(add_workdays(decided, 4), items[-1])
            return demand
        if kind == "answering":
            for n, item in enumerate(items[: len(items) // 2]):
                self.answer(add_workdays(decided, 5 + n), item)
            return demand
        if kind in ("overdue", "pressed"):
            self.answer(add_workdays(decided, 8), items[0])
            if kind == "pressed" and self.office is not None:
                pressed = add_workdays(demand.reply_due, 8)
                with self.replay.on(min(pressed, self.today)):
                    services.press(
                        self.office, self.fresh(Demand, demand.pk), note=PRESS_NOTES[index % 2], item=items[1]
                    )
            return demand
        return self._answered_and_verified(kind, index, demand, decided, items)

    def _answered_and_verified(self, kind, index, demand, decided, items) -> Demand:
        reply = demand.reply_workdays or 20
        # When the unit answers, against its deadline: early, on time, or late.
        lead = self.rng.choice((-8, -3, 0, 2) if kind == "closed" else (-6, -2))
        answered = add_workdays(decided, max(reply + lead - 2, 3))
        planned = None
        for n, item in enumerate(items):
            if kind == "reported" and n == len(items) - 1 and len(items) > 3:
                planned = self.plan(add_workdays(answered, -1), item)
            else:
                self.answer(add_workdays(answered, -(n % 2)), item)
        reported = add_workdays(answered, 1)
        self.report(reported, demand)
        submitted = [i for i in items if planned is None or i.pk != planned.pk]
        verified = add_workdays(reported, 4)
        if kind == "reported":
            # The group has begun: some accepted, one sent back, the rest waiting.
            self.verify(verified, submitted[0])
            self.verify(verified, submitted[1], accept=False, reason=RETURN_REASONS[index % len(RETURN_REASONS)])
            if index % 2:
                self.answer(add_workdays(verified, 3), submitted[1], "已按要求补充材料，相关问题已整改到位。")
            return demand
        sent_back = submitted[1] if kind == "sent_back" else None
        for item in submitted:
            if item is sent_back:
                self.verify(verified, item, accept=False, reason=RETURN_REASONS[0])
            else:
                self.verify(verified, item)
        closed = add_workdays(verified, 1)
        if sent_back is not None:
            again = add_workdays(verified, 4)
            self.answer(again, sent_back, "已追缴全部违规款项，银行回单和党组会议纪要附后。")
            self.report(add_workdays(again, 1), demand)
            self.verify(add_workdays(again, 3), sent_back)
            closed = add_workdays(again, 4)
        demand = self.close(closed, demand)
        if kind == "visit_planned":
            with self.replay.on(add_workdays(closed, 2)):
                services.schedule_return_visit(
                    self.member, demand, version=demand.version, on=add_workdays(self.today, self.rng.randint(5, 20))
                )
        elif kind in ("visit_clean", "reopened"):
            visit_day = add_workdays(closed, 40)
            with self.replay.on(add_workdays(closed, 2)):
                demand = self.fresh(Demand, demand.pk)
                services.schedule_return_visit(self.member, demand, version=demand.version, on=visit_day)
            with self.replay.on(visit_day):
                demand = self.fresh(Demand, demand.pk)
                if kind == "reopened":
                    services.record_return_visit(
                        self.member,
                        demand,
                        version=demand.version,
                        finding="回头看抽查近两个月党组会议记录，发现仍有重大事项未经集体研究、末位表态制度未落实，问题反弹。",
                        recurred=[items[0].number],
                        due_on=add_workdays(visit_day, 20),
                    )
                else:
                    services.record_return_visit(
                        self.member,
                        demand,
                        version=demand.version,
                        finding="回头看抽查制度执行情况和相关台账，整改成果得到巩固，未发现问题反弹。",
                    )
        return self.fresh(Demand, demand.pk)
