"""Labels a person reads, in English msgids translated by this app's catalogue.

The models' choices carry the Vietnamese names that letters print ("Quyết định");
the web shows these, in the person's language.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The tiles on a unit's page (gocua/front/sections.py).
TEAM_PAGE = _("Team and outreach")
DOCUMENTS_PAGE = _("Document register")

DOCUMENT_KINDS = {
    "plan": _("Plan"),
    "decision": _("Decision"),
    "official_letter": _("Official letter"),
    "resolution": _("Resolution"),
    "report": _("Report"),
    "other": _("Other document"),
}

MEMBER_ROLES = {
    "leader": _("Leader"),
    "deputy": _("Deputy leader"),
    "member": _("Member"),
}

SKILL_LEVELS = {
    1: _("Basic"),
    2: _("Intermediate"),
    3: _("Advanced"),
}

# A member's level per service (models.ServiceSkill), highest first as forms list them.
SERVICE_SKILLS = {
    3: _("Can guide"),
    2: _("Can use"),
    1: _("Needs training"),
}

SKILL_SOURCES = {
    "self": _("by the member"),
    "officer": _("by the ward officer"),
    "training": _("after a training"),
}

REGISTRY_FACTS = {
    "": _("None"),
    "eid": _("e-ID account"),
    "vssid": _("VssID installed"),
    "ehealth": _("E-health book"),
    "payment": _("Payment account"),
}
