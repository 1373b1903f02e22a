from django.urls import path

from gocua.front import history, logins, views

urlpatterns = [
    path("", views.home, name="home"),
    path("u/<str:code>/", views.unit, name="unit"),
    path("u/<str:code>/overview.xlsx", views.unit_xlsx, name="unit-xlsx"),
    path("u/<str:code>/logins/", logins.logins, name="logins"),
    path("u/<str:code>/logins/new/", logins.login_new, name="login-new"),
    path(
        "u/<str:code>/logins/<int:pk>/<str:action>/",
        logins.login_action,
        name="login-action",
    ),
    path("u/<str:code>/history/", history.history, name="history"),
]
