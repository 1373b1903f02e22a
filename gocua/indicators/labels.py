"""Labels a person reads, in English msgids translated by this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The tiles on a unit's page (gocua/front/sections.py).
RESULTS_PAGE = _("Indicators")
ENTRY_PAGE = _("Enter figures")
