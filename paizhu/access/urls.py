from django.urls import path

from . import views

app_name = "access"

urlpatterns = [
    path("matter/<str:label>/<int:pk>/", views.recuse_matter, name="recuse_matter"),
]
