"""Shared by the API tests: calls with a bearer token (households: registry.tests.helpers)."""

from __future__ import annotations

import json
from typing import Any

from gocua.accounts.models import User
from gocua.api.services import api_token_create
from gocua.testing import BaseTestCase


class ApiTestCase(BaseTestCase):
    tokens: dict[str, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.tokens = {}
        for user in (cls.alice, cls.bob, cls.carol, cls.charlie, cls.dave, cls.root):
            cls.tokens[user.username] = api_token_create(user=user).token

    def bearer(self, user: User) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user.username]}"}

    def get(self, user: User | None, url: str, **params: Any) -> Any:
        return self.client.get(url, params, headers=self.bearer(user) if user else {})

    def post_json(self, user: User | None, url: str, data: Any) -> Any:
        return self.client.post(
            url,
            data if isinstance(data, str | bytes) else json.dumps(data),
            content_type="application/json",
            headers=self.bearer(user) if user else {},
        )

    def assertError(self, response: Any, status: int, code: str) -> dict[str, Any]:
        self.assertEqual(response.status_code, status, response.content)
        self.assertTrue(response["Content-Type"].startswith("application/json"))
        body = json.loads(response.content)
        self.assertEqual(set(body), {"error"})
        self.assertEqual(body["error"]["code"], code)
        message = body["error"]["message"]
        self.assertIn(" / ", message)  # Vietnamese / English
        return body  # type: ignore[no-any-return]
