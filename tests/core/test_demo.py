import datetime
import io
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

import paizhu.core
from paizhu.accounts.demo import DEMO_PASSWORD
from paizhu.accounts.models import RoleGrant, User
from paizhu.audit.models import AuditEntry
from paizhu.core import demo
from paizhu.core.roles import Role
from paizhu.org.models import Commission, Coverage, DispatchedStaff, DispatchGroup, Person, Unit
from paizhu.org.services import check_independence, covering_group

MODELS = (Commission, DispatchGroup, Unit, Coverage, Person, DispatchedStaff, User, RoleGrant, AuditEntry)


@pytest.fixture
def demo_mode(db, settings, tmp_path):
    settings.DEMO_MODE = True
    settings.DATA_KEY_FILE = tmp_path / "data.key"
    return settings


@pytest.fixture
def city(demo_mode):
    demo.run()
    return Commission.objects.get(name="江临市纪委监委")


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_twice_adds_nothing(city, demo_mode):
    before = _counts()
    report = demo.run()
    assert report.loaded == []
    assert _counts() == before
    assert before["DispatchGroup"] == 8
    assert before["Unit"] == 24
    assert 280 <= Person.objects.filter(unit__isnull=False).count() <= 340


def test_the_data_key_is_generated_when_missing(demo_mode):
    pytest.importorskip("paizhu.core.crypto")
    assert not demo_mode.DATA_KEY_FILE.exists()
    report = demo.run()
    assert demo_mode.DATA_KEY_FILE.exists()
    assert any("已生成" in note for note in report.notes)


def test_the_same_city_every_time(demo_mode):
    class Rollback(Exception):
        pass

    def names():
        return list(Person.objects.order_by("id").values_list("name", "post"))

    with pytest.raises(Rollback), transaction.atomic():
        demo.run()
        first = names()
        raise Rollback
    assert not Person.objects.exists()
    demo.run()
    assert names() == first


def test_every_demo_login_has_its_role_and_scope(city):
    edu = Unit.objects.get(name="江临市教育局")
    g4 = DispatchGroup.objects.get(short_name="第四纪检监察组")
    g2 = DispatchGroup.objects.get(short_name="第二纪检监察组")
    expected = {
        "wei": (Role.COMMISSION_LEADER, city),
        "guanli": (Role.DISPATCH_MANAGEMENT, city),
        "xinfang": (Role.PETITION_OFFICE, city),
        "anguan": (Role.CASE_MANAGEMENT, city),
        "shenli": (Role.CASE_REVIEW, city),
        "zu4": (Role.GROUP_LEADER, g4),
        "zu4a": (Role.GROUP_MEMBER, g4),
        "zu2": (Role.GROUP_LEADER, g2),
        "shuji": (Role.PARTY_SECRETARY, edu),
        "lianluo": (Role.LIAISON, edu),
        "sysadmin": (Role.SYSTEM_ADMIN, None),
        "secadmin": (Role.SECURITY_ADMIN, None),
        "auditor": (Role.SECURITY_AUDITOR, None),
    }
    for username, (role, scope) in expected.items():
        user = User.objects.get(username=username)
        assert [(g.role, g.scope_object) for g in user.active_grants()] == [(role, scope)], username
        assert user.check_password(DEMO_PASSWORD), username
        assert user.full_name and user.full_name != username
    users = {u.username: u for u in User.objects.select_related("person")}
    assert users["zu4"].person.dispatches.get().group == g4
    assert users["zu4"].person.dispatches.get().role == DispatchedStaff.Role.LEADER
    assert users["zu4a"].person.dispatches.get().role == DispatchedStaff.Role.MEMBER
    assert users["zu4a"].person.dispatches.get().group == g4
    assert users["zu2"].person.dispatches.get().group == g2
    assert users["shuji"].person.unit == edu
    assert users["shuji"].person.is_main_leader
    assert users["lianluo"].person.unit == edu
    assert not users["lianluo"].person.is_leadership_member
    assert users["zu4"].full_name == users["zu4"].person.name


def test_group_four_covers_the_secretarys_unit(city):
    shuji = User.objects.select_related("person__unit").get(username="shuji")
    assert covering_group(shuji.person.unit, datetime.date(2026, 1, 5)).short_name == "第四纪检监察组"


def test_every_unit_has_one_current_group_and_one_main_leader(city):
    for unit in Unit.objects.all():
        assert Coverage.objects.current().filter(unit=unit).count() == 1, unit.name
        leaders = Person.objects.filter(unit=unit, is_leadership_member=True)
        assert 5 <= leaders.count() <= 7, unit.name
        assert leaders.filter(is_main_leader=True).count() == 1, unit.name
        assert not leaders.exclude(management_level=Person.ManagementLevel.SAME_LEVEL_COMMITTEE).exists()
    assert not Person.objects.filter(is_main_leader=True, is_leadership_member=False).exists()


def test_comprehensive_dispatch_with_history(city):
    sizes = sorted(Coverage.objects.current().filter(group=g).count() for g in DispatchGroup.objects.all())
    assert sizes[0] <= 2
    assert sizes[-1] >= 3
    moved = Unit.objects.get(name="江临市退役军人事务局")
    assert covering_group(moved, datetime.date(2024, 1, 1)).ordinal == 4
    assert covering_group(moved, datetime.date(2025, 6, 30)).ordinal == 4
    assert covering_group(moved, datetime.date(2025, 7, 1)).ordinal == 8
    assert Coverage.objects.filter(unit=moved).count() == 2


def test_dispatched_staff_hold_no_post_in_covered_units(city):
    for group in DispatchGroup.objects.all():
        staff = DispatchedStaff.objects.filter(group=group, valid_to__isnull=True).select_related("person__unit")
        roles = [s.role for s in staff]
        assert roles.count(DispatchedStaff.Role.LEADER) == 1, group.short_name
        assert 2 <= roles.count(DispatchedStaff.Role.MEMBER) <= 4, group.short_name
        for s in staff:
            assert s.person.unit is None
            check_independence(s.person, s.person.unit)
    dispatched_names = set(DispatchedStaff.objects.values_list("person__name", flat=True))
    assert not Person.objects.filter(unit__isnull=False, name__in=dispatched_names).exists()


def test_command_prints_the_logins_and_skips_the_second_time(demo_mode):
    out = io.StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert "组织机构：江临市纪委监委" in text
    for line in ("zu4", "第四纪检监察组", "江临市教育局", DEMO_PASSWORD):
        assert line in text
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "演示数据已存在，跳过" in out.getvalue()
    assert "shuji" in out.getvalue()


def test_command_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="PAIZHU_DEMO=1"):
        call_command("demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_absent_loaders_are_skipped_and_broken_ones_fail(demo_mode, tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "broken_demo.py").write_text("import paizhu_no_such_package  # noqa\n")
    assert demo.run(("paizhu.no_such_app.demo", "paizhu.org.no_such_demo")).loaded == []
    with pytest.raises(ModuleNotFoundError):
        demo.run(("broken_demo",))


def test_each_loader_runs_in_its_own_transaction(demo_mode, tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "failing_demo.py").write_text(
        "from paizhu.org.models import Commission\n"
        "def load(ctx):\n"
        "    Commission.objects.create(name='半途市纪委监委', level='city')\n"
        "    raise RuntimeError('loader failed')\n"
    )
    with pytest.raises(RuntimeError):
        demo.run(("paizhu.org.demo", "failing_demo"))
    assert Commission.objects.filter(name="江临市纪委监委").exists()
    assert not Commission.objects.filter(name="半途市纪委监委").exists()


def test_without_the_crypto_module_the_key_is_skipped_with_a_note(demo_mode, monkeypatch):
    monkeypatch.delattr(paizhu.core, "crypto", raising=False)
    monkeypatch.setitem(sys.modules, "paizhu.core.crypto", None)
    report = demo.run(())
    assert report.notes == ["数据密钥模块尚未提供，未生成数据密钥。"]
    assert not demo_mode.DATA_KEY_FILE.exists()
