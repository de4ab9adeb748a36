from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.entries, name="entries"),
    path("<int:pk>/", views.entry, name="entry"),
    path("verify/", views.verify, name="verify"),
    path("export/", views.export, name="export"),
]
