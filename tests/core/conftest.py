import pytest

from paizhu.core import calendar


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """The calendar is cached per process, and a test's rolled-back overrides send no signal: start and end clean."""
    calendar.invalidate()
    yield
    calendar.invalidate()
