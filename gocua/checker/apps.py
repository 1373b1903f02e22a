from django.apps import AppConfig


class CheckerConfig(AppConfig):
    name = "gocua.checker"
