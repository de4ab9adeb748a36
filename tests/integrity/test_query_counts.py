"""The integrity pages in a fixed number of queries: measured, grown (more files, entries, requests), measured again."""

import datetime
from itertools import count

from django.db import transaction
from django.test import Client

from paizhu.org.models import IntegrityRecord, Person
from paizhu.org.services import write_integrity_outcome
from tests.fixtures import sign_in
from tests.query_counts import assert_no_growth

from .conftest import ask, decide

_n = count(1)


def _cadre(world) -> Person:
    i = next(_n)
    return Person.objects.create(
        name=f"干部{i:03d}", unit=world.edu, post=f"第{i}科科长", rank=Person.Rank.SECTION_CHIEF
    )


def _entry(person, kind=IntegrityRecord.Kind.PENALTY, measures=("政务处分：警告",)) -> str:
    i = next(_n)
    with transaction.atomic():
        write_integrity_outcome(
            person,
            kind=kind,
            occurred_on=datetime.date(2025, 3, 1),
            source_serial=f"AJ-2025-{i:06d}",
            form=2,
            measures=list(measures),
            summary=f"AJ-2025-{i:06d}：第二种形态",
        )
    return f"AJ-2025-{i:06d}"


def test_the_file_list(world, dossier):
    client = sign_in(Client(), world.users.zu4)

    def grow():
        people = [_cadre(world) for _ in range(3)]
        for p in people:
            _entry(p)
        return [p.name for p in people]

    assert_no_growth(client, "/integrity/", grow)


def test_a_held_file(world, dossier):
    from paizhu.integrity import services

    client = sign_in(Client(), world.users.wei)

    def grow():
        serials = [_entry(world.edu_deputy) for _ in range(2)]
        serials.append(_entry(world.edu_deputy, IntegrityRecord.Kind.CLUE_OUTCOME, ()))
        services.save_note(
            world.users.zu4a,
            world.edu_deputy.pk,
            year=2024,
            reported_on=datetime.date(2024, 1, 10),
            check_result="consistent",
        )
        serials.append(ask(world.users.xinfang, world.edu_deputy).serial)
        return serials

    assert_no_growth(client, f"/integrity/{world.edu_deputy.pk}/", grow)


def test_the_summary_sheet(world, dossier):
    decide(world.users.zu4, ask(world.users.lianluo, world.edu_deputy))
    client = sign_in(Client(), world.users.lianluo)

    def grow():
        for measure in ("政务处分：记过", "诫勉"):
            _entry(world.edu_deputy, measures=(measure,))
        return ["政务处分：记过", "诫勉"]

    assert_no_growth(client, f"/integrity/{world.edu_deputy.pk}/", grow)


def test_the_requests(world, dossier):
    for name in ("lianluo", "zu4"):
        client = sign_in(Client(), getattr(world.users, name))
        assert_no_growth(
            client, "/integrity/requests/", lambda: [ask(world.users.lianluo, _cadre(world)).serial for _ in range(3)]
        )
