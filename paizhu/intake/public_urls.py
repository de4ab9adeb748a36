"""The public reporting pages: no login, no address kept (RequireSecondFactorMiddleware exempts /report/)."""

from django.urls import path

from . import views

app_name = "public_report"

urlpatterns = [
    path("", views.public_report, name="form"),
    path("status/", views.public_status, name="status"),
]
