import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from freezegun import freeze_time

from paizhu.audit.models import AuditEntry
from paizhu.clues import services
from paizhu.workflow import docx_layout
from paizhu.workflow.models import Notification
from tests.clues.conftest import approve_all

pytestmark = pytest.mark.django_db


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


@freeze_time("2026-03-10 10:00:00+08:00")
def test_inquiry_letter_and_verification_report_contain_the_record(client, world, make_clue):
    u = world.users
    clue = make_clue([world.edu_deputy])
    clue = approve_all(
        world, services.propose_disposal(u.zu4a, clue, version=clue.version, method="inquiry", reasons="r")
    )
    clue = services.issue_inquiry(u.zu4a, clue, version=clue.version, mode="letter", on=datetime.date(2026, 3, 10))
    client.force_login(u.zu4a)
    assert client.get(reverse("workflow:document", args=["inquiry", clue.pk])).status_code == 404  # per round
    response = client.get(reverse("workflow:document_part", args=["inquiry", clue.pk, 1]))
    assert response.status_code == 200
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    text = _text(document)
    assert "函询函" in text and clue.serial in text and "李红梅" in text
    assert "江纪函〔2026〕1号" in text and "2026年3月10日" in text  # its 文号, dated the day it was served
    assert "违规发放津补贴" in text and "15个工作日内" in text and "经所在单位主要负责人签字" in text
    assert "zu4a" in text and "第四纪检监察组" in text  # the watermark line names the downloader
    organ, number, heading = (document.paragraphs[i].runs[0] for i in range(3))
    assert organ.text == "测试市纪委监委第四派驻纪检监察组" and organ.font.color.rgb == docx_layout.RED  # 版头
    assert number.text == "江纪函〔2026〕1号"
    title = heading
    assert title.font.size.pt == 22
    assert (
        title._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "方正小标宋简体"
    )
    assert document.paragraphs[4].runs[0].font.size.pt == 16
    assert AuditEntry.objects.filter(action="clue.document_downloaded", object_id=str(clue.pk), actor=u.zu4a).exists()
    # A document the record has no facts for yet is not offered.
    assert client.get(reverse("workflow:document", args=["verification_report", clue.pk])).status_code == 404


@freeze_time("2026-03-10 10:00:00+08:00")
def test_penalty_decision_names_the_penalties(client, world, make_clue):
    u = world.users
    clue = make_clue()
    clue = approve_all(
        world, services.propose_disposal(u.zu4a, clue, version=clue.version, method="verification", reasons="r")
    )
    clue = services.record_verification_plan(u.zu4a, clue, version=clue.version, plan="核查账目")
    clue = approve_all(
        world, services.report_verification(u.zu4a, clue, version=clue.version, report="属实", proposal="case")
    )
    case = clue.case
    case = services.transfer_to_review(u.zu4a, case, version=case.version, report="报告")
    case = services.accept_review(u.shenli, case, version=case.version)
    case = services.report_review(u.shenli, case, version=case.version, facts="事实", opinion="处理意见")
    case = services.submit_to_committee(u.shenli, case, version=case.version)
    services.decide_case(
        u.shenli,
        case,
        version=case.version,
        decided_on=datetime.date(2026, 3, 10),
        summary="违规发放津补贴12万元",
        form=2,
        party_penalty="严重警告",
        gov_penalty="记过",
        penalty_basis="《中国共产党纪律处分条例》第一百零五条",
    )
    client.force_login(u.zu4a)
    response = client.get(reverse("workflow:document_part", args=["penalty_decision", case.pk, world.edu_clerk.pk]))
    text = _text(Document(io.BytesIO(b"".join(response.streaming_content))))
    assert "关于给予赵小军党内严重警告处分、政务记过处分的决定" in text
    assert "依据《中国共产党纪律处分条例》第一百零五条" in text
    assert "江纪处〔2026〕1号" in text and "2026年3月10日" in text


def test_remind_notifies_handlers_once_and_recusal_hides_it(world, make_clue, client):
    with freeze_time("2026-03-10 10:00:00+08:00"):
        clue = make_clue(received_on=datetime.date(2026, 2, 2))  # proposal due 2026-03-02: overdue
    with freeze_time("2026-03-10 10:00:00+08:00"):
        call_command("remind")
        call_command("remind")
    notes = Notification.objects.filter(object_id=clue.pk, content_type__model="clue")
    assert [n.user for n in notes] == [world.users.zu4a]
    assert "已逾期" in notes[0].title
    assert AuditEntry.objects.filter(action="reminders.sent").count() == 2
    client.force_login(world.users.zu4a)
    assert notes[0].title in client.get(reverse("clues:deadlines")).content.decode()


def test_the_shipped_templates_are_built_from_their_texts():
    from paizhu.clues.documents import SHIPPED, texts
    from paizhu.workflow import docx_layout

    for name, paragraphs in texts.TEMPLATES.items():
        shipped = Document(SHIPPED / f"{name}.docx")
        built = docx_layout.build(paragraphs, letterhead=True)
        assert [p.text for p in shipped.paragraphs] == [p.text for p in built.paragraphs]
        assert shipped.sections[0].header.paragraphs[0].text == "{{ watermark }}"
