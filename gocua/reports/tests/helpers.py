"""Letters for the reports' tests, rendered once per process (PDFs take a second each)."""

from __future__ import annotations

import dataclasses
import functools
import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from gocua.reports.letters import compose_report_letter, render_docx, render_pdf
from gocua.reports.letters.examples import seed_content
from gocua.reports.letters.model import Letter

HOSTILE = (
    '<script>alert("x")</script> <b>đậm</b> & <img src=x onerror=alert(1)> '
    "ký tự lạ:\x00\x01\x0b\x1f\x7f\ud800\udfff\ufffe hết."
)


@functools.cache
def seed_letter(*, with_chart: bool = True) -> Letter:
    return compose_report_letter(seed_content(with_chart=with_chart))


@functools.cache
def seed_docx() -> bytes:
    return render_docx(seed_letter())


@functools.cache
def seed_pdf() -> bytes:
    return render_pdf(seed_letter())


def long_letter(paragraphs: int = 60) -> Letter:
    """A narrative of about ten pages: many long lessons."""
    sentence = (
        "Tổ Công nghệ số cộng đồng đi từng ngõ, gõ từng nhà, hướng dẫn người dân cài đặt và "
        "sử dụng định danh điện tử, dịch vụ công trực tuyến và thanh toán không dùng tiền mặt. "
    )
    lessons = [f"Kinh nghiệm {i + 1}: " + sentence * 4 for i in range(paragraphs)]
    return compose_report_letter(dataclasses.replace(seed_content(), lessons=lessons))


@functools.cache
def long_pdf() -> bytes:
    return render_pdf(long_letter())


def hostile_letter() -> Letter:
    return compose_report_letter(
        dataclasses.replace(
            seed_content(),
            lessons=[HOSTILE, "https://example.invalid/" + "dai" * 150],
            difficulties=["</p></article><style>body{display:none}</style>"],
            recipients=["UBND <b>thành phố</b> Hạ Long\x0c", "Phòng\ud83d Văn hoá"],
        )
    )


def pdftoppm() -> str:
    """The path of poppler's pdftoppm; a clear failure when it is missing."""
    path = shutil.which("pdftoppm")
    if path is None:
        raise AssertionError(
            "pdftoppm không có: cài gói poppler-utils (make install-test) / "
            "pdftoppm is missing: install poppler-utils (make install-test)"
        )
    return path


def pdf_pages_png(pdf: bytes, *, dpi: int = 50) -> list[Any]:
    """Each page rendered by pdftoppm to PNG and opened as a greyscale Pillow image."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "letter.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [pdftoppm(), "-r", str(dpi), "-png", str(source), str(Path(directory) / "page")],
            check=True,
            capture_output=True,
        )
        pages = sorted(Path(directory).glob("page-*.png"), key=lambda p: int(p.stem[5:]))
        images = []
        for page in pages:
            with Image.open(page) as image:
                images.append(image.convert("L"))
        return images


def pdf_texts(pdf: bytes) -> list[str]:
    """The text of each page (pypdf), NFC, spaces collapsed."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [_clean(page.extract_text() or "") for page in reader.pages]


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())


def flat(text: str) -> str:
    """Lines joined with spaces: a sentence that wrapped reads whole again."""
    return re.sub(r"\s+", " ", text)


def dark_pixels(image: Any, box_mm: tuple[float, float, float, float], dpi: int) -> int:
    """How many pixels darker than mid-grey lie in ``box_mm`` (left, top, right, bottom)."""
    scale = dpi / 25.4
    left, top, right, bottom = (round(v * scale) for v in box_mm)
    region = image.crop((left, top, right, bottom))
    histogram = region.histogram()
    return sum(histogram[:128])
