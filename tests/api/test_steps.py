"""Workflow steps over the API: the page's form and the same service, the same refusals, the same audit."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from paizhu.accounts import tokens
from paizhu.audit.models import AuditEntry
from paizhu.core.calendar import shanghai_today
from paizhu.rectification.models import Item
from paizhu.supervision.models import Activity
from tests.access.conftest import _demand
from tests.samples import PDF


def _client(world, username):
    text = tokens.create_token(world.users.secadmin, getattr(world.users, username), days=1, note="对接")[1]
    return Client(headers={"Authorization": f"Bearer {text}"})


def test_the_unit_answers_an_item_over_the_api(world):
    item = _demand(world).items.get()
    lianluo = _client(world, "lianluo")
    url = f"/api/v1/rectification/items/{item.pk}/answer"
    missing = lianluo.post(url, {"version": item.version, "progress": "", "responsible": "王建国"})
    assert missing.status_code == 400 and missing.json()["code"] == "bad_request"
    assert "整改情况" in missing.json()["detail"]
    no_evidence = lianluo.post(url, {"version": item.version, "progress": "已建立报备制度。", "responsible": "王建国"})
    assert no_evidence.status_code == 400 and "佐证材料" in no_evidence.json()["detail"]  # the service's own refusal
    upload = SimpleUploadedFile("会议纪要.pdf", PDF, content_type="application/pdf")
    stale = lianluo.post(
        url, {"version": item.version + 5, "progress": "已建立。", "responsible": "王建国", "uploads": upload}
    )
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    upload = SimpleUploadedFile("会议纪要.pdf", PDF, content_type="application/pdf")
    response = lianluo.post(
        url, {"version": item.version, "progress": "已建立会前报备制度。", "responsible": "王建国", "uploads": upload}
    )
    assert response.status_code == 200, response.content.decode()
    assert response.json()["status"] == "answered" and response.json()["progress"] == "已建立会前报备制度。"
    item.refresh_from_db()
    assert item.status == "answered"
    entry = AuditEntry.objects.filter(action="item.answered").latest("seq")
    assert entry.actor == world.users.lianluo and entry.object_id == str(item.pk)


def test_who_may_not_answer_finds_no_step(world):
    item = _demand(world).items.get()
    for username in ("zu2", "zu4a", "wei"):  # another group; the group itself; the commission's leader
        response = _client(world, username).post(
            f"/api/v1/rectification/items/{item.pk}/answer", {"version": item.version, "progress": "x"}
        )
        assert response.status_code == 404, (username, response.content)
    assert Item.objects.get(pk=item.pk).status == item.status


def test_a_group_member_records_a_talk_over_the_api(world):
    zu4a = _client(world, "zu4a")
    url = "/api/v1/supervision/record/individual_talk"
    fields = {
        "held_on": "2026-03-02",
        "units": [world.edu.pk],
        "persons": [world.edu_clerk.pk],
        "topic": "食堂采购询价",
        "content": "与赵小军个别谈话，了解食堂采购询价情况。",
        "findings": "食堂大宗食材未按规定询价比价",
    }
    future = zu4a.post(url, {**fields, "held_on": (shanghai_today() + datetime.timedelta(days=30)).isoformat()})
    assert future.status_code == 400 and future.json()["code"] == "bad_request"
    nobody = zu4a.post(url, {**fields, "persons": []})
    assert nobody.status_code == 400 and "谈话对象" in nobody.json()["detail"]
    response = zu4a.post(url, fields)
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    activity = Activity.objects.get(pk=body["id"])
    assert activity.author == world.users.zu4a and activity.group == world.g4
    assert [f["text"] for f in body["findings"]] == ["食堂大宗食材未按规定询价比价"]
    assert AuditEntry.objects.filter(action="supervision.recorded", object_id=str(activity.pk)).exists()


def test_only_a_group_s_staff_record(world):
    for username in ("lianluo", "wei", "anguan"):
        response = _client(world, username).post(
            "/api/v1/supervision/record/individual_talk",
            {"held_on": "2026-03-02", "units": [world.edu.pk], "content": "x"},
        )
        assert response.status_code == 404, (username, response.content)
    assert not Activity.objects.exists()


def test_a_clue_step_over_the_api_is_the_page_s_step(world, matters):
    from paizhu.clues.models import Clue

    pk = matters["clue"][0]
    clue = Clue.objects.get(pk=pk)
    url = f"/api/v1/clues/{pk}/handlers"
    zu4 = _client(world, "zu4")
    empty = zu4.post(url, {"version": clue.version})
    assert empty.status_code == 400 and "承办人" in empty.json()["detail"]
    assert empty.json()["errors"][0]["loc"] == ["form", "handlers"]
    stale = zu4.post(url, {"version": clue.version + 3, "handlers": [world.users.zu4a.pk, world.users.zu4.pk]})
    assert stale.status_code == 409
    # The member has no such button: refused in the page's words; another group does not find the clue.
    member = _client(world, "zu4a").post(url, {"version": clue.version, "handlers": [world.users.zu4a.pk]})
    assert member.status_code == 400 and "不能办理此事项" in member.json()["detail"]
    assert (
        _client(world, "zu2").post(url, {"version": clue.version, "handlers": [world.users.zu4a.pk]}).status_code == 404
    )
    response = zu4.post(url, {"version": clue.version, "handlers": [world.users.zu4a.pk, world.users.zu4.pk]})
    assert response.status_code == 200, response.content.decode()
    assert response.json()["version"] == clue.version + 1
    assert set(Clue.objects.get(pk=pk).handlers.values_list("username", flat=True)) == {"zu4a", "zu4"}
    entry = AuditEntry.objects.filter(action="clue.handlers_assigned").latest("seq")
    assert entry.actor == world.users.zu4 and entry.object_id == str(pk)
