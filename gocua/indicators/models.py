"""Indicator definitions, targets, data sources, entered aggregates, validation rules.

An indicator is data (:class:`IndicatorDefinition`): a code, names, a
population and two rules in the format of :mod:`gocua.indicators.rules`,
valid over a range of dates so that a definition can change from one year to
the next while old reports keep theirs (versions of one code never overlap).

A unit keeps a registry or has its figures typed in (:class:`UnitSource`,
inherited by the units below it). Entered figures are grouped by the period
they were entered for (:class:`AggregateEntry`: unit, as-of date, start), and
a period can be locked once the city accepts a report.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gocua.indicators import rules
from gocua.orgunits.models import OrgUnit

# Population figures that may be entered beside the indicators (denominator None).
POPULATION_CODES = ("residents", "households", "residents_14", "residents_18")
POPULATION_NAMES: dict[str, tuple[str, str]] = {
    "residents": ("Số nhân khẩu", "Residents"),
    "households": ("Số hộ gia đình", "Households"),
    "residents_14": ("Số người từ 14 tuổi trở lên", "Residents aged 14+"),
    "residents_18": ("Số người từ 18 tuổi trở lên", "Residents aged 18+"),
}


class Population(models.TextChoices):
    RESIDENTS = rules.RESIDENTS, _("residents")
    HOUSEHOLDS = rules.HOUSEHOLDS, _("households")
    ACTIVITY = rules.ACTIVITY, _("activity")


class Measure(models.TextChoices):
    PERCENT = "percent", _("percent")
    COUNT = "count", _("count")


def _overlaps(
    a_from: dt.date | None, a_until: dt.date | None, b_from: dt.date | None, b_until: dt.date | None
) -> bool:
    low = max(a_from or dt.date.min, b_from or dt.date.min)
    high = min(a_until or dt.date.max, b_until or dt.date.max)
    return low <= high


def valid_on(day: dt.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


class IndicatorDefinition(models.Model):
    code = models.SlugField(max_length=40)
    name_vi = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300)
    short_vi = models.CharField(max_length=60, blank=True)  # column headers; default: code
    short_en = models.CharField(max_length=60, blank=True)
    population = models.CharField(max_length=16, choices=Population.choices)
    numerator = models.JSONField()
    denominator = models.JSONField(null=True, blank=True)
    measure = models.CharField(max_length=10, choices=Measure.choices, default=Measure.PERCENT)
    order = models.PositiveSmallIntegerField(default=100)
    valid_from = models.DateField(null=True, blank=True)  # null: from the beginning
    valid_until = models.DateField(null=True, blank=True)  # last day; null: still in force
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="indicator_code_version")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name_vi}"

    def parsed(self, services: dict[str, str] | None = None) -> rules.Rules:
        return rules.parse_rules(
            population=self.population,
            numerator=self.numerator,
            denominator=self.denominator,
            services=services,
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.code in POPULATION_CODES:
            errors["code"] = (
                f"“{self.code}” là mã số dân, không dùng cho chỉ tiêu / "
                f"“{self.code}” is a population code, not an indicator's"
            )
        try:
            parsed = self.parsed()
        except rules.RuleProblem as problem:
            field = str(problem.vi).split(" ", 1)[0].split(":")[0]
            errors[
                field if field in ("numerator", "denominator", "population") else "numerator"
            ] = str(problem)
        else:
            self.numerator = parsed.numerator.to_json()
            self.denominator = None if parsed.denominator is None else parsed.denominator.to_json()
            if parsed.population == rules.ACTIVITY and self.measure != Measure.COUNT:
                errors["measure"] = (
                    "chỉ tiêu hoạt động là một số đếm / an activity figure is a count"
                )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = (
                "ngày hết hiệu lực trước ngày có hiệu lực / valid until is before valid from"
            )
        elif self.code:
            others = IndicatorDefinition.objects.filter(code=self.code).exclude(pk=self.pk)
            for other in others:
                if _overlaps(
                    self.valid_from, self.valid_until, other.valid_from, other.valid_until
                ):
                    errors["valid_from"] = (
                        f"trùng thời gian hiệu lực với phiên bản khác của “{self.code}” / "
                        f"overlaps another version of “{self.code}”"
                    )
                    break
        if errors:
            raise ValidationError(errors)

    def frozen(self, services: dict[str, str] | None = None) -> dict[str, Any]:
        """Everything needed to compute this indicator again later, as plain JSON."""
        parsed = self.parsed(services)
        apps = {
            node.services: node.facts
            for node in parsed.numerator.walk() + (parsed.denominator or rules.EVERYONE).walk()
            if isinstance(node, rules.Apps)
        }
        return {
            "code": self.code,
            "name_vi": self.name_vi,
            "name_en": self.name_en,
            "short_vi": self.short_vi or self.code,
            "short_en": self.short_en or self.code,
            "population": self.population,
            "numerator": parsed.numerator.to_json(),
            "denominator": None if parsed.denominator is None else parsed.denominator.to_json(),
            "measure": self.measure,
            "kind": parsed.kind,
            "order": self.order,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            # The registry facts each app list meant when frozen.
            "app_facts": {
                code: fact
                for codes, facts in apps.items()
                for code, fact in zip(codes, facts, strict=True)
            },
        }


class IndicatorTarget(models.Model):
    """A target (percent, or a count for activity figures) for a unit and its subtree, or for
    everywhere (unit null); the most specific one valid on the as-of date applies."""

    code = models.SlugField(max_length=40)
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["code", "valid_from"]

    def __str__(self) -> str:
        return f"{self.code} {self.value}"

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            message = "ngày hết hạn trước ngày bắt đầu / valid until is before valid from"
            raise ValidationError({"valid_until": message})
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": "chỉ tiêu không âm / a target is not negative"})


class DataSource(models.TextChoices):
    REGISTRY = "registry", _("registry of residents")
    ENTERED = "entered", _("entered aggregates")


class UnitSource(models.Model):
    """Where a unit's figures come from; units below inherit it unless they declare theirs."""

    unit = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="data_source")
    source = models.CharField(max_length=10, choices=DataSource.choices)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.unit_id} {self.source}"


class AggregateEntry(models.Model):
    """Figures typed in for one unit and one period: as of ``as_of``, over ``start``..``as_of``."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="aggregate_entries")
    as_of = models.DateField()
    start = models.DateField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["unit", "-as_of", "-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "as_of", "start"], name="aggregate_entry_period"
            ),
            models.CheckConstraint(
                condition=Q(start__lte=models.F("as_of")), name="entry_start_first"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.start}..{self.as_of}"

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


class AggregateValue(models.Model):
    entry = models.ForeignKey(AggregateEntry, on_delete=models.CASCADE, related_name="values")
    code = models.SlugField(max_length=40)  # an indicator's code or one of POPULATION_CODES
    numerator = models.BigIntegerField()
    denominator = models.BigIntegerField(null=True, blank=True)  # None: a count

    class Meta:
        ordering = ["entry", "code"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "code"], name="aggregate_value_code"),
            models.CheckConstraint(condition=Q(numerator__gte=0), name="aggregate_numerator_ge_0"),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gte=0),
                name="aggregate_denominator_ge_0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.numerator}/{self.denominator}"


class Importance(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class MissingValues(models.TextChoices):
    """DHIS2's missing value strategies."""

    SKIP_IF_ANY = "skip_if_any_missing", _("skip if any value is missing")
    SKIP_IF_ALL = "skip_if_all_missing", _("skip if all values are missing")
    NEVER_SKIP = "never_skip", _("never skip (missing counts as 0)")


# The syntax of a validation rule: checked by ValidationRule.clean(), used by validation.py.
OPERATORS: dict[str, tuple[Callable[[Any, Any], bool], str, str]] = {
    "<=": (operator.le, "≤", "≤"),
    "<": (operator.lt, "<", "<"),
    "==": (operator.eq, "=", "="),
    "!=": (operator.ne, "≠", "≠"),
    ">=": (operator.ge, "≥", "≥"),
    ">": (operator.gt, ">", ">"),
}
PARTS = ("numerator", "denominator")
TERM_KEYS = (*PARTS, "population", "constant")


def _problem(vi: str, en: str) -> rules.RuleProblem:
    return rules.RuleProblem(vi, en)


def rule_terms(side: Any, where: str) -> list[dict[str, Any]]:
    items = side if isinstance(side, list) else [side]
    if not items:
        raise _problem(f"{where}: vế rỗng", f"{where}: empty side")
    for item in items:
        if not isinstance(item, dict) or len(item) != 1 or next(iter(item)) not in TERM_KEYS:
            raise _problem(
                f"{where}: mỗi số hạng là một trong {', '.join(TERM_KEYS)}",
                f"{where}: each term is one of {', '.join(TERM_KEYS)}",
            )
    return items


def check_rule(rule: ValidationRule) -> None:
    """Raise :class:`~gocua.indicators.rules.RuleProblem` if the rule cannot be used."""
    known = set(IndicatorDefinition.objects.values_list("code", flat=True))
    sides = {"left": rule.left}
    if rule.kind == RuleKind.COMPARE:
        if rule.operator not in OPERATORS:
            raise _problem(
                f"phép so sánh phải là {' '.join(OPERATORS)}",
                f"the operator must be one of {' '.join(OPERATORS)}",
            )
        if rule.right is None:
            raise _problem("thiếu vế phải", "the right side is missing")
        sides["right"] = rule.right
    elif rule.kind == RuleKind.CHANGE:
        terms = rule_terms(rule.left, "left")
        if len(terms) != 1 or next(iter(terms[0])) not in PARTS:
            raise _problem(
                "quy tắc biến động xét một tử số hoặc mẫu số",
                "a change rule watches one numerator or denominator",
            )
        if rule.max_share is None or rule.max_share <= 0:
            raise _problem("cần mức biến động tối đa > 0", "max_share must be above 0")
        if rule.right is not None:
            raise _problem("quy tắc biến động không có vế phải", "a change rule has no right side")
    else:
        raise _problem("loại quy tắc không hợp lệ", "unknown kind of rule")
    for where, side in sides.items():
        for term in rule_terms(side, where):
            key, value = next(iter(term.items()))
            if key in PARTS and value != "*" and value not in known:
                raise _problem(
                    f"{where}: không có chỉ tiêu “{value}”", f"{where}: no indicator “{value}”"
                )
            if key == "population" and value not in POPULATION_CODES:
                raise _problem(
                    f"{where}: số dân là {', '.join(POPULATION_CODES)}",
                    f"{where}: population is one of {', '.join(POPULATION_CODES)}",
                )
            if key == "constant" and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                raise _problem(f"{where}: hằng số phải là số", f"{where}: a constant is a number")


class RuleKind(models.TextChoices):
    COMPARE = "compare", _("left side compared with right side")
    CHANGE = "change", _("change from the last period")


class ValidationRule(models.Model):
    """A rule in DHIS2's form: left side, operator, right side, importance, missing values.

    Sides are expressions of :mod:`gocua.indicators.validation` (``{"numerator": "eid"}``,
    ``{"denominator": "*"}``, ``{"population": "residents"}``, ``{"constant": 0}``, or a
    list of those, summed). A ``change`` rule compares its left side with the same figure
    a year earlier and fails when it moved by more than ``max_share`` (0.5 = 50%).
    """

    code = models.SlugField(max_length=60, unique=True)
    name_vi = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=RuleKind.choices, default=RuleKind.COMPARE)
    left = models.JSONField()
    operator = models.CharField(max_length=2, blank=True)
    right = models.JSONField(null=True, blank=True)
    max_share = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    importance = models.CharField(max_length=6, choices=Importance.choices)
    missing_values = models.CharField(
        max_length=20, choices=MissingValues.choices, default=MissingValues.SKIP_IF_ANY
    )
    # What the finding says: {left}, {right}, {indicator} are filled in (nothing else).
    message_vi = models.CharField(max_length=400)
    message_en = models.CharField(max_length=400)
    action_vi = models.CharField(max_length=400)
    action_en = models.CharField(max_length=400)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        try:
            check_rule(self)
        except rules.RuleProblem as problem:
            raise ValidationError(str(problem)) from None
