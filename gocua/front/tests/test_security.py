"""Security headers on every page, and a busy database answered with "try again" (issue 12)."""

from __future__ import annotations

import threading
from typing import Any
from unittest import mock

from django.db import OperationalError, connection, connections
from django.test import Client, TransactionTestCase
from django.urls import reverse

from gocua.accounts.models import Role
from gocua.front.security import client_address, trusted_networks
from gocua.registry.tests.test_views import make_household
from gocua.testing import BaseTestCase, make_hierarchy, make_user


class HeadersTestCase(BaseTestCase):
    def test_every_page_has_a_strict_content_security_policy(self) -> None:
        for url in (reverse("login"), reverse("home")):
            self.login(self.alice)
            policy = self.client.get(url)["Content-Security-Policy"]
            for directive in (
                "default-src 'self'",
                "script-src 'self'",
                "object-src 'none'",
                "frame-ancestors 'none'",
                "worker-src 'self'",
                "manifest-src 'self'",
            ):
                self.assertIn(directive, policy)
            self.assertNotIn("unsafe-inline", policy.split("script-src")[1].split(";")[0])

    def test_pages_with_personal_ids_are_not_stored(self) -> None:
        household = make_household(self.kp1, "H1", "Nguyễn Văn An")
        resident = household.residents.get()
        self.login(self.alice)
        response = self.client.get(reverse("registry:resident", args=["L06700", resident.pk]))
        self.assertContains(response, str(resident.personal_id))  # the full number, for the officer
        self.assertIn("no-store", response["Cache-Control"])

    def test_no_template_holds_an_inline_script_or_handler(self) -> None:
        from pathlib import Path

        root = Path(__file__).resolve().parents[2]
        for path in root.glob("*/templates/**/*.html"):
            text = path.read_text(encoding="utf-8")
            self.assertNotRegex(text, r"<script(?![^>]*\bsrc=)", str(path))
            self.assertNotRegex(text, r"\son[a-z]+=", str(path))


class ClientAddressTestCase(BaseTestCase):
    def test_the_last_untrusted_hop_is_the_client(self) -> None:
        trusted = trusted_networks(["10.0.0.0/8", "127.0.0.1"])
        self.assertEqual(
            client_address("10.0.0.1", "1.2.3.4, 5.6.7.8, 10.0.0.2", trusted), "5.6.7.8"
        )
        self.assertEqual(client_address("9.9.9.9", "1.2.3.4", trusted), "9.9.9.9")  # no proxy
        self.assertEqual(client_address("127.0.0.1", "", trusted), "127.0.0.1")
        self.assertEqual(client_address("10.0.0.1", "garbage", trusted), "10.0.0.1")
        self.assertEqual(client_address("10.0.0.1", "1.2.3.4", []), "10.0.0.1")

    def test_it_believes_https_from_a_trusted_proxy_only(self) -> None:
        https = {
            "SECURE_SSL_REDIRECT": True,
            "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
            "TRUSTED_PROXIES": ["127.0.0.1"],
        }
        with self.settings(**https):
            client = Client()  # a new handler: SecurityMiddleware reads its settings once
            proxied = client.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
            forged = client.get("/", REMOTE_ADDR="9.9.9.9", HTTP_X_FORWARDED_PROTO="https")
            plain = client.get("/", REMOTE_ADDR="127.0.0.1")
        self.assertNotEqual(proxied.status_code, 301)  # HTTPS=1 behind nginx: no endless redirect
        self.assertEqual(forged.status_code, 301)
        self.assertTrue(forged["Location"].startswith("https://"))
        self.assertEqual(plain.status_code, 301)


class BusyDatabaseTestCase(TransactionTestCase):
    """Another writer holds SQLite's write lock while a web save comes in: never a 500."""

    def setUp(self) -> None:
        super().setUp()
        units = make_hierarchy()
        self.ward, self.kp1 = units["ward"], units["kp1"]
        self.alice = make_user("alice", Role.WARD_OFFICER, self.ward)
        self.household = make_household(self.kp1, "H1", "Nguyễn Văn An")

    def edit(self, address: str) -> Any:
        return self.client.post(
            reverse("registry:household_edit", args=["L06700", self.household.pk]),
            {
                "version": self.household.version,
                "code": "H1",
                "unit": str(self.kp1.pk),
                "address": address,
                "digital_skills_since": "",
            },
        )

    def test_a_save_while_another_writer_holds_the_database_gets_the_busy_page(self) -> None:
        # Imports no longer hold the lock while they read and match (test_import_concurrency);
        # any other writer still may, and the save must then get the page, never a 500.
        if connection.vendor != "sqlite":
            self.skipTest("SQLite's single writer")
        self.client.force_login(self.alice)  # the session is written before the lock is taken
        holding, release = threading.Event(), threading.Event()

        def hold_the_write_lock() -> None:
            try:
                with connections["default"].cursor() as cursor:  # this thread's own connection
                    cursor.execute("BEGIN IMMEDIATE")
                    holding.set()
                    release.wait(20)
                    cursor.execute("ROLLBACK")
            finally:
                holding.set()
                connections.close_all()

        thread = threading.Thread(target=hold_the_write_lock)
        thread.start()
        try:
            self.assertTrue(holding.wait(20))
            response = self.edit("Số 7 đường Hoa")
        finally:
            release.set()
            thread.join()
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "5")
        self.assertContains(response, "đang bận", status_code=503)
        self.assertContains(response, 'value="Số 7 đường Hoa"', status_code=503)
        # Sent again once the import is done, it is saved.
        response = self.edit("Số 7 đường Hoa")
        self.assertEqual(response.status_code, 302)
        self.household.refresh_from_db()
        self.assertEqual(self.household.address, "Số 7 đường Hoa")

    def test_json_clients_get_json(self) -> None:
        self.client.force_login(self.alice)
        with mock.patch(
            "gocua.registry.views.services.household_update",
            side_effect=OperationalError("database is locked"),
        ):
            response = self.client.post(
                reverse("registry:household_edit", args=["L06700", self.household.pk]),
                {"version": 1, "code": "H1", "unit": str(self.kp1.pk), "address": "x"},
                headers={"accept": "application/json"},
            )
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["error"], "busy")
