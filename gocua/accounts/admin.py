from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from gocua.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["unit"]
    fieldsets = [
        *(DjangoUserAdmin.fieldsets or ()),
        ("Gõ Cửa", {"fields": ["role", "unit", "phone", "must_change_password"]}),
    ]
    # A new login gets its role and unit on the first page (a member, an officer needs
    # one: the user_unit_required_unless_admin constraint is checked by the form).
    add_fieldsets = (
        *(DjangoUserAdmin.add_fieldsets or ()),
        ("Gõ Cửa", {"classes": ("wide",), "fields": ("role", "unit")}),
    )
