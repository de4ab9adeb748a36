"""Configuration screens for the system administrator: the working-day calendar.

Every save and delete goes through `paizhu.core.services`, so the audit trail records it.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from . import services
from .calendar import OFFICIAL_YEARS
from .errors import DomainError
from .forms import PlainAdminMixin
from .models import CalendarYear, WorkdayOverride

WEEKDAYS = "一二三四五六日"


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(PlainAdminMixin, admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "note", "created_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["created_by"]
    date_hierarchy = "date"
    search_fields = ["note"]
    fields = ["date", "kind", "note", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]

    @admin.display(description="星期", ordering="date")
    def weekday(self, obj: WorkdayOverride) -> str:
        return f"星期{WEEKDAYS[obj.date.weekday()]}"

    def save_model(self, request, obj, form, change):
        services.save_workday_override(request.user, obj)

    def delete_model(self, request, obj):
        services.delete_workday_override(request.user, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                services.delete_workday_override(request.user, obj)


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["year", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].help_text = (
            f"内置日历已包含{OFFICIAL_YEARS[0]}–{OFFICIAL_YEARS[-1]}年。"
            "其后年份：先在“工作日调整”中逐日录入国务院办公厅通知中的放假日和调休上班日，再在此确认该年度。"
        )

    def clean_year(self):
        year = self.cleaned_data["year"]
        try:
            services.check_year_declarable(year)
        except DomainError as error:
            raise ValidationError(error.message) from error
        return year


def _override_count(kind: str):
    per_year = (
        WorkdayOverride.objects.filter(date__year=OuterRef("year"), kind=kind)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_year, output_field=IntegerField()), Value(0))


@admin.register(CalendarYear)
class CalendarYearAdmin(PlainAdminMixin, admin.ModelAdmin):
    form = CalendarYearForm
    list_display = ["year", "holiday_count", "workday_count", "note", "created_at"]
    ordering = ["-year"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                holiday_count=_override_count(WorkdayOverride.Kind.HOLIDAY),
                workday_count=_override_count(WorkdayOverride.Kind.WORKDAY),
            )
        )

    @admin.display(description="已录入放假日", ordering="holiday_count")
    def holiday_count(self, obj) -> int:
        return obj.holiday_count

    @admin.display(description="已录入调休上班日", ordering="workday_count")
    def workday_count(self, obj) -> int:
        return obj.workday_count

    def save_model(self, request, obj, form, change):
        services.save_calendar_year(request.user, obj)

    def delete_model(self, request, obj):
        services.delete_calendar_year(request.user, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                services.delete_calendar_year(request.user, obj)
