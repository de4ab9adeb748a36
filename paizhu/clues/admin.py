"""Configuration screens of the clue module for the system administrator: close reasons (approval rules: `workflow`).

Saves go through `services` (validated and audited as `config.saved`). Nothing is deleted: a reason no
longer wanted is switched off, so the history of past clues still names it.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from paizhu.core.forms import PlainAdminMixin

from . import services
from .models import CloseReason


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
class CloseReasonAdmin(PlainAdminMixin, admin.ModelAdmin):
    form = CloseReasonForm
    list_display = ["text", "kind", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    ordering = ["kind", "order", "id"]
    search_fields = ["text"]

    def save_model(self, request, obj, form, change):
        services.save_close_reason(request.user, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
