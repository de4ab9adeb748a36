"""The log's pages: lists and filters, the kind's form, the record, the unit's year, and what others get."""

import pytest
from django.test import Client

from paizhu.audit.models import AuditEntry
from paizhu.supervision.models import Activity
from tests.fixtures import sign_in
from tests.samples import PNG

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _client(user):
    return sign_in(Client(), user)


def test_the_list_shows_the_groups_records_with_filters_sorting_and_an_audit_entry(meeting, world):
    client = _client(world.users.zu4)
    page = client.get("/supervision/").content.decode()
    assert meeting.serial in page and "局党组会议（2026年第21次）" in page and "1 个" in page
    assert client.get("/supervision/?kind=documents").content.decode().count(meeting.serial) == 0
    assert (
        meeting.serial
        in client.get(f"/supervision/?unit={world.edu.pk}&kind=meeting&findings=pending").content.decode()
    )
    assert meeting.serial not in client.get(f"/supervision/?unit={world.fin.pk}").content.decode()
    assert meeting.serial in client.get(f"/supervision/?person={world.edu_head.pk}").content.decode()
    assert meeting.serial not in client.get("/supervision/?from=2026-11-13").content.decode()
    assert meeting.serial in client.get("/supervision/?from=2026-11-01&to=2026-11-12&sort=serial").content.decode()
    entry = AuditEntry.objects.filter(action="supervision.listed").order_by("pk").last()
    assert entry.details["filters"] == {"from": "2026-11-01", "to": "2026-11-12"}


@pytest.mark.parametrize(
    "query",
    ["kind=party", "unit=abc", "from=2026-13-01", "from=2026-11-10&to=2026-11-01", "sort=content", "findings=x"],
)
def test_a_malformed_filter_is_a_400(meeting, world, query):
    assert _client(world.users.zu4).get(f"/supervision/?{query}").status_code == 400


def test_unit_users_find_no_section_no_record_and_no_count(meeting, world):
    for name in ("lianluo", "shuji"):
        client = _client(getattr(world.users, name))
        for url in (
            "/supervision/",
            f"/supervision/{meeting.pk}/",
            "/supervision/new/",
            f"/supervision/units/{world.edu.pk}/",
        ):
            assert client.get(url).status_code == 404, (name, url)
        home = client.get("/").content.decode()
        assert "日常监督" not in home and "问题发现" not in home and meeting.serial not in home


def test_another_group_sees_no_record(meeting, world):
    client = _client(world.users.zu2)
    assert meeting.serial not in client.get("/supervision/").content.decode()
    assert client.get(f"/supervision/{meeting.pk}/").status_code == 404


def test_a_member_records_a_meeting_with_a_photo_and_lands_on_the_record(world, zu4b):
    client = _client(world.users.zu4a)
    form = client.get("/supervision/new/meeting/").content.decode()
    assert 'capture="environment"' in form and 'accept="image/*"' in form and "主要负责人末位表态" in form
    assert "调阅资料名称" not in form
    data = {
        "held_on": "2026-11-18",
        "units": [world.edu.pk],
        "participants": [zu4b.pk],
        "persons": [world.edu_head.pk],
        "place": "教育局会议室",
        "meeting": "局党组会议（2026年第22次）",
        "major_items": "研究2027年度部门预算安排",
        "last_word": "yes",
        "content": "会议研究预算安排，局长末位表态。",
        "findings": "预算安排未经班子充分讨论\n\n会议纪要未及时印发",
    }
    with open("/dev/null", "rb"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        data["photos"] = [SimpleUploadedFile("IMG_1.png", PNG, content_type="image/png")]
    response = client.post("/supervision/new/meeting/", data)
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/{activity.pk}/?saved=meeting"
    assert activity.findings.count() == 2 and set(activity.participants.all()) == {world.users.zu4a, zu4b}
    page = client.get(response["Location"]).content.decode()
    assert f'data-draft-clear="supervision:new:meeting:{world.users.zu4a.pk}"' in page
    assert "现场照片" in page and "预算安排未经班子充分讨论" in page
    # The next record starts with the same unit and colleague.
    again = client.get("/supervision/new/briefing/").content.decode()
    assert f'value="{zu4b.pk}" id="id_participants_0" checked' in again or (
        f'value="{zu4b.pk}"' in again and "checked" in again
    )


def test_a_future_date_is_refused_at_the_field(world):
    client = _client(world.users.zu4a)
    data = {"held_on": "2026-11-21", "units": [world.edu.pk], "topic": "汇报", "content": "听取汇报"}
    page = client.post("/supervision/new/briefing/", data).content.decode()
    assert "日期不能晚于今天" in page and not Activity.objects.exists()


def test_the_leader_disposes_from_the_record_page_and_the_member_does_not(meeting, world):
    finding = meeting.findings.get()
    leader_page = _client(world.users.zu4).get(f"/supervision/{meeting.pk}/").content.decode()
    assert f"/supervision/findings/{finding.pk}/clue/" in leader_page
    member = _client(world.users.zu4a)
    assert f"/supervision/findings/{finding.pk}/clue/" not in member.get(f"/supervision/{meeting.pk}/").content.decode()
    assert member.get(f"/supervision/findings/{finding.pk}/clue/").status_code in (403, 404)
    response = _client(world.users.zu4).post(
        f"/supervision/findings/{finding.pk}/drop/", {"version": 1, "reason": "已当场纠正"}
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "dropped"


def test_the_author_edits_and_others_find_no_edit_page(meeting, world):
    assert _client(world.users.zu4).get(f"/supervision/{meeting.pk}/edit/").status_code == 404
    client = _client(world.users.zu4a)
    assert client.get(f"/supervision/{meeting.pk}/edit/").status_code == 200
    data = {
        "version": 1,
        "held_on": "2026-11-12",
        "units": [world.edu.pk],
        "persons": [world.edu_head.pk],
        "place": "教育局五楼会议室",
        "meeting": meeting.meeting,
        "major_items": meeting.major_items,
        "last_word": "no",
        "opinion": meeting.opinion,
        "content": meeting.content,
    }
    assert client.post(f"/supervision/{meeting.pk}/edit/", data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.place, meeting.version) == ("教育局五楼会议室", 2)
    stale = client.post(f"/supervision/{meeting.pk}/edit/", {**data, "place": "别处"}).content.decode()
    assert "别处" not in Activity.objects.get().place and ("已被他人修改" in stale or "刷新" in stale)


def test_the_units_year_lists_what_the_group_did_there(meeting, world):
    page = _client(world.users.zu4a).get(f"/supervision/units/{world.edu.pk}/?year=2026").content.decode()
    assert "2026年在测试市教育局共开展日常监督 <strong>1</strong> 次（列席会议 1 次）" in page
    assert "11月" in page and meeting.serial not in page  # the headline links, the serial is on the record
    assert _client(world.users.zu4a).get(f"/supervision/units/{world.edu.pk}/?year=2027").status_code == 400
    assert _client(world.users.zu4a).get(f"/supervision/units/{world.water.pk}/").status_code == 404


def test_the_leader_drafts_a_demand_from_a_finding_on_its_page(meeting, world):
    finding = meeting.findings.get()
    client = _client(world.users.zu4)
    assert "文书种类" in client.get(f"/supervision/findings/{finding.pk}/rectification/").content.decode()
    response = client.post(
        f"/supervision/findings/{finding.pk}/rectification/",
        {"version": 1, "kind": "opinion", "problems": finding.text, "items": "建立报备台账\n补报决策材料"},
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    page = client.get(f"/supervision/{meeting.pk}/").content.decode()
    assert finding.demand.serial in page and f"/rectification/{finding.demand_id}/" in page
