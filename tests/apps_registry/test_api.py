from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from apps_registry.models import EnabledApp, EnabledAppEvent, EnabledAppStatus
from apps_registry.services import enabled_app_enable
from cases.models import Case
from core.actors import Actor, ActorRole
from core.models import Role
from tests.apps_registry.conftest import REQUIRED_VALUES, definition_with_overrides, inside

API = "/api/v1/enabled-apps/"


@pytest.fixture
def token_of(make_user):
    """token_of(tenant, role) → an API token of a new user of that government with that role."""

    def factory(tenant, role: Role | None = Role.ADMINISTRATOR) -> str:
        user = make_user(tenant, roles=[role] if role else [])
        with inside(tenant):
            return Token.objects.create(user=user).key

    return factory


def _auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def _enable(tenant, version, actor_email="admin@sonora.gob.mx", **kwargs):

    with inside(tenant):
        return enabled_app_enable(
            government=tenant.government,
            app=version.app,
            version=version,
            local_values=kwargs.pop("local_values", REQUIRED_VALUES),
            actor=Actor.named(actor_email, ActorRole.ADMINISTRATOR, schema=tenant.schema_name),
            **kwargs,
        )


def test_administrator_enables_an_app_through_the_api(cdmx, sonora, publish, token_of):
    version = publish(cdmx)
    token = token_of(sonora)

    response = sonora.client().post(
        API,
        {
            "app": str(version.app.public_id),
            "version": "1.0.0",
            "local_values": {**REQUIRED_VALUES, "prevencion.applicant_days": "7"},
        },
        content_type="application/json",
        **_auth(token),
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "live"
    assert body["version"] == "1.0.0"
    assert body["app"]["slug"] == "constancia-prueba"
    assert body["app"]["publisher"] == "cdmx"
    assert body["local_values"]["prevencion.applicant_days"] == 7
    assert body["missing_required"] == []
    with inside(sonora):
        assert EnabledApp.objects.get().public_id.hex == body["public_id"].replace("-", "")


def test_enable_with_invalid_local_values_gives_located_errors(cdmx, sonora, publish, token_of):
    version = publish(cdmx)

    response = sonora.client().post(
        API,
        {
            "app": str(version.app.public_id),
            "local_values": {"agency": {"name": {"en": "No Spanish"}}, "fee_amount": "abc"},
        },
        content_type="application/json",
        **_auth(token_of(sonora)),
    )

    assert response.status_code == 400
    assert [(e["code"], e["location"]) for e in response.json()["errors"]] == [
        ("apps_registry.local_value_invalid", "agency/name/es-MX"),
        ("apps_registry.local_value_invalid", "fee_amount"),
        ("apps_registry.local_value_place_bound", "homoclave"),
        ("apps_registry.local_value_place_bound", "legal_basis"),
        ("apps_registry.local_value_place_bound", "fees"),
        ("apps_registry.local_value_place_bound", "offices"),
    ]
    with inside(sonora):
        assert EnabledApp.objects.count() == 0


def test_enable_a_private_app_of_another_government_is_refused(cdmx, sonora, publish, token_of):
    version = publish(cdmx, "privada", policy="private")

    response = sonora.client().post(
        API,
        {"app": str(version.app.public_id), "local_values": REQUIRED_VALUES},
        content_type="application/json",
        **_auth(token_of(sonora)),
    )

    assert response.status_code == 400
    assert [e["code"] for e in response.json()["errors"]] == ["apps_registry.app_not_adoptable"]
    with inside(sonora):
        assert EnabledApp.objects.count() == 0


def test_list_shows_this_government_s_apps_with_upgrade_available(cdmx, sonora, publish, token_of):
    first = publish(cdmx, "primera")
    second = publish(cdmx, "segunda")
    _enable(sonora, first)
    _enable(sonora, second)
    publish(cdmx, "primera", version="1.1.0")
    token = token_of(sonora, Role.AUDITOR)

    with CaptureQueriesContext(connection) as queries:
        response = sonora.client().get(API, **_auth(token))

    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["app"]["slug"], r["version"], r["upgrade_available"]) for r in results] == [
        ("primera", "1.0.0", "1.1.0"),
        ("segunda", "1.0.0", None),
    ]
    # tenant routing + token + user + count + page: independent of the number of apps.
    assert len(queries) <= 8
    assert cdmx.client().get(API, **_auth(token_of(cdmx))).json()["results"] == []


def test_pause_resume_and_upgrade_through_the_api(cdmx, sonora, publish, token_of):
    old = publish(cdmx)
    enabled = _enable(sonora, old)
    with inside(sonora):
        case = Case.objects.create(enabled_app=enabled, version=old, folio="S-1", status="recibida")
    definition = definition_with_overrides()
    definition["fees"]["concepts"][0]["amount"] = 300.0
    publish(cdmx, definition=definition, version="1.1.0")
    token = token_of(sonora)
    client = sonora.client()
    one = f"{API}{enabled.public_id}/"

    paused = client.post(f"{one}pause/", {"reason": "Ajustes"}, **_auth(token))
    resumed = client.post(f"{one}resume/", **_auth(token))
    preview = client.get(f"{one}upgrade/", **_auth(token))
    upgraded = client.post(
        f"{one}upgrade/", {"version": "1.1.0"}, content_type="application/json", **_auth(token)
    )

    assert paused.status_code == 200
    assert paused.json()["status"] == "paused"
    assert resumed.json()["status"] == "live"
    assert preview.status_code == 200
    assert preview.json()["version"] == "1.1.0"
    fees = next(x for x in preview.json()["sections"] if x["key"] == "fees")
    assert fees["changed"][0]["changes"] == [
        {"attribute": "amount", "before": "250.00", "after": "300.00"}
    ]
    assert preview.json()["impact"]["kept"] == [
        "agency",
        "fees",
        "homoclave",
        "legal_basis",
        "offices",
    ]
    assert upgraded.status_code == 200, upgraded.content
    assert upgraded.json()["version"] == "1.1.0"
    assert upgraded.json()["local_values"] == REQUIRED_VALUES
    with inside(sonora):
        case.refresh_from_db()
        assert case.version_id == old.pk


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.AUDITOR, Role.PUBLISHER, None])
def test_writes_need_the_administrator_role(cdmx, sonora, publish, token_of, role):
    version = publish(cdmx)
    enabled = _enable(sonora, version)
    token = token_of(sonora, role)
    client = sonora.client()

    responses = [
        client.post(
            API,
            {"app": str(version.app.public_id), "local_values": REQUIRED_VALUES},
            content_type="application/json",
            **_auth(token),
        ),
        client.post(f"{API}{enabled.public_id}/pause/", **_auth(token)),
        client.post(
            f"{API}{enabled.public_id}/upgrade/",
            {"version": "1.0.0"},
            content_type="application/json",
            **_auth(token),
        ),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    with inside(sonora):
        assert EnabledApp.objects.get().status == EnabledAppStatus.LIVE
        assert EnabledAppEvent.objects.count() == 1


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.PUBLISHER, None])
def test_reading_needs_the_administrator_or_auditor_role(sonora, token_of, role):
    response = sonora.client().get(API, **_auth(token_of(sonora, role)))
    assert response.status_code == 403


def test_anonymous_gets_401(cdmx, sonora, publish):
    enabled = _enable(sonora, publish(cdmx))
    client = sonora.client()

    assert client.get(API).status_code == 401
    assert client.post(f"{API}{enabled.public_id}/pause/").status_code == 401
    with inside(sonora):
        assert EnabledApp.objects.get().status == EnabledAppStatus.LIVE


def test_sonora_administrator_cannot_see_or_act_on_cdmx_enabled_apps(
    cdmx, sonora, publish, token_of
):
    # given an app enabled by CDMX (its own app) and a Sonora administrator
    version = publish(cdmx)
    cdmx_enabled = _enable(cdmx, version, actor_email="admin@cdmx.gob.mx")
    sonora_token = token_of(sonora)
    client = sonora.client()
    one = f"{API}{cdmx_enabled.public_id}/"

    # when Sonora's administrator guesses CDMX's id on its own host
    responses = [
        client.get(one, **_auth(sonora_token)),
        client.get(f"{one}upgrade/", **_auth(sonora_token)),
        client.post(f"{one}pause/", **_auth(sonora_token)),
        client.post(f"{one}disable/", **_auth(sonora_token)),
        client.post(f"{one}upgrade/", {"version": "1.0.0"}, **_auth(sonora_token)),
        client.put(
            f"{one}local-values/",
            {"local_values": {}},
            content_type="application/json",
            **_auth(sonora_token),
        ),
    ]
    # …or uses its token on CDMX's host (tokens live in each government's schema)
    on_cdmx_host = cdmx.client().post(f"{one}pause/", **_auth(sonora_token))

    # then nothing is found and nothing changed
    assert [r.status_code for r in responses] == [404, 404, 404, 404, 404, 404]
    assert on_cdmx_host.status_code == 401
    assert client.get(API, **_auth(sonora_token)).json()["results"] == []
    with inside(cdmx):
        unchanged = EnabledApp.objects.get()
        assert unchanged.status == EnabledAppStatus.LIVE
        assert unchanged.local_values == REQUIRED_VALUES
        assert unchanged.updated_at == cdmx_enabled.updated_at
        assert EnabledAppEvent.objects.count() == 1


def test_malformed_or_unknown_ids_are_not_found(sonora, token_of):
    token = token_of(sonora)
    client = sonora.client()

    assert client.get(f"{API}not-a-uuid/", **_auth(token)).status_code == 404
    assert (
        client.get(f"{API}00000000-0000-0000-0000-000000000000/", **_auth(token)).status_code == 404
    )


def test_openapi_documents_the_enabled_apps_api(sonora):
    response = sonora.client().get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert sorted(p for p in paths if p.startswith(API)) == [
        "/api/v1/enabled-apps/",
        "/api/v1/enabled-apps/{public_id}/",
        "/api/v1/enabled-apps/{public_id}/disable/",
        "/api/v1/enabled-apps/{public_id}/go-live/",
        "/api/v1/enabled-apps/{public_id}/local-values/",
        "/api/v1/enabled-apps/{public_id}/pause/",
        "/api/v1/enabled-apps/{public_id}/resume/",
        "/api/v1/enabled-apps/{public_id}/upgrade/",
    ]
    assert paths[API]["post"]["operationId"] == "enabled_apps_enable"
