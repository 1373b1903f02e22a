"""``gocua leaflet``: A5 leaflets and A4 posters, their text, QR codes, contacts, errors."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.test import TestCase

from gocua.audit.models import AuditEvent
from gocua.guides.tests.helpers import (
    A4_PT,
    A5_PT,
    install_all,
    make_team,
    page_sizes,
    page_texts,
    qr_texts,
)
from gocua.orgunits.models import OrgUnit
from gocua.outreach.models import Service
from gocua.testing import make_hierarchy, run_console


class LeafletCommandTest(TestCase):
    units: dict[str, OrgUnit]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.units = make_hierarchy()
        install_all()
        make_team(cls.units["ward"], "Nguyễn Văn Hải", "0912000101")
        make_team(cls.units["kp1"], "Đỗ Văn Long", "0912000111")
        make_team(cls.units["ward2"], "Trần Thị Xa", "0912999999")

    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp())

    def leaflet(self, *args: str) -> tuple[int, str, str, bytes]:
        out = self.folder / "out.pdf"
        status, stdout, stderr = run_console("leaflet", *args, "--out", str(out))
        return status, stdout, stderr, out.read_bytes() if out.exists() else b""

    def test_an_a5_leaflet_holds_the_steps_and_the_wards_contacts(self) -> None:
        status, _, stderr, data = self.leaflet("--service", "vneid", "--unit", "tuan chau")
        self.assertEqual(status, 0, stderr)
        self.assertEqual(page_sizes(data), [A5_PT])
        text = page_texts(data)[0]
        self.assertIn("Định danh điện tử (VNeID)", text)
        self.assertIn("Phường Tuần Châu".upper(), text)
        for step in ("Tải ứng dụng VNeID", "Nhập mã kích hoạt (OTP)"):
            self.assertIn(step, text)
        # The ward's leader and its neighbourhoods' leaders, not another ward's, nor members.
        self.assertIn("Nguyễn Văn Hải", text)
        self.assertIn("0912000101", text)
        self.assertIn("Đỗ Văn Long", text)
        self.assertIn("Khu phố 1", text)
        self.assertNotIn("Trần Thị Xa", text)
        self.assertNotIn("Người Không In", text)
        self.assertRegex(text, r"In ngày \d\d/\d{1,2}/\d{4}")
        event = AuditEvent.objects.get(action="guides.leaflet.export")
        self.assertEqual(event.unit_code, "L06700")
        self.assertEqual(event.rows, 1)

    def test_an_a4_poster_and_its_qr_code_decodes_to_the_official_link(self) -> None:
        status, _, stderr, data = self.leaflet(
            "--service", "dvc_national", "--unit", "L06700.01", "--size", "A4"
        )
        self.assertEqual(status, 0, stderr)
        self.assertEqual(page_sizes(data), [A4_PT])
        self.assertEqual(qr_texts(data), ["https://dichvucong.gov.vn"])
        text = page_texts(data)[0]
        self.assertIn("Cổng Dịch vụ công quốc gia", text)
        # A neighbourhood's leaflet: its own team first, then its ward's.
        self.assertLess(text.index("Đỗ Văn Long"), text.index("Nguyễn Văn Hải"))

    def test_every_link_of_a_guide_is_a_qr_code(self) -> None:
        service = Service.objects.get(code="vssid")
        guide = service.guide
        guide.content["links"] = [
            {"label": "Một", "url": "https://baohiemxahoi.gov.vn"},
            {"label": "Hai", "url": "https://example.org/vssid?x=1"},
        ]
        guide.save()
        status, _, stderr, data = self.leaflet("--service", "vssid")
        self.assertEqual(status, 0, stderr)
        self.assertEqual(
            qr_texts(data), ["https://baohiemxahoi.gov.vn", "https://example.org/vssid?x=1"]
        )
        # Without --unit: no contacts but where to ask.
        self.assertIn("bộ phận một cửa", page_texts(data)[0])

    def test_all_gives_one_page_per_active_service(self) -> None:
        Service.objects.filter(code="survey").update(active=False)
        active = list(Service.objects.filter(active=True).order_by("order", "code"))
        status, _, stderr, data = self.leaflet("--service", "all", "--unit", "L06700")
        self.assertEqual(status, 0, stderr)
        self.assertEqual(page_sizes(data), [A5_PT] * len(active))
        texts = page_texts(data)
        for service, text in zip(active, texts, strict=True):
            self.assertIn(service.name_vi, text)
        self.assertNotIn("khảo sát", " ".join(texts).lower())

    def test_a_long_guide_is_set_smaller_to_stay_on_one_page(self) -> None:
        guide = Service.objects.get(code="bank_app").guide
        guide.content["steps"] = [
            f"Bước thứ {n}: làm theo màn hình của ứng dụng." for n in range(14)
        ]
        guide.save()
        status, _, stderr, data = self.leaflet("--service", "bank_app", "--unit", "L06700")
        self.assertEqual(status, 0, stderr)
        self.assertEqual(len(page_sizes(data)), 1)
        self.assertIn("Bước thứ 13", page_texts(data)[0])

    def test_unknown_service_or_unit_is_one_line_and_status_2(self) -> None:
        # As every command's unknown unit (find_unit): an argument naming nothing is usage.
        for args, word in (
            (("--service", "nothing"), "nothing"),
            (("--service", "vneid", "--unit", "Phường Không Có"), "Không Có"),
        ):
            status, _, stderr, data = self.leaflet(*args)
            self.assertEqual(status, 2, stderr)
            self.assertEqual(len(stderr.strip().splitlines()), 1, stderr)
            self.assertIn(" / ", stderr)
            self.assertIn(word, stderr)
            self.assertEqual(data, b"")
        self.assertFalse(AuditEvent.objects.filter(action="guides.leaflet.export").exists())

    def test_bad_usage_is_status_2(self) -> None:
        status, _, stderr, _ = self.leaflet("--service", "vneid", "--size", "A3")
        self.assertEqual(status, 2, stderr)
        status, _, stderr = run_console(
            "leaflet", "--service", "vneid", "--out", str(self.folder / "x.docx")
        )
        self.assertEqual(status, 2, stderr)
        self.assertIn(" / ", stderr)
        status, _, stderr = run_console("leaflet", "--out", str(self.folder / "x.pdf"))
        self.assertEqual(status, 2, stderr)
