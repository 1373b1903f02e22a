from django.urls import reverse

from gocua.testing import BaseTestCase


class HomeTestCase(BaseTestCase):
    def test_a_ward_officer_sees_the_ward_and_its_neighbourhoods(self) -> None:
        self.login(self.alice)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Phường Tuần Châu")
        self.assertContains(response, reverse("unit", args=["L06700.01"]))
        self.assertContains(response, reverse("unit", args=["L06700.02"]))
        self.assertNotContains(response, "Hùng Thắng")

    def test_a_member_sees_only_their_neighbourhood(self) -> None:
        self.login(self.bob)
        response = self.client.get(reverse("home"))
        self.assertContains(response, reverse("unit", args=["L06700.01"]))
        self.assertNotContains(response, reverse("unit", args=["L06700.02"]))
        self.assertNotContains(response, reverse("unit", args=["L06700"]))

    def test_the_tree_costs_a_fixed_number_of_queries(self) -> None:
        self.login(self.dave)
        with self.assertNumQueries(4):  # session, user, user's unit, the tree
            self.client.get(reverse("home"))

    def test_it_speaks_vietnamese_whatever_the_browser_asks(self) -> None:
        self.login(self.alice)
        response = self.client.get(reverse("home"), headers={"accept-language": "en-US,en"})
        self.assertContains(response, "Đơn vị của bạn")

    def test_it_switches_to_english(self) -> None:
        self.login(self.alice)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        self.assertContains(self.client.get(reverse("home")), "Your units")
        self.client.post(reverse("set_language"), {"language": "vi", "next": "/"})
        self.assertContains(self.client.get(reverse("home")), "Đơn vị của bạn")
