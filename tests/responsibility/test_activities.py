import datetime

import pytest
from django.test import Client

from paizhu import access
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.responsibility.models import Activity
from paizhu.responsibility.services import activities as services
from paizhu.workflow import attachments
from paizhu.workflow.attachments import Upload
from tests.fixtures import sign_in

RECORD = Upload("签到表.jpg", b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00" + bytes(range(256)) * 8 + b"\xff\xd9")


def _record(world, user=None, **overrides):
    fields = {
        "unit": world.edu,
        "occurred_on": datetime.date(2026, 6, 20),
        "kind": "meeting",
        "title": "党组会议专题研究党风廉政建设工作",
        "content": "传达学习上级全面从严治党工作会议精神，研究部署本单位年度党风廉政建设任务。",
        "participants": "党组全体成员",
    }
    return services.record_activity(user or world.users.lianluo, **(fields | overrides))


def test_the_unit_keeps_a_log_the_group_reads_and_no_one_else_sees(world, unit_users, member_list):
    item = member_list.items.get(kind="duty")
    activity = _record(world, item=item, uploads=[RECORD])
    assert [a.label for a in attachments.of(activity)] == ["记实材料"]
    u = world.users
    seen = {name for name in vars(u) if access.scope(getattr(u, name), Activity).filter(pk=activity.pk).exists()}
    assert seen == {"wei", "guanli", "zu4", "zu4a", "shuji", "lianluo"}
    assert not access.scope(unit_users.water_liaison, Activity).exists()
    assert not access.scope(u.zu4, Activity, "act").exists()
    with pytest.raises(PermissionDenied):
        _record(world, user=u.zu4)
    page = sign_in(Client(), u.zu4).get(f"/responsibility/log/{activity.pk}/").content.decode()
    assert "传达学习上级全面从严治党工作会议精神" in page and item.task in page
    assert sign_in(Client(), u.zu2).get(f"/responsibility/log/{activity.pk}/").status_code == 404
    assert sign_in(Client(), unit_users.water_liaison).get("/responsibility/log/").status_code == 200
    assert (
        "党组会议专题研究"
        not in sign_in(Client(), unit_users.water_liaison).get("/responsibility/log/").content.decode()
    )


def test_bad_input_is_refused_at_the_field(world, member_list):
    for overrides, field in (
        ({"occurred_on": datetime.date(2099, 1, 1)}, "occurred_on"),
        ({"title": " "}, "title"),
        ({"kind": "party"}, "kind"),
        ({"occurred_on": datetime.date(2025, 6, 1), "item": member_list.items.first()}, "item"),
    ):
        with pytest.raises(DomainError) as exc:
            _record(world, **overrides)
        assert exc.value.field == field
    assert not Activity.objects.exists()
    client = sign_in(Client(), world.users.lianluo)
    assert client.get("/responsibility/log/?from=2026-06-01&to=2026-01-01").status_code == 400
    response = client.post(
        "/responsibility/log/new/", {"occurred_on": "2099-01-01", "kind": "meeting", "title": "x", "content": "y"}
    )
    assert "日期不能晚于今天" in response.content.decode()
