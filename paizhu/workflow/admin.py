"""The approval rules screen for the system administrator (审批规则).

Saves go through `services.save_approval_rule` (validated and audited as `config.saved`). Nothing is
deleted: a rule no longer wanted is switched off, so the history of past approvals still names it.
"""

import json

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from paizhu.core.errors import DomainError
from paizhu.core.forms import PlainAdminMixin
from paizhu.core.roles import Role

from . import approvals, services
from .models import ApprovalRule


def _kind_help(spec: approvals.Kind) -> str:
    """The roles a kind allows and the ones its chains cannot skip, as registered."""
    allowed = "、".join(f"{role}（{Role(role).label}）" for role in Role.values if role in spec.approvers)
    text = f"{spec.label}——可用角色：{allowed}"
    for requirement in spec.required:
        text += f"，{requirement.why}"
    return text


def _kind_choices() -> list[tuple[str, str]]:
    return [(name, spec.label) for name, spec in approvals.kinds().items()]


def _facts_help() -> str:
    facts = {
        "action": "事项（" + "；".join(f"{s.label}：{'、'.join(s.actions)}" for s in approvals.kinds().values()) + "）"
    }
    for spec in approvals.kinds().values():
        facts.update({name: text for name, (text, _values) in spec.facts.items()})
    return "；".join(f"{k}：{v}" for k, v in facts.items())


class ApprovalRuleForm(forms.ModelForm):
    kind = forms.ChoiceField(label="审批事项", choices=_kind_choices)

    class Meta:
        model = ApprovalRule
        fields = ["kind", "name", "priority", "conditions", "steps", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kinds are registered by the apps at start-up: the help is read from the registry, not frozen here.
        self.fields["conditions"].help_text = (
            "JSON 对象，事实名 → 值或值列表，全部满足才适用；空对象 {} 适用于全部。可用事实：" + _facts_help()
        )
        self.fields["steps"].help_text = (
            '按顺序的审批步骤，如 [{"role": "group_leader", "label": "组长审核"}, {"role": '
            '"commission_leader", "label": "委主要负责人审核", "attestation": "已报同级党委书记批准"}]。'
            + "；".join(_kind_help(spec) for spec in approvals.kinds().values())
            + "。驻在部门人员（党组书记、联络员）和三员不参与任何审批。"
        )

    def clean(self):
        data = super().clean() or {}
        if not self.errors:
            try:
                approvals.check_rule(
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
        return _kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(ApprovalRule)
class ApprovalRuleAdmin(PlainAdminMixin, admin.ModelAdmin):
    form = ApprovalRuleForm
    list_display = ["name", "kind_label", "priority", "conditions_text", "chain", "is_active"]
    list_filter = [KindFilter, "is_active"]
    ordering = ["kind", "priority", "id"]
    search_fields = ["name"]

    @admin.display(description="审批事项", ordering="kind")
    def kind_label(self, obj: ApprovalRule) -> str:
        spec = approvals.kinds().get(obj.kind)
        return spec.label if spec else obj.kind

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
