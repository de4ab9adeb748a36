from django.urls import path

from . import views

app_name = "integrity"

urlpatterns = [
    path("", views.file_list, name="files"),
    path("<int:pk>/", views.file_page, name="file"),
    path("<int:pk>/notes/", views.note_form, name="note"),
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.new_request, name="request_new"),
    path("requests/<int:pk>/", views.request_page, name="request"),
]
