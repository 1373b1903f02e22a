"""Labels a person reads, in English msgids translated by this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The tile on a unit's page (gocua/front/sections.py).
REPORTS_PAGE = _("Reports")

# How a signer signs (models.SigningPrefix's values), in the interface's language only.
SIGNING_PREFIXES = [
    ("", _("The head signs")),
    ("KT.", _("KT. (signs for the head)")),
    ("Q.", _("Q. (acting)")),
    ("TL.", _("TL. (by order)")),
    ("TUQ.", _("TUQ. (by authorisation)")),
]
