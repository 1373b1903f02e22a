"""Phone numbers as people type them, and as lists show them."""

from __future__ import annotations

import re

from gocua.lib.errors import Problem

_PHONE_JUNK = re.compile(r"[\s.()-]")


def normalize_phone(text: str) -> str:
    """``+84 912 345 678`` → ``0912345678``; empty stays empty; anything else is refused."""
    value = _PHONE_JUNK.sub("", text or "")
    if not value:
        return ""
    if value.startswith("+84"):
        value = "0" + value[3:]
    elif value.startswith("84") and len(value) in (11, 12):
        value = "0" + value[2:]
    if not re.fullmatch(r"0\d{9,10}", value):
        raise Problem(
            f"Số điện thoại “{text}” không hợp lệ (10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84)",
            f"phone number “{text}” is not valid (10 or 11 digits starting with 0 or +84)",
        )
    return value


def mask_phone(phone: str) -> str:
    """``0912345678`` → ``*******678``: lists show the last digits only."""
    if not phone:
        return ""
    return "*" * (len(phone) - 3) + phone[-3:]
