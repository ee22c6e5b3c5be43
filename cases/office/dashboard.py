"""The government's dashboard: aggregate figures only, never a name, CURP or folio.

Every selector reads the current schema (the host's government). Digitisation compares the
procedures offered online (enabled apps that are live) with the registry total: the catalogue
apps this government can see plus the procedures of its own registry no catalogue app covers yet
(`ProcedureRegistry.offline_procedures`, set by `services.procedure_registry_set`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count

from apps_registry.models import EnabledApp, EnabledAppStatus
from cases import workflow
from cases.models import Case, CaseEvent, CaseEventKind, ProcedureRegistry
from catalog.definition import Definition
from catalog.models import AppVersion
from catalog.selectors import apps_visible_to
from core.tenancy import current_government


@dataclass(frozen=True)
class Digitisation:
    catalogue_visible: int
    offline: int
    online: int

    @property
    def registry_total(self) -> int:
        return self.catalogue_visible + self.offline

    @property
    def share_online(self) -> float:
        """Share of the registry offered online, 0–1 (0 with an empty registry)."""
        return self.online / self.registry_total if self.registry_total else 0.0


@dataclass(frozen=True)
class StatusCount:
    enabled_app_id: int
    app_name: dict[str, str]
    status: str
    status_name: dict[str, str]
    count: int


@dataclass(frozen=True)
class Timeliness:
    resolved: int
    # Median calendar days from filing to resolution (None with nothing resolved).
    median_days_to_resolution: float | None
    resolved_within_plazo: int
    # Resolved cases that had a plazo (the denominator of the share).
    resolved_with_plazo: int

    @property
    def share_within_plazo(self) -> float | None:
        if not self.resolved_with_plazo:
            return None
        return self.resolved_within_plazo / self.resolved_with_plazo


@dataclass(frozen=True)
class Dashboard:
    digitisation: Digitisation
    cases_by_app_and_status: list[StatusCount]
    timeliness: Timeliness
    # Ficta applied, by kind ("afirmativa", "negativa", "no_aplica").
    ficta_applied: dict[str, int]
    overdue: int


def dashboard_digitisation() -> Digitisation:
    registry = ProcedureRegistry.objects.first()
    return Digitisation(
        catalogue_visible=apps_visible_to(current_government()).count(),
        offline=registry.offline_procedures if registry else 0,
        online=EnabledApp.objects.filter(status=EnabledAppStatus.LIVE).count(),
    )


def dashboard_cases_by_app_and_status() -> list[StatusCount]:
    """Cases per enabled app and workflow state, with names from the versions filed under."""
    rows = list(
        Case.objects.values("enabled_app_id", "version_id", "status")
        .annotate(count=Count("id"))
        .order_by("enabled_app_id", "status")
    )
    definitions = dict(
        AppVersion.objects.filter(id__in={row["version_id"] for row in rows}).values_list(
            "id", "definition"
        )
    )
    merged: dict[tuple[int, str], dict[str, Any]] = {}
    for row in rows:
        definition = definitions.get(row["version_id"]) or {}
        key = (row["enabled_app_id"], row["status"])
        entry = merged.setdefault(
            key,
            {
                "app_name": dict(Definition(definition).name),
                "status_name": workflow.state_name(definition, row["status"], citizen=False),
                "count": 0,
            },
        )
        entry["count"] += row["count"]
    return [
        StatusCount(
            enabled_app_id=app_id,
            app_name=entry["app_name"],
            status=status,
            status_name=entry["status_name"],
            count=entry["count"],
        )
        for (app_id, status), entry in sorted(merged.items())
    ]


def dashboard_timeliness() -> Timeliness:
    """Median time to resolution and the share resolved within the plazo (by the day the case
    was resolved in Mexico City time against its `due_on`)."""
    table = Case._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT
                count(*),
                percentile_cont(0.5) WITHIN GROUP (
                    ORDER BY extract(epoch FROM resolved_at - coalesce(submitted_at, created_at))
                ),
                count(*) FILTER (
                    WHERE due_on IS NOT NULL AND (resolved_at AT TIME ZONE %s)::date <= due_on
                ),
                count(*) FILTER (WHERE due_on IS NOT NULL)
            FROM {table}
            WHERE resolved_at IS NOT NULL
            """,  # noqa: S608 - the table name is the model's, not input
            [settings.TIME_ZONE],
        )
        resolved, median_seconds, within, with_plazo = cursor.fetchone()
    return Timeliness(
        resolved=resolved,
        median_days_to_resolution=(
            round(float(median_seconds) / 86400, 1) if median_seconds is not None else None
        ),
        resolved_within_plazo=within,
        resolved_with_plazo=with_plazo,
    )


def dashboard_ficta_applied() -> dict[str, int]:
    rows = (
        CaseEvent.objects.filter(kind=CaseEventKind.FICTA_APPLIED)
        .values("data__ficta")
        .annotate(count=Count("id"))
        .order_by("data__ficta")
    )
    return {str(row["data__ficta"]): row["count"] for row in rows}


def dashboard_overdue(*, today: date) -> int:
    return Case.objects.filter(
        due_on__lt=today, resolved_at__isnull=True, clock_paused_since__isnull=True
    ).count()


def dashboard(*, today: date) -> Dashboard:
    return Dashboard(
        digitisation=dashboard_digitisation(),
        cases_by_app_and_status=dashboard_cases_by_app_and_status(),
        timeliness=dashboard_timeliness(),
        ficta_applied=dashboard_ficta_applied(),
        overdue=dashboard_overdue(today=today),
    )
