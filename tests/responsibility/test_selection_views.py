"""The pages of 干部选任 and 廉政风险防控: thin over the services, errors at the field, the group's reading audited."""

import datetime

from django.test import Client

from paizhu.audit.models import AuditEntry
from paizhu.core.calendar import shanghai_today
from paizhu.org.models import IntegrityRecord
from paizhu.responsibility.models import Appointment, RiskPoint
from tests.fixtures import sign_in

D = datetime.date


def _post_step(client, appointment, **data):
    appointment.refresh_from_db()
    return client.post(
        f"/responsibility/appointments/{appointment.pk}/record/",
        {"version": appointment.version, "note": "情况", **data},
    )


def test_the_unit_files_steps_and_the_group_answers_the_opinion(world):
    world.edu_clerk.rank = "fuke"  # a file is kept for cadres at 副科级 and above
    world.edu_clerk.save()
    IntegrityRecord.objects.create(
        person=world.edu_clerk,
        kind=IntegrityRecord.Kind.CLUE_OUTCOME,
        occurred_on=D(2025, 6, 1),
        source_serial="XS-2025-000009",
        summary="反映问题经核查失实，予以了结澄清",
    )
    unit = sign_in(Client(), world.users.lianluo)
    response = unit.post(
        "/responsibility/appointments/new/",
        {"candidate": world.edu_clerk.pk, "proposed_post": "基础教育科副科长", "reason": "职位空缺"},
    )
    appointment = Appointment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/responsibility/appointments/{appointment.pk}/"
    assert _post_step(unit, appointment, step=1, done_on="2026-03-02").status_code == 302
    page = _post_step(unit, appointment, step=3, done_on="2099-03-16")  # a future day: refused at its field
    assert page.status_code == 200 and "日期不能晚于今天" in page.content.decode()
    assert _post_step(unit, appointment, step=3, done_on="2026-03-16").status_code == 302  # 民主推荐 skipped
    page = _post_step(unit, appointment, step=4, done_on="2026-03-31").content.decode()
    assert "讨论决定前须征求派驻纪检监察组的党风廉政意见" in page
    appointment.refresh_from_db()
    assert appointment.steps.count() == 2 and appointment.flags_open
    detail = unit.get(f"/responsibility/appointments/{appointment.pk}/").content.decode()
    assert "程序空转" in detail and "缺少“民主推荐”程序" in detail and "征求党风廉政意见" in detail
    assert "反映问题经核查失实" not in detail  # the unit never reads the integrity file
    response = unit.post(
        f"/responsibility/appointments/{appointment.pk}/request/",
        {"version": appointment.version, "request": "拟提拔赵小军同志任基础教育科副科长，请回复党风廉政意见。"},
    )
    assert response.status_code == 302
    assert unit.get(f"/responsibility/appointments/{appointment.pk}/answer/").status_code == 404

    group = sign_in(Client(), world.users.zu4a)
    home = group.get("/").content.decode()
    assert "待回复的党风廉政意见" in home and appointment.serial in home
    form = group.get(f"/responsibility/appointments/{appointment.pk}/answer/").content.decode()
    assert "反映问题经核查失实，予以了结澄清" in form and "拟提拔赵小军同志" in form
    read = AuditEntry.objects.filter(action="integrity.viewed").latest("id")
    assert read.details["filters"]["appointment"] == appointment.serial and len(read.details["ids"]) == 1
    opinion = appointment.opinion
    page = group.post(
        f"/responsibility/appointments/{appointment.pk}/answer/", {"version": opinion.version, "text": "经查。"}
    )
    assert page.status_code == 200 and "回复结论" in page.content.decode()  # no conclusion chosen
    response = group.post(
        f"/responsibility/appointments/{appointment.pk}/answer/",
        {"version": opinion.version, "conclusion": "clear", "text": "经查，未发现该同志有违反党风廉政建设方面的问题。"},
    )
    assert response.status_code == 302
    assert IntegrityRecord.objects.filter(kind=IntegrityRecord.Kind.INTEGRITY_OPINION, person=world.edu_clerk).exists()
    appointment.refresh_from_db()
    response = group.post(
        f"/responsibility/appointments/{appointment.pk}/check/",
        {"version": appointment.version, "opinion": "已向组织人事科了解情况，要求补正民主推荐程序。"},
    )
    assert response.status_code == 302
    assert _post_step(unit, appointment, step=4, done_on="2026-03-31").status_code == 302
    assert "未发现影响使用的问题" in unit.get(f"/responsibility/appointments/{appointment.pk}/").content.decode()


def test_malformed_parameters_are_400_and_unknown_steps_404(world):
    client = sign_in(Client(), world.users.zu4)
    assert client.get("/responsibility/appointments/?unit=abc").status_code == 400
    assert client.get("/responsibility/risks/?unit=1x").status_code == 400
    assert client.get("/responsibility/risks/?level=extreme").status_code == 200
    unit = sign_in(Client(), world.users.lianluo)
    unit.post("/responsibility/appointments/new/", {"candidate": world.edu_clerk.pk, "proposed_post": "副科长"})
    appointment = Appointment.objects.get()
    assert unit.get(f"/responsibility/appointments/{appointment.pk}/nonsense/").status_code == 404
    assert client.get(f"/responsibility/appointments/{appointment.pk}/record/").status_code == 404


def test_the_unit_registers_and_reviews_a_risk_point(world):
    unit = sign_in(Client(), world.users.lianluo)
    review_on = shanghai_today() + datetime.timedelta(days=90)
    data = {
        "department": "计划财务科",
        "post": "财务审核岗",
        "power_item": "专项资金拨付审核",
        "category": "process",
        "level": "high",
        "manifestation": "审核把关不严",
        "measures": "审核、复核、审批分离",
        "owner": world.edu_clerk.pk,
        "leader": world.edu_clerk.pk,  # not a leader: not offered, refused at the field
        "review_on": review_on.isoformat(),
    }
    page = unit.post("/responsibility/risks/new/", data)
    assert page.status_code == 200 and not RiskPoint.objects.exists()
    response = unit.post("/responsibility/risks/new/", {**data, "leader": world.edu_deputy.pk})
    point = RiskPoint.objects.get()
    assert response["Location"] == f"/responsibility/risks/{point.pk}/"
    today = shanghai_today()
    response = unit.post(
        f"/responsibility/risks/{point.pk}/review/",
        {
            "version": point.version,
            "reviewed_on": today.isoformat(),
            "level": "medium",
            "note": "措施已落实",
            "next_review_on": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert "下次复核日期应晚于本次复核日期" in response.content.decode()
    point.refresh_from_db()
    assert (point.level, point.reviewed_on) == ("high", None)
    group = sign_in(Client(), world.users.zu4)
    assert "专项资金拨付审核" in group.get("/responsibility/risks/").content.decode()
    assert group.get(f"/responsibility/risks/{point.pk}/review/").status_code == 404
    assert (
        f"/responsibility/risks/{point.pk}/review/"
        not in group.get(f"/responsibility/risks/{point.pk}/").content.decode()
    )
