"""The field app's shell, service worker, manifest and session."""

from __future__ import annotations

import json

from gocua.testing import BaseTestCase


class FieldViewsTestCase(BaseTestCase):
    def test_it_serves_the_shell_to_anyone_without_personal_data(self) -> None:
        response = self.client.get("/field/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('rel="manifest"', html)
        self.assertIn('id="member-row"', html)  # the visit row shared with the online form
        self.assertIn("m__ID__-smartphone", html)
        self.assertIn("dexie.min.js", html)
        self.assertNotIn("https://", html)  # nothing from another site (no CDN)
        self.assertNotIn("http://", html)

    def test_it_serves_the_service_worker_over_the_field_scope(self) -> None:
        response = self.client.get("/field/sw.js")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Service-Worker-Allowed"], "/field/")
        self.assertTrue(response["Content-Type"].startswith("text/javascript"))
        body = response.content.decode()
        self.assertIn("modulePathPrefix", body)
        self.assertIn("/static/field/vendor/workbox/workbox-sw.js", body)
        self.assertNotIn("&quot;", body)
        for name in ("workbox-core", "workbox-routing", "workbox-strategies"):
            response = self.client.get(f"/static/field/vendor/workbox/{name}.prod.js")
            self.assertEqual(response.status_code, 200, name)

    def test_it_describes_an_installable_app(self) -> None:
        data = json.loads(self.client.get("/field/manifest.webmanifest").content)
        self.assertEqual(data["start_url"], "/field/")
        self.assertEqual(data["display"], "standalone")
        sizes = {icon["sizes"] for icon in data["icons"]}
        self.assertEqual(sizes, {"192x192", "512x512"})
        for icon in data["icons"]:
            self.assertEqual(self.client.get(icon["src"]).status_code, 200)

    def test_it_answers_401_to_nobody_and_the_neighbourhood_to_a_member(self) -> None:
        response = self.client.get("/field/session.json")
        self.assertEqual(response.status_code, 401)
        self.assertIn("error", response.json())
        self.login(self.bob)
        data = self.client.get("/field/session.json").json()
        self.assertEqual(data["username"], "bob")
        self.assertEqual([u["code"] for u in data["units"]], [self.kp1.code])
        self.assertTrue(data["csrf"])

    def test_it_gives_a_ward_officer_the_neighbourhoods_of_the_ward_only(self) -> None:
        self.login(self.alice)
        codes = [u["code"] for u in self.client.get("/field/session.json").json()["units"]]
        self.assertIn(self.kp1.code, codes)
        self.assertTrue(all(code.startswith(self.ward.code + ".") for code in codes))
        self.login(self.charlie)
        codes = [u["code"] for u in self.client.get("/field/session.json").json()["units"]]
        self.assertNotIn(self.kp1.code, codes)
