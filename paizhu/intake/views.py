"""HTTP layer of 信访举报: the public pages (/report/) and the staff pages (/intake/). Thin: services decide."""

import hashlib
import hmac

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from paizhu import access
from paizhu.access import jurisdiction
from paizhu.access.reads import record_listing, record_page, request_channel
from paizhu.accounts import staff
from paizhu.accounts.stepup import require_recent_otp
from paizhu.clues.models import Clue
from paizhu.core.calendar import shanghai_today
from paizhu.core.errors import DomainError, NotFound, PermissionDenied
from paizhu.core.listing import paginate
from paizhu.core.params import BadRequest, id_value
from paizhu.core.roles import GROUP_ROLES, Role
from paizhu.core.sorting import sort_links
from paizhu.org.models import DispatchGroup

from . import exports, forms, queries, services
from .models import Channel, ForwardingRecord, Report, ReportAttachment

# ---------------------------------------------------------------- rate limiting (memory only)

SUBMIT_LIMIT = (5, 60 * 60)  # reports per address per hour
STATUS_LIMIT = (20, 10 * 60)  # receipt look-ups per address per 10 minutes


def _rate_limited(request, bucket: str, limit: tuple[int, int]) -> bool:
    """Count requests per client address in the cache only; the address is keyed through an HMAC.

    The counter is never written to the database nor joined to a report: it lives in LocMemCache (or
    Redis when configured) and expires with its window.
    """
    count, window = limit
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:24]
    key = f"intake:rate:{bucket}:{digest}"
    if cache.add(key, 1, window):
        return False
    try:
        return cache.incr(key) > count
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return False


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- public pages


def _public_form_page(request, form, *, error: str = "", status: int = 200):
    question, token = forms.new_challenge()
    form.data = form.data.copy() if form.is_bound else form.data
    if form.is_bound:
        form.data["challenge_token"] = token
        form.data["challenge_answer"] = ""
    else:
        form.initial["challenge_token"] = token
    had_files = bool(request.FILES.getlist("attachments")) if request.method == "POST" else False
    return _no_store(
        render(
            request,
            "intake/public_form.html",
            {"form": form, "question": question, "error": error, "had_files": had_files},
            status=status,
        )
    )


@never_cache
def public_report(request):
    if request.method != "POST":
        return _public_form_page(request, forms.PublicReportForm())
    form = forms.PublicReportForm(request.POST, request.FILES)
    if _rate_limited(request, "submit", SUBMIT_LIMIT):
        return _public_form_page(request, form, error="提交过于频繁，请一小时后再试。您填写的内容已保留。", status=429)
    if not form.is_valid():
        return _public_form_page(request, form, error="提交未成功，请按提示修改后重新提交。")
    refusal = forms.check_challenge(form.cleaned_data["challenge_token"], form.cleaned_data["challenge_answer"])
    if refusal:
        form.add_error("challenge_answer", refusal)
        return _public_form_page(request, form, error="提交未成功，请回答新的验证问题。")
    try:
        report, code = services.submit_public_report(
            form.report_input(forms.uploads_of(form.cleaned_data["attachments"]))
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _public_form_page(request, form, error="提交未成功，请按提示修改后重新提交。")
    return _no_store(
        render(
            request,
            "intake/public_receipt.html",
            {
                "code_groups": services.format_receipt(code).split("-"),
                "real_name": report.is_real_name,
                "received_on": report.received_on,
            },
        )
    )


@never_cache
def public_status(request):
    context = {"form": forms.StatusForm(), "result": None, "error": ""}
    if request.method != "POST":
        return _no_store(render(request, "intake/public_status.html", context))
    if _rate_limited(request, "status", STATUS_LIMIT):
        context["error"] = "查询过于频繁，请十分钟后再试。"
        return _no_store(render(request, "intake/public_status.html", context, status=429))
    code = request.POST.get("code", "")
    found = services.find_by_receipt(code)
    if found is None:
        context["form"] = forms.StatusForm(request.POST)
        context["error"] = "查询码不正确，请核对后重新输入（查询码共20位，不区分大小写）。"
        return _no_store(render(request, "intake/public_status.html", context))
    message_form = forms.ReporterMessageForm(initial={"code": code})
    if request.POST.get("body") is not None and isinstance(found, Report):
        message_form = forms.ReporterMessageForm(request.POST)
        if message_form.is_valid():
            try:
                services.message_from_reporter(found, message_form.cleaned_data["body"])
            except DomainError as exc:
                message_form.add_error("body", exc.message)
            else:
                context["sent"] = True
                message_form = forms.ReporterMessageForm(initial={"code": code})
    context.update(result=services.status_for_reporter(found), message_form=message_form)
    return _no_store(render(request, "intake/public_status.html", context))


# ---------------------------------------------------------------- staff pages


def _crumbs(*items):
    return [("信访举报", None), *items]


@login_required
def report_list(request):
    access.require_section(request.user, Report)
    qs, filters = queries.filtered(request.user, request.GET)
    sort = queries.SORTING.key(request.GET)
    qs = qs.order_by(*queries.SORTING.order(sort))
    # A keyword search sorts all its matches anyway: its total comes with the page rows.
    listing = paginate(request, qs, total_with_rows=bool(filters["q"]))
    record_page(request, Report, listing, filters)
    query = listing["querystring"]
    context = {
        "page_title": "信访举报",
        "breadcrumbs": _crumbs(("举报列表", None)),
        "filters": filters,
        "sort_links": sort_links(request.GET, queries.SORTING, sort),
        "stages": Report.Stage.choices,
        "channels": Channel.choices,
        "routings": Report.Routing.choices,
        "due_choices": queries.DUE_CHOICES,
        "groups": access.filter_choices(request.user, DispatchGroup.objects.all()),
        "today": shanghai_today(),
        "may_register": request.user.acting_role in services.REGISTERING_ROLES,
        "may_export": exports.may_export(request.user),
        "export_url": reverse("intake:export") + (f"?{query}" if query else ""),
        **listing,
    }
    return render(request, "intake/list.html", context)


@login_required
def export(request):
    """The filtered list as .xlsx; the second factor is asked again first (exports leave the building)."""
    if not exports.may_export(request.user):
        raise NotFound()
    require_recent_otp(request)
    try:
        filename, content = exports.export_reports(request.user, request.GET)
    except BadRequest:
        raise  # a malformed filter is a 400, not a message on the list
    except DomainError as exc:
        messages.error(request, exc.message)
        query = request.GET.urlencode()
        return redirect(reverse("intake:list") + (f"?{query}" if query else ""))
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return _no_store(response)


@login_required
def register(request):
    if request.user.acting_role not in services.REGISTERING_ROLES:
        raise PermissionDenied("只有信访室和派驻组工作人员可以登记信访举报。")
    form = forms.StaffReportForm(request.POST or None, request.FILES or None, user=request.user)
    forward_reason = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.register_report(
                request.user,
                form.report_input(forms.uploads_of(data["attachments"]), subjects=data["subjects"]),
                channel=data["channel"],
                received_on=data["received_on"],
                source=data["source"],
            )
        except DomainError as exc:
            if "不得录入" in exc.message:
                forward_reason = exc.message
            else:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已登记 {report.serial}。请确认分办。")
            return redirect("intake:detail", report.pk)
    context = {
        "page_title": "登记信访举报",
        "breadcrumbs": _crumbs(("登记举报", None)),
        "form": form,
        "forward_reason": forward_reason,
        "forwarding_form": forms.ForwardingForm(initial={"received_on": form.data.get("received_on")}),
        "had_files": bool(request.FILES.getlist("attachments")),
    }
    return render(request, "intake/register.html", context)


def _handler_choices(report: Report):
    if report.group_id:
        return staff.group_staff(report.group_id)
    return staff.holding({report.office or Role.PETITION_OFFICE})


@login_required
def detail(request, pk: int):
    report = queries.detail(request.user, pk)
    user = request.user
    clue_links = list(report.clue_links.select_related("clue"))
    may_act = access.may(user, "act", report)
    identity = services.identity_access(user, report)
    role = user.acting_role
    version = {"version": report.version}
    context = {
        "page_title": f"信访举报 {report.serial}",
        "breadcrumbs": _crumbs(("举报列表", "/intake/"), (report.serial, None)),
        "report": report,
        "subjects": list(report.subjects.all()),
        "named": list(report.named.all()),
        # The reporter's data follow the identity rule: bodies and file names for the handler only.
        "attachments": services.attachments_for(user, report, identity),
        "events": list(report.events.all()),
        "thread": services.thread_for(user, report, identity),
        "feedback": list(report.feedback.select_related("given_by")),
        "similar": queries.similar(user, report),
        "same_people": list(queries.about_same_people(user, report)),
        # Repeats and the original are read through access: a recused twin is not shown, not even its serial.
        "repeats": list(access.scope(user, report.repeats.all())),
        "original_visible": report.duplicate_of_id in queries.visible_originals(user, [report]),
        "subject_matches": services.subject_matches(user, report),
        "may_act": may_act,
        "may_route": may_act
        and not report.is_closed
        and (role == Role.PETITION_OFFICE or (role in GROUP_ROLES and report.group_id == user.acting_grant.group_id)),
        "may_assign": may_act and not report.is_closed and role in {Role.PETITION_OFFICE, Role.GROUP_LEADER},
        "may_see_identity": identity is not None,
        "identity_access": identity,
        "may_reply": may_act and report.handler_id == user.pk,
        "reveal_days": settings.IDENTITY_REVEAL_DAYS,
        "has_identity": queries.has_identity(report),
        "my_requests": list(report.identity_requests.filter(requested_by=user)),
        "may_extend": role == Role.COMMISSION_LEADER and report.close_due and not report.close_extended,
        "may_designate": role == Role.COMMISSION_LEADER and not report.is_closed and report.group_id is None,
        "designations": list(jurisdiction.designations(report)),
        "designation_form": forms.DesignationForm(),
        "routing_form": forms.RoutingForm(
            groups=DispatchGroup.objects.filter(is_active=True),
            initial={
                "target": f"group:{report.proposed_group_id}"
                if report.proposed_group_id
                else f"office:{report.proposed_office or 'petition_office'}",
                **version,
            },
        ),
        "handler_form": forms.HandlerForm(users=_handler_choices(report), initial=version),
        "close_form": forms.CloseForm(initial=version),
        "transfer_form": forms.TransferForm(initial=version),
        "extend_form": forms.ExtendForm(initial=version),
        "feedback_form": forms.FeedbackForm(initial={"given_on": shanghai_today()}),
        "reply_form": forms.ReplyForm(),
        "identity_form": forms.IdentityRequestForm(),
        "is_handler": report.handler_id == user.pk,
        "clue_links": clue_links,
        # 信访室 converts but does not see clues: the serial is shown without a link it could not follow.
        "visible_clue_ids": set(
            access.scope(user, Clue).filter(pk__in=[link.clue_id for link in clue_links]).values_list("pk", flat=True)
        )
        if clue_links
        else set(),
        "may_convert": may_act
        and services.may_convert(user, report)
        and report.routing == Report.Routing.ROUTED
        and report.unit_id is not None,
        "converts_to_ledger": report.group_id is None,
        "convert_form": forms.ConvertForm(
            report=report,
            user=user,
            initial={
                "summary": report.facts,
                "subjects": [p.pk for p in report.subjects.all()],
                "categories": report.categories,
            },
        ),
    }
    return render(request, "intake/detail.html", context)


def _version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


# The detail page's steps and what each asks of the user: "act" (the holder's steps: the handler,
# the group leader, 信访室 for what it holds) or "view" (a request or a leader's approval, open to
# whoever may see the report; the service checks the rest).
REPORT_ACTIONS = {
    "route": "act",
    "assign": "act",
    "accept": "act",
    "close": "act",
    "transfer": "act",
    "extend": "view",
    "designate": "view",
    "duplicate": "act",
    "feedback": "act",
    "reply": "act",
    "identity_request": "view",
    "convert": "act",
    "forward": "act",
}


@login_required
@require_POST
def act(request, pk: int, action: str):
    """One POST endpoint per detail-page action; each calls exactly one service."""
    user = request.user
    if action not in REPORT_ACTIONS:
        raise NotFound()
    report = access.get_for_act(user, Report, pk, action=REPORT_ACTIONS[action])
    post = request.POST
    done = ""
    try:
        if action == "route":
            form = forms.RoutingForm(post, groups=DispatchGroup.objects.filter(is_active=True))
            if form.is_valid():
                group, office = form.destination()
                services.confirm_routing(
                    user, report, group=group, office=office, note=form.cleaned_data["note"], version=_version(request)
                )
                done = "已确认分办。"
        elif action == "assign":
            form = forms.HandlerForm(post, users=_handler_choices(report))
            if form.is_valid():
                services.assign_handler(user, report, form.cleaned_data["handler"], version=_version(request))
                done = "已指定承办人。"
        elif action == "accept":
            services.accept_report(user, report, version=_version(request))
            done = "已受理。"
        elif action == "close":
            form = forms.CloseForm(post)
            if form.is_valid():
                services.close_report(user, report, result=form.cleaned_data["result"], version=_version(request))
                done = "已办结。"
        elif action == "transfer":
            form = forms.TransferForm(post)
            if form.is_valid():
                services.transfer_out(
                    user,
                    report,
                    to_agency=form.cleaned_data["to_agency"],
                    note=form.cleaned_data["note"],
                    version=_version(request),
                )
                done = "已转有关机关。"
        elif action == "extend":
            form = forms.ExtendForm(post)
            if form.is_valid():
                services.extend_close_due(user, report, reason=form.cleaned_data["reason"], version=_version(request))
                done = "已批准延期。"
        elif action == "designate":
            form = forms.DesignationForm(post)
            if form.is_valid():
                jurisdiction.designate(
                    user, report, group=form.cleaned_data["group"], reason=form.cleaned_data["reason"]
                )
                done = f"已指定{form.cleaned_data['group']}管辖，请信访室确认分办。"
        elif action == "duplicate":
            original = access.get_for_act(user, Report, id_value(post.get("original"), "original") or 0, action="view")
            services.link_duplicate(user, report, original, version=_version(request))
            done = f"已关联为{original.serial}的重复件。"
        elif action == "feedback":
            form = forms.FeedbackForm(post)
            if form.is_valid():
                services.give_feedback(user, report, **form.cleaned_data)
                done = "已记录告知情况。"
        elif action == "reply":
            form = forms.ReplyForm(post)
            if form.is_valid():
                services.reply_to_reporter(user, report, form.cleaned_data["body"])
                done = "已回复举报人。"
        elif action == "identity_request":
            form = forms.IdentityRequestForm(post)
            if form.is_valid():
                services.request_identity(user, report, form.cleaned_data["reason"])
                done = "已提交申请，请等待委领导审批。"
        elif action == "convert":
            form = forms.ConvertForm(post, report=report, user=user)
            if form.is_valid():
                clue = services.convert_to_clue(user, report, form.draft())
                done = f"已转为问题线索 {clue.serial}。" + (
                    "" if clue.group_id else "线索已进入案件监督管理室线索台账，待分办。"
                )
        elif action == "forward":
            form = forms.ForwardingForm(post)
            if form.is_valid():
                services.forward_report(
                    user, report, reason=form.cleaned_data["reason"], forwarded_to=form.cleaned_data["forwarded_to"]
                )
                messages.success(request, "已转送，平台仅保留转送记录。")
                return redirect("intake:forwarding")
        else:
            raise DomainError("未知操作。")
    except DomainError as exc:
        if isinstance(exc, PermissionDenied | NotFound):
            raise
        messages.error(request, exc.message)
        return redirect("intake:detail", report.pk)
    if done:
        messages.success(request, done)
    else:
        messages.error(request, "请完整填写后再提交。")
    return redirect("intake:detail", report.pk)


@login_required
@require_POST
def reveal(request, pk: int):
    report = access.get_for_act(request.user, Report, pk, action="view")  # 404 first; the service audits the read
    if not services.may_see_identity(request.user, report):
        raise services.refused_identity(report)
    require_recent_otp(request)  # the reporter's identity: ask for the code again
    identity = services.reveal_identity(request.user, report)
    return _no_store(
        render(
            request,
            "intake/identity.html",
            {
                "page_title": f"举报人身份 {report.serial}",
                "breadcrumbs": _crumbs(
                    ("举报列表", "/intake/"), (report.serial, f"/intake/{report.pk}/"), ("举报人身份", None)
                ),
                "report": report,
                "identity": identity,
                "grant": services.identity_access(request.user, report),
            },
        )
    )


@login_required
@require_POST
def reporter_messages(request, pk: int):
    """The thread with its bodies and the attachments' names: the identity rule, the second factor, audited."""
    report = access.get_for_act(request.user, Report, pk, action="view")  # 404 first; the service audits the read
    if not services.may_see_identity(request.user, report):
        raise services.refused_identity(report)
    require_recent_otp(request)
    materials = services.read_messages(request.user, report)
    return _no_store(
        render(
            request,
            "intake/messages.html",
            {
                "page_title": f"与举报人往来留言 {report.serial}",
                "breadcrumbs": _crumbs(
                    ("举报列表", "/intake/"), (report.serial, f"/intake/{report.pk}/"), ("往来留言与附件", None)
                ),
                "report": report,
                "materials": materials,
            },
        )
    )


@login_required
def attachment(request, pk: int):
    """A reporter's attachment: the identity rule (404 for anyone else), the second factor again, audited."""
    rows = ReportAttachment.objects.select_related("report").defer(
        "name", *(f"report__{f}" for f in queries.IDENTITY_FIELDS)
    )
    item = get_object_or_404(rows, pk=pk)
    if not services.may_download(request.user, item):
        raise services.refused_download(item)
    require_recent_otp(request)  # often a signed letter: ask for the code again, as for the identity
    content = services.attachment_content(request.user, item)
    types = {
        "jpg": "image/jpeg",
        "png": "image/png",
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    response = HttpResponse(content, content_type=types[item.kind])
    response["Content-Disposition"] = f'attachment; filename="{item.report.serial}-{item.pk}.{item.kind}"'
    return _no_store(response)


@login_required
def due(request):
    access.require_section(request.user, Report)
    lists = queries.due(request.user)
    shown = {name: list(rows[:200]) for name, rows in lists.items()}
    ids = [r.pk for rows in shown.values() for r in rows]
    record_listing(request.user, Report, ids, filters={}, channel=request_channel(request))
    context = {
        "page_title": "告知与期限",
        "breadcrumbs": _crumbs(("告知与期限", None)),
        **shown,
        "counts": {k: v.count() for k, v in lists.items()},
    }
    return render(request, "intake/due.html", context)


@login_required
def forwarding(request):
    if request.user.acting_role not in services.REGISTERING_ROLES:
        raise PermissionDenied()
    form = forms.ForwardingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_forwarding(request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已登记转送记录。")
            return redirect("intake:forwarding")
    rows = access.scope(request.user, ForwardingRecord).select_related("forwarded_by")
    context = {
        "page_title": "转送记录",
        "breadcrumbs": _crumbs(("转送记录", None)),
        "form": form,
        **paginate(request, rows),
    }
    return render(request, "intake/forwarding.html", context)


@login_required
def identity_requests(request):
    if request.user.acting_role != Role.COMMISSION_LEADER:
        raise PermissionDenied()
    rows = queries.identity_requests(request.user)
    context = {
        "page_title": "查看举报人身份审批",
        "breadcrumbs": _crumbs(("身份查看审批", None)),
        "decision_form": forms.DecisionForm(),
        "reveal_days": settings.IDENTITY_REVEAL_DAYS,
        **paginate(request, rows),
    }
    return render(request, "intake/identity_requests.html", context)


@login_required
@require_POST
def decide_identity(request, pk: int):
    item = get_object_or_404(queries.identity_requests(request.user), pk=pk)
    form = forms.DecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide_identity_request(request.user, item, approve=approve, note=form.cleaned_data.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已批准。" if approve else "已不予批准。")
    return redirect("intake:identity_requests")


# ---------------------------------------------------------------- typed names confirmed against the roster


@login_required
@require_POST
def confirm_subject(request, pk: int, typed: int):
    """信访室 (or whoever holds the report) confirms which roster cadre a typed name stands for."""
    from paizhu.core.params import id_value
    from paizhu.org.models import Person

    from .models import ReportedName

    person_pk = id_value(request.POST.get("person"), "person")
    if person_pk is None:
        messages.error(request, "请选择干部名册中的干部。")
        return redirect("intake:detail", pk)
    # Stand-ins carrying only ids: the service reads each record through access (404 when out of scope).
    try:
        report = services.confirm_subject_match(
            request.user, Report(pk=pk), ReportedName(pk=typed), Person(pk=person_pk)
        )
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已确认被反映人。分办建议：{report.routing_reason}")
    return redirect("intake:detail", pk)
