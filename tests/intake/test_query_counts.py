"""Every page of 信访举报 (list, detail, due, forwarding, identity requests) in a fixed number of
queries: measured, grown (more reports, more staff, more timeline), measured again."""

import datetime
from itertools import count

import pytest
from django.test import Client
from django.urls import reverse

from paizhu.intake import services
from paizhu.intake.models import Report, ReportedName
from paizhu.org.models import Person
from tests.fixtures import sign_in
from tests.query_counts import add_member, add_report, assert_no_growth

from .conftest import real_name_identity

_n = count(1)


def _client(world, name):
    return sign_in(Client(), getattr(world.users, name))


def _reports(world, n=3, **kwargs):
    """Real-name reports routed to the 4th group, each handled by a new member (deadlines owed)."""
    return [
        add_report(world, handler=add_member(world), identity=real_name_identity(), **kwargs).serial for _ in range(n)
    ]


@pytest.mark.parametrize("name", ["xinfang", "wei", "zu4"])
def test_the_report_list(world, name):
    _reports(world, 1)
    most = {"wei": 16, "xinfang": 15, "zu4": 20}[name]  # as measured, badges included; lower it, never raise it
    assert_no_growth(_client(world, name), reverse("intake:list"), lambda: _reports(world), most=most)


@pytest.mark.parametrize("name", ["xinfang", "wei", "zu4"])
def test_the_due_page(world, name):
    _reports(world, 1)
    assert_no_growth(_client(world, name), reverse("intake:due"), lambda: _reports(world))


@pytest.mark.parametrize("name", ["zu4", "xinfang", "wei"])
def test_the_report_detail(world, name):
    report = add_report(world, handler=world.users.zu4a, identity=real_name_identity())
    url = reverse("intake:detail", args=[report.pk])

    def grow():
        """New staff, each named handler in turn (timeline, handler choices), reporter's messages,
        reports about the same people, identity requests and readers (history)."""
        names = []
        for i in range(3):
            member = add_member(world)
            fresh = Report.objects.get(pk=report.pk)
            services.assign_handler(world.users.zu4, fresh, member)
            services.message_from_reporter(fresh, f"补充材料第{i}份。")
            # A typed name with a roster cadre it may be (a match for 信访室 to confirm).
            cadre = Person.objects.create(name=f"钱{next(_n)}", unit=world.fin, post="科长", rank=Person.Rank.STAFF)
            ReportedName.objects.create(report=fresh, name=cadre.name, unit=world.fin, post="科长")
            names += [str(member), add_report(world).serial, cadre.name]
            _client(world, "wei").get(url)
        return names

    grow()
    assert_no_growth(_client(world, name), url, grow)


def test_the_forwarding_records(world):
    def grow():
        rows = [
            services.record_forwarding(
                world.users.xinfang,
                received_on=datetime.date(2026, 3, 3),
                reason="higher_managed",
                forwarded_to=f"省纪委监委（第{i}件）",
            )
            for i in range(3)
        ]
        return [r.forwarded_to for r in rows]

    grow()
    assert_no_growth(_client(world, "xinfang"), reverse("intake:forwarding"), grow)


def test_the_identity_requests(world):
    def grow():
        shown = []
        for _ in range(3):
            report = add_report(world, handler=world.users.zu4a, identity=real_name_identity())
            asker = add_member(world)  # group staff other than the handler ask; a 委领导 decides
            services.request_identity(asker, report, "核实举报人身份以便约谈")
            shown += [report.serial, str(asker)]
        return shown

    grow()
    assert_no_growth(_client(world, "wei"), reverse("intake:identity_requests"), grow)


def test_the_reporters_messages(world):
    """Shown to the handler in answer to a POST (second factor, audited): more messages, same queries."""
    report = add_report(world, handler=world.users.zu4a, identity=real_name_identity())
    n = iter(range(1, 100))

    def grow():
        bodies = [f"补充材料第{next(n)}份。" for _ in range(3)]
        for body in bodies:
            services.message_from_reporter(Report.objects.get(pk=report.pk), body)
        return bodies

    grow()
    url = reverse("intake:messages", args=[report.pk])
    assert_no_growth(_client(world, "zu4a"), url, grow, method="post")
