from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gocua.audit"
