"""Reads of the citizen's filing: the procedure a citizen may file, with that citizen's draft,
in one query."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import connection
from django.http import Http404

from apps_registry.models import EnabledApp
from apps_registry.selectors import IN_USE_STATUSES
from cases.models import CaseDraft
from catalog.models import CatalogApp
from core.rawsql import column_count, model_from_row, select_columns

# --- procedures ---------------------------------------------------------------------------------


# The hottest query of the citizen site (every page of the wizard, every autosave): written once
# here instead of compiled by the ORM on each request, which cost more than running it (and run
# on a cursor rather than Manager.raw(): see core.rawsql). Table names are unqualified on
# purpose: they resolve through the connection's search_path (the current government's schema,
# then public), exactly as the ORM's do, so another government's rows are never reachable. The
# applicant's draft comes along in a LEFT JOIN (at most one row: one draft per applicant and
# app); with no applicant, NULL matches no draft.
# Built once from the model's own columns and status values (never from input): what comes
# from the request stays %-bound.
# The catalogue app's publisher and sharing policy come along too: whether a convenio governs
# the app (and so whether filing may have closed) is then known without another query.
_PROCEDURE_SQL = (  # noqa: S608
    "SELECT {columns}, d.id, d.answers, d.current_step, c.publisher_id, c.sharing_policy"
    " FROM apps_registry_enabledapp e"
    " JOIN catalog_catalogapp c ON c.id = e.catalog_app_id"
    " LEFT JOIN cases_casedraft d ON d.enabled_app_id = e.id AND d.applicant_id = %(applicant)s"
    " WHERE e.status IN ({statuses}) AND {where}"
).format(
    columns=select_columns(EnabledApp, "e"),
    statuses=", ".join(f"'{status}'" for status in IN_USE_STATUSES),
    where="{where}",
)
_PROCEDURE_BY_PUBLIC_ID = _PROCEDURE_SQL.format(where="e.public_id = %(key)s")
# A catalogue slug is unique per publisher only: the oldest enabled app wins (as before).
_PROCEDURE_BY_SLUG = _PROCEDURE_SQL.format(where="c.slug = %(key)s ORDER BY e.id LIMIT 1")


def procedure_for_citizen(key: str, *, with_draft_of: Any = None) -> EnabledApp:
    """An enabled app citizens may see (live or paused), by public id or catalogue slug, in the
    current government's schema only. Anything else is a 404, whatever the reason.

    With `with_draft_of` (a signed-in citizen), that citizen's draft of it comes in the same
    query, as `draft_row` (see draft_from_row): every page of the wizard needs both.
    """
    # One table, no definition: effective_definition keeps it, parsed, per process.
    applicant = None
    if with_draft_of is not None and with_draft_of.is_authenticated:
        applicant = with_draft_of.pk
    try:
        params: dict[str, Any] = {"key": uuid.UUID(key)}
        query = _PROCEDURE_BY_PUBLIC_ID
    except ValueError:
        params = {"key": key}
        query = _PROCEDURE_BY_SLUG
    params["applicant"] = applicant
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        row = cursor.fetchone()
    if row is None:
        raise Http404
    count = column_count(EnabledApp)
    app = model_from_row(EnabledApp, row[:count])
    draft_id, answers, step, publisher_id, sharing_policy = row[count:]
    # Only these fields are loaded; any other is read from the database if asked for.
    app.catalog_app = CatalogApp.from_db(
        connection.alias,
        ["id", "publisher_id", "sharing_policy"],
        [app.catalog_app_id, publisher_id, sharing_policy],
    )
    app.draft_row = (  # type: ignore[attr-defined]
        None
        if draft_id is None
        else {"id": draft_id, "answers": json.loads(answers) if answers else None, "step": step}
    )
    return app


def draft_from_row(app: EnabledApp, applicant: Any) -> CaseDraft | None:
    """The draft procedure_for_citizen brought along, as a (read-only) CaseDraft."""
    row = getattr(app, "draft_row", None)
    if not row:
        return None
    return CaseDraft(
        id=row["id"],
        applicant=applicant,
        enabled_app=app,
        answers=row["answers"] or {},
        current_step=row["step"] or "",
    )
