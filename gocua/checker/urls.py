from django.urls import path

from gocua.checker import views

app_name = "checker"
urlpatterns = [
    path("", views.index, name="index"),
    path("u/<str:code>/", views.upload, name="upload"),
    path("<int:pk>/", views.batch, name="batch"),
    path("<int:pk>/<int:letter_pk>/ward/", views.set_ward, name="set_ward"),
    path("<int:pk>/<int:letter_pk>/take-in/", views.take_in, name="take_in"),
]
