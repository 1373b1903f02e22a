"""Vietnamese unless the person chose English with the switch.

Django's LocaleMiddleware follows the browser's Accept-Language, so a phone
set to English would get English pages nobody asked for. Here the language
comes only from the switch's cookie, else settings.LANGUAGE_CODE (vi).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
