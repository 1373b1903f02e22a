"""``/api/v1/``: ninja's routes (their 405 reshaped, gzipped for clients that accept it: a
caseload of 10,000 residents is 4 MB of JSON, 0.5 MB gzipped) and a JSON 404 for unknown
paths. The API's answers hold no secret beside reflected input, so compressing them does not
open a BREACH-style leak (the HTML pages, with their CSRF tokens, stay uncompressed)."""

from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.gzip import gzip_page

from gocua.api import errors
from gocua.api.api import api

_patterns, _app, app_name = api.urls  # app_name is the namespace ("api")


def _wrapped(items: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for item in items:
        if isinstance(item, URLPattern):
            item.callback = gzip_page(errors.reshape(item.callback))
    return items


urlpatterns = [*_wrapped(list(_patterns)), re_path(r"^(?P<rest>.*)$", errors.unknown_path)]
