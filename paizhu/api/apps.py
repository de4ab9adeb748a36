from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "paizhu.api"
    label = "api"
    verbose_name = "接口"
