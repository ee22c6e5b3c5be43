"""Reads of the officer back office: the inbox, one case with its history, the officers to assign.

Everything reads the connection's current schema (the host's government), so another government's
cases are simply not there: "not found" and "not yours" are the same `DoesNotExist`.

The inbox is keyset-paginated on (due_on, id), ascending, cases without a deadline last: the next
page starts after the last row shown instead of skipping rows with OFFSET, so page 1,000 costs
what page 1 costs. The cursor is the last row's "YYYY-MM-DD.id" ("-.id" once in the cases
without a deadline). Each filter is matched by an index officer-core added for it ((status,
due_on, id), (assigned_to, due_on, id), (enabled_app, due_on, id), folio, CURP and name)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from apps_registry.models import EnabledApp
from cases import deadlines, workflow
from cases.models import Case, CaseEvent
from cases.selectors import case_events
from catalog.models import AppVersion
from core.audit import audit_events_for_object
from core.ids import uuid_or_none
from core.models import AuditEvent, Role, User

# Roles of the staff a case can be assigned to.
ASSIGNABLE_ROLES = (Role.CASE_OFFICER, Role.ADMINISTRATOR)

# The default status filter: cases still waiting for the authority's answer (`resolved_at` is
# set by cases.deadlines on reaching a final state or one that issues a resolution). A plain
# column test keeps the page an index scan on (due_on, id); a case approved and awaiting
# delivery is found with the status filter.
OPEN = ""
ALL = "todos"
DEADLINE_OVERDUE = "vencidos"
DEADLINE_DUE_SOON = "por_vencer"
ASSIGNED_MINE = "mios"
ASSIGNED_NONE = "sin_asignar"

_CURP = re.compile(r"^[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d$")
_CURSOR = re.compile(r"^(?P<due>\d{4}-\d{2}-\d{2}|-)\.(?P<id>\d{1,19})$")


@dataclass(frozen=True)
class InboxFilters:
    """What the inbox's form asks for; every field optional. `assigned` is ASSIGNED_MINE,
    ASSIGNED_NONE or an officer's public id; `viewer` is who "mine" means."""

    app: uuid.UUID | None = None
    status: str = OPEN
    assigned: str = ""
    viewer: User | None = None
    deadline: str = ""
    filed_from: date | None = None
    filed_to: date | None = None
    query: str = ""
    today: date | None = None


@dataclass(frozen=True)
class InboxRow:
    case: Case
    status_name: Mapping[str, str]
    overdue: bool
    due_soon: bool
    paused: bool


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    next_cursor: str | None
    due_soon_until: date | None = None


def due_soon_limit(today: date) -> date:
    """The last day a deadline still counts as "due soon" seen from `today`."""
    return deadlines.due_soon_until(today)


def _cursor(case: Case) -> str:
    return f"{case.due_on.isoformat() if case.due_on else '-'}.{case.pk}"


def parse_cursor(value: str | None) -> tuple[date | None, int] | None:
    """ "2026-03-05.42" → (date(2026, 3, 5), 42); "-.42" → (None, 42); anything else → None."""
    match = _CURSOR.match(value or "")
    if match is None:
        return None
    try:
        due = None if match["due"] == "-" else date.fromisoformat(match["due"])
    except ValueError:
        return None
    return due, int(match["id"])


def _aware_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def inbox_queryset(filters: InboxFilters) -> QuerySet[Case]:
    """The tenant's cases matching the filters, unordered, without the keyset condition."""
    today = filters.today or timezone.localdate()
    cases = Case.objects.all()
    if filters.app is not None:
        cases = cases.filter(enabled_app__public_id=filters.app)
    if filters.status == OPEN:
        cases = cases.filter(resolved_at__isnull=True)
    if filters.deadline:
        # Overdue and due soon only mean something while the plazo runs: not resolved, not
        # waiting for the citizen (cases.deadlines.deadline_state).
        cases = cases.filter(resolved_at__isnull=True, clock_paused_since__isnull=True)
    if filters.status not in (OPEN, ALL):
        cases = cases.filter(status=filters.status)
    if filters.assigned == ASSIGNED_MINE and filters.viewer is not None:
        cases = cases.filter(assigned_to=filters.viewer)
    elif filters.assigned == ASSIGNED_NONE:
        cases = cases.filter(assigned_to__isnull=True)
    elif filters.assigned:
        officer = uuid_or_none(filters.assigned)
        cases = cases.filter(assigned_to__public_id=officer) if officer else cases.none()
    if filters.deadline == DEADLINE_OVERDUE:
        cases = cases.filter(due_on__lt=today)
    elif filters.deadline == DEADLINE_DUE_SOON:
        cases = cases.filter(due_on__gte=today, due_on__lte=due_soon_limit(today))
    if filters.filed_from is not None:
        cases = cases.filter(created_at__gte=_aware_start(filters.filed_from))
    if filters.filed_to is not None:
        cases = cases.filter(created_at__lt=_aware_start(filters.filed_to + timedelta(days=1)))
    query = " ".join(filters.query.split())
    if query:
        upper = query.upper()
        if _CURP.match(upper):
            cases = cases.filter(applicant_curp=upper)
        else:
            # Name by prefix (the index is on UPPER(name) with text_pattern_ops).
            cases = cases.filter(Q(folio=upper) | Q(applicant_name__istartswith=query))
    return cases


def inbox_page(
    *, filters: InboxFilters | None = None, after: str | None = None, limit: int = 50
) -> InboxPage:
    """One page of the inbox, by deadline (earliest first, cases without one last)."""
    filters = filters or InboxFilters()
    today = filters.today or timezone.localdate()
    limit = max(1, min(limit, 200))
    base = inbox_queryset(filters).select_related("assigned_to")
    position = parse_cursor(after)
    dated = base.filter(due_on__isnull=False)
    undated = base.filter(due_on__isnull=True)
    rows: list[Case] = []
    if position is None or position[0] is not None:
        if position is not None:
            due, last_id = position
            # The `due_on >= due` bound keeps this an index range scan; the OR picks up
            # after the last row within the same day.
            dated = dated.filter(due_on__gte=due).filter(Q(due_on__gt=due) | Q(id__gt=last_id))
        rows = list(dated.order_by(F("due_on").asc(), "id")[: limit + 1])
        if len(rows) <= limit:
            rows += list(undated.order_by("id")[: limit + 1 - len(rows)])
    else:
        rows = list(undated.filter(id__gt=position[1]).order_by("id")[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    soon = due_soon_limit(today)
    names = _state_names({case.version_id for case in rows})
    return InboxPage(
        rows=[
            _row(
                case,
                names=names,
                today=today,
                soon=soon,
            )
            for case in rows
        ],
        next_cursor=_cursor(rows[-1]) if has_more and rows else None,
        due_soon_until=soon,
    )


def _row(
    case: Case,
    *,
    names: Mapping[int, Mapping[str, Any]],
    today: date,
    soon: date,
) -> InboxRow:
    state = deadlines.deadline_state(case, today=today, due_soon_limit=soon)
    return InboxRow(
        case=case,
        status_name=workflow.state_name(
            names.get(case.version_id) or {}, case.status, citizen=False
        ),
        overdue=state == deadlines.DeadlineState.OVERDUE,
        due_soon=state == deadlines.DeadlineState.DUE_SOON,
        paused=state == deadlines.DeadlineState.PAUSED,
    )


def _state_names(version_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """{version id: {"workflow": …}} — only the workflow of each version, for state names."""
    rows = AppVersion.objects.filter(pk__in=list(version_ids)).values_list(
        "id", "definition__workflow"
    )
    return {version_id: {"workflow": flow or {}} for version_id, flow in rows}


def inbox_status_choices() -> list[tuple[str, dict[str, str]]]:
    """Every state of the workflows of the apps this government enabled, by id (first name
    seen wins: apps that share a state id mean the same step)."""
    choices: dict[str, dict[str, str]] = {}
    # Only the workflow of each pinned version, not whole definitions.
    flows = EnabledApp.objects.order_by("id").values_list(
        "version__definition__workflow", flat=True
    )
    for flow in flows:
        for state in (flow or {}).get("states") or []:
            if isinstance(state, Mapping) and isinstance(state.get("id"), str):
                choices.setdefault(state["id"], dict(state.get("name") or {}))
    return sorted(choices.items(), key=lambda item: item[0])


def inbox_apps() -> QuerySet[EnabledApp]:
    return EnabledApp.objects.select_related("catalog_app").order_by("catalog_app__slug", "id")


def assignable_officers() -> QuerySet[User]:
    """Active staff of this government who work cases, by name."""
    return User.objects.filter(
        is_active=True, is_staff=True, roles__overlap=[str(role) for role in ASSIGNABLE_ROLES]
    ).order_by("full_name", "email")


def assignable_officer_get(*, public_id: uuid.UUID | str) -> User | None:
    key = uuid_or_none(public_id)
    return assignable_officers().filter(public_id=key).first() if key else None


def case_get_for_officer(*, public_id: uuid.UUID | str) -> Case:
    """A case of this government, for its staff (the view checked the role)."""
    key = uuid_or_none(public_id)
    if key is None:
        raise Case.DoesNotExist
    return Case.objects.select_related("enabled_app", "enabled_app__catalog_app", "version").get(
        public_id=key
    )


def case_officer_transitions(
    definition: Mapping[str, Any], case: Case
) -> tuple[Mapping[str, Any], ...]:
    """The transitions the office may take from the case's state."""
    return workflow.transitions_from(definition, case.status, actor="case_officer")


def case_history(case: Case) -> list[CaseEvent]:
    """The case's events, oldest first, internal notes included (officers only)."""
    return list(case_events(case, include_internal=True))


def case_audit_trail(case: Case) -> list[AuditEvent]:
    """The audit chain's records about the case (views included), oldest first."""
    return list(audit_events_for_object(object_type="case", object_id=str(case.public_id)))
