"""When the clue module's documents are issued, and what an issued one keeps: the step fixes 文号 and date,
every download reproduces them, drafts carry none, a classified one counts its copies, a penalty decision is
one per person."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from freezegun import freeze_time

from paizhu.audit.models import AuditEntry
from paizhu.clues import services
from paizhu.core.errors import DomainError
from paizhu.workflow import documents
from paizhu.workflow.models import IssuedDocument
from tests.clues.conftest import approve_all
from tests.clues.document_story import DECIDED, SERVED, play

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    return "\n".join(p.text for p in document.paragraphs)


def test_each_step_issues_its_documents_numbered_per_prefix_and_year(world, make_clue):
    letter, talk, clue, case = play(world, make_clue)
    rows = [(d.kind, d.number, d.issued_on) for d in IssuedDocument.objects.order_by("id")]
    march10 = datetime.date(2026, 3, 10)
    assert rows == [
        ("inquiry", "江纪函〔2026〕1号", SERVED),
        ("clarification", "江纪函〔2026〕2号", march10),  # one 机关代字, one sequence
        ("talk_notice", "江纪谈〔2026〕1号", march10),
        ("verification_report", "江纪核〔2026〕1号", march10),
        ("case_filing", "江纪立〔2026〕1号", march10),
        ("review_report", "江纪审〔2026〕1号", DECIDED),
        ("penalty_decision", "江纪处〔2026〕1号", DECIDED),
        ("penalty_decision", "江纪处〔2026〕2号", DECIDED),
    ]
    penalties = IssuedDocument.objects.filter(kind="penalty_decision")
    assert {d.part for d in penalties} == {world.edu_clerk.pk, world.edu_deputy.pk}
    issued = AuditEntry.objects.filter(action="case.document_issued", details__document="penalty_decision")
    assert sorted(e.details["number"] for e in issued) == ["江纪处〔2026〕1号", "江纪处〔2026〕2号"]
    assert all(e.actor == world.users.shenli for e in issued)


def test_a_download_months_later_keeps_the_number_and_date_and_counts_copies(world, make_clue, client):
    *_, case = play(world, make_clue)
    client.force_login(world.users.zu4a)
    url = reverse("workflow:document", args=["case_filing", case.pk])
    with freeze_time("2026-11-02 09:00:00+08:00"):
        first, second = _text(client.get(url)), _text(client.get(url))
    for text, copy in ((first, "000001"), (second, "000002")):
        assert "江纪立〔2026〕1号" in text and "2026年3月10日" in text and "2026年11月2日" not in text
        assert text.splitlines()[:2] == [copy, "秘密"]  # 份号, 密级
    entries = AuditEntry.objects.filter(action="case.document_downloaded", details__document="case_filing")
    assert sorted((e.details["copy"], e.details["as_issued"]) for e in entries) == [(1, True), (2, True)]


def test_one_penalty_decision_per_person_with_facts_and_articles_said_once(world, make_clue, client):
    *_, case = play(world, make_clue)
    client.force_login(world.users.zu4a)
    offered = [d for d in documents.offered(world.users.zu4a, case) if d.url.startswith("/documents/penalty")]
    assert [(d.label, d.number) for d in offered] == [
        ("处分决定（李红梅）", "江纪处〔2026〕1号"),
        ("处分决定（赵小军）", "江纪处〔2026〕2号"),
    ]
    text = _text(client.get(offered[1].url))
    assert "关于给予赵小军党内严重警告处分、政务记过处分的决定" in text and "李红梅" not in text
    assert "赵小军，测试市教育局科员。" in text
    assert "经查，二人违规发放津补贴12万元。" in text  # the summary's own 经查 and 。 not repeated
    assert "依据《中国共产党纪律处分条例》第一百零五条，经测试市纪委监委常委会会议研究" in text
    sentences = [s for s in text.replace("\n", "").split("。") if s]
    assert len(sentences) == len(set(sentences))
    other = reverse("workflow:document_part", args=["penalty_decision", case.pk, world.edu_head.pk])
    assert client.get(other).status_code == 404  # not a person of the case


def test_before_its_step_a_document_is_a_draft_without_number(world, make_clue, client):
    u = world.users
    with freeze_time("2026-03-10 10:00:00+08:00"):
        clue = make_clue()
        clue = approve_all(
            world, services.propose_disposal(u.zu4a, clue, version=clue.version, method="inquiry", reasons="r")
        )
    drafts = documents.offered(u.zu4a, clue)
    assert [(d.label, d.draft, d.number) for d in drafts] == [("函询函", True, ""), ("谈话通知书", True, "")]
    client.force_login(u.zu4a)
    text = _text(client.get(drafts[0].url))
    assert "草稿（未印发，无文号）" in text and "江纪函" not in text and "印发时填写成文日期" in text
    assert not IssuedDocument.objects.exists()
    with freeze_time("2026-03-12 10:00:00+08:00"):
        clue = services.issue_inquiry(u.zu4a, clue, version=clue.version, mode="talk", on=datetime.date(2026, 3, 11))
    assert [(d.label, d.number, d.issued_on) for d in documents.offered(u.zu4a, clue)] == [
        ("谈话通知书", "江纪谈〔2026〕1号", datetime.date(2026, 3, 11))  # the letter's draft is gone
    ]


def test_a_penalty_needs_its_articles_and_a_refused_step_issues_nothing(world, make_clue):
    u = world.users
    with freeze_time("2026-03-10 10:00:00+08:00"):
        clue = make_clue()
        clue = approve_all(
            world, services.propose_disposal(u.zu4a, clue, version=clue.version, method="case", reasons="r")
        )
        case = services.transfer_to_review(u.zu4a, clue.case, version=clue.case.version, report="查实")
        case = services.accept_review(u.shenli, case, version=case.version)
        case = services.report_review(u.shenli, case, version=case.version, facts="事实", opinion="处理意见")
        case = services.submit_to_committee(u.shenli, case, version=case.version)
        with pytest.raises(DomainError) as error:
            services.decide_case(
                u.shenli,
                case,
                version=case.version,
                decided_on=datetime.date(2026, 3, 10),
                summary="s",
                form=2,
                party_penalty="警告",
            )
    assert error.value.field == "penalty_basis"
    # The 审理报告 went out with the submission; the refused decision issued no 处分决定.
    assert list(IssuedDocument.objects.order_by("id").values_list("kind", flat=True)) == [
        "case_filing",
        "review_report",
    ]
