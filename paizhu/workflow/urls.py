from django.urls import path

from . import views

app_name = "workflow"

urlpatterns = [
    path("approvals/", views.approval_inbox, name="approvals"),
    path("approvals/<int:pk>/", views.decide, name="decide"),
    path("documents/<slug:name>/<int:pk>/", views.document, name="document"),
    path("documents/<slug:name>/<int:pk>/<int:part>/", views.document, name="document_part"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("attachments/add/<str:model>/<int:pk>/", views.attach, name="attach"),
]
