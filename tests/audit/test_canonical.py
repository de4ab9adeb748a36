"""The canonical forms: form 1 is byte for byte what entries were hashed in before forms had numbers,
and orjson writes exactly the standard library's canonical JSON for every value an entry holds."""

import datetime
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paizhu.audit import chain

DETAILS = {
    "serial": "XF-2026-000123",
    "ids": [3, 1, 2],
    "备注": '周末"公车"私用\\n',
    "nested": {"b": None, "a": True},
    "big": 123456789012345678901234567890,
}


def _entry(canon, at=datetime.datetime(2026, 3, 9, 1, 2, 3, tzinfo=datetime.UTC)):
    return SimpleNamespace(
        canon=canon,
        seq=41,
        at=at,
        actor_id=7,
        actor_name="李红梅",
        role="group_leader",
        action="report.viewed",
        object_type="intake.report",
        object_id="XF-2026-000123",
        client_address="2001:db8::1",
        details_digest=chain.details_digest(DETAILS),
    )


def test_form_one_is_the_form_the_existing_chain_was_hashed_in():
    # Computed with paizhu/audit/chain.py as it was before entries named their form (commit 9f33cb9).
    assert chain.details_digest(DETAILS) == "2d11643918a5e4cb867426371098a1f7bcb454aa9888d6601d0c6f3b0eaf3216"
    entry = _entry(chain.CANON_JSON_V1)
    assert chain.canonical_entry(entry) == (
        '[41,"2026-03-09T01:02:03.000000+00:00",7,"李红梅","group_leader","report.viewed","intake.report",'
        '"XF-2026-000123","2001:db8::1","2d11643918a5e4cb867426371098a1f7bcb454aa9888d6601d0c6f3b0eaf3216"]'
    )
    assert chain.entry_hash("ab" * 32, entry) == "ffe11dd193d7b7c84b9c8d957cb78f6180ffd81733ccce037577d96700e3ddaf"


def test_form_two_starts_with_its_number_and_writes_the_time_as_isoformat():
    entry = _entry(chain.CANON_JSON_V2)
    assert chain.canonical_entry(entry) == chain.canonical_json(
        [2, 41, "2026-03-09T01:02:03+00:00", 7, "李红梅", "group_leader", "report.viewed", "intake.report"]
        + ["XF-2026-000123", "2001:db8::1", entry.details_digest]
    )
    assert chain.entry_hash("ab" * 32, entry) != chain.entry_hash("ab" * 32, _entry(chain.CANON_JSON_V1))


def test_an_unknown_form_is_refused():
    with pytest.raises(ValueError, match="unknown canonical form 7"):
        chain.canonical_entry(_entry(7))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(json_values)
def test_orjson_writes_the_standard_librarys_canonical_json(value):
    assert chain.canonical_bytes(value) == chain.canonical_json(value).encode()


@given(
    st.datetimes(timezones=st.just(datetime.UTC)),
    st.integers(min_value=1, max_value=2**63 - 1),
    st.none() | st.integers(min_value=1, max_value=2**63 - 1),
    st.text(),
    st.none() | st.text(),
)
def test_both_forms_are_the_canonical_json_of_their_fields(at, seq, actor_id, text, address):
    first = chain.entry_bytes(1, seq, at, actor_id, text, text, "a.b", text, text, address, "0" * 64)
    second = chain.entry_bytes(2, seq, at, actor_id, text, text, "a.b", text, text, address, "0" * 64)
    rest = [actor_id, text, text, "a.b", text, text, address, "0" * 64]
    assert first == chain.canonical_json([seq, at.isoformat(timespec="microseconds"), *rest]).encode()
    assert second == chain.canonical_json([2, seq, at.isoformat(), *rest]).encode()
