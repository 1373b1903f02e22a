"""The administrator creates the first units' officers in the admin, as README says."""

from typing import Any

from gocua.accounts.models import Role, User
from gocua.testing import BaseTestCase


class AdminAddUserTestCase(BaseTestCase):
    def add(self, **fields: object) -> Any:
        self.client.force_login(self.root)
        data = {
            "username": "tuanchau.cb",
            "password1": "Tuan-Chau-2023!",
            "password2": "Tuan-Chau-2023!",
            "usable_password": "true",
            **fields,
        }
        return self.client.post("/admin/accounts/user/add/", data)

    def test_a_ward_officer_is_added_with_role_and_unit(self) -> None:
        response = self.add(role=Role.WARD_OFFICER, unit=self.ward.pk)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        user = User.objects.get(username="tuanchau.cb")
        self.assertEqual((user.role, user.unit), (Role.WARD_OFFICER, self.ward))

    def test_an_officer_without_a_unit_is_refused_on_the_form(self) -> None:
        response = self.add(role=Role.WARD_OFFICER, unit="")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(username="tuanchau.cb").exists())
