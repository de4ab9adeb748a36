"""The system administrator's configuration screens: approval rules and close reasons, audited saves."""

import json

import pytest
from django.test import Client

from paizhu.audit.models import AuditEntry
from paizhu.clues import services
from paizhu.clues.models import ApprovalRule, CloseReason
from paizhu.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.fixture
def sysadmin(world):
    client = Client()
    client.force_login(world.users.sysadmin)
    return client


def test_the_lists_show_the_rules_chains_and_reasons(sysadmin):
    body = sysadmin.get("/admin/clues/approvalrule/").content.decode()
    assert "组长审核 → 委主要负责人审核" in body and "处置意见/了结意见" in body
    assert "?kind=case.extension" in body and "clue.assignment</a>" not in body  # the filter speaks Chinese
    body = sysadmin.get("/admin/clues/approvalrule/?kind=case.extension").content.decode()
    assert "延长审查调查期限" in body and "其他：组长审批" not in body
    body = sysadmin.get("/admin/clues/closereason/").content.decode()
    assert CloseReason.objects.filter(is_active=True).first().text in body


def test_saving_a_rule_is_validated_and_audited(sysadmin, world):
    data = {
        "kind": "clue.disposal",
        "name": "暂存须分管委领导审批",
        "priority": 5,
        "conditions": json.dumps({"action": "park"}),
        "steps": json.dumps([{"role": "group_leader", "label": "组长审核"}, {"role": "commission_leader"}]),
        "is_active": "on",
    }
    bad = sysadmin.post("/admin/clues/approvalrule/add/", {**data, "steps": json.dumps([{"role": "nobody"}])})
    assert bad.status_code == 200 and "第1步的审批角色无效。" in bad.content.decode()
    bad = sysadmin.post("/admin/clues/approvalrule/add/", {**data, "conditions": json.dumps({"rank": "正处级"})})
    assert "未知的适用条件：rank。" in bad.content.decode()
    assert not AuditEntry.objects.filter(action="config.saved").exists()

    response = sysadmin.post("/admin/clues/approvalrule/add/", data)
    assert response.status_code == 302
    rule = ApprovalRule.objects.get(name="暂存须分管委领导审批")
    entry = AuditEntry.objects.get(action="config.saved")
    assert entry.actor == world.users.sysadmin and entry.object_id == str(rule.pk)
    assert entry.details["steps"][1] == {"role": "commission_leader"} and entry.details["previous"] is None
    # The engine now uses it: a park proposal goes to the commission leader too.
    assert services.approvals.rule_for("clue.disposal", {"action": "park", "by_group": True}) == rule


def test_switching_a_reason_off_records_what_it_was_and_nothing_is_deleted(sysadmin, world):
    reason = CloseReason.objects.filter(is_active=True).first()
    response = sysadmin.post(
        f"/admin/clues/closereason/{reason.pk}/change/",
        {"kind": reason.kind, "text": reason.text, "order": reason.order},
    )
    assert response.status_code == 302
    reason.refresh_from_db()
    assert not reason.is_active
    entry = AuditEntry.objects.get(action="config.saved")
    assert entry.details["previous"]["is_active"] is True and entry.details["is_active"] is False
    assert reason.text not in services.close_reasons(reason.kind)
    assert sysadmin.post(f"/admin/clues/closereason/{reason.pk}/delete/", {"post": "yes"}).status_code == 403


def test_only_the_system_administrator_saves_configuration(world):
    rule = ApprovalRule.objects.first()
    with pytest.raises(PermissionDenied):
        services.save_approval_rule(world.users.anguan, rule)
    client = Client()
    client.force_login(world.users.anguan)
    response = client.get("/admin/clues/approvalrule/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
