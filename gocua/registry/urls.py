from django.urls import path

from gocua.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.index, name="index"),
    path("h/add/", views.household_add, name="household_add"),
    path("h/<int:pk>/", views.household, name="household"),
    path("h/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("h/<int:pk>/visit/", views.visit, name="visit"),
    path("h/<int:pk>/add/", views.resident_add, name="resident_add"),
    path("r/<int:pk>/", views.resident, name="resident"),
    path("r/<int:pk>/edit/", views.resident_edit, name="resident_edit"),
    path("r/<int:pk>/move-out/", views.resident_move_out, name="resident_move_out"),
    path("import/", views.roster_import, name="import"),
    path("import/confirm/", views.roster_import_confirm, name="import_confirm"),
    path("import/<int:pk>/", views.roster_import_job, name="import_job"),
    path("import/columns/", views.roster_import_mapping, name="import_mapping"),
    path("import/errors/", views.roster_import_errors, name="import_errors"),
    path("import/template/", views.roster_template, name="import_template"),
    path("export/", views.roster_export, name="export"),
]
