"""Validation rules (DHIS2's form): the findings on a unit's figures.

A :class:`~gocua.indicators.models.ValidationRule` compares a left side with a
right side. A side is a term or a list of terms (summed):

- ``{"numerator": "eid"}``, ``{"denominator": "cashless"}``: a figure of the unit;
  ``"*"`` instead of a code evaluates the rule once per indicator;
- ``{"population": "residents"}`` (or ``households``, ``residents_14``,
  ``residents_18``): counted from the registry, entered, or for a unit with entered
  figures only, the largest denominator entered for that population (a lower
  bound, said so in the finding);
- ``{"constant": 0}``.

Operators: ``<=``, ``<``, ``==``, ``!=``, ``>=``, ``>``. Missing values (no figure
entered) follow DHIS2's strategies: ``skip_if_any_missing`` (default),
``skip_if_all_missing``, ``never_skip`` (missing counts as 0). A ``change`` rule
compares an entered figure with the same unit's previous entry (the latest
entered before it) and fails when it moved by more than ``max_share``; registry
figures are recomputed from dated records, so a jump there is real and not
checked.

A rule is checked at each unit of the subtree that has data of its own for what
the rule reads (entered figures, residents attached to it, its own sessions),
not at units that only add up the units below (a sum of parts that pass passes).

Severity: a failed rule of ``high`` importance is an ``error`` (issue 6 refuses
to submit a report while one stands); ``medium`` and ``low`` give ``warning``s.
The registry's data-quality checks are in :mod:`gocua.indicators.registry_checks`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from gocua.indicators import rules
from gocua.indicators.computation import (
    ENTERED,
    Computation,
    EnteredValue,
    Figure,
    UnitRef,
    UnitResult,
    active_definitions,
    fill_populations,
)
from gocua.indicators.models import (
    OPERATORS,
    PARTS,
    POPULATION_CODES,
    POPULATION_NAMES,
    AggregateValue,
    Importance,
    Measure,
    MissingValues,
    RuleKind,
    ValidationRule,
    rule_terms,
)
from gocua.lib.dates import day_text
from gocua.lib.numbers import number_text, percent
from gocua.orgunits.models import OrgUnit

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    severity: str  # error, warning
    importance: str  # high, medium, low
    code: str
    unit_code: str
    unit_name: str
    text_vi: str
    text_en: str
    action_vi: str
    action_en: str
    indicator: str | None = None
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return f"{self.text_vi} / {self.text_en}"

    @property
    def action(self) -> str:
        return f"{self.action_vi} / {self.action_en}"

    @property
    def blocking(self) -> bool:
        """A finding that must be resolved before a report is submitted."""
        return self.importance == Importance.HIGH

    def localized(self, language: str) -> tuple[str, str]:
        if language == "en":
            return self.text_en, self.action_en
        return self.text_vi, self.action_vi

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "importance": self.importance,
            "code": self.code,
            "unit": self.unit_code,
            "unit_name": self.unit_name,
            "indicator": self.indicator,
            "text": self.text,
            "text_vi": self.text_vi,
            "text_en": self.text_en,
            "action": self.action,
            "figures": self.figures,
        }


_PLACEHOLDER = re.compile(r"\{(left|right|indicator|unit|share|previous_as_of)\}")


def _fill(template: str, values: dict[str, str]) -> str:
    """Fill the placeholders a rule's message may use; nothing else is interpreted."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


# Checking a rule on save ------------------------------------------------------------------------


# Evaluating rules ------------------------------------------------------------------------------


@dataclass
class _Value:
    value: float | None
    estimated: bool = False


def _term_keys(term: dict[str, Any], code: str | None) -> str | None:
    key, value = next(iter(term.items()))
    if key in PARTS:
        return code if value == "*" else value  # type: ignore[no-any-return]
    if key == "population":
        return f"population:{value}"
    return None


def _term(term: dict[str, Any], result: UnitResult, code: str | None) -> _Value:
    key, value = next(iter(term.items()))
    if key == "constant":
        return _Value(float(value))
    if key == "population":
        p = result.populations.get(value)
        return _Value(None) if p is None or p.value is None else _Value(p.value, p.estimated)
    figure = result.figures.get(str(code if value == "*" else value))
    if figure is None:
        return _Value(None)
    return _Value(getattr(figure, key))


def _side(
    side: Any, result: UnitResult, code: str | None, strategy: str
) -> tuple[float | None, bool, bool]:
    """(sum, estimated, skip)."""
    values = [_term(t, result, code) for t in rule_terms(side, "side")]
    missing = [v.value is None for v in values]
    if strategy == MissingValues.SKIP_IF_ANY and any(missing):
        return None, False, True
    if strategy == MissingValues.SKIP_IF_ALL and all(missing):
        return None, False, True
    total = sum(v.value or 0 for v in values)
    return total, any(v.estimated for v in values), False


def _uses_star(rule: ValidationRule) -> bool:
    sides = [rule.left] + ([rule.right] if rule.right is not None else [])
    return any(
        next(iter(t.values())) == "*" and next(iter(t)) in PARTS
        for side in sides
        for t in rule_terms(side, "side")
    )


def evaluate(computation: Computation, rule_list: list[ValidationRule]) -> list[Finding]:
    findings: list[Finding] = []
    names = {d.code: (d.name_vi, d.name_en) for d in computation.definitions}
    # What each rule reads, once (not once per unit: a province has thousands).
    plans: list[tuple[ValidationRule, str | None, set[str]]] = []
    for rule in rule_list:
        codes: list[str | None] = list(names) if _uses_star(rule) else [None]
        for code in codes:
            plans.append((rule, code, _keys(rule, code)))
    for result in computation.in_order():
        own = result.own
        if not own:
            continue
        for rule, code, keys in plans:
            if keys.isdisjoint(own):
                continue
            finding = _apply(rule, result, code, names, keys)
            if finding is not None:
                findings.append(finding)
    return findings


def _keys(rule: ValidationRule, code: str | None) -> set[str]:
    sides = [rule.left] + ([rule.right] if rule.right is not None else [])
    return {_term_keys(t, code) for side in sides for t in rule_terms(side, "side")} - {None}  # type: ignore[return-value]


def _apply(
    rule: ValidationRule,
    result: UnitResult,
    code: str | None,
    names: dict[str, tuple[str, str]],
    keys: set[str] | None = None,
) -> Finding | None:
    keys = _keys(rule, code) if keys is None else keys
    if not keys & result.own:
        return None
    indicator: str | None = code or next(
        (
            str(next(iter(t.values())))
            for t in rule_terms(rule.left, "side")
            if next(iter(t)) in PARTS
        ),
        None,
    )
    name_vi, name_en = names.get(indicator or "", (indicator or "", indicator or ""))
    if rule.kind == RuleKind.CHANGE:
        return _change(rule, result, indicator, name_vi, name_en)
    left, left_estimated, skip_left = _side(rule.left, result, code, rule.missing_values)
    right, right_estimated, skip_right = _side(rule.right, result, code, rule.missing_values)
    if skip_left or skip_right or left is None or right is None:
        return None
    test, _, _ = OPERATORS[rule.operator]
    if test(left, right):
        return None
    estimated = left_estimated or right_estimated
    text_vi = _fill(
        rule.message_vi,
        {
            "left": number_text(left, "vi"),
            "right": number_text(right, "vi"),
            "indicator": name_vi,
            "unit": result.unit.name,
        },
    )
    text_en = _fill(
        rule.message_en,
        {
            "left": number_text(left, "en"),
            "right": number_text(right, "en"),
            "indicator": name_en,
            "unit": result.unit.name,
        },
    )
    if estimated:
        text_vi += " (số dân lấy theo mẫu số lớn nhất đã nhập)"
        text_en += " (population taken as the largest denominator entered)"
    return Finding(
        severity=ERROR if rule.importance == Importance.HIGH else WARNING,
        importance=rule.importance,
        code=rule.code,
        unit_code=result.unit.code,
        unit_name=result.unit.name,
        text_vi=f"{result.unit.name}: {text_vi}",
        text_en=f"{result.unit.name}: {text_en}",
        action_vi=rule.action_vi,
        action_en=rule.action_en,
        indicator=indicator if indicator in names else None,
        figures={"left": _plain(left), "right": _plain(right), "operator": rule.operator},
    )


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _change(
    rule: ValidationRule, result: UnitResult, code: str | None, name_vi: str, name_en: str
) -> Finding | None:
    if code is None or code not in result.previous:
        return None
    part = next(iter(rule_terms(rule.left, "left")[0]))
    figure = result.figures.get(code)
    if figure is None or figure.source != "entered":
        return None
    now = getattr(figure, part)
    before = getattr(result.previous[code], part)
    if now is None or before is None or before == 0:
        return None
    share = abs(now - before) / before
    if rule.max_share is None or share <= float(rule.max_share):
        return None
    previous_as_of = result.previous[code].as_of
    values = {
        "left": (number_text(now, "vi"), number_text(now, "en")),
        "right": (number_text(before, "vi"), number_text(before, "en")),
        "share": (f"{share * 100:.0f}%", f"{share * 100:.0f}%"),
        "previous_as_of": (day_text(previous_as_of), previous_as_of.isoformat()),
    }
    text_vi = _fill(
        rule.message_vi,
        {k: v[0] for k, v in values.items()} | {"indicator": name_vi, "unit": result.unit.name},
    )
    text_en = _fill(
        rule.message_en,
        {k: v[1] for k, v in values.items()} | {"indicator": name_en, "unit": result.unit.name},
    )
    return Finding(
        severity=ERROR if rule.importance == Importance.HIGH else WARNING,
        importance=rule.importance,
        code=rule.code,
        unit_code=result.unit.code,
        unit_name=result.unit.name,
        text_vi=f"{result.unit.name}: {text_vi}",
        text_en=f"{result.unit.name}: {text_en}",
        action_vi=rule.action_vi,
        action_en=rule.action_en,
        indicator=code,
        figures={"now": now, "previous": before, "previous_as_of": previous_as_of.isoformat()},
    )


def entered_missing(computation: Computation) -> list[Finding]:
    """Units that declare entered figures but have none for some indicator of the period."""
    findings = []
    for result in computation.in_order():
        if result.declared != "entered":
            continue
        missing = [
            d
            for d in computation.definitions
            if d.population != rules.ACTIVITY
            and (
                result.figures[d.code].numerator is None
                or result.figures[d.code].source != "entered"
            )
        ]
        if not missing:
            continue
        listed_vi = ", ".join(d.short_vi for d in missing)  # the codes stay in figures
        listed_en = ", ".join(d.short_en for d in missing)
        day_vi = day_text(computation.as_of)
        findings.append(
            Finding(
                severity=WARNING,
                importance=Importance.LOW,
                code="entered_missing",
                unit_code=result.unit.code,
                unit_name=result.unit.name,
                text_vi=f"{result.unit.name}: chưa nhập số liệu kỳ đến ngày {day_vi}: {listed_vi}",
                text_en=(
                    f"{result.unit.name}: no figures entered for the period to "
                    f"{computation.as_of.isoformat()}: {listed_en}"
                ),
                action_vi="Nhập số liệu tổng hợp của kỳ này (màn hình Nhập số liệu)",
                action_en="Enter this period's aggregates (the data-entry screen)",
                figures={"codes": [d.code for d in missing]},
            )
        )
    return findings


def active_rules() -> list[ValidationRule]:
    return list(ValidationRule.objects.filter(active=True).order_by("order", "code"))


def population_names(name: str) -> tuple[str, str]:
    return POPULATION_NAMES[name]


# Checking figures as they are typed -----------------------------------------------------------


def check_entered(
    *,
    unit: OrgUnit,
    as_of: dt.date,
    start: dt.date,
    values: dict[str, tuple[int | None, int | None]],
) -> list[Finding]:
    """The validation rules on figures not saved yet (the data-entry screen checks each
    value as it is typed); the change rules compare with the unit's last entered period."""
    definitions, _ = active_definitions(as_of=as_of)
    ref = UnitRef(
        unit.pk,
        unit.code,
        unit.name,
        unit.level,
        unit.parent_id,
        unit.path,
        unit.depth,
        unit.valid_from,
        unit.valid_until,
    )
    result = UnitResult(unit=ref, source=ENTERED, declared=ENTERED)
    for d in definitions:
        numerator, denominator = values.get(d.code, (None, None))
        counts = d.population == rules.ACTIVITY or d.measure == Measure.COUNT
        if numerator is not None:
            result.own.add(d.code)
        result.figures[d.code] = Figure(
            code=d.code,
            name_vi=d.name_vi,
            name_en=d.name_en,
            numerator=numerator,
            denominator=None if counts or numerator is None else denominator,
            percent=None if counts or numerator is None else percent(numerator, denominator),
            target=None,
            source=ENTERED,
            kind=d.kind,
        )
    typed = {
        name: [EnteredValue(unit.pk, as_of, start, name, int(values[name][0] or 0), None)]
        for name in POPULATION_CODES
        if values.get(name, (None, None))[0] is not None
    }
    fill_populations(result, [], None, typed, definitions, as_of, start)
    earlier = AggregateValue.objects.filter(entry__unit=unit, entry__as_of__lt=as_of).values_list(
        "entry__unit_id", "entry__as_of", "entry__start", "code", "numerator", "denominator"
    )
    for row in earlier:
        value = EnteredValue(*row)
        current = result.previous.get(value.code)
        if current is None or (value.as_of, value.start) > (current.as_of, current.start):
            result.previous[value.code] = value
    computation = Computation(unit.pk, as_of, start, definitions, {unit.pk: result}, {})
    return evaluate(computation, active_rules())
