"""Every list, detail and home page of the business sections has a query-count growth test.

The URL configuration is walked (as tests/access/test_pages.py does): a page of intake, clues, org,
audit or recusal, or the home page, must be named in `COUNTED` with the test that measures it
(tests/query_counts.assert_no_growth: measure, add rows and staff, measure again), or be exempt with a
reason. A new page therefore fails here until it has its growth test.
"""

import importlib

from django.urls import URLResolver, get_resolver

SECTIONS = {
    "intake",
    "clues",
    "org",
    "audit",
    "access",
    "recusal",
    "workflow",
    "rectification",
    "supervision",
    "responsibility",
    "integrity",
}

COUNTED = {
    "home": "tests.access.test_query_counts::test_every_home_page_does_not_grow_with_matters_or_staff",
    "intake:list": "tests.intake.test_query_counts::test_the_report_list",
    "intake:detail": "tests.intake.test_query_counts::test_the_report_detail",
    "intake:due": "tests.intake.test_query_counts::test_the_due_page",
    "intake:forwarding": "tests.intake.test_query_counts::test_the_forwarding_records",
    "intake:identity_requests": "tests.intake.test_query_counts::test_the_identity_requests",
    "intake:messages": "tests.intake.test_query_counts::test_the_reporters_messages",
    "clues:list": "tests.clues.test_query_counts::test_the_ledger",
    "clues:detail": "tests.clues.test_query_counts::test_the_clue_detail",
    "workflow:approvals": "tests.workflow.test_approval_pages::test_the_inbox_does_not_grow_with_requests",
    "clues:deadlines": "tests.clues.test_query_counts::test_the_deadlines_page",
    "clues:screenings": "tests.clues.test_query_counts::test_the_screening_list",
    "clues:screening": "tests.clues.test_query_counts::test_the_screening_detail",
    "clues:cases": "tests.clues.test_query_counts::test_the_case_list",
    "clues:case": "tests.clues.test_query_counts::test_the_case_detail",
    "org:groups": "tests.org.test_query_counts::test_the_org_lists",
    "org:coverages": "tests.org.test_query_counts::test_the_org_lists",
    "org:staff": "tests.org.test_query_counts::test_the_org_lists",
    "org:people": "tests.org.test_query_counts::test_the_roster",
    "org:people_pick": "tests.org.test_picking::test_the_pickers_answer_does_not_grow_with_the_roster",
    "org:coverage_unit": "tests.org.test_query_counts::test_a_units_coverage_history",
    "audit:entries": "tests.audit.test_query_counts::test_the_audit_list",
    "audit:entry": "tests.audit.test_query_counts::test_an_audit_entry",
    "audit:verify": "tests.audit.test_query_counts::test_the_verification_page",
    "recusal:relations": "tests.access.test_query_counts::test_the_relations_page_and_the_person_picker",
    "recusal:people": "tests.access.test_query_counts::test_the_relations_page_and_the_person_picker",
    "rectification:list": "tests.rectification.test_query_counts::test_the_list",
    "rectification:detail": "tests.rectification.test_query_counts::test_the_detail",
    "rectification:item": "tests.rectification.test_query_counts::test_the_item",
    "rectification:unit": "tests.rectification.test_query_counts::test_the_units_page",
    "rectification:cases": "tests.rectification.test_query_counts::test_the_cases_page",
    "supervision:list": "tests.supervision.test_query_counts::test_the_log",
    "supervision:detail": "tests.supervision.test_query_counts::test_the_record",
    "supervision:unit": "tests.supervision.test_query_counts::test_the_units_year",
    "supervision:summary": "tests.supervision.test_query_counts::test_the_work_summary",
    "responsibility:lists": "tests.responsibility.test_query_counts::test_the_list_page",
    "responsibility:list": "tests.responsibility.test_query_counts::test_the_list_detail",
    "responsibility:filings": "tests.responsibility.test_query_counts::test_the_filing_list",
    "responsibility:activities": "tests.responsibility.test_query_counts::test_the_log_and_an_entry",
    "responsibility:reports": "tests.responsibility.test_query_counts::test_the_reports_and_a_report",
    "responsibility:filing": "tests.responsibility.test_query_counts::test_the_filing_detail",
    "integrity:files": "tests.integrity.test_query_counts::test_the_file_list",
    "integrity:file": "tests.integrity.test_query_counts::test_a_held_file",
    "integrity:requests": "tests.integrity.test_query_counts::test_the_requests",
    "responsibility:appointments": "tests.responsibility.test_query_counts::test_the_appointments_and_an_appointment",
    "responsibility:appointment": "tests.responsibility.test_query_counts::test_the_appointments_and_an_appointment",
    "responsibility:risks": "tests.responsibility.test_query_counts::test_the_risk_register_map_and_a_point",
    "responsibility:risk_map": "tests.responsibility.test_query_counts::test_the_risk_register_map_and_a_point",
    "responsibility:risk": "tests.responsibility.test_query_counts::test_the_risk_register_map_and_a_point",
}

FORM = "a form page (a record's fields, no list of rows)"
POST = "POST only: answers with a redirect"
DOWNLOAD = "a file download, not a page (exports have their own fixed-count tests)"
EXEMPT = {
    "intake:register": FORM,
    "intake:act": POST,
    "intake:reveal": "POST: the reporter's identity on one report (a handful of fields), audited",
    "intake:attachment": DOWNLOAD,
    "intake:export": DOWNLOAD + " (tests/intake/test_exports.py)",
    "intake:decide_identity": POST,
    "intake:confirm_subject": POST,
    "integrity:note": FORM,
    "integrity:request_new": FORM,
    "integrity:request": "one request's fields, its approval steps and its timeline (one query each)",
    "responsibility:new": FORM,
    "responsibility:item_new": FORM,
    "responsibility:item_edit": FORM,
    "responsibility:progress": FORM,
    "responsibility:submit": "a form; its signer choices are one query of the unit's users",
    "responsibility:copy": POST,
    "responsibility:item_remove": POST,
    "responsibility:sign": POST,
    "responsibility:filing_new": FORM,
    "responsibility:activity_new": FORM,
    "responsibility:report_new": FORM,
    "responsibility:report_step": FORM,
    "responsibility:report": "one report's text and its timeline (one query each)",
    "responsibility:activity": "one entry's fields and its files (the attachments' one query)",
    "responsibility:filing_step": FORM,
    "responsibility:appointment_new": FORM,
    "responsibility:appointment_step": FORM + "; 回复党风廉政意见 lists the candidate's integrity records (one query)",
    "responsibility:risk_new": FORM,
    "responsibility:risk_step": FORM,
    "clues:register": FORM,
    "supervision:new": "the list of kinds to record (no rows from the database)",
    "supervision:export": DOWNLOAD + " (tests/supervision/test_exports.py)",
    "supervision:record": FORM,
    "supervision:edit": FORM,
    "supervision:dispose": FORM,
    "clues:step": FORM,
    "clues:case_step": FORM,
    "clues:screening_new": "a form; its list of screenable clues is for_list, as on the ledger (measured)",
    "workflow:decide": "one approval's form; its matter comes from the kind's describe, as in the inbox (measured)",
    "workflow:document": DOWNLOAD,
    "workflow:document_part": DOWNLOAD,
    "workflow:attachment": DOWNLOAD,
    "workflow:attach": POST,
    "clues:export": DOWNLOAD,
    "clues:case_export": DOWNLOAD,
    "clues:notifications_read": POST,
    "clues:notification_read": POST,
    "org:person_new": FORM,
    "org:person_edit": FORM,
    "org:staff_new": FORM,
    "org:staff_end": FORM,
    "audit:export": DOWNLOAD,
    "recusal:withdraw": POST,
    "access:recuse_matter": POST,
    "rectification:new": FORM,
    "rectification:step": FORM,
    "rectification:item_step": FORM,
    "rectification:milestone": POST,
}


def _pages():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace in SECTIONS and pattern.name:
                yield f"{namespace}:{pattern.name}"
            elif namespace is None and pattern.name == "home":
                yield "home"

    return set(walk(get_resolver().url_patterns))


def test_every_page_has_a_growth_test_or_a_reason():
    pages = _pages()
    missing = pages - set(COUNTED) - set(EXEMPT)
    assert missing == set(), f"pages without a query-count growth test: {sorted(missing)}"
    stale = (set(COUNTED) | set(EXEMPT)) - pages
    assert stale == set(), f"rows for pages that no longer exist: {sorted(stale)}"


def test_the_named_tests_exist_and_measure_growth():
    for page, where in COUNTED.items():
        module_name, function = where.split("::")
        module = importlib.import_module(module_name)
        assert hasattr(module, function), f"{page}: {where} does not exist"
        assert "assert_no_growth" in vars(module), f"{page}: {module_name} does not use assert_no_growth"
