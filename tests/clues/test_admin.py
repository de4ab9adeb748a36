"""The system administrator's configuration screens: approval rules and close reasons, audited saves."""

import json

import pytest
from django.test import Client

from paizhu.audit.models import AuditEntry
from paizhu.clues import services
from paizhu.clues.models import CloseReason
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.workflow import approvals
from paizhu.workflow import services as workflow_services
from paizhu.workflow.models import ApprovalRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def sysadmin(world):
    client = Client()
    client.force_login(world.users.sysadmin)
    return client


def test_the_lists_show_the_rules_chains_and_reasons(sysadmin):
    body = sysadmin.get("/admin/workflow/approvalrule/").content.decode()
    assert "组长审核 → 委主要负责人审核" in body and "处置意见/了结意见" in body
    assert "?kind=case.extension" in body and "clue.assignment</a>" not in body  # the filter speaks Chinese
    body = sysadmin.get("/admin/workflow/approvalrule/?kind=case.extension").content.decode()
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
    bad = sysadmin.post("/admin/workflow/approvalrule/add/", {**data, "steps": json.dumps([{"role": "nobody"}])})
    assert bad.status_code == 200 and "第1步的审批角色无效。" in bad.content.decode()
    bad = sysadmin.post("/admin/workflow/approvalrule/add/", {**data, "conditions": json.dumps({"rank": "正处级"})})
    assert "未知的适用条件：rank。" in bad.content.decode()
    assert not AuditEntry.objects.filter(action="config.saved").exists()

    response = sysadmin.post("/admin/workflow/approvalrule/add/", data)
    assert response.status_code == 302
    rule = ApprovalRule.objects.get(name="暂存须分管委领导审批")
    entry = AuditEntry.objects.get(action="config.saved")
    assert entry.actor == world.users.sysadmin and entry.object_id == str(rule.pk)
    assert entry.details["steps"][1] == {"role": "commission_leader"} and entry.details["previous"] is None
    # The engine now uses it: a park proposal goes to the commission leader too.
    assert approvals.rule_for("clue.disposal", {"action": "park", "by_group": True}) == rule


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
        workflow_services.save_approval_rule(world.users.anguan, rule)
    client = Client()
    client.force_login(world.users.anguan)
    response = client.get("/admin/workflow/approvalrule/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# ---------------------------------------------------------------- what an approval rule may say (issue 8)

GL, CL = {"role": "group_leader", "label": "组长审核"}, {"role": "commission_leader", "label": "分管委领导审批"}


def _rule(**fields):
    values = {"kind": "clue.disposal", "name": "测试规则", "priority": 1, "conditions": {}, "steps": [GL, CL]}
    values.update(fields)
    return ApprovalRule(**values)


def _refused(world, rule, match):
    with pytest.raises(DomainError, match=match) as error:
        workflow_services.save_approval_rule(world.users.sysadmin, rule)
    assert not AuditEntry.objects.filter(action="config.saved").exists()
    return error.value


def test_a_unit_role_never_approves(world):
    steps = [GL, {"role": "liaison", "label": "驻在部门联络员审核"}, CL]
    error = _refused(world, _rule(conditions={"action": "park"}, steps=steps), "联络员")
    assert error.field == "steps" and "第2步" in error.message and "审批步骤" in error.message
    assert not ApprovalRule.objects.filter(name="测试规则").exists()
    _refused(world, _rule(steps=[{"role": "party_secretary"}, CL]), "党组书记")


@pytest.mark.parametrize("role", ["system_admin", "security_admin", "security_auditor"])
def test_none_of_the_three_administrators_approves(world, role):
    error = _refused(world, _rule(kind="case.extension", steps=[GL, {"role": role}, CL]), "三员")
    assert error.field == "steps"


def test_each_kind_has_its_own_approvers(world):
    # 分办 is the commission leadership's: a group leader has no say before the group is chosen.
    error = _refused(world, _rule(kind="clue.assignment", steps=[GL, CL]), "线索分办")
    assert error.field == "steps" and "委领导" in error.message
    _refused(world, _rule(steps=[{"role": "group_member"}, CL]), "组员")


def test_verification_cannot_skip_the_commission_leader(world):
    rule = _rule(name="初核由组长批准", conditions={"action": "verification"}, steps=[GL])
    error = _refused(world, rule, "委领导")
    assert error.field == "steps" and "初步核实" in error.message


def test_a_case_filing_cannot_skip_the_commission_leader_either(world):
    rule = _rule(conditions={"action": ["case", "park"], "by_group": True}, steps=[GL])
    assert "立案审查调查" in _refused(world, rule, "委领导").message


def test_a_catch_all_rule_that_would_catch_verifications_needs_the_commission_leader(world):
    # Priority 1 and no condition on the action: it would decide every 初核 and 立案.
    _refused(world, _rule(conditions={}, steps=[GL]), "初步核实")


def test_switching_off_the_verification_rule_would_leave_the_catch_all_deciding(world):
    rule = ApprovalRule.objects.get(name="初步核实、立案报分管委领导批准")
    rule.is_active = False
    error = _refused(world, rule, "其他：组长审批")
    assert error.field == "is_active"
    rule.refresh_from_db()
    assert rule.is_active


def test_lowering_the_catch_all_above_the_verification_rules_is_refused(world):
    rule = ApprovalRule.objects.get(name="其他：组长审批")
    rule.priority = 1
    assert _refused(world, rule, "初步核实").field == "priority"


def test_assignment_and_extension_keep_the_commission_leader(world):
    assignment = ApprovalRule.objects.get(kind="clue.assignment")
    assignment.steps = [{"role": "dispatch_management", "label": "派驻机构管理部门审核"}]
    assert _refused(world, assignment, "委领导").field == "steps"
    extension = ApprovalRule.objects.get(kind="case.extension")
    extension.steps = [GL]
    assert _refused(world, extension, "委领导").field == "steps"


def test_the_seeded_rules_can_be_saved_again_and_a_park_rule_needs_no_leader(world):
    for rule in ApprovalRule.objects.all():
        workflow_services.save_approval_rule(world.users.sysadmin, rule)
    catch_all = ApprovalRule.objects.get(name="其他：组长审批")
    catch_all.name = "其他事项：组长审批"
    workflow_services.save_approval_rule(world.users.sysadmin, catch_all)
    workflow_services.save_approval_rule(world.users.sysadmin, _rule(conditions={"action": "park"}, steps=[GL]))


def test_the_admin_form_shows_the_refusal_at_the_field(sysadmin, world):
    data = {
        "kind": "clue.disposal",
        "name": "初核请联络员把关",
        "priority": 5,
        "conditions": json.dumps({"action": "verification"}),
        "steps": json.dumps([{"role": "group_leader"}, {"role": "liaison"}, {"role": "commission_leader"}]),
        "is_active": "on",
    }
    response = sysadmin.post("/admin/workflow/approvalrule/add/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "联络员" in " ".join(errors["steps"])
    response = sysadmin.post(
        "/admin/workflow/approvalrule/add/", {**data, "steps": json.dumps([{"role": "group_leader"}])}
    )
    assert "委领导" in " ".join(response.context["adminform"].form.errors["steps"])
    rule = ApprovalRule.objects.get(name="初步核实、立案报分管委领导批准")
    change = {
        "kind": rule.kind,
        "name": rule.name,
        "priority": rule.priority,
        "conditions": json.dumps(rule.conditions),
        "steps": json.dumps(rule.steps),
    }  # "is_active" left out: switched off
    response = sysadmin.post(f"/admin/workflow/approvalrule/{rule.pk}/change/", change)
    assert response.status_code == 200
    assert "其他：组长审批" in " ".join(response.context["adminform"].form.errors["is_active"])
    assert not ApprovalRule.objects.filter(name="初核请联络员把关").exists()
    rule.refresh_from_db()
    assert rule.is_active
    assert not AuditEntry.objects.filter(action="config.saved").exists()
    # The help text lists only the roles each kind allows.
    page = sysadmin.get("/admin/workflow/approvalrule/add/").content.decode()
    assert "liaison" not in page and "security_auditor" not in page


def test_a_rule_written_around_the_service_is_refused_when_a_request_opens(world, make_clue):
    ApprovalRule.objects.create(
        kind="clue.disposal", name="绕过校验的规则", priority=1, conditions={"action": "verification"}, steps=[GL]
    )
    clue = make_clue()
    with pytest.raises(DomainError, match="委领导"):
        services.propose_disposal(world.users.zu4a, clue, version=clue.version, method="verification", reasons="r")
    clue.refresh_from_db()
    assert approvals.current(clue) is None


def test_every_configured_rule_names_a_registered_kind(db):
    """The default rules (migration 0002, now in workflow) name the kinds the clue module registered; every
    stored rule, whichever module shipped it, names a registered kind."""
    stored = set(ApprovalRule.objects.values_list("kind", flat=True))
    clue_kinds = {name for name, kind in approvals.kinds().items() if kind.model.startswith("clues.")}
    assert clue_kinds == {services.ASSIGNMENT, services.DISPOSAL, services.EXTENSION}
    assert clue_kinds <= stored <= set(approvals.kinds())
