from django import template
from django.utils import timezone

from paizhu.core.watermark import watermark_text as _watermark_text

register = template.Library()


@register.simple_tag(takes_context=True)
def watermark_text(context) -> str:
    return _watermark_text(context["request"].user)


@register.filter
def cn_date(value) -> str:
    """`2026年11月23日`, the form documents use."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return f"{value.year}年{value.month}月{value.day}日"


@register.inclusion_tag("includes/deadline.html")
def deadline(due, closed: bool = False):
    """A due date with working days left: red when overdue, orange within 3 working days, grey when closed."""
    from paizhu.core import calendar

    if not due:
        return {"due": None}
    if closed:
        return {"due": due, "css": "deadline-closed", "text": ""}
    try:
        left = calendar.days_left(due)
    except calendar.CalendarYearUnknown:
        # The year's holidays are not entered yet: show the date, say why the count is missing.
        return {"due": due, "css": "", "text": "待录入节假日安排"}
    if left < 0:
        css, text = "deadline-overdue", f"逾期{-left}个工作日"
    elif left <= 3:
        css, text = "deadline-soon", f"剩{left}个工作日"
    else:
        css, text = "", f"剩{left}个工作日"
    return {"due": due, "css": css, "text": text}


@register.filter
def matter_label(obj) -> str:
    """`app_label.model` of a record, for generic URLs such as self-recusal."""
    return obj._meta.label_lower


@register.inclusion_tag("includes/sort_link.html")
def sort_link(links, name: str, label: str):
    """A column heading that sorts the list by `name` (core.sorting.sort_links), with its direction shown."""
    return {"label": label, **links[name]}
