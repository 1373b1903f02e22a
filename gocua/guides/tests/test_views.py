"""The guide pages, their leaflet downloads, the edit form with its history, and
GET /api/v1/guides: who reads, who edits, and another ward's 404."""

from __future__ import annotations

from gocua.accounts.permissions import may_edit_guides
from gocua.audit.models import AuditEvent
from gocua.guides.models import Guide, GuideVersion
from gocua.guides.tests.helpers import A4_PT, A5_PT, install_all, make_team, page_sizes, page_texts
from gocua.testing import BaseTestCase

FORM = {
    "audience": "Mọi người dân",
    "bring": "Căn cước\nĐiện thoại",
    "steps": "Mở ứng dụng\nĐăng nhập bằng VNeID\nChọn mục cần dùng",
    "problems": "Quên mật khẩu: chọn Quên mật khẩu",
    "links": "Cổng DVC: https://dichvucong.gov.vn",
}


class GuidePagesTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        install_all()
        make_team(cls.ward, "Nguyễn Văn Hải", "0912000101")
        make_team(cls.kp1, "Đỗ Văn Long", "0912000111")

    def test_a_member_reads_a_guide_with_the_team_contacts(self) -> None:
        self.login(self.bob)
        response = self.client.get(f"/u/{self.kp1.code}/guides/vneid/")
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("Tải ứng dụng VNeID", page)
        self.assertIn("Đỗ Văn Long", page)
        self.assertIn("https://vneid.gov.vn", page)
        self.assertIn("<svg", page)  # the link's QR code
        self.assertIn("In tờ rơi (A5)", page)
        self.assertNotIn(f"/u/{self.kp1.code}/guides/vneid/edit/", page)

    def test_the_catalogue_offers_leaflets_and_posters_per_service(self) -> None:
        self.login(self.bob)
        page = self.client.get(f"/u/{self.kp1.code}/outreach/catalogue/").content.decode()
        self.assertIn(f"/u/{self.kp1.code}/guides/vssid/leaflet.pdf?size=A5", page)
        self.assertIn(f"/u/{self.kp1.code}/guides/vssid/leaflet.pdf?size=A4", page)
        self.assertIn("In áp phích (A4)", page)

    def test_leaflet_and_poster_download_for_the_users_unit(self) -> None:
        self.login(self.bob)
        response = self.client.get(f"/u/{self.kp1.code}/guides/ehealth/leaflet.pdf?size=A5")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertEqual(page_sizes(response.content), [A5_PT])
        self.assertIn("Đỗ Văn Long", page_texts(response.content)[0])
        poster = self.client.get(f"/u/{self.kp1.code}/guides/ehealth/leaflet.pdf?size=A4")
        self.assertEqual(page_sizes(poster.content), [A4_PT])
        event = AuditEvent.objects.filter(action="guides.leaflet.export").latest("pk")
        self.assertEqual((event.username, event.unit_code), ("bob", self.kp1.code))
        self.assertEqual(
            self.client.get(f"/u/{self.kp1.code}/guides/ehealth/leaflet.pdf?size=A3").status_code,
            404,
        )
        self.assertEqual(
            self.client.get(f"/u/{self.kp1.code}/guides/nothing/leaflet.pdf").status_code, 404
        )

    def test_another_wards_user_gets_404_everywhere(self) -> None:
        base = f"/u/{self.kp1.code}/guides"
        for url in (
            f"{base}/",
            f"{base}/vneid/",
            f"{base}/vneid/leaflet.pdf",
            f"{base}/vneid/history/",
            f"{base}/vneid/edit/",
        ):
            self.assertNotFoundFor(self.charlie, url)
        self.assertNotFoundFor(self.charlie, f"{base}/vneid/edit/", "post", **FORM)
        self.assertEqual(Guide.objects.get(service__code="vneid").version, 1)

    def test_only_city_and_province_officers_edit(self) -> None:
        self.assertTrue(may_edit_guides(self.dave))
        self.assertTrue(may_edit_guides(self.root))
        for user in (self.bob, self.alice):
            self.assertFalse(may_edit_guides(user))
            self.login(user)
            assert user.unit is not None
            url = f"/u/{user.unit.code}/guides/vneid/edit/"
            self.assertEqual(self.client.get(url).status_code, 404)
            self.assertEqual(self.client.post(url, FORM).status_code, 404)
        self.assertEqual(GuideVersion.objects.filter(guide__service__code="vneid").count(), 1)

    def test_an_edit_is_a_new_version_and_the_history_keeps_the_old_text(self) -> None:
        self.login(self.dave)
        url = f"/u/{self.kp1.code}/guides/vneid/edit/"
        form = self.client.get(url)
        self.assertEqual(form.status_code, 200)
        self.assertIn("Tải ứng dụng VNeID", form.content.decode())  # the text to edit
        response = self.client.post(url, {**FORM, "version": "1"})
        self.assertRedirects(response, f"/u/{self.kp1.code}/guides/vneid/")
        guide = Guide.objects.get(service__code="vneid")
        self.assertEqual(guide.version, 2)
        self.assertEqual(guide.content["steps"][1], "Đăng nhập bằng VNeID")
        self.assertEqual(
            guide.content["problems"], [{"problem": "Quên mật khẩu", "fix": "chọn Quên mật khẩu"}]
        )
        self.assertEqual(
            guide.content["links"], [{"label": "Cổng DVC", "url": "https://dichvucong.gov.vn"}]
        )
        latest = guide.versions.get(number=2)
        self.assertEqual((latest.edited_by, latest.edited_by_name), (self.dave, "dave"))
        self.assertEqual(
            guide.versions.get(number=1).content["steps"][0][:20], "Tải ứng dụng VNeID t"
        )
        self.assertTrue(AuditEvent.objects.filter(action="guides.guide.edit", username="dave"))
        # A member reads the history: both texts, who and when.
        self.login(self.bob)
        history = self.client.get(f"/u/{self.kp1.code}/guides/vneid/history/").content.decode()
        self.assertIn("Tải ứng dụng VNeID", history)
        self.assertIn("Đăng nhập bằng VNeID", history)
        self.assertIn("dave", history)
        # An edit from a stale page is refused, not written over the newer text.
        self.login(self.dave)
        stale = self.client.post(url, {**FORM, "steps": "Khác", "version": "1"})
        self.assertEqual(stale.status_code, 200)
        self.assertIn("người khác", stale.content.decode())
        self.assertEqual(Guide.objects.get(service__code="vneid").version, 2)

    def test_a_bad_link_or_problem_line_is_refused_with_nothing_written(self) -> None:
        self.login(self.dave)
        url = f"/u/{self.kp1.code}/guides/vneid/edit/"
        for field, value in (("links", "Trang: not-a-url"), ("problems", "chỉ vấn đề")):
            response = self.client.post(url, {**FORM, field: value, "version": "1"})
            self.assertEqual(response.status_code, 200)
            self.assertIn('role="alert"', response.content.decode())
        self.assertEqual(Guide.objects.get(service__code="vneid").version, 1)

    def test_api_guides_for_the_field_app(self) -> None:
        self.login(self.bob)
        body = self.client.get("/api/v1/guides", {"unit": self.kp1.code}).json()
        codes = [g["service"] for g in body["guides"]]
        self.assertEqual(codes[:3], ["vneid", "vssid", "ehealth"])
        vneid = body["guides"][0]
        self.assertEqual(vneid["name"], "Định danh điện tử (VNeID)")
        self.assertEqual(
            vneid["links"], [{"label": "Trang chính thức VNeID", "url": "https://vneid.gov.vn"}]
        )
        self.assertTrue(vneid["steps"])
        self.assertEqual([c["name"] for c in body["contacts"]], ["Đỗ Văn Long", "Nguyễn Văn Hải"])
        self.assertEqual(self.client.get("/api/v1/guides").json()["contacts"], [])
        self.login(self.charlie)
        self.assertEqual(
            self.client.get("/api/v1/guides", {"unit": self.kp1.code}).status_code, 404
        )
        self.client.logout()
        self.assertEqual(self.client.get("/api/v1/guides").status_code, 401)
