from django.urls import path

from . import views

app_name = "rectification"

urlpatterns = [
    path("", views.demand_list, name="list"),
    path("new/", views.new, name="new"),
    path("cases/", views.cases, name="cases"),
    path("unit/", views.unit_home, name="unit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:step>/", views.demand_step, name="step"),
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<int:pk>/milestone/", views.milestone, name="milestone"),
    path("items/<int:pk>/<slug:step>/", views.item_step, name="item_step"),
]
