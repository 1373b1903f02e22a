"""API authentication, tokens through the real command, and the one error shape."""

from __future__ import annotations

import json

from django.test import Client

from gocua.api.models import ApiToken
from gocua.api.tests.helpers import ApiTestCase
from gocua.audit.models import AuditEvent
from gocua.testing import run_console


class AuthTests(ApiTestCase):
    url = "/api/v1/caseload"

    def test_without_auth_401(self) -> None:
        body = self.assertError(self.client.get(self.url), 401, "unauthorized")
        self.assertIn("Bearer", body["error"]["message"])
        self.assertError(
            self.client.post("/api/v1/visits", "{}", "application/json"), 401, "unauthorized"
        )

    def test_bad_token_401(self) -> None:
        for header in ("Bearer nope", "Bearer gc_00000000_x", "Basic abc", "Bearer "):
            response = self.client.get(self.url, HTTP_AUTHORIZATION=header)
            self.assertError(response, 401, "unauthorized")
        # a real token with its secret changed
        token = self.tokens["bob"]
        response = self.client.get(self.url, HTTP_AUTHORIZATION=f"Bearer {token[:-2]}xx")
        self.assertError(response, 401, "unauthorized")

    def test_token_works_and_disabled_account_refused(self) -> None:
        self.assertEqual(self.get(self.bob, self.url).status_code, 200)
        self.bob.is_active = False
        self.bob.save()
        self.assertError(self.get(self.bob, self.url), 401, "unauthorized")

    def test_session_get_and_csrf_on_post(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.bob)
        self.assertEqual(client.get(self.url).status_code, 200)
        response = client.post("/api/v1/visits", json.dumps({"visits": []}), "application/json")
        self.assertError(response, 403, "csrf")
        client.get(f"/u/{self.kp1.code}/registry/")  # a page with a form sets the CSRF cookie
        token = client.cookies["csrftoken"].value
        response = client.post(
            "/api/v1/visits",
            json.dumps({"visits": []}),
            "application/json",
            HTTP_X_CSRFTOKEN=token,
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json(), {"results": []})

    def test_bearer_needs_no_csrf(self) -> None:
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            "/api/v1/visits",
            json.dumps({"visits": []}),
            "application/json",
            headers=self.bearer(self.bob),
        )
        self.assertEqual(response.status_code, 200, response.content)

    def test_error_shapes_404_405_422(self) -> None:
        self.assertError(self.get(self.bob, "/api/v1/nothing/here"), 404, "not_found")
        self.assertError(self.get(self.bob, "/api/v1/units/NOPE/indicators"), 404, "not_found")
        response = self.client.delete(self.url, headers=self.bearer(self.bob))
        self.assertError(response, 405, "method_not_allowed")
        self.assertError(self.post_json(self.bob, "/api/v1/visits", "not json"), 400, "invalid")
        body = self.assertError(
            self.post_json(self.bob, "/api/v1/visits", {"x": 1}), 422, "invalid"
        )
        self.assertIn("visits", body["error"]["message"])
        body = self.assertError(
            self.get(self.alice, f"/api/v1/units/{self.ward.code}/indicators", as_of="31/02/2023"),
            422,
            "invalid",
        )
        self.assertIn("as_of", body["error"]["message"])

    def test_openapi_schema(self) -> None:
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertIn("/api/v1/visits", schema["paths"])
        self.assertIn("/api/v1/caseload", schema["paths"])
        self.assertIn("/api/v1/units/{code}/indicators", schema["paths"])
        batch = schema["components"]["schemas"]["VisitBatchIn"]
        visit = batch["properties"]["visits"]["items"]["properties"]
        for name in ("key", "household", "unit", "date", "residents", "new_residents", "moved_out"):
            self.assertIn(name, visit)
        self.assertIn("seen", visit["residents"]["items"]["properties"])


class TokenCommandTests(ApiTestCase):
    def test_create_list_revoke(self) -> None:
        status, out, err = run_console("api-token", "create", "carol", "--label", "Điện thoại A")
        self.assertEqual(status, 0, err)
        token = out.strip()
        self.assertTrue(token.startswith("gc_"))
        prefix = token.split("_")[1]
        record = ApiToken.objects.get(prefix=prefix)
        self.assertNotIn(token, record.digest)  # only a hash is kept
        self.assertNotEqual(record.digest, token)
        self.assertEqual(record.label, "Điện thoại A")
        response = self.client.get("/api/v1/caseload", HTTP_AUTHORIZATION=f"Bearer {token}")
        self.assertEqual(response.status_code, 200)

        status, out, _ = run_console("api-token", "list", "carol")
        self.assertEqual(status, 0)
        self.assertIn(f"gc_{prefix}", out)
        self.assertIn("Điện thoại A", out)
        self.assertNotIn(token, out)
        self.assertNotIn("bob", out)

        status, out, _ = run_console("api-token", "revoke", f"gc_{prefix}")
        self.assertEqual(status, 0)
        response = self.client.get("/api/v1/caseload", HTTP_AUTHORIZATION=f"Bearer {token}")
        self.assertEqual(response.status_code, 401)
        status, out, _ = run_console("api-token", "list")
        self.assertIn("revoked", out)
        actions = set(AuditEvent.objects.filter(object_id=prefix).values_list("action", flat=True))
        self.assertEqual(actions, {"api.token_create", "api.token_revoke"})

    def test_refusals(self) -> None:
        status, _, err = run_console("api-token", "create", "nobody")
        self.assertEqual(status, 1)
        self.assertIn("Không có tài khoản nobody / no account nobody", err)
        status, _, err = run_console("api-token", "revoke", "gc_ffffffff")
        self.assertEqual(status, 1)
        self.assertIn(" / ", err)
        status, _, err = run_console("api-token", "frobnicate")
        self.assertEqual(status, 2)
