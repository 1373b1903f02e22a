"""Administrators edit definitions, rules, targets and data sources here; every save goes
through the models' ``clean`` (rules parsed and checked, versions not overlapping)."""

from __future__ import annotations

from django.contrib import admin

from gocua.indicators.models import (
    AggregateEntry,
    AggregateValue,
    IndicatorDefinition,
    IndicatorTarget,
    UnitSource,
    ValidationRule,
)


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_vi",
        "population",
        "measure",
        "valid_from",
        "valid_until",
        "order",
    ]
    list_filter = ["population"]
    search_fields = ["code", "name_vi", "name_en"]
    ordering = ["order", "code", "valid_from"]


@admin.register(ValidationRule)
class ValidationRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "kind", "operator", "importance", "active", "order"]
    list_filter = ["importance", "active", "kind"]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "unit", "value", "valid_from", "valid_until"]
    raw_id_fields = ["unit"]


@admin.register(UnitSource)
class UnitSourceAdmin(admin.ModelAdmin):
    list_display = ["unit", "source", "updated_at", "updated_by"]
    raw_id_fields = ["unit"]
    readonly_fields = ["updated_by"]


class AggregateValueInline(admin.TabularInline):
    model = AggregateValue
    extra = 0


@admin.register(AggregateEntry)
class AggregateEntryAdmin(admin.ModelAdmin):
    list_display = ["unit", "as_of", "start", "locked_at", "updated_at"]
    raw_id_fields = ["unit"]
    readonly_fields = ["entered_by", "locked_by"]
    inlines = [AggregateValueInline]
