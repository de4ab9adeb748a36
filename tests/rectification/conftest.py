import datetime

import pytest
from freezegun import freeze_time

from paizhu.rectification import services
from paizhu.rectification.models import DemandKind
from paizhu.workflow import approvals
from paizhu.workflow import services as workflow_services
from paizhu.workflow.attachments import Upload
from tests.samples import PDF

# A Monday before the National Day holiday (2026-10-01 … 10-08): ten working days run across it.
ISSUE_DAY = datetime.date(2026, 9, 21)
ITEMS = [
    "党组会议研究“三重一大”事项前未按规定向派驻组报备，须建立会前报备制度并严格执行。",
    "2025年以来违规发放津补贴，须全面清理并追缴违规发放的款项。",
    "公务用车管理制度不健全，存在公车私用现象，须修订制度并加强日常监管。",
]


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.OTP_REQUIRED = False


@pytest.fixture
def frozen():
    with freeze_time("2026-09-21 10:00:00+08:00") as clock:
        yield clock


def evidence(name="整改台账.pdf"):
    return [Upload(name, PDF)]


@pytest.fixture
def make_demand(world, frozen):
    def make(*, issue=True, kind=DemandKind.DISCIPLINE, unit=None, items=ITEMS, reply_workdays=10, actor=None):
        u = world.users
        demand = services.draft_demand(
            actor or u.zu4a,
            unit=unit or world.edu,
            kind=kind,
            problems="市教育局党组落实全面从严治党主体责任不到位，“三重一大”决策制度执行不严。",
            causes="党组对派驻监督认识不足，制度执行失之于宽。",
            measures="建立健全“三重一大”事项会前报备制度，开展专项清理。",
            source_label="列席党组会议发现",
            items=list(items),
            reply_workdays=reply_workdays,
        )
        if not issue:
            return demand
        demand = services.submit_demand(actor or u.zu4a, demand, version=demand.version)
        if demand.status == "approving":
            demand = workflow_services.decide_approval(
                u.zu4, approvals.current(demand), version=demand.version, approve=True, opinion="同意印发"
            )
        return demand

    return make
