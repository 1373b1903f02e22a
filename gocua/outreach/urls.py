"""Pages of a unit's outreach, under ``u/<code>/outreach/`` (every view receives ``code``)."""

from django.urls import path

from gocua.outreach import conflict_views, views

app_name = "outreach"
urlpatterns = [
    path("", views.team_page, name="team"),
    path("visits/", views.visit_list, name="visits"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/add/", views.session_add, name="session_add"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("bulk/", views.bulk_add, name="bulk_add"),
    path("documents/", views.documents, name="documents"),
    path("documents/add/", views.document_add, name="document_add"),
    path("documents/<int:pk>/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/file/", views.document_file, name="document_file"),
    path("teams/add/", views.team_add, name="team_add"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("teams/<int:pk>/reconstitute/", views.team_reconstitute, name="team_reconstitute"),
    path("teams/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/trainings/add/", views.training_add, name="training_add"),
    path("members/<int:pk>/skills/", views.member_skills, name="member_skills"),
    path("trainings/add/", views.training_session_add, name="training_session_add"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("conflicts/", conflict_views.conflicts, name="conflicts"),
    path("conflicts/<int:pk>/", conflict_views.conflict_resolve_view, name="conflict_resolve"),
]
