"""Acting is not viewing: who may take a step on a matter, through the service and through the page.

Generated from the registries: every registered policy needs a row in `EXPECTED` for each action
it declares (a model or action added without one fails here), and every step of a page's step
table is posted by every role that may not act — which must get a 404 and change nothing.
"""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from paizhu import access
from paizhu.access.policy import _policies
from paizhu.audit.models import AuditEntry
from paizhu.core.errors import NotFound
from tests.fixtures import make_user, sign_in

from .test_matrix import ROLES

COMMISSION = {"wei", "guanli", "xinfang", "anguan", "shenli"}
G4 = {"zu4", "zu4a"}

# (object, action) -> the roles for which the fixture object is in scope. The roles not named:
# out of scope. Read as a table of need-to-know: who sees, who acts, who manages.
EXPECTED = {
    ("unit", "view"): COMMISSION | G4 | {"shuji", "lianluo"},
    ("group", "view"): COMMISSION | G4,
    ("coverage", "view"): COMMISSION | G4,
    ("coverage", "manage"): {"guanli"},  # 监督关系调整 by 派驻机构管理部门
    ("person", "view"): COMMISSION | G4 | {"shuji", "lianluo"},
    ("person", "manage"): {"guanli"},
    ("person", "declare"): COMMISSION | G4 | {"zu2"},  # whom a recusal declaration may name
    ("dispatched_staff", "view"): COMMISSION | G4,
    ("dispatched_staff", "manage"): {"guanli"},
    ("role_grant", "view"): {"secadmin", "auditor"},
    ("role_grant", "manage"): {"secadmin"},
    ("api_token", "view"): {"secadmin", "auditor"},
    ("api_token", "manage"): {"secadmin"},
    ("user", "view"): {"sysadmin", "secadmin", "auditor"},
    ("user", "manage"): {"sysadmin"},
    ("audit_entry", "view"): {"auditor"},
    ("audit_entry", "export"): {"auditor"},
    ("report", "view"): {"wei", "guanli", "xinfang"} | G4,
    ("report", "export"): {"wei", "guanli", "xinfang"} | G4,
    ("report", "act"): G4,  # the group's leader and the handler; 委领导 act only through approvals
    ("clue", "view"): {"wei", "guanli", "anguan"} | G4,
    ("clue", "export"): {"wei", "guanli", "anguan"} | G4,
    ("clue", "act"): G4,
    ("case", "view"): {"wei", "guanli", "anguan", "shenli"} | G4,
    ("case", "export"): {"wei", "guanli", "anguan", "shenli"} | G4,
    ("case", "act"): {"shenli"} | G4,  # 审理室 acts on a case sent to review
    ("forwarding_record", "view"): {"wei", "guanli", "xinfang"} | G4,  # recorded by the 4th group
    ("screening_meeting", "view"): {"wei", "guanli", "anguan"} | G4,
    # 廉政档案 of a 副处级 deputy of 教育局: held by the commission's leaders, the dispatch office, 案管 and the covering
    # group; requested by anyone else with a business role (the unit for its own cadres); the covering group notes
    ("integrity_record", "view"): {"wei", "guanli", "anguan"} | G4,
    ("integrity_record", "summary"): {"wei", "guanli", "anguan"} | G4,  # no request approved yet
    ("cadre_file", "view"): {"wei", "guanli", "anguan"} | G4,
    ("cadre_file", "summary"): {"wei", "guanli", "anguan"} | G4,
    ("cadre_file", "request"): {"xinfang", "shenli", "zu2", "shuji", "lianluo"},
    ("cadre_file", "note"): G4,
    ("file_request", "view"): {"wei", "guanli", "lianluo"} | G4,  # lianluo's request, to the 4th group
    ("personal_matters_note", "view"): {"wei", "guanli", "anguan"} | G4,
    # An issued 整改建议 of the 4th group to 教育局: the unit sees it and answers; 派驻机构管理部门 presses.
    ("demand", "view"): {"wei", "guanli", "shuji", "lianluo"} | G4,
    ("demand", "export"): {"wei", "guanli"} | G4,
    ("demand", "act"): G4,
    ("demand", "answer"): {"shuji", "lianluo"},
    ("demand", "press"): {"guanli"},
    ("demand_item", "view"): {"wei", "guanli", "shuji", "lianluo"} | G4,
    ("demand_item", "export"): {"wei", "guanli"} | G4,
    ("demand_item", "act"): G4,
    ("demand_item", "answer"): {"shuji", "lianluo"},
    ("demand_item", "press"): {"guanli"},
    ("milestone", "view"): {"wei", "guanli", "shuji", "lianluo"} | G4,
    ("rectification_report", "view"): {"wei", "guanli", "shuji", "lianluo"} | G4,
    ("press", "view"): {"wei", "guanli", "shuji", "lianluo"} | G4,
    ("return_visit", "view"): {"wei", "guanli"} | G4,  # never the unit: a 回头看 may be unannounced
    ("activity", "view"): {"wei", "guanli"} | G4,  # the supervision log: no commission office sees it
    ("activity", "export"): {"wei", "guanli"} | G4,
    ("activity", "act"): G4,  # its author (zu4a) and the group's leader
    ("activity", "summarize"): {"wei", "guanli"},  # the commission's work summary
    ("finding", "view"): {"wei", "guanli"} | G4,
    ("finding", "export"): {"wei", "guanli"} | G4,
    ("finding", "act"): {"zu4"},  # disposed by the group's leader alone
    ("finding", "summarize"): {"wei", "guanli"},
    # 主体责任: the unit writes its own records, the covering group reviews them, the leadership reads them
    ("funds_threshold", "view"): set(ROLES),  # configuration in force, read by every form that applies it
    **{
        (kind, action): roles
        for kind in (
            "responsibility_list",
            "list_item",
            "signature",
            "list_event",
            "filing",
            "filing_event",
            "responsibility_activity",
            "dual_report",
            "report_event",
            "appointment",
            "appointment_step",
            "appointment_event",
            "integrity_opinion",
            "risk_point",
            "risk_event",
        )
        for action, roles in (
            ("view", {"wei", "guanli", "shuji", "lianluo"} | G4),
            ("act", {"shuji", "lianluo"}),
            ("review", G4),
        )
    },
}


@pytest.fixture
def objects(world, matters):
    from paizhu.clues import services as clues
    from paizhu.clues.models import Case, Clue
    from paizhu.intake import services as intake
    from paizhu.intake.models import Report
    from paizhu.org.models import Coverage, DispatchedStaff, IntegrityRecord
    from paizhu.supervision.models import Activity

    clue = Clue.objects.get(pk=matters["clue"][0])
    forwarding = intake.record_forwarding(
        world.users.zu4,
        received_on=datetime.date(2026, 3, 3),
        reason="higher_managed",
        forwarded_to="省纪委监委",
    )
    meeting = clues.record_screening(
        world.users.zu4,
        held_on=clue.received_on + datetime.timedelta(days=3),
        chaired_by="周正",
        attendees="周正、组员",
        items=[(clue, "inquiry", "")],
    )
    rectification = _rectification(world)
    from paizhu.responsibility.models import Activity as LogEntry
    from paizhu.responsibility.models import DualReport, Filing
    from paizhu.responsibility.services import filings as responsibility_filings
    from paizhu.responsibility.services import lists as responsibility

    rlist = responsibility.ResponsibilityList.objects.get(pk=matters["responsibility_list"][0])
    u = world.users
    rlist = responsibility.start_signing(
        u.lianluo, rlist, version=rlist.version, signers={1: u.lianluo, 2: u.lianluo, 3: u.lianluo, 4: u.shuji}
    )
    return {
        **rectification,
        "responsibility_list": rlist,
        "list_item": rlist.items.first(),
        "signature": rlist.signatures.first(),
        "list_event": rlist.events.first(),
        "filing": Filing.objects.get(pk=matters["filing"][0]),
        "responsibility_activity": LogEntry.objects.get(pk=matters["responsibility_activity"][0]),
        "dual_report": DualReport.objects.get(pk=matters["dual_report"][0]),
        "report_event": DualReport.objects.get(pk=matters["dual_report"][0]).events.first(),
        "filing_event": Filing.objects.get(pk=matters["filing"][0]).events.first(),
        **_selection(world, matters),
        "funds_threshold": responsibility_filings.set_funds_threshold(
            u.sysadmin, amount=Decimal("600000"), reason="测试"
        ),
        "unit": world.edu,
        "group": world.g4,
        "coverage": Coverage.objects.get(unit=world.edu, group=world.g4),
        "person": world.edu_clerk,
        "dispatched_staff": DispatchedStaff.objects.get(person=world.zu4_person),
        "role_grant": world.users.lianluo.role_grants.get(),
        "api_token": _api_token(world),
        "user": world.users.zu4a,
        "audit_entry": AuditEntry.objects.get(pk=matters["audit_entry"][0]),
        "report": Report.objects.get(pk=matters["report"][0]),
        "clue": clue,
        "case": Case.objects.get(pk=matters["case"][0]),
        "screening_meeting": meeting,
        "activity": Activity.objects.get(pk=matters["supervision"][0]),
        "finding": Activity.objects.get(pk=matters["supervision"][0]).findings.get(),
        "forwarding_record": forwarding,
        "integrity_record": IntegrityRecord.objects.create(
            person=world.edu_deputy,
            kind=IntegrityRecord.Kind.CLUE_OUTCOME,
            occurred_on=datetime.date(2025, 6, 1),
            source_serial="XS-2025-000009",
            form=1,
            measures=["诫勉"],
            summary="XS-2025-000009：予以了结，第一种形态：诫勉",
        ),
        **_integrity(world, matters),
    }


def _integrity(world, matters) -> dict:
    from paizhu.integrity import services as integrity
    from paizhu.integrity.models import CadreFile, FileRequest

    u = world.users
    request = FileRequest.objects.get(pk=matters["integrity_request"][0])
    note = integrity.save_note(
        u.zu4a, world.edu_deputy.pk, year=2025, reported_on=datetime.date(2026, 1, 20), check_result="consistent"
    )
    return {
        "cadre_file": CadreFile.objects.get(pk=world.edu_deputy.pk),
        "file_request": request,
        "personal_matters_note": note,
    }


def _api_token(world):
    from paizhu.accounts import tokens

    token, _text = tokens.create_token(world.users.secadmin, world.users.zu4a, days=30, note="对接测试")
    return token


def _selection(world, matters) -> dict:
    """The 干部选任 of the matrix with its 动议 recorded and the group's opinion requested; the risk point."""
    from paizhu.responsibility.models import Appointment, RiskPoint
    from paizhu.responsibility.services import appointments

    appointment = Appointment.objects.get(pk=matters["appointment"][0])
    appointment = appointments.record_step(
        world.users.lianluo,
        appointment,
        version=appointment.version,
        step=Appointment.Step.MOTION,
        done_on=appointment.created_on,
        note="职位空缺，党组研究启动选任",
    )
    opinion = appointments.request_opinion(
        world.users.lianluo, appointment, version=appointment.version, request="拟提拔，请回复党风廉政意见。"
    )
    risk = RiskPoint.objects.get(pk=matters["risk_point"][0])
    return {
        "appointment": Appointment.objects.get(pk=appointment.pk),
        "appointment_step": appointment.steps.get(),
        "appointment_event": appointment.events.first(),
        "integrity_opinion": opinion,
        "risk_point": risk,
        "risk_event": risk.events.get(),
    }


def _rectification(world) -> dict:
    """An issued demand with one item planned (a milestone), reported, pressed, and a 回头看 row."""
    from freezegun import freeze_time

    from paizhu.rectification import services as rectification
    from paizhu.rectification.models import ReturnVisit
    from paizhu.workflow import approvals
    from paizhu.workflow import services as workflow_services

    u = world.users
    with freeze_time("2026-09-21 10:00:00+08:00"):
        demand = rectification.draft_demand(
            u.zu4a, unit=world.edu, kind="discipline", problems="会前未报备。", items=["建立报备制度。"]
        )
        demand = rectification.submit_demand(u.zu4a, demand, version=demand.version)
        demand = workflow_services.decide_approval(
            u.zu4, approvals.current(demand), version=demand.version, approve=True
        )
        item = demand.items.get()
        item = rectification.plan_item(
            u.lianluo,
            item,
            version=item.version,
            responsible="王建国",
            timetable="分两步。",
            plan_due=datetime.date(2026, 12, 1),
            milestones=[("修订制度", datetime.date(2026, 10, 30))],
        )
        report = rectification.submit_report(u.shuji, demand, version=demand.version, summary="已报送整改计划。")
        press = rectification.press(u.guanli, demand, note="请按计划推进。")
    visit = ReturnVisit.objects.create(demand=demand, scheduled_on=datetime.date(2027, 3, 1), by=u.zu4)
    return {
        "demand": demand,
        "demand_item": item,
        "milestone": item.milestones.get(),
        "rectification_report": report,
        "press": press,
        "return_visit": visit,
    }


def test_every_registered_policy_and_action_has_a_row(objects):
    by_model = {type(obj): name for name, obj in objects.items()}
    missing = [
        f"{model._meta.label} ({action})"
        for model, policy in _policies.items()
        for action in policy.actions
        if (by_model.get(model), action) not in EXPECTED
    ]
    assert missing == [], "registered without a row in the access table: " + ", ".join(missing)


def test_scope_matches_the_table_for_every_role(world, objects):
    mismatches = []
    for (name, action), allowed in EXPECTED.items():
        obj = objects[name]
        for role in ROLES:
            user = getattr(world.users, role)
            got = access.scope(user, type(obj)._default_manager.filter(pk=obj.pk), action).exists()
            if got != (role in allowed):
                mismatches.append(f"{role} {action} {name}: expected {role in allowed}, got {got}")
    assert mismatches == []


def test_a_member_who_is_not_the_handler_acts_on_nothing(world, objects):
    other = make_user("zu4b", "group_member", world.g4)
    for name in ("report", "clue", "case", "activity"):
        obj = objects[name]
        assert access.may(other, "view", obj) and not access.may(other, "act", obj), name


def _writes(obj) -> tuple:
    obj.refresh_from_db()
    # Signing in, refusals and the alerts they raise are recorded; no change of the matter is.
    changes = AuditEntry.objects.exclude(action__in={"access.denied", "auth.login", "security.denied_alert"})
    return obj.version, changes.count()


STEP_PAGES = {
    "clue": ("paizhu.clues.actions", "CLUE_STEPS", "/clues/{pk}/{step}/"),
    "case": ("paizhu.clues.actions", "CASE_STEPS", "/clues/cases/{pk}/{step}/"),
    "report": ("paizhu.intake.views", "REPORT_ACTIONS", "/intake/{pk}/{step}/"),
    "finding": ("paizhu.supervision.views", "DISPOSALS", "/supervision/findings/{pk}/{step}/"),
    "appointment": ("paizhu.responsibility.views", "APPOINTMENT_STEPS", "/responsibility/appointments/{pk}/{step}/"),
    "risk_point": ("paizhu.responsibility.views", "RISK_STEPS", "/responsibility/risks/{pk}/{step}/"),
}


def _steps(kind: str) -> list[str]:
    """The steps of a page that ask the user to act on the matter (not requests open to viewers)."""
    import importlib

    module, table, _ = STEP_PAGES[kind]
    steps = getattr(importlib.import_module(module), table)
    return [name for name, step in steps.items() if getattr(step, "action", step) == "act"]


@pytest.mark.parametrize("kind", list(STEP_PAGES))
def test_every_step_posted_by_a_role_that_may_not_act_answers_404_and_changes_nothing(kind, world, objects):
    obj = objects[kind]
    url = STEP_PAGES[kind][2]
    before = _writes(obj)
    problems = []
    for role in ROLES:
        if role in EXPECTED[(kind, "act")]:
            continue
        client = sign_in(Client(), getattr(world.users, role))
        for step in _steps(kind):
            response = client.post(url.format(pk=obj.pk, step=step), {"version": obj.version})
            if response.status_code != 404:
                problems.append(f"{role} {step}: HTTP {response.status_code}")
    assert problems == []
    after = _writes(obj)
    new = AuditEntry.objects.order_by("-pk").values_list("action", flat=True)[: after[1] - before[1]]
    assert after == before, sorted(set(new))


@pytest.mark.parametrize("kind", list(STEP_PAGES))
def test_pages_show_no_step_to_a_role_that_may_not_act(kind, world, objects):
    obj = objects[kind]
    detail = {
        "clue": "/clues/{pk}/",
        "case": "/clues/cases/{pk}/",
        "report": "/intake/{pk}/",
        "finding": "/supervision/{activity}/",  # a finding's steps are on its record's page
        "appointment": "/responsibility/appointments/{pk}/",
        "risk_point": "/responsibility/risks/{pk}/",
    }[kind]
    for role in sorted(EXPECTED[(kind, "view")] - EXPECTED[(kind, "act")]):
        url = detail.format(pk=obj.pk, activity=getattr(obj, "activity_id", None))
        page = sign_in(Client(), getattr(world.users, role)).get(url).content.decode()
        shown = [s for s in _steps(kind) if STEP_PAGES[kind][2].format(pk=obj.pk, step=s) in page]
        assert shown == [], f"{role} sees steps {shown} on the {kind} page"


def test_report_services_refuse_viewers_who_may_not_act(world, objects):
    from paizhu.intake import services

    report = objects["report"]
    for role in ("wei", "guanli", "xinfang"):
        user = getattr(world.users, role)
        for call in (
            lambda u: services.accept_report(u, report, version=report.version),
            lambda u: services.transfer_out(u, report, to_agency="市公安局", version=report.version),
            lambda u: services.close_report(u, report, result="查无实据", version=report.version),
            lambda u: services.give_feedback(
                u, report, notice="acceptance", method="phone", given_on=datetime.date(2026, 3, 5)
            ),
            lambda u: services.link_duplicate(u, report, report, version=report.version),
        ):
            with pytest.raises(NotFound):
                call(user)
    report.refresh_from_db()
    assert report.accepted_on is None and report.stage != "transferred"
    accepted = services.accept_report(world.users.zu4a, report, version=report.version)
    assert accepted.accepted_on is not None
