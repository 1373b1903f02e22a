"""Locust user mix for bench/load.py: indicators 35%, registry list and search 40%, visit
saves 25%, as several roles (ward officer, neighbourhood member, city officer).

Not run directly: ``python -m bench.load`` starts the server and runs Locust on this file.
"""

from __future__ import annotations

import os
import random
import re
from html.parser import HTMLParser
from typing import Any

from locust import HttpUser, between, task

PASSWORD = "gocua-demo"  # noqa: S105 - the demo logins' documented password
WARD = os.environ.get("BENCH_WARD", "06706")
KP = os.environ.get("BENCH_KP", "")
SEARCHES = ["nguyen", "tran van", "le thi", "pham", "H00", "hoang"]
VISIT_ERROR = re.compile(r'data-testid="visit-error">([^<]*)<')
HOUSEHOLD = re.compile(r'href="(/u/[^"/]+/registry/h/\d+/)"')


class FormFields(HTMLParser):
    """The fields of the first POST form with a ``version`` field (the visit form)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.toggles: list[tuple[str, str]] = []  # (name, value): the guided chips share a name
        self.inside = False
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post" and not self.done:
            self.inside, self.fields = True, []
        elif tag == "input" and self.inside and a.get("name"):
            kind = a.get("type", "text")
            if kind == "checkbox":
                self.toggles.append((a["name"], a.get("value") or "on"))
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value") or "on"))
            elif kind == "radio":  # the e-ID level: only the chosen one is sent
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "")))
            elif kind not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
            if any(name.endswith("version") for name, _ in self.fields):
                self.done = True


class Person(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    username = ""
    unit = WARD

    def on_start(self) -> None:
        self.client.get("/accounts/login/", name="login")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
        )
        page = self.client.get(f"/u/{self.registry_unit}/registry/", name="registry list").text
        self.households = sorted(set(HOUSEHOLD.findall(page)))

    @property
    def registry_unit(self) -> str:
        return self.unit if self.can_save else WARD

    @task(35)
    def indicators(self) -> None:
        self.client.get(f"/u/{self.unit}/indicators/", name="indicators")

    @task(20)
    def registry_list(self) -> None:
        self.client.get(f"/u/{self.registry_unit}/registry/", name="registry list")

    @task(20)
    def registry_search(self) -> None:
        self.client.get(
            f"/u/{self.registry_unit}/registry/",
            params={"q": random.choice(SEARCHES)},
            name="registry search",
        )

    @task(25)
    def visit_save(self) -> None:
        if not self.households or not self.can_save:
            self.registry_list()
            return
        url = random.choice(self.households) + "visit/"
        page = self.client.get(url, name="visit form")
        parser = FormFields()
        parser.feed(page.text)
        data: list[tuple[str, Any]] = list(parser.fields)
        if parser.toggles:  # change one fact, as a visit does
            toggle = random.choice(parser.toggles)
            if toggle in data:
                data = [field for field in data if field != toggle]
            else:
                data.append(toggle)
        token = self.client.cookies.get("csrftoken", "")
        data = [(n, v) for n, v in data if n != "csrfmiddlewaretoken"]
        data.append(("csrfmiddlewaretoken", token))
        with self.client.post(
            url, data=data, name="visit save", catch_response=True, allow_redirects=False
        ) as response:
            # 302: saved; 200 or 409: the form again (a concurrent edit refused, clearly)
            if response.status_code in (200, 302, 409):
                response.success()
            else:  # the refusal's own words, so the report says what failed
                said = VISIT_ERROR.search(response.text or "")
                response.failure(f"{response.status_code}: {said.group(1)[:120] if said else ''}")

    can_save = True


class WardOfficer(Person):
    weight = 2
    username = "tuanchau"


class Member(Person):
    weight = 3
    username = "tuanchau.kp1"
    unit = KP


class CityOfficer(Person):
    weight = 1
    username = "thanhpho"
    unit = os.environ.get("BENCH_CITY", WARD)
    can_save = False
