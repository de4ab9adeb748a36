"""The 派驻机构管理部门 pages: 监督关系调整 with history, dispatched staff, the roster.

For every other role the management pages do not exist (404) and a POST changes nothing; the
shared list pages show the buttons only to those the services let act.
"""

import datetime

import pytest
from django.test import Client

from paizhu.audit.models import AuditEntry
from paizhu.org.models import Coverage, DispatchedStaff, Person
from tests.fixtures import sign_in

OTHERS = [
    "wei",
    "xinfang",
    "anguan",
    "shenli",
    "zu4",
    "zu4a",
    "zu2",
    "shuji",
    "lianluo",
    "sysadmin",
    "secadmin",
    "auditor",
]


def client_for(user):
    return sign_in(Client(), user)


@pytest.fixture
def guanli(world):
    return client_for(world.users.guanli)


def test_coverage_list_shows_each_unit_with_its_current_group(world, guanli, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        response = guanli.get("/org/coverage/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "测试市教育局" in text and "测试市水利局" in text
    assert "None" not in text
    filtered = guanli.get("/org/coverage/", {"group": world.g2.pk}).content.decode()
    assert "测试市水利局" in filtered and "测试市教育局" not in filtered


def test_changing_the_covering_group_with_a_reason_shows_in_the_history(world, guanli):
    url = f"/org/coverage/{world.fin.pk}/"
    response = guanli.post(url, {"group": world.g2.pk, "valid_from": "2026-03-01", "reason": "常委会决定调整"})
    assert response.status_code == 302
    page = guanli.get(url).content.decode()
    assert "常委会决定调整" in page and "2026-02-28" in page and "guanli" in page
    current = Coverage.objects.get(unit=world.fin, valid_to__isnull=True)
    assert (current.group, current.reason, current.changed_by) == (world.g2, "常委会决定调整", world.users.guanli)
    assert AuditEntry.objects.filter(action="org.coverage_changed", actor=world.users.guanli).count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"valid_from": "2023-06-01", "reason": "调整"}, "valid_from", "须晚于现行监督关系的起始日期（2024-01-01）"),
        ({"valid_from": "2099-01-01", "reason": "调整"}, "valid_from", "不能晚于今天"),
        ({"valid_from": "2026-13-01", "reason": "调整"}, "valid_from", "请填写有效日期"),
        ({"valid_from": "2026-03-01", "reason": ""}, "reason", "请填写调整理由"),
    ],
)
def test_bad_input_is_refused_at_the_field(world, guanli, data, field, message):
    response = guanli.post(f"/org/coverage/{world.fin.pk}/", {"group": world.g2.pk, **data})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    assert Coverage.objects.filter(unit=world.fin).count() == 1


def test_an_overlap_found_by_the_service_is_shown_at_the_field(world, guanli):
    Coverage.objects.filter(unit=world.water).update(valid_to=datetime.date(2025, 12, 31))
    response = guanli.post(
        f"/org/coverage/{world.water.pk}/", {"group": world.g4.pk, "valid_from": "2025-06-01", "reason": "调整"}
    )
    assert response.status_code == 200
    assert "重叠" in response.context["form"].errors["valid_from"][0]
    assert Coverage.objects.filter(unit=world.water).count() == 1


@pytest.mark.parametrize("username", OTHERS)
def test_management_pages_do_not_exist_for_other_roles(world, username):
    client = client_for(getattr(world.users, username))
    staff = DispatchedStaff.objects.get(person=world.zu4_person)
    for url in (
        "/org/coverage/",
        f"/org/coverage/{world.fin.pk}/",
        "/org/staff/new/",
        f"/org/staff/{staff.pk}/end/",
        "/org/people/new/",
        f"/org/people/{world.edu_clerk.pk}/edit/",
    ):
        assert client.get(url).status_code == 404, url
    client.post(f"/org/coverage/{world.fin.pk}/", {"group": world.g2.pk, "valid_from": "2026-03-01", "reason": "x"})
    client.post(f"/org/staff/{staff.pk}/end/", {"valid_to": "2026-03-01"})
    client.post(f"/org/people/{world.edu_clerk.pk}/edit/", {"name": "改名", "management_level": "other"})
    assert Coverage.objects.filter(unit=world.fin).count() == 1
    assert DispatchedStaff.objects.get(pk=staff.pk).valid_to is None
    assert Person.objects.get(pk=world.edu_clerk.pk).name == "赵小军"
    assert not AuditEntry.objects.filter(action__startswith="org.").exists()


@pytest.mark.parametrize("username", ["wei", "zu4"])
def test_shared_lists_show_no_management_buttons_to_viewers(world, username):
    client = client_for(getattr(world.users, username))
    assert "登记派驻" not in client.get("/org/staff/").content.decode()
    people = client.get("/org/people/").content.decode()
    assert "新增干部" not in people and "/edit/" not in people


def test_dispatch_management_sees_the_buttons(world, guanli):
    assert "登记派驻" in guanli.get("/org/staff/").content.decode()
    people = guanli.get("/org/people/").content.decode()
    assert "新增干部" in people and f"/org/people/{world.edu_clerk.pk}/edit/" in people


def test_dispatch_and_end_a_staff_member(world, guanli):
    response = guanli.post(
        "/org/staff/new/",
        {"person": world.water_head.pk, "group": world.g4.pk, "role": "member", "valid_from": "2026-01-05"},
    )
    assert response.status_code == 302
    staff = DispatchedStaff.objects.get(person=world.water_head)
    refused = guanli.post(f"/org/staff/{staff.pk}/end/", {"valid_to": "2026-01-04"})
    assert "不能早于派驻日期（2026-01-05）" in refused.context["form"].errors["valid_to"][0]
    assert guanli.post(f"/org/staff/{staff.pk}/end/", {"valid_to": "2026-02-01"}).status_code == 302
    staff.refresh_from_db()
    assert staff.valid_to == datetime.date(2026, 2, 1)
    listed = guanli.get("/org/staff/", {"status": "ended"}).content.decode()
    assert "陈志强" in listed and "2026-02-01" in listed


def test_independence_is_refused_at_the_field(world, guanli):
    response = guanli.post(
        "/org/staff/new/",
        {"person": world.edu_clerk.pk, "group": world.g4.pk, "role": "member", "valid_from": "2026-01-05"},
    )
    assert response.status_code == 200
    assert "独立性" in response.context["form"].errors["person"][0]
    assert not DispatchedStaff.objects.filter(person=world.edu_clerk).exists()


def test_add_and_edit_a_cadre(world, guanli):
    data = {
        "name": "孙立新",
        "unit": world.edu.pk,
        "post": "办公室主任",
        "rank": "zhengke",
        "management_level": "unit_party_group",
        "is_party_member": "on",
        "is_supervision_object": "on",
    }
    assert guanli.post("/org/people/new/", data).status_code == 302
    person = Person.objects.get(name="孙立新")
    assert (person.unit, person.rank, person.is_leadership_member) == (world.edu, "zhengke", False)
    edit = guanli.post(f"/org/people/{person.pk}/edit/", {**data, "post": "副局长", "is_active": "on"})
    assert edit.status_code == 302
    person.refresh_from_db()
    assert person.post == "副局长"
    assert AuditEntry.objects.filter(action="org.person_saved", object_id=str(person.pk)).count() == 2


def test_a_main_leader_who_is_not_a_leadership_member_is_refused_at_the_field(world, guanli):
    response = guanli.post(
        "/org/people/new/",
        {"name": "孙立新", "unit": world.water.pk, "management_level": "other", "is_main_leader": "on"},
    )
    assert response.status_code == 200
    assert "主要负责人须为领导班子成员" in response.context["form"].errors["is_leadership_member"][0]
    assert not Person.objects.filter(name="孙立新").exists()


def test_a_second_main_leader_is_refused_at_the_field(world, guanli):
    response = guanli.post(
        "/org/people/new/",
        {
            "name": "孙立新",
            "unit": world.edu.pk,
            "management_level": "same_level",
            "is_main_leader": "on",
            "is_leadership_member": "on",
        },
    )
    assert response.status_code == 200
    assert "已有主要负责人王建国" in response.context["form"].errors["is_main_leader"][0]
