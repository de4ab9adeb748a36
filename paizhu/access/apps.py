from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "paizhu.access"
    label = "access"
    verbose_name = "访问控制"

    def ready(self):
        from . import policies  # noqa: F401 - registers every model's policy
