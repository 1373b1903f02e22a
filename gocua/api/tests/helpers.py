"""Shared by the API tests: a small registry and calls with a bearer token."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

from gocua.accounts.models import User
from gocua.api.services import api_token_create
from gocua.lib.text import fold
from gocua.orgunits.models import OrgUnit
from gocua.registry.models import Household, Resident
from gocua.testing import BaseTestCase

NUMBERS = itertools.count(1)


def make_household(unit: OrgUnit, code: str, *names: str, address: str = "") -> Household:
    assert unit.parent is not None
    household = Household.objects.create(
        ward=unit.parent, unit=unit, code=code, address=address, search_address=fold(address)
    )
    for index, name in enumerate(names):
        Resident.objects.create(
            household=household,
            ward=unit.parent,
            unit=unit,
            full_name=name,
            search_name=fold(name),
            birth_date=dt.date(1980 + index, 1, 2),
            sex="M" if index % 2 == 0 else "F",
            personal_id=f"022080{next(NUMBERS):06d}" if index == 0 else None,
            phone="0912345678" if index == 0 else "",
        )
    return household


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
