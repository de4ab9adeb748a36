"""`paizhu gen`: the generated rows keep the services' invariants (small numbers, both databases)."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from paizhu.audit.services import verify_chain
from paizhu.clues.models import Case, Clue, ClueEvent
from paizhu.clues.workflows import CaseStatus, ClueStatus
from paizhu.core import search
from paizhu.core.models import SearchEntry, SerialCounter
from paizhu.core.numbering import next_serial
from paizhu.intake import services as intake_services
from paizhu.intake.models import Report, ReportBand, ReportSignature
from paizhu.workflow.models import Approval

REPORTS, CLUES = 40, 50


@pytest.fixture
def demo_mode(db, settings, tmp_path):
    settings.DEMO_MODE = True
    settings.DATA_KEY_FILE = tmp_path / "data.key"
    return settings


def gen(**options):
    out, err = io.StringIO(), io.StringIO()
    call_command("gen", stdout=out, stderr=err, **options)
    return out.getvalue()


@pytest.fixture
def generated(demo_mode):
    return gen(reports=REPORTS, clues=CLUES, years=2, seed=7)


def _row_counts_and_summary(generated):
    assert Report.objects.count() == REPORTS
    assert Clue.objects.count() == CLUES
    assert ClueEvent.objects.count() >= CLUES  # every clue has at least its registration
    assert SearchEntry.objects.count() == REPORTS + CLUES
    assert ReportSignature.objects.count() == REPORTS
    assert "行/秒" in generated


def _the_audit_chain_verifies(generated):
    result = verify_chain()
    assert result.ok, result.message
    assert result.count >= REPORTS + CLUES


def _states_are_workflow_states_with_consistent_fields(generated):
    assert set(Clue.objects.values_list("status", flat=True)) <= set(ClueStatus.values)
    assert set(Case.objects.values_list("status", flat=True)) <= set(CaseStatus.values)
    assert set(Report.objects.values_list("stage", flat=True)) <= set(Report.Stage.values)
    assert len(set(Clue.objects.values_list("status", flat=True))) >= 5  # spread across the workflow
    for clue in Clue.objects.all():
        assert clue.received_on <= generated_today()
        if clue.status == ClueStatus.CLOSED:
            assert clue.concluded_on is not None
        if clue.status in (ClueStatus.REGISTERED, ClueStatus.ASSIGNING):
            assert clue.group_id is None
    assert not Clue.objects.filter(status=ClueStatus.IN_CASE, case__isnull=True).exists()
    # one current step at most per open request, as approvals.open_request leaves it
    current = Approval.objects.filter(is_current=True).values_list("object_id", "kind", "round")
    assert len(list(current)) == len(set(current))


def generated_today():
    from paizhu.core.calendar import shanghai_today

    return shanghai_today()


def _search_finds_a_generated_text_and_indexes_it_as_the_services_do(generated):
    clue = Clue.objects.prefetch_related("subjects").select_related("unit").first()
    person = clue.subjects.first()
    assert search.matching(Clue.objects.all(), f"{person.name}").filter(pk=clue.pk).exists()
    assert search.matching(Clue.objects.all(), clue.serial).get() == clue
    for obj in (clue, Report.objects.select_related("unit").first()):
        stored = SearchEntry.objects.get(object_id=obj.pk, content_type__model=obj._meta.model_name).tokens
        assert stored == " ".join(search.text_tokens(search.DOCUMENTS[obj._meta.label].parts(obj)))


def _similarity_rows_are_those_of_repeat_detection(generated):
    for report in Report.objects.select_related("unit")[:10]:
        sig = intake_services.signature_of(report)
        assert bytes(report.signature.minhash) == sig.to_bytes()
        assert sorted(ReportBand.objects.filter(report=report).values_list("key", flat=True)) == sorted(
            set(sig.band_keys())
        )
    repeat = Report.objects.filter(duplicate_of__isnull=False).first()
    if repeat is not None:  # a repeat in other words is found by the platform's own lookup
        found = intake_services.similar_to(intake_services.signature_of(repeat), Report.objects.all())
        assert repeat.duplicate_of_id in {r.pk for r, _ in found}


def _serial_counters_advanced_past_the_generated_numbers(generated):
    for model, kind in ((Report, "XF"), (Clue, "XS")):
        for serial in model.objects.values_list("serial", flat=True):
            year, number = re.fullmatch(rf"{kind}-(\d{{4}})-(\d+)", serial).groups()
            assert SerialCounter.objects.get(kind=kind, year=int(year)).last_value >= int(number)
    latest = Clue.objects.order_by("-received_on", "-pk").first()
    with transaction.atomic():
        fresh = next_serial("XS", latest.received_on.year)
    assert not Clue.objects.filter(serial=fresh).exists()


def test_generated_data_keeps_the_services_invariants(generated):
    """One dataset, every invariant: generating it takes most of the time, so it is made once."""
    _row_counts_and_summary(generated)
    _the_audit_chain_verifies(generated)
    _states_are_workflow_states_with_consistent_fields(generated)
    _search_finds_a_generated_text_and_indexes_it_as_the_services_do(generated)
    _similarity_rows_are_those_of_repeat_detection(generated)
    _serial_counters_advanced_past_the_generated_numbers(generated)


def test_refuses_a_filled_database_without_append(demo_mode):
    gen(reports=5, clues=5, years=1)
    with pytest.raises(CommandError, match="--append"):
        gen(reports=1, clues=1)
    gen(reports=3, clues=3, years=1, append=True)
    assert Report.objects.count() == 5 + 3
    assert len(set(Clue.objects.values_list("serial", flat=True))) == 5 + 3
    assert verify_chain().ok


def test_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="演示模式"):
        gen(reports=1, clues=1)
    assert not Report.objects.exists()
