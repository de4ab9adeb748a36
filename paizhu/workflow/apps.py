from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "paizhu.workflow"
    label = "workflow"
    verbose_name = "审批与流程"
