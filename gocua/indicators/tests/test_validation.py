"""Validation rules (DHIS2's form), registry checks, and definitions checked on save."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from gocua.indicators import rules
from gocua.indicators.demo import SEED_FIGURES
from gocua.indicators.models import DataSource, IndicatorDefinition, ValidationRule
from gocua.indicators.selectors import blocking_findings, findings
from gocua.indicators.services import aggregates_enter, unit_source_set
from gocua.indicators.tests.factories import D, Roster, setup_catalogue
from gocua.testing import BaseTestCase

AS_OF = D(2023, 6, 26)
JAN = D(2023, 1, 1)
SEED = SEED_FIGURES  # the seed letter's figures, as the demo enters them


class ValidationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()

    def codes(self, unit: object = None) -> list[str]:
        return [f.code for f in findings(unit=unit or self.ward, as_of=AS_OF)]  # type: ignore[arg-type]

    def test_the_seed_figures_break_the_rules_the_seed_breaks(self) -> None:
        unit_source_set(unit=self.ward, source=DataSource.ENTERED)
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values=SEED)
        found = {f.code: f for f in findings(unit=self.ward, as_of=AS_OF)}
        adults = found["adults_above_14"]
        self.assertEqual((adults.severity, adults.unit_code), ("error", "L06700"))
        self.assertIn("2.525 người từ 18 tuổi trở lên không thể nhiều hơn 1.929", adults.text_vi)
        self.assertIn("2,525 residents aged 18+ cannot outnumber 1,929 aged 14+", adults.text_en)
        guided = found["guided_above_residents"]
        self.assertEqual(guided.severity, "error")
        self.assertIn("1,246,000 residents guided is impossible", guided.text_en)
        self.assertIn("2,525", guided.text_en)
        self.assertIn("1.246.000", guided.text_vi)
        self.assertEqual(found["households_equal_residents"].severity, "warning")
        self.assertEqual(found["residents_14_mismatch"].severity, "warning")
        self.assertNotIn("numerator_above_denominator", found)
        self.assertNotIn("entered_missing", found)
        self.assertEqual(
            sorted(f.code for f in blocking_findings(unit=self.ward, as_of=AS_OF)),
            ["adults_above_14", "guided_above_residents"],
        )
        # The city sees the ward's findings once (where the figures were entered).
        city = [f.code for f in findings(unit=self.units["city"], as_of=AS_OF)]
        self.assertEqual(city.count("adults_above_14"), 1)
        data = adults.to_json()
        self.assertEqual(
            {k: data[k] for k in ("severity", "code", "unit", "importance")},
            {
                "severity": "error",
                "code": "adults_above_14",
                "unit": "L06700",
                "importance": "high",
            },
        )
        self.assertIn(" / ", data["text"])

    def test_it_flags_a_numerator_above_its_denominator(self) -> None:
        unit_source_set(unit=self.ward, source=DataSource.ENTERED)
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"eid": (2000, 1929)})
        found = [
            f
            for f in findings(unit=self.ward, as_of=AS_OF)
            if f.code == "numerator_above_denominator"
        ]
        self.assertEqual(
            [(f.indicator, f.figures["left"], f.figures["right"]) for f in found],
            [("eid", 2000, 1929)],
        )

    def test_missing_figures_are_skipped_or_counted_as_the_rule_says(self) -> None:
        unit_source_set(unit=self.ward, source=DataSource.ENTERED)
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"cashless": (1, 50)})
        self.assertNotIn("adults_above_14", self.codes())
        self.assertIn("entered_missing", self.codes())
        ValidationRule.objects.filter(code="adults_above_14").update(missing_values="never_skip")
        self.assertIn("adults_above_14", self.codes())
        ValidationRule.objects.filter(code="adults_above_14").update(active=False)
        self.assertNotIn("adults_above_14", self.codes())

    def test_it_flags_a_figure_that_jumped_since_the_last_period(self) -> None:
        unit_source_set(unit=self.ward, source=DataSource.ENTERED)
        aggregates_enter(
            unit=self.ward, as_of=D(2022, 12, 31), start=D(2022, 1, 1), values={"eid": (500, 1900)}
        )
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"eid": (1328, 1929)})
        jump = [f for f in findings(unit=self.ward, as_of=AS_OF) if f.code == "figure_jump"]
        self.assertEqual(len(jump), 1)
        self.assertEqual(
            jump[0].figures, {"now": 1328, "previous": 500, "previous_as_of": "2022-12-31"}
        )
        self.assertIn("166%", jump[0].text_en)
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"eid": (700, 1929)})
        self.assertNotIn("figure_jump", self.codes())

    def test_the_registry_is_checked(self) -> None:
        roster = Roster(self.ward)
        roster.person(self.kp1, born=None)
        roster.person(self.kp1, born=D(1900, 1, 1))  # over 120
        roster.person(self.kp1, born=D(1990, 5, 5), sex="M", personal_id="022090001234")  # right
        roster.person(self.kp1, born=D(1990, 5, 5), sex="F", personal_id="022090001235")  # sex
        roster.person(self.kp2, born=D(2001, 5, 5), sex="M", personal_id="022001001236")  # century
        roster.person(self.kp2, born=D(2001, 5, 5), sex="M", personal_id="022201001237")  # right
        roster.person(self.kp2, born=D(2001, 5, 5), sex="F", personal_id="022399001238")  # year
        roster.person(self.kp2, born=D(2001, 5, 5), sex="X", personal_id="022301001239")  # right
        roster.person(self.kp2, born=D(2010, 5, 5), eid_since=D(2009, 1, 1))  # fact before birth
        roster.person(self.kp2, born=None, moved_out=D(2023, 1, 1))  # gone: not checked
        found = {
            (f.code, f.unit_code): f.figures["residents"]
            for f in findings(unit=self.ward, as_of=AS_OF)
            if "residents" in f.figures
        }
        self.assertEqual(
            found,
            {
                ("birth_date_unknown", "L06700.01"): 1,
                ("age_over_120", "L06700.01"): 1,
                ("personal_id_century_sex", "L06700.01"): 1,
                ("personal_id_century_sex", "L06700.02"): 1,
                ("personal_id_year", "L06700.02"): 1,
                ("fact_before_birth", "L06700.02"): 1,
            },
        )
        self.assertEqual(blocking_findings(unit=self.ward, as_of=AS_OF), [])

    def test_a_registry_ward_passes_the_figure_rules(self) -> None:
        roster = Roster(self.ward)
        for index in range(5):
            household = roster.household(self.kp1)
            roster.resident(household, eid_since=D(2022, 1, 1) if index % 2 else None)
            roster.resident(household, born=D(2015, 1, 1))
        self.assertEqual(self.codes(), [])

    def test_the_rules_are_checked_on_save(self) -> None:
        rule = ValidationRule(
            code="x",
            name_vi="x",
            name_en="x",
            left={"numerator": "nope"},
            operator="<=",
            right={"constant": 1},
            importance="high",
            message_vi="x",
            message_en="x",
            action_vi="x",
            action_en="x",
        )
        with self.assertRaises(ValidationError) as caught:
            rule.full_clean()
        self.assertIn("no indicator “nope”", str(caught.exception))
        for change in (
            {"left": {"numerator": "eid"}, "operator": "=>"},
            {"left": {"population": "people"}},
            {"left": [], "operator": "<="},
            {"left": {"constant": "1"}},
            {"right": None},
            {"kind": "change", "max_share": None},
            {"kind": "change", "left": {"population": "residents"}, "max_share": 1, "right": None},
        ):
            for key, value in change.items():
                setattr(rule, key, value)
            with self.subTest(change=change), self.assertRaises(ValidationError):
                rule.full_clean()
            rule.left, rule.operator, rule.right, rule.kind = (
                {"numerator": "eid"},
                "<=",
                {"constant": 1},
                "compare",
            )
        rule.full_clean()


class DefinitionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()

    def definition(self, **fields: Any) -> IndicatorDefinition:
        data: dict[str, Any] = {
            "code": "eid_women",
            "name_vi": "Phụ nữ có định danh điện tử",
            "name_en": "Women with an e-ID",
            "population": "residents",
            "numerator": {"fact": "eid"},
            "denominator": {"all": [{"age_at_least": 14}, {"sex": "F"}]},
        }
        return IndicatorDefinition(**(data | fields))

    def test_a_good_definition_is_saved_and_computed(self) -> None:
        definition = self.definition()
        definition.full_clean()
        definition.save()
        roster = Roster(self.ward)
        roster.person(self.kp1, sex="F", eid_since=D(2022, 1, 1))
        roster.person(self.kp1, sex="M", eid_since=D(2022, 1, 1))
        from gocua.indicators.selectors import indicator_values

        figure = indicator_values(unit=self.ward, as_of=AS_OF, codes=["eid_women"]).figure(
            "eid_women"
        )
        self.assertEqual((figure.numerator, figure.denominator), (1, 1))  # type: ignore[union-attr]

    def test_bad_rules_are_refused_with_the_place_named(self) -> None:
        cases: list[tuple[dict[str, Any], str]] = [
            ({"numerator": {"fact": "eidd"}}, "no resident fact “eidd”"),
            ({"numerator": {"age_at_least": -1}}, "whole number from 0 to 150"),
            (
                {"numerator": {"apps": ["dvc_national"]}},
                "service “dvc_national” has no registry fact",
            ),
            ({"numerator": {"apps": ["nope"]}}, "no service “nope”"),
            ({"numerator": {"event": "transaction", "channels": ["fax"]}}, "no channel “fax”"),
            ({"numerator": {"event": "survey", "channels": ["online"]}}, "only transactions"),
            ({"numerator": {"member": {"fact": "eid"}}}, "household indicators only"),
            ({"numerator": "__import__('os')"}, "expected true or an object"),
            ({"numerator": {"fact": "eid", "x": 1}}, "keys not allowed"),
            ({"numerator": {"any": []}}, "empty list"),
            ({"denominator": None}, "a denominator is needed"),
            (
                {"population": "activity", "numerator": {"activity": "x"}, "denominator": None},
                "no activity",
            ),
            ({"population": "activity", "numerator": {"activity": "sessions"}}, "no denominator"),
            ({"population": "households", "numerator": {"fact": "eid"}}, "no household fact"),
            ({"code": "residents"}, "population code"),
        ]
        for fields, message in cases:
            with self.subTest(fields=fields), self.assertRaises(ValidationError) as caught:
                self.definition(**fields).full_clean()
            self.assertIn(message, str(caught.exception))

    def test_versions_of_a_code_may_not_overlap(self) -> None:
        current = IndicatorDefinition.objects.get(code="eid")
        current.valid_until = D(2024, 12, 31)
        current.full_clean()
        current.save()
        later = self.definition(code="eid", valid_from=D(2025, 1, 1))
        later.full_clean()
        later.save()
        overlapping = self.definition(code="eid", valid_from=D(2024, 6, 1))
        with self.assertRaises(ValidationError):
            overlapping.full_clean()
        from gocua.indicators.selectors import definitions_frozen

        old = [d for d in definitions_frozen(as_of=AS_OF) if d["code"] == "eid"]
        new = [d for d in definitions_frozen(as_of=D(2025, 3, 1)) if d["code"] == "eid"]
        self.assertEqual(old[0]["denominator"], {"age_at_least": 14})
        self.assertEqual(new[0]["denominator"], {"all": [{"age_at_least": 14}, {"sex": "F"}]})

    def test_frozen_definitions_compute_as_they_were(self) -> None:
        from gocua.indicators.selectors import definitions_frozen, indicator_values

        frozen = definitions_frozen(as_of=AS_OF)
        self.assertEqual(
            frozen[3]["app_facts"], {"vneid": "eid", "vssid": "vssid", "ehealth": "ehealth"}
        )
        IndicatorDefinition.objects.filter(code="eid").update(denominator={"age_at_least": 18})
        roster = Roster(self.ward)
        roster.person(self.kp1, born=D(2008, 1, 1))
        now = indicator_values(unit=self.ward, as_of=AS_OF).figure("eid")
        then = indicator_values(unit=self.ward, as_of=AS_OF, definitions=frozen).figure("eid")
        self.assertEqual((now.denominator, then.denominator), (0, 1))  # type: ignore[union-attr]

    def test_rules_read_aloud(self) -> None:
        parsed = self.definition().parsed()
        self.assertEqual(rules.describe(parsed.denominator, "en"), "aged 14+ and female")
        self.assertEqual(rules.describe(parsed.denominator, "vi"), "từ 14 tuổi trở lên và nữ")
        self.assertEqual(parsed.kind, "stock")
        period = self.definition(
            numerator={"not": {"event": "transaction", "channels": ["online"]}}
        )
        self.assertEqual(period.parsed().kind, "period")
