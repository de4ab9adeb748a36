import datetime

import pytest
from freezegun import freeze_time

from paizhu.core.roles import Role
from paizhu.supervision import services
from paizhu.supervision.models import Kind
from tests.fixtures import make_user

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    # Page tests log in with force_login; the second factor has its own tests in tests/accounts.
    settings.OTP_REQUIRED = False


@pytest.fixture
def frozen():
    with freeze_time("2026-11-20 10:00:00+08:00"):
        yield


@pytest.fixture
def zu4b(world):
    """A second 组员 of the 4th group."""
    return make_user("zu4b", Role.GROUP_MEMBER, world.g4, full_name="孙立新")


def meeting_input(world, **changes):
    values = {
        "held_on": datetime.date(2026, 11, 12),
        "units": [world.edu],
        "persons": [world.edu_head],
        "place": "教育局三楼会议室",
        "meeting": "局党组会议（2026年第21次）",
        "major_items": "研究市第一中学教学楼改造项目（预算1860万元）\n研究2名科级干部任免",
        "last_word": "no",
        "opinion": "建议严格执行“三重一大”事项报备制度，会前将议题报派驻组。",
        "content": "会议研究了教学楼改造项目等4个议题，局长王建国首先发表意见定调，其余班子成员随后表态。",
        "findings": ["教学楼改造项目（1860万元）未按规定提前向派驻组报备即提交党组会研究"],
    }
    values.update(changes)
    return services.ActivityInput(**values)


@pytest.fixture
def meeting(world, frozen):
    return services.record_activity(world.users.zu4a, Kind.MEETING, meeting_input(world))
