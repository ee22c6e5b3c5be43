"""Dashboard figures: digitisation against the registry, cases per app and status, median time
to resolution, share within the plazo, ficta applied; aggregates of one government only."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import tenant_context

from apps_registry.models import EnabledApp, EnabledAppStatus
from cases.office.dashboard import (
    dashboard,
    dashboard_cases_by_app_and_status,
    dashboard_digitisation,
    dashboard_timeliness,
)
from cases.office.ficta import ficta_apply_due
from cases.office.services import procedure_registry_set
from catalog.selectors import apps_visible_to
from core.actors import Actor, ActorRole
from tests.cases.case_factory import make_case

MEXICO_CITY = ZoneInfo("America/Mexico_City")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=MEXICO_CITY)


def test_digitisation_compares_online_apps_with_the_registry(sonora, sonora_app):
    with tenant_context(sonora.government):
        visible = apps_visible_to(sonora.government).count()
        procedure_registry_set(
            offline_procedures=97, actor=Actor.named(sonora.admin_email, ActorRole.ADMINISTRATOR)
        )

        figures = dashboard_digitisation()

    assert (figures.catalogue_visible, figures.offline, figures.online) == (visible, 97, 1)
    assert figures.registry_total == visible + 97
    assert figures.share_online == 1 / (visible + 97)


def test_paused_or_draft_apps_do_not_count_as_online(sonora, sonora_app):
    with tenant_context(sonora.government):
        EnabledApp.objects.filter(pk=sonora_app.pk).update(status=EnabledAppStatus.PAUSED)

        assert dashboard_digitisation().online == 0


def test_cases_per_app_and_status_with_state_names(sonora, sonora_app):
    with tenant_context(sonora.government):
        for status in ("recibida", "recibida", "en_revision", "aprobada"):
            make_case(sonora_app, status=status)

        rows = [
            (row.enabled_app_id, row.status, row.status_name["es-MX"], row.count)
            for row in dashboard_cases_by_app_and_status()
        ]

    assert rows == [
        (sonora_app.pk, "aprobada", "Aprobada", 1),
        (sonora_app.pk, "en_revision", "En revisión", 1),
        (sonora_app.pk, "recibida", "Recibida", 2),
    ]


def test_median_time_to_resolution_and_share_within_plazo(sonora, sonora_app):
    with tenant_context(sonora.government):
        filed = at(date(2026, 6, 1))
        # resolved after 2, 4 and 9 days; plazos end 8 June; one case without plazo
        for resolved_on, due_on in (
            (date(2026, 6, 3), date(2026, 6, 8)),
            (date(2026, 6, 5), date(2026, 6, 8)),
            (date(2026, 6, 10), date(2026, 6, 8)),
        ):
            make_case(
                sonora_app,
                status="aprobada",
                due_on=due_on,
                submitted_at=filed,
                resolved_at=at(resolved_on),
            )
        make_case(sonora_app, status="en_revision", due_on=date(2026, 6, 8), submitted_at=filed)

        figures = dashboard_timeliness()

    assert (figures.resolved, figures.median_days_to_resolution) == (3, 4.0)
    assert (figures.resolved_within_plazo, figures.resolved_with_plazo) == (2, 3)
    assert figures.share_within_plazo == 2 / 3


def test_an_empty_government_has_empty_figures(sonora):
    with tenant_context(sonora.government):
        figures = dashboard(today=date(2026, 6, 8))

    assert figures.cases_by_app_and_status == []
    assert (figures.timeliness.resolved, figures.timeliness.median_days_to_resolution) == (0, None)
    assert figures.timeliness.share_within_plazo is None
    assert (figures.ficta_applied, figures.overdue) == ({}, 0)


def test_ficta_and_overdue_are_counted_per_government(sonora, cdmx, sonora_app, cdmx_app):
    # given an overdue case in each government; Sonora's job runs, CDMX's does not
    with tenant_context(sonora.government):
        make_case(sonora_app, status="en_revision", due_on=date(2026, 6, 1))
        make_case(sonora_app, status="en_revision", due_on=date(2026, 6, 1))
        ficta_apply_due(today=date(2026, 6, 8))
        sonora_figures = dashboard(today=date(2026, 6, 8))
    with tenant_context(cdmx.government):
        make_case(cdmx_app, status="en_revision", due_on=date(2026, 6, 1))
        cdmx_figures = dashboard(today=date(2026, 6, 8))

    assert (sonora_figures.ficta_applied, sonora_figures.overdue) == ({"negativa": 2}, 0)
    assert (cdmx_figures.ficta_applied, cdmx_figures.overdue) == ({}, 1)
    assert [row.count for row in cdmx_figures.cases_by_app_and_status] == [1]


@pytest.mark.parametrize("value", [-1])
def test_the_registry_figure_cannot_be_negative(sonora, value):
    with tenant_context(sonora.government), pytest.raises(ValueError):
        procedure_registry_set(
            offline_procedures=value, actor=Actor.named(sonora.admin_email, ActorRole.ADMINISTRATOR)
        )
