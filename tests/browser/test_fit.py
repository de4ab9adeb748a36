"""Lists, details, forms and the home page fit the window at 1366 px and on a 390 px phone, for the roles that
use them: no page, content area or table scrolls sideways (tests/browser/fit.py)."""

from importlib import import_module

import pytest

from paizhu.clues.models import Case, Clue
from paizhu.intake.models import Report
from paizhu.org.models import Coverage, Person, Unit
from tests.browser.fit import visit_at_each_width
from tests.intake.conftest import real_name_identity
from tests.query_counts import add_clue, add_report, grow_city


@pytest.fixture(autouse=True)
def approval_rules(transactional_db):
    """The default approval rules (an earlier transactional test's flush empties what migration 0002 seeded)."""
    from django.apps import apps

    class Moved:  # the rules have moved to the kernel since migration 0002 seeded them
        @staticmethod
        def get_model(app_label, name):
            return apps.get_model("workflow" if name == "ApprovalRule" else app_label, name)

    import_module("paizhu.clues.migrations.0002_default_rules_and_reasons").seed(Moved, None)


@pytest.fixture
def city(world):
    """What each role's pages list, with the longest names a real city has (they are what overflows)."""
    unit = Unit.objects.create(commission=world.city, name="测试市国有资产监督管理委员会机关事务服务中心")
    Coverage.objects.create(group=world.g4, unit=unit, valid_from=world.start)
    subject = Person.objects.create(
        name="欧阳建国", unit=unit, post="党委副书记、总经理（兼）", rank=Person.Rank.DIVISION_DEPUTY
    )
    grow_city(world)
    for _ in range(3):
        add_clue(world, unit=unit, subjects=[subject])
        add_report(world, unit=unit, subjects=[subject], handler=world.users.zu4a, identity=real_name_identity())
    return world


def _paths(world) -> dict[str, list[str]]:
    clue = Clue.objects.filter(handlers=world.users.zu4a).first()
    report = Report.objects.filter(handler=world.users.zu4a).first()
    case = Case.objects.first()
    ledger = ["/", "/clues/", f"/clues/{clue.pk}/", "/clues/deadlines/", "/clues/cases/", f"/clues/cases/{case.pk}/"]
    intake = ["/intake/", f"/intake/{report.pk}/", "/intake/due/"]
    return {
        "zu4a": ledger + intake + ["/clues/new/", "/intake/new/"],
        "zu4": ledger + intake + ["/approvals/"],
        "wei": ["/", "/clues/", "/clues/cases/", "/intake/", "/approvals/"],
        "xinfang": ["/", "/intake/", f"/intake/{report.pk}/", "/intake/new/"],
    }


@pytest.mark.parametrize("role", ["zu4a", "zu4", "wei", "xinfang"])
def test_pages_fit_at_1366_and_390(page, login, city, role):
    paths = _paths(city)[role]
    login(page, role)
    failures = visit_at_each_width(page, paths)
    assert not failures, "\n".join(failures)
