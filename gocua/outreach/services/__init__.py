"""Writes of the teams' work, one module per thing written: ``documents``, ``teams`` (and
members), ``catalogue``, ``sessions`` (and guidance); ``common`` holds their shared checks.
Views, the visit form, commands and the demo call these.

Each function runs in one transaction, refuses bad input with a bilingual
:class:`~gocua.lib.errors.Problem` before writing anything, and logs the change
through :func:`gocua.audit.services.audit_log`. Callers fetch units through
``accounts.selectors.access_unit*`` first: these functions trust the unit they get.
"""
