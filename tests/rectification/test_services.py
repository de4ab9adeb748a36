"""The rectification services: a demand from draft to close, every item answered and verified, 回头看, 督办."""

import datetime

import pytest
from freezegun import freeze_time

from paizhu import access
from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied
from paizhu.rectification import services
from paizhu.rectification.models import Demand, DemandKind, Item, Rating
from paizhu.workflow import approvals, documents, reminders
from paizhu.workflow import services as workflow_services
from paizhu.workflow.attachments import Upload
from paizhu.workflow.models import ApprovalRule, IssuedDocument
from tests.samples import PNG

from .conftest import ISSUE_DAY, evidence

pytestmark = pytest.mark.django_db


def _answer(user, item, text="已完成整改，建立台账。", uploads=None):
    item.refresh_from_db()
    return services.answer_item(
        user,
        item,
        version=item.version,
        progress=text,
        responsible="王建国",
        uploads=evidence() if uploads is None else uploads,
    )


def _report(world, demand, summary="经党组会议研究，逐项整改如下。"):
    demand.refresh_from_db()
    return services.submit_report(world.users.shuji, demand, version=demand.version, summary=summary)


def _verify(world, item, accept=True, reason=""):
    item.refresh_from_db()
    return services.verify_item(world.users.zu4a, item, version=item.version, accept=accept, reason=reason)


def test_a_draft_is_approved_by_the_leader_and_issued_with_a_central_number(world, make_demand):
    draft = make_demand(issue=False)
    assert (draft.status, draft.addressee, draft.items.count()) == ("draft", "中共测试市教育局党组", 3)
    assert draft.serial.startswith("ZG-2026-")
    submitted = services.submit_demand(world.users.zu4a, draft, version=draft.version)
    assert submitted.status == "approving"
    request = approvals.current(submitted)
    assert request.role == "group_leader"
    (row,) = approvals.with_matters([request])
    assert (row.asks, row.matter.serial, row.matter.summary) == (
        "印发纪律检查建议书",
        draft.serial,
        "纪律检查建议书 · 测试市教育局",
    )
    issued = workflow_services.decide_approval(world.users.zu4, request, version=submitted.version, approve=True)
    assert (issued.status, issued.issued_on) == ("issued", ISSUE_DAY)
    document = IssuedDocument.objects.get()
    assert document.number == "江纪纪建〔2026〕1号"
    assert AuditEntry.objects.filter(action="demand.document_issued", object_id=str(issued.pk)).exists()
    assert [o.number for o in documents.offered(world.users.zu4a, issued)] == [document.number]


def test_working_days_run_across_the_national_day_holiday(world, make_demand):
    demand = make_demand(reply_workdays=10)
    # 9-25 is 中秋节 and 10-1 … 10-7 国庆节; Saturday 10-10 is a make-up working day: 9-22, 23, 24, 28, 29, 30,
    # 10-8, 9, 10, 12.
    assert demand.reply_due == datetime.date(2026, 10, 12)
    assert set(demand.items.values_list("due_on", flat=True)) == {demand.reply_due}


def test_a_deadline_before_the_issue_day_is_refused_and_nothing_is_written(world, frozen):
    with pytest.raises(DomainError, match="不能早于今天") as refused:
        services.draft_demand(
            world.users.zu4a,
            unit=world.edu,
            kind=DemandKind.NOTICE,
            problems="x",
            items=["y"],
            reply_workdays=None,
            reply_due=datetime.date(2026, 9, 1),
        )
    assert refused.value.field == "reply_due"
    assert not Demand.objects.exists()


def test_only_the_covering_group_drafts_and_a_unit_user_never(world, frozen):
    for user, error in ((world.users.zu2, DomainError), (world.users.lianluo, PermissionDenied)):
        with pytest.raises(error):
            services.draft_demand(user, unit=world.edu, kind=DemandKind.NOTICE, problems="x", items=["y"])
    assert not Demand.objects.exists()


def test_the_unit_sees_its_issued_demands_only_never_a_draft_nor_another_unit(world, make_demand):
    draft = make_demand(issue=False)
    issued = make_demand()
    other = make_demand(unit=world.fin)
    for name in ("shuji", "lianluo"):
        user = getattr(world.users, name)
        assert list(access.scope(user, Demand)) == [issued]
        assert set(access.scope(user, Item)) == set(issued.items.all())
        with pytest.raises(NotFound):
            access.fetch(user, Demand, draft.pk)
        with pytest.raises(NotFound):
            access.fetch(user, Demand, other.pk)
    # Another group, the other commission offices and the 三员 see none of them.
    for name in ("zu2", "xinfang", "anguan", "shenli", "sysadmin", "secadmin", "auditor"):
        assert not access.scope(getattr(world.users, name), Demand).exists(), name
    assert set(access.scope(world.users.guanli, Demand)) == {draft, issued, other}


def test_lifecycle_with_a_send_back_and_a_second_answer(world, make_demand, frozen):
    demand = make_demand()
    one, two, three = demand.items.order_by("number")
    for item in (one, two, three):
        _answer(world.users.lianluo, item)
    with pytest.raises(PermissionDenied):  # the liaison answers; the 党组书记 alone signs the report
        services.submit_report(world.users.lianluo, demand, version=demand.version, summary="x")
    report = _report(world, demand)
    assert report.items == [1, 2, 3]
    assert set(demand.items.values_list("status", flat=True)) == {"submitted"}
    _verify(world, one)
    with pytest.raises(DomainError, match="退回理由"):
        _verify(world, two, accept=False)
    _verify(world, two, accept=False, reason="追缴款项的凭证不全，请补充银行回单。")
    _verify(world, three)
    two.refresh_from_db()
    assert (two.status, two.returned_count) == ("returned", 1)
    demand.refresh_from_db()
    with pytest.raises(DomainError, match="第2项尚未验收销号"):
        services.close_demand(world.users.zu4a, demand, version=demand.version)
    frozen.move_to("2026-09-28 10:00:00+08:00")
    _answer(world.users.shuji, two, "已追缴全部款项，附银行回单。")
    _report(world, demand, "补充报送第2项整改情况。")
    _verify(world, two)
    demand.refresh_from_db()
    closed = services.close_demand(world.users.zu4a, demand, version=demand.version)
    assert (closed.status, closed.closed_on) == ("closed", datetime.date(2026, 9, 28))
    assert dict(closed.items.values_list("number", "rating")) == {1: "early", 2: "early", 3: "early"}
    titles = [e.title for e in closed.events.order_by("id")]
    assert "第2项整改不到位，退回重改" in titles and "第2项重新答复整改情况（1份佐证材料）" in titles
    assert titles[-1] == "全部整改事项验收销号，办结"


def test_a_demand_cannot_close_while_an_item_is_unverified(world, make_demand):
    demand = make_demand(items=ITEMS_TWO)
    one, two = demand.items.order_by("number")
    _answer(world.users.lianluo, one)
    _answer(world.users.lianluo, two)
    _report(world, demand)
    _verify(world, one)
    demand.refresh_from_db()
    with pytest.raises(DomainError, match="第2项尚未验收销号，不能办结"):
        services.close_demand(world.users.zu4, demand, version=demand.version)
    demand.refresh_from_db()
    assert (demand.status, demand.closed_on) == ("issued", None)
    assert not AuditEntry.objects.filter(action="demand.closed").exists()


ITEMS_TWO = ["会议记录不完整。", "未执行末位表态制度。"]


def test_a_report_waits_for_every_item_and_a_plan_counts_as_an_answer(world, make_demand, frozen):
    demand = make_demand(items=ITEMS_TWO)
    one, two = demand.items.order_by("number")
    _answer(world.users.lianluo, one)
    with pytest.raises(DomainError, match="第2项尚未答复"):
        _report(world, demand)
    services.plan_item(
        world.users.lianluo,
        two,
        version=two.version,
        responsible="李红梅",
        timetable="十月修订制度，十一月组织培训，十二月检查落实。",
        plan_due=datetime.date(2026, 12, 15),
        milestones=[("修订议事规则", datetime.date(2026, 10, 30)), ("全员培训", datetime.date(2026, 11, 20))],
    )
    report = _report(world, demand)
    assert report.items == [1, 2]
    two.refresh_from_db()
    assert two.status == "planned" and two.milestones.count() == 2
    milestone = two.milestones.order_by("due_on").first()
    services.complete_milestone(world.users.lianluo, milestone, version=two.version, note="议事规则已印发")
    with pytest.raises(DomainError, match="没有新答复"):
        _report(world, demand)
    _answer(world.users.lianluo, two, "制度已修订并培训到位。")
    assert _report(world, demand).items == [2]


def test_evidence_is_required_and_checked_by_type_and_size(world, make_demand, settings):
    demand = make_demand()
    item = demand.items.first()
    with pytest.raises(DomainError, match="请上传整改佐证材料"):
        _answer(world.users.lianluo, item, uploads=[])
    with pytest.raises(DomainError, match="不支持|类型|格式"):
        _answer(world.users.lianluo, item, uploads=[Upload("台账.exe", b"MZ\x90\x00" * 100)])
    big = Upload("照片.png", PNG + b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(DomainError, match="超过20MB"):
        _answer(world.users.lianluo, item, uploads=[big])
    item.refresh_from_db()
    assert (item.status, item.version) == ("open", 1)
    _answer(world.users.lianluo, item, uploads=[Upload("现场照片.png", PNG)])
    item.refresh_from_db()
    assert item.status == "answered"


def test_the_group_cannot_answer_and_the_unit_cannot_verify(world, make_demand):
    demand = make_demand()
    item = demand.items.first()
    with pytest.raises(NotFound):
        _answer(world.users.zu4a, item)
    _answer(world.users.lianluo, item)
    with pytest.raises(NotFound):
        services.verify_item(world.users.shuji, item, version=item.version + 1, accept=True)
    with pytest.raises(IllegalTransition):  # answered, not yet reported: nothing to verify
        _verify(world, item)


def test_a_rule_can_send_a_binding_recommendation_on_to_the_commission(world, make_demand, frozen):
    ApprovalRule.objects.create(
        kind="rectification.demand",
        name="监察建议书报委领导审批",
        priority=10,
        conditions={"action": ["supervisory", "combined"]},
        steps=[{"role": "group_leader", "label": "组长审核"}, {"role": "commission_leader", "label": "委领导审批"}],
    )
    demand = make_demand(issue=False, kind=DemandKind.SUPERVISORY)
    demand = services.submit_demand(world.users.zu4a, demand, version=demand.version)
    demand = workflow_services.decide_approval(
        world.users.zu4, approvals.current(demand), version=demand.version, approve=True
    )
    assert demand.status == "approving" and approvals.current(demand).role == "commission_leader"
    demand = workflow_services.decide_approval(
        world.users.wei,
        approvals.current(demand),
        version=demand.version,
        approve=False,
        opinion="问题原因分析不够深入。",
    )
    assert demand.status == "draft"
    assert not IssuedDocument.objects.exists()


def test_the_group_leader_signs_their_own_draft(world, make_demand):
    demand = make_demand(actor=world.users.zu4, kind=DemandKind.NOTICE)
    assert demand.status == "issued"
    assert IssuedDocument.objects.get().number == "江纪提〔2026〕1号"


def _closed(world, make_demand, frozen):
    demand = make_demand(items=ITEMS_TWO)
    for item in demand.items.all():
        _answer(world.users.lianluo, item)
    _report(world, demand)
    for item in demand.items.all():
        _verify(world, item)
    demand.refresh_from_db()
    return services.close_demand(world.users.zu4a, demand, version=demand.version)


def test_a_return_visit_reopens_an_item_whose_problem_recurred(world, make_demand, frozen):
    demand = _closed(world, make_demand, frozen)
    with pytest.raises(DomainError, match="不能早于办结日期"):
        services.schedule_return_visit(world.users.zu4a, demand, version=demand.version, on=datetime.date(2026, 9, 1))
    services.schedule_return_visit(world.users.zu4a, demand, version=demand.version, on=datetime.date(2026, 11, 16))
    frozen.move_to("2026-11-17 10:00:00+08:00")
    demand.refresh_from_db()
    reopened = services.record_return_visit(
        world.users.zu4a,
        demand,
        version=demand.version,
        finding="抽查10月党组会议记录，末位表态制度仍未执行。",
        recurred=[2],
        due_on=datetime.date(2026, 12, 18),
    )
    assert reopened.status == "issued"
    one, two = reopened.items.order_by("number")
    assert (one.status, two.status, two.reopened_count, two.due_on, two.rating) == (
        "closed",
        "open",
        1,
        datetime.date(2026, 12, 18),
        "",
    )
    assert list(access.scope(world.users.lianluo, Item).filter(status="open")) == [two]


def test_reminders_reach_the_unit_the_group_and_past_the_threshold_the_commission(world, make_demand, frozen):
    demand = make_demand(items=ITEMS_TWO, reply_workdays=10)  # due 2026-10-12, across the holidays
    one, two = demand.items.order_by("number")
    _answer(world.users.lianluo, one)
    services.plan_item(
        world.users.lianluo,
        two,
        version=two.version,
        responsible="李红梅",
        timetable="分三步推进。",
        plan_due=datetime.date(2026, 12, 15),  # the item's deadline from now on
        milestones=[("修订议事规则", datetime.date(2026, 10, 12))],
    )
    _report(world, demand)
    assert reminders.send(datetime.date(2026, 9, 21)) == 0  # far from due
    assert reminders.send(datetime.date(2026, 10, 9)) > 0  # due within 3 working days
    # The unit: the plan's milestone (item 1 is with the group now); the group: item 1, and its handler the milestone.
    assert {n.title for n in reminders.unread(world.users.lianluo)} == {
        f"整改节点即将到期：{demand.serial}第2项“修订议事规则”（2026-10-12）"
    }
    assert {n.title for n in reminders.unread(world.users.zu4)} == {
        f"整改事项即将到期：{demand.serial}第1项（2026-10-12）"
    }
    assert len(reminders.unread(world.users.zu4a)) == 2
    assert not reminders.unread(world.users.guanli).exists()
    # Five working days after the deadline is 10-19: the commission hears of it from the 20th.
    reminders.send(datetime.date(2026, 10, 19))
    assert not reminders.unread(world.users.guanli).exists()
    reminders.send(datetime.date(2026, 10, 20))
    assert {n.title for n in reminders.unread(world.users.guanli)} == {
        f"整改事项逾期超过5个工作日，请督办：{demand.serial}第1项"
    }
    assert f"整改节点已逾期：{demand.serial}第2项“修订议事规则”（2026-10-12）" in {
        n.title for n in reminders.unread(world.users.lianluo)
    }
    assert not reminders.unread(world.users.zu2).exists()


def test_a_plan_sets_the_items_deadline_within_the_bound(world, make_demand, frozen):
    demand = make_demand(items=ITEMS_TWO, reply_workdays=10)
    item = demand.items.get(number=2)
    assert item.due_on == datetime.date(2026, 10, 12)

    def plan(due, version):
        return services.plan_item(
            world.users.lianluo, item, version=version, responsible="李红梅", timetable="分步推进。", plan_due=due
        )

    with pytest.raises(DomainError, match="计划完成日期不能晚于2027-03-21") as refused:
        plan(datetime.date(2027, 3, 22), item.version)  # six months after the issue on 2026-09-21
    assert refused.value.field == "plan_due"
    item.refresh_from_db()
    assert (item.due_on, item.status) == (datetime.date(2026, 10, 12), "open")
    planned = plan(datetime.date(2027, 3, 21), item.version)
    assert (planned.due_on, planned.due_workdays, planned.plan_due) == (
        datetime.date(2027, 3, 21),
        None,
        datetime.date(2027, 3, 21),
    )
    assert demand.events.filter(title__contains="整改期限由2026-10-12调整为2027-03-21").exists()


def test_the_dispatch_office_presses_and_the_unit_reads_the_note(world, make_demand, frozen):
    demand = make_demand()
    item = demand.items.first()
    for user in (world.users.zu4, world.users.wei, world.users.lianluo):
        with pytest.raises(NotFound):
            services.press(user, demand, note="请加快整改。")
    press = services.press(world.users.guanli, demand, item=item, note="该项已逾期，请于本周内报送整改情况。")
    assert access.scope(world.users.lianluo, type(press)).get() == press
    assert AuditEntry.objects.filter(action="demand.pressed").count() == 1
    assert demand.events.filter(code="demand.pressed").get().title == "派驻机构管理部门督办第1项"


def test_ratings_early_on_time_late_and_overdue(world, make_demand, frozen):
    demand = make_demand(reply_workdays=10)
    item = demand.items.first()
    item.due_on = datetime.date(2026, 10, 13)
    for day, rating in (
        (datetime.date(2026, 9, 30), Rating.EARLY),  # five working days before
        (datetime.date(2026, 10, 9), Rating.ON_TIME),
        (datetime.date(2026, 10, 13), Rating.ON_TIME),
        (datetime.date(2026, 10, 14), Rating.LATE),
    ):
        item.submitted_on = day
        assert services.rating_for(item) == rating, day
    item.submitted_on = None
    with freeze_time("2026-10-14"):
        assert services.item_rating(item) == Rating.OVERDUE
