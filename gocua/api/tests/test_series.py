"""GET /api/v1/units/{code}/indicators?series=monthly&months=N: the trend, each point equal
to the command's JSON as of that day."""

from __future__ import annotations

import json

from gocua.api.tests.helpers import ApiTestCase
from gocua.indicators.tests.factories import D, Roster, setup_catalogue
from gocua.testing import run_console


class SeriesApiTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()
        roster = Roster(cls.ward)
        roster.person(cls.kp1, eid_since=D(2023, 1, 10))
        # Moved in on 15 March: counted from the end of March on.
        roster.person(cls.kp2, moved_in=D(2023, 3, 15), eid_since=D(2023, 3, 20))
        roster.person(cls.kp2)

    def test_each_point_is_the_commands_json_as_of_that_day(self) -> None:
        url = f"/api/v1/units/{self.ward.code}/indicators"
        response = self.get(
            self.alice,
            url,
            as_of="2023-04-15",
            **{"from": "2023-01-01"},
            series="monthly",
            months=4,
        )
        self.assertEqual(response.status_code, 200, response.content)
        body = json.loads(response.content)
        points = body["series"]
        self.assertEqual(
            [p["as_of"] for p in points], ["2023-01-31", "2023-02-28", "2023-03-31", "2023-04-15"]
        )
        eid = [next(i for i in p["indicators"] if i["code"] == "eid") for p in points]
        self.assertEqual(
            [(e["numerator"], e["denominator"]) for e in eid], [(1, 2), (1, 2), (2, 3), (2, 3)]
        )
        for point in points:
            code, out, _ = run_console(
                "indicators", "--unit", self.ward.code, "--as-of", point["as_of"],
                "--from", "2023-01-01", "--format", "json",
            )  # fmt: skip
            self.assertEqual(code, 0)
            self.assertEqual(point["indicators"], json.loads(out)["indicators"], point["as_of"])
        # Without series, the plain JSON is unchanged (no "series" key).
        plain = json.loads(self.get(self.alice, url, as_of="2023-04-15").content)
        self.assertNotIn("series", plain)
        self.assertEqual(plain["indicators"], body["indicators"])

    def test_bad_series_or_months_are_refused_and_outsiders_get_404(self) -> None:
        url = f"/api/v1/units/{self.ward.code}/indicators"
        self.assertError(self.get(self.alice, url, series="weekly"), 422, "invalid")
        self.assertError(self.get(self.alice, url, series="monthly", months=0), 422, "invalid")
        self.assertError(self.get(self.alice, url, series="monthly", months=37), 422, "invalid")
        self.assertError(self.get(self.charlie, url, series="monthly"), 404, "not_found")
