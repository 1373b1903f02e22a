from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gocua.audit"

    def ready(self) -> None:
        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save

        from gocua.audit.services import units_changed
        from gocua.orgunits.models import OrgUnit

        # The codes data_changed bumps are kept for one request (a batch of visits saves
        # one look-up per change), and forgotten whenever a unit is saved.
        request_started.connect(units_changed, dispatch_uid="gocua-audit-request")
        post_save.connect(units_changed, sender=OrgUnit, dispatch_uid="gocua-audit-unit-save")
        post_delete.connect(units_changed, sender=OrgUnit, dispatch_uid="gocua-audit-unit-del")
