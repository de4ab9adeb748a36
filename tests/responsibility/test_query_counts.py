"""The responsibility pages in a fixed number of queries: measured, grown (more lists, items, signers), measured again."""

import datetime
from itertools import count

from django.test import Client

from paizhu.org.models import Person
from paizhu.responsibility.services import lists as services
from tests.fixtures import sign_in
from tests.query_counts import assert_no_growth

from .conftest import chain

_n = count(1)


def _grow_lists(world, unit_users, n=2):
    shown = []
    for _ in range(n):
        i = next(_n)
        person = Person.objects.create(
            name=f"班子成员{i}", unit=world.edu, post="党组成员、副局长", is_leadership_member=True
        )
        rlist = services.create_list(
            world.users.lianluo, unit=world.edu, year=2026, level="member", person=person, area=f"领域{i}"
        )
        for k in range(2):
            services.save_item(
                world.users.lianluo,
                rlist,
                version=None,
                kind="duty",
                task=f"任务{i}-{k}",
                due_on=datetime.date(2026, 12, 1),
            )
        rlist.refresh_from_db()
        services.start_signing(world.users.lianluo, rlist, version=rlist.version, signers=chain(unit_users))
        shown.append(person.name)
    return shown


def test_the_list_page(world, unit_users, member_list):
    for name in ("zu4", "lianluo"):
        client = sign_in(Client(), getattr(world.users, name))
        assert_no_growth(client, "/responsibility/", lambda: _grow_lists(world, unit_users))


def test_the_list_detail(world, unit_users, member_list):
    client = sign_in(Client(), world.users.zu4)

    def grow():
        for k in range(3):
            services.save_item(
                world.users.lianluo,
                member_list,
                version=None,
                kind="duty",
                task=f"新增任务{k}",
                due_on=datetime.date(2026, 12, 1),
            )
            services.save_item(world.users.lianluo, member_list, version=None, kind="trigger", task=f"问责情形{k}")
        member_list.refresh_from_db()
        services.start_signing(world.users.lianluo, member_list, version=member_list.version, signers=chain(unit_users))
        return ["新增任务2", "问责情形2", "孙丽娟"]

    assert_no_growth(client, f"/responsibility/{member_list.pk}/", grow)


def _grow_filings(world, n=3):
    from paizhu.responsibility.services import filings

    shown = []
    for _ in range(n):
        i = next(_n)
        filing = filings.file_matter(
            world.users.lianluo,
            unit=world.edu,
            category="decision",
            title=f"研究事项{i}",
            agenda="议题",
            meeting_kind="party_group",
            meeting_on=datetime.date(2026, 10, 8),
            on=datetime.date(2026, 9, 29),
        )
        filings.answer(world.users.zu4, filing, version=filing.version, attend=True, attendees="周正")
        shown.append(filing.serial)
    return shown


def test_the_filing_list(world):
    _grow_filings(world, 1)
    for name in ("zu4", "lianluo"):
        client = sign_in(Client(), getattr(world.users, name))
        assert_no_growth(client, "/responsibility/filings/", lambda: _grow_filings(world))


def test_the_filing_detail(world):
    from paizhu.responsibility.models import Filing

    (serial,) = _grow_filings(world, 1)
    filing = Filing.objects.get(serial=serial)
    client = sign_in(Client(), world.users.zu4)

    def grow():
        for k in range(3):
            filing.events.create(title=f"补充记录{k}", actor_name="周正")
        return ["补充记录2"]

    assert_no_growth(client, f"/responsibility/filings/{filing.pk}/", grow)


def test_the_log_and_an_entry(world, unit_users, member_list):
    from paizhu.responsibility.services import activities

    def grow():
        shown = []
        for _ in range(3):
            i = next(_n)
            activities.record_activity(
                world.users.lianluo,
                unit=world.edu,
                occurred_on=datetime.date(2026, 5, 1),
                kind="talk",
                title=f"约谈提醒{i}",
                content="提醒谈话",
                item=member_list.items.filter(kind="duty").first(),
            )
            shown.append(f"约谈提醒{i}")
        return shown

    for name in ("zu4", "lianluo"):
        assert_no_growth(sign_in(Client(), getattr(world.users, name)), "/responsibility/log/", grow)
    entry = activities.record_activity(
        world.users.lianluo,
        unit=world.edu,
        occurred_on=datetime.date(2026, 5, 2),
        kind="meeting",
        title="会议",
        content="内容",
    )
    client = sign_in(Client(), world.users.zu4)
    assert client.get(f"/responsibility/log/{entry.pk}/").status_code == 200


def test_the_reports_and_a_report(world):
    from paizhu.org.models import Coverage, Unit
    from paizhu.responsibility.services import reports

    report = reports.draft_report(world.users.lianluo, unit=world.edu, year=2026, period="h1")

    def grow():
        names = []
        for _ in range(3):
            i = next(_n)
            unit = Unit.objects.create(commission=world.city, name=f"测试市新设局{i}")
            Coverage.objects.create(group=world.g4, unit=unit, valid_from=world.start)
            names.append(unit.name)
        return names

    assert_no_growth(sign_in(Client(), world.users.zu4), "/responsibility/reports/", grow)
    assert sign_in(Client(), world.users.zu4).get(f"/responsibility/reports/{report.pk}/").status_code == 200


def _grow_appointments(world, n=3):
    from paizhu.responsibility.services import appointments

    shown = []
    for _ in range(n):
        i = next(_n)
        person = Person.objects.create(name=f"候选人{i}", unit=world.edu, post="科员")
        made = appointments.open_appointment(
            world.users.lianluo, unit=world.edu, candidate=person, proposed_post=f"第{i}科副科长"
        )
        for step in (1, 3):  # 民主推荐 skipped: flagged
            made.refresh_from_db()
            made = appointments.record_step(
                world.users.lianluo,
                made,
                version=made.version,
                step=step,
                done_on=datetime.date(2026, 3, step),
                note="情况",
            )
        appointments.request_opinion(world.users.lianluo, made, version=made.version, request="请回复。")
        shown.append(made.serial)
    return shown


def test_the_appointments_and_an_appointment(world):
    _grow_appointments(world, 1)
    for name in ("zu4", "lianluo"):
        assert_no_growth(
            sign_in(Client(), getattr(world.users, name)),
            "/responsibility/appointments/",
            lambda: _grow_appointments(world),
        )
    from paizhu.responsibility.models import Appointment

    appointment = Appointment.objects.first()
    client = sign_in(Client(), world.users.zu4)

    def grow():
        for k in range(3):
            appointment.events.create(title=f"补充记录{k}", actor_name="周正")
        return ["补充记录2"]

    assert_no_growth(client, f"/responsibility/appointments/{appointment.pk}/", grow)


def test_the_risk_register_map_and_a_point(world):
    from paizhu.core.calendar import shanghai_today
    from paizhu.org.models import Coverage, Unit
    from paizhu.responsibility.models import RiskPoint
    from paizhu.responsibility.services import risks

    def add_points():
        shown = []
        for _ in range(3):
            i = next(_n)
            point = risks.add_risk(
                world.users.lianluo,
                unit=world.edu,
                data=risks.RiskInput(
                    department=f"科室{i}",
                    post=f"岗位{i}",
                    power_item=f"权力事项{i}",
                    category="post",
                    level="medium",
                    manifestation="表现",
                    measures="措施",
                    owner=world.edu_clerk,
                    leader=world.edu_deputy,
                    review_on=shanghai_today() + datetime.timedelta(days=30),
                ),
            )
            shown += [point.power_item, point.department]
        return shown

    def add_units():
        names = []
        for _ in range(3):
            unit = Unit.objects.create(commission=world.city, name=f"测试市新设局{next(_n)}")
            Coverage.objects.create(group=world.g4, unit=unit, valid_from=world.start)
            names.append(unit.name)
        add_points()
        return names

    add_points()
    client = sign_in(Client(), world.users.zu4)
    assert_no_growth(client, "/responsibility/risks/", add_points)
    assert_no_growth(client, "/responsibility/risks/map/", add_units)
    assert_no_growth(client, f"/responsibility/risks/map/?unit={world.edu.pk}", lambda: add_points()[1::2])
    point = RiskPoint.objects.first()

    def more_events():
        for k in range(3):
            point.events.create(title=f"复核记录{k}", actor_name="钱志远")
        return ["复核记录2"]

    assert_no_growth(client, f"/responsibility/risks/{point.pk}/", more_events)
