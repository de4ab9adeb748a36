"""集体排查 counts respect recusal: a recused reader's list counts only the clues they may see."""

import datetime
import re

import pytest
from django.test import Client
from freezegun import freeze_time

from paizhu.access.models import RelationDeclaration
from paizhu.access.services import declare_relation, recuse
from paizhu.clues import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time("2026-03-10 10:00:00+08:00", tick=True):
        yield


def _counts(user) -> list[str]:
    client = Client()
    client.force_login(user)
    response = client.get("/clues/screenings/")
    assert response.status_code == 200
    return re.findall(r'<td class="num">(\d+)</td></tr>', response.content.decode())


def test_the_screening_list_counts_only_the_clues_the_reader_may_see(world, make_clue):
    a, b, c = make_clue(), make_clue([world.edu_deputy]), make_clue([world.edu_head])
    services.record_screening(
        world.users.zu4,
        held_on=datetime.date(2026, 3, 9),
        chaired_by="王组长",
        attendees="王组长、张三、李四",
        items=[(a, "inquiry", ""), (b, "close", ""), (c, "close", "")],
    )
    member = world.users.zu4a
    assert _counts(member) == ["3"]
    recuse(member, b, "与被反映人系同学关系")
    declare_relation(member, RelationDeclaration.Kind.RELATIVE, person=world.edu_head)
    assert _counts(member) == ["1"]
    assert _counts(world.users.zu4) == ["3"]
