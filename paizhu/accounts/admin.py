"""The Django admin as the system administrator's configuration screens (/admin/).

`SystemAdminSite` is the project's default admin site (see `PaizhuAdminConfig`), so `admin.site.register`
in any app lands here. Entry needs the acting role 系统管理员, not is_staff or is_superuser; inside, the
system administrator may view, add, change and delete exactly the models registered here, through
`rules` permissions granted per registered model. Only the platform's own configuration tables are
registered: third-party admin screens (auth groups, OTP devices with their secret keys, lockout
records) are refused, and business models must never be registered.
"""

import rules
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.db.models.base import ModelBase
from django.shortcuts import redirect
from django.urls import reverse

from paizhu.core.errors import PermissionDenied
from paizhu.core.roles import Role

ADMIN_ACTIONS = ("view", "add", "change", "delete")


@rules.predicate
def acting_as_system_admin(user) -> bool:
    return getattr(user, "acting_role", "") == Role.SYSTEM_ADMIN


class SystemAdminSite(admin.AdminSite):
    site_header = "派驻监督工作平台 · 系统配置"
    site_title = "系统配置"
    index_title = "配置项"
    site_url = "/"
    enable_nav_sidebar = False

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_authenticated and acting_as_system_admin(user)

    def register(self, model_or_iterable, admin_class=None, **options):
        models = [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else list(model_or_iterable)
        ours = [model for model in models if model.__module__.startswith("paizhu.")]
        if not ours:
            return
        super().register(ours, admin_class, **options)
        for model in ours:
            opts = model._meta
            rules.set_perm(opts.app_label, acting_as_system_admin)
            for action in ADMIN_ACTIONS:
                rules.set_perm(f"{opts.app_label}.{action}_{opts.model_name}", acting_as_system_admin)

    def password_change(self, request, extra_context=None):
        # The platform's own page: audited, and it clears a forced change.
        return redirect("accounts:password_change")

    def login(self, request, extra_context=None):
        # One login page for the whole platform (lockout, second factor, audit).
        if request.user.is_authenticated:
            raise PermissionDenied("系统配置仅限系统管理员使用。")
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
