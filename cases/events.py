"""TODO docstring."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cases.models import (
    Case,
    CaseEvent,
)


def event_record(
    case: Case,
    kind: str,
    *,
    actor_email: str = "",
    from_status: str = "",
    to_status: str = "",
    message: str = "",
    data: dict[str, Any] | None = None,
    created_at: Any = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor_email=actor_email,
        from_status=from_status,
        to_status=to_status,
        message=message,
        data=data or {},
        created_at=created_at or timezone.now(),
    )
