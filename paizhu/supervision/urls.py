from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.choose_kind, name="new"),
    path("new/<slug:kind>/", views.record, name="record"),
    path("summary/", views.work_summary, name="summary"),
    path("export/", views.export, name="export"),
    path("units/<int:pk>/", views.unit_timeline, name="unit"),
    path("findings/<int:pk>/<slug:step>/", views.dispose, name="dispose"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
]
