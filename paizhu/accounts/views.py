import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from paizhu import access
from paizhu.core import todos
from paizhu.core.errors import DomainError, PermissionDenied
from paizhu.core.listing import paginate
from paizhu.core.roles import Role

from . import services, stepup
from . import tokens as api_tokens
from .forms import (
    GrantForm,
    LoginForm,
    OwnPasswordChangeForm,
    PasswordResetForm,
    RevokeForm,
    TokenForm,
    UserCreateForm,
    UserEditForm,
)
from .middleware import ACTIVE_GRANT_SESSION_KEY
from .models import ApiToken, RoleGrant, User

# ---------------------------------------------------------------- login, second factor, password


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.GET.get("timeout") == "1"
        return context


class LogoutView(auth_views.LogoutView):
    pass


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): the Chinese page, HTTP 429."""
    context = {"minutes": round(settings.AXES_COOLOFF_TIME * 60), "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/locked_out.html", context, status=429)


def _safe_next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def otp(request):
    """The second factor: enrol an authenticator (first login), verify a code (each login), or step up."""
    user = request.user
    step_up = (request.POST.get("step_up") or request.GET.get("step_up")) == "1"
    if user.is_verified() and not step_up:
        return redirect(_safe_next(request))
    device = services.confirmed_totp_device(user)
    enrolling = device is None
    if enrolling:
        device = services.pending_totp_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = services.totp_retry_after(device)
        if wait:
            form.add_error("token", f"验证失败次数过多，请 {wait} 秒后再试。")
        elif services.verify_totp(user, device, form.cleaned_data["token"], stage=_stage(enrolling, step_up)):
            otp_login(request, device)
            stepup.mark_verified(request)
            return redirect(_safe_next(request))
        else:
            form.add_error("token", "动态验证码不正确或已过期，请重新输入。")
    context = {"form": form, "enrolling": enrolling, "step_up": step_up, "next": _safe_next(request, "")}
    if enrolling:
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/otp.html", context)


def _stage(enrolling: bool, step_up: bool) -> str:
    return "enrol" if enrolling else "step_up" if step_up else "login"


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    return image.to_string(encoding="unicode")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        services.change_own_password(self.request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, "密码已修改。")
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title="修改密码",
            breadcrumbs=[("个人事项", None), ("修改密码", None)],
            forced=self.request.user.must_change_password,
        )
        return context


@login_required
@require_POST
def switch_role(request):
    try:
        grant = services.switch_role(request.user, int(request.POST.get("grant", "0")))
    except (DomainError, ValueError):
        messages.error(request, "所选角色不可用。")
        return redirect("home")
    request.session[ACTIVE_GRANT_SESSION_KEY] = grant.pk
    messages.success(request, f"已切换为：{grant.label}")
    return redirect("home")


@login_required
def home(request):
    return render(
        request,
        "home.html",
        {"page_title": "我的待办", "todo_groups": todos.for_user(request.user), "otp_required": settings.OTP_REQUIRED},
    )


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# ---------------------------------------------------------------- users (系统管理员)

USERS_CRUMB = ("用户管理", reverse_lazy("accounts:users"))


@login_required
def users(request):
    if not services.can_manage_users(request.user):
        raise PermissionDenied("您无权管理用户账户。")
    has_device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    qs = (
        access.scope(request.user, User, "manage")
        .select_related("person__unit")
        .annotate(has_device=Exists(has_device))
        .order_by("username")
    )
    keyword = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    locked = services.locked_usernames()
    if keyword:
        qs = qs.filter(Q(username__icontains=keyword) | Q(full_name__contains=keyword))
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    elif status == "locked":
        qs = qs.filter(username__in=locked)
    context = {
        "page_title": "用户管理",
        "breadcrumbs": [("系统管理", None), ("用户管理", None)],
        "filters": {"q": keyword, "status": status},
        "locked": locked,
        **paginate(request, qs),
    }
    return render(request, "accounts/users.html", context)


@login_required
def user_create(request):
    if not services.can_manage_users(request.user):
        raise PermissionDenied("您无权管理用户账户。")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                request.user,
                username=data["username"],
                full_name=data["full_name"],
                password=data["password1"],
                person=data["person"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"已创建用户“{user.username}”。如需使用业务功能，请联系安全保密管理员授予角色。")
            return redirect("accounts:user", pk=user.pk)
    context = {"page_title": "新建用户", "breadcrumbs": [("系统管理", None), USERS_CRUMB, ("新建用户", None)]}
    return render(request, "accounts/user_form.html", {**context, "form": form})


@login_required
def user_detail(request, pk):
    user = access.fetch(request.user, User, pk, "manage")
    form = UserEditForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(
                request.user, user, full_name=form.cleaned_data["full_name"], person=form.cleaned_data["person"]
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, "用户信息已保存。")
            return redirect("accounts:user", pk=user.pk)
    context = {
        "page_title": f"用户：{user.full_name or user.username}",
        "breadcrumbs": [("系统管理", None), USERS_CRUMB, (user.username, None)],
        "account": user,
        "form": form,
        # The same predicate the services enforce: nothing on one's own account, the name included.
        "can_edit": services.can_edit_account(request.user, user),
        "is_locked": user.username in services.locked_usernames(),
        "has_device": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
    }
    return render(request, "accounts/user_detail.html", context)


def _user_action(request, pk, action, done: str):
    user = access.fetch(request.user, User, pk, "manage")
    try:
        action(user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done.format(user=user.username))
    return redirect("accounts:user", pk=user.pk)


@login_required
@require_POST
def user_set_active(request, pk):
    active = request.POST.get("active") == "1"
    return _user_action(
        request,
        pk,
        lambda user: services.set_user_active(request.user, user, active),
        "已启用账户“{user}”。" if active else "已停用账户“{user}”，其登录会话随即失效。",
    )


@login_required
@require_POST
def user_unlock(request, pk):
    return _user_action(
        request, pk, lambda user: services.unlock_user(request.user, user), "已解除账户“{user}”的登录锁定。"
    )


@login_required
@require_POST
def user_reset_otp(request, pk):
    return _user_action(
        request,
        pk,
        lambda user: services.reset_second_factor(request.user, user),
        "已重置“{user}”的身份验证器，该用户下次登录时须重新绑定。",
    )


@login_required
def user_reset_password(request, pk):
    user = access.fetch(request.user, User, pk, "manage")
    form = PasswordResetForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(request.user, user, form.cleaned_data["password1"])
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"已重置“{user.username}”的密码。请将临时密码当面或经保密渠道告知本人。")
            return redirect("accounts:user", pk=user.pk)
    context = {
        "page_title": f"重置密码：{user.full_name or user.username}",
        "breadcrumbs": [
            ("系统管理", None),
            USERS_CRUMB,
            (user.username, reverse("accounts:user", args=[user.pk])),
            ("重置密码", None),
        ],
        "account": user,
        "form": form,
    }
    return render(request, "accounts/user_password.html", context)


# ---------------------------------------------------------------- role grants (安全保密管理员; 安全审计员 reads)

GRANTS_CRUMB = ("角色授权", reverse_lazy("accounts:grants"))


@login_required
def grants(request):
    qs = access.scope(request.user, RoleGrant, "view")
    if not qs.exists():
        raise PermissionDenied("您无权查看角色授权。")
    qs = qs.select_related("user", "commission", "group", "unit", "granted_by", "revoked_by").order_by("-granted_at")
    role = request.GET.get("role", "")
    keyword = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if role in Role.values:
        qs = qs.filter(role=role)
    if keyword:
        qs = qs.filter(
            Q(user__username__icontains=keyword) | Q(user__full_name__contains=keyword) | Q(note__contains=keyword)
        )
    if status == "active":
        qs = qs.filter(revoked_at__isnull=True)
    elif status == "revoked":
        qs = qs.filter(revoked_at__isnull=False)
    context = {
        "page_title": "角色授权",
        "breadcrumbs": [("系统管理", None), ("角色授权", None)],
        "roles": Role.choices,
        "filters": {"role": role, "q": keyword, "status": status},
        "can_grant": services.can_grant(request.user),
        **paginate(request, qs),
    }
    context["revocable"] = {g.pk for g in context["page"] if services.can_revoke(request.user, g)}
    return render(request, "accounts/grants.html", context)


@login_required
def grant_create(request):
    if not services.can_grant(request.user):
        raise PermissionDenied("只有安全保密管理员可以授予角色。")
    # Nobody grants to themselves (三员分立): the form does not offer it, and the service refuses it.
    candidates = (
        access.scope(request.user, User, "view").filter(is_active=True).exclude(pk=request.user.pk).order_by("username")
    )
    form = GrantForm(request.POST or None, users=candidates, initial={"user": request.GET.get("user")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant = services.grant_role(request.user, data["user"], data["role"], data["scope_object"], data["note"])
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"已授予“{grant.user}”角色：{grant.label}。")
            return redirect(f"{reverse('accounts:grants')}?{urlencode({'q': grant.user.username})}")
    context = {"page_title": "授予角色", "breadcrumbs": [("系统管理", None), GRANTS_CRUMB, ("授予角色", None)]}
    return render(request, "accounts/grant_form.html", {**context, "form": form})


@login_required
def grant_revoke(request, pk):
    grant = access.fetch(
        request.user, RoleGrant.objects.select_related("user", "commission", "group", "unit"), pk, "manage"
    )
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_grant(request.user, grant, form.cleaned_data["reason"])
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"已撤销“{grant.user}”的角色：{grant.label}。")
            return redirect("accounts:grants")
    context = {
        "page_title": "撤销角色",
        "breadcrumbs": [("系统管理", None), GRANTS_CRUMB, ("撤销角色", None)],
        "grant": grant,
        "form": form,
    }
    return render(request, "accounts/grant_revoke.html", context)


# ---------------------------------------------------------------- API tokens (安全保密管理员; 安全审计员 reads)

TOKENS_CRUMB = ("接口令牌", reverse_lazy("accounts:tokens"))


@login_required
def tokens(request):
    qs = access.scope(request.user, ApiToken, "view")
    if not qs.exists():
        raise PermissionDenied("您无权查看接口令牌。")
    now = timezone.now()
    keyword = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if keyword:
        qs = qs.filter(
            Q(user__username__icontains=keyword) | Q(user__full_name__contains=keyword) | Q(note__contains=keyword)
        )
    if status == "active":
        qs = qs.filter(revoked_at__isnull=True, expires_at__gt=now)
    elif status == "expired":
        qs = qs.filter(revoked_at__isnull=True, expires_at__lte=now)
    elif status == "revoked":
        qs = qs.filter(revoked_at__isnull=False)
    qs = qs.select_related("user", "created_by", "revoked_by").order_by("-id")
    context = {
        "page_title": "接口令牌",
        "breadcrumbs": [("系统管理", None), ("接口令牌", None)],
        "filters": {"q": keyword, "status": status},
        "states": ApiToken.STATES,
        "can_manage": services.can_grant(request.user),
        **paginate(request, qs),
    }
    for token in context["page"]:
        token.state_label = ApiToken.STATES[token.state(now)]
        token.revocable = api_tokens.can_revoke(request.user, token)
    return render(request, "accounts/tokens.html", context)


@login_required
def token_revoke(request, pk):
    token = access.fetch(request.user, ApiToken.objects.select_related("user", "created_by"), pk, "manage")
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            api_tokens.revoke_token(request.user, token, form.cleaned_data["reason"])
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"已撤销“{token.user}”的接口令牌 {token.prefix}…，该令牌立即失效。")
            return redirect("accounts:tokens")
    context = {
        "page_title": "撤销接口令牌",
        "breadcrumbs": [("系统管理", None), TOKENS_CRUMB, ("撤销令牌", None)],
        "token": token,
        "form": form,
    }
    return render(request, "accounts/token_revoke.html", context)
