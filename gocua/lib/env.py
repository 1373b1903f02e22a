"""Typed readers of environment variables that fail loudly on a bad value.

Settings read the environment only through these helpers, so a typo in a
deployment gives one clear line instead of a silently wrong setting.
"""

from __future__ import annotations

import os

from gocua.lib.errors import ConfigurationProblem

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ConfigurationProblem(
        f"Biến môi trường {name}={raw!r} không hợp lệ, cần 1/0, true/false, yes/no",
        f"environment variable {name}={raw!r} is not valid, use 1/0, true/false, yes/no",
    )


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationProblem(
            f"Biến môi trường {name}={raw!r} phải là số nguyên",
            f"environment variable {name}={raw!r} must be an integer",
        ) from None


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]
