from django import template
from django.utils.html import format_html, format_html_join

from paizhu.clues.workflows import CaseStatus, ClueStatus

register = template.Library()

_CLUE_COLOURS = {
    ClueStatus.REGISTERED: "secondary",
    ClueStatus.ASSIGNING: "warning",
    ClueStatus.ASSIGNED: "info",
    ClueStatus.PROPOSED: "warning",
    ClueStatus.INQUIRY: "primary",
    ClueStatus.INQUIRY_REPLY: "primary",
    ClueStatus.INQUIRY_CONCLUDING: "primary",
    ClueStatus.VERIFYING: "danger",
    ClueStatus.PARKED: "dark",
    ClueStatus.IN_CASE: "danger",
    ClueStatus.CLOSED: "success",
}
_CASE_COLOURS = {
    CaseStatus.INVESTIGATING: "danger",
    CaseStatus.REVIEW_PENDING: "warning",
    CaseStatus.IN_REVIEW: "warning",
    CaseStatus.SUBMITTED: "warning",
    CaseStatus.DECIDED: "primary",
    CaseStatus.ANNOUNCED: "primary",
    CaseStatus.APPEALED: "warning",
    CaseStatus.CLOSED: "success",
}


@register.simple_tag
def status_badge(obj):
    colours = _CASE_COLOURS if obj.__class__.__name__ == "Case" else _CLUE_COLOURS
    colour = colours.get(obj.status, "secondary")
    text_class = " text-dark" if colour in ("warning", "info") else ""
    return format_html('<span class="badge text-bg-{}{}">{}</span>', colour, text_class, obj.get_status_display())


@register.simple_tag
def person_flags(person):
    flags = []
    if person.is_main_leader:
        flags.append(("danger", "主要负责人"))
    if person.is_leadership_member:
        flags.append(("warning text-dark", "班子成员"))
    if person.is_commission_managed:
        flags.append(("dark", "同级党委管理"))
    return format_html_join("", ' <span class="badge text-bg-{}">{}</span>', flags)
