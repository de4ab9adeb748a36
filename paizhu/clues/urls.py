from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "clues"

urlpatterns = [
    path("", views.clue_list, name="list"),
    path("new/", views.register, name="register"),
    path("export/", views.export, name="export"),
    # The approver's inbox is the kernel's, over every kind (workflow:approvals); old links land there.
    path("approvals/", RedirectView.as_view(pattern_name="workflow:approvals", permanent=True)),
    path("approvals/<int:pk>/", RedirectView.as_view(pattern_name="workflow:decide", permanent=True)),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/read/", views.notifications_read, name="notification_read"),
    path("screenings/", views.screening_list, name="screenings"),
    path("screenings/new/", views.screening_new, name="screening_new"),
    path("screenings/<int:pk>/", views.screening_detail, name="screening"),
    path("cases/", views.case_list, name="cases"),
    path("cases/export/", views.case_export, name="case_export"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/<slug:step>/", views.case_step, name="case_step"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/documents/<slug:kind>/", views.old_document),
    path("<int:pk>/<slug:step>/", views.clue_step, name="step"),
]
