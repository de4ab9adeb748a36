"""The org chart's configuration the system administrator keeps: the commission's own departments."""

from django.contrib import admin

from paizhu.core.forms import PlainAdminMixin

from .models import Office


@admin.register(Office)
class OfficeAdmin(PlainAdminMixin, admin.ModelAdmin):
    list_display = ["name", "ordinal", "handles_clues", "is_active"]
    list_editable = ["ordinal", "handles_clues", "is_active"]
    ordering = ["ordinal", "id"]
