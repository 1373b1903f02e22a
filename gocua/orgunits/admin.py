from django.contrib import admin

from gocua.orgunits.models import OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_until", "source"]
    list_filter = ["level", "source"]
    search_fields = ["code", "search_name"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # units are added with `gocua units add` (keeps paths right)
