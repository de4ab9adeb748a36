"""A 副处级 deputy of 教育局 with an integrity file: a reminder talk of the 4th group (through the supervision log),
a clue closed with nothing found, and a penalty; helpers to ask for and decide a request to open it."""

import datetime

import pytest
from django.db import transaction

CLEARED = "XS-2026-000101"  # a clue about the deputy closed as 了结澄清: no measure, never on the summary sheet
CASE = "AJ-2026-000007"
PENALTY = "党纪处分：警告"


@pytest.fixture
def dossier(world):
    return make_dossier(world)


def make_dossier(world):
    from paizhu.org.models import IntegrityRecord
    from paizhu.org.services import write_integrity_outcome
    from paizhu.supervision import services as supervision
    from paizhu.supervision.models import Kind

    talk = supervision.record_activity(
        world.users.zu4a,
        Kind.REMINDER_TALK,
        supervision.ActivityInput(
            held_on=datetime.date(2026, 4, 8),
            units=[world.edu],
            persons=[world.edu_deputy],
            topic="分管科室公务接待超标准",
            content="对其分管科室公务接待超标准问题进行提醒谈话，本人表示立即整改。",
        ),
    )
    with transaction.atomic():
        write_integrity_outcome(
            world.edu_deputy,
            kind=IntegrityRecord.Kind.CLUE_OUTCOME,
            occurred_on=datetime.date(2026, 2, 3),
            source_serial=CLEARED,
            form=None,
            measures=[],
            summary=f"{CLEARED}：予以了结（了结澄清）",
        )
        write_integrity_outcome(
            world.edu_deputy,
            kind=IntegrityRecord.Kind.PENALTY,
            occurred_on=datetime.date(2025, 11, 20),
            source_serial=CASE,
            form=2,
            measures=[PENALTY],
            summary=f"{CASE}：第二种形态：{PENALTY}",
        )
    return talk


def ask(user, person, reason="拟提拔为二级调研员，党组会议研究前了解其廉洁情况"):
    from paizhu.integrity import services

    return services.request_file(user, person.pk, purpose="promotion", reason=reason)


def decide(user, request, *, approve=True, opinion=""):
    from paizhu.workflow import approvals
    from paizhu.workflow import services as workflow_services

    request.refresh_from_db()
    return workflow_services.decide_approval(
        user, approvals.current(request), version=request.version, approve=approve, opinion=opinion
    )
