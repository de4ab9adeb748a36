"""Matters for access tests: a report, a clue and a case of the 4th group about a clerk of 教育局."""

import datetime

import pytest

from paizhu.audit.services import record
from paizhu.workflow import services as workflow_services

REPORTER_NAME = "欧阳慧琳"
REPORTER_CONTACT = "13987654321"


@pytest.fixture
def matters(world, settings):
    from paizhu.clues import services as clues
    from paizhu.clues.models import Case, Source
    from paizhu.intake import services as intake
    from paizhu.intake.models import Channel

    u = world.users
    received = datetime.date(2026, 3, 2)
    report = intake.register_report(
        u.xinfang,
        intake.ReportInput(
            facts="反映市教育局赵小军违规发放津补贴、公车私用。",
            unit=world.edu,
            subjects=[world.edu_clerk],
            categories=["integrity"],
            identity=intake.Identity(name=REPORTER_NAME, unit="市第一中学", contact=REPORTER_CONTACT),
        ),
        channel=Channel.LETTER,
        received_on=received,
    )
    report = intake.confirm_routing(u.xinfang, report, group=world.g4)
    report = intake.assign_handler(u.zu4, report, u.zu4a)

    clue = clues.register_clue(
        u.anguan,
        source_kind=Source.PETITION,
        received_on=received,
        unit=world.edu,
        summary="反映其违规发放津补贴、公车私用问题。",
        subjects=[world.edu_clerk],
        categories=["integrity"],
        source_ref=report.serial,
    )
    clue = clues.propose_assignment(u.anguan, clue, version=clue.version, group=world.g4, opinion="属第四组监督范围")
    from paizhu.workflow import approvals

    clue = workflow_services.decide_approval(
        u.wei, approvals.current(clue), version=clue.version, approve=True, opinion="同意"
    )
    clue = clues.assign_handlers(u.zu4, clue, version=clue.version, handlers=[u.zu4a])
    # A case already sent to review, so that 审理室 has something to see (read access is what is tested here).
    case = Case.objects.create(
        clue=clue,
        serial="AJ-2026-000001",
        filed_on=received,
        investigation_due=received + datetime.timedelta(days=90),
        sent_to_review_on=received + datetime.timedelta(days=60),
    )
    demand = _demand(world)
    from paizhu.supervision import services as supervision
    from paizhu.supervision.models import Kind

    activity = supervision.record_activity(
        u.zu4a,
        Kind.INDIVIDUAL_TALK,
        supervision.ActivityInput(
            held_on=received,
            units=[world.edu],
            persons=[world.edu_clerk],
            topic="食堂采购价格偏高（MATRIX-JD）",
            content="与赵小军个别谈话，了解食堂采购询价情况。",
            findings=["食堂大宗食材未按规定询价比价"],
        ),
    )
    from paizhu.responsibility.services import lists as responsibility

    rlist = responsibility.create_list(
        u.lianluo, unit=world.edu, year=2026, level="member", person=world.edu_deputy, area="基础教育、教育督导"
    )
    responsibility.save_item(u.lianluo, rlist, version=None, kind="duty", task="听取分管科室廉政汇报", due_on=received)
    from paizhu.responsibility.services import filings as responsibility_filings

    filing = responsibility_filings.file_matter(
        u.lianluo,
        unit=world.edu,
        category="project",
        title="市第三中学运动场改造项目立项",
        agenda="审议项目立项及资金安排",
        meeting_kind="party_group",
        meeting_on=datetime.date(2026, 3, 10),
        on=datetime.date(2026, 3, 5),
    )
    from paizhu.responsibility.services import activities as responsibility_log

    log_entry = responsibility_log.record_activity(
        u.lianluo,
        unit=world.edu,
        occurred_on=datetime.date(2026, 3, 6),
        kind="warning",
        title="组织观看警示教育片《零容忍》",
        content="全体干部观看警示教育片并交流心得。",
    )
    from paizhu.responsibility.services import reports as responsibility_reports

    dual_report = responsibility_reports.draft_report(u.lianluo, unit=world.edu, year=2026, period="h1")
    from paizhu.integrity import services as integrity

    file_request = integrity.request_file(
        u.lianluo, world.edu_deputy.pk, purpose="promotion", reason="拟提拔，党组会议研究前了解其廉洁情况"
    )
    from paizhu.core.calendar import shanghai_today
    from paizhu.responsibility.services import appointments as responsibility_appointments
    from paizhu.responsibility.services import risks as responsibility_risks

    appointment = responsibility_appointments.open_appointment(
        u.lianluo, unit=world.edu, candidate=world.edu_clerk, proposed_post="基础教育科副科长", on=received
    )
    risk_point = responsibility_risks.add_risk(
        u.lianluo,
        unit=world.edu,
        data=responsibility_risks.RiskInput(
            department="计划财务科",
            post="财务审核岗",
            power_item="MATRIX-专项资金拨付审核",
            category="process",
            level="high",
            manifestation="审核把关不严",
            measures="审核、复核、审批分离",
            owner=world.edu_clerk,
            leader=world.edu_deputy,
            review_on=shanghai_today() + datetime.timedelta(days=60),
        ),
    )
    grant = world.users.lianluo.role_grants.get()
    entry = record(u.wei, "audit.verified", ("matrix.probe", "MATRIX-7731"))
    return {
        "report": (report.pk, report.serial),
        "clue": (clue.pk, clue.serial),
        "case": (case.pk, case.serial),
        "audit_entry": (entry.pk, "MATRIX-7731"),
        "role_grant": (grant.pk, "lianluo"),
        "reporter_identity": (report.pk, REPORTER_NAME),
        "demand": (demand.pk, demand.serial),
        "demand_item": (demand.items.get().pk, demand.items.get().serial),
        "supervision": (activity.pk, "MATRIX-JD"),
        "responsibility_list": (rlist.pk, "基础教育、教育督导"),
        "filing": (filing.pk, "市第三中学运动场改造项目立项"),
        "responsibility_activity": (log_entry.pk, "组织观看警示教育片《零容忍》"),
        "dual_report": (dual_report.pk, "2026年上半年履行全面从严治党主体责任情况报告"),
        "integrity_file": (world.edu_deputy.pk, "李红梅"),
        "integrity_request": (file_request.pk, file_request.serial),
        "appointment": (appointment.pk, appointment.serial),
        "risk_point": (risk_point.pk, "MATRIX-专项资金拨付审核"),
    }


def _demand(world):
    """An issued 纪律检查建议书 of the 4th group to 教育局 (the unit sees it; drafts it never would)."""
    from freezegun import freeze_time

    from paizhu.rectification import services as rectification
    from paizhu.workflow import approvals

    with freeze_time("2026-09-21 10:00:00+08:00"):
        demand = rectification.draft_demand(
            world.users.zu4a, unit=world.edu, kind="discipline", problems="会前未报备。", items=["建立报备制度。"]
        )
        demand = rectification.submit_demand(world.users.zu4a, demand, version=demand.version)
        return workflow_services.decide_approval(
            world.users.zu4, approvals.current(demand), version=demand.version, approve=True
        )
