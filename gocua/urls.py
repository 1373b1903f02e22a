"""URLs. Pages of a unit live under ``u/<code>/``; each app includes its own."""

from django.contrib import admin
from django.urls import include, path

from gocua.outreach import visit_views

urlpatterns = [
    path("", include("gocua.front.urls")),
    path("accounts/", include("gocua.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("u/<str:code>/registry/", include("gocua.registry.urls")),
    # The door-to-door visit: outreach's form, at the household's address in the registry.
    path("u/<str:code>/registry/h/<int:pk>/visit/", visit_views.visit, name="household_visit"),
    path("u/<str:code>/outreach/", include("gocua.outreach.urls")),
    path("u/<str:code>/indicators/", include("gocua.indicators.urls")),
    path("u/<str:code>/reports/", include("gocua.reports.urls")),
    path("u/<str:code>/guides/", include("gocua.guides.urls")),
    path("checker/", include("gocua.checker.urls")),
    path("field/", include("gocua.field.urls")),
    path("api/v1/", include("gocua.api.urls")),
]

handler400 = "gocua.front.errors.bad_request"
handler403 = "gocua.front.errors.permission_denied"
handler404 = "gocua.front.errors.page_not_found"
handler500 = "gocua.front.errors.server_error"
