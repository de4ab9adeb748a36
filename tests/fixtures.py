"""A small city for tests: two groups, three units, cadres, and one user per role.

`world` is function-scoped and cheap; tests that need the full demo city call `paizhu demo` themselves.
"""

import datetime
import time
from types import SimpleNamespace

import pytest

PASSWORD = "paizhu-test-2026"  # noqa: S105


def make_user(username: str, role: str | None = None, scope=None, *, person=None, full_name=None):
    from paizhu.accounts.models import User
    from paizhu.accounts.services import bootstrap_grant

    user = User.objects.create_user(
        username=username, password=PASSWORD, full_name=full_name or username, person=person
    )
    if role:
        bootstrap_grant(user, role, scope)
    return user


@pytest.fixture
def world(db):
    from paizhu.core.roles import Role
    from paizhu.org.models import Commission, Coverage, DispatchedStaff, DispatchGroup, Person, Unit

    city = Commission.objects.create(name="测试市纪委监委", level=Commission.Level.CITY)
    g4 = DispatchGroup.objects.create(
        commission=city, name="测试市纪委监委第四派驻纪检监察组", short_name="第四纪检监察组", ordinal=4
    )
    g2 = DispatchGroup.objects.create(
        commission=city, name="测试市纪委监委第二派驻纪检监察组", short_name="第二纪检监察组", ordinal=2
    )
    edu = Unit.objects.create(commission=city, name="测试市教育局")
    fin = Unit.objects.create(commission=city, name="测试市财政局")
    water = Unit.objects.create(commission=city, name="测试市水利局")
    start = datetime.date(2024, 1, 1)
    Coverage.objects.create(group=g4, unit=edu, valid_from=start)
    Coverage.objects.create(group=g4, unit=fin, valid_from=start)
    Coverage.objects.create(group=g2, unit=water, valid_from=start)
    edu_head = Person.objects.create(
        name="王建国",
        unit=edu,
        post="局长",
        rank=Person.Rank.DIVISION_CHIEF,
        is_leadership_member=True,
        is_main_leader=True,
        management_level=Person.ManagementLevel.SAME_LEVEL_COMMITTEE,
    )
    edu_deputy = Person.objects.create(
        name="李红梅",
        unit=edu,
        post="副局长",
        rank=Person.Rank.DIVISION_DEPUTY,
        is_leadership_member=True,
        management_level=Person.ManagementLevel.SAME_LEVEL_COMMITTEE,
    )
    edu_clerk = Person.objects.create(name="赵小军", unit=edu, post="科员", rank=Person.Rank.STAFF)
    water_head = Person.objects.create(
        name="陈志强",
        unit=water,
        post="局长",
        rank=Person.Rank.DIVISION_CHIEF,
        is_leadership_member=True,
        is_main_leader=True,
    )
    zu4_person = Person.objects.create(name="周正", unit=None, post="组长", rank=Person.Rank.DIVISION_CHIEF)
    DispatchedStaff.objects.create(person=zu4_person, group=g4, role=DispatchedStaff.Role.LEADER, valid_from=start)
    users = SimpleNamespace(
        wei=make_user("wei", Role.COMMISSION_LEADER, city),
        guanli=make_user("guanli", Role.DISPATCH_MANAGEMENT, city),
        xinfang=make_user("xinfang", Role.PETITION_OFFICE, city),
        anguan=make_user("anguan", Role.CASE_MANAGEMENT, city),
        shenli=make_user("shenli", Role.CASE_REVIEW, city),
        zu4=make_user("zu4", Role.GROUP_LEADER, g4, person=zu4_person),
        zu4a=make_user("zu4a", Role.GROUP_MEMBER, g4),
        zu2=make_user("zu2", Role.GROUP_LEADER, g2),
        shuji=make_user("shuji", Role.PARTY_SECRETARY, edu, person=edu_head),
        lianluo=make_user("lianluo", Role.LIAISON, edu),
        sysadmin=make_user("sysadmin", Role.SYSTEM_ADMIN),
        secadmin=make_user("secadmin", Role.SECURITY_ADMIN),
        auditor=make_user("auditor", Role.SECURITY_AUDITOR),
    )
    return SimpleNamespace(
        city=city,
        g4=g4,
        g2=g2,
        edu=edu,
        fin=fin,
        water=water,
        edu_head=edu_head,
        edu_deputy=edu_deputy,
        edu_clerk=edu_clerk,
        water_head=water_head,
        zu4_person=zu4_person,
        users=users,
        start=start,
    )


def sign_in(client, user):
    """Log `user` in with a verified second factor, as after a real TOTP login."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from paizhu.accounts.stepup import OTP_AT_SESSION_KEY

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="测试", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[OTP_AT_SESSION_KEY] = time.time()
    session.save()
    return client
