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
        ("Gõ Cửa", {"fields": ["role", "unit", "phone"]}),
    ]
