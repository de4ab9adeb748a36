"""监察 cases: a decision within 1 year of filing, extendable once by 6 months with approval."""

import datetime

import pytest
from django.test import Client
from freezegun import freeze_time

from paizhu.clues import services
from paizhu.clues.models import Case
from paizhu.clues.workflows import CaseStatus
from paizhu.core.errors import DomainError, IllegalTransition
from paizhu.org.models import Person
from paizhu.workflow import reminders
from paizhu.workflow import services as workflow_services
from tests.clues.conftest import approve_all

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with freeze_time("2026-03-10 10:00:00+08:00"):
        yield


def _verified(world, make_clue, subjects=None):
    u = world.users
    clue = make_clue(subjects)
    clue = services.propose_disposal(u.zu4a, clue, version=clue.version, method="verification", reasons="初核")
    clue = approve_all(world, clue)
    return services.record_verification_plan(u.zu4a, clue, version=clue.version, plan="调取账目")


def test_a_supervision_case_is_due_for_decision_one_year_after_filing_and_extends_once(world, make_clue):
    u = world.users
    clue = _verified(world, make_clue)
    clue = services.report_verification(
        u.zu4a, clue, version=clue.version, report="违规发放津补贴属实", proposal="case", supervision=True
    )
    case = approve_all(world, clue).case
    assert case.supervision and case.filed_on == datetime.date(2026, 3, 10)
    assert case.supervision_due == datetime.date(2027, 3, 10)
    assert "监察案件，2027-03-10前作出处置决定" in clue.events.last().title
    # The 90-day investigation limit still runs alongside.
    assert case.investigation_due == datetime.date(2026, 6, 8)

    case = services.request_supervision_extension(u.zu4a, case, version=case.version, reasons="案情复杂")
    case = approve_all(world, case)
    assert case.supervision_extended and case.supervision_due == datetime.date(2027, 9, 10)
    assert case.status == CaseStatus.INVESTIGATING and not case.extended  # the party limit is untouched
    with pytest.raises(DomainError, match="只能延长一次"):
        services.request_supervision_extension(u.zu4a, case, version=case.version, reasons="再延")


def test_a_refused_supervision_extension_keeps_the_limit(world, make_clue):
    u = world.users
    clue = _verified(world, make_clue)
    clue = services.report_verification(
        u.zu4a, clue, version=clue.version, report="属实", proposal="case", supervision=True
    )
    case = approve_all(world, clue).case
    case = services.request_supervision_extension(u.zu4a, case, version=case.version, reasons="案情复杂")
    from tests.clues.conftest import current

    case = workflow_services.decide_approval(
        u.zu4, current(case), version=case.version, approve=False, opinion="抓紧办理"
    )
    assert not case.supervision_extended and case.supervision_due == datetime.date(2027, 3, 10)


def test_only_a_subject_under_state_supervision_makes_a_supervision_case(world, make_clue):
    u = world.users
    Person.objects.filter(pk=world.edu_clerk.pk).update(is_supervision_object=False)
    clue = _verified(world, make_clue)
    with pytest.raises(DomainError, match="非监察对象"):
        services.report_verification(
            u.zu4a, clue, version=clue.version, report="属实", proposal="case", supervision=True
        )
    clue = services.report_verification(u.zu4a, clue, version=clue.version, report="属实", proposal="case")
    case = approve_all(world, clue).case
    assert not case.supervision and case.supervision_due is None
    with pytest.raises(DomainError, match="非监察案件"):
        services.request_supervision_extension(u.zu4a, case, version=case.version, reasons="r")


def test_no_supervision_extension_after_the_decision(world, make_clue):
    u = world.users
    clue = _verified(world, make_clue)
    clue = services.report_verification(
        u.zu4a, clue, version=clue.version, report="属实", proposal="case", supervision=True
    )
    case = approve_all(world, clue).case
    case = services.transfer_to_review(u.zu4a, case, version=case.version, report="报告")
    case = services.accept_review(u.shenli, case, version=case.version)
    case = services.report_review(u.shenli, case, version=case.version, facts="事实", opinion="处理意见")
    case = services.submit_to_committee(u.shenli, case, version=case.version)
    case = services.decide_case(
        u.shenli,
        case,
        version=case.version,
        decided_on=datetime.date(2026, 3, 10),
        summary="给予警告",
        form=2,
        party_penalty="警告",
        penalty_basis="《中国共产党纪律处分条例》第一百零五条",
    )
    with pytest.raises(IllegalTransition, match="不能申请延长监察处置期限"):
        services.request_supervision_extension(u.zu4a, case, version=case.version, reasons="r")


def test_the_case_page_shows_the_supervision_limit_and_the_extension_button(world, make_clue):
    u = world.users
    clue = _verified(world, make_clue)
    clue = services.report_verification(
        u.zu4a, clue, version=clue.version, report="属实", proposal="case", supervision=True
    )
    case = approve_all(world, clue).case
    client = Client()
    client.force_login(u.zu4a)
    body = client.get(f"/clues/cases/{case.pk}/").content.decode()
    assert "监察处置期限" in body and "2027-03-10" in body
    assert f"/clues/cases/{case.pk}/extend_supervision/" in body
    response = client.post(
        f"/clues/cases/{case.pk}/extend_supervision/", {"version": case.version, "reasons": "案情复杂"}
    )
    assert response.status_code == 302
    body = client.get(f"/clues/cases/{case.pk}/").content.decode()
    assert f"/clues/cases/{case.pk}/extend_supervision/" not in body  # pending approval


def test_the_proposal_form_offers_the_supervision_flag(world, make_clue):
    clue = _verified(world, make_clue)
    client = Client()
    client.force_login(world.users.zu4a)
    response = client.post(
        f"/clues/{clue.pk}/report/",
        {"version": clue.version, "report": "属实", "proposal": "case", "supervision": "on"},
    )
    assert response.status_code == 302
    from tests.clues.conftest import current

    assert current(clue).payload["supervision"] is True


def test_the_approver_sees_a_supervision_filing_and_a_supervision_extension(world, make_clue):
    from tests.clues.conftest import current

    u = world.users
    clue = _verified(world, make_clue)
    clue = services.report_verification(
        u.zu4a, clue, version=clue.version, report="属实", proposal="case", supervision=True
    )
    client = Client()
    client.force_login(u.zu4)
    body = client.get(f"/approvals/{current(clue).pk}/").content.decode()
    assert "立案审查调查（监察案件）" in body
    case = approve_all(world, clue).case
    case = services.request_supervision_extension(u.zu4a, case, version=case.version, reasons="案情复杂")
    body = client.get(f"/approvals/{current(case).pk}/").content.decode()
    assert "延长监察处置期限（6个月）" in body


def test_remind_warns_of_the_supervision_decision_limit(world, make_clue):
    from paizhu.workflow.models import Notification

    u = world.users
    clue = _verified(world, make_clue)
    clue = services.report_verification(
        u.zu4a, clue, version=clue.version, report="属实", proposal="case", supervision=True
    )
    case = approve_all(world, clue).case
    # 2027's holidays are not entered yet: bring the limit into 2026 to compute working days.
    Case.objects.filter(pk=case.pk).update(supervision_due=datetime.date(2026, 12, 1))
    reminders.send(datetime.date(2026, 11, 20))
    assert not Notification.objects.filter(title__contains="作出处置决定（监察）").exists()
    reminders.send(datetime.date(2026, 11, 27))
    [note] = Notification.objects.filter(title__contains="作出处置决定（监察）")
    assert note.user == u.zu4a and note.url == f"/clues/cases/{case.pk}/"
    assert note.title == f"{clue.serial}「作出处置决定（监察）」将于2026-12-01到期"
    assert reminders.send(datetime.date(2026, 11, 27)) == 0
