import datetime
import decimal
import json

import pytest

from paizhu.audit import chain
from paizhu.audit import context as audit_context
from paizhu.audit.models import AuditEntry, AuditHead
from paizhu.audit.services import chain_head, head_hash, record, verify_chain

from .helpers import tamper


@pytest.fixture
def trail(world):
    """The world's grant entries plus a few of our own: 20 entries or so, all chained."""
    for i in range(6):
        record(world.users.guanli, "org.person_saved", world.edu_clerk, {"step": i, "note": f"第{i}次保存"})
    return list(AuditEntry.objects.order_by("seq"))


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_a_fresh_database_has_the_genesis_head(db):
    head = AuditHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (0, chain.GENESIS_HASH)
    assert verify_chain().message == f"审计链完整：共 0 条，链头 {chain.GENESIS_HASH}"


def test_a_clean_chain_verifies(trail):
    result = verify_chain(chunk_size=4)  # several chunks
    assert result.ok
    assert result.count == len(trail) == AuditHead.objects.get().last_seq
    assert result.head_hash == trail[-1].hash == head_hash()
    assert result.message == f"审计链完整：共 {len(trail)} 条，链头 {trail[-1].hash}"
    assert [e.seq for e in trail] == list(range(1, len(trail) + 1))
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(trail, trail[1:], strict=False))


def test_changed_details_are_found_at_their_entry(trail):
    target = trail[9]
    tamper("UPDATE audit_auditentry SET details = %s WHERE seq = %s", (_json({"step": 99}), target.seq))
    result = verify_chain()
    assert not result.ok
    assert result.broken_seq == target.seq
    assert "详情被改动" in result.problem
    assert result.count == target.seq - 1
    assert result.message.startswith(f"审计链校验未通过：第 {target.seq} 条记录")


def test_changed_details_with_a_recomputed_digest_still_break_the_hash(trail):
    target = trail[9]
    forged = {"step": 99}
    tamper(
        "UPDATE audit_auditentry SET details = %s, details_digest = %s WHERE seq = %s",
        (_json(forged), chain.details_digest(forged), target.seq),
    )
    result = verify_chain()
    assert (result.ok, result.broken_seq) == (False, target.seq)
    assert "哈希不一致" in result.problem


@pytest.mark.parametrize(
    ("column", "value"),
    [("action", "auth.login"), ("object_id", "12345"), ("role", "commission_leader"), ("at", None)],
)
def test_changed_fields_are_found_at_their_entry(trail, column, value):
    target = trail[5]
    if column == "at":
        value = target.at - datetime.timedelta(hours=3)
        tamper("UPDATE audit_auditentry SET at = %s WHERE seq = %s", (value, target.seq))
    else:
        tamper(f"UPDATE audit_auditentry SET {column} = %s WHERE seq = %s", (value, target.seq))  # noqa: S608
    result = verify_chain()
    assert (result.ok, result.broken_seq) == (False, target.seq)
    assert "哈希不一致" in result.problem


def test_a_changed_actor_is_found(trail, world):
    target = next(e for e in trail if e.actor_id == world.users.guanli.pk)
    tamper("UPDATE audit_auditentry SET actor_id = %s WHERE seq = %s", (world.users.wei.pk, target.seq))
    result = verify_chain()
    assert (result.ok, result.broken_seq) == (False, target.seq)


def test_a_deleted_middle_entry_is_named(trail):
    tamper("DELETE FROM audit_auditentry WHERE seq = %s", (7,))
    result = verify_chain(chunk_size=3)
    assert (result.ok, result.broken_seq, result.count) == (False, 7, 6)
    assert "应为序号 7，实际下一条为序号 8" in result.problem


def test_swapped_entries_are_found_at_the_first_of_them(trail):
    tamper("UPDATE audit_auditentry SET seq = -1 WHERE seq = 4")
    tamper("UPDATE audit_auditentry SET seq = 4 WHERE seq = 5")
    tamper("UPDATE audit_auditentry SET seq = 5 WHERE seq = -1")
    result = verify_chain()
    assert (result.ok, result.broken_seq) == (False, 4)
    assert "前序哈希" in result.problem


def test_entries_cut_from_the_end_are_found_through_the_head(trail):
    last = len(trail)
    tamper("DELETE FROM audit_auditentry WHERE seq >= %s", (last - 1,))
    result = verify_chain()
    assert (result.ok, result.broken_seq, result.count) == (False, last - 1, last - 2)
    assert f"链头记录共 {last} 条" in result.problem


def test_a_head_that_disagrees_with_the_last_entry_is_found(trail):
    AuditHead.objects.filter(pk=1).update(last_hash="f" * 64)
    result = verify_chain()
    assert (result.ok, result.broken_seq) == (False, len(trail))
    assert "链头哈希" in result.problem


def test_a_missing_head_with_entries_is_found(trail):
    AuditHead.objects.filter(pk=1).delete()
    result = verify_chain()
    assert not result.ok
    assert result.broken_seq is None
    assert result.message == f"审计链校验未通过：链头记录缺失，但存在 {len(trail)} 条审计记录"


def test_a_rewritten_chain_is_caught_by_an_anchor_kept_outside(trail):
    anchor_seq, anchor = chain_head()
    # Someone with database access rewrites entry 3 and recomputes every later hash and the head.
    entries = list(AuditEntry.objects.order_by("seq"))
    prev = entries[1].hash
    for entry in entries[2:]:
        if entry.seq == 3:
            entry.details = {"forged": True}
            entry.details_digest = chain.details_digest(entry.details)
        entry.prev_hash = prev
        entry.hash = chain.entry_hash(prev, entry)
        tamper(
            "UPDATE audit_auditentry SET details = %s, details_digest = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            (_json(entry.details), entry.details_digest, entry.prev_hash, entry.hash, entry.seq),
        )
        prev = entry.hash
    AuditHead.objects.filter(pk=1).update(last_hash=prev)

    assert verify_chain().ok  # internally consistent again...
    result = verify_chain(anchors=(anchor,))  # ...but the head printed in last month's report is gone
    assert not result.ok
    assert anchor in result.problem
    assert anchor_seq == len(trail)


def test_an_anchor_still_in_the_chain_passes(trail):
    _, anchor = chain_head()
    record(None, "audit.verified", None, {"ok": True})
    assert verify_chain(anchors=(anchor, chain.GENESIS_HASH)).ok


def test_values_the_database_rewrites_still_verify(world):
    """jsonb renders numbers its own way and inet renders IPv6 its own way: the stored form is what gets hashed."""
    token = audit_context.set_current(audit_context.RequestContext(role="group_leader", client_address="2001:DB8::0:1"))
    try:
        entry = record(
            world.users.zu4,
            "org.person_saved",
            world.edu_clerk,
            {
                "big": 1e16,
                "negative_zero": -0.0,
                "score": 87.5,
                "amount": decimal.Decimal("12345.60"),
                "day": datetime.date(2026, 11, 23),
                "nested": [{"b": 2, "a": 1}],
                "text": "违规发放津补贴",
            },
        )
    finally:
        audit_context.reset(token)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.client_address == "2001:db8::1"
    assert stored.details["big"] == "1e+16"
    assert stored.details["day"] == "2026-11-23"
    assert verify_chain().ok
