import datetime

import pytest

from paizhu.audit.models import AuditEntry
from paizhu.core import calendar
from paizhu.core.models import CalendarYear, WorkdayOverride


@pytest.fixture
def admin_client(client, world):
    # Who may reach /admin/ is wired elsewhere; here the system administrator is simply staff.
    world.users.sysadmin.is_staff = world.users.sysadmin.is_superuser = True
    world.users.sysadmin.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(world.users.sysadmin)
    return client


def test_override_saved_in_admin_is_audited_and_used(admin_client):
    response = admin_client.post(
        "/admin/core/workdayoverride/add/", {"date": "2026-10-09", "kind": "holiday", "note": "临时放假"}
    )
    assert response.status_code == 302
    override = WorkdayOverride.objects.get()
    assert AuditEntry.objects.get(action="calendar.override_saved").object_id == str(override.pk)
    assert not calendar.is_workday(datetime.date(2026, 10, 9))
    listing = admin_client.get("/admin/core/workdayoverride/")
    assert "星期五" in listing.content.decode()

    response = admin_client.post(f"/admin/core/workdayoverride/{override.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="calendar.override_deleted").count() == 1
    assert calendar.is_workday(datetime.date(2026, 10, 9))


def test_bulk_delete_in_admin_is_audited_per_override(admin_client):
    ids = [
        WorkdayOverride.objects.create(date=datetime.date(2027, 1, day), kind=WorkdayOverride.Kind.HOLIDAY).pk
        for day in (1, 2)
    ]
    response = admin_client.post(
        "/admin/core/workdayoverride/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert response.status_code == 302
    assert not WorkdayOverride.objects.exists()
    assert AuditEntry.objects.filter(action="calendar.override_deleted").count() == 2


def test_declaring_a_year_without_holidays_is_a_form_error(admin_client):
    response = admin_client.post("/admin/core/calendaryear/add/", {"year": "2027", "note": ""})
    assert response.status_code == 200
    assert "尚未录入2027年的任何放假日" in response.content.decode()
    assert not CalendarYear.objects.exists()


def test_year_list_shows_what_was_entered(admin_client, django_assert_max_num_queries):
    for day in (1, 2, 3):
        WorkdayOverride.objects.create(date=datetime.date(2027, 1, day), kind=WorkdayOverride.Kind.HOLIDAY)
    WorkdayOverride.objects.create(date=datetime.date(2027, 2, 6), kind=WorkdayOverride.Kind.WORKDAY)
    response = admin_client.post("/admin/core/calendaryear/add/", {"year": "2027", "note": "国办通知"})
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="calendar.year_saved").details["holidays"] == 3
    CalendarYear.objects.create(year=2028)
    with django_assert_max_num_queries(12):
        listing = admin_client.get("/admin/core/calendaryear/")
    cells = [cell.strip() for cell in listing.content.decode().split('class="field-holiday_count">')[1:]]
    assert [cell.split("<")[0] for cell in cells] == ["0", "3"]  # 2028 first, newest year on top
