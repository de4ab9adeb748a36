"""Configuration screens of the clue module for the system administrator: approval rules and close reasons.

Saves go through `services` (validated and audited as `config.saved`). Nothing is deleted: a rule or
reason no longer wanted is switched off, so the history of past approvals still names it.
"""

import json

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from paizhu.core.errors import DomainError
from paizhu.core.roles import Role

from . import approvals, services
from .models import ApprovalRule, CloseReason


def _kind_help(kind: str, label: str) -> str:
    """The roles a kind allows and the ones its chains cannot skip, from `approvals.KINDS`."""
    spec = approvals.KINDS[kind]
    allowed = "、".join(f"{role}（{Role(role).label}）" for role in Role.values if role in spec.approvers)
    text = f"{label}——可用角色：{allowed}"
    for requirement in spec.required:
        text += f"，{requirement.why}"
    return text


APPROVER_HELP = "；".join(_kind_help(kind, label) for kind, label in services.APPROVAL_KINDS.items())


class ApprovalRuleForm(forms.ModelForm):
    kind = forms.ChoiceField(label="审批事项", choices=list(services.APPROVAL_KINDS.items()))

    class Meta:
        model = ApprovalRule
        fields = ["kind", "name", "priority", "conditions", "steps", "is_active"]
        help_texts = {
            "conditions": "JSON 对象，事实名 → 值或值列表，全部满足才适用；空对象 {} 适用于全部。可用事实："
            + "；".join(f"{k}：{v}" for k, v in services.RULE_FACTS.items()),
            "steps": '按顺序的审批步骤，如 [{"role": "group_leader", "label": "组长审核"}, {"role": '
            '"commission_leader", "label": "委主要负责人审核", "attestation": "已报同级党委书记批准"}]。'
            + APPROVER_HELP
            + "。驻在部门人员（党组书记、联络员）和三员不参与任何审批。",
        }

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                services.check_approval_rule(
                    data["kind"],
                    data["conditions"],
                    data["steps"],
                    priority=data["priority"],
                    is_active=data["is_active"],
                    pk=self.instance.pk,
                )
            except DomainError as error:
                field = error.field if error.field in self.fields else NON_FIELD_ERRORS
                raise ValidationError({field: error.message}) from error
        return data


class KindFilter(admin.SimpleListFilter):
    title = "审批事项"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return list(services.APPROVAL_KINDS.items())

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(ApprovalRule)
class ApprovalRuleAdmin(admin.ModelAdmin):
    form = ApprovalRuleForm
    list_display = ["name", "kind_label", "priority", "conditions_text", "chain", "is_active"]
    list_filter = [KindFilter, "is_active"]
    ordering = ["kind", "priority", "id"]
    search_fields = ["name"]

    @admin.display(description="审批事项", ordering="kind")
    def kind_label(self, obj: ApprovalRule) -> str:
        return services.APPROVAL_KINDS.get(obj.kind, obj.kind)

    @admin.display(description="适用条件")
    def conditions_text(self, obj: ApprovalRule) -> str:
        return json.dumps(obj.conditions, ensure_ascii=False) if obj.conditions else "全部"

    @admin.display(description="审批链")
    def chain(self, obj: ApprovalRule) -> str:
        return " → ".join(step.get("label") or Role(step["role"]).label for step in obj.steps)

    def save_model(self, request, obj, form, change):
        services.save_approval_rule(request.user, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CloseReasonForm(forms.ModelForm):
    class Meta:
        model = CloseReason
        fields = ["kind", "text", "order", "is_active"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            duplicate = CloseReason.objects.filter(kind=data["kind"], text=data["text"].strip())
            if duplicate.exclude(pk=self.instance.pk).exists():
                raise ValidationError({"text": "该了结类型下已有相同的理由。"})
        return data


@admin.register(CloseReason)
class CloseReasonAdmin(admin.ModelAdmin):
    form = CloseReasonForm
    list_display = ["text", "kind", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    ordering = ["kind", "order", "id"]
    search_fields = ["text"]

    def save_model(self, request, obj, form, change):
        services.save_close_reason(request.user, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
