"""What the guides' tests share: the catalogue with its default guides, a team with a
leader, and the PDF read back as a printer and a phone camera would (pypdf for the page
size and text, poppler's pdftoppm for the image, zxing-cpp to decode the QR codes)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

from gocua.guides.defaults import install_defaults as install_guides
from gocua.orgunits.models import OrgUnit
from gocua.outreach.catalogue import install_defaults as install_catalogue
from gocua.outreach.models import Member, MemberRole, Team

A5_PT = (419.53, 595.28)
A4_PT = (595.28, 841.89)


def install_all() -> None:
    install_catalogue()
    install_guides()


def make_team(unit: OrgUnit, leader: str, phone: str) -> Team:
    team = Team.objects.create(unit=unit, name=f"Tổ CNSCĐ {unit.name}")
    Member.objects.create(team=team, full_name=leader, role=MemberRole.LEADER, phone=phone)
    Member.objects.create(team=team, full_name="Người Không In", phone="0900000000")
    return team


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(data))
    return [
        (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
        for page in reader.pages
    ]


def page_texts(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def qr_texts(data: bytes, page: int = 1) -> list[str]:
    """Every QR code on the page, decoded from a 200-dpi rendering."""
    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "in.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", "200", "-f", str(page), "-l", str(page), "-png", str(pdf),
             str(Path(folder) / "p")],
            check=True,
        )  # fmt: skip
        png = next(Path(folder).glob("p*.png"))
        with Image.open(png) as image:
            found = zxingcpp.read_barcodes(image)
    found = [r for r in found if r.format == zxingcpp.BarcodeFormat.QRCode]
    return sorted(result.text for result in found)
