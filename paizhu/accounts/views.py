import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from paizhu.core import todos
from paizhu.core.errors import DomainError

from . import services
from .forms import LoginForm, TokenForm
from .middleware import ACTIVE_GRANT_SESSION_KEY


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


def _safe_next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
def otp(request):
    """Second step of login: verify a TOTP code, enrolling an authenticator first if the user has none."""
    user = request.user
    if user.is_verified():
        return redirect(_safe_next(request))
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    device = None if has_device else services.pending_totp_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if has_device:
            verified = match_token(user, token)
        else:
            verified = device if services.confirm_totp_device(user, device, token) else None
        if verified:
            otp_login(request, verified)
            return redirect(_safe_next(request))
        form.add_error("token", "动态验证码不正确或已过期，请重新输入。")
    context = {"form": form, "enrolling": not has_device, "next": _safe_next(request, "")}
    if device is not None:
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/otp.html", context)


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


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
