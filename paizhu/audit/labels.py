"""Chinese names for what the trail stores as codes: roles and object types (events have `events.label`)."""

from functools import cache

from django.apps import apps

from paizhu.core.roles import Role

# Models of libraries name themselves in English ("TOTP device").
LIBRARY_MODELS = {"otp_totp.totpdevice": "动态验证码设备"}


@cache
def object_types() -> dict[str, str]:
    """Object types the trail refers to, `app_label.model` -> Chinese name, for filters and labels."""
    return {
        model._meta.label_lower: LIBRARY_MODELS.get(model._meta.label_lower, str(model._meta.verbose_name))
        for model in apps.get_models()
        if model.__module__.startswith("paizhu.") or model._meta.label_lower in LIBRARY_MODELS
    }


def object_type_label(object_type: str) -> str:
    return object_types().get(object_type, object_type)


def role_label(role: str) -> str:
    return Role(role).label if role in Role.values else role
