from django.urls import reverse

from gocua.testing import PASSWORD, BaseTestCase


class LoginTestCase(BaseTestCase):
    def test_it_logs_in_and_lands_on_the_home_page(self) -> None:
        response = self.client.post(
            reverse("login"), {"username": "alice", "password": PASSWORD}, follow=True
        )
        self.assertContains(response, "Phường Tuần Châu")

    def test_it_refuses_a_wrong_password(self) -> None:
        response = self.client.post(reverse("login"), {"username": "alice", "password": "nope"})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertContains(response, "tài khoản bị khóa 15 phút")
        # The way out for a forgotten password: no e-mail here, the officer above gives one.
        self.assertContains(response, "Quên mật khẩu? Hãy nhờ cán bộ đã cấp tài khoản")

    def test_it_locks_after_repeated_failures(self) -> None:
        for _ in range(5):
            self.client.post(reverse("login"), {"username": "alice", "password": "nope"})
        response = self.client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_pages_need_a_login(self) -> None:
        response = self.client.get(reverse("home"))
        self.assertRedirects(response, reverse("login") + "?next=/")
