from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.register, name="register"),
    path("export/", views.export, name="export"),
    path("due/", views.due, name="due"),
    path("forwarding/", views.forwarding, name="forwarding"),
    path("identity-requests/", views.identity_requests, name="identity_requests"),
    path("identity-requests/<int:pk>/decide/", views.decide_identity, name="decide_identity"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/identity/", views.reveal, name="reveal"),
    path("<int:pk>/messages/", views.reporter_messages, name="messages"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
    path("<int:pk>/subjects/<int:typed>/confirm/", views.confirm_subject, name="confirm_subject"),
]
