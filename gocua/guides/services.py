"""Writes of guides: install a default, save an edit (a new version each time).

Guides are shared by every unit, like the catalogue; a province or city officer (or an
administrator) edits them (:func:`gocua.accounts.permissions.may_edit_guides`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from gocua.accounts.models import User
from gocua.accounts.permissions import may_edit_guides
from gocua.audit.services import audit_log
from gocua.guides.models import Guide, GuideVersion
from gocua.guides.selectors import guide_of, guided_services
from gocua.lib.dates import today
from gocua.lib.errors import Problem, UsageProblem
from gocua.lib.text import clean_text
from gocua.lib.writes import user_or_none
from gocua.orgunits.models import OrgUnit
from gocua.outreach.models import Service

MAX_LINES = 30
MAX_LINE = 400


def _lines(text: str, what_vi: str, what_en: str) -> list[str]:
    lines = [clean_text(line) for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > MAX_LINES:
        raise Problem(
            f"{what_vi}: tối đa {MAX_LINES} dòng", f"{what_en}: at most {MAX_LINES} lines"
        )
    for line in lines:
        if len(line) > MAX_LINE:
            raise Problem(
                f"{what_vi}: mỗi dòng tối đa {MAX_LINE} ký tự",
                f"{what_en}: at most {MAX_LINE} characters a line",
            )
    return lines


def content_from_text(
    *, audience: str, bring: str, steps: str, problems: str, links: str
) -> dict[str, Any]:
    """A guide's content from the edit form's text boxes (one item a line).

    Problems are ``problem: fix``; links are ``label: https://address`` (the address is the
    last word of the line and must be http or https)."""
    audience = clean_text(audience)
    if len(audience) > MAX_LINE * 2:
        raise Problem("Đối tượng: quá dài", "who it is for: too long")
    step_list = _lines(steps, "Các bước", "steps")
    if not step_list:
        raise Problem("Cần ít nhất một bước", "at least one step is required")
    problem_list = []
    for line in _lines(problems, "Vướng mắc thường gặp", "common problems"):
        problem, _, fix = line.partition(":")
        if not fix.strip():
            raise Problem(
                f"Vướng mắc “{line[:60]}”: viết “vướng mắc: cách xử lý”",
                f"problem “{line[:60]}”: write “problem: fix”",
            )
        problem_list.append({"problem": problem.strip(), "fix": fix.strip()})
    link_list = []
    check = URLValidator(schemes=["http", "https"])
    for line in _lines(links, "Đường dẫn chính thức", "official links"):
        label, _, url = line.rpartition(" ")
        url = url.strip()
        try:
            check(url)
        except ValidationError:
            raise Problem(
                f"Đường dẫn “{line[:60]}”: viết “tên: https://địa chỉ”",
                f"link “{line[:60]}”: write “label: https://address”",
            ) from None
        label = label.strip().rstrip(":-–—").strip() or url
        link_list.append({"label": label, "url": url})
    return {
        "audience": audience,
        "bring": _lines(bring, "Cần mang theo", "what to bring"),
        "steps": step_list,
        "problems": problem_list,
        "links": link_list,
    }


def content_as_text(content: dict[str, Any]) -> dict[str, str]:
    """The edit form's text boxes for a content (the inverse of :func:`content_from_text`)."""
    return {
        "audience": content.get("audience", ""),
        "bring": "\n".join(content.get("bring", [])),
        "steps": "\n".join(content.get("steps", [])),
        "problems": "\n".join(f"{p['problem']}: {p['fix']}" for p in content.get("problems", [])),
        "links": "\n".join(f"{link['label']}: {link['url']}" for link in content.get("links", [])),
    }


@transaction.atomic
def guide_install(*, service_code: str, content: dict[str, Any]) -> int:
    """The default guide of a service that exists and has none yet: 1 if created, else 0."""
    service = Service.objects.filter(code=service_code).first()
    if service is None or Guide.objects.filter(service=service).exists():
        return 0
    guide = Guide(service=service, content=content, version=1)
    guide.full_clean()
    guide.save()
    GuideVersion.objects.create(guide=guide, number=1, content=content)
    return 1


@transaction.atomic
def guide_save(
    *, service: Service, content: dict[str, Any], version: int | None, user: User | None
) -> Guide:
    """Save a service's guide as a new version (creating the guide if it has none).

    ``version`` is the version the editor saw: a guide saved meanwhile by someone else is
    refused rather than overwritten."""
    acting = user_or_none(user)
    if not may_edit_guides(acting):
        raise Problem(
            "Chỉ cán bộ tỉnh, thành phố và quản trị viên được sửa hướng dẫn",
            "only city or province officers and administrators edit guides",
        )
    guide = Guide.objects.select_for_update().filter(service=service).first()
    if guide is None:
        guide = Guide(service=service, content=content, version=1)
    else:
        if version is not None and version != guide.version:
            raise Problem(
                "Hướng dẫn vừa được người khác sửa: mở lại trang để xem bản mới",
                "someone else saved this guide meanwhile: open the page again to see it",
            )
        if guide.content == content:
            return guide
        guide.content = content
        guide.version += 1
    guide.full_clean()
    guide.save()
    GuideVersion.objects.create(
        guide=guide,
        number=guide.version,
        content=content,
        edited_by=acting,
        edited_by_name=acting.get_username() if acting else "",
    )
    audit_log(
        action="guides.guide.edit",
        user=acting,
        object_type="guide",
        object_id=service.code,
        detail={"version": guide.version},
    )
    return guide


def leaflet_export(
    *,
    service_code: str,
    unit: OrgUnit | None,
    size: str,
    user: User | None,
    day: dt.date | None = None,
) -> tuple[bytes, int, list[Service]]:
    """The PDF of one service's leaflet (or of every active service for ``all``), logged
    in the audit log as an export; UsageProblem (exit status 2, like an unknown unit) when
    there is no such service."""
    from gocua.guides.leaflet import Sheet, render_pdf

    services = guided_services(code=service_code)
    if not services:  # an argument that names nothing, as an unknown unit: bad usage
        raise UsageProblem(
            f"Không có dịch vụ “{service_code}” trong danh mục (xem trang Dịch vụ và kênh)",
            f"there is no service “{service_code}” in the catalogue (see Services and channels)",
        )
    sheets = [Sheet(service=s, content=guide_of(s).content) for s in services]
    data, pages = render_pdf(sheets, size=size, unit=unit, day=day or today())
    audit_log(
        action="guides.leaflet.export",
        user=user_or_none(user),
        unit_code=unit.code if unit is not None else "",
        object_type="leaflet",
        object_id=service_code,
        rows=pages,
        detail={"size": size, "services": [s.code for s in services]},
    )
    return data, pages, services
