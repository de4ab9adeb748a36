"""The routing threshold screen for the system administrator (分办门槛).

Each save is a new version (`services.save_routing_threshold`, audited as `config.saved`); versions are never
changed or deleted, so the list is the threshold's history: who set what, when and on what authority.
"""

from django import forms
from django.contrib import admin

from paizhu.core.forms import PlainAdminMixin
from paizhu.org.models import Person

from . import services
from .models import RoutingThreshold


class RoutingThresholdForm(forms.ModelForm):
    management_levels = forms.MultipleChoiceField(
        label="由委机关办理的管理层级",
        choices=services.THRESHOLD_LEVELS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="上级党委管理的干部不录入本平台，一律转送上级纪委监委",
    )
    min_rank = forms.ChoiceField(
        label="职级门槛（及以上由委机关办理）",
        choices=[("", "不按职级划分"), *Person.Rank.choices],
        required=False,
    )

    class Meta:
        model = RoutingThreshold
        fields = ["leadership_members", "management_levels", "min_rank", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            now = services.Threshold.current()  # a change starts from what is in force
            self.initial.update(
                leadership_members=now.leadership_members,
                management_levels=list(now.management_levels),
                min_rank=now.min_rank,
            )


@admin.register(RoutingThreshold)
class RoutingThresholdAdmin(PlainAdminMixin, admin.ModelAdmin):
    form = RoutingThresholdForm
    list_display = ["changed_at", "leadership_text", "levels_text", "rank_text", "reason", "changed_by"]
    list_select_related = ["changed_by"]
    ordering = ["-changed_at", "-id"]

    @admin.display(description="领导班子成员")
    def leadership_text(self, obj: RoutingThreshold) -> str:
        return "由委机关办理" if obj.leadership_members else "按其他条件"

    @admin.display(description="管理层级")
    def levels_text(self, obj: RoutingThreshold) -> str:
        labels = dict(services.THRESHOLD_LEVELS)
        return "、".join(labels.get(v, v) for v in obj.management_levels) or "不按层级"

    @admin.display(description="职级门槛")
    def rank_text(self, obj: RoutingThreshold) -> str:
        return f"{obj.get_min_rank_display()}及以上" if obj.min_rank else "不按职级"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.save_routing_threshold(
            request.user,
            leadership_members=data["leadership_members"],
            management_levels=data["management_levels"],
            min_rank=data["min_rank"],
            reason=data["reason"],
        )
        obj.pk = saved.pk

    def render_change_form(self, request, context, *args, **kwargs):
        # A version is saved once and never edited: no "save and continue editing" / "save and add another".
        context.update(show_save_and_continue=False, show_save_and_add_another=False)
        return super().render_change_form(request, context, *args, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
