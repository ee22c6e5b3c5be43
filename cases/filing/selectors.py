"""TODO docstring."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.http import (
    Http404,
)

from apps_registry.models import EnabledApp
from apps_registry.selectors import (
    IN_USE_STATUSES,
)
from cases.models import CaseDraft

# --- procedures ---------------------------------------------------------------------------------


# The hottest query of the citizen site (every page of the wizard, every autosave): written once
# here and run with EnabledApp.objects.raw() instead of compiled by the ORM on each request,
# which cost more than running it; raw() builds the instance with the model's own columns and
# conversions. Table names are unqualified on purpose: they resolve through the connection's
# search_path (the current government's schema, then public), exactly as the ORM's do, so
# another government's rows are never reachable. The applicant's draft comes along in a LEFT
# JOIN (at most one row: one draft per applicant and app), as the annotations draft_id,
# draft_answers and draft_step; with no applicant, NULL matches no draft.
# Built once from the status values (never from input): what comes from the request stays
# %-bound.
_PROCEDURE_SQL = (  # noqa: S608
    "SELECT e.*, d.id AS draft_id, d.answers AS draft_answers, d.current_step AS draft_step"
    " FROM apps_registry_enabledapp e"
    " LEFT JOIN cases_casedraft d ON d.enabled_app_id = e.id AND d.applicant_id = %(applicant)s"
    " WHERE e.status IN ({statuses}) AND {where}"
).format(
    statuses=", ".join(f"'{status}'" for status in IN_USE_STATUSES),
    where="{where}",
)
_PROCEDURE_BY_PUBLIC_ID = _PROCEDURE_SQL.format(where="e.public_id = %(key)s")
# A catalogue slug is unique per publisher only: the oldest enabled app wins (as before).
_PROCEDURE_BY_SLUG = _PROCEDURE_SQL.format(
    where="e.catalog_app_id IN (SELECT c.id FROM catalog_catalogapp c WHERE c.slug = %(key)s)"
    " ORDER BY e.id LIMIT 1"
)


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
    app = next(iter(EnabledApp.objects.raw(query, params)), None)
    if app is None:
        raise Http404
    # Annotations have no field to convert them: JSON arrives as text from the backend.
    draft_id, answers = app.draft_id, app.draft_answers  # type: ignore[attr-defined]
    app.draft_row = (  # type: ignore[attr-defined]
        None
        if draft_id is None
        else {
            "id": draft_id,
            "answers": json.loads(answers) if isinstance(answers, str) else answers,
            "step": app.draft_step,  # type: ignore[attr-defined]
        }
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
