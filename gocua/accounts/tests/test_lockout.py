"""The lock-out sees the real client behind a trusted proxy, and stops password spraying."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from gocua.accounts.models import Role
from gocua.testing import PASSWORD, BaseTestCase, make_user

PROXY = "10.0.0.5"
WRONG = "nope"  # a wrong password on purpose


class LockoutTestCase(BaseTestCase):
    def attempt(self, username: str, password: str = WRONG, client: str = "203.0.113.7") -> int:
        response = self.client.post(
            reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"{client}, 10.0.0.9",
        )
        self.client.logout()
        return response.status_code

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_behind_a_trusted_proxy_a_stranger_locks_out_only_himself(self) -> None:
        for _ in range(5):
            self.attempt("alice", client="198.51.100.66")
        self.assertEqual(self.attempt("alice", PASSWORD, client="198.51.100.66"), 429)
        # Alice, at her own address behind the same proxy, still gets in.
        self.assertEqual(self.attempt("alice", PASSWORD, client="203.0.113.7"), 302)

    @override_settings(TRUSTED_PROXIES=[])
    def test_without_the_setting_the_forwarded_header_is_ignored(self) -> None:
        for _ in range(5):
            self.attempt("alice", client="198.51.100.66")
        # Every request comes from the proxy's address: the stranger locked Alice out.
        self.assertEqual(self.attempt("alice", PASSWORD, client="203.0.113.7"), 429)

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"], LOGIN_ADDRESS_FAILURE_LIMIT=12)
    def test_password_spraying_is_stopped_per_address(self) -> None:
        names = [make_user(f"user{n}", Role.MEMBER, self.kp1).username for n in range(6)]
        statuses = [self.attempt(name, client="198.51.100.66") for _ in range(4) for name in names]
        self.assertEqual(statuses[:11], [200] * 11)  # the 12th failure locks the address
        self.assertEqual(set(statuses[11:]), {429})
        # Another address is not affected.
        self.assertEqual(self.attempt("bob", PASSWORD, client="203.0.113.7"), 302)
