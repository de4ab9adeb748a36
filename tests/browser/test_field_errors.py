"""Through the pages: a refused date shows at its field with the reason and nothing is recorded; a long text
counts its characters as they are typed, and an over-long one is refused at the field, not cut."""

import re

from playwright.sync_api import expect

from paizhu.clues.models import Clue
from paizhu.core.calendar import shanghai_today
from paizhu.core.forms import TEXT_LIMIT
from paizhu.intake.models import ForwardingRecord
from tests.browser.conftest import ARTIFACTS


def test_a_forwarding_dated_before_its_receipt_is_refused_at_the_field(page, login, world, console_errors):
    login(page, "xinfang")
    page.goto("/intake/forwarding/")
    page.get_by_label("收到日期").fill("2026-09-29")
    page.get_by_label("转送机关").fill("省纪委监委")
    page.get_by_label("转送日期").fill("2026-09-01")
    page.get_by_role("button", name=re.compile("登记")).click()
    page.wait_for_load_state()
    field = page.get_by_label("转送日期")
    expect(field).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.get_by_text("转送日期不能早于收到日期（2026-09-29）。")).to_be_visible()
    assert not ForwardingRecord.objects.exists()
    assert console_errors == []


def test_a_long_text_counts_and_is_refused_beyond_its_limit_never_cut(page, login, world, console_errors):
    login(page, "zu4a")
    page.goto("/clues/new/")
    summary = page.get_by_label("主要问题")
    counter = page.locator("#id_summary-counter")
    expect(counter).to_have_text(f"已输入 0 / {TEXT_LIMIT} 字")
    summary.fill("反映其违规收受礼金。")
    expect(counter).to_have_text(f"已输入 10 / {TEXT_LIMIT} 字")
    summary.fill("违" * (TEXT_LIMIT + 3))
    expect(counter).to_have_text(f"已输入 {TEXT_LIMIT + 3} 字，超出 3 字（上限 {TEXT_LIMIT} 字）")
    expect(counter).to_have_class(re.compile(r"\btext-danger\b"))
    assert len(summary.input_value()) == TEXT_LIMIT + 3  # nothing was cut
    page.get_by_label("受理日期").fill(shanghai_today().isoformat())
    page.get_by_label("涉及单位").select_option(label=world.edu.name)
    page.get_by_role("button", name=re.compile("登记")).click()
    page.wait_for_load_state()
    message = f"“主要问题”不超过{TEXT_LIMIT}字，当前{TEXT_LIMIT + 3}字，请删减后再提交。"
    expect(page.locator(".invalid-feedback", has_text=message)).to_be_visible()  # at the field
    page.screenshot(path=str(ARTIFACTS / "field-errors-long-text.png"), full_page=True)
    assert "这个字段是必填项" not in page.content() and "---------" not in page.content()
    assert len(page.get_by_label("主要问题").input_value()) == TEXT_LIMIT + 3  # the text is kept to be shortened
    assert not Clue.objects.exists()
    assert console_errors == []
