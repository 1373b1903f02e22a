"""A team's and a member's dates: "from" comes first and is not after "until"."""

from __future__ import annotations

from django.test import TestCase

from gocua.accounts.models import User
from gocua.outreach import labels
from gocua.outreach.forms import MemberForm, TeamEditForm
from gocua.outreach.models import LegalDocument


class PeriodFormsTestCase(TestCase):
    def member(self, start: str, end: str) -> MemberForm:
        role = next(iter(labels.MEMBER_ROLES))
        data = {"full_name": "Phạm Văn Tổ", "role": role, "skill_level": "1"}
        data |= {"active_from": start, "active_until": end}
        return MemberForm(data, logins=User.objects.none())

    def test_a_member_cannot_leave_before_joining(self) -> None:
        form = self.member("2023-06-02", "2023-06-01")
        self.assertFalse(form.is_valid())
        self.assertIn("Ngày bắt đầu 02/06/2023 sau ngày kết thúc 01/06/2023", str(form.errors))
        self.assertTrue(
            self.member("2023-06-01", "2023-06-01").is_valid(), self.member("", "").errors
        )
        self.assertLess(
            list(form.fields).index("active_from"), list(form.fields).index("active_until")
        )

    def test_a_team_cannot_be_dissolved_before_it_starts(self) -> None:
        data = {"active_from": "2023-06-02", "active_until": "2022-01-01"}
        form = TeamEditForm(data, decisions=LegalDocument.objects.none())
        self.assertFalse(form.is_valid())
        self.assertIn("sau ngày kết thúc 01/01/2022", str(form.errors))
