from django.urls import URLPattern

app_name = "checker"
urlpatterns: list[URLPattern] = []
