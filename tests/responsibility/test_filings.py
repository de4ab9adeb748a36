import datetime
from decimal import Decimal

import pytest
from django.test import Client

from paizhu import access
from paizhu.audit.models import AuditEntry
from paizhu.core import calendar
from paizhu.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied
from paizhu.responsibility import queries
from paizhu.responsibility.models import Filing
from paizhu.responsibility.services import filings as services
from paizhu.workflow import attachments, reminders
from paizhu.workflow.attachments import Upload
from tests.fixtures import sign_in

D = datetime.date
MINUTES = Upload("会议纪要.jpg", b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00" + bytes(range(256)) * 8 + b"\xff\xd9")


MEETING, FILED = D(2026, 10, 8), D(2026, 9, 29)


def _file(world, *, meeting_on=MEETING, on=FILED, category="appointment", amount=None, user=None):
    return services.file_matter(
        user or world.users.lianluo,
        unit=world.edu,
        category=category,
        title="研究市第一中学校长人选",
        agenda="一、审议市第一中学校长拟任人选\n二、其他事项",
        meeting_kind="party_group",
        meeting_on=meeting_on,
        amount=amount,
        on=on,
    )


@pytest.fixture(autouse=True)
def _calendar():
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.mark.parametrize(
    ("meeting_on", "filed_on", "deadline", "late"),
    [
        (D(2026, 10, 8), D(2026, 9, 30), D(2026, 9, 30), False),  # 国庆长假：节前最后一个工作日报备
        (D(2026, 10, 8), D(2026, 10, 2), D(2026, 9, 30), True),  # 假期中报备，派驻组节后才看到
        (D(2026, 10, 12), D(2026, 10, 10), D(2026, 10, 10), False),  # 周六调休上班，算工作日
        (D(2026, 10, 12), D(2026, 10, 11), D(2026, 10, 10), True),
        (D(2026, 11, 10), D(2026, 11, 10), D(2026, 11, 9), True),  # 会议当天报备
    ],
)
def test_the_filing_deadline_counts_working_days_across_holidays(world, meeting_on, filed_on, deadline, late):
    filing = _file(world, meeting_on=meeting_on, on=filed_on)
    assert (filing.deadline, filing.is_late) == (deadline, late)
    entry = AuditEntry.objects.get(action="responsibility.filing_filed")
    assert entry.details["late"] is late


def test_filed_answered_minutes_reported_and_checked(world):
    u = world.users
    filing = _file(world)
    assert filing.serial.startswith("BB-2026-") and filing.group_id == world.g4.pk
    assert list(queries.filings_to_answer(u.zu4)) == [filing]
    filing = services.answer(u.zu4, filing, version=filing.version, attend=True, attendees="周正、组员", opinion="")
    assert (filing.status, filing.attend, filing.attendees) == ("answered", True, "周正、组员")
    filing = services.report_minutes(
        u.lianluo,
        filing,
        version=filing.version,
        held_on=D(2026, 10, 8),
        decision="同意拟任人选，按程序公示",
        uploads=[MINUTES],
    )
    assert filing.status == "held" and [a.label for a in attachments.of(filing)] == ["会议纪要"]
    with pytest.raises(DomainError) as exc:  # a problem found needs the group's words
        services.conclude(u.zu4, filing, version=filing.version, collective=True, last_speaker=False, opinion="")
    assert exc.value.field == "opinion"
    filing = services.conclude(
        u.zu4a,
        filing,
        version=filing.version,
        collective=True,
        last_speaker=False,
        opinion="主要负责人先于其他班子成员表态",
    )
    assert filing.status == "checked" and filing.has_problem
    assert [e.code for e in filing.events.all()] == [
        "responsibility.filing_filed",
        "responsibility.filing_answered",
        "responsibility.filing_held",
        "responsibility.filing_checked",
    ]
    with pytest.raises(IllegalTransition):
        services.answer(u.zu4, filing, version=filing.version, attend=False, opinion="补充意见")


def test_the_unit_files_and_reports_the_group_answers_and_checks_and_no_one_else_sees_it(world, unit_users):
    u = world.users
    filing = _file(world)
    seen = {name for name in vars(u) if access.scope(getattr(u, name), Filing).filter(pk=filing.pk).exists()}
    assert seen == {"wei", "guanli", "zu4", "zu4a", "shuji", "lianluo"}
    assert not access.scope(unit_users.water_liaison, Filing).exists()
    with pytest.raises(NotFound):  # the unit does not answer for the group
        services.answer(u.shuji, filing, version=filing.version, attend=False, opinion="同意")
    with pytest.raises(NotFound):  # nor does another group or the commission
        services.answer(u.zu2, filing, version=filing.version, attend=False, opinion="同意")
    with pytest.raises(NotFound):
        services.answer(u.wei, filing, version=filing.version, attend=False, opinion="同意")
    with pytest.raises(NotFound):  # the group does not report the unit's minutes
        services.report_minutes(
            u.zu4, filing, version=filing.version, held_on=D(2026, 10, 8), decision="x", uploads=[MINUTES]
        )
    with pytest.raises(PermissionDenied):
        _file(world, user=u.zu4)
    with pytest.raises(PermissionDenied):
        _file(world, user=unit_users.water_liaison)


def test_bad_input_is_refused_at_the_field(world):
    with pytest.raises(DomainError) as exc:
        _file(world, meeting_on=D(2026, 9, 28), on=D(2026, 9, 29))
    assert exc.value.field == "meeting_on"
    with pytest.raises(DomainError) as exc:
        _file(world, on=D(2099, 1, 1), meeting_on=D(2099, 1, 5))
    assert exc.value.field == "filed_on"
    filing = _file(world)
    with pytest.raises(DomainError) as exc:
        services.report_minutes(
            world.users.lianluo, filing, version=filing.version, held_on=D(2026, 10, 8), decision="x", uploads=[]
        )
    assert exc.value.field == "uploads"
    with pytest.raises(DomainError) as exc:
        services.report_minutes(
            world.users.lianluo, filing, version=filing.version, held_on=D(2026, 9, 1), decision="x", uploads=[MINUTES]
        )
    assert exc.value.field == "held_on"
    assert Filing.objects.get(pk=filing.pk).status == "filed"


def test_large_sums_are_filed_at_or_above_the_configured_threshold(world):
    with pytest.raises(DomainError, match="500,000") as exc:
        _file(world, category="funds", amount=Decimal("300000"))
    assert exc.value.field == "amount"
    assert _file(world, category="funds", amount=Decimal("500000")).amount == Decimal("500000")
    services.set_funds_threshold(
        world.users.sysadmin, amount=Decimal("200000"), reason="市纪委监委关于调整大额资金标准的通知"
    )
    assert _file(world, category="funds", amount=Decimal("300000")).category == "funds"
    assert AuditEntry.objects.filter(action="responsibility.threshold_changed").exists()


def test_filings_of_is_the_supervision_modules_question(world):
    filing = _file(world)
    u = world.users
    assert list(queries.filings_of(u.zu4, world.edu, on=D(2026, 10, 8))) == [filing]
    assert not queries.filings_of(u.zu4, world.edu, on=D(2026, 10, 9)).exists()
    assert not queries.filings_of(u.zu2, world.edu, on=D(2026, 10, 8)).exists()
    assert list(queries.filings_of(u.zu4, world.edu)) == [filing]


def test_the_group_is_reminded_before_the_meeting(world):
    filing = _file(world)
    assert reminders.send(D(2026, 10, 6)) >= 1
    (note,) = reminders.unread(world.users.zu4)
    assert note.subject == filing and "待回复" in note.title


def test_the_pages(world):
    lianluo = sign_in(Client(), world.users.lianluo)
    response = lianluo.post(
        "/responsibility/filings/new/",
        {
            "category": "decision",
            "title": "研究年度部门预算调整",
            "meeting_kind": "party_group",
            "meeting_on": "2020-01-01",
            "agenda": "议题",
        },
    )
    assert response.status_code == 200 and "会议日期不能早于报备日期" in response.content.decode()
    filing = _file(world)
    group = sign_in(Client(), world.users.zu4)
    page = group.get(f"/responsibility/filings/{filing.pk}/").content.decode()
    assert "回复报备（是否列席）" in page and "报送会议纪要" not in page
    assert "待回复的“三重一大”报备" in group.get("/").content.decode()
    form = group.get(f"/responsibility/filings/{filing.pk}/answer/").content.decode()
    assert "是否列席会议" in form and "研究市第一中学校长人选" in form
    response = group.post(
        f"/responsibility/filings/{filing.pk}/answer/",
        {"version": filing.version, "attend": "0", "opinion": "请严格执行干部选拔任用程序"},
    )
    assert response.status_code == 302
    assert "请严格执行干部选拔任用程序" in lianluo.get(f"/responsibility/filings/{filing.pk}/").content.decode()
    assert lianluo.get(f"/responsibility/filings/{filing.pk}/answer/").status_code == 404
    assert lianluo.get(f"/responsibility/filings/{filing.pk}/bogus/").status_code == 404
    assert sign_in(Client(), world.users.zu2).get(f"/responsibility/filings/{filing.pk}/").status_code == 404
    assert sign_in(Client(), world.users.anguan).get("/responsibility/filings/").status_code == 404
    assert group.get("/responsibility/filings/?late=1&unit=x").status_code == 400
