"""~600 demo clues across the groups, in every state and method, some overdue, some awaiting the commission.

Rows are created in bulk with their timeline and approvals: a year and a half of a city's clue work
through the services would take minutes, date everything today and fill the audit chain with invented
entries. Every row is what the services would have written: each story walks the declared transitions
(`workflows.py`), asks the chain `approvals.rule_for` picks (group steps left out as `services._common.skip_roles`
does), is handled by staff of a group that covered the unit on the day the clue was received, is
approved by users holding the step's role (never the requester), takes its deadlines from `limits`
counted from the same start dates, applies approved proposals the way the approval handlers do (`approvals.py`), and
signs every timeline entry with the actor's grant, in order and never after now. The collective
screenings are recorded through `services.record_screening`. `tests/core/test_demo_invariants.py`
checks all of this against the loaded city.
"""

import datetime
from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from paizhu.accounts.models import RoleGrant
from paizhu.core.calendar import shanghai_today
from paizhu.core.numbering import next_serial
from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.org.models import Coverage, DispatchedStaff, IntegrityRecord, Person
from paizhu.workflow import approvals, documents
from paizhu.workflow.models import Approval, ApprovalRule

from . import limits, services
from .models import (
    FIRST_FORM_MEASURES,
    GOV_PENALTIES,
    PARTY_PENALTIES,
    Case,
    CloseKind,
    CloseReason,
    Clue,
    ClueEvent,
    Form,
    ReviewTalk,
    Source,
)
from .services._common import write_integrity_file
from .workflows import CaseStatus, ClueStatus

COUNT = 600

# The facts found, after the clue's own problem ("其违规发放津补贴，…"): the decision states the penalty itself.
DECISION_FACTS = (
    "违反中央八项规定精神和廉洁纪律，情节较重。",
    "经审查属实，造成不良影响，本人对错误认识较好。",
    "事实清楚、证据确凿，且在组织审查期间未能如实说明问题。",
)
PENALTY_BASIS = "《中国共产党纪律处分条例》第一百零五条、《中华人民共和国公职人员政务处分法》第三十三条"

PROBLEMS = [
    ("integrity", "违规发放津补贴", "以加班费、值班费名义违规发放津补贴{n}万元"),
    ("integrity", "公车私用", "多次在节假日驾驶公务用车接送子女、外出办私事"),
    ("integrity", "违规收受礼品礼金", "春节、中秋期间收受管理服务对象所送礼金和购物卡共计{n}万元"),
    ("integrity", "插手工程项目", "利用职务便利为亲属承揽本系统工程项目打招呼，涉及金额约{n}0万元"),
    ("work", "形式主义官僚主义", "对群众反映的问题推诿扯皮，督查检查多头重复、层层加码"),
    ("integrity", "违规吃喝", "接受下属单位安排的宴请并饮酒，费用由下属单位以会议费名义报销"),
    ("organizational", "违规选人用人", "在干部选拔中未经集体研究，违规提拔与其有特定关系的人员"),
    ("masses", "优亲厚友", "在低保、补助资金发放中优亲厚友，违规为亲属办理补助{n}万元"),
    ("integrity", "违规经商办企业", "其配偶在其管辖领域经商办企业，本人未按规定报告"),
    ("work", "违规审批", "在项目审批中违反规定程序，未经评审即同意拨付资金{n}0万元"),
    ("life", "生活作风", "与管理服务对象交往过密，经常出入私人会所"),
    ("duty_violation", "滥用职权", "在政府采购中违规指定供应商，造成财政资金损失约{n}0万元"),
    ("duty_crime", "涉嫌受贿", "利用职务便利在资金拨付、项目验收中为他人谋取利益，收受财物{n}0余万元"),
]
# What officers write differs from clue to clue: each text names the clue's own person and problem,
# in one of a few ways an office would put it.
ASSESSMENTS = (
    "时间、地点、情节较为具体，有一定可查性",
    "反映人提供了相关票据复印件，具备核查条件",
    "与日常监督中掌握的情况相互印证",
    "内容较为笼统，需进一步了解情况",
    "涉及金额不大，情节相对较轻",
    "系多次反映，此前未作处理",
)
PLANS = {
    "违规发放津补贴": "调取近三年工资津补贴发放明细和财务凭证，约谈财务负责人及经办人员。",
    "公车私用": "调取公务用车派车单、加油卡和北斗定位记录，询问驾驶员和车辆管理人员。",
    "违规收受礼品礼金": "调取本人及配偶银行流水，约谈相关管理服务对象，了解礼金往来情况。",
    "插手工程项目": "调阅相关工程项目招投标和合同资料，约谈项目负责人及承建企业负责人。",
    "形式主义官僚主义": "调阅督查检查计划和通报材料，走访基层单位和办事群众了解情况。",
    "违规吃喝": "调取会议费、接待费报销凭证和相关酒店消费记录，询问参加人员。",
    "违规选人用人": "调阅干部选拔任用工作纪实和党组会议记录，个别谈话了解酝酿过程。",
    "优亲厚友": "调取低保和补助资金发放名册，逐户比对亲属关系，入户走访核实。",
    "违规经商办企业": "查询企业工商登记和股权信息，调阅个人有关事项报告材料。",
    "违规审批": "调阅项目审批档案和评审记录，约谈审批经办人员和分管负责人。",
    "生活作风": "了解其八小时以外活动情况，约谈相关知情人员。",
    "滥用职权": "调阅政府采购文件和供应商确定过程材料，约谈采购经办人员。",
    "涉嫌受贿": "调取资金拨付、项目验收资料和本人及近亲属银行流水，约谈相关企业负责人。",
}
REPLIES = (
    "本人对反映问题逐项作出说明，并附相关凭证。",
    "对反映的问题作了说明，承认存在把关不严的情况，表示今后严格落实有关规定。",
    "书面说明称所涉费用已按规定报销，附报销审批单及会议通知。",
    "说明所反映情况与事实不符，附单位出具的情况说明。",
    "对个别问题作了检讨，其余问题逐条说明并提供了佐证材料。",
)
FIRST_FORM_OPINIONS = (
    "反映问题部分属实，情节轻微，本人认识较好",
    "所反映的{problem}部分属实，未造成严重后果，本人已作深刻检讨",
    "反映问题部分属实，属初次违纪，情节较轻",
)
NOT_FOUND = (
    "经核查，反映{who}{problem}的问题无法查实。",
    "经调取相关资料、询问知情人员，未发现{who}存在{problem}的问题。",
    "经初步核实，反映的{problem}问题缺乏事实依据，不予认定。",
)


REVIEW_TALKS = (
    "核对了审查调查认定的事实，{who}对主要事实无异议，表示认错悔错。",
    "听取了{who}的陈述和申辩，其对部分情节提出异议，已记录在案并与证据核对。",
    "{who}对审查调查认定的事实和证据无异议，未提出新的申辩理由。",
)
CLARIFIED = (
    "反映问题失实",
    "经谈话函询并核对相关材料，反映{who}{problem}的问题与事实不符",
    "{who}的说明与调取的材料相互印证，反映问题不实",
)


def _names(subjects) -> str:
    return "、".join(p.name for p in subjects)


def _say(rng, texts, **names) -> str:
    return rng.choice(texts).format(**names)


SOURCES = [
    (Source.PETITION, 50, "群众来信反映"),
    (Source.SUPERVISION, 20, "日常监督中发现"),
    (Source.INSPECTION, 10, "市委巡察组移交"),
    (Source.AUDIT, 8, "审计局经济责任审计移交"),
    (Source.AGENCY, 5, "公安机关移交"),
    (Source.SUPERIOR, 5, "省纪委监委交办"),
    (Source.OTHER, 2, "其他渠道"),
]
# Final state of each story, with its weight.
STORIES = [
    ("registered", 3),
    ("assigning", 3),
    ("assigned", 9),
    ("proposed_group", 5),
    ("proposed_commission", 7),
    ("inquiry", 3),
    ("inquiry_reply", 6),
    ("inquiry_concluding", 4),
    ("verifying", 7),
    ("parked", 5),
    ("closed_first_form", 13),
    ("closed_clarified", 10),
    ("closed_direct", 9),
    ("closed_verified", 6),
    ("case", 10),
]
DAY = datetime.timedelta(days=1)
TICK = datetime.timedelta(minutes=7)  # between two entries of one day's work


class _Story:
    """Builds one clue's timeline, approvals and final fields, walking its dates forward.

    `at` is the story's day (never after `today`); every entry gets the next moment of that day,
    after the one before and never after `now`.
    """

    def __init__(self, rng, clue, people, today, now=None):
        self.rng, self.clue, self.people, self.today = rng, clue, people, today
        self.now = now or timezone.now()
        self.at = clue.received_on
        self.clock = min(clue.created_at, self.now)
        self.events: list[ClueEvent] = []
        self.approvals: list[Approval] = []
        self.case: Case | None = None
        self.rounds: dict[str, int] = defaultdict(int)
        self.issued: list[tuple[datetime.date, str, Any]] = []  # (day, document kind, issuing user)
        self.serials = lambda kind, year: next_serial(kind, year)  # looked up late: the generator swaps it
        self.squeezed = False
        self.talks: list[ReviewTalk] = []

    def issue(self, name: str, who) -> None:
        """The step just told issues a document today; `load` has `workflow.documents.issue` number them all,
        in date order, once the records exist."""
        self.issued.append((self.at, name, who[0] if isinstance(who, tuple) else who))

    def last_approver(self):
        return self.approvals[-1].decided_by if self.approvals else None

    def step(self, low: int, high: int) -> datetime.date:
        wanted = self.at + self.rng.randint(low, high) * DAY
        self.squeezed = self.squeezed or wanted > self.today  # the step would have taken longer than there was
        self.at = min(wanted, self.today)
        return self.at

    def moment(self) -> datetime.datetime:
        self.clock = min(max(_moment(self.at, 0), self.clock + TICK), self.now)
        return self.clock

    def event(self, who, code, title, opinion="", status=None):
        actor, name, role = who
        before = self.events[-1].to_status if self.events else ""
        self.events.append(
            ClueEvent(
                clue=self.clue,
                at=self.moment(),
                actor=actor,
                actor_name=name,
                role=role,
                code=code,
                title=title,
                opinion=opinion,
                from_status=before,
                to_status=status or self.clue.status,
            )
        )

    def applied(self, status: str, what: str) -> None:
        """The last approval carried the request out (clues.approvals): the clue moves, the entry says so."""
        self.clue.status = status
        last = self.events[-1]
        last.to_status, last.title = status, f"{last.title}，{what}"

    def request(self, kind, facts, payload, who, decided: int | None, *, refused_at: int | None = None):
        """Open a request of the matching rule's chain right after the proposal entry; decide its first
        `decided` steps (None: all but the last), refusing at step `refused_at`. Returns the outcome."""
        rule = approvals.rule_for(kind, facts)
        skip = GROUP_ROLES if kind != services.ASSIGNMENT and not self.clue.group_id else frozenset()
        steps = [s for s in rule.steps if s["role"] not in skip]
        if decided is None:
            decided = len(steps) - 1
        self.rounds[kind] += 1
        requested_at = self.events[-1].at if self.events else self.moment()
        outcome = "pending"
        rows = []
        for index, step in enumerate(steps, start=1):
            row = Approval(
                object_id=0,
                kind=kind,
                round=self.rounds[kind],
                step=index,
                role=step["role"],
                label=step.get("label") or Role(step["role"]).label,
                attestation=step.get("attestation", ""),
                payload={**payload, "rule": rule.name},
                requested_by=who[0],
                requested_at=requested_at,
            )
            rows.append(row)
            self.approvals.append(row)
            if outcome == "refused":
                row.decision = Approval.Decision.SKIPPED
            elif index <= decided:
                approver = self.people["approver"](step["role"])
                self.step(1, 4)
                if refused_at == index:
                    row.decision, row.opinion, outcome = (
                        Approval.Decision.REFUSED,
                        "请进一步补充材料后再报。",
                        "refused",
                    )
                    # A refusal sends the clue back where the proposal came from (approvals.disposal_refused).
                    self.clue.status = payload.get("from") or ClueStatus.REGISTERED
                    self.event(approver, "clue.refused", f"{row.label}：不同意，退回承办人", row.opinion)
                else:
                    row.decision = Approval.Decision.APPROVED
                    row.opinion = "同意。" + row.attestation
                    title = f"{row.label}：同意"
                    if index < len(steps):  # services: "…：同意，报<next step>"
                        title += f"，报{steps[index].get('label') or Role(steps[index]['role']).label}"
                    self.event(approver, "clue.approved", title, row.opinion)
                row.decided_by, row.decided_at = approver[0], self.events[-1].at
            elif outcome == "pending" and not any(r.is_current for r in rows):
                row.is_current = True
        if outcome == "pending" and decided >= len(steps):
            outcome = "approved"
        return outcome


def _moment(day: datetime.date, n: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + n % 8, (n * 7) % 60)))


def _facts(subjects, action, by_group=True):
    """What approval rules condition on, as services._common.facts computes it from the clue."""
    return {
        "action": action,
        "by_group": by_group,
        "key_person": any(p.is_leadership_member or p.is_commission_managed for p in subjects),
        "same_level_main": any(p.is_commission_managed and p.is_main_leader for p in subjects),
        "same_level_deputy": any(
            p.is_commission_managed and p.is_leadership_member and not p.is_main_leader for p in subjects
        ),
    }


def _outcome_text(clue) -> str:
    """What clues.approvals says when a clue is concluded."""
    if clue.form:
        return f"予以了结，{Form(clue.form).label}：{'、'.join(clue.measures)}"
    return f"予以了结（{CloseKind(clue.close_kind).label}）"


def tell(
    rng, clue, people, today, kind: str, subjects, handler, leader, anguan, *, now=None, serials=None, problem=""
) -> "_Story":
    """Play one clue's story of `kind` (the demo's and the generator's): its states, timeline and approvals.

    `serials(kind, year)` numbers a case filed in the story (default: the next serial, as the service does).
    """
    story = _Story(rng, clue, people, today, now)
    story.problem, story.subjects = problem or "有关问题", subjects
    if serials:
        story.serials = serials
    _play(
        story,
        kind,
        subjects,
        handler,
        leader,
        anguan,
        f"反映{_names(subjects)}{problem or '有关问题'}，{rng.choice(ASSESSMENTS)}。",
    )
    if kind in ("registered", "assigning"):
        clue.group = None
    return story


def _play(story: _Story, kind: str, subjects, handler, leader, anguan, reasons) -> None:
    clue, rng = story.clue, story.rng
    s = ClueStatus
    group = clue.group
    clue.group = None  # 案管 registers the clue in the central ledger; 分办 gives it a group
    clue.status = s.REGISTERED
    story.event(anguan, "clue.registered", "登记线索，待分办", status=s.REGISTERED)
    if kind == "registered":
        return
    story.step(1, 5)
    clue.status = s.ASSIGNING
    story.event(
        anguan,
        "clue.assignment_proposed",
        f"提出分办意见：拟由{group}承办",
        f"被反映人系{clue.unit}干部，属该组监督范围",
    )
    decided = 0 if kind == "assigning" else 1
    assigned = story.request(
        services.ASSIGNMENT,
        _facts(subjects, "assign", by_group=False),
        {"group": group.pk, "office": ""},
        anguan,
        decided,
    )
    if assigned != "approved":
        return
    clue.group = group
    story.applied(s.ASSIGNED, f"交由{group}承办")
    story.step(0, 2)
    story.event(leader, "clue.handlers_assigned", f"指定承办人：{handler[1]}")
    if kind == "assigned":
        return

    def propose(action, title, opinion, payload=None, *, source=s.ASSIGNED, code="clue.proposed"):
        story.step(3, 20)
        payload = {"action": action, "from": source, "reasons": opinion, **(payload or {})}
        if action == "park":  # services: the review date lies after the day of the proposal
            payload["park_until"] = (story.at + rng.randint(30, 200) * DAY).isoformat()
        decided = 99
        if kind == "proposed_group":
            decided = 0
        elif kind == "proposed_commission":
            decided = None  # every step but the commission leader's
        refused = 1 if rng.random() < 0.06 and decided == 99 else None
        clue.status = s.PROPOSED
        if clue.due_on:  # services.propose: the step is done, its deadline set aside while the request is decided
            payload["due"] = [clue.due_on.isoformat(), clue.due_label]
            clue.due_on, clue.due_label = None, ""
        story.event(handler, code, title, opinion)
        outcome = story.request(
            services.DISPOSAL, _facts(subjects, action), payload, handler, decided, refused_at=refused
        )
        if outcome == "refused":
            story.step(2, 6)
            clue.status = s.PROPOSED
            story.event(handler, code, title + "（补充材料后重新报批）", opinion)
            outcome = story.request(services.DISPOSAL, _facts(subjects, action), payload, handler, decided)
        return outcome, payload

    if kind in ("proposed_group", "proposed_commission"):
        action = "verification" if kind == "proposed_commission" and rng.random() < 0.5 else "inquiry"
        propose(action, f"提出处置意见：{'初步核实' if action == 'verification' else '谈话函询'}", reasons)
        return
    if kind == "closed_direct":
        reason = rng.choice(story.people["reasons"][CloseKind.DIRECT])
        outcome, _ = propose(
            "close", "提出处置意见：予以了结", reasons, {"close_kind": CloseKind.DIRECT, "close_reason": reason}
        )
        if outcome == "approved":
            _close(story, CloseKind.DIRECT, reason, None, [], "close")
        return
    if kind == "parked":
        outcome, payload = propose("park", "提出处置意见：暂存待查", "反映问题目前不具备核查条件")
        if outcome != "approved":
            return
        until = datetime.date.fromisoformat(payload["park_until"])
        clue.method, clue.park_until = "park", until
        clue.due_on, clue.due_label = until, limits.label("park_review")
        story.applied(s.PARKED, f"暂存待查，{until:%Y-%m-%d}复查")
        return
    verify_first = kind in ("verifying", "closed_verified", "case")
    if not verify_first:
        if propose("inquiry", "提出处置意见：谈话函询", reasons)[0] != "approved":
            return
        clue.method, clue.inquiry_rounds = "inquiry", 1
        clue.due_on, clue.due_label = limits.due("inquiry_start", story.at), limits.label("inquiry_start")
        story.applied(s.INQUIRY, "开始谈话函询")
        if kind == "inquiry":
            return
        letter = kind == "inquiry_reply" or rng.random() < 0.6
        story.step(3, 14)
        clue.inquiry_mode, clue.inquiry_on = ("letter" if letter else "talk"), story.at
        story.issue("inquiry" if letter else "talk_notice", handler)
        if letter:
            clue.status = s.INQUIRY_REPLY
            clue.due_on, clue.due_label = limits.due("inquiry_reply", story.at), limits.label("inquiry_reply")
            story.event(
                handler, "clue.inquiry_issued", f"函询函于{story.at:%Y-%m-%d}送达，书面说明{clue.due_on:%Y-%m-%d}前报送"
            )
            if kind == "inquiry_reply":
                return
            story.step(5, 20)
            direct = any(p.is_main_leader for p in subjects)
            clue.reply_on, clue.reply_direct, clue.reply_countersigned = story.at, direct, not direct
            clue.reply_summary = rng.choice(REPLIES)
            late = clue.reply_on > clue.due_on
            clue.status = s.INQUIRY_CONCLUDING
            clue.due_on, clue.due_label = limits.due("inquiry_conclusion", story.at), limits.label("inquiry_conclusion")
            story.event(
                handler,
                "clue.reply_recorded",
                "收到书面说明"
                + ("（本人为主要负责人，直接报送）" if direct else "（经单位主要负责人签字）")
                + ("，已超过答复期限" if late else ""),
                clue.reply_summary,
            )
        else:
            clue.status = s.INQUIRY_CONCLUDING
            clue.due_on, clue.due_label = limits.due("inquiry_conclusion", story.at), limits.label("inquiry_conclusion")
            story.event(handler, "clue.inquiry_issued", f"{story.at:%Y-%m-%d}进行谈话")
        if kind == "inquiry_concluding":
            return
        if kind == "closed_first_form":
            measures = [rng.choice(FIRST_FORM_MEASURES)]
            outcome, _ = propose(
                "first_form",
                "提出谈话函询处理意见：予以了结并作第一种形态处理",
                _say(rng, FIRST_FORM_OPINIONS, problem=story.problem),
                {"measures": measures, "form": Form.FIRST, "close_kind": CloseKind.AFTER_INQUIRY},
                source=s.INQUIRY_CONCLUDING,
                code="clue.inquiry_concluded",
            )
            if outcome == "approved":
                _close(story, CloseKind.AFTER_INQUIRY, "", Form.FIRST, measures)
            return
        clarified = "反映问题失实，予以澄清"  # the reason services.conclude_inquiry writes for 了结澄清
        outcome, _ = propose(
            "clarify",
            "提出谈话函询处理意见：了结澄清",
            _say(rng, CLARIFIED, who=_names(subjects), problem=story.problem),
            {"close_kind": CloseKind.AFTER_INQUIRY, "close_reason": clarified},
            source=s.INQUIRY_CONCLUDING,
            code="clue.inquiry_concluded",
        )
        if outcome == "approved":
            _close(story, CloseKind.AFTER_INQUIRY, clarified, None, [])
            story.issue("clarification", story.last_approver())
        return
    if propose("verification", "提出处置意见：初步核实", reasons)[0] != "approved":
        return
    clue.method = "verification"
    clue.due_on, clue.due_label = limits.due("verification", story.at), limits.label("verification")
    story.applied(s.VERIFYING, "开始初步核实")
    story.step(2, 10)
    clue.verification_plan = PLANS.get(story.problem, "调取相关资料，约谈有关人员，核实反映问题。")
    story.event(handler, "clue.verification_planned", f"制定初核方案，核查组：{handler[1]}", clue.verification_plan)
    if kind == "verifying":
        return
    if kind == "closed_verified":
        clue.verification_report = _say(rng, NOT_FOUND, who=_names(subjects), problem=story.problem)
        story.issue("verification_report", handler)
        reason = rng.choice(story.people["reasons"][CloseKind.AFTER_VERIFICATION])
        outcome, _ = propose(
            "close",
            "提交初步核实情况报告，建议予以了结",
            clue.verification_report,
            {"close_kind": CloseKind.AFTER_VERIFICATION, "close_reason": reason},
            source=s.VERIFYING,
            code="clue.verification_reported",
        )
        if outcome == "approved":
            _close(story, CloseKind.AFTER_VERIFICATION, reason, None, [])
        return
    clue.verification_report = (
        f"经初步核实，反映{_names(subjects)}{story.problem}的主要问题基本属实，涉嫌违纪违法，建议立案审查调查。"
    )
    story.issue("verification_report", handler)
    payload = {"close_kind": CloseKind.AFTER_VERIFICATION}
    # 监察 cases only for subjects under state supervision (services._common.check_supervision).
    if any(p.is_supervision_object for p in subjects) and rng.random() < 0.7:
        payload["supervision"] = True
    outcome, payload = propose(
        "case",
        "提交初步核实情况报告，建议立案审查调查",
        clue.verification_report,
        payload,
        source=s.VERIFYING,
        code="clue.verification_reported",
    )
    if outcome == "approved":
        _case(story, handler, supervision=bool(payload.get("supervision")))


def _close(story, close_kind, reason, form, measures, method=None):
    clue = story.clue
    clue.close_kind, clue.close_reason, clue.form, clue.measures = close_kind, reason, form, measures
    if method:
        clue.method = method
    clue.concluded_on = story.at
    clue.due_on, clue.due_label = None, ""
    story.applied(ClueStatus.CLOSED, _outcome_text(clue))


def _case(story, handler, supervision=None):
    clue, rng = story.clue, story.rng
    clue.method = "case"
    filed = story.at
    if supervision is None:  # callers of the older signature: read it from the approved request
        supervision = bool(story.approvals and story.approvals[-1].payload.get("supervision"))
    case = Case(
        clue=clue,
        serial=story.serials("AJ", filed.year),
        filed_on=filed,
        investigation_due=limits.due("investigation", filed),
        supervision=supervision,
        supervision_due=limits.due("supervision_decision", filed) if supervision else None,
    )
    story.case = case
    story.issue("case_filing", story.last_approver())
    clue.due_on, clue.due_label = case.investigation_due, limits.label("investigation")
    story.applied(ClueStatus.IN_CASE, f"立案审查调查（{case.serial}）")
    stage = rng.choice(
        [
            "investigating",
            "investigating",
            "review_pending",
            "in_review",
            "submitted",
            "decided",
            "announced",
            "closed",
            "closed",
        ]
    )
    if stage == "investigating":
        return
    story.step(40, 80)
    case.investigation_report = (
        f"经审查调查，查明{_names(story.subjects)}{story.problem}的违纪违法事实清楚，证据确凿，"
        f"{rng.choice(('本人对所犯错误认识较好', '本人能够配合审查调查', '本人主动交代了部分问题'))}。"
    )
    case.sent_to_review_on = story.at
    case.status = CaseStatus.REVIEW_PENDING
    clue.due_on, clue.due_label = None, "待审理室受理"
    story.event(handler, "case.transferred", "移送案件审理室审理", case.investigation_report)
    if stage == "review_pending":
        return
    review = story.people["approver"]("case_review")
    story.step(1, 5)
    case.status, case.review_accepted_on = CaseStatus.IN_REVIEW, story.at
    case.review_due = limits.due("review", story.at)
    clue.due_on, clue.due_label = case.review_due, limits.label("review")
    story.event(review, "case.review_accepted", f"审理室受理，{case.review_due:%Y-%m-%d}前审结")
    if stage == "in_review" and rng.random() < 0.5:
        return
    story.step(3, 8)
    if review[0] is None:  # no 审理室 login to have recorded it
        return
    talk = ReviewTalk(
        case=case,
        talked_on=story.at,
        place="市纪委监委审理谈话室",
        talked_by=f"{review[1] or '审理室'}等2人",
        record=rng.choice(REVIEW_TALKS).format(who=_names(story.subjects)),
        recorded_by=review[0],
    )
    story.talks.append(talk)
    story.event(
        review,
        "case.review_talk_recorded",
        f"{talk.talked_on:%Y-%m-%d}在{talk.place}进行审理谈话（谈话人：{talk.talked_by}）",
        talk.record,
    )
    if stage == "in_review":
        return
    # What the review proposes is what the committee decides (the decision's fields are set only then).
    form = rng.choice([2, 2, 2, 3, 4])
    # The fourth form is a crime referred to the judicial organs (services.cases.check_form): expelled twice over.
    referred = form == 4
    if referred:
        party_penalty, gov_penalty = "开除党籍", "开除"
    else:
        party_penalty = rng.choice(PARTY_PENALTIES[:2] if form == 2 else PARTY_PENALTIES[2:])
        gov_penalty = rng.choice(GOV_PENALTIES[:3] if form == 2 else GOV_PENALTIES[3:])
    story.step(2, 6)
    case.review_facts = f"经审理查明，{_names(story.subjects)}{story.problem}的违纪违法事实清楚，证据确实充分。"
    case.review_opinion = (
        f"其行为违反了廉洁纪律等有关规定，建议给予{party_penalty}处分，由市监委给予政务{gov_penalty}处分"
        + ("，涉嫌犯罪问题移送检察机关依法审查起诉。" if referred else "。")
    )
    case.review_reported_on = story.at
    story.event(review, "case.review_reported", "提出审理报告", case.review_opinion)
    story.step(1, 3)
    case.status, case.submitted_on = CaseStatus.SUBMITTED, story.at
    story.event(review, "case.submitted", "提请市纪委常委会会议审议", case.review_opinion)
    story.issue("review_report", review)
    if stage == "submitted":
        return
    story.step(2, 7)
    case.form, case.party_penalty, case.gov_penalty = form, party_penalty, gov_penalty
    case.referred_for_prosecution = referred
    case.status, case.decided_on = CaseStatus.DECIDED, story.at
    # The facts found (the decision document states the penalty itself), and the articles applied.
    case.decision_summary = f"其{story.problem}，{rng.choice(DECISION_FACTS)}" + (
        "涉嫌犯罪问题移送检察机关依法审查起诉。" if case.referred_for_prosecution else ""
    )
    case.penalty_basis = PENALTY_BASIS
    case.announce_due = limits.due("announce", story.at)
    clue.due_on, clue.due_label = case.announce_due, limits.label("announce")
    story.event(
        review,
        "case.decided",
        f"作出决定：{Form(case.form).label}，党纪处分{case.party_penalty}、政务处分{case.gov_penalty}",
        case.decision_summary,
    )
    story.issue("penalty_decision", review)
    if stage == "decided":
        return
    story.step(3, 20)
    case.status, case.announced_on = CaseStatus.ANNOUNCED, story.at
    case.execution_due = limits.due("execution", story.at)
    clue.due_on, clue.due_label = case.execution_due, limits.label("execution")
    story.event(handler, "case.announced", f"{story.at:%Y-%m-%d}宣布处分决定")
    if stage == "announced":
        return
    story.step(20, 90)
    case.status, case.executed_on = CaseStatus.CLOSED, story.at
    clue.form, clue.measures = case.form, [f"党纪处分：{case.party_penalty}", f"政务处分：{case.gov_penalty}"]
    clue.concluded_on, clue.due_on, clue.due_label = story.at, None, ""
    story.event(handler, "case.executed", "报告处分决定执行情况，结案", "处分决定已执行到位。")


OVERDUE_SHARE = 0.3  # of the draws that would end past their deadline, the part kept so
OVERDUE_AT_MOST = 30  # days: what is kept overdue is late by weeks, not left for a year
REVIEW_ACCEPTED_WITHIN = 10  # days: 审理室 accepts a transferred case within a few days


def _days_overdue(story, today) -> int:
    due = story.clue.due_on
    return (today - due).days if due and due < today else 0


def _implausible(story, today) -> bool:
    """A history no office would have: a case left unaccepted by 审理室 for weeks, a step done after its
    own deadline (a story's dates stop at today, which can stretch a stage)."""
    case = story.case
    if not case:
        return False
    if case.status == CaseStatus.REVIEW_PENDING and (today - case.sent_to_review_on).days > REVIEW_ACCEPTED_WITHIN:
        return True
    done_late = (
        (case.sent_to_review_on, case.investigation_due),
        (case.decided_on, case.review_due),
        (case.announced_on, case.announce_due),
        (case.executed_on, case.execution_due),
    )
    return any(done and due and done > due for done, due in done_late)


class _Numbering:
    """Serials held back while a story may still be replayed, then given in date order.

    A replayed story must burn no number, and numbers follow the calendar: 线索 by the day received,
    立案 by the day filed, as the services number them on those days.
    """

    def __init__(self):
        self.taken = self.kept = 0

    def rewind(self):
        self.taken = self.kept

    def keep(self):
        self.kept = self.taken

    def __call__(self, kind, year):
        self.taken += 1
        return f"〔待编{kind}{self.taken}〕"

    @staticmethod
    def assign(stories):
        for story in sorted(stories, key=lambda s: s.clue.received_on):  # stable: draw order within a day
            story.clue.serial = next_serial("XS", story.clue.received_on.year)
        for story in sorted((s for s in stories if s.case), key=lambda s: s.case.filed_on):
            pending, story.case.serial = story.case.serial, next_serial("AJ", story.case.filed_on.year)
            for event in story.events:
                event.title = event.title.replace(pending, story.case.serial)


OPEN_STORIES = frozenset(
    {
        "registered",
        "assigning",
        "assigned",
        "proposed_group",
        "proposed_commission",
        "inquiry",
        "inquiry_reply",
        "inquiry_concluding",
        "verifying",
    }
)


def _who(user, fallback_name="", fallback_role=""):
    """(user, name, role label) as the services sign a timeline entry: the user's grant."""
    if user is None:
        return (None, fallback_name, fallback_role)
    grant = user.acting_grant
    return (user, user.full_name, grant.label if grant else fallback_role)


def load(ctx) -> str | None:
    if Clue.objects.exists() or not ctx.groups:
        return None
    if not ApprovalRule.objects.exists():
        return None
    rng = ctx.rng
    today = shanghai_today()
    now = timezone.now()
    users = ctx.users

    anguan = _who(users.get("anguan"), "", "案件监督管理室")
    wei = _who(users.get("wei"), "", "委领导")
    shenli = _who(users.get("shenli"), "", "案件审理室")
    leaders = {
        s.group_id: s.person.name
        for s in DispatchedStaff.objects.filter(valid_to__isnull=True, role=DispatchedStaff.Role.LEADER).select_related(
            "person"
        )
    }
    # Every group's staff with a login: the leader approves and assigns, a member handles.
    staff = defaultdict(dict)
    for grant in RoleGrant.objects.active().filter(role__in=GROUP_ROLES).select_related("user").order_by("pk"):
        staff[grant.group_id].setdefault(grant.role, grant.user)
    spans = defaultdict(list)  # group → (unit, from, to): who covered what when
    for cov in Coverage.objects.select_related("unit"):
        spans[cov.group_id].append((cov.unit, cov.valid_from, cov.valid_to))
    people_by_unit = defaultdict(list)
    # Not the people who hold a login (the unit's 党组书记 and 联络员 work with the group every day).
    for person in Person.objects.filter(unit__isnull=False, is_active=True, user__isnull=True):
        people_by_unit[person.unit_id].append(person)
    reasons = {k: list(CloseReason.objects.filter(kind=k).values_list("text", flat=True)) for k in CloseKind.values}
    groups = [g for g in ctx.groups.values() if any(people_by_unit[u.pk] for u, _, _ in spans[g.pk])]
    weights = [3 if g.ordinal in (2, 4) else 1 for g in groups]
    kinds, kind_weights = zip(*STORIES, strict=True)
    sources, source_weights, source_details = zip(*SOURCES, strict=True)

    # Drawn first and played in the order received, so that serials follow the calendar.
    draws = []
    for _ in range(COUNT):
        kind = rng.choices(kinds, kind_weights)[0]
        age = rng.randint(3, 70) if kind in OPEN_STORIES else rng.randint(60, 540)
        draws.append((today - age * DAY, rng.choices(groups, weights)[0], kind))
    draws.sort(key=lambda d: d[0])
    serials = _Numbering()
    stories = []
    for received, group, kind in draws:
        member_user = staff[group.pk].get(Role.GROUP_MEMBER)
        leader_user = staff[group.pk].get(Role.GROUP_LEADER)
        handler = _who(member_user, leaders.get(group.pk, ""), f"组员（{group}）")
        leader = _who(leader_user, leaders.get(group.pk, ""), f"组长（{group}）")
        people = {
            "reasons": reasons,
            "approver": lambda role, leader=leader: {
                "group_leader": leader,
                "commission_leader": wei,
                "case_review": shenli,
            }[role],
        }
        # A city's clue work is mostly on time. A story whose steps do not fit between its receipt and
        # today (a case filed and tried on one day) is replayed as received earlier; one that ends past its
        # deadline is kept only in OVERDUE_SHARE of draws and only weeks late, one no office would have
        # (`_implausible`) never: otherwise the clue takes another course.
        for attempt in range(12):
            serials.rewind()
            # The group handles only units it covered on the day the clue was received (jurisdiction).
            covered = [
                u
                for u, start, end in spans[group.pk]
                if start <= received and (end is None or received <= end) and people_by_unit[u.pk]
            ]
            if not covered:  # before its dispatch began: the group's first units, from their first day
                first = min(start for _, start, _ in spans[group.pk])
                received = max(received, first)
                covered = [u for u, start, _ in spans[group.pk] if start == first and people_by_unit[u.pk]]
            unit = rng.choice(covered)
            pool = people_by_unit[unit.pk]
            key = [p for p in pool if p.is_leadership_member]
            subjects = [rng.choice(key if (kind == "proposed_commission" or rng.random() < 0.3) and key else pool)]
            if rng.random() < 0.12:
                subjects.append(rng.choice(pool))
            subjects = list(dict.fromkeys(subjects))
            category, title, text = rng.choice(PROBLEMS)
            source_index = rng.choices(range(len(sources)), source_weights)[0]
            names = "、".join(f"{unit.short_name or unit.name}{p.post}{p.name}" for p in subjects)
            clue = Clue(
                serial=serials("XS", received.year),
                source_kind=sources[source_index],
                source_detail=source_details[source_index],
                source_ref=f"XF-{received.year}-{rng.randint(1, 900):06d}"
                if sources[source_index] == Source.PETITION
                else "",
                received_on=received,
                unit=unit,
                categories=[category] + (["integrity"] if category != "integrity" and rng.random() < 0.3 else []),
                summary=f"反映{names}{title}{'' if title.endswith('问题') else '问题'}：{text.format(n=rng.randint(2, 30))}。",
                group=group,
                created_by=anguan[0],
                created_at=min(_moment(received, 0), now),
            )
            clue.due_on, clue.due_label = limits.due("proposal", received), limits.label("proposal")
            story = tell(
                rng,
                clue,
                people,
                today,
                kind,
                subjects,
                handler,
                leader,
                anguan,
                now=now,
                serials=serials,
                problem=title,
            )
            if attempt == 11:
                break
            if story.squeezed:
                received -= rng.randint(3, 20) * DAY
                continue
            late = _days_overdue(story, today)
            if not _implausible(story, today) and (
                not late or (late <= OVERDUE_AT_MOST and rng.random() < OVERDUE_SHARE)
            ):
                break
            kind = rng.choices(kinds, kind_weights)[0]
        serials.keep()
        handlers = [member_user] if member_user and clue.group_id else []
        stories.append((story, subjects, handlers))
    serials.assign([s for s, _, _ in stories])

    Clue.objects.bulk_create([s.clue for s, _, _ in stories])
    through_subjects, through_handlers, events, rows, cases = [], [], [], [], []
    clue_type = ContentType.objects.get_for_model(Clue)
    for story, subjects, handlers in stories:
        clue = story.clue
        through_subjects += [Clue.subjects.through(clue_id=clue.pk, person_id=p.pk) for p in subjects]
        through_handlers += [Clue.handlers.through(clue_id=clue.pk, user_id=u.pk) for u in handlers]
        for e in story.events:
            e.clue_id = clue.pk
        events += story.events
        for row in story.approvals:
            row.content_type, row.object_id = clue_type, clue.pk
        rows += story.approvals
        if story.case:
            story.case.clue_id = clue.pk
            cases.append(story.case)
    Clue.subjects.through.objects.bulk_create(through_subjects)
    Clue.handlers.through.objects.bulk_create(through_handlers)
    ClueEvent.objects.bulk_create(events)
    Approval.objects.bulk_create(rows)
    Case.objects.bulk_create(cases)
    talks = []
    for story, _, _ in stories:
        for talk in story.talks:
            talk.case_id = story.case.pk
            talks.append(talk)
    ReviewTalk.objects.bulk_create(talks)
    _write_integrity_files(stories)
    issued = _issue_documents(stories)
    meetings = _screenings(stories, users, leaders, today)
    overdue = sum(1 for s, _, _ in stories if s.clue.due_on and s.clue.due_on < today)
    waiting = sum(1 for r in rows if r.is_current and r.role == "commission_leader")
    return (
        f"问题线索 {COUNT} 条（其中逾期 {overdue} 条、待委领导审批 {waiting} 件），案件 {len(cases)} 件，"
        f"集体排查会议 {meetings} 次，印发文书 {issued} 份"
    )


def _write_integrity_files(stories) -> None:
    """What the concluding services write into each subject's integrity file: the clue's outcome, or the penalty."""
    for story, _, _ in stories:
        clue, case = story.clue, story.case
        if case and case.executed_on:
            penalties = "、".join(clue.measures) or "未给予处分"
            label = Form(case.form).label if case.form else "处分决定"
            write_integrity_file(
                clue, IntegrityRecord.Kind.PENALTY, case.executed_on, case.serial, f"{label}：{penalties}"
            )
        elif not case and clue.concluded_on:
            write_integrity_file(
                clue, IntegrityRecord.Kind.CLUE_OUTCOME, clue.concluded_on, clue.serial, _outcome_text(clue)
            )


CASE_DOCUMENTS = frozenset({"case_filing", "review_report", "penalty_decision"})


def _issue_documents(stories) -> int:
    """Number the documents the stories issued through the one register, in the order of their days, as the
    steps would have issued them."""
    pending = [
        (day, index, name, who, story) for index, (story, _, _) in enumerate(stories) for day, name, who in story.issued
    ]
    count = 0
    with transaction.atomic():
        for day, _, name, who, story in sorted(pending, key=lambda row: row[:2]):
            matter = story.case if name in CASE_DOCUMENTS else story.clue
            if name == "penalty_decision":
                count += len(documents.issue_all(who, name, matter, on=day))
            else:
                part = matter.inquiry_rounds if name in ("inquiry", "talk_notice") else 0
                documents.issue(who, name, matter, part=part, on=day)
                count += 1
    return count


SCREENING_DECISIONS = ("inquiry", "inquiry", "verification", "close", "park")


def _screenings(stories, users, leaders, today) -> int:
    """A recent 集体排查 per group leader with a demo login, over the clues still awaiting a proposal,
    recorded through the service (it writes the meeting, each clue's timeline entry and the audit)."""
    held_on = today - DAY
    while held_on.weekday() >= 5:
        held_on -= DAY
    waiting = defaultdict(list)
    for story, _, _ in stories:
        clue = story.clue
        # Only clues the group already held on the day of the meeting.
        if clue.status == ClueStatus.ASSIGNED and timezone.localdate(story.events[-1].at) < held_on:
            waiting[clue.group_id].append(clue)
    made = 0
    for name in ("zu4", "zu2"):
        user = users.get(name)
        grant = user.acting_grant if user else None
        clues = waiting.get(grant.group_id, [])[:6] if grant else []
        if not clues:
            continue
        staff = DispatchedStaff.objects.filter(group_id=grant.group_id, valid_to__isnull=True).select_related("person")
        chair = leaders.get(grant.group_id) or user.full_name
        items = [
            (clue, SCREENING_DECISIONS[index % len(SCREENING_DECISIONS)], "经集体研判，意见一致。")
            for index, clue in enumerate(clues)
        ]
        services.record_screening(
            user,
            held_on=held_on,
            chaired_by=chair,
            attendees="、".join(s.person.name for s in staff) or chair,
            items=items,
            notes="对近期受理的问题线索逐件分析研判，集体研究提出处置意见。",
        )
        made += 1
    return made
