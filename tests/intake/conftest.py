"""Helpers for intake tests: report input builders and sample attachment bytes."""

import pytest

from paizhu.intake.services import Identity, NamedPerson, ReportInput, Upload
from tests.samples import PDF, PNG, docx_bytes  # a PDF must now be structurally whole (core.uploads)

FACTS_CAR = (
    "市教育局副局长李红梅长期公车私用，周末驾驶单位公务用车接送孩子上下学，还违规发放津补贴给科室人员，请组织调查。"
)
FACTS_CAR_REWORDED = (
    "我反映市教育局李红梅副局长的问题：她经常在周末开单位的公务用车接送孩子上下学，"
    "属于公车私用；另外还给科室人员违规发放津补贴。"
)
FACTS_CANTEEN = "市教育局基建科科长在学校食堂招标中插手工程项目，收受承包商礼品礼金，请派驻纪检监察组调查。"


def report_input(**overrides) -> ReportInput:
    values = {
        "facts": FACTS_CAR,
        "categories": ["integrity"],
        "named": [NamedPerson(name="张三", unit_text="", post="科长")],
    }
    values.update(overrides)
    return ReportInput(**values)


def real_name_identity() -> Identity:
    return Identity(name="刘晓燕", unit="市第一中学", contact="13812345678", id_number="110101199001011234")


@pytest.fixture(autouse=True)
def _data_key_and_calendar():
    """Reporter identity and attachments are encrypted: the test run needs its key file (created once)."""
    from django.conf import settings

    from paizhu.core import calendar, crypto

    if not settings.DATA_KEY_FILE.exists():
        crypto.init_key_file()
    calendar.invalidate()
    yield
    calendar.invalidate()


__all__ = ["PDF", "PNG", "Upload", "docx_bytes", "real_name_identity", "report_input"]
