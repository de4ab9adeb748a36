"""The access matrix's matters (a report, clue, case, supervision record, demand and responsibility records of
the 4th group about 教育局): every API list has rows to answer with."""

from tests.access.conftest import matters  # noqa: F401 - a fixture, shared
