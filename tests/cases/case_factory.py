"""Cases made directly in the database for office-side tests: no uploads or validation, just a
case of an enabled app in a given state with a given deadline."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.utils import timezone

from apps_registry.models import EnabledApp
from cases.models import Case

_numbers = itertools.count(1)


def make_case(
    enabled_app: EnabledApp,
    *,
    status: str = "recibida",
    due_on: date | None = None,
    applicant: Any = None,
    **fields: Any,
) -> Case:
    """A filed case in the current schema (call it inside the tenant's context)."""
    now = timezone.now()
    return Case.objects.create(
        enabled_app=enabled_app,
        version=enabled_app.version,
        applicant=applicant,
        folio=fields.pop("folio", f"TST-{now.year}-{next(_numbers):06d}"),
        status=status,
        status_changed_at=now,
        due_on=due_on,
        submitted_at=fields.pop("submitted_at", now),
        data={"procedure_name": {"es-MX": "Licencia de prueba", "en": "Test licence"}},
        **fields,
    )
