"""审理 as a step of its own: talk, report, return for supplementary investigation, submit, decide."""

import datetime

import pytest
from freezegun import freeze_time

from paizhu.audit.models import AuditEntry
from paizhu.clues import casefile, services
from paizhu.clues.models import Case, ReviewTalk
from paizhu.clues.workflows import CaseStatus
from paizhu.core.errors import DomainError, IllegalTransition, PermissionDenied
from tests.clues.conftest import approve_all

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def case_in_review(world, make_clue):
    u = world.users
    with freeze_time("2026-03-10 10:00:00+08:00"):
        clue = make_clue()
        clue = approve_all(
            world, services.propose_disposal(u.zu4a, clue, version=clue.version, method="verification", reasons="r")
        )
        clue = services.record_verification_plan(u.zu4a, clue, version=clue.version, plan="调取账目", team=[])
        clue = services.report_verification(u.zu4a, clue, version=clue.version, report="属实", proposal="case")
        case = approve_all(world, clue).case
        case = services.transfer_to_review(u.zu4a, case, version=case.version, report="审查调查报告")
    with freeze_time("2026-03-12 10:00:00+08:00"):
        return services.accept_review(u.shenli, case, version=case.version)


def _codes(case):
    return list(
        AuditEntry.objects.filter(object_type="clues.case", object_id=str(case.pk))
        .exclude(action="case.document_issued")  # the 审理报告 and 处分决定 issued with the decision
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_review_talk_report_submit_and_decide(world, case_in_review):
    u, case = world.users, case_in_review
    with freeze_time("2026-03-16 10:00:00+08:00"):
        with pytest.raises(DomainError, match="不能早于审理受理日期") as refused:
            services.record_review_talk(
                u.shenli,
                case,
                version=case.version,
                talked_on=D(2026, 3, 11),
                place="谈话室",
                talked_by="甲、乙",
                record="r",
            )
        assert refused.value.field == "talked_on" and not ReviewTalk.objects.exists()
        with pytest.raises(PermissionDenied):  # the investigators do not review their own case
            services.record_review_talk(
                u.zu4a, case, version=case.version, talked_on=D(2026, 3, 13), place="谈话室", talked_by="甲", record="r"
            )
        talk = services.record_review_talk(
            u.shenli,
            case,
            version=case.version,
            talked_on=D(2026, 3, 13),
            place="审理谈话室",
            talked_by="聂怀瑾、王某",
            record="对认定事实无异议",
        )
        case.refresh_from_db()
        assert talk.case == case and case.status == CaseStatus.IN_REVIEW
        with pytest.raises(DomainError, match="请先提出审理报告"):
            services.submit_to_committee(u.shenli, case, version=case.version)
        with pytest.raises(IllegalTransition):  # the committee decides only what was submitted to it
            services.decide_case(
                u.shenli,
                case,
                version=case.version,
                decided_on=D(2026, 3, 16),
                summary="s",
                form=2,
                party_penalty="警告",
            )
        case = services.report_review(u.shenli, case, version=case.version, facts="事实一", opinion="建议警告")
        case = services.report_review(u.shenli, case, version=case.version, facts="事实一、二", opinion="建议严重警告")
        assert (case.review_facts, case.review_opinion, case.review_reported_on) == (
            "事实一、二",
            "建议严重警告",
            D(2026, 3, 16),
        )
        case = services.submit_to_committee(u.shenli, case, version=case.version)
        assert case.status == CaseStatus.SUBMITTED and case.submitted_on == D(2026, 3, 16)
        with pytest.raises(IllegalTransition):  # frozen once submitted
            services.report_review(u.shenli, case, version=case.version, facts="x", opinion="y")
    with freeze_time("2026-03-20 10:00:00+08:00"):
        with pytest.raises(DomainError, match="不能早于提请审议日期"):
            services.decide_case(
                u.shenli,
                case,
                version=case.version,
                decided_on=D(2026, 3, 15),
                summary="s",
                form=2,
                party_penalty="警告",
            )
        case = services.decide_case(
            u.shenli,
            case,
            version=case.version,
            decided_on=D(2026, 3, 19),
            summary="给予严重警告处分",
            form=2,
            party_penalty="严重警告",
            penalty_basis="《中国共产党纪律处分条例》第一百零五条",
        )
    assert case.status == CaseStatus.DECIDED
    assert _codes(case)[-5:] == [
        "case.review_talk_recorded",
        "case.review_reported",
        "case.review_reported",
        "case.submitted",
        "case.decided",
    ]
    titles = [e.title for e in casefile.timeline(case)]
    assert titles[0].endswith(f"立案审查调查（{case.serial}）")
    assert "提出审理报告" in titles and "修改审理报告" in titles and "提请市纪委常委会会议审议" in titles
    names = [m.name for m in casefile.contents(case, [])]
    assert names == [
        "问题线索登记表",
        "初步核实情况报告",
        "立案决定书",
        "审查调查报告",
        "审理谈话笔录（聂怀瑾、王某）",
        "审理报告",
        "处分决定",
    ]


def test_return_for_supplementary_investigation_at_most_twice(world, case_in_review):
    u, case = world.users, case_in_review
    for n, day in ((1, "2026-03-16"), (2, "2026-05-04")):
        with freeze_time(f"{day} 10:00:00+08:00"):
            with pytest.raises(DomainError, match="请填写退回理由"):
                services.return_for_investigation(u.shenli, case, version=case.version, reasons=" ")
            case = services.return_for_investigation(u.shenli, case, version=case.version, reasons="受贿金额证据不足")
            assert case.status == CaseStatus.INVESTIGATING and case.returned_count == n
            assert case.investigation_due == D(2026, 4, 16) if n == 1 else D(2026, 6, 4)
            case.clue.refresh_from_db()
            assert (case.clue.due_on, case.clue.due_label) == (case.investigation_due, "补充调查")
            case = services.transfer_to_review(u.zu4a, case, version=case.version, report="补充调查报告")
            case = services.accept_review(u.shenli, case, version=case.version)
    with freeze_time("2026-06-01 10:00:00+08:00"), pytest.raises(DomainError, match="以2次为限"):
        services.return_for_investigation(u.shenli, case, version=case.version, reasons="再退")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW and case.returned_count == 2
    assert Case.objects.get(pk=case.pk).version == case.version  # the refusal changed nothing
