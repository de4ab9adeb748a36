"""回避申报 at /recusal/: a supervisor's own declarations of relations to cadres and units (the person
picker is a bounded search of org's roster). Self-recusal from one matter is access's (`access:recuse_matter`)."""

from django.urls import path

from . import views

app_name = "recusal"

urlpatterns = [
    path("", views.relations, name="relations"),
    path("people/", views.relation_people, name="people"),
    path("<int:pk>/withdraw/", views.withdraw_relation, name="withdraw"),
]
