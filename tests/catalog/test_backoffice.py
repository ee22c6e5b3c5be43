"""The publisher's back office (/gestion/publicacion/ on the publisher's own site): roles, isolation
between governments, located definition errors, drafts, previews, publishing, deprecation."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from catalog.models import AppVersion, AuditAction, CatalogApp, CatalogAuditEvent
from core.models import Role
from tests.catalog.factories import make_definition
from tests.conftest import TEST_PASSWORD

BASE = "/gestion/publicacion/"


@pytest.fixture
def signed_in(make_user):
    """signed_in(tenant, roles=[...]) → a client of that government, signed in as a new user."""

    def factory(tenant, roles=(Role.PUBLISHER,), email=None):
        user = make_user(tenant, roles=list(roles), email=email)
        client = tenant.client()
        response = client.post(
            "/cuenta/entrar/", {"username": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        return client

    return factory


def _pages(slug: str, version: str = "1.0.0") -> list[str]:
    """Every GET page of the back office about `slug`, plus the list and the new-app page."""
    return [
        BASE,
        f"{BASE}nuevo/",
        f"{BASE}{slug}/",
        f"{BASE}{slug}/borrador/",
        f"{BASE}{slug}/desuso/",
        f"{BASE}{slug}/versiones/{version}/vista-previa/",
    ]


def _catalogue_state(app: CatalogApp) -> tuple:
    app.refresh_from_db()
    return (
        app.sharing_policy,
        app.deprecated_at,
        app.latest_version_id,
        list(app.versions.order_by("pk").values_list("version", "published_at", "definition")),
        CatalogAuditEvent.objects.filter(app=app).count(),
    )


def _draft(app: CatalogApp) -> AppVersion | None:
    return app.versions.filter(published_at__isnull=True).first()


# --- roles --------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_on_every_page(cdmx, publish_app):
    publish_app(cdmx, "constancia")
    client = cdmx.client()
    posts = [f"{BASE}constancia/politica/", f"{BASE}constancia/borrador/publicar/"]

    responses = [client.get(url) for url in _pages("constancia")]
    responses += [client.post(url) for url in posts]

    assert [r.status_code for r in responses] == [302] * 8
    assert all(r["Location"].startswith("/cuenta/entrar/?next=") for r in responses)


def test_case_officers_are_refused_every_page(cdmx, publish_app, signed_in):
    version = publish_app(cdmx, "constancia")
    client = signed_in(cdmx, roles=[Role.CASE_OFFICER])
    before = _catalogue_state(version.app)

    gets = [client.get(url).status_code for url in _pages("constancia")]
    posts = [
        client.post(f"{BASE}constancia/politica/", {"sharing_policy": "private"}).status_code,
        client.post(f"{BASE}constancia/desuso/", {"reason": ""}).status_code,
        client.post(
            f"{BASE}constancia/borrador/",
            {"version": "2.0.0", "definition_text": json.dumps(make_definition("constancia"))},
        ).status_code,
    ]

    assert gets == [403] * 6
    assert posts == [403] * 3
    assert _catalogue_state(version.app) == before


@pytest.mark.parametrize("role", [Role.PUBLISHER, Role.ADMINISTRATOR])
def test_publishers_and_administrators_open_every_page(cdmx, publish_app, signed_in, role):
    publish_app(cdmx, "constancia")
    client = signed_in(cdmx, roles=[role])

    statuses = [client.get(url).status_code for url in _pages("constancia")]

    assert statuses == [200] * 6


def test_auditors_read_lists_and_previews_but_change_nothing(cdmx, publish_app, signed_in):
    version = publish_app(cdmx, "constancia")
    client = signed_in(cdmx, roles=[Role.AUDITOR])
    before = _catalogue_state(version.app)

    reads = [
        client.get(url).status_code
        for url in (BASE, f"{BASE}constancia/", f"{BASE}constancia/versiones/1.0.0/vista-previa/")
    ]
    writes = [
        client.get(f"{BASE}nuevo/").status_code,
        client.get(f"{BASE}constancia/borrador/").status_code,
        client.post(f"{BASE}constancia/desuso/").status_code,
        client.post(f"{BASE}constancia/politica/", {"sharing_policy": "private"}).status_code,
    ]
    detail = client.get(f"{BASE}constancia/")

    assert reads == [200, 200, 200]
    assert writes == [403, 403, 403, 403]
    assert "Dejar en desuso" not in detail.text
    assert "Nuevo trámite" not in client.get(BASE).text
    assert _catalogue_state(version.app) == before


def test_the_back_office_home_links_publishers_to_their_catalogue(cdmx, signed_in):
    publisher = signed_in(cdmx, roles=[Role.PUBLISHER])
    officer = signed_in(cdmx, roles=[Role.CASE_OFFICER])

    assert f'href="{BASE}"' in publisher.get("/gestion/").text
    assert f'href="{BASE}"' not in officer.get("/gestion/").text


# --- isolation ----------------------------------------------------------------------------------


def test_sonora_cannot_see_or_change_cdmx_apps_by_url(cdmx, sonora, publish_app, signed_in):
    # given a published CDMX app with a pending draft
    version = publish_app(cdmx, "constancia-cdmx")
    app = version.app
    from catalog.services import version_draft_save
    from core.actors import Actor, ActorRole

    version_draft_save(
        app=app,
        version="1.1.0",
        definition=make_definition("constancia-cdmx"),
        actor=Actor.named("editor@cdmx.gob.mx", ActorRole.CATALOG_EDITOR, schema=cdmx.schema_name),
    )
    before = _catalogue_state(app)
    client = signed_in(sonora, roles=[Role.ADMINISTRATOR])

    # when a Sonora administrator tries every URL of it on Sonora's site
    gets = [client.get(url).status_code for url in _pages("constancia-cdmx")[2:]]
    gets.append(client.get(f"{BASE}constancia-cdmx/versiones/1.1.0/vista-previa/").status_code)
    posts = [
        client.post(f"{BASE}constancia-cdmx/politica/", {"sharing_policy": "private"}),
        client.post(f"{BASE}constancia-cdmx/desuso/", {"reason": "ajeno"}),
        client.post(
            f"{BASE}constancia-cdmx/borrador/",
            {
                "action": "save",
                "version": "1.2.0",
                "definition_text": json.dumps(make_definition("constancia-cdmx")),
            },
        ),
        client.post(f"{BASE}constancia-cdmx/borrador/publicar/", {"changelog_es": "Ajeno"}),
    ]
    listing = client.get(BASE)

    # then the app does not exist for Sonora, and nothing changed
    assert gets == [404] * 5
    assert [r.status_code for r in posts] == [404] * 4
    assert "constancia-cdmx" not in listing.text
    assert _catalogue_state(app) == before


def test_a_sonora_app_with_the_same_slug_is_sonoras_own(cdmx, sonora, publish_app, signed_in):
    publish_app(cdmx, "constancia", name="Constancia de la capital")
    publish_app(sonora, "constancia", name="Constancia sonorense")
    client = signed_in(sonora)

    detail = client.get(f"{BASE}constancia/")

    assert "Constancia sonorense" in detail.text
    assert "Constancia de la capital" not in detail.text


# --- list ---------------------------------------------------------------------------------------


def test_list_shows_own_apps_with_their_state(cdmx, sonora, publish_app, signed_in):
    # given one published app with a pending draft, one draft-only app, one deprecated app
    from catalog.services import app_create, app_deprecate, version_draft_save
    from core.actors import Actor, ActorRole

    actor = Actor.named("editor@cdmx.gob.mx", ActorRole.CATALOG_EDITOR, schema=cdmx.schema_name)
    published = publish_app(cdmx, "constancia-publicada", name="Constancia publicada").app
    version_draft_save(
        app=published,
        version="1.1.0",
        definition=make_definition("constancia-publicada", name="Constancia publicada"),
        actor=actor,
    )
    draft_only = app_create(
        publisher=cdmx.government, slug="solo-borrador", sharing_policy="private", actor=actor
    )
    version_draft_save(
        app=draft_only,
        version="1.0.0",
        definition=make_definition("solo-borrador", name="Solo borrador"),
        actor=actor,
    )
    app_deprecate(app=publish_app(cdmx, "vieja", name="Constancia vieja").app, actor=actor)
    publish_app(sonora, "de-sonora", name="Trámite de Sonora")
    client = signed_in(cdmx)

    # when
    response = client.get(BASE)

    # then
    rows = response.text.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 3
    assert "Trámite de Sonora" not in response.text
    assert "Nuevo trámite" in response.text
    publicada = next(r for r in rows if "Constancia publicada" in r)
    assert "1.0.0" in publicada and "Sí, 1.1.0" in publicada and "Publicado" in publicada
    solo = next(r for r in rows if "Solo borrador" in r)
    assert "Sin publicar" in solo and "Privada" in solo and "Sí, 1.0.0" in solo
    vieja = next(r for r in rows if "Constancia vieja" in r)
    assert "En desuso" in vieja
    assert all("<td>0</td>" in row for row in rows)  # nobody adopted them


def test_list_search_finds_by_name(cdmx, publish_app, signed_in):
    publish_app(cdmx, "licencia", name="Licencia de conducir")
    publish_app(cdmx, "acta", name="Acta de nacimiento")
    client = signed_in(cdmx)

    response = client.get(BASE, {"q": "licencia"})

    assert "Licencia de conducir" in response.text
    assert "Acta de nacimiento" not in response.text
    assert 'value="licencia"' in response.text


def test_list_queries_do_not_grow_with_the_number_of_apps(
    cdmx, publish_app, signed_in, django_assert_max_num_queries
):
    client = signed_in(cdmx)
    publish_app(cdmx, "uno")
    client.get(BASE)
    for slug in ("dos", "tres", "cuatro", "cinco"):
        publish_app(cdmx, slug)

    with django_assert_max_num_queries(12):
        response = client.get(BASE)

    assert response.text.count("<tr>") == 6  # header + five apps


# --- new app ------------------------------------------------------------------------------------


def _counts() -> tuple[int, int, int]:
    return CatalogApp.objects.count(), AppVersion.objects.count(), CatalogAuditEvent.objects.count()


def test_new_app_with_a_valid_definition_creates_the_app_and_its_first_draft(cdmx, signed_in):
    client = signed_in(cdmx, email="editora@cdmx.gob.mx")
    definition = make_definition("constancia-nueva", name="Constancia nueva")

    response = client.post(
        f"{BASE}nuevo/",
        {
            "slug": "constancia-nueva",
            "sharing_policy": "agreement",
            "version": "1.0.0",
            "definition_text": json.dumps(definition),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{BASE}constancia-nueva/"
    app = CatalogApp.objects.get(publisher=cdmx.government, slug="constancia-nueva")
    assert app.sharing_policy == "agreement"
    assert app.title == "Constancia nueva"
    assert app.latest_version is None
    draft = _draft(app)
    assert draft.version == "1.0.0"
    assert draft.definition == definition
    assert draft.created_by_email == "editora@cdmx.gob.mx"
    assert draft.created_by_schema == cdmx.schema_name
    assert list(
        CatalogAuditEvent.objects.filter(app=app).order_by("pk").values_list("action", flat=True)
    ) == [AuditAction.APP_CREATED, AuditAction.DRAFT_SAVED]


def test_new_app_with_an_invalid_definition_shows_every_located_error_and_saves_nothing(
    cdmx, signed_in
):
    # given a definition with two problems: a field without a type, and a wrong initial state
    client = signed_in(cdmx)
    definition = make_definition("constancia-mala")
    del definition["form"]["steps"][0]["fields"][0]["type"]
    definition["workflow"]["initial"] = "inexistente"
    typed = json.dumps(definition, indent=2)
    before = _counts()

    # when
    response = client.post(
        f"{BASE}nuevo/",
        {
            "slug": "constancia-mala",
            "sharing_policy": "public",
            "version": "1.0.0",
            "definition_text": typed,
        },
    )

    # then the page shows each error with its JSON pointer, keeps the text, and saves nothing
    assert response.status_code == 200
    text = response.text
    assert (
        "<code>/form/steps/0/fields/0/type</code>: Falta la propiedad obligatoria «type»." in text
    )
    assert "<code>/workflow/initial</code>" in text
    assert "Hay 2 problemas que corregir" in text
    assert 'href="#id_definition_text"' in text
    assert 'aria-invalid="true"' in text
    assert json.dumps(definition, indent=2).replace('"', "&quot;") in text
    assert _counts() == before


def test_new_app_shows_slug_and_json_errors_together(cdmx, signed_in):
    client = signed_in(cdmx)
    before = _counts()

    response = client.post(
        f"{BASE}nuevo/",
        {
            "slug": "Mal Slug",
            "sharing_policy": "public",
            "version": "1.0.0",
            "definition_text": '{"schema_version": 1,',
        },
    )

    text = response.text
    assert response.status_code == 200
    assert "Hay 2 problemas que corregir" in text
    assert 'href="#id_slug"' in text
    assert "El identificador usa minúsculas, dígitos y guiones" in text
    assert "JSON no válido en la línea 1" in text
    assert "{&quot;schema_version&quot;: 1," in text
    assert _counts() == before


def test_new_app_with_a_taken_slug_keeps_the_existing_app(cdmx, publish_app, signed_in):
    publish_app(cdmx, "constancia")
    client = signed_in(cdmx)
    before = _counts()

    response = client.post(
        f"{BASE}nuevo/",
        {
            "slug": "constancia",
            "sharing_policy": "public",
            "version": "1.0.0",
            "definition_text": json.dumps(make_definition("constancia")),
        },
    )

    assert response.status_code == 200
    assert "Ya existe una app «constancia»" in response.text
    assert _counts() == before


def test_new_app_whose_definition_names_another_slug_saves_nothing(cdmx, signed_in):
    client = signed_in(cdmx)
    before = _counts()

    response = client.post(
        f"{BASE}nuevo/",
        {
            "slug": "constancia-a",
            "sharing_policy": "public",
            "version": "1.0.0",
            "definition_text": json.dumps(make_definition("constancia-b")),
        },
    )

    assert "<code>/metadata/slug</code>" in response.text
    assert _counts() == before


def test_new_app_errors_are_in_english_for_the_english_interface(cdmx, signed_in):
    client = signed_in(cdmx)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    definition = make_definition("constancia-mala")
    definition["workflow"]["initial"] = "inexistente"

    response = client.post(
        f"{BASE}nuevo/",
        {
            "slug": "constancia-mala",
            "sharing_policy": "public",
            "version": "1.0.0",
            "definition_text": json.dumps(definition),
        },
    )

    assert "<code>/workflow/initial</code>" in response.text
    assert '<html lang="en">' in response.text
    located = response.text.split("<code>/workflow/initial</code>: ")[1].split("<")[0]
    assert located.isascii()


def test_new_app_from_an_uploaded_file(cdmx, signed_in):
    client = signed_in(cdmx)
    definition = make_definition("desde-archivo", name="Desde archivo")
    upload = SimpleUploadedFile(
        "desde-archivo.json",
        json.dumps(definition, ensure_ascii=False).encode("utf-8"),
        content_type="application/json",
    )

    response = client.post(
        f"{BASE}nuevo/",
        {
            "slug": "desde-archivo",
            "sharing_policy": "public",
            "version": "1.0.0",
            "definition_text": "",
            "definition_file": upload,
        },
    )

    assert response.status_code == 302
    app = CatalogApp.objects.get(publisher=cdmx.government, slug="desde-archivo")
    assert _draft(app).definition == definition


def test_an_uploaded_file_that_is_not_utf8_is_refused(cdmx, signed_in):
    client = signed_in(cdmx)
    before = _counts()

    response = client.post(
        f"{BASE}nuevo/",
        {
            "slug": "binario",
            "sharing_policy": "public",
            "version": "1.0.0",
            "definition_file": SimpleUploadedFile("x.json", b"\xff\xfe\x00{"),
        },
    )

    assert response.status_code == 200
    assert "El archivo debe ser texto JSON en UTF-8." in response.text
    assert 'href="#id_definition_file"' in response.text
    assert _counts() == before


def test_new_app_without_any_definition_asks_for_one(cdmx, signed_in):
    client = signed_in(cdmx)

    response = client.post(
        f"{BASE}nuevo/", {"slug": "vacio", "sharing_policy": "public", "version": "1.0.0"}
    )

    assert "Pegue la definición en JSON o suba un archivo .json." in response.text
    assert not CatalogApp.objects.filter(slug="vacio").exists()


# --- drafts, previews and publishing ------------------------------------------------------------


def test_new_draft_is_prefilled_from_the_latest_version_with_a_minor_bump(
    cdmx, publish_app, signed_in
):
    publish_app(cdmx, "constancia", version="1.4.2", name="Constancia prellenada")
    client = signed_in(cdmx)

    response = client.get(f"{BASE}constancia/borrador/")

    assert 'value="1.5.0"' in response.text
    assert "Constancia prellenada" in response.text
    assert "Nueva versión" in response.text


def test_invalid_draft_shows_located_errors_and_saves_nothing(cdmx, publish_app, signed_in):
    app = publish_app(cdmx, "constancia").app
    client = signed_in(cdmx)
    definition = make_definition("constancia")
    definition["form"]["steps"][0]["fields"][0]["type"] = "no-existe"
    before = _catalogue_state(app)

    response = client.post(
        f"{BASE}constancia/borrador/",
        {"action": "save", "version": "1.0.0", "definition_text": json.dumps(definition)},
    )

    assert response.status_code == 200
    assert "<code>/form/steps/0/fields/0/type</code>" in response.text
    assert "La versión 1.0.0 ya está publicada." in response.text
    assert 'href="#id_version"' in response.text
    assert _catalogue_state(app) == before


def test_preview_of_a_typed_definition_saves_nothing(cdmx, publish_app, signed_in):
    app = publish_app(cdmx, "constancia").app
    client = signed_in(cdmx)
    definition = make_definition("constancia")
    definition["form"]["steps"][0]["fields"][0]["label"]["es-MX"] = "Nombre completo nuevo"
    before = _catalogue_state(app)

    response = client.post(
        f"{BASE}constancia/borrador/",
        {"action": "preview", "version": "1.1.0", "definition_text": json.dumps(definition)},
    )

    assert response.status_code == 200
    assert "Vista previa (sin guardar)" in response.text
    assert '<label for="campo-nombre">Nombre completo nuevo' in response.text
    assert _catalogue_state(app) == before


def test_draft_then_publish_through_the_pages(cdmx, publish_app, signed_in):
    # given a published app
    app = publish_app(cdmx, "constancia").app
    client = signed_in(cdmx, email="publicadora@cdmx.gob.mx")
    definition = make_definition("constancia", name="Constancia mejorada")

    # when the publisher saves a draft 1.1.0
    saved = client.post(
        f"{BASE}constancia/borrador/",
        {"action": "save", "version": "1.1.0", "definition_text": json.dumps(definition)},
    )

    # then it is a draft, and the page goes to its preview
    assert saved.status_code == 302
    assert saved["Location"] == f"{BASE}constancia/versiones/1.1.0/vista-previa/"
    draft = _draft(app)
    assert draft.version == "1.1.0"
    preview = client.get(saved["Location"])
    assert "Así verá el formulario la ciudadanía" in preview.text
    assert '<label for="campo-nombre">Nombre' in preview.text
    assert f'href="{BASE}constancia/borrador/publicar/"' in preview.text

    # when it publishes it with a changelog
    published = client.post(
        f"{BASE}constancia/borrador/publicar/",
        {"changelog_es": "Nombre más claro.", "changelog_en": "Clearer name."},
    )

    # then the version is published, the app lists it, and the audit trail says who did it
    assert published.status_code == 302
    assert published["Location"] == f"{BASE}constancia/"
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.changelog == {"es-MX": "Nombre más claro.", "en": "Clearer name."}
    app.refresh_from_db()
    assert app.latest_version_id == draft.pk
    assert app.title == "Constancia mejorada"
    event = CatalogAuditEvent.objects.get(action=AuditAction.VERSION_PUBLISHED, version=draft)
    assert (event.actor_email, event.actor_schema) == ("publicadora@cdmx.gob.mx", cdmx.schema_name)
    detail = client.get(published["Location"])
    assert "Versión 1.1.0 publicada." in detail.text
    assert "Nombre más claro." in detail.text
    assert _draft(app) is None


def test_publishing_needs_a_spanish_changelog(cdmx, publish_app, signed_in):
    from catalog.services import version_draft_save
    from core.actors import Actor, ActorRole

    app = publish_app(cdmx, "constancia").app
    version_draft_save(
        app=app,
        version="2.0.0",
        definition=make_definition("constancia"),
        actor=Actor.named("editor@cdmx.gob.mx", ActorRole.CATALOG_EDITOR, schema=cdmx.schema_name),
    )
    client = signed_in(cdmx)
    before = _catalogue_state(app)

    response = client.post(
        f"{BASE}constancia/borrador/publicar/", {"changelog_es": "  ", "changelog_en": "Only"}
    )

    assert response.status_code == 200
    assert "Escriba las notas de la versión en español." in response.text
    assert 'href="#id_changelog_es"' in response.text
    assert _catalogue_state(app) == before


def test_published_versions_are_read_only(cdmx, publish_app, signed_in):
    publish_app(cdmx, "constancia")
    client = signed_in(cdmx)

    detail = client.get(f"{BASE}constancia/")
    preview = client.get(f"{BASE}constancia/versiones/1.0.0/vista-previa/")
    publish = client.get(f"{BASE}constancia/borrador/publicar/")

    assert "Las versiones publicadas no se pueden modificar" in detail.text
    assert "Editar" not in detail.text.split("<tbody>")[1].split("</tbody>")[0]
    assert "Preparar una versión nueva" in detail.text
    assert "ya no se puede modificar" in preview.text
    assert "Editar borrador" not in preview.text
    assert publish.status_code == 302  # no draft to publish


def test_preview_of_an_unknown_version_is_not_found(cdmx, publish_app, signed_in):
    publish_app(cdmx, "constancia")
    client = signed_in(cdmx)

    assert client.get(f"{BASE}constancia/versiones/9.9.9/vista-previa/").status_code == 404


# --- sharing policy and deprecation -------------------------------------------------------------


def test_sharing_policy_change(cdmx, publish_app, signed_in):
    app = publish_app(cdmx, "constancia").app
    client = signed_in(cdmx)

    response = client.post(f"{BASE}constancia/politica/", {"sharing_policy": "agreement"})

    assert response.status_code == 302
    app.refresh_from_db()
    assert app.sharing_policy == "agreement"
    assert CatalogAuditEvent.objects.filter(
        app=app, action=AuditAction.SHARING_POLICY_CHANGED
    ).exists()


def test_deprecate_after_confirming(cdmx, publish_app, signed_in):
    app = publish_app(cdmx, "constancia").app
    client = signed_in(cdmx)

    confirm = client.get(f"{BASE}constancia/desuso/")
    response = client.post(f"{BASE}constancia/desuso/", {"reason": "Lo reemplaza otro trámite."})

    assert "¿Dejar «Constancia de prueba» en desuso?" in confirm.text
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.is_deprecated
    event = CatalogAuditEvent.objects.get(app=app, action=AuditAction.APP_DEPRECATED)
    assert event.data == {"reason": "Lo reemplaza otro trámite."}
    detail = client.get(f"{BASE}constancia/")
    assert "En desuso desde" in detail.text
    assert "Preparar una versión nueva" not in detail.text
    assert client.get(f"{BASE}constancia/borrador/").status_code == 302


# --- adoption -----------------------------------------------------------------------------------


def test_the_publisher_sees_who_adopted_its_app_with_version_and_case_counts(
    cdmx, sonora, publish_app, signed_in
):
    # given Sonora runs CDMX's app on version 1.0.0 with two cases filed (rows made directly in
    # Sonora's schema: apps_registry has no enabling service yet)
    from apps_registry.models import EnabledApp, EnabledAppStatus
    from cases.models import Case

    version = publish_app(cdmx, "constancia")
    publish_app(cdmx, "constancia", version="1.1.0")
    with schema_context(sonora.schema_name):
        enabled = EnabledApp.objects.create(
            catalog_app=version.app, version=version, status=EnabledAppStatus.LIVE
        )
        for number in (1, 2):
            Case.objects.create(
                enabled_app=enabled, version=version, folio=f"SON-{number}", status="recibida"
            )
    client = signed_in(cdmx)

    # when
    detail = client.get(f"{BASE}constancia/")
    listing = client.get(BASE)

    # then the adoption table shows Sonora, its pinned version, its state and the number of cases
    table = detail.text.split('id="adopcion-titulo"')[1].split("</table>")[0]
    row = table.split("<tbody>")[1]
    assert "Gobierno del Estado de Sonora" in row
    assert "<td>1.0.0</td>" in row
    assert "<td>En línea</td>" in row
    assert "<td>2</td>" in row
    assert "SON-1" not in detail.text  # numbers only: no case data crosses tenants
    assert listing.text.split("<tbody>")[1].count("<td>1</td>") == 1
