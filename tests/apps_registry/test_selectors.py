from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps_registry.models import EnabledApp
from apps_registry.selectors import (
    adopter_counts,
    adoptions_of_apps,
    enabled_app_get,
    enabled_apps,
    live_apps_for_citizens,
    newer_versions,
)
from apps_registry.services import enabled_app_disable, enabled_app_enable, enabled_app_pause
from cases.models import Case
from core.actors import Actor, ActorRole
from tenants.models import GovernmentStatus
from tenants.services import government_set_status
from tests.apps_registry.conftest import REQUIRED_VALUES, inside


def _enable(tenant, version, **values):
    with inside(tenant):
        return enabled_app_enable(
            government=tenant.government,
            app=version.app,
            version=version,
            local_values={**REQUIRED_VALUES, **values},
            actor=Actor.named(
                f"admin@{tenant.government.slug}.gob.mx",
                ActorRole.ADMINISTRATOR,
                schema=tenant.schema_name,
            ),
        )


def _file_cases(tenant, enabled, version, count, prefix):
    with inside(tenant):
        for n in range(count):
            Case.objects.create(
                enabled_app=enabled,
                version=version,
                folio=f"{prefix}-{n}",
                status="recibida",
                data={"nombre": "Persona"},
            )


def test_adoptions_of_apps_lists_each_government_with_version_status_and_case_counts(
    cdmx, sonora, publish
):
    # given two CDMX apps, one used by CDMX itself and by Sonora, the other by Sonora only
    licencia = publish(cdmx, "licencia")
    acta = publish(cdmx, "acta")
    cdmx_licencia = _enable(cdmx, licencia)
    sonora_licencia = _enable(sonora, licencia)
    sonora_acta = _enable(sonora, acta)
    publish(cdmx, "licencia", version="1.1.0")
    _file_cases(cdmx, cdmx_licencia, licencia, 2, "CDMX")
    _file_cases(sonora, sonora_licencia, licencia, 3, "SON")
    with inside(sonora):
        enabled_app_pause(
            enabled_app=sonora_acta,
            actor=Actor.named("a@sonora.gob.mx", ActorRole.ADMINISTRATOR, schema="sonora"),
        )

    # when the publisher asks, from its own schema
    with inside(cdmx), CaptureQueriesContext(connection) as queries:
        adoptions = adoptions_of_apps([licencia.app_id, acta.app_id])

    # then one query answers with numbers per government
    assert len([q for q in queries if "UNION ALL" in q["sql"]]) == 1
    rows = [(a.app_id, a.government.slug, a.version, a.status, a.cases_count) for a in adoptions]
    expected = [
        (licencia.app_id, "cdmx", "1.0.0", "live", 2),
        (licencia.app_id, "sonora", "1.0.0", "live", 3),
        (acta.app_id, "sonora", "1.0.0", "paused", 0),
    ]
    assert sorted(rows) == sorted(expected)
    assert adopter_counts([licencia.app_id, acta.app_id]) == {
        licencia.app_id: 2,
        acta.app_id: 1,
    }


def test_adopter_counts_ignore_drafts_disabled_and_onboarding_governments(cdmx, sonora, publish):
    version = publish(cdmx)
    enabled = _enable(sonora, version)
    assert adopter_counts([version.app_id]) == {version.app_id: 1}

    with inside(sonora):
        enabled_app_disable(
            enabled_app=enabled,
            actor=Actor.named("a@s.mx", ActorRole.ADMINISTRATOR, schema="sonora"),
        )
    assert adopter_counts([version.app_id]) == {}
    assert [a.status for a in adoptions_of_apps([version.app_id])] == ["disabled"]

    government_set_status(government=sonora.government, status=GovernmentStatus.ONBOARDING)
    assert adoptions_of_apps([version.app_id]) == []


def test_adoptions_of_no_apps_runs_no_query(cdmx):
    with CaptureQueriesContext(connection) as queries:
        assert adoptions_of_apps([]) == []
        assert adopter_counts([]) == {}
    assert len(queries) == 0


def test_enabled_app_get_reads_the_current_schema_only(cdmx, sonora, publish):
    enabled = _enable(cdmx, publish(cdmx))

    with inside(sonora):
        with pytest.raises(EnabledApp.DoesNotExist):
            enabled_app_get(public_id=enabled.public_id)
        with pytest.raises(EnabledApp.DoesNotExist):
            enabled_app_get(public_id="not-a-uuid")
        with pytest.raises(EnabledApp.DoesNotExist):
            enabled_app_get(public_id=uuid.uuid4())
    with inside(cdmx):
        assert enabled_app_get(public_id=str(enabled.public_id)) == enabled


def test_enabled_apps_refuses_another_government_than_the_current_schema(cdmx, sonora):
    with inside(sonora), pytest.raises(RuntimeError):
        enabled_apps(government=cdmx.government)


def test_live_apps_for_citizens_apply_local_values_and_show_paused_as_unavailable(
    cdmx, sonora, publish
):
    first = publish(cdmx, "primera", definition=None)
    second = publish(cdmx, "segunda")
    third = publish(cdmx, "tercera")
    _enable(sonora, first, name={"es-MX": "Constancia sonorense"})
    paused = _enable(sonora, second)
    with inside(sonora):
        enabled_app_enable(
            government=sonora.government,
            app=third.app,
            version=third,
            local_values={},
            actor=Actor.named("a@s.mx", ActorRole.ADMINISTRATOR, schema="sonora"),
            go_live=False,
        )
        enabled_app_pause(
            enabled_app=paused,
            actor=Actor.named("a@s.mx", ActorRole.ADMINISTRATOR, schema="sonora"),
        )

        listed = live_apps_for_citizens()

    assert [(a.slug, a.name["es-MX"], a.available) for a in listed] == [
        ("primera", "Constancia sonorense", True),
        ("segunda", "Constancia de prueba", False),
    ]
    assert listed[0].metadata["homoclave"] == "SON-PRU-001"


def test_newer_versions(cdmx, sonora, publish):
    old = publish(cdmx)
    publish(cdmx, version="1.1.0")
    publish(cdmx, version="2.0.0")
    enabled = _enable(sonora, old)
    with inside(sonora):
        assert [v.version for v in newer_versions(enabled)] == ["2.0.0", "1.1.0"]
