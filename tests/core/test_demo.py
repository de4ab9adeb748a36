import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from paizhu.accounts.demo import DEMO_PASSWORD
from paizhu.accounts.models import RoleGrant, User
from paizhu.audit.models import AuditEntry
from paizhu.core import demo
from paizhu.org.models import Commission, Coverage, DispatchedStaff, DispatchGroup, Person, Unit

MODELS = (Commission, DispatchGroup, Unit, Coverage, Person, DispatchedStaff, User, RoleGrant, AuditEntry)


@pytest.fixture
def demo_mode(db, settings, tmp_path):
    settings.DEMO_MODE = True
    settings.DATA_KEY_FILE = tmp_path / "data.key"
    return settings


ORG_ONLY = ("paizhu.org.demo", "paizhu.accounts.demo")


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_data_key_is_generated_when_missing(demo_mode):
    assert not demo_mode.DATA_KEY_FILE.exists()
    report = demo.run(ORG_ONLY)
    assert demo_mode.DATA_KEY_FILE.exists()
    assert any("已生成" in note for note in report.notes)


def test_the_same_city_every_time(demo_mode):
    class Rollback(Exception):
        pass

    def names():
        return list(Person.objects.order_by("id").values_list("name", "post"))

    with pytest.raises(Rollback), transaction.atomic():
        demo.run(ORG_ONLY)
        first = names()
        raise Rollback
    assert not Person.objects.exists()
    demo.run(ORG_ONLY)
    assert names() == first


def test_command_prints_the_logins_and_skips_the_second_time(demo_mode, monkeypatch):
    monkeypatch.setattr(demo, "registered", lambda: ORG_ONLY)  # what is printed comes from these two
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


def test_the_apps_register_their_loaders_in_the_order_their_data_needs():
    loaders = demo.registered()
    assert loaders[:3] == ("paizhu.org.demo", "paizhu.accounts.demo", "paizhu.core.demo_calendar")
    assert loaders.index("paizhu.intake.demo") < loaders.index("paizhu.clues.demo")  # clues cite report numbers
    assert demo.registered(base_only=True) == loaders[:3]  # what `paizhu gen` builds on


def test_unknown_and_broken_loaders_fail(demo_mode, tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "broken_demo.py").write_text("import paizhu_no_such_package  # noqa\n")
    with pytest.raises(ModuleNotFoundError):
        demo.run(("paizhu.org.no_such_demo",))
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
