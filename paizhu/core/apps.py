from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "paizhu.core"
    label = "core"
    verbose_name = "基础设施"
