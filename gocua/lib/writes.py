"""What every app's ``services.py`` does before a write: who did it, and a clean row.

- ``user_or_none(request.user)``: the user to record on a row (None for the command line
  and anonymous callers). Services take the acting user as ``User | None``; ``lib`` may not
  import ``accounts``, so here a user is anything with ``is_authenticated`` (:class:`Actor`)
  and the function gives back the caller's own type.
- ``clean_and_save(obj, **full_clean_options)``: ``full_clean()`` then ``save()``; a model
  validation error becomes one bilingual :class:`~gocua.lib.errors.Problem`.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db.models import Model

from gocua.lib.errors import Problem


class Actor(Protocol):
    """Who acts: a logged-in user, or an anonymous one (Django's two kinds of request.user)."""

    @property
    def is_authenticated(self) -> bool: ...


def user_or_none[U: Actor](user: U | None) -> U | None:
    return user if user is not None and user.is_authenticated else None


def invalid_data(error: ValidationError) -> Problem:
    """``Dữ liệu không hợp lệ: field: message / invalid data: field: message``."""
    if hasattr(error, "error_dict"):
        text = "; ".join(
            f"{field}: {' '.join(str(m) for m in messages)}"
            for field, messages in error.message_dict.items()
        )
    else:
        text = "; ".join(error.messages)
    return Problem(f"Dữ liệu không hợp lệ: {text}", f"invalid data: {text}")


def clean_and_save(obj: Model, **options: Any) -> None:
    """``full_clean(**options)`` then ``save()``; :func:`invalid_data` on a bad row."""
    try:
        obj.full_clean(**options)
    except ValidationError as error:
        raise invalid_data(error) from None
    obj.save()
