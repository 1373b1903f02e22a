from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from gocua.guides.leaflet import qr_svg

register = template.Library()


@register.filter
def qr(url: str) -> SafeString:
    """The link's QR code as inline SVG (the same code the leaflet prints)."""
    return qr_svg(url)
