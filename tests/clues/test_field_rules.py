"""Dates and outcomes that make no sense are refused by the service, at the field, in Chinese — and nothing
changes: not the record, not its version, not its timeline."""

import datetime

import pytest
from freezegun import freeze_time

from paizhu.clues import services
from paizhu.clues.forms import DecideCaseForm, InquiryForm, RegisterForm
from paizhu.clues.models import Case, Clue, ClueEvent
from paizhu.clues.workflows import CaseStatus, ClueStatus
from paizhu.core.errors import DomainError
from paizhu.core.forms import TEXT_LIMIT
from tests.clues.conftest import approve_all

pytestmark = pytest.mark.django_db
D = datetime.date


def _refused(call, field: str, message: str) -> None:
    with pytest.raises(DomainError) as refusal:
        call()
    assert refusal.value.field == field
    assert refusal.value.message == message


def _snapshot(obj, *names) -> tuple[dict, int]:
    """The record as stored (version, status and `names`) and the length of the timeline."""
    obj.refresh_from_db()
    return {name: getattr(obj, name) for name in ("version", "status", *names)}, ClueEvent.objects.count()


@pytest.fixture
def inquiring(world, make_clue):
    """A clue received on 2026-03-02 whose 谈话函询 was approved on 2026-03-10."""
    with freeze_time("2026-03-10 10:00:00+08:00"):
        clue = make_clue()
        clue = services.propose_disposal(world.users.zu4a, clue, version=clue.version, method="inquiry", reasons="函询")
        clue = approve_all(world, clue)
    assert clue.status == ClueStatus.INQUIRY
    return clue


@freeze_time("2026-03-20 10:00:00+08:00")
@pytest.mark.parametrize(
    ("mode", "on", "message"),
    [
        ("talk", D(2026, 3, 1), "谈话日期不能早于线索受理日期（2026-03-02）。"),
        ("letter", D(2026, 3, 1), "函件送达日期不能早于线索受理日期（2026-03-02）。"),
        ("talk", D(2026, 3, 9), "谈话日期不能早于谈话函询获批日期（2026-03-10）。"),
        ("letter", D(2026, 3, 5), "函件送达日期不能早于谈话函询获批日期（2026-03-10）。"),
    ],
)
def test_a_talk_or_letter_dated_before_receipt_or_approval_is_refused(world, inquiring, mode, on, message):
    before = _snapshot(inquiring, "inquiry_on", "inquiry_mode")
    issue = services.issue_inquiry
    _refused(lambda: issue(world.users.zu4a, inquiring, version=inquiring.version, mode=mode, on=on), "on", message)
    assert _snapshot(inquiring, "inquiry_on", "inquiry_mode") == before
    clue = issue(world.users.zu4a, inquiring, version=inquiring.version, mode=mode, on=D(2026, 3, 10))
    assert clue.inquiry_on == D(2026, 3, 10)  # the day of the approval itself is fine


@pytest.fixture
def in_review(world, make_clue):
    """A case filed on 2026-03-10, accepted by 审理室 on 2026-03-12."""
    u = world.users
    with freeze_time("2026-03-10 10:00:00+08:00"):
        clue = make_clue()
        clue = services.propose_disposal(u.zu4a, clue, version=clue.version, method="case", reasons="立案")
        clue = approve_all(world, clue)
        case = Case.objects.get(clue=clue)
        case = services.transfer_to_review(u.zu4a, case, version=case.version, report="审查调查报告")
    with freeze_time("2026-03-12 10:00:00+08:00"):
        case = services.accept_review(u.shenli, case, version=case.version)
        case = services.report_review(u.shenli, case, version=case.version, facts="事实", opinion="处理意见")
        case = services.submit_to_committee(u.shenli, case, version=case.version)
    return case


def _decide(world, case, **changes):
    kwargs = {
        "decided_on": D(2026, 3, 13),
        "summary": "给予处分",
        "form": 2,
        "party_penalty": "警告",
        "penalty_basis": "《中国共产党纪律处分条例》第三十七条",
    } | changes
    return services.decide_case(world.users.shenli, case, version=case.version, **kwargs)


@freeze_time("2026-03-20 10:00:00+08:00")
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"decided_on": D(2026, 3, 11)}, "decided_on", "决定日期不能早于审理受理日期（2026-03-12）。"),
        (
            {"form": 1, "party_penalty": "开除党籍"},
            "form",
            "第一种形态不给予党纪处分或政务处分；给予“开除党籍”的，应按处分轻重归入第二或第三种形态。",
        ),
        (
            {"form": 2, "party_penalty": "开除党籍", "gov_penalty": "开除"},
            "form",
            "“开除党籍”、“开除”属重处分或重大职务调整，应为第三种形态（涉嫌犯罪移送司法机关的为第四种）。",
        ),
        (
            {"form": 3, "party_penalty": "严重警告", "gov_penalty": "记过"},
            "form",
            "“严重警告”、“记过”属轻处分，应为第二种形态；第三种形态为撤销党内职务、留党察看、开除党籍或降级、撤职、开除。",
        ),
        (
            {"form": 4, "party_penalty": "撤销党内职务", "gov_penalty": "开除"},
            "form",
            "第四种形态限于严重违纪违法涉嫌犯罪、移送司法机关的案件；未移送的，给予重处分的为第三种形态。",
        ),
        (
            {"form": 3, "party_penalty": "开除党籍", "referred_for_prosecution": True},
            "form",
            "涉嫌犯罪移送司法机关的，应为第四种形态。",
        ),
        (
            {"summary": "违" * (TEXT_LIMIT + 1)},
            "summary",
            f"处分决定要旨不超过{TEXT_LIMIT}字，当前{TEXT_LIMIT + 1}字，请删减后再提交。",
        ),
    ],
)
def test_a_decision_out_of_order_or_of_the_wrong_form_is_refused(world, in_review, changes, field, message):
    before = _snapshot(in_review, "decided_on", "form", "party_penalty", "decision_summary")
    _refused(lambda: _decide(world, in_review, **changes), field, message)
    assert _snapshot(in_review, "decided_on", "form", "party_penalty", "decision_summary") == before
    assert in_review.status == CaseStatus.SUBMITTED and in_review.decided_on is None


@freeze_time("2026-03-20 10:00:00+08:00")
@pytest.mark.parametrize(
    ("changes", "form"),
    [
        ({"form": 3, "party_penalty": "撤销党内职务", "gov_penalty": "开除"}, 3),
        ({"form": 4, "party_penalty": "撤销党内职务", "gov_penalty": "开除", "referred_for_prosecution": True}, 4),
        ({"form": 2, "party_penalty": "", "gov_penalty": "记大过"}, 2),
    ],
)
def test_the_form_the_rules_give_is_accepted(world, in_review, changes, form):
    case = _decide(world, in_review, **changes)
    assert case.form == form and case.status == CaseStatus.DECIDED
    assert case.referred_for_prosecution == changes.get("referred_for_prosecution", False)


@freeze_time("2026-03-20 10:00:00+08:00")
def test_an_execution_before_the_decision_or_its_announcement_is_refused(world, in_review):
    u = world.users
    case = _decide(world, in_review, decided_on=D(2026, 3, 15))
    case = services.announce_decision(u.zu4a, case, version=case.version, announced_on=D(2026, 3, 16))
    before = _snapshot(case, "executed_on")
    execute = services.report_execution
    _refused(
        lambda: execute(u.zu4a, case, version=case.version, executed_on=D(2026, 3, 14), note="已执行"),
        "executed_on",
        "执行日期不能早于决定日期（2026-03-15）。",
    )
    _refused(
        lambda: execute(u.zu4a, case, version=case.version, executed_on=D(2026, 3, 15), note="已执行"),
        "executed_on",
        "执行日期不能早于宣布日期（2026-03-16）。",
    )
    assert _snapshot(case, "executed_on") == before
    assert Clue.objects.get(pk=case.clue_id).concluded_on is None
    case = execute(u.zu4a, case, version=case.version, executed_on=D(2026, 3, 16), note="已执行")
    assert case.status == CaseStatus.CLOSED


def test_forms_name_the_field_offer_a_choice_and_count_long_texts(world):
    form = InquiryForm(data={}, user=world.users.zu4a)
    assert not form.is_valid()
    assert form.errors["on"] == ["请填写“谈话日期 / 函件送达日期”。"]
    assert form.errors["mode"] == ["请选择“方式”。"]
    form = InquiryForm(data={"version": 1, "mode": "talk", "on": "2026-13-40"}, user=world.users.zu4a)
    assert form.errors["on"] == ["“谈话日期 / 函件送达日期”不是有效的日期，请按“年-月-日”填写。"]
    register = RegisterForm(user=world.users.anguan)
    html = str(register["unit"])
    assert "请选择…" in html and "---------" not in html
    summary = register.fields["summary"].widget.attrs
    assert summary["data-maxlength"] == TEXT_LIMIT and "maxlength" not in summary  # counted, never cut
    form = DecideCaseForm(data={"summary": "违" * (TEXT_LIMIT + 1)}, user=world.users.shenli)
    assert form.errors["summary"] == [f"“处分决定要旨”不超过{TEXT_LIMIT}字，当前{TEXT_LIMIT + 1}字，请删减后再提交。"]
