from django.urls import path

from gocua.front import views

urlpatterns = [
    path("", views.home, name="home"),
    path("u/<str:code>/", views.unit, name="unit"),
    path("u/<str:code>/overview.xlsx", views.unit_xlsx, name="unit-xlsx"),
]
