"""The catalogue API as the contract: visibility per host, bundle download, publishing rights."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from rest_framework.authtoken.models import Token

from catalog.models import AppVersion, CatalogApp, CatalogAuditEvent
from catalog.services import app_create
from core.models import Role
from tests.catalog.factories import make_bundle, make_definition

API = "/api/v1/catalog/apps/"


@pytest.fixture
def cdmx_apps(cdmx, publish_app):
    for policy in ("public", "agreement", "private"):
        publish_app(cdmx, f"app-{policy}", policy=policy, name=f"Licencia {policy}")


def token_for(tenant, make_user, roles) -> str:
    user = make_user(tenant, roles=roles)
    with schema_context(tenant.schema_name):
        return Token.objects.create(user=user).key


def test_anonymous_list_on_a_tenant_host_shows_what_that_government_may_see(
    cdmx, sonora, cdmx_apps
):
    cdmx_list = cdmx.client().get(API).json()
    sonora_list = sonora.client().get(API).json()

    assert sorted(a["slug"] for a in cdmx_list["results"]) == [
        "app-agreement",
        "app-private",
        "app-public",
    ]
    assert [a["slug"] for a in sonora_list["results"]] == ["app-public"]
    first = sonora_list["results"][0]
    assert first["publisher"] == "cdmx"
    assert first["latest_version"] == "1.0.0"
    assert first["name"] == {"es-MX": "Licencia public", "en": "Licencia public"}
    assert first["sharing_policy"] == "public"


def test_base_domain_lists_only_public_apps(cdmx_apps, client):
    response = client.get(API, HTTP_HOST="localhost")

    assert response.status_code == 200
    assert [a["slug"] for a in response.json()["results"]] == ["app-public"]


def test_list_query_count_does_not_grow_with_apps(sonora, publish_app, cdmx):
    for number in range(3):
        publish_app(cdmx, f"app-{number}")
    sonora.client().get(API)  # warm the host → tenant cache
    with CaptureQueriesContext(connection) as few:
        sonora.client().get(API)
    for number in range(3, 9):
        publish_app(cdmx, f"app-{number}")
    with CaptureQueriesContext(connection) as many:
        response = sonora.client().get(API)

    assert response.json()["count"] == 9
    assert len(many) == len(few) <= 3  # search_path, count, page


def test_search_and_filters(sonora, cdmx, publish_app):
    publish_app(
        cdmx,
        "licencia-conducir",
        name="Licencia de conducir",
        synonyms=["permiso"],
        category="movilidad",
    )
    publish_app(cdmx, "acta", name="Acta de nacimiento", category="registro-civil")

    found = sonora.client().get(API, {"q": "licencias"}).json()["results"]
    by_synonym = sonora.client().get(API, {"q": "permiso"}).json()["results"]
    by_category = sonora.client().get(API, {"category": "registro-civil"}).json()["results"]

    assert [a["slug"] for a in found] == ["licencia-conducir"]
    assert [a["slug"] for a in by_synonym] == ["licencia-conducir"]
    assert [a["slug"] for a in by_category] == ["acta"]


def test_retrieve_hides_what_the_host_may_not_see(cdmx, sonora, cdmx_apps):
    assert sonora.client().get(f"{API}cdmx/app-public/").status_code == 200
    assert sonora.client().get(f"{API}cdmx/app-agreement/").status_code == 404
    assert sonora.client().get(f"{API}cdmx/app-private/").status_code == 404
    detail = cdmx.client().get(f"{API}cdmx/app-private/").json()
    assert detail["may_adopt"] is True
    assert sonora.client().get(f"{API}cdmx/app-public/").json()["may_adopt"] is True


def test_versions_and_version_detail(sonora, cdmx, publish_app):
    publish_app(cdmx, "constancia")
    publish_app(cdmx, "constancia", version="1.1.0")

    versions = sonora.client().get(f"{API}cdmx/constancia/versions/").json()
    detail = sonora.client().get(f"{API}cdmx/constancia/versions/1.0.0/").json()

    assert [(v["version"], v["status"]) for v in versions] == [
        ("1.1.0", "published"),
        ("1.0.0", "published"),
    ]
    assert detail["definition"] == make_definition("constancia")
    assert sonora.client().get(f"{API}cdmx/constancia/versions/9.9.9/").status_code == 404


def test_bundle_download(sonora, cdmx, publish_app):
    publish_app(cdmx, "constancia")

    response = sonora.client().get(f"{API}cdmx/constancia/bundle/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="cdmx-constancia.json"'
    bundle = json.loads(response.content)
    assert bundle["app"] == {"slug": "constancia", "sharing_policy": "public"}
    assert [v["version"] for v in bundle["versions"]] == ["1.0.0"]
    assert bundle["versions"][0]["definition"] == make_definition("constancia")


def test_bundle_of_an_invisible_app_is_not_found(sonora, cdmx_apps):
    assert sonora.client().get(f"{API}cdmx/app-private/bundle/").status_code == 404


def test_openapi_schema_and_docs(cdmx, client):
    schema = cdmx.client().get("/api/schema/", HTTP_ACCEPT="application/json")
    docs = client.get("/api/docs/", HTTP_HOST="localhost")

    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/catalog/apps/{publisher}/{slug}/versions/{version}/publish/" in paths
    description = paths["/api/v1/catalog/apps/"]["get"]["description"]
    assert description.startswith("Apps of the catalogue that this host's government may see")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content


# --- publishing -----------------------------------------------------------------------------


def publish_flow(client, token: str) -> list[int]:
    """Create an app, save a draft, publish it: the three writes, with the token."""
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    statuses = [
        client.post(
            API,
            {"slug": "nueva", "sharing_policy": "public"},
            content_type="application/json",
            **auth,
        ).status_code,
        client.post(
            f"{API}cdmx/nueva/versions/",
            {"version": "1.0.0", "definition": make_definition("nueva")},
            content_type="application/json",
            **auth,
        ).status_code,
        client.post(
            f"{API}cdmx/nueva/versions/1.0.0/publish/",
            {"changelog": {"es-MX": "Primera", "en": "First"}},
            content_type="application/json",
            **auth,
        ).status_code,
    ]
    return statuses


@pytest.mark.parametrize("role", [Role.PUBLISHER, Role.ADMINISTRATOR])
def test_publisher_publishes_with_a_token_on_its_own_host(cdmx, sonora, make_user, role):
    token = token_for(cdmx, make_user, [role])

    assert publish_flow(cdmx.client(), token) == [201, 201, 200]

    version = AppVersion.objects.get(app__publisher=cdmx.government, app__slug="nueva")
    assert version.is_published
    assert version.published_by_schema == "cdmx"
    assert CatalogAuditEvent.objects.filter(action="version_published", version=version).exists()
    listed = sonora.client().get(API).json()["results"]
    assert [a["slug"] for a in listed] == ["nueva"]


def test_publishing_requires_authentication(cdmx):
    response = cdmx.client().post(
        API, {"slug": "nueva", "sharing_policy": "public"}, content_type="application/json"
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not CatalogApp.objects.exists()


def test_case_officer_may_not_publish(cdmx, make_user):
    token = token_for(cdmx, make_user, [Role.CASE_OFFICER])

    assert publish_flow(cdmx.client(), token) == [403, 403, 403]
    assert not CatalogApp.objects.exists()


def test_sonora_publisher_cannot_touch_a_cdmx_app(cdmx, sonora, make_user, actor_of):
    # given: a CDMX app with a draft, and a Sonora publisher's token
    app = app_create(
        publisher=cdmx.government, slug="nueva", sharing_policy="public", actor=actor_of(cdmx)
    )
    token = token_for(sonora, make_user, [Role.PUBLISHER])
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    draft_body = {"version": "1.0.0", "definition": make_definition("nueva")}
    audit_before = CatalogAuditEvent.objects.count()
    # when: on its own host, aiming at CDMX's app
    on_sonora = [
        sonora.client()
        .post(f"{API}cdmx/nueva/versions/", draft_body, content_type="application/json", **auth)
        .status_code,
        sonora.client()
        .post(f"{API}cdmx/nueva/deprecate/", {}, content_type="application/json", **auth)
        .status_code,
    ]
    # ...and on CDMX's host, where its token means nothing
    on_cdmx = [
        cdmx.client()
        .post(f"{API}cdmx/nueva/versions/", draft_body, content_type="application/json", **auth)
        .status_code,
        cdmx.client()
        .post(f"{API}cdmx/nueva/deprecate/", {}, content_type="application/json", **auth)
        .status_code,
    ]
    # then
    assert on_sonora == [404, 404]
    assert on_cdmx == [401, 401]
    app.refresh_from_db()
    assert not app.versions.exists()
    assert app.deprecated_at is None
    assert CatalogAuditEvent.objects.count() == audit_before


def test_published_version_cannot_be_published_again_or_redrafted(cdmx, make_user, publish_app):
    publish_app(cdmx, "constancia")
    token = token_for(cdmx, make_user, [Role.PUBLISHER])
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}

    again = cdmx.client().post(
        f"{API}cdmx/constancia/versions/1.0.0/publish/",
        {"changelog": {"es-MX": "Otra"}},
        content_type="application/json",
        **auth,
    )
    redraft = cdmx.client().post(
        f"{API}cdmx/constancia/versions/",
        {"version": "1.0.0", "definition": make_definition("constancia")},
        content_type="application/json",
        **auth,
    )

    assert again.status_code == 400
    assert again.json()["errors"][0]["code"] == "catalog.version_already_published"
    assert redraft.status_code == 400
    assert redraft.json()["errors"][0]["code"] == "catalog.version_already_published"


def test_invalid_draft_returns_located_errors_and_saves_nothing(cdmx, make_user, actor_of):
    app_create(
        publisher=cdmx.government, slug="nueva", sharing_policy="public", actor=actor_of(cdmx)
    )
    token = token_for(cdmx, make_user, [Role.PUBLISHER])
    definition = make_definition("nueva")
    definition["ficta"] = "tal-vez"

    response = cdmx.client().post(
        f"{API}cdmx/nueva/versions/",
        {"version": "1.0.0", "definition": definition},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["location"] == "/definition/ficta"
    assert set(error) == {"code", "location", "message_es", "message_en"}
    assert not AppVersion.objects.exists()


def test_publisher_sees_its_draft_but_anonymous_does_not(cdmx, make_user, actor_of):
    from catalog.services import version_draft_save

    app = app_create(
        publisher=cdmx.government, slug="nueva", sharing_policy="public", actor=actor_of(cdmx)
    )
    version_draft_save(
        app=app, version="1.0.0", definition=make_definition("nueva"), actor=actor_of(cdmx)
    )
    token = token_for(cdmx, make_user, [Role.PUBLISHER])

    staff = cdmx.client().get(f"{API}cdmx/nueva/versions/", HTTP_AUTHORIZATION=f"Token {token}")
    anonymous = cdmx.client().get(f"{API}cdmx/nueva/versions/")

    assert [(v["version"], v["status"]) for v in staff.json()] == [("1.0.0", "draft")]
    assert anonymous.status_code == 404


def test_deprecate_via_api(cdmx, make_user, publish_app):
    publish_app(cdmx, "constancia")
    token = token_for(cdmx, make_user, [Role.PUBLISHER])

    response = cdmx.client().post(
        f"{API}cdmx/constancia/deprecate/",
        {"reason": "Se sustituye"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )

    assert response.status_code == 200
    assert response.json()["deprecated"] is True
    assert response.json()["may_adopt"] is False


def test_token_on_the_base_domain_is_ignored_not_a_server_error(client, cdmx_apps):
    response = client.get(API, HTTP_HOST="localhost", HTTP_AUTHORIZATION="Token abc")

    assert response.status_code == 200


def test_bundle_format_of_the_api_matches_the_import_contract(cdmx, sonora, publish_app):
    publish_app(cdmx, "constancia")

    bundle = json.loads(sonora.client().get(f"{API}cdmx/constancia/bundle/").content)

    assert set(bundle) == set(make_bundle("x"))
