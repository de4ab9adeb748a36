from django.urls import path

from . import views

app_name = "responsibility"

urlpatterns = [
    path("", views.lists, name="lists"),
    path("new/", views.new_list, name="new"),
    path("copy/", views.copy_last_year, name="copy"),
    path("<int:pk>/", views.detail, name="list"),
    path("<int:pk>/items/new/", views.item_form, name="item_new"),
    path("<int:pk>/items/<int:item>/", views.item_form, name="item_edit"),
    path("<int:pk>/items/<int:item>/remove/", views.item_remove, name="item_remove"),
    path("<int:pk>/items/<int:item>/progress/", views.progress, name="progress"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("log/", views.activities, name="activities"),
    path("log/new/", views.new_activity, name="activity_new"),
    path("log/<int:pk>/", views.activity, name="activity"),
    path("reports/", views.reports, name="reports"),
    path("reports/new/", views.new_report, name="report_new"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/<slug:step>/", views.report_step, name="report_step"),
    path("filings/", views.filings, name="filings"),
    path("filings/new/", views.new_filing, name="filing_new"),
    path("filings/<int:pk>/", views.filing, name="filing"),
    path("filings/<int:pk>/<slug:step>/", views.filing_step, name="filing_step"),
    path("appointments/", views.appointments, name="appointments"),
    path("appointments/new/", views.new_appointment, name="appointment_new"),
    path("appointments/<int:pk>/", views.appointment, name="appointment"),
    path("appointments/<int:pk>/<slug:step>/", views.appointment_step, name="appointment_step"),
    path("risks/", views.risks, name="risks"),
    path("risks/map/", views.risk_map, name="risk_map"),
    path("risks/new/", views.new_risk, name="risk_new"),
    path("risks/<int:pk>/", views.risk, name="risk"),
    path("risks/<int:pk>/<slug:step>/", views.risk_step, name="risk_step"),
]
