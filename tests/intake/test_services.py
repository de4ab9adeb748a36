import datetime

import pytest

from paizhu import access
from paizhu.accounts.services import bootstrap_grant
from paizhu.audit import context as audit_context
from paizhu.audit.models import AuditEntry
from paizhu.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied
from paizhu.core.roles import Role
from paizhu.intake import services, similarity
from paizhu.intake.models import (
    ForwardingRecord,
    IdentityRevealRequest,
    Kind,
    Office,
    Report,
    ReportAttachment,
    ReportBand,
    ReportEvent,
    RoutingThreshold,
)
from paizhu.intake.services import Identity, NamedPerson, Upload
from paizhu.org.models import Person
from paizhu.org.services import set_coverage

from .conftest import (
    FACTS_CANTEEN,
    FACTS_CAR,
    FACTS_CAR_REWORDED,
    PDF,
    PNG,
    docx_bytes,
    real_name_identity,
    report_input,
)


def register(world, user=None, *, received_on=datetime.date(2026, 9, 29), channel="letter", **overrides):
    return services.register_report(
        user or world.users.xinfang, report_input(**overrides), channel=channel, received_on=received_on
    )


# ---------------------------------------------------------------- routing


def test_routing_follows_coverage_on_the_date_received(world):
    set_coverage(world.users.guanli, world.g2, world.fin, datetime.date(2026, 3, 1), reason="监督力量调整")
    before = register(world, received_on=datetime.date(2026, 2, 20), unit=world.fin)
    after = register(world, received_on=datetime.date(2026, 3, 2), unit=world.fin)
    assert before.proposed_group == world.g4
    assert after.proposed_group == world.g2
    assert "2026-02-20" in before.routing_reason


def test_commission_managed_cadre_goes_to_the_commission(world):
    report = register(world, subjects=[world.edu_deputy], named=[])
    assert report.proposed_group is None
    assert report.proposed_office == Office.PETITION
    assert report.unit == world.edu  # the main unit comes from the chosen cadre


def test_rank_threshold_is_configuration(world, settings):
    world.edu_clerk.rank = Person.Rank.SECTION_CHIEF
    world.edu_clerk.save()
    assert register(world, subjects=[world.edu_clerk], named=[]).proposed_group == world.g4
    settings.INTAKE_COMMISSION_MANAGED_MIN_RANK = Person.Rank.SECTION_CHIEF
    assert register(world, subjects=[world.edu_clerk], named=[]).proposed_group is None


def test_the_threshold_is_configuration_with_history(world, settings):
    settings.INTAKE_COMMISSION_MANAGED_MIN_RANK = ""
    world.edu_clerk.rank = Person.Rank.SECTION_CHIEF
    world.edu_clerk.save()
    with pytest.raises(PermissionDenied):
        services.save_routing_threshold(
            world.users.xinfang, leadership_members=True, management_levels=[], min_rank="", reason="x"
        )
    with pytest.raises(DomainError, match="调整依据") as refused:
        services.save_routing_threshold(
            world.users.sysadmin, leadership_members=True, management_levels=["same_level"], min_rank="", reason=" "
        )
    assert refused.value.field == "reason"
    with pytest.raises(DomainError, match="管理层级"):
        services.save_routing_threshold(
            world.users.sysadmin, leadership_members=True, management_levels=["higher"], min_rank="", reason="文件"
        )
    assert not RoutingThreshold.objects.exists()
    before = register(world, subjects=[world.edu_clerk], named=[])
    first = services.save_routing_threshold(
        world.users.sysadmin,
        leadership_members=True,
        management_levels=["same_level"],
        min_rank=Person.Rank.SECTION_CHIEF,
        reason="市纪委监委常委会会议纪要〔2026〕9号",
    )
    after = register(world, subjects=[world.edu_clerk], named=[])
    assert (before.proposed_group, after.proposed_group) == (world.g4, None)
    services.save_routing_threshold(
        world.users.sysadmin, leadership_members=True, management_levels=["same_level"], min_rank="", reason="恢复"
    )
    assert register(world, subjects=[world.edu_clerk], named=[]).proposed_group == world.g4
    assert [r.reason for r in RoutingThreshold.objects.all()] == ["恢复", "市纪委监委常委会会议纪要〔2026〕9号"]
    entry = AuditEntry.objects.filter(action="config.saved", object_id=str(first.pk)).get()
    assert entry.details["min_rank"] == "zhengke" and entry.details["previous"]["min_rank"] == ""
    before.refresh_from_db()
    assert before.proposed_group == world.g4  # a proposal already made keeps the threshold it was made under


def test_higher_managed_cadre_is_not_entered_only_forwarded(world):
    world.edu_head.management_level = Person.ManagementLevel.HIGHER
    world.edu_head.save()
    with pytest.raises(DomainError, match="不得录入"):
        register(world, subjects=[world.edu_head], named=[])
    assert not Report.objects.exists()
    forwarding = services.record_forwarding(
        world.users.xinfang,
        received_on=datetime.date(2026, 9, 29),
        reason=ForwardingRecord.Reason.HIGHER_MANAGED,
        forwarded_to="省纪委监委",
    )
    assert forwarding.due_on == datetime.date(2026, 10, 12)  # 5 working days across National Day
    assert {f.name for f in ForwardingRecord._meta.get_fields()}.isdisjoint({"facts", "subjects", "reporter_name"})


def test_report_about_own_commission_leader_is_refused(world):
    leader = Person.objects.create(name="樊立衡", post="书记")
    world.users.wei.person = leader
    world.users.wei.save()
    with pytest.raises(DomainError, match="本委领导"):
        register(world, subjects=[leader], named=[])
    assert not Report.objects.exists()


def test_confirming_routing_hands_over_and_logs_it(world):
    report = register(world, unit=world.edu)
    report = services.confirm_routing(world.users.xinfang, report, group=report.proposed_group)
    assert report.group == world.g4 and report.routing == Report.Routing.ROUTED
    assert ReportEvent.objects.filter(report=report, title="分办", actor=world.users.xinfang).exists()
    assert AuditEntry.objects.filter(action="report.routed", object_id=str(report.pk)).exists()
    assert access.scope(world.users.zu4, Report).filter(pk=report.pk).exists()
    assert not access.scope(world.users.zu2, Report).filter(pk=report.pk).exists()


def test_group_registration_stays_with_the_group_until_handed_over(world):
    report = register(world, world.users.zu4a, subjects=[world.edu_deputy], named=[])
    assert report.group == world.g4 and report.proposed_group is None
    with pytest.raises(NotFound):  # a member who is not its handler takes no step on it
        services.confirm_routing(world.users.zu4a, report, group=None, office=Office.PETITION)
    report = services.confirm_routing(world.users.zu4, report, group=None, office=Office.PETITION)
    assert report.group is None
    assert not access.scope(world.users.zu4a, Report).filter(pk=report.pk).exists()
    with pytest.raises(NotFound):
        services.confirm_routing(world.users.zu4a, report, group=world.g4)


def test_unit_roles_and_three_admins_see_no_report(world):
    report = register(world, unit=world.edu)
    for user in (world.users.shuji, world.users.lianluo, world.users.sysadmin, world.users.auditor):
        assert not access.scope(user, Report).filter(pk=report.pk).exists()


def test_out_of_scope_report_is_transferred_with_a_record(world):
    report = register(world, kind=Kind.OUT_OF_SCOPE, unit=world.edu)
    assert report.proposed_office == Office.PETITION
    report = services.transfer_out(world.users.xinfang, report, to_agency="市信访局")
    assert report.stage == Report.Stage.TRANSFERRED and report.transferred_to == "市信访局"
    assert ReportEvent.objects.filter(report=report, title="转有关机关").exists()


# ---------------------------------------------------------------- the stage machine


def _stages(report):
    return [(e.code, e.from_status, e.to_status) for e in report.events.order_by("at", "pk")]


def test_each_step_moves_the_declared_stage_and_the_timeline_says_from_which_to_which(world):
    report = register(world, unit=world.edu, received_on=datetime.date(2026, 9, 1))
    report = services.confirm_routing(world.users.xinfang, report, group=world.g4, version=report.version)
    report = services.accept_report(world.users.zu4, report, accepted_on=datetime.date(2026, 9, 3), version=2)
    report = services.close_report(world.users.zu4, report, result="经了解，问题不属实。", version=3)
    assert (report.stage, report.version) == (Report.Stage.CLOSED, 4)
    assert _stages(report) == [
        ("report.registered", "", "registered"),
        ("report.routed", "registered", "registered"),
        ("report.accepted", "registered", "accepted"),
        ("report.closed", "accepted", "closed"),
    ]
    routed = report.events.get(code="report.routed")
    assert (routed.actor, routed.role) == (world.users.xinfang, world.users.xinfang.acting_grant.label)
    entry = AuditEntry.objects.get(action="report.closed")
    assert entry.details["status"] == "closed"


def test_an_illegal_step_is_refused_by_the_service_and_changes_nothing(world):
    report = register(world, unit=world.edu, received_on=datetime.date(2026, 9, 1))
    with pytest.raises(DomainError, match="请先确认分办"):
        services.accept_report(world.users.xinfang, report)
    report = services.confirm_routing(world.users.xinfang, report, group=world.g4)
    with pytest.raises(DomainError, match="请先受理"):
        services.close_report(world.users.zu4, report, result="办结")
    original = services.confirm_routing(world.users.xinfang, register(world, unit=world.edu), group=world.g4)
    report = services.transfer_out(world.users.zu4, report, to_agency="市信访局")
    events = report.events.count()
    for step in (
        lambda: services.accept_report(world.users.zu4, report),
        lambda: services.confirm_routing(world.users.zu4, report, group=world.g4),
        lambda: services.link_duplicate(world.users.zu4, report, original),
        lambda: services.transfer_out(world.users.zu4, report, to_agency="市民政局"),
    ):
        with pytest.raises(IllegalTransition, match="当前状态为“已转有关机关处理”"):
            step()
    report.refresh_from_db()
    assert (report.stage, report.transferred_to, report.events.count()) == ("transferred", "市信访局", events)


def test_dates_out_of_order_are_refused_at_the_field(world):
    report = register(world, unit=world.edu, received_on=datetime.date(2026, 9, 10))
    report = services.confirm_routing(world.users.xinfang, report, group=world.g4)
    with pytest.raises(DomainError, match="受理日期不能早于收到日期") as refused:
        services.accept_report(world.users.zu4, report, accepted_on=datetime.date(2026, 9, 9))
    assert refused.value.field == "accepted_on"
    report = services.accept_report(world.users.zu4, report, accepted_on=datetime.date(2026, 9, 14))
    with pytest.raises(DomainError, match="办结日期不能早于受理日期") as refused:
        services.close_report(world.users.zu4, report, result="办结", closed_on=datetime.date(2026, 9, 11))
    assert refused.value.field == "closed_on"
    with pytest.raises(DomainError, match="告知日期不能早于收到日期"):
        services.give_feedback(
            world.users.zu4, report, notice="acceptance", method="phone", given_on=datetime.date(2026, 9, 1)
        )
    report.refresh_from_db()
    assert (report.stage, report.accepted_on, report.acceptance_notified_on) == (
        "accepted",
        datetime.date(2026, 9, 14),
        None,
    )


def test_intake_deadlines_come_from_its_limit_table(world, settings):
    settings.PAIZHU_INTAKE_LIMITS = {"acceptance_notice": (2, "days", "告知受理情况")}
    report = register(world, unit=world.edu, identity=real_name_identity(), received_on=datetime.date(2026, 9, 29))
    assert report.acceptance_due == datetime.date(2026, 10, 1)


# ---------------------------------------------------------------- repeats


def test_reworded_repeat_is_found_and_unrelated_report_is_not(world):
    original = register(world, facts=FACTS_CAR, unit=world.edu)
    unrelated = register(world, facts=FACTS_CANTEEN, unit=world.edu, named=[NamedPerson(name="孙立")])
    repeat = register(world, facts=FACTS_CAR_REWORDED, unit=world.edu, received_on=datetime.date(2026, 10, 9))
    found = services.similar_to(repeat.signature and _sig(repeat), Report.objects.all(), exclude_pk=repeat.pk)
    assert [r for r, _ in found] == [original]
    assert similarity.SHOW_THRESHOLD <= found[0][1] <= 1
    assert unrelated not in [r for r, _ in found]
    assert ReportBand.objects.filter(report=repeat).count() > 10


def _sig(report):
    from paizhu.intake.similarity import Signature

    return Signature.from_bytes(report.signature.minhash)


def test_repeat_linked_gets_no_new_acceptance_notice(world):
    original = register(world, unit=world.edu, identity=real_name_identity())
    repeat = register(world, facts=FACTS_CAR_REWORDED, unit=world.edu, identity=real_name_identity())
    assert repeat.acceptance_due is not None
    repeat = services.link_duplicate(world.users.xinfang, repeat, original)
    assert repeat.duplicate_of == original and repeat.acceptance_due is None
    assert repeat.stage == Report.Stage.DUPLICATE
    from paizhu.intake import queries

    assert repeat not in queries.due(world.users.xinfang)["acceptance"]
    assert original in queries.due(world.users.xinfang)["acceptance"]


# ---------------------------------------------------------------- deadlines


def test_acceptance_notice_due_counts_working_days_across_national_day(world):
    report = register(world, identity=real_name_identity(), received_on=datetime.date(2026, 9, 29))
    assert report.is_real_name
    # 9/30, then 10/1-10/7 off, 10/10 (Saturday) a make-up workday: the 15th working day is 10/26.
    assert report.acceptance_due == datetime.date(2026, 10, 26)


def test_signed_report_without_concrete_contact_counts_as_anonymous(world):
    report = register(world, identity=Identity(name="知情人", contact="找我就行"))
    assert not report.is_real_name and report.acceptance_due is None


def test_result_notice_due_after_closing_and_feedback_recorded(world):
    report = register(world, unit=world.edu, identity=real_name_identity(), received_on=datetime.date(2026, 9, 1))
    report = services.confirm_routing(world.users.xinfang, report, group=world.g4)
    report = services.accept_report(world.users.zu4, report, accepted_on=datetime.date(2026, 9, 10))
    services.give_feedback(
        world.users.zu4,
        report,
        notice="acceptance",
        method="phone",
        given_on=datetime.date(2026, 9, 11),
    )
    report = services.close_report(
        world.users.zu4,
        report,
        result="经核实，反映问题部分属实，已给予谈话提醒。",
        closed_on=datetime.date(2026, 9, 28),
    )
    assert report.result_due == datetime.date(2026, 10, 23)
    feedback = services.give_feedback(
        world.users.zu4,
        report,
        notice="result",
        method="letter",
        given_on=datetime.date(2026, 10, 20),
        objection="对处理结果有异议，补充提供了新的证据材料。",
    )
    report.refresh_from_db()
    assert report.result_notified_on == datetime.date(2026, 10, 20) and feedback.objection
    assert AuditEntry.objects.filter(action="report.objection_recorded").count() == 1


def test_assigned_matter_closes_in_three_months_extendable_once(world):
    report = services.register_report(
        world.users.xinfang,
        report_input(unit=world.edu),
        channel="superior",
        received_on=datetime.date(2026, 5, 31),
        source="省纪委监委",
    )
    assert report.close_due == datetime.date(2026, 8, 31)
    with pytest.raises(PermissionDenied):
        services.extend_close_due(world.users.xinfang, report, reason="情况复杂")
    report = services.extend_close_due(world.users.wei, report, reason="涉及人员多，需延期核查")
    assert report.close_due == datetime.date(2026, 11, 30)
    with pytest.raises(DomainError, match="上级机关批准"):
        services.extend_close_due(world.users.wei, report, reason="再次延期")


# ---------------------------------------------------------------- public reports, receipts


def test_public_report_gets_receipt_and_stores_no_address(world):
    token = audit_context.set_current(audit_context.RequestContext(client_address="203.0.113.7"))
    try:
        report, code = services.submit_public_report(report_input(unit=world.edu, identity=Identity()))
    finally:
        audit_context.reset(token)
    assert len(code) >= 16 and report.receipt_hash.startswith("$argon2")
    assert code not in report.receipt_hash and report.receipt_prefix == code[:4]
    assert services.find_by_receipt(services.format_receipt(code).lower()) == report
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert services.find_by_receipt(wrong) is None
    assert services.find_by_receipt("short") is None
    entries = AuditEntry.objects.filter(object_type="intake.report", object_id=str(report.pk))
    assert entries.exists() and all(e.client_address is None for e in entries)
    assert not report.is_real_name and report.reporter_name is None
    assert report.proposed_group == world.g4 and report.group is None  # 信访室 confirms first


def test_receipt_hash_uses_the_documented_cost_and_older_hashes_still_verify(world):
    """The cost is chosen (docs/security.md), not the library default; a change of it locks no reporter out."""
    import argon2

    report, code = services.submit_public_report(report_input(unit=world.edu, identity=Identity()))
    params = argon2.extract_parameters(report.receipt_hash)
    assert (params.type, params.memory_cost, params.time_cost, params.parallelism) == (
        argon2.Type.ID,
        19 * 1024,
        2,
        1,
    )
    # A report filed under the earlier (library default) cost is still found by its code.
    older, older_code = services.submit_public_report(report_input(unit=world.edu, identity=Identity()))
    Report.objects.filter(pk=older.pk).update(receipt_hash=argon2.PasswordHasher().hash(older_code))
    assert argon2.extract_parameters(Report.objects.get(pk=older.pk).receipt_hash).memory_cost == 65536
    assert services.find_by_receipt(older_code) == older
    assert services.find_by_receipt(code) == report


def test_public_report_forwarded_keeps_only_a_record_and_the_receipt(world, django_capture_on_commit_callbacks):
    from paizhu.core.fields import _path

    report, code = services.submit_public_report(report_input(unit=world.edu, uploads=[Upload("a.png", PNG)]))
    stored = _path(report.attachments.get().file.name)
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        forwarding = services.forward_report(
            world.users.xinfang, report, reason=ForwardingRecord.Reason.HIGHER_MANAGED, forwarded_to="省纪委监委"
        )
    assert not Report.objects.exists() and not ReportAttachment.objects.exists() and not stored.exists()
    assert services.find_by_receipt(code) == forwarding
    assert "转送" in services.status_for_reporter(forwarding)["stage"]


def test_messages_between_reporter_and_handler(world):
    report, code = services.submit_public_report(report_input(unit=world.edu))
    services.message_from_reporter(report, "我还有新的证据，可以补充提供。")
    report = services.confirm_routing(world.users.xinfang, report, group=world.g4)
    with pytest.raises(PermissionDenied, match="承办人"):  # the handler writes to the reporter, nobody else
        services.reply_to_reporter(world.users.zu4, report, "请通过信访窗口邮寄材料。")
    report = services.assign_handler(world.users.zu4, report, world.users.zu4a)
    services.reply_to_reporter(world.users.zu4a, report, "请通过信访窗口邮寄材料。")
    status = services.status_for_reporter(services.find_by_receipt(code))
    assert [m.direction for m in status["messages"]] == ["in", "out"]
    assert status["messages"][1].body == "请通过信访窗口邮寄材料。"
    with pytest.raises(NotFound):
        services.reply_to_reporter(world.users.zu2, report, "越权回复")


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (Upload("big.pdf", PDF + b"0" * (10 * 1024 * 1024)), "超过10MB"),
        (Upload("photo.jpg", b"MZ\x90\x00 this is an exe"), "不是 JPG"),
        (Upload("fake.docx", b"PK\x03\x04 not really a zip"), "不是 JPG"),
        (Upload("empty.png", b""), "空文件"),
    ],
)
def test_bad_attachment_is_refused_and_nothing_saved(world, upload, message):
    with pytest.raises(DomainError, match=message):
        services.submit_public_report(report_input(unit=world.edu, uploads=[Upload("ok.png", PNG), upload]))
    assert not Report.objects.exists() and not ReportAttachment.objects.exists()


def _stored_files() -> set[str]:
    from paizhu.core.fields import files_dir

    return {p.name for p in files_dir().rglob("*") if p.is_file()}


@pytest.mark.parametrize("by", ["public", "staff"])
def test_a_failed_transaction_leaves_no_attachment_file_behind(world, monkeypatch, by):
    before = _stored_files()
    written = []

    def failing_record(*args, **kwargs):  # the last step in the transaction, after the files are written
        written.append(_stored_files() - before)
        raise RuntimeError("审计写入失败")

    monkeypatch.setattr(services.registration, "record", failing_record)
    data = report_input(unit=world.edu, uploads=[Upload("a.png", PNG), Upload("b.pdf", PDF)])
    with pytest.raises(RuntimeError):
        if by == "public":
            services.submit_public_report(data)
        else:
            services.register_report(world.users.xinfang, data, channel="letter", received_on=datetime.date(2026, 9, 1))
    assert len(written[0]) == 2  # they were on disk before the rollback
    assert not Report.objects.exists() and not ReportAttachment.objects.exists()
    assert _stored_files() == before


def test_deleting_an_encrypted_file_accepts_only_store_names_and_tolerates_a_missing_one(world):
    from paizhu.core.fields import delete_encrypted_file, store_encrypted_file

    name = store_encrypted_file(PNG, b"test")
    assert name in _stored_files()
    delete_encrypted_file(name)
    delete_encrypted_file(name)
    assert name not in _stored_files()
    with pytest.raises(ValueError, match="非法的加密文件名"):
        delete_encrypted_file("../../etc/passwd")


def test_too_many_attachments_refused(world):
    with pytest.raises(DomainError, match="最多5个"):
        services.submit_public_report(report_input(uploads=[Upload(f"{i}.png", PNG) for i in range(6)]))


def test_empty_report_refused(world):
    with pytest.raises(DomainError, match="主要问题"):
        services.submit_public_report(report_input(facts="   "))
    with pytest.raises(DomainError, match="被反映人"):
        services.submit_public_report(report_input(named=[NamedPerson(name=" ")], unit=None))
    assert not Report.objects.exists()


def test_attachments_are_encrypted_and_typed_by_content(world):
    report, _ = services.submit_public_report(
        report_input(
            unit=world.edu,
            uploads=[Upload("scan.png", PNG), Upload("材料.pdf", PDF), Upload("说明.docx", docx_bytes())],
        )
    )
    kinds = [a.kind for a in report.attachments.all()]
    assert kinds == ["png", "pdf", "docx"]
    attachment = report.attachments.get(kind="pdf")
    from paizhu.core.fields import _path

    assert PDF not in _path(attachment.file.name).read_bytes()
    report = services.confirm_routing(world.users.xinfang, report, group=world.g4)
    services.assign_handler(world.users.zu4, report, world.users.zu4a)
    assert services.attachment_content(world.users.zu4a, attachment) == PDF  # the handler
    for outsider in (world.users.zu4, world.users.zu2):  # not the handler; another group
        with pytest.raises(NotFound):
            services.attachment_content(outsider, attachment)


# ---------------------------------------------------------------- identity


def test_identity_only_for_handler_or_approved_request(world):
    report = register(world, unit=world.edu, identity=real_name_identity())
    report = services.confirm_routing(world.users.xinfang, report, group=world.g4)
    with pytest.raises(PermissionDenied):
        services.reveal_identity(world.users.zu4, report)
    services.assign_handler(world.users.zu4, report, world.users.zu4a)
    assert services.reveal_identity(world.users.zu4a, report).name == "刘晓燕"
    request = services.request_identity(world.users.zu4, report, "需核实举报人是否与被反映人存在利害关系")
    with pytest.raises(PermissionDenied):
        services.decide_identity_request(world.users.zu4, request, approve=True)
    services.decide_identity_request(world.users.wei, request, approve=True, note="同意")
    assert services.reveal_identity(world.users.zu4, report).contact == "13812345678"
    actions = list(AuditEntry.objects.filter(action__startswith="identity.").values_list("action", flat=True))
    assert sorted(actions) == sorted(
        ["identity.revealed", "identity.requested", "identity.approved", "identity.revealed"]
    )
    assert IdentityRevealRequest.objects.get().status == "approved"


def test_conflicted_handler_is_blocked_and_the_block_audited(world):
    report = register(world, subjects=[world.edu_clerk], named=[])
    report = services.confirm_routing(world.users.xinfang, report, group=world.g4)
    bootstrap_grant(world.users.shuji, Role.GROUP_MEMBER, world.g4)  # shuji is the bureau head: conflicted
    world.users.shuji.person = world.edu_clerk
    world.users.shuji.save()
    with pytest.raises(DomainError, match="回避"):
        services.assign_handler(world.users.zu4, report, world.users.shuji)
    assert AuditEntry.objects.filter(action="recusal.blocked").exists()
    report.refresh_from_db()
    assert report.handler is None


def test_identity_is_ciphertext_in_the_database(world):
    register(world, identity=real_name_identity())
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_name, reporter_contact FROM intake_report")
        name, contact = cursor.fetchone()
    assert "刘晓燕".encode() not in bytes(name) and b"13812345678" not in bytes(contact)
    assert FACTS_CAR  # the facts stay searchable in clear
