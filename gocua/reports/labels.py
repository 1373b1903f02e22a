"""Labels a person reads, in English msgids translated by this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The tile on a unit's page (gocua/front/sections.py).
REPORTS_PAGE = _("Reports")
