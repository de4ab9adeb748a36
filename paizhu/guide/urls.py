from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("img/<str:name>", views.image, name="image"),
    path("<slug:slug>/", views.guide, name="guide"),
]
