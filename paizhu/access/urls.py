from django.urls import path

from . import views

app_name = "access"

urlpatterns = [
    path("", views.relations, name="relations"),
    path("people/", views.people, name="people"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("matter/<str:label>/<int:pk>/", views.recuse_matter, name="recuse_matter"),
]
