from django.urls import reverse

from gocua.testing import BaseTestCase


class UnitPageTestCase(BaseTestCase):
    def test_a_ward_officer_sees_the_ward_page_with_neighbourhoods(self) -> None:
        self.login(self.alice)
        response = self.client.get(reverse("unit", args=["L06700"]))
        self.assertContains(response, "Khu phố 1")
        self.assertContains(response, "Khu phố 2")

    def test_a_member_sees_their_neighbourhood_without_the_ward_crumb(self) -> None:
        self.login(self.bob)
        response = self.client.get(reverse("unit", args=["L06700.01"]))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, reverse("unit", args=["L06700"]))

    def test_outsiders_get_404(self) -> None:
        url = reverse("unit", args=["L06700.01"])
        self.assertNotFoundFor(self.charlie, url)
        self.assertNotFoundFor(self.carol, url)
        self.assertNotFoundFor(self.bob, reverse("unit", args=["L06700"]))
        self.assertNotFoundFor(self.bob, reverse("unit", args=["NOPE"]))

    def test_anonymous_is_sent_to_login(self) -> None:
        response = self.client.get(reverse("unit", args=["L06700"]))
        self.assertEqual(response.status_code, 302)
