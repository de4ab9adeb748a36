"""The integrity file shows each viewer exactly what they may see, every opening is audited, and whoever does
not hold the file reads only the summary sheet an approved request opens, until it expires."""

import datetime

import pytest
from django.test import Client
from freezegun import freeze_time

from paizhu.access import services as access_services
from paizhu.access.models import RelationDeclaration
from paizhu.audit.models import AuditEntry
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, NotFound
from paizhu.integrity import services
from paizhu.integrity.models import FileRequest
from tests.access.test_matrix import ROLES
from tests.fixtures import sign_in

from .conftest import CASE, CLEARED, PENALTY, ask, decide

HOLDERS = {"wei", "guanli", "anguan", "zu4", "zu4a"}


def _page(user, person):
    return sign_in(Client(), user).get(f"/integrity/{person.pk}/")


def test_each_viewer_sees_exactly_what_they_may(world, dossier):
    problems = []
    for role in ROLES:
        response = _page(getattr(world.users, role), world.edu_deputy)
        if role in HOLDERS:
            text = response.content.decode()
            for shown in (CASE, CLEARED, "了结澄清", dossier.serial, "公务接待超标准", PENALTY, "副处级"):
                if shown not in text:
                    problems.append(f"{role}: the held file lacks {shown}")
        elif response.status_code != 404:
            problems.append(f"{role}: HTTP {response.status_code}, expected 404")
    assert problems == []


def test_a_cadre_below_fuke_has_no_file(world, dossier):
    assert _page(world.users.wei, world.edu_clerk).status_code == 404  # 科员
    assert world.edu_clerk.name not in sign_in(Client(), world.users.wei).get("/integrity/").content.decode()


def test_every_opening_and_every_list_page_is_audited(world, dossier):
    for role in ("wei", "zu4a", "anguan"):
        user = getattr(world.users, role)
        assert _page(user, world.edu_deputy).status_code == 200
        entry = AuditEntry.objects.filter(action="integrity.viewed", actor=user).latest("seq")
        assert (entry.object_type, entry.object_id) == ("integrity.cadrefile", str(world.edu_deputy.pk))
    sign_in(Client(), world.users.zu4).get("/integrity/?q=" + world.edu_deputy.name[:2])
    listed = AuditEntry.objects.filter(action="integrity.listed", actor=world.users.zu4).latest("seq")
    assert listed.details["ids"] == [world.edu_deputy.pk]
    assert listed.details["filters"] == {"q": world.edu_deputy.name[:2]}


def test_a_unit_sees_nothing_from_the_clue_side_without_a_request(world, dossier):
    for role in ("shuji", "lianluo"):
        client = sign_in(Client(), getattr(world.users, role))
        assert client.get("/integrity/").status_code == 404
        assert client.get(f"/integrity/{world.edu_deputy.pk}/").status_code == 404
        assert client.get("/integrity/requests/").status_code == 200  # where they ask


def test_an_approved_request_opens_the_summary_sheet_and_nothing_of_the_clue_side(world, dossier):
    request = ask(world.users.lianluo, world.edu_deputy)
    assert request.status == FileRequest.Status.PENDING
    assert _page(world.users.lianluo, world.edu_deputy).status_code == 404  # not before the decision
    decide(world.users.zu4, request, opinion="同意查阅。")
    request.refresh_from_db()
    assert request.status == FileRequest.Status.APPROVED
    assert request.valid_until > shanghai_today()
    response = _page(world.users.lianluo, world.edu_deputy)
    text = response.content.decode()
    assert response.status_code == 200 and "廉洁情况" in text
    assert PENALTY in text and "提醒谈话" in text and request.serial in text
    for hidden in (CASE, CLEARED, "了结澄清", dossier.serial, "公务接待超标准", "XS-", "AJ-", "JD-"):
        assert hidden not in text, hidden
    entry = AuditEntry.objects.filter(action="integrity.viewed", actor=world.users.lianluo).latest("seq")
    assert entry.object_id == str(world.edu_deputy.pk)
    # the approval is the requester's alone: the unit's secretary still sees nothing
    assert _page(world.users.shuji, world.edu_deputy).status_code == 404


def test_the_approval_expires(world, dossier):
    request = ask(world.users.lianluo, world.edu_deputy)
    decide(world.users.zu4, request)
    request.refresh_from_db()
    with freeze_time(datetime.datetime.combine(request.valid_until, datetime.time(12)).astimezone(datetime.UTC)):
        assert _page(world.users.lianluo, world.edu_deputy).status_code == 200
    after = request.valid_until + datetime.timedelta(days=1)
    with freeze_time(datetime.datetime.combine(after, datetime.time(12)).astimezone(datetime.UTC)):
        assert _page(world.users.lianluo, world.edu_deputy).status_code == 404
        page = sign_in(Client(), world.users.lianluo).get(f"/integrity/requests/{request.pk}/").content.decode()
        assert "已过期" in page and "查阅廉洁情况</a>" not in page
        ask(world.users.lianluo, world.edu_deputy)  # and may ask again


def test_a_refused_request_opens_nothing(world, dossier):
    request = ask(world.users.lianluo, world.edu_deputy)
    with pytest.raises(DomainError):
        decide(world.users.zu4, request, approve=False)  # a refusal needs its reason
    decide(world.users.zu4, request, approve=False, opinion="事由不充分，请补充拟任职务。")
    request.refresh_from_db()
    assert request.status == FileRequest.Status.REFUSED
    assert _page(world.users.lianluo, world.edu_deputy).status_code == 404
    assert AuditEntry.objects.filter(action="integrity.request_refused", object_id=str(request.pk)).exists()


def test_only_the_covering_groups_leader_decides(world, dossier):
    from paizhu.core.errors import PermissionDenied

    request = ask(world.users.xinfang, world.edu_deputy)
    for role in ("zu2", "zu4a", "xinfang"):
        with pytest.raises((NotFound, PermissionDenied)):
            decide(getattr(world.users, role), request)
    decide(world.users.zu4, request)
    assert _page(world.users.xinfang, world.edu_deputy).status_code == 200


def test_a_unit_asks_only_for_its_own_cadres_and_not_twice(world, dossier):
    from paizhu.org.models import Person

    other = Person.objects.create(name="郑海波", unit=world.fin, post="副局长", rank=Person.Rank.DIVISION_DEPUTY)
    with pytest.raises(NotFound):
        ask(world.users.lianluo, other)
    ask(world.users.lianluo, world.edu_deputy)
    with pytest.raises(DomainError, match="正在审批中"):
        ask(world.users.lianluo, world.edu_deputy)
    with pytest.raises(NotFound):
        ask(world.users.zu4a, world.edu_deputy)  # the group holds the file: nothing to ask


def test_the_request_form_refuses_at_the_field_and_changes_nothing(world, dossier):
    client = sign_in(Client(), world.users.lianluo)
    response = client.post(
        "/integrity/requests/new/", {"person": str(world.edu_deputy.pk), "purpose": "", "reason": "  "}
    )
    assert response.status_code == 200
    assert "请填写查阅事由" in response.content.decode() or "查阅事由" in response.content.decode()
    assert not FileRequest.objects.exists()
    response = client.post(
        "/integrity/requests/new/",
        {"person": str(world.edu_deputy.pk), "purpose": "promotion", "reason": "拟提拔，党组会议研究前征求意见"},
    )
    request = FileRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/integrity/requests/{request.pk}/"


def test_recusal_hides_the_file_and_its_requests(world, dossier):
    access_services.declare_relation(world.users.zu4a, RelationDeclaration.Kind.RELATIVE, person=world.edu_deputy)
    assert _page(world.users.zu4a, world.edu_deputy).status_code == 404
    listing = sign_in(Client(), world.users.zu4a).get("/integrity/").content.decode()
    assert world.edu_deputy.name not in listing and world.edu_head.name in listing
    # an approved request does not survive a relation declared afterwards
    request = ask(world.users.xinfang, world.edu_deputy)
    decide(world.users.zu4, request)
    access_services.declare_relation(world.users.xinfang, RelationDeclaration.Kind.FORMER_UNIT, unit=world.edu)
    assert _page(world.users.xinfang, world.edu_deputy).status_code == 404
    assert sign_in(Client(), world.users.xinfang).get(f"/integrity/requests/{request.pk}/").status_code == 404
    # the cadre themselves: shuji is 教育局's head and may not ask for their own file
    with pytest.raises(NotFound):
        ask(world.users.shuji, world.edu_head)


def test_personal_matters_notes(world, dossier):
    note = services.save_note(
        world.users.zu4a,
        world.edu_deputy.pk,
        year=2025,
        reported_on=datetime.date(2026, 1, 15),
        check_result="omission",
        note="漏报配偶持有股票情况，组织部门已对其批评教育。",
    )
    assert "漏报配偶持有股票情况" in _page(world.users.wei, world.edu_deputy).content.decode()
    with pytest.raises(DomainError) as refused:
        services.save_note(world.users.zu4a, world.edu_deputy.pk, year=2025, reported_on=None, check_result="concealed")
    assert refused.value.field == "reported_on"
    for role in ("zu2", "wei", "lianluo"):
        with pytest.raises(NotFound):
            services.save_note(
                getattr(world.users, role), world.edu_deputy.pk, year=2025, reported_on=None, check_result="not_checked"
            )
    client = sign_in(Client(), world.users.zu4a)
    tomorrow = shanghai_today() + datetime.timedelta(days=1)
    response = client.post(
        f"/integrity/{world.edu_deputy.pk}/notes/",
        {"year": "2025", "reported_on": tomorrow.isoformat(), "check_result": "consistent", "note": ""},
    )
    assert response.status_code == 200 and "报告日期不能晚于今天" in response.content.decode()
    note.refresh_from_db()
    assert note.check_result == "omission"  # unchanged
    assert sign_in(Client(), world.users.zu2).get(f"/integrity/{world.edu_deputy.pk}/notes/").status_code == 404


def test_the_lists_a_cadre_answers_for_show_to_who_reads_lists(world, dossier):
    from paizhu.responsibility.services import lists as responsibility

    responsibility.create_list(world.users.lianluo, unit=world.edu, year=2026, level="secretary", person=world.edu_head)
    assert "本人为责任人" in _page(world.users.wei, world.edu_head).content.decode()
    assert "主体责任清单与签字背书" not in _page(world.users.anguan, world.edu_head).content.decode()
