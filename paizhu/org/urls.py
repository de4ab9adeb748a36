from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("groups/", views.groups, name="groups"),
    path("people/", views.people, name="people"),
    path("people/pick/", views.people_pick, name="people_pick"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("coverage/", views.coverages, name="coverages"),
    path("coverage/<int:pk>/", views.coverage_unit, name="coverage_unit"),
    path("staff/", views.staff, name="staff"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:pk>/end/", views.staff_end, name="staff_end"),
]
