from django import template
from django.utils.html import format_html

from paizhu.rectification.models import Rating
from paizhu.rectification.workflows import DemandStatus, ItemStatus

register = template.Library()

_COLOURS = {
    DemandStatus.DRAFT: "secondary",
    DemandStatus.APPROVING: "warning",
    DemandStatus.ISSUED: "primary",
    DemandStatus.CLOSED: "success",
}
_ITEM_COLOURS = {
    ItemStatus.OPEN: "primary",
    ItemStatus.PLANNED: "info",
    ItemStatus.ANSWERED: "secondary",
    ItemStatus.SUBMITTED: "warning",
    ItemStatus.RETURNED: "danger",
    ItemStatus.CLOSED: "success",
}
_RATING_COLOURS = {Rating.EARLY: "success", Rating.ON_TIME: "success", Rating.LATE: "warning", Rating.OVERDUE: "danger"}


def _badge(colour: str, text: str):
    dark = " text-dark" if colour in ("warning", "info") else ""
    return format_html('<span class="badge text-bg-{}{}">{}</span>', colour, dark, text)


@register.simple_tag
def demand_badge(demand):
    return _badge(_COLOURS.get(demand.status, "secondary"), demand.get_status_display())


@register.simple_tag
def item_badge(item):
    return _badge(_ITEM_COLOURS.get(item.status, "secondary"), item.get_status_display())


@register.simple_tag
def rating_badge(rating):
    if not rating:
        return ""
    return _badge(_RATING_COLOURS[rating], Rating(rating).label)
