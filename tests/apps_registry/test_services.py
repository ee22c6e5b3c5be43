from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps_registry import errors
from apps_registry.models import EnabledApp, EnabledAppAction, EnabledAppEvent, EnabledAppStatus
from apps_registry.selectors import enabled_app_definition, upgrade_available
from apps_registry.services import (
    enabled_app_disable,
    enabled_app_enable,
    enabled_app_go_live,
    enabled_app_pause,
    enabled_app_resume,
    enabled_app_update_local_values,
    enabled_app_upgrade,
    enabled_apps_bulk_enable,
)
from cases.models import Case
from catalog.services import app_deprecate
from core.errors import ApplicationError
from tests.apps_registry.conftest import REQUIRED_VALUES, definition_with_overrides, inside


def _codes(exc: pytest.ExceptionInfo[ApplicationError]) -> list[tuple[str, str]]:
    return [(error.code, error.location) for error in exc.value.errors]


# --- visibility ----------------------------------------------------------------------------------


def test_enable_public_app_of_another_government(cdmx, sonora, publish, admin_actor):
    version = publish(cdmx, "constancia-publica", policy="public")

    with inside(sonora):
        enabled = enabled_app_enable(
            government=sonora.government,
            app=version.app,
            version=None,
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )

        assert enabled.status == EnabledAppStatus.LIVE
        assert enabled.version == version
        assert enabled.local_values == REQUIRED_VALUES
        assert enabled.enabled_by_email == "admin@sonora.gob.mx"
        assert list(EnabledAppEvent.objects.values_list("action", flat=True)) == ["enabled"]


def test_enable_agreement_app_needs_an_agreement_in_force(
    cdmx, sonora, publish, admin_actor, make_agreement
):
    version = publish(cdmx, "constancia-convenio", policy="agreement")

    with inside(sonora), pytest.raises(ApplicationError) as refused:
        enabled_app_enable(
            government=sonora.government,
            app=version.app,
            version=version,
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )
    assert _codes(refused) == [(errors.APP_NOT_ADOPTABLE, "app")]

    make_agreement(cdmx, sonora)
    with inside(sonora):
        enabled = enabled_app_enable(
            government=sonora.government,
            app=version.app,
            version=version,
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )
        assert enabled.status == EnabledAppStatus.LIVE


def test_enable_private_app_of_another_government_is_refused_even_with_an_agreement(
    cdmx, sonora, publish, admin_actor, make_agreement
):
    version = publish(cdmx, "constancia-privada", policy="private")
    make_agreement(cdmx, sonora)

    with inside(sonora):
        with pytest.raises(ApplicationError) as refused:
            enabled_app_enable(
                government=sonora.government,
                app=version.app,
                version=version,
                local_values=REQUIRED_VALUES,
                actor=admin_actor,
            )
        assert EnabledApp.objects.count() == 0
    assert _codes(refused) == [(errors.APP_NOT_ADOPTABLE, "app")]


def test_enable_deprecated_app_is_refused(cdmx, sonora, publish, admin_actor, publisher_actor):
    version = publish(cdmx, "constancia-vieja")
    app_deprecate(app=version.app, actor=publisher_actor)

    with inside(sonora), pytest.raises(ApplicationError) as refused:
        enabled_app_enable(
            government=sonora.government,
            app=version.app,
            version=version,
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )
    assert _codes(refused) == [(errors.APP_NOT_ADOPTABLE, "app")]


def test_enable_twice_is_refused_and_a_disabled_app_can_be_enabled_again(
    cdmx, sonora, publish, admin_actor
):
    version = publish(cdmx)
    with inside(sonora):
        first = enabled_app_enable(
            government=sonora.government,
            app=version.app,
            version=version,
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )
        with pytest.raises(ApplicationError) as refused:
            enabled_app_enable(
                government=sonora.government,
                app=version.app,
                version=version,
                local_values=REQUIRED_VALUES,
                actor=admin_actor,
            )
        enabled_app_disable(enabled_app=first, actor=admin_actor)

        again = enabled_app_enable(
            government=sonora.government,
            app=version.app,
            version=version,
            local_values={**REQUIRED_VALUES, "homoclave": "SON-PRU-002"},
            actor=admin_actor,
        )

        assert again.pk == first.pk
        assert again.status == EnabledAppStatus.LIVE
        assert again.local_values["homoclave"] == "SON-PRU-002"
        assert list(again.events.order_by("id").values_list("action", flat=True)) == [
            "enabled",
            "disabled",
            "enabled",
        ]
    assert _codes(refused) == [(errors.ALREADY_ENABLED, "app")]


def test_enable_refuses_a_government_other_than_the_current_schema(
    cdmx, sonora, publish, admin_actor
):
    version = publish(cdmx)
    with inside(cdmx), pytest.raises(RuntimeError):
        enabled_app_enable(
            government=sonora.government,
            app=version.app,
            version=version,
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )


# --- going live, pausing, disabling --------------------------------------------------------------


def test_enable_live_without_required_values_is_refused_with_located_errors(
    cdmx, sonora, publish, admin_actor
):
    version = publish(cdmx)
    with inside(sonora):
        with pytest.raises(ApplicationError) as refused:
            enabled_app_enable(
                government=sonora.government,
                app=version.app,
                version=version,
                local_values={"homoclave": ""},
                actor=admin_actor,
            )
        assert EnabledApp.objects.count() == 0
    # Required and place-bound: the publisher's agency, laws, fees and offices are never used.
    assert _codes(refused) == [
        (errors.LOCAL_VALUE_PLACE_BOUND, "agency"),
        (errors.LOCAL_VALUE_PLACE_BOUND, "homoclave"),
        (errors.LOCAL_VALUE_PLACE_BOUND, "legal_basis"),
        (errors.LOCAL_VALUE_PLACE_BOUND, "fees"),
        (errors.LOCAL_VALUE_PLACE_BOUND, "offices"),
    ]


def test_draft_goes_live_once_required_values_are_filled(cdmx, sonora, publish, admin_actor):
    version = publish(cdmx)
    with inside(sonora):
        enabled = enabled_app_enable(
            government=sonora.government,
            app=version.app,
            version=version,
            local_values={"homoclave": "SON-1"},
            actor=admin_actor,
            go_live=False,
        )
        assert enabled.status == EnabledAppStatus.DRAFT
        with pytest.raises(ApplicationError) as refused:
            enabled_app_go_live(enabled_app=enabled, actor=admin_actor)

        enabled_app_update_local_values(
            enabled_app=enabled, local_values=REQUIRED_VALUES, actor=admin_actor
        )
        live = enabled_app_go_live(enabled_app=enabled, actor=admin_actor)

        assert live.status == EnabledAppStatus.LIVE
        assert EnabledApp.objects.get().status == EnabledAppStatus.LIVE
    assert _codes(refused) == [
        (errors.LOCAL_VALUE_PLACE_BOUND, "agency"),
        (errors.LOCAL_VALUE_PLACE_BOUND, "legal_basis"),
        (errors.LOCAL_VALUE_PLACE_BOUND, "fees"),
        (errors.LOCAL_VALUE_PLACE_BOUND, "offices"),
    ]


def test_pause_resume_and_disable(cdmx, sonora, publish, admin_actor):
    version = publish(cdmx)
    with inside(sonora):
        enabled = enabled_app_enable(
            government=sonora.government,
            app=version.app,
            version=version,
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )
        case = Case.objects.create(
            enabled_app=enabled, version=version, folio="SON-1", status="recibida"
        )

        paused = enabled_app_pause(enabled_app=enabled, actor=admin_actor, reason="Mantenimiento")
        assert paused.status == EnabledAppStatus.PAUSED
        with pytest.raises(ApplicationError) as refused:
            enabled_app_pause(enabled_app=enabled, actor=admin_actor)
        assert enabled_app_resume(enabled_app=enabled, actor=admin_actor).status == "live"
        assert enabled_app_disable(enabled_app=enabled, actor=admin_actor).status == "disabled"

        case.refresh_from_db()
        assert case.status == "recibida"
        assert list(enabled.events.order_by("id").values_list("action", flat=True)) == [
            "enabled",
            "paused",
            "resumed",
            "disabled",
        ]
        assert enabled.events.get(action="paused").data == {
            "from": "live",
            "to": "paused",
            "reason": "Mantenimiento",
        }
    assert _codes(refused) == [(errors.STATUS_TRANSITION, "status")]


def test_live_app_cannot_lose_a_required_value(cdmx, sonora, publish, admin_actor):
    version = publish(cdmx)
    with inside(sonora):
        enabled = enabled_app_enable(
            government=sonora.government,
            app=version.app,
            version=version,
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )
        with pytest.raises(ApplicationError) as refused:
            enabled_app_update_local_values(
                enabled_app=enabled, local_values={"agency": SONORA_AGENCY_ONLY}, actor=admin_actor
            )
        enabled.refresh_from_db()
        assert enabled.local_values == REQUIRED_VALUES
    assert _codes(refused) == [
        (errors.LOCAL_VALUE_PLACE_BOUND, "homoclave"),
        (errors.LOCAL_VALUE_PLACE_BOUND, "legal_basis"),
        (errors.LOCAL_VALUE_PLACE_BOUND, "fees"),
        (errors.LOCAL_VALUE_PLACE_BOUND, "offices"),
    ]


SONORA_AGENCY_ONLY = REQUIRED_VALUES["agency"]


# --- bulk enable ---------------------------------------------------------------------------------


def _publish_many(publish, cdmx, count, policy="agreement"):
    return [publish(cdmx, f"tramite-{index:03d}", policy=policy) for index in range(count)]


def test_bulk_enable_enables_every_app_of_the_agreement(
    cdmx, sonora, publish, admin_actor, make_agreement
):
    versions = _publish_many(publish, cdmx, 3)
    publish(cdmx, "privada", policy="private")
    agreement = make_agreement(cdmx, sonora)

    with inside(sonora):
        created = enabled_apps_bulk_enable(
            government=sonora.government,
            agreement=agreement,
            actor=admin_actor,
            defaults={
                "agency": REQUIRED_VALUES["agency"],
                "legal_basis": REQUIRED_VALUES["legal_basis"],
                "unknown_key": "ignored",
            },
            values_by_app={"tramite-000": {"homoclave": "SON-000"}},
            # Free and served online in Sonora; "agency" cannot be "no aplica" and is skipped.
            not_applicable=["fees", "offices", "agency"],
        )

        by_slug = {e.catalog_app.slug: e for e in EnabledApp.objects.select_related("catalog_app")}
        assert sorted(by_slug) == ["tramite-000", "tramite-001", "tramite-002"]
        assert [e.catalog_app.slug for e in created] == [
            "tramite-000",
            "tramite-001",
            "tramite-002",
        ]
        # Every required and place-bound value answered → live; homoclave missing → stays in
        # configuration.
        assert by_slug["tramite-000"].status == EnabledAppStatus.LIVE
        assert by_slug["tramite-000"].not_applicable == ["fees", "offices"]
        assert by_slug["tramite-001"].status == EnabledAppStatus.DRAFT
        assert by_slug["tramite-001"].local_values == {
            "agency": REQUIRED_VALUES["agency"],
            "legal_basis": REQUIRED_VALUES["legal_basis"],
        }
        assert {e.version_id for e in by_slug.values()} == {v.pk for v in versions}
        assert EnabledAppEvent.objects.filter(action=EnabledAppAction.ENABLED).count() == 3


def test_bulk_enable_is_all_or_nothing(cdmx, sonora, publish, admin_actor, make_agreement):
    _publish_many(publish, cdmx, 3)
    agreement = make_agreement(cdmx, sonora)

    with inside(sonora):
        with pytest.raises(ApplicationError) as refused:
            enabled_apps_bulk_enable(
                government=sonora.government,
                agreement=agreement,
                actor=admin_actor,
                defaults={"agency": REQUIRED_VALUES["agency"]},
                values_by_app={"tramite-001": {"plazo": {"value": -1, "unit": "business_days"}}},
            )

        assert EnabledApp.objects.count() == 0
        assert EnabledAppEvent.objects.count() == 0
    assert _codes(refused) == [(errors.LOCAL_VALUE_INVALID, "tramite-001/plazo/value")]


def test_bulk_enable_skips_apps_already_enabled_and_disabled(
    cdmx, sonora, publish, admin_actor, make_agreement
):
    versions = _publish_many(publish, cdmx, 3)
    agreement = make_agreement(cdmx, sonora)
    with inside(sonora):
        enabled = enabled_app_enable(
            government=sonora.government,
            app=versions[0].app,
            version=versions[0],
            local_values={**REQUIRED_VALUES, "homoclave": "MINE"},
            actor=admin_actor,
        )
        disabled = enabled_app_enable(
            government=sonora.government,
            app=versions[1].app,
            version=versions[1],
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )
        enabled_app_disable(enabled_app=disabled, actor=admin_actor)

        created = enabled_apps_bulk_enable(
            government=sonora.government, agreement=agreement, actor=admin_actor
        )
        again = enabled_apps_bulk_enable(
            government=sonora.government, agreement=agreement, actor=admin_actor
        )

        assert [e.catalog_app.slug for e in created] == ["tramite-002"]
        assert again == []
        enabled.refresh_from_db()
        assert enabled.local_values["homoclave"] == "MINE"
        assert EnabledApp.objects.get(pk=disabled.pk).status == EnabledAppStatus.DISABLED


def test_bulk_enable_with_an_agreement_of_another_adopter_is_refused(
    cdmx, sonora, publish, admin_actor, make_agreement
):
    _publish_many(publish, cdmx, 1)
    agreement = make_agreement(sonora, cdmx)

    with inside(sonora), pytest.raises(ApplicationError) as refused:
        enabled_apps_bulk_enable(
            government=sonora.government, agreement=agreement, actor=admin_actor
        )
    assert _codes(refused) == [(errors.AGREEMENT_NOT_USABLE, "agreement")]


def test_bulk_enable_listed_agreement_enables_only_listed_apps(
    cdmx, sonora, publish, admin_actor, make_agreement
):
    versions = _publish_many(publish, cdmx, 3)
    agreement = make_agreement(cdmx, sonora, apps=[versions[1].app])

    with inside(sonora):
        created = enabled_apps_bulk_enable(
            government=sonora.government, agreement=agreement, actor=admin_actor
        )
    # The agreement lists one "agreement" app; public apps of CDMX are none here.
    assert [e.catalog_app.slug for e in created] == ["tramite-001"]


def test_bulk_enable_query_count_does_not_grow_with_the_number_of_apps(
    cdmx, sonora, publish, admin_actor, make_agreement
):
    _publish_many(publish, cdmx, 12)
    agreement = make_agreement(cdmx, sonora)

    with inside(sonora), CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        created = enabled_apps_bulk_enable(
            government=sonora.government,
            agreement=agreement,
            actor=admin_actor,
            defaults=REQUIRED_VALUES,
        )
        elapsed = time.monotonic() - started

    assert len(created) == 12
    # savepoint, agreement apps, already enabled, the government's agencies (for the go-live
    # gate), two bulk inserts, release
    assert len(queries) <= 9
    assert elapsed < 2


# --- upgrade -------------------------------------------------------------------------------------


def test_upgrade_keeps_local_values_and_leaves_cases_on_their_version(
    cdmx, sonora, publish, admin_actor
):
    old = publish(cdmx)
    new_definition = definition_with_overrides()
    new_definition["overrides"].append(
        {
            "key": "contacto",
            "type": "text",
            "required": True,
            "label": {"es-MX": "Contacto", "en": "Contact"},
        }
    )
    new_definition["overrides"] = [o for o in new_definition["overrides"] if o["key"] != "plazo"]
    local = {**REQUIRED_VALUES, "plazo": {"value": 10, "unit": "business_days"}}

    with inside(sonora):
        enabled = enabled_app_enable(
            government=sonora.government,
            app=old.app,
            version=old,
            local_values=local,
            actor=admin_actor,
        )
        filed = [
            Case.objects.create(
                enabled_app=enabled, version=old, folio=f"SON-{n}", status="recibida"
            )
            for n in range(2)
        ]
    new = publish(cdmx, definition=new_definition, version="1.1.0")

    with inside(sonora):
        enabled = EnabledApp.objects.select_related("catalog_app__latest_version", "version").get()
        assert upgrade_available(enabled) == new
        with pytest.raises(ApplicationError) as refused:
            enabled_app_upgrade(enabled_app=enabled, to_version=new, actor=admin_actor)
        upgraded = enabled_app_upgrade(
            enabled_app=enabled,
            to_version=new,
            local_values={"contacto": "tramites@sonora.gob.mx"},
            actor=admin_actor,
        )

        assert upgraded.version == new
        assert upgraded.local_values == {**REQUIRED_VALUES, "contacto": "tramites@sonora.gob.mx"}
        assert upgraded.status == EnabledAppStatus.LIVE
        assert [Case.objects.get(pk=c.pk).version_id for c in filed] == [old.pk, old.pk]
        assert upgraded.events.get(action="upgraded").data == {
            "from": "1.0.0",
            "to": "1.1.0",
            "dropped_values": {"plazo": {"value": 10, "unit": "business_days"}},
        }
        assert enabled_app_definition(upgraded)["metadata"]["homoclave"] == "SON-PRU-001"
        assert (
            upgrade_available(
                EnabledApp.objects.select_related("catalog_app__latest_version", "version").get()
            )
            is None
        )
    assert _codes(refused) == [(errors.LOCAL_VALUE_REQUIRED, "contacto")]


def test_upgrade_to_an_older_or_same_version_is_refused(cdmx, sonora, publish, admin_actor):
    old = publish(cdmx)
    publish(cdmx, version="1.1.0")
    with inside(sonora):
        enabled = enabled_app_enable(
            government=sonora.government,
            app=old.app,
            version=None,
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )
        with pytest.raises(ApplicationError) as refused:
            enabled_app_upgrade(enabled_app=enabled, to_version=old, actor=admin_actor)
    assert _codes(refused) == [(errors.UPGRADE_INVALID, "version")]


# --- who may write ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["auditor", "case_officer", "publisher", "citizen"])
def test_enabled_app_services_called_directly_refuse_other_roles_and_change_nothing(
    cdmx, sonora, publish, admin_actor, role
):
    from core.actors import PERMISSION_DENIED, Actor

    # given one app enabled and live, a newer version, and another app not enabled yet
    first = publish(cdmx, "constancia-publica", policy="public")
    newer = publish(cdmx, "constancia-publica", policy="public", version="1.1.0")
    other = publish(cdmx, "otra-publica", policy="public")
    with inside(sonora):
        enabled = enabled_app_enable(
            government=sonora.government,
            app=first.app,
            version=first,
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )
        intruder = Actor.named(f"{role}@sonora.gob.mx", role)
        before = list(EnabledApp.objects.values_list("pk", "status", "version_id", "local_values"))
        events = EnabledAppEvent.objects.count()
        calls = [
            lambda: enabled_app_enable(
                government=sonora.government,
                app=other.app,
                version=None,
                local_values=REQUIRED_VALUES,
                actor=intruder,
            ),
            lambda: enabled_app_update_local_values(
                enabled_app=enabled, local_values={}, actor=intruder
            ),
            lambda: enabled_app_pause(enabled_app=enabled, actor=intruder),
            lambda: enabled_app_disable(enabled_app=enabled, actor=intruder),
            lambda: enabled_app_upgrade(enabled_app=enabled, to_version=newer, actor=intruder),
        ]

        refused = []
        for call in calls:
            with pytest.raises(ApplicationError) as caught:
                call()
            refused.extend(code for code, _location in _codes(caught))

        after = list(EnabledApp.objects.values_list("pk", "status", "version_id", "local_values"))
        events_after = EnabledAppEvent.objects.count()

    assert refused == [PERMISSION_DENIED] * len(calls)
    assert (after, events_after) == (before, events)
