"""Audit completeness (issue 8): refused attempts, list reads, exports' ids and step-up before documents.

A refusal on a record that exists is written as `access.denied` (who, what, which action, through which
channel); a probe of an id that does not exist leaves no entry; both answer the same 404. Every list,
search and API-list page writes one `*.listed` entry naming its filters and the ids it showed.
"""

import datetime
import io
import re

import pytest
from django.test import Client
from freezegun import freeze_time
from openpyxl import load_workbook

from paizhu.audit.models import AuditEntry
from paizhu.audit.services import BULK_VIEW_ALERT, DENIED_ALERT
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db

NOWHERE = 987654


@pytest.fixture(autouse=True)
def _otp_on(settings):
    settings.OTP_REQUIRED = True


def _client(user) -> Client:
    return sign_in(Client(), user)


def _unmasked(response) -> str:
    # The CSRF token is masked afresh for every response; nothing else may differ.
    return re.sub(r"[A-Za-z0-9]{64}", "<csrf>", response.content.decode())


def _denied(**kwargs):
    return list(AuditEntry.objects.filter(action="access.denied", **kwargs).order_by("seq"))


def _listed(code, user):
    return list(AuditEntry.objects.filter(action=code, actor=user).order_by("seq"))


# ---------------------------------------------------------------- refusals


def test_a_refused_page_on_an_existing_clue_is_recorded_and_answers_404(world, matters):
    clue_pk, serial = matters["clue"]
    response = _client(world.users.zu2).get(f"/clues/{clue_pk}/")
    assert response.status_code == 404
    assert serial not in response.content.decode()
    [entry] = _denied()
    assert entry.actor == world.users.zu2 and entry.role == "group_leader"
    assert (entry.object_type, entry.object_id) == ("clues.clue", str(clue_pk))
    assert entry.details == {"action": "view", "channel": f"GET /clues/{clue_pk}/"}


def test_a_probe_of_an_id_that_does_not_exist_is_not_recorded_and_answers_the_same(world, matters):
    clue_pk, _ = matters["clue"]
    client = _client(world.users.zu2)
    missing = client.get(f"/clues/{NOWHERE}/")
    hidden = client.get(f"/clues/{clue_pk}/")
    assert missing.status_code == hidden.status_code == 404
    assert _unmasked(missing) == _unmasked(hidden)
    assert [e.object_id for e in _denied()] == [str(clue_pk)]


def test_a_refused_step_and_a_refused_report_are_recorded_with_their_action(world, matters):
    clue_pk, _ = matters["clue"]
    report_pk, _ = matters["report"]
    assert _client(world.users.zu2).get(f"/clues/{clue_pk}/propose/").status_code == 404
    assert _client(world.users.zu2).get(f"/intake/{report_pk}/").status_code == 404
    step, report = _denied()
    assert (step.actor, step.object_type, step.details["action"]) == (world.users.zu2, "clues.clue", "act")
    assert step.details["channel"] == f"GET /clues/{clue_pk}/propose/"
    assert (report.actor, report.object_type, report.object_id) == (world.users.zu2, "intake.report", str(report_pk))


def test_a_refused_api_read_is_recorded_with_the_api_channel(world, matters):
    clue_pk, _ = matters["clue"]
    client = _client(world.users.zu2)
    hidden = client.get(f"/api/v1/clues/{clue_pk}")
    missing = client.get(f"/api/v1/clues/{NOWHERE}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    [entry] = _denied()
    assert (entry.actor, entry.object_id) == (world.users.zu2, str(clue_pk))
    assert entry.details == {"action": "view", "channel": "api", "request": f"GET /api/v1/clues/{clue_pk}"}


def test_a_refused_attempt_inside_a_rolled_back_service_is_still_recorded(world, matters):
    """The service's transaction is undone; the refusal's record is written after it, and stays."""
    from django.db import transaction

    from paizhu import access
    from paizhu.access.middleware import record_denied
    from paizhu.clues.models import Clue
    from paizhu.core.errors import NotFound

    clue_pk, _ = matters["clue"]
    with pytest.raises(NotFound) as refused, transaction.atomic():
        access.fetch(world.users.zu2, Clue, clue_pk)
    assert refused.value.context == {"model": Clue, "pk": clue_pk, "action": "view"}
    assert not _denied()
    record_denied(world.users.zu2, refused.value, channel="api")
    assert len(_denied()) == 1


def test_five_refusals_raise_one_alert_on_the_auditors_panel(world, matters):
    clue_pk, _ = matters["clue"]
    report_pk, _ = matters["report"]
    client = _client(world.users.zu2)
    with freeze_time("2026-11-23 10:00:00+08:00", tick=True):
        for _ in range(2):
            client.get(f"/clues/{clue_pk}/")
            client.get(f"/intake/{report_pk}/")
        for _ in range(20):
            client.get(f"/clues/{NOWHERE}/")  # probes of nothing count for nothing
        assert not AuditEntry.objects.filter(action=DENIED_ALERT).exists()
        client.get(f"/api/v1/clues/{clue_pk}")
        client.get(f"/clues/{clue_pk}/")  # a sixth within the window: still one alert
        [alert] = AuditEntry.objects.filter(action=DENIED_ALERT)
        assert alert.actor is None
        assert (alert.object_type, alert.object_id) == ("accounts.user", str(world.users.zu2.pk))
        assert alert.details["count"] == 5 and alert.details["threshold"] == 5 and alert.details["minutes"] == 10
        body = _client(world.users.auditor).get("/audit/").content.decode()
    assert "近 7 日安全告警" in body
    assert "zu2（组长）在 10 分钟内 5 次访问无权访问的记录被拒绝" in body


def test_a_refusal_stays_out_of_the_records_access_history(world, matters):
    """The 查阅记录 shown on a clue lists who read or handled it; a refused attempt is the auditor's matter."""
    from paizhu.audit.queries import access_history
    from paizhu.clues.models import Clue

    clue = Clue.objects.get(pk=matters["clue"][0])
    before = [e.seq for e in access_history(world.users.zu4, clue).entries]
    _client(world.users.zu2).get(f"/clues/{clue.pk}/")
    assert len(_denied()) == 1
    assert [e.seq for e in access_history(world.users.zu4, clue).entries] == before


# ---------------------------------------------------------------- list reads


def test_the_ledger_page_is_recorded_once_with_its_filters_and_the_ids_shown(world, matters):
    clue_pk, _ = matters["clue"]
    client = _client(world.users.anguan)
    assert client.get("/clues/?status=assigned&q=津补贴").status_code == 200
    [entry] = _listed("clue.listed", world.users.anguan)
    assert (entry.object_type, entry.object_id) == ("clues.clue", "")
    assert entry.details == {
        "filters": {"status": "assigned", "q": "津补贴"},
        "page": 1,
        "total": 1,
        "ids": [clue_pk],
        "channel": "GET /clues/",
    }
    client.get("/clues/?status=closed")
    assert [e.details["ids"] for e in _listed("clue.listed", world.users.anguan)] == [[clue_pk], []]


def test_another_group_lists_nothing_and_that_is_recorded_too(world, matters):
    _client(world.users.zu2).get("/clues/")
    [entry] = _listed("clue.listed", world.users.zu2)
    assert entry.details["ids"] == [] and entry.details["total"] == 0


def test_report_case_screening_and_deadline_lists_are_recorded(world, matters):
    from paizhu.clues.models import ScreeningMeeting

    report_pk, _ = matters["report"]
    case_pk, _ = matters["case"]
    clue_pk, _ = matters["clue"]
    meeting = ScreeningMeeting.objects.create(
        group=world.g4,
        held_on=datetime.date(2026, 3, 3),
        created_by=world.users.zu4,
        chaired_by="周正",
        attendees="周正、zu4a",
    )
    client = _client(world.users.zu4)
    client.get("/intake/?channel=letter")
    [reports] = _listed("report.listed", world.users.zu4)
    assert reports.details["ids"] == [report_pk] and reports.details["filters"] == {"channel": "letter"}
    client.get("/intake/due/")
    assert _listed("report.listed", world.users.zu4)[-1].details["channel"] == "GET /intake/due/"
    client.get("/clues/cases/")
    [cases] = _listed("case.listed", world.users.zu4)
    assert cases.details["ids"] == [case_pk]
    client.get("/clues/screenings/")
    [meetings] = _listed("screening.listed", world.users.zu4)
    assert meetings.details["ids"] == [meeting.pk]
    from paizhu.clues.models import Clue

    Clue.objects.filter(pk=clue_pk).update(due_on=datetime.date(2020, 1, 1))
    client.get("/clues/deadlines/")
    [deadlines] = _listed("clue.listed", world.users.zu4)
    assert deadlines.details["ids"] == [clue_pk] and deadlines.details["channel"] == "GET /clues/deadlines/"


def test_api_lists_are_recorded_with_their_filters_and_ids(world, matters):
    clue_pk, _ = matters["clue"]
    report_pk, _ = matters["report"]
    client = _client(world.users.zu4)
    assert client.get("/api/v1/clues/?limit=10&status=assigned").status_code == 200
    [clues] = _listed("clue.listed", world.users.zu4)
    assert clues.details["channel"] == "api" and clues.details["ids"] == [clue_pk]
    assert clues.details["filters"] == {"limit": "10", "status": "assigned"}
    assert client.get("/api/v1/intake/?channel=letter").status_code == 200
    [reports] = _listed("report.listed", world.users.zu4)
    assert reports.details["ids"] == [report_pk] and reports.details["filters"]["channel"] == "letter"
    assert client.get("/api/v1/org/people").status_code == 200
    [people] = _listed("person.listed", world.users.zu4)
    assert world.edu_clerk.pk in people.details["ids"] and world.water_head.pk not in people.details["ids"]


def test_an_api_list_of_more_rows_than_the_bulk_threshold_raises_the_bulk_view_alert(world, matters, settings):
    settings.BULK_VIEW_ALERT_COUNT = 3
    client = _client(world.users.wei)  # sees the whole roster of six
    client.get("/api/v1/org/people?limit=3")
    assert not AuditEntry.objects.filter(action=BULK_VIEW_ALERT).exists()
    client.get("/api/v1/org/people?limit=4")
    client.get("/api/v1/org/people?limit=5")
    [alert] = AuditEntry.objects.filter(action=BULK_VIEW_ALERT)
    assert alert.object_id == str(world.users.wei.pk) and alert.details["object_type"] == "org.person"
    assert alert.details["trigger_seq"] == _listed("person.listed", world.users.wei)[1].seq


# ---------------------------------------------------------------- exports


def _export_rows(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_exports_record_the_ids_they_contained(world, matters):
    clue_pk, clue_serial = matters["clue"]
    case_pk, _ = matters["case"]
    report_pk, _ = matters["report"]
    client = _client(world.users.guanli)
    assert clue_serial in str(_export_rows(client.get("/clues/export/")))
    assert AuditEntry.objects.get(action="clue.exported").details["ids"] == [clue_pk]
    _export_rows(client.get("/clues/cases/export/"))
    assert AuditEntry.objects.get(action="case.exported").details["ids"] == [case_pk]
    _export_rows(client.get("/intake/export/"))
    assert AuditEntry.objects.get(action="report.exported").details["ids"] == [report_pk]
    _export_rows(client.get("/intake/export/?channel=visit"))
    assert AuditEntry.objects.filter(action="report.exported").order_by("seq").last().details["ids"] == []


def test_the_audit_export_records_the_entries_it_contained_as_ranges(world, matters):
    client = _client(world.users.auditor)
    rows = _export_rows(client.get("/audit/export/"))
    seqs = sorted(row[0] for row in rows[4:])
    entry = AuditEntry.objects.get(action="audit.exported")
    assert entry.details["seq_ranges"] == [[seqs[0], seqs[-1]]] and seqs == list(range(seqs[0], seqs[-1] + 1))
    rows = _export_rows(client.get("/audit/export/?action=clue.viewed"))
    shown = [row[0] for row in rows[4:]]
    last = AuditEntry.objects.filter(action="audit.exported").order_by("seq").last()
    expanded = [seq for first, end in last.details["seq_ranges"] for seq in range(first, end + 1)]
    assert sorted(shown) == expanded


def test_many_ids_stay_a_modest_entry(world):
    from paizhu.auditor.exports import seq_ranges

    assert seq_ranges([]) == []
    assert seq_ranges([5, 1, 2, 3, 7, 8, 10]) == [[1, 3], [5, 5], [7, 8], [10, 10]]
    assert seq_ranges(range(1, 100_001)) == [[1, 100_000]]


# ---------------------------------------------------------------- step-up before documents


def test_a_document_download_asks_for_the_second_factor_again(world, matters):
    from paizhu.accounts.stepup import OTP_AT_SESSION_KEY

    case_pk, _ = matters["case"]
    url = f"/documents/case_filing/{case_pk}/"
    client = _client(world.users.zu4)
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(action="case.document_downloaded", object_id=str(case_pk)).count() == 1
    session = client.session
    session[OTP_AT_SESSION_KEY] -= 6 * 60
    session.save()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/?step_up=1")
    assert AuditEntry.objects.filter(action="case.document_downloaded").count() == 1


def test_the_old_document_addresses_lead_to_the_kernels(world, matters):
    clue_pk, _ = matters["clue"]
    case_pk, _ = matters["case"]
    client = _client(world.users.zu4)
    # A case's documents were addressed by the clue; they now hang on the case.
    assert client.get(f"/clues/{clue_pk}/documents/case_filing/")["Location"] == f"/documents/case_filing/{case_pk}/"
    assert client.get(f"/clues/{clue_pk}/documents/inquiry/")["Location"] == f"/documents/inquiry/{clue_pk}/"
    assert client.get(f"/clues/{clue_pk}/documents/no_such_kind/").status_code == 404
    # Another group's member learns no case id from the redirect.
    assert _client(world.users.zu2).get(f"/clues/{clue_pk}/documents/case_filing/").status_code == 404


def test_a_document_of_a_hidden_case_is_404_before_any_step_up(world, matters):
    case_pk, _ = matters["case"]
    client = _client(world.users.zu2)
    session = client.session
    session.pop("paizhu_otp_verified_at")
    session.save()
    assert client.get(f"/documents/case_filing/{case_pk}/").status_code == 404
