import pytest
from django.test import Client

from paizhu.access import services
from paizhu.access.models import RelationDeclaration
from paizhu.access.recusal import conflicts_of
from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError
from tests.fixtures import make_user, sign_in


def test_user_is_conflicted_with_themselves_and_declared_relations(world):
    zu4 = world.users.zu4
    assert conflicts_of(zu4).person_ids == {world.zu4_person.pk}
    services.declare_relation(zu4, RelationDeclaration.Kind.RELATIVE, person=world.edu_deputy, note="配偶之兄")
    services.declare_relation(zu4, RelationDeclaration.Kind.FORMER_UNIT, unit=world.water)
    conflicts = conflicts_of(zu4)
    assert conflicts.person_ids == {world.zu4_person.pk, world.edu_deputy.pk}
    assert conflicts.unit_ids == {world.water.pk}
    assert AuditEntry.objects.filter(action="recusal.declared", actor=zu4).count() == 2


def test_withdrawn_relation_no_longer_conflicts(world):
    zu4a = world.users.zu4a
    declaration = services.declare_relation(zu4a, RelationDeclaration.Kind.FORMER_COLLEAGUE, person=world.edu_clerk)
    services.withdraw_relation(zu4a, declaration)
    assert world.edu_clerk.pk not in conflicts_of(zu4a).person_ids


def test_declaration_needs_a_person_or_unit_and_changes_nothing_otherwise(world):
    with pytest.raises(DomainError, match="关系人或关系单位"):
        services.declare_relation(world.users.zu4a, RelationDeclaration.Kind.OTHER)
    assert not RelationDeclaration.objects.exists()


def test_only_the_declarant_can_withdraw(world):
    declaration = services.declare_relation(world.users.zu4a, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk)
    with pytest.raises(DomainError, match="本人"):
        services.withdraw_relation(world.users.zu4, declaration)
    declaration.refresh_from_db()
    assert declaration.withdrawn_at is None


def test_relations_page_declares_and_lists(client, world):
    sign_in(client, world.users.zu4a)
    response = client.post("/recusal/", {"kind": "relative", "person": world.edu_clerk.pk, "note": "表兄"})
    assert response.status_code == 302
    page = client.get("/recusal/").content.decode()
    assert "赵小军" in page and "近亲属" in page


def test_relations_page_shows_chinese_error_and_keeps_input(client, world):
    sign_in(client, world.users.zu4a)
    page = client.post("/recusal/", {"kind": "relative", "note": "保留的说明"}).content.decode()
    assert "请选择关系人或关系单位" in page
    assert "保留的说明" in page
    assert not RelationDeclaration.objects.exists()


# --- typed names: a report that names a cadre only as typed text (name + unit), not by roster link ---

TYPED_FACTS = "反映市教育局科员赵小军在食堂招标中插手工程项目，收受承包商礼品礼金。"
TYPED_REPORTER = "欧阳慧琳"


def _typed_report(world, *, unit=None, unit_text="", handler=True, facts=TYPED_FACTS):
    import datetime

    from paizhu.intake import services as intake

    u = world.users
    report = intake.register_report(
        u.xinfang,
        intake.ReportInput(
            facts=facts,
            unit=world.edu,
            named=[intake.NamedPerson(name="赵小军", unit=unit, unit_text=unit_text, post="科员")],
            categories=["integrity"],
            identity=intake.Identity(name=TYPED_REPORTER, contact="13987654321"),
        ),
        channel="letter",
        received_on=datetime.date(2026, 3, 2),
    )
    assert not report.subjects.exists()  # named only as typed text
    report = intake.confirm_routing(u.xinfang, report, group=world.g4)
    if handler:
        report = intake.assign_handler(u.zu4, report, u.zu4a)
    return report


def _export_text(response) -> str:
    import html
    import io
    import zipfile

    assert response.status_code == 200, response.status_code
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return "".join(html.unescape(archive.read(name).decode("utf-8")) for name in archive.namelist())


def test_a_relative_declared_by_roster_hides_reports_naming_him_only_by_typed_name(client, world):
    report = _typed_report(world, unit=world.edu)
    member = world.users.zu4a
    sign_in(client, member)
    assert client.get(f"/intake/{report.pk}/").status_code == 200  # visible before the declaration
    services.declare_relation(member, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk, note="表兄")

    assert report.serial not in client.get("/intake/").content.decode()
    assert report.serial not in client.get("/intake/", {"q": "赵小军"}).content.decode()
    assert client.get(f"/intake/{report.pk}/").status_code == 404
    assert client.post(f"/intake/{report.pk}/identity/").status_code == 404
    assert report.serial not in _export_text(client.get("/intake/export/"))
    api = client.get("/api/v1/intake/")
    assert api.status_code == 200 and report.serial not in api.content.decode()
    assert client.get(f"/api/v1/intake/{report.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action="identity.revealed").exists()
    # The group leader still sees the report, and is prompted to reassign it.
    leader = sign_in(Client(), world.users.zu4)
    assert leader.get(f"/intake/{report.pk}/").status_code == 200
    home = leader.get("/").content.decode()
    assert "回避改派" in home and report.serial in home


def test_a_typed_unit_written_out_matches_the_cadres_unit_by_its_name(world):
    from paizhu import access
    from paizhu.intake.models import Report

    report = _typed_report(world, unit_text="测试市教育局", handler=False)
    member = world.users.zu4a
    services.declare_relation(member, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk)
    assert not access.scope(member, Report).filter(pk=report.pk).exists()


def test_the_same_name_in_another_unit_is_not_a_conflict(world):
    from paizhu import access
    from paizhu.intake.models import Report

    report = _typed_report(world, unit=world.fin, handler=False)
    member = world.users.zu4a
    services.declare_relation(member, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk)
    assert access.scope(member, Report).filter(pk=report.pk).exists()


def test_a_conflicted_handler_is_refused_for_a_report_naming_the_relative_by_typed_name(world):
    from paizhu.intake import services as intake

    report = _typed_report(world, unit=world.edu, handler=False)
    member = world.users.zu4a
    services.declare_relation(member, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk)
    with pytest.raises(DomainError, match="回避"):
        intake.assign_handler(world.users.zu4, report, member)
    report.refresh_from_db()
    assert report.handler is None
    assert AuditEntry.objects.filter(action="recusal.blocked", object_id=str(report.pk)).exists()


def test_is_conflicted_sees_typed_names(world):
    from paizhu.access.recusal import is_conflicted

    report = _typed_report(world, unit=world.edu, handler=False)
    member = world.users.zu4a
    assert not is_conflicted(member, report, unit_id=report.unit_id, subject_ids=set())
    services.declare_relation(member, RelationDeclaration.Kind.RELATIVE, person=world.edu_clerk)
    assert is_conflicted(member, report, unit_id=report.unit_id, subject_ids=set())


# --- duplicates and counts respect recusal like every list ---


def test_a_recused_duplicate_is_not_shown_on_its_twin(client, world):
    from paizhu.intake import services as intake

    original = _typed_report(world, unit=world.fin, handler=False)
    repeat = _typed_report(world, unit=world.fin, handler=False, facts=TYPED_FACTS + "此前已反映过。")
    intake.link_duplicate(world.users.zu4, repeat, original)
    member = world.users.zu4a
    sign_in(client, member)
    assert repeat.serial in client.get(f"/intake/{original.pk}/").content.decode()

    services.recuse(member, repeat, "与举报人系同学")
    page = client.get(f"/intake/{original.pk}/").content.decode()
    assert repeat.serial not in page and f"/intake/{repeat.pk}/" not in page

    other = make_user("zu4b", "group_member", world.g4)
    sign_in(client, other)
    services.recuse(other, original, "曾与被反映人共事")
    page = client.get(f"/intake/{repeat.pk}/").content.decode()
    assert f"/intake/{original.pk}/" not in page and "原件不在您的查看范围内" in page
    assert f">{original.serial}</a>" not in page  # (the repeat's own timeline still records what it joined)


# --- the roster is not shown to everyone: the picker on /recusal/ is a bounded search ---


@pytest.fixture
def many_zhang(world):
    from paizhu.org.models import Person

    Person.objects.bulk_create(
        [Person(name=f"张伟{i:02d}", unit=world.edu, post="科员", rank=Person.Rank.STAFF) for i in range(30)]
    )


ROSTER_NAMES = ("王建国", "李红梅", "赵小军", "陈志强")


def test_the_recusal_page_lists_no_cadres(client, world, many_zhang):
    for user in (world.users.zu4a, world.users.sysadmin, world.users.lianluo, world.users.shuji):
        page = sign_in(client, user).get("/recusal/").content.decode()
        assert not any(name in page for name in ROSTER_NAMES), user
        assert "张伟0" not in page


def test_the_picker_gives_nothing_to_the_three_admins_and_unit_roles(client, world):
    for user in (world.users.sysadmin, world.users.secadmin, world.users.auditor, world.users.lianluo):
        sign_in(client, user)
        response = client.get("/recusal/people/", {"q": "王建"})
        assert response.status_code == 404, user
        assert "王建国" not in client.get("/recusal/", {"q": "王建"}).content.decode()
        client.post("/recusal/", {"kind": "relative", "person": world.edu_head.pk, "note": "试探"})
    assert not RelationDeclaration.objects.exists()


def test_the_picker_answers_a_group_member_with_a_bounded_search(client, world, many_zhang):
    from paizhu.org.views import PICKER_LIMIT

    sign_in(client, world.users.zu4a)
    assert "王建国" not in client.get("/recusal/people/", {"q": "王"}).content.decode()  # at least two characters
    found = client.get("/recusal/people/", {"q": "王建"}).content.decode()
    assert "王建国" in found and "测试市教育局" in found
    many = client.get("/recusal/people/", {"q": "张伟"}).content.decode()
    assert 0 < many.count('name="person"') <= PICKER_LIMIT
    # Without scripts, the same search on the page itself (a plain GET).
    page = client.get("/recusal/", {"q": "陈志"}).content.decode()
    assert "陈志强" in page
    response = client.post("/recusal/", {"kind": "relative", "person": world.water_head.pk, "note": "舅父"})
    assert response.status_code == 302
    assert RelationDeclaration.objects.get().person == world.water_head


def test_export_and_api_name_no_original_the_reader_may_not_see(client, world):
    import io
    import json

    import openpyxl

    from paizhu.intake import services as intake

    original = _typed_report(world, unit=world.fin, handler=False)
    repeat = _typed_report(world, unit=world.fin, handler=False, facts=TYPED_FACTS + "此前已反映过。")
    intake.link_duplicate(world.users.zu4, repeat, original)
    reader = make_user("zu4b", "group_member", world.g4)
    sign_in(client, reader)

    def shown():
        book = openpyxl.load_workbook(io.BytesIO(client.get("/intake/export/").content), read_only=True)
        cells = {str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row}
        listed = {
            row["id"]: row["duplicate_of_id"] for row in json.loads(client.get("/api/v1/intake/").content)["items"]
        }
        detail = json.loads(client.get(f"/api/v1/intake/{repeat.pk}").content)["duplicate_of_id"]
        return original.serial in cells, listed[repeat.pk], detail

    assert shown() == (True, original.pk, original.pk)
    services.recuse(reader, original, "曾与被反映人共事")
    assert shown() == (False, None, None)
