"""The pages: the group drafts, verifies and closes; the unit answers, plans and signs; each page only for whom
it is for, a wrong parameter a 400, a refused step shown at its field."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from paizhu.rectification.models import Demand, Item
from tests.fixtures import sign_in
from tests.samples import PDF

from .conftest import ITEMS

pytestmark = pytest.mark.django_db


def _client(world, name):
    return sign_in(Client(), getattr(world.users, name))


def test_the_group_drafts_a_demand_on_its_form(world, frozen):
    client = _client(world, "zu4a")
    assert client.get("/rectification/new/").status_code == 200
    response = client.post(
        "/rectification/new/",
        {
            "kind": "discipline",
            "unit": world.edu.pk,
            "problems": "“三重一大”事项未按规定报备。",
            "items": "\n".join(ITEMS),
            "reply_workdays": "10",
        },
    )
    demand = Demand.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rectification/{demand.pk}/"
    assert demand.items.count() == 3
    page = client.get(f"/rectification/{demand.pk}/").content.decode()
    assert "报批" in page and demand.serial in page and "草稿" in page


def test_each_item_may_have_its_own_deadline_on_the_draft_form(world, frozen):
    client = _client(world, "zu4a")
    data = {
        "kind": "discipline",
        "unit": world.edu.pk,
        "problems": "“三重一大”事项未按规定报备。",
        "reply_workdays": "30",
    }
    lines = f"{ITEMS[0]}｜2026-12-31\n{ITEMS[1]} | 20个工作日\n{ITEMS[2]}"
    assert client.post("/rectification/new/", {**data, "items": lines}).status_code == 302
    demand = Demand.objects.get()
    rows = [(i.requirement, i.due_on, i.due_workdays) for i in demand.items.order_by("number")]
    assert rows == [
        (ITEMS[0], datetime.date(2026, 12, 31), None),
        (ITEMS[1], None, 20),
        (ITEMS[2], None, None),  # the demand's reply deadline
    ]
    edit = client.get(f"/rectification/{demand.pk}/edit/").content.decode()
    assert f"{ITEMS[0]}｜2026-12-31" in edit and f"{ITEMS[1]}｜20个工作日" in edit
    response = client.post("/rectification/new/", {**data, "items": f"{ITEMS[0]}｜年底前"})
    assert response.status_code == 200 and Demand.objects.count() == 1
    assert "第1项的期限“年底前”无法识别" in response.content.decode()


def test_a_date_before_today_is_refused_at_its_field(world, frozen):
    client = _client(world, "zu4a")
    response = client.post(
        "/rectification/new/",
        {"kind": "notice", "unit": world.edu.pk, "problems": "x", "items": "y", "reply_due": "2026-09-01"},
    )
    assert response.status_code == 200
    assert "答复期限不能早于今天" in response.content.decode()
    assert not Demand.objects.exists()


def test_malformed_parameters_are_400(world):
    client = _client(world, "zu4")
    assert client.get("/rectification/?status=nonsense").status_code == 400
    assert client.get("/rectification/?unit=abc").status_code == 400
    assert client.get("/rectification/new/?case=-1").status_code == 400


def test_the_unit_answers_signs_and_the_group_verifies_through_the_pages(world, make_demand):
    demand = make_demand(items=ITEMS[:1])
    item = demand.items.get()
    lianluo = _client(world, "lianluo")
    home = lianluo.get("/rectification/unit/").content.decode()
    assert demand.serial in home and "待整改" in home
    upload = SimpleUploadedFile("会议纪要.pdf", PDF, content_type="application/pdf")
    response = lianluo.post(
        f"/rectification/items/{item.pk}/answer/",
        {"version": item.version, "progress": "已建立会前报备制度。", "responsible": "王建国", "uploads": upload},
    )
    assert response.status_code == 302, response.content.decode()
    # The liaison may not sign: the step is not theirs.
    assert lianluo.get(f"/rectification/{demand.pk}/report/").status_code == 404
    shuji = _client(world, "shuji")
    demand.refresh_from_db()
    response = shuji.post(
        f"/rectification/{demand.pk}/report/",
        {"version": demand.version, "summary": "党组专题研究整改。", "signed": "on"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "submitted"
    zu4a = _client(world, "zu4a")
    response = zu4a.post(
        f"/rectification/items/{item.pk}/verify/", {"version": item.version, "accept": "0", "reason": ""}
    )
    assert "退回时请写明理由" in response.content.decode()
    zu4a.post(
        f"/rectification/items/{item.pk}/verify/",
        {"version": item.version, "accept": "0", "reason": "制度未经党组会议审议。"},
    )
    item.refresh_from_db()
    assert item.status == "returned"
    assert "制度未经党组会议审议" in lianluo.get("/").content.decode()  # on the unit's to-do list, with the reason


def test_unit_users_reach_nothing_but_their_rectification(world, make_demand):
    draft = make_demand(issue=False)
    other = make_demand(unit=world.fin)
    for name in ("shuji", "lianluo"):
        client = _client(world, name)
        own = client.get("/rectification/").content.decode()
        assert "本单位整改" in own and draft.serial not in own and other.serial not in own
        for url in (
            f"/rectification/{draft.pk}/",
            f"/rectification/{other.pk}/",
            f"/rectification/items/{other.items.first().pk}/",
            "/rectification/new/",
            "/rectification/cases/",
            "/clues/",
            "/intake/",
            "/clues/cases/",
        ):
            response = client.get(url)
            assert response.status_code == 404, (name, url, response.status_code)
        home = client.get("/").content.decode()
        for word in ("问题线索", "信访举报", "案件", "日常监督"):
            assert word not in home, (name, word)
        assert "本单位整改" in home


def test_another_group_sees_nothing(world, make_demand):
    demand = make_demand()
    client = _client(world, "zu2")
    assert demand.serial not in client.get("/rectification/").content.decode()
    assert client.get(f"/rectification/{demand.pk}/").status_code == 404
    assert client.get(f"/rectification/items/{demand.items.first().pk}/").status_code == 404
    assert client.get(f"/rectification/items/{demand.items.first().pk}/verify/").status_code == 404


def test_the_commission_sees_units_with_overdue_items_and_presses(world, make_demand, frozen):
    demand = make_demand(items=ITEMS[:2])
    frozen.move_to("2026-10-20 10:00:00+08:00")
    client = _client(world, "guanli")
    page = client.get("/rectification/").content.decode()
    assert "各单位未销号事项" in page and "测试市教育局" in page
    response = client.post(
        f"/rectification/{demand.pk}/press/", {"item": "", "note": "两项均已逾期，请于10月23日前报送整改情况。"}
    )
    assert response.status_code == 302
    assert "两项均已逾期" in _client(world, "lianluo").get("/rectification/unit/").content.decode()
    assert Item.objects.filter(demand=demand).count() == 2
    assert datetime.date(2026, 10, 12) == demand.items.first().due_on
