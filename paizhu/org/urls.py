from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("groups/", views.groups, name="groups"),
    path("people/", views.people, name="people"),
]
