from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "paizhu.guide"
    label = "guide"
    verbose_name = "用户指南"
