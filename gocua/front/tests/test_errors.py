"""Error pages speak Vietnamese, keep the app's layout and give a way back (DEBUG is False)."""

from django.db import connection
from django.test import Client, RequestFactory, SimpleTestCase, override_settings
from django.urls import reverse

from gocua.front.errors import server_error
from gocua.testing import BaseTestCase


@override_settings(ROOT_URLCONF="gocua.front.tests.error_urls", DEBUG=False)
class ErrorPagesTestCase(BaseTestCase):
    def assert_error_page(self, response: object, status: int, title: str) -> None:
        self.assertEqual(response.status_code, status)  # type: ignore[attr-defined]
        self.assertContains(response, f'data-status="{status}"', status_code=status)  # type: ignore[arg-type]
        self.assertContains(response, title, status_code=status)  # type: ignore[arg-type]
        self.assertContains(response, f"Lỗi {status}", status_code=status)  # type: ignore[arg-type]
        self.assertContains(response, 'class="topbar"', status_code=status)  # type: ignore[arg-type]
        self.assertContains(response, 'data-testid="error-home"', status_code=status)  # type: ignore[arg-type]
        self.assertContains(response, 'href="/"', status_code=status)  # type: ignore[arg-type]

    def test_404_in_vietnamese_with_a_way_back(self) -> None:
        self.login(self.bob)
        response = self.client.get("/no-such-page/", headers={"accept-language": "en"})
        self.assert_error_page(response, 404, "Không tìm thấy trang")
        self.assertNotContains(response, "Page not found", status_code=404)

    def test_404_of_another_units_page_offers_the_previous_page(self) -> None:
        self.login(self.bob)
        home = "http://testserver" + reverse("home")
        response = self.client.get(reverse("unit", args=["L06700.02"]), headers={"referer": home})
        self.assert_error_page(response, 404, "Không tìm thấy trang")
        self.assertContains(response, f'href="{home}"', status_code=404)
        self.assertContains(response, "Quay lại trang trước", status_code=404)

    def test_a_foreign_referer_is_not_offered(self) -> None:
        response = self.client.get("/no-such-page/", headers={"referer": "https://evil.example/"})
        self.assertNotContains(response, "evil.example", status_code=404)

    def test_403(self) -> None:
        self.login(self.bob)
        response = self.client.get("/test-errors/403/")
        self.assert_error_page(response, 403, "Bạn không có quyền mở trang này")

    def test_400(self) -> None:
        response = self.client.get("/test-errors/400/")
        self.assert_error_page(response, 400, "Yêu cầu không hợp lệ")

    def test_500(self) -> None:
        client = Client(raise_request_exception=False)
        response = client.get("/test-errors/500/")
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Hệ thống đang gặp sự cố", status_code=500)
        self.assertContains(response, "Server error (500)", status_code=500)
        self.assertContains(response, 'href="/"', status_code=500)

    def test_english_on_request_through_the_language_switch(self) -> None:
        self.login(self.bob)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = self.client.get("/no-such-page/")
        self.assertContains(response, "Page not found", status_code=404)
        self.assertContains(response, "Error 404", status_code=404)
        self.assertContains(response, "Go to the home page", status_code=404)

    def test_a_failed_csrf_check_says_the_session_expired_and_offers_to_log_in(self) -> None:
        client = Client(enforce_csrf_checks=True)
        url = reverse("unit", args=["L06700.01"]) + "?tab=1"
        response = client.post(url, {"name": "Nguyễn Văn A"})
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Biểu mẫu chưa được gửi", status_code=403)
        self.assertContains(response, "Trang đã hết hạn (phiên đăng nhập kết thúc", status_code=403)
        self.assertContains(response, "Đăng nhập lại", status_code=403)
        self.assertContains(
            response, "/accounts/login/?next=/u/L06700.01/%3Ftab%3D1", status_code=403
        )
        self.assertContains(response, "data-form-interrupted", status_code=403)
        self.assertContains(response, "gocua/keep-form.js", status_code=403)


class ServerErrorTestCase(SimpleTestCase):
    """SimpleTestCase refuses database queries: the 500 page needs none."""

    def test_it_renders_without_database_or_request_context(self) -> None:
        response = server_error(RequestFactory().get("/"))
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Về trang chủ", status_code=500)
        self.assertEqual(len(connection.queries_log), 0)
