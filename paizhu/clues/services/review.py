"""审理: what 案件审理室 does between accepting a case and the standing committee's decision.

It talks with the person under review (审理谈话: facts checked, statement and defence heard), writes the
审理报告 (the facts it finds and its opinion on the handling), and either sends the case back for
supplementary investigation (退回补充调查, with reasons, at most twice, a month each) or submits it to the
standing committee (提请常委会审议), whose decision it then records (`cases.decide_case`). Each step is
one transaction through `workflow.transitions`: the act predicate, the declared transition, the
timeline on the clue and the audit entry.
"""

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from paizhu import access
from paizhu.core.errors import DomainError
from paizhu.core.roles import Role
from paizhu.workflow import documents
from paizhu.workflow.transitions import Event, commit, move

from .. import limits
from ..models import Case, ReviewTalk
from ._common import clean_text, not_before, not_future, require_role, today
from .cases import _mirror_due

if TYPE_CHECKING:
    from paizhu.core.actors import Actor

RETURNS_AT_MOST = 2  # 退回补充调查以两次为限


def record_review_talk(
    actor: "Actor", case: Case, *, version: int, talked_on: datetime.date, place: str, talked_by: str, record: str
) -> ReviewTalk:
    require_role(actor, Role.CASE_REVIEW)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "record_review_talk", "登记审理谈话")
        not_future(talked_on, "谈话日期", "talked_on")
        not_before(
            talked_on,
            case.review_accepted_on,
            f"谈话日期不能早于审理受理日期（{case.review_accepted_on:%Y-%m-%d}）。" if case.review_accepted_on else "",
            "talked_on",
        )
        talk = ReviewTalk.objects.create(
            case=case,
            talked_on=talked_on,
            place=clean_text(place, "谈话地点", "place"),
            talked_by=clean_text(talked_by, "谈话人", "talked_by"),
            record=clean_text(record, "谈话情况", "record"),
            recorded_by=actor,
        )
        event = Event(
            "case.review_talk_recorded",
            f"{talked_on:%Y-%m-%d}在{talk.place}进行审理谈话（谈话人：{talk.talked_by}）",
            talk.record,
            {"talk": talk.pk},
        )
        commit(actor, case, event, before=before)
    return talk


def report_review(actor: "Actor", case: Case, *, version: int, facts: str, opinion: str) -> Case:
    """The 审理报告; rewritten as often as needed until the case is submitted (the timeline keeps each)."""
    require_role(actor, Role.CASE_REVIEW)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "report_review", "提出审理报告")
        case.review_facts = clean_text(facts, "审理认定的事实", "facts")
        case.review_opinion = clean_text(opinion, "审理意见", "opinion")
        first = case.review_reported_on is None
        case.review_reported_on = today()
        event = Event("case.review_reported", "提出审理报告" if first else "修改审理报告", case.review_opinion)
        return commit(actor, case, event, before=before)


def return_for_investigation(actor: "Actor", case: Case, *, version: int, reasons: str) -> Case:
    require_role(actor, Role.CASE_REVIEW)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "return_for_investigation", "退回补充调查")
        if case.returned_count >= RETURNS_AT_MOST:
            raise DomainError(f"退回补充调查以{RETURNS_AT_MOST}次为限，本案已退回{case.returned_count}次。")
        reasons = clean_text(reasons, "退回理由和需补充调查的事项", "reasons")
        case.returned_count += 1
        case.investigation_due = limits.due("supplementary_investigation", today())
        case.review_due = None
        _mirror_due(case, "supplementary_investigation")
        event = Event(
            "case.returned",
            f"退回补充调查（第{case.returned_count}次），{case.investigation_due:%Y-%m-%d}前补充完毕",
            reasons,
        )
        return commit(actor, case, event, before=before)


def submit_to_committee(actor: "Actor", case: Case, *, version: int) -> Case:
    require_role(actor, Role.CASE_REVIEW)
    with transaction.atomic():
        case = access.lock_for_act(actor, Case, case.pk, version=version)
        before = case.status
        move(case, "submit_to_committee", "提请常委会审议")
        if not case.review_reported_on:
            raise DomainError("请先提出审理报告，再提请常委会审议。")
        case.submitted_on = today()
        # The report goes to the committee as issued: numbered and dated the day it is submitted.
        documents.issue(actor, "review_report", case, on=case.submitted_on)
        event = Event("case.submitted", "提请市纪委常委会会议审议", case.review_opinion)
        return commit(actor, case, event, before=before)
