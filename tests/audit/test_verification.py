"""Verification by ranges: entries of both canonical forms, tampering at and across range boundaries —
always the same answer as one pass from entry 1 (worker processes: tests/audit/test_postgres.py)."""

import datetime
import json

import pytest

from paizhu.audit.models import AuditEntry, AuditHead
from paizhu.audit.services import verify_chain

from .helpers import NEW, OLD, mixed_chain, tamper


@pytest.fixture
def mixed(db):
    mixed_chain()
    assert list(AuditEntry.objects.order_by("seq").values_list("canon", flat=True)) == [1] * OLD + [2] * NEW


def _same_in_ranges_as_in_one_pass() -> object:
    """Every split of the chain finds what a single pass finds; returns that result."""
    whole = verify_chain(chunk_size=2)
    for range_size in (1, 2, 3, 4, 7):
        assert verify_chain(chunk_size=2, range_size=range_size) == whole, range_size
    return whole


def test_a_chain_of_both_forms_verifies_in_ranges_of_every_size(mixed):
    result = _same_in_ranges_as_in_one_pass()
    assert result.ok
    assert result.count == OLD + NEW == AuditHead.objects.get().last_seq


# seq 3 closes the range 1-3 and seq 4 opens 4-6 when ranges are 3 long; 5 is the last entry of form 1
@pytest.mark.parametrize("seq", [1, 3, 4, 5, 6, 10])
@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        ("UPDATE audit_auditentry SET action = 'auth.login' WHERE seq = %s", "记录内容与哈希不一致"),
        ("UPDATE audit_auditentry SET object_id = '999' WHERE seq = %s", "记录内容与哈希不一致"),
        ("UPDATE audit_auditentry SET details = %s WHERE seq = %s", "详情被改动"),
        ("UPDATE audit_auditentry SET canon = 3 - canon WHERE seq = %s", "记录内容与哈希不一致"),
    ],
)
def test_a_changed_entry_of_either_form_is_named_in_every_range_split(mixed, seq, sql, problem):
    params = (json.dumps({"forged": True}), seq) if "details" in sql else (seq,)
    tamper(sql, params)
    result = _same_in_ranges_as_in_one_pass()
    assert (result.ok, result.broken_seq, result.count) == (False, seq, seq - 1)
    assert problem in result.problem


def test_a_changed_time_of_an_old_entry_is_found(mixed):
    target = AuditEntry.objects.get(seq=2)
    tamper("UPDATE audit_auditentry SET at = %s WHERE seq = 2", (target.at + datetime.timedelta(microseconds=1),))
    result = _same_in_ranges_as_in_one_pass()
    assert (result.ok, result.broken_seq) == (False, 2)


@pytest.mark.parametrize("seq", [3, 4, 10])
def test_a_deleted_entry_at_a_range_boundary_is_named(mixed, seq):
    tamper("DELETE FROM audit_auditentry WHERE seq = %s", (seq,))
    result = _same_in_ranges_as_in_one_pass()
    assert (result.ok, result.broken_seq, result.count) == (False, seq, seq - 1)
    if seq < OLD + NEW:
        assert f"应为序号 {seq}，实际下一条为序号 {seq + 1}" in result.problem
    else:
        assert f"链头记录共 {OLD + NEW} 条，但序号 {seq} 起的记录缺失" in result.problem


@pytest.mark.parametrize("first", [3, 5])  # across the boundary of 3-long ranges, across the change of form
def test_entries_swapped_across_a_boundary_are_found_at_the_first_of_them(mixed, first):
    tamper("UPDATE audit_auditentry SET seq = -1 WHERE seq = %s", (first,))
    tamper("UPDATE audit_auditentry SET seq = %s WHERE seq = %s", (first, first + 1))
    tamper("UPDATE audit_auditentry SET seq = %s WHERE seq = -1", (first + 1,))
    result = _same_in_ranges_as_in_one_pass()
    assert (result.ok, result.broken_seq) == (False, first)
    assert "前序哈希" in result.problem


def test_a_head_that_disagrees_with_the_last_entry_is_found_in_ranges(mixed):
    AuditHead.objects.filter(pk=1).update(last_hash="f" * 64)
    result = _same_in_ranges_as_in_one_pass()
    assert (result.ok, result.broken_seq) == (False, OLD + NEW)
    assert "链头哈希" in result.problem
