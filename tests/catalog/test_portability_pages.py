"""Where the portability report is shown: the publisher's save, publish and app pages (a
warning, never a refusal), the shared catalogue an adopting government browses before enabling,
and the catalogue API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.utils.html import escape

from catalog.models import AppVersion, CatalogApp
from catalog.services import version_draft_save
from core.actors import Actor, ActorRole
from core.models import Role
from tests.catalog.factories import make_definition
from tests.conftest import TEST_PASSWORD

BASE = "/gestion/publicacion/"
API = "/api/v1/catalog/apps/"
PLANTED = "Domicilio en la Ciudad de México"


@pytest.fixture
def signed_in(make_user):
    def factory(tenant: Any, roles: tuple = (Role.PUBLISHER,)):
        user = make_user(tenant, roles=list(roles))
        client = tenant.client()
        response = client.post(
            "/cuenta/entrar/", {"username": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        return client

    return factory


def _planted(slug: str) -> dict[str, Any]:
    definition = make_definition(slug)
    definition["form"]["steps"][0]["title"] = {"es-MX": PLANTED, "en": "Address"}
    definition["metadata"]["description"] = {
        "es-MX": "Trámite para quien vive en {{entidad.nombre}}.",
        "en": "For people living in {{entidad.nombre}}.",
    }
    return definition


def test_saving_and_publishing_show_the_report_and_do_not_block(cdmx, publish_app, signed_in):
    app = publish_app(cdmx, "constancia").app
    client = signed_in(cdmx)

    saved = client.post(
        f"{BASE}constancia/borrador/",
        {
            "action": "save",
            "version": "1.1.0",
            "definition_text": json.dumps(_planted("constancia")),
        },
        follow=True,
    )

    assert saved.status_code == 200
    page = saved.content.decode()
    assert "Portabilidad" in page
    assert "<code>/form/steps/0/title</code>" in page
    assert "«Ciudad de México»" in page
    assert escape("use {{entidad.nombre}}") in page
    assert "/metadata/description" not in page  # a variable is not a finding
    draft = AppVersion.objects.get(app=app, version="1.1.0")
    score = draft.portability["score"]
    assert 0 < score < 100
    assert f"Portabilidad: {score} de 100" in page
    assert f"Portabilidad {score} de 100: 1 textos nombran a su gobierno" in page

    # The draft's own pages say it too, and publishing warns before and after.
    assert "<code>/form/steps/0/title</code>" in client.get(f"{BASE}constancia/borrador/").text
    publish_page = client.get(f"{BASE}constancia/borrador/publicar/").text
    assert "No impide publicar" in publish_page
    assert "<code>/form/steps/0/title</code>" in publish_page
    published = client.post(
        f"{BASE}constancia/borrador/publicar/",
        {"changelog_es": "Con domicilio.", "changelog_en": "With address."},
        follow=True,
    )
    assert published.status_code == 200
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.portability["findings"][0]["pointer"] == "/form/steps/0/title"
    detail = published.content.decode()
    assert f'<a href="#portabilidad-titulo">{score}/100</a>' in detail
    assert "<code>/form/steps/0/title</code>" in detail
    assert f"<td>{score}/100</td>" in detail  # the versions table
    assert "<td>100/100</td>" in detail  # 1.0.0 named nobody


def test_the_adopter_sees_the_report_before_enabling(cdmx, sonora, publish_app, signed_in):
    version = publish_app(cdmx, "licencia", description="Trámite de la Ciudad de México")
    score = version.portability["score"]
    assert score < 100
    client = signed_in(sonora, roles=(Role.ADMINISTRATOR,))

    listing = client.get("/gestion/catalogo/").text
    detail = client.get("/gestion/catalogo/cdmx/licencia/").text

    assert f"<td>{score}/100</td>" in listing
    assert f"Portabilidad: {score} de 100" in detail
    assert "<code>/metadata/description</code>" in detail
    assert "textos nombra al gobierno que lo publica" in detail
    # Hints are the publisher's business.
    assert "Sugerencia" not in detail


def test_a_version_never_checked_says_so(cdmx, sonora, publish_app, signed_in):
    version = publish_app(cdmx, "antigua")
    AppVersion.objects.filter(pk=version.pk).update(portability={})
    client = signed_in(sonora, roles=(Role.ADMINISTRATOR,))

    assert "Portabilidad: sin calcular" in client.get("/gestion/catalogo/cdmx/antigua/").text


def test_another_government_never_sees_a_drafts_report(cdmx, sonora, publish_app, signed_in):
    publish_app(cdmx, "licencia")
    app = CatalogApp.objects.get(publisher=cdmx.government, slug="licencia")
    version_draft_save(
        app=app,
        version="2.0.0",
        definition=_planted("licencia"),
        actor=Actor.named("e@cdmx.gob.mx", ActorRole.CATALOG_EDITOR, schema="cdmx"),
    )
    client = signed_in(sonora, roles=(Role.ADMINISTRATOR,))

    page = client.get("/gestion/catalogo/cdmx/licencia/?version=2.0.0")
    versions = sonora.client().get(f"{API}cdmx/licencia/versions/").json()
    draft = sonora.client().get(f"{API}cdmx/licencia/versions/2.0.0/")
    publisher_page = client.get(f"{BASE}licencia/")

    assert "/form/steps/0/title" not in page.content.decode()
    assert [v["version"] for v in versions] == ["1.0.0"]
    assert draft.status_code == 404
    assert publisher_page.status_code == 404


def test_the_api_carries_the_report(cdmx, sonora, publish_app):
    version = publish_app(cdmx, "licencia", description="Trámite de la Ciudad de México")
    publish_app(cdmx, "limpia")
    client = sonora.client()

    listing = {a["slug"]: a for a in client.get(API).json()["results"]}
    detail = client.get(f"{API}cdmx/licencia/").json()
    versions = client.get(f"{API}cdmx/licencia/versions/").json()
    one = client.get(f"{API}cdmx/licencia/versions/1.0.0/").json()

    score = version.portability["score"]
    assert listing["licencia"]["portability_score"] == score
    assert listing["limpia"]["portability_score"] == 100
    assert detail["portability_score"] == score
    assert detail["portability"]["score"] == score
    assert detail["portability"]["findings"][0] == {
        "pointer": "/metadata/description",
        "language": "es-MX",
        "term": "Ciudad de México",
        "kind": "entity",
        "excerpt": "Trámite de la Ciudad de México",
    }
    assert versions[0]["portability"]["score"] == score
    assert one["portability"] == version.portability


def test_the_api_schema_documents_the_field(cdmx):
    schema = cdmx.client().get("/api/schema/", HTTP_ACCEPT="application/json").json()

    components = schema["components"]["schemas"]
    assert "portability_score" in components["AppOutput"]["properties"]
    assert "portability" in components["VersionOutput"]["properties"]
    assert set(components["PortabilityOutput"]["properties"]) == {
        "score",
        "texts",
        "findings",
        "checked_at",
    }


def test_the_report_reads_in_english(cdmx, publish_app, signed_in):
    publish_app(cdmx, "licencia", description="Trámite de la Ciudad de México")
    client = signed_in(cdmx)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(f"{BASE}licencia/").content.decode()

    assert "Portability: " in page
    assert "out of 100" in page
    assert "texts names your government" in page
    assert escape("use {{entidad.nombre}}") in page
    assert "state" in page
