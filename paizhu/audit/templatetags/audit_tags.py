from django import template

from paizhu.audit import events, labels
from paizhu.audit.events import ALERT_ACTIONS, READ_ACTIONS

register = template.Library()


@register.filter
def event_label(code: str) -> str:
    return events.label(code)


@register.filter
def role_label(code: str) -> str:
    return labels.role_label(code) if code else ""


@register.filter
def object_type_label(code: str) -> str:
    return labels.object_type_label(code)


@register.filter
def is_alert(code: str) -> bool:
    return code in ALERT_ACTIONS


@register.filter
def is_read(code: str) -> bool:
    return code in READ_ACTIONS
