"""Guides of the catalogue's services, under ``u/<code>/guides/`` (the unit whose team
contacts the leaflets print)."""

from django.urls import path

from gocua.guides import views

app_name = "guides"
urlpatterns = [
    path("", views.guide_list, name="list"),
    path("<slug:service>/", views.guide_page, name="guide"),
    path("<slug:service>/leaflet.pdf", views.leaflet, name="leaflet"),
    path("<slug:service>/edit/", views.guide_edit, name="edit"),
    path("<slug:service>/history/", views.guide_history, name="history"),
]
