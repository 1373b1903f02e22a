"""Targets: the national default, an officer's own for a period, inherited downwards."""

from __future__ import annotations

from django.urls import reverse

from gocua.audit.models import AuditEvent
from gocua.indicators.models import IndicatorTarget
from gocua.indicators.selectors import indicator_values, targets_in_force
from gocua.indicators.tests.factories import D, setup_catalogue
from gocua.testing import BaseTestCase


class TargetsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()

    def test_the_national_target_is_installed_where_an_indicator_matches(self) -> None:
        national = IndicatorTarget.objects.get(code="cashless", unit__isnull=True)
        self.assertEqual(float(national.value), 80.0)
        found = targets_in_force(unit=self.kp1, as_of=D(2023, 6, 26))
        self.assertEqual(found["cashless"].value, 80.0)
        self.assertEqual(found["cashless"].unit_code, "")
        self.assertIsNone(found["eid"].value)

    def test_a_city_officer_sets_a_target_that_the_wards_inherit_for_its_period(self) -> None:
        self.login(self.dave)
        url = reverse("indicators:targets", args=["L193"])
        response = self.client.post(
            url + "?as_of=2023-06-26",
            {"code": "eid", "value": "75", "valid_from": "2023-01-01", "valid_until": "2023-12-31"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(AuditEvent.objects.filter(action="indicators.target").exists())
        values = indicator_values(unit=self.ward, as_of=D(2023, 6, 26))
        self.assertEqual(values.figure("eid").target, 75.0)  # type: ignore[union-attr]
        self.assertEqual(values.children[0].figure("eid").target, 75.0)  # type: ignore[union-attr]
        # Outside its period, nothing.
        later = indicator_values(unit=self.ward, as_of=D(2024, 1, 1))
        self.assertIsNone(later.figure("eid").target)  # type: ignore[union-attr]
        # The ward sets its own, which wins below it.
        self.login(self.alice)
        self.client.post(
            reverse("indicators:targets", args=["L06700"]), {"code": "eid", "value": "85"}
        )
        found = targets_in_force(unit=self.kp1, as_of=D(2023, 6, 26))
        self.assertEqual((found["eid"].value, found["eid"].unit_code), (85.0, "L06700"))
        page = self.client.get(reverse("indicators:targets", args=["L06700.01"]))
        self.assertContains(page, "Phường Tuần Châu")

    def test_a_period_that_ends_before_it_starts_is_refused(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            reverse("indicators:targets", args=["L06700"]),
            {"code": "eid", "value": "50", "valid_from": "2023-06-01", "valid_until": "2023-01-01"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(IndicatorTarget.objects.filter(code="eid").exists())

    def test_members_read_and_outsiders_get_404(self) -> None:
        self.login(self.bob)
        url = reverse("indicators:targets", args=["L06700.01"])
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertNotContains(self.client.get(url), 'data-testid="target-form"')
        self.assertNotFoundFor(self.bob, url, "post", code="eid", value="10")
        self.assertNotFoundFor(self.charlie, reverse("indicators:targets", args=["L06700"]))
        self.assertNotFoundFor(
            self.charlie,
            reverse("indicators:targets", args=["L06700"]),
            "post",
            code="eid",
            value="1",
        )
        self.assertFalse(IndicatorTarget.objects.filter(code="eid").exists())
