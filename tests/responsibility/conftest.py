"""A 教育局 with the users its signature chain needs, and a list with items ready to sign."""

import datetime
from types import SimpleNamespace

import pytest

from tests.fixtures import make_user


@pytest.fixture
def unit_users(world):
    """The unit's own accounts besides 党组书记 (shuji) and 联络员 (lianluo): the signers of the chain."""
    from paizhu.core.roles import Role
    from paizhu.org.models import Person

    head = Person.objects.create(name="孙丽娟", unit=world.edu, post="基础教育科科长", rank=Person.Rank.SECTION_CHIEF)
    clerk = Person.objects.create(name="钱志远", unit=world.edu, post="基础教育科科员", rank=Person.Rank.STAFF)
    water_liaison = make_user("water_liaison", Role.LIAISON, world.water, full_name="吴海燕")
    return SimpleNamespace(
        chengban=make_user("chengban", Role.LIAISON, world.edu, person=clerk, full_name=clerk.name),
        kezhang=make_user("kezhang", Role.LIAISON, world.edu, person=head, full_name=head.name),
        fenguan=make_user("fenguan", Role.LIAISON, world.edu, person=world.edu_deputy, full_name=world.edu_deputy.name),
        shuji=world.users.shuji,
        water_liaison=water_liaison,
    )


@pytest.fixture
def member_list(world, unit_users):
    """李红梅's 一岗双责 list for 2026 with one duty and one trigger, still a draft."""
    from paizhu.responsibility.services import lists as services

    u = world.users
    rlist = services.create_list(
        u.lianluo, unit=world.edu, year=2026, level="member", person=world.edu_deputy, area="基础教育、教育督导"
    )
    services.save_item(
        u.lianluo,
        rlist,
        version=None,
        kind="duty",
        task="每半年听取分管科室党风廉政建设情况汇报",
        measures="6月、12月各召开一次专题会议",
        due_on=datetime.date(2026, 12, 20),
        evidence="会议纪要",
    )
    services.save_item(u.lianluo, rlist, version=None, kind="trigger", task="对分管领域发生的违纪问题失察失管")
    rlist.refresh_from_db()
    return rlist


def chain(unit_users):
    return {1: unit_users.chengban, 2: unit_users.kezhang, 3: unit_users.fenguan, 4: unit_users.shuji}
