from django.urls import path

from . import views

app_name = "rectification"

urlpatterns = [
    path("", views.demand_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("items/<int:pk>/", views.item, name="item"),
]
