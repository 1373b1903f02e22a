from django.urls import path

from gocua.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.results, name="results"),
    path("export.<str:fmt>", views.export, name="export"),
    path("definitions/", views.definitions, name="definitions"),
    path("targets/", views.targets, name="targets"),
    path("entry/", views.entry, name="entry"),
    path("entry/check", views.check, name="check"),
    path("entry/source", views.source, name="source"),
]
