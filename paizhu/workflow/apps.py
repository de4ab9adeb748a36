from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "paizhu.workflow"
    label = "workflow"
    verbose_name = "审批与流程"

    def ready(self):
        from . import registry

        registry.register_navigation_and_todos()
