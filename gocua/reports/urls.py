"""Pages of a unit's reports, under ``u/<code>/reports/`` (every view receives ``code``)."""

from django.urls import path

from gocua.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("signer/", views.signer, name="signer"),
    path("requests/add/", views.request_add, name="request_add"),
    path("requests/<int:pk>/", views.request_page, name="request"),
    path("requests/<int:pk>/consolidated.xlsx", views.request_xlsx, name="request_xlsx"),
    path("requests/<int:pk>/letter.<str:fmt>", views.request_letter, name="request_letter"),
    path("requests/<int:pk>/answer/", views.report_start, name="report_start"),
    path("<int:pk>/", views.report_page, name="report"),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/return/", views.report_return, name="report_return"),
    path("<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("<int:pk>/letter.<str:fmt>", views.report_download, name="report_letter"),
]
