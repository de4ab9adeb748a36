"""系统管理员's configuration of 主体责任: the 大额资金 reporting threshold, a new version at each change."""

from django.contrib import admin

from paizhu.core.forms import PlainAdminMixin

from .models import FundsThreshold
from .services import filings


@admin.register(FundsThreshold)
class FundsThresholdAdmin(PlainAdminMixin, admin.ModelAdmin):
    fields = ["amount", "reason"]
    list_display = ["changed_at", "amount", "reason", "changed_by"]
    list_select_related = ["changed_by"]
    ordering = ["-changed_at", "-id"]

    def save_model(self, request, obj, form, change):
        saved = filings.set_funds_threshold(
            request.user, amount=form.cleaned_data["amount"], reason=form.cleaned_data["reason"]
        )
        obj.pk = saved.pk

    def render_change_form(self, request, context, *args, **kwargs):
        # A version is saved once and never edited.
        context.update(show_save_and_continue=False, show_save_and_add_another=False)
        return super().render_change_form(request, context, *args, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
