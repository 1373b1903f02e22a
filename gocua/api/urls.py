"""``/api/v1/``: ninja's routes (their 405 reshaped) and a JSON 404 for unknown paths."""

from django.urls import URLPattern, URLResolver, re_path

from gocua.api import errors
from gocua.api.api import api

_patterns, _app, app_name = api.urls  # app_name is the namespace ("api")


def _wrapped(items: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for item in items:
        if isinstance(item, URLPattern):
            item.callback = errors.reshape(item.callback)
    return items


urlpatterns = [*_wrapped(list(_patterns)), re_path(r"^(?P<rest>.*)$", errors.unknown_path)]
