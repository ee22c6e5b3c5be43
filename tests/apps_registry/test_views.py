"""The adoption back office (/gestion/catalogo/, /gestion/tramites/, /gestion/convenios/): roles on
every page, isolation between governments, the enable form's located errors, and the pages'
effects through the services."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django_tenants.utils import schema_context

from apps_registry.models import EnabledApp, EnabledAppEvent, EnabledAppStatus
from apps_registry.services import enabled_app_enable
from core.actors import Actor, ActorRole
from core.models import Role
from tests.apps_registry.conftest import REQUIRED_VALUES, definition_with_overrides, inside
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def signed_in(make_user):
    """signed_in(tenant, roles=[...]) → a client of that government, signed in as a new user."""

    def factory(tenant: Any, roles: tuple = (Role.ADMINISTRATOR,), is_staff: bool | None = None):
        user = make_user(tenant, roles=list(roles), is_staff=is_staff)
        client = tenant.client()
        response = client.post(
            "/cuenta/entrar/", {"username": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        return client

    return factory


@pytest.fixture
def world(cdmx, sonora, publish, make_agreement) -> dict[str, Any]:
    """CDMX publishes two public apps; Sonora enabled one at 1.0.0 and 1.1.0 is out; a convenio
    CDMX → Sonora is in force."""
    first = publish(cdmx, "constancia-prueba")
    publish(cdmx, "licencia", definition=definition_with_overrides("licencia", name="Licencia"))
    with inside(sonora):
        enabled = enabled_app_enable(
            government=sonora.government,
            app=first.app,
            version=first,
            local_values=REQUIRED_VALUES,
            actor=Actor.named(
                "admin@sonora.gob.mx", ActorRole.ADMINISTRATOR, schema=sonora.schema_name
            ),
        )
    publish(cdmx, "constancia-prueba", version="1.1.0")
    agreement = make_agreement(cdmx, sonora)
    return {"enabled": enabled, "agreement": agreement, "app": first.app}


def _reading_pages(world: dict[str, Any]) -> list[str]:
    public_id = world["enabled"].public_id
    return [
        "/gestion/catalogo/",
        "/gestion/catalogo/cdmx/constancia-prueba/",
        "/gestion/catalogo/cdmx/constancia-prueba/vista-previa/",
        "/gestion/tramites/",
        f"/gestion/tramites/{public_id}/",
        f"/gestion/tramites/{public_id}/vista-previa/",
    ]


def _acting_pages(world: dict[str, Any]) -> list[str]:
    public_id = world["enabled"].public_id
    return [
        "/gestion/catalogo/cdmx/licencia/habilitar/",
        f"/gestion/convenios/{world['agreement'].public_id}/habilitar-todos/",
        f"/gestion/tramites/{public_id}/valores/",
        f"/gestion/tramites/{public_id}/actualizar/",
    ]


def _post_only(world: dict[str, Any]) -> list[str]:
    return [f"/gestion/tramites/{world['enabled'].public_id}/estado/"]


def _sonora_state() -> list[tuple]:
    rows = EnabledApp.objects.order_by("pk").values_list(
        "catalog_app_id", "version_id", "status", "local_values"
    )
    return [*rows, (EnabledAppEvent.objects.count(),)]


# --- roles --------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_on_every_page(world, sonora):
    client = sonora.client()
    gets = _reading_pages(world) + _acting_pages(world)
    posts = _acting_pages(world) + _post_only(world)

    responses = [client.get(url) for url in gets] + [client.post(url) for url in posts]

    assert [r.status_code for r in responses] == [302] * (len(gets) + len(posts))
    assert all(r["Location"].startswith("/cuenta/entrar/?next=") for r in responses)


@pytest.mark.parametrize(
    ("roles", "is_staff"),
    [((), False), ((Role.CASE_OFFICER,), True), ((Role.PUBLISHER,), True)],
    ids=["citizen", "case_officer", "publisher"],
)
def test_citizens_and_other_roles_are_refused_every_page(world, sonora, signed_in, roles, is_staff):
    client = signed_in(sonora, roles=roles, is_staff=is_staff)
    with schema_context(sonora.schema_name):
        before = _sonora_state()
    gets = _reading_pages(world) + _acting_pages(world)
    posts = _acting_pages(world) + _post_only(world)

    responses = [client.get(url) for url in gets] + [
        client.post(url, {"action": "disable", "confirm": "on"}) for url in posts
    ]

    assert [r.status_code for r in responses] == [403] * (len(gets) + len(posts))
    with schema_context(sonora.schema_name):
        assert _sonora_state() == before


def test_auditors_read_but_cannot_act(world, sonora, signed_in):
    client = signed_in(sonora, roles=(Role.AUDITOR,))
    with schema_context(sonora.schema_name):
        before = _sonora_state()

    reads = [client.get(url).status_code for url in _reading_pages(world)]
    acts = [client.get(url).status_code for url in _acting_pages(world)]
    posts = [client.post(url, {"action": "pause"}).status_code for url in _post_only(world)]

    assert reads == [200] * len(_reading_pages(world))
    assert acts == [403] * len(_acting_pages(world))
    assert posts == [403]
    with schema_context(sonora.schema_name):
        assert _sonora_state() == before


def test_administrators_open_every_page(world, sonora, signed_in):
    client = signed_in(sonora)

    statuses = [client.get(url).status_code for url in _reading_pages(world) + _acting_pages(world)]

    assert statuses == [200] * (len(_reading_pages(world)) + len(_acting_pages(world)))


# --- isolation ----------------------------------------------------------------------------------


def test_a_sonora_administrator_cannot_open_or_act_on_cdmx_enabled_apps(
    cdmx, sonora, publish, signed_in
):
    # given CDMX enabled an app of Sonora's, and a Sonora administrator guesses its id
    version = publish(sonora, "permiso-sonora")
    with inside(cdmx):
        theirs = enabled_app_enable(
            government=cdmx.government,
            app=version.app,
            version=version,
            local_values=REQUIRED_VALUES,
            actor=Actor.named(
                "admin@cdmx.gob.mx", ActorRole.ADMINISTRATOR, schema=cdmx.schema_name
            ),
        )
    with schema_context(cdmx.schema_name):
        before = _sonora_state()
    client = signed_in(sonora)
    base = f"/gestion/tramites/{theirs.public_id}/"

    # when
    gets = [
        client.get(f"{base}{suffix}").status_code
        for suffix in ("", "valores/", "actualizar/", "vista-previa/")
    ]
    posts = [
        client.post(f"{base}estado/", {"action": action}).status_code
        for action in ("pause", "disable")
    ] + [client.post(f"{base}valores/", {"homoclave": "HACK"}).status_code]

    # then
    assert gets == [404] * 4
    assert posts == [404] * 3
    with schema_context(cdmx.schema_name):
        assert _sonora_state() == before
        assert EnabledApp.objects.get(pk=theirs.pk).status == EnabledAppStatus.LIVE


def test_a_sonora_administrator_cannot_sign_in_on_cdmx(cdmx, sonora, make_user):
    user = make_user(sonora, roles=[Role.ADMINISTRATOR], email="ana@sonora.gob.mx")
    client = cdmx.client()

    response = client.post("/cuenta/entrar/", {"username": user.email, "password": TEST_PASSWORD})

    assert response.status_code == 200  # the form again, with its error
    assert client.get("/gestion/tramites/").status_code == 302


def test_unknown_ids_are_not_found(world, sonora, signed_in):
    client = signed_in(sonora)

    assert client.get(f"/gestion/tramites/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"/gestion/convenios/{uuid.uuid4()}/habilitar-todos/").status_code == 404
    assert client.get("/gestion/catalogo/cdmx/no-existe/").status_code == 404


# --- catalogue ----------------------------------------------------------------------------------


def test_the_catalogue_lists_visible_apps_with_adopters_and_what_is_enabled(
    world, sonora, signed_in
):
    client = signed_in(sonora)

    page = client.get("/gestion/catalogo/").content.decode()

    assert "/gestion/catalogo/cdmx/constancia-prueba/" in page
    assert "/gestion/catalogo/cdmx/licencia/" in page
    assert f"/gestion/tramites/{world['enabled'].public_id}/" in page
    assert "Habilitar todos los trámites del convenio" in page


def test_the_catalogue_filters_by_publisher(world, sonora, signed_in):
    client = signed_in(sonora)

    page = client.get("/gestion/catalogo/", {"publicador": "sonora"}).content.decode()

    assert "/gestion/catalogo/cdmx/" not in page


def test_the_detail_shows_the_ficha_with_fees_in_pesos(world, sonora, signed_in):
    client = signed_in(sonora)

    page = client.get("/gestion/catalogo/cdmx/licencia/").content.decode()

    # The ficha as Sonora would serve it: CDMX's fees and laws are place-bound, never Sonora's.
    assert "$250.00" not in page
    assert "Ley de Pruebas" not in page
    assert "Por definir" in page
    assert "/gestion/catalogo/cdmx/licencia/habilitar/?version=1.0.0" in page


@pytest.mark.parametrize(
    ("ficta", "spanish", "english"),
    [
        (
            "afirmativa",
            "Afirmativa ficta: si la autoridad no responde a tiempo, se entiende aprobado.",
            "Positive silence: if the authority does not answer in time, it is deemed approved.",
        ),
        (
            "negativa",
            "Negativa ficta: si la autoridad no responde a tiempo, se entiende negado.",
            "Negative silence: if the authority does not answer in time, it is deemed refused.",
        ),
        ("no_aplica", "No aplica.", "Not applicable."),
    ],
)
def test_the_ficha_says_what_silence_means_for_every_ficta_kind(
    world, cdmx, sonora, signed_in, publish, ficta, spanish, english
):
    # The schema's values are afirmativa/negativa/no_aplica; the ficha once keyed "positiva",
    # so every afirmativa app read "Si la autoridad no responde: —".
    definition = definition_with_overrides("silencio", name="Silencio")
    definition["ficta"] = ficta
    publish(cdmx, "silencio", definition=definition)
    client = signed_in(sonora)

    spanish_page = client.get("/gestion/catalogo/cdmx/silencio/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english_page = client.get("/gestion/catalogo/cdmx/silencio/").content.decode()

    assert f"<dd>{spanish}</dd>" in spanish_page
    assert f"<dd>{english}</dd>" in english_page


def test_the_preview_applies_local_values_once_enabled(world, sonora, signed_in):
    client = signed_in(sonora)

    page = client.get("/gestion/catalogo/cdmx/constancia-prueba/vista-previa/").content.decode()

    assert "Secretaría de Hacienda de Sonora" in page
    assert "SON-PRU-001" in page
    assert "Vista previa" in page


# --- enabling -----------------------------------------------------------------------------------


def test_the_enable_form_marks_required_points_and_prefills_defaults(world, sonora, signed_in):
    client = signed_in(sonora)

    page = client.get("/gestion/catalogo/cdmx/licencia/habilitar/").content.decode()

    assert 'name="agency__name"' in page
    assert 'name="homoclave"' in page
    # the declared default of "prevencion.applicant_days" is 5
    assert 'name="prevencion.applicant_days" value="5"' in page
    assert page.count("(obligatorio)") >= 2


def test_enable_shows_located_errors_and_keeps_what_was_typed(world, sonora, signed_in):
    client = signed_in(sonora)

    response = client.post(
        "/gestion/catalogo/cdmx/licencia/habilitar/",
        {
            "version": "1.0.0",
            "action": "live",
            "homoclave": "",
            "agency__name": "",
            "agency__acronym": "SH",
            "info_url": "no es una dirección",
            "fees__rows": "2",
            "fees__0__id": "derecho",
            "fees__0__concept": "Expedición",
            "fees__0__amount": "doscientos",
            "fees__0__fiscal_year": "2026",
            "prevencion.applicant_days": "7",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="resumen-errores"' in page
    # each problem is next to its input and linked from the summary
    assert 'href="#ajuste-homoclave"' in page
    assert 'href="#ajuste-agency-name"' in page
    assert 'href="#ajuste-fees-0-amount"' in page
    assert 'href="#ajuste-info-url"' in page
    assert 'id="ajuste-homoclave-error"' in page
    assert 'aria-invalid="true"' in page
    # nothing typed is lost
    assert 'value="SH"' in page
    assert 'value="doscientos"' in page
    assert 'value="no es una dirección"' in page
    assert 'name="prevencion.applicant_days" value="7"' in page
    with schema_context(sonora.schema_name):
        assert not EnabledApp.objects.filter(catalog_app__slug="licencia").exists()


def test_enable_with_required_values_goes_live_and_redirects(world, sonora, signed_in):
    client = signed_in(sonora)

    response = client.post(
        "/gestion/catalogo/cdmx/licencia/habilitar/",
        {
            "version": "1.0.0",
            "action": "live",
            "homoclave": "SON-LIC-001",
            "agency__name": "Secretaría de Movilidad de Sonora",
            "agency__acronym": "SMS",
            "fees__rows": "1",
            "fees__0__id": "derecho",
            "fees__0__concept": "Expedición",
            "fees__0__amount": "1,250.50",
            "fees__0__fiscal_year": "2026",
            "plazo__value": "10",
            "plazo__unit": "calendar_days",
            # Sonora's laws and offices are not set: marked "no aplica" (the rows typed under a
            # checked box are not kept).
            "legal_basis__no_aplica": "1",
            "offices__no_aplica": "1",
            "offices__rows": "1",
            "offices__0__name": "Oficina que no se guarda",
            "offices__0__address": "Calle 1",
        },
    )

    with schema_context(sonora.schema_name):
        enabled = EnabledApp.objects.get(catalog_app__slug="licencia")
    assert response.status_code == 302
    assert enabled.not_applicable == ["legal_basis", "offices"]
    assert response["Location"] == f"/gestion/tramites/{enabled.public_id}/"
    assert enabled.status == EnabledAppStatus.LIVE
    assert enabled.local_values == {
        "agency": {"name": {"es-MX": "Secretaría de Movilidad de Sonora"}, "acronym": "SMS"},
        "homoclave": "SON-LIC-001",
        "fees": [
            {
                "id": "derecho",
                "concept": {"es-MX": "Expedición"},
                "amount": 1250.5,
                "fiscal_year": 2026,
                "currency": "MXN",
            }
        ],
        "plazo": {"value": 10, "unit": "calendar_days"},
    }


def test_enable_as_draft_without_required_values(world, sonora, signed_in):
    client = signed_in(sonora)

    response = client.post(
        "/gestion/catalogo/cdmx/licencia/habilitar/",
        {"version": "1.0.0", "action": "draft", "plazo__unit": "business_days"},
    )

    assert response.status_code == 302
    with schema_context(sonora.schema_name):
        assert EnabledApp.objects.get(catalog_app__slug="licencia").status == EnabledAppStatus.DRAFT


def test_add_row_keeps_values_and_saves_nothing(world, sonora, signed_in):
    client = signed_in(sonora)

    response = client.post(
        "/gestion/catalogo/cdmx/licencia/habilitar/",
        {"version": "1.0.0", "add_row": "offices", "offices__rows": "1", "homoclave": "X-1"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="offices__1__name"' in page
    assert 'value="X-1"' in page
    with schema_context(sonora.schema_name):
        assert not EnabledApp.objects.filter(catalog_app__slug="licencia").exists()


# --- my enabled apps ----------------------------------------------------------------------------


def test_the_list_flags_updates_available(world, sonora, signed_in):
    client = signed_in(sonora)

    page = client.get("/gestion/tramites/").content.decode()

    assert "Actualización disponible: 1.1.0" in page


def test_pause_resume_disable_through_the_detail_page(world, sonora, signed_in):
    client = signed_in(sonora)
    url = f"/gestion/tramites/{world['enabled'].public_id}/estado/"

    statuses = []
    for action in ("pause", "resume", "disable"):
        assert client.post(url, {"action": action}).status_code == 302
        with schema_context(sonora.schema_name):
            statuses.append(EnabledApp.objects.get(pk=world["enabled"].pk).status)

    assert statuses == [EnabledAppStatus.PAUSED, EnabledAppStatus.LIVE, EnabledAppStatus.DISABLED]


def test_a_refused_transition_is_reported_and_changes_nothing(world, sonora, signed_in):
    client = signed_in(sonora)
    url = f"/gestion/tramites/{world['enabled'].public_id}/estado/"

    response = client.post(url, {"action": "resume"}, follow=True)

    assert response.status_code == 200
    assert "message-error" in response.content.decode()
    with schema_context(sonora.schema_name):
        assert EnabledApp.objects.get(pk=world["enabled"].pk).status == EnabledAppStatus.LIVE


def test_editing_local_values_keeps_required_ones(world, sonora, signed_in):
    client = signed_in(sonora)
    url = f"/gestion/tramites/{world['enabled'].public_id}/valores/"

    page = client.get(url).content.decode()
    refused = client.post(url, {"homoclave": "", "agency__name": "Hacienda"})
    saved = client.post(
        url,
        {
            "homoclave": "SON-002",
            "agency__name": "Hacienda",
            "legal_basis__no_aplica": "1",
            "offices__no_aplica": "1",
            "fees__no_aplica": "1",
        },
    )

    assert 'value="SON-PRU-001"' in page
    assert refused.status_code == 200
    assert 'href="#ajuste-homoclave"' in refused.content.decode()
    assert saved.status_code == 302
    with schema_context(sonora.schema_name):
        enabled = EnabledApp.objects.get(pk=world["enabled"].pk)
        assert enabled.local_values["homoclave"] == "SON-002"
        assert enabled.not_applicable == ["fees", "legal_basis", "offices"]
        event = enabled.events.filter(action="local_values_updated").get()
        assert event.data["not_applicable_changed"] == ["fees", "legal_basis", "offices"]


def test_the_upgrade_page_shows_changelog_and_impact_and_upgrades(world, sonora, signed_in):
    client = signed_in(sonora)
    url = f"/gestion/tramites/{world['enabled'].public_id}/actualizar/"

    page = client.get(url).content.decode()
    response = client.post(url, {"version": "1.1.0"})

    assert "Versión 1.1.0" in page
    assert "Se conservan 5 valores locales." in page
    assert response.status_code == 302
    with schema_context(sonora.schema_name):
        enabled = EnabledApp.objects.select_related("version").get(pk=world["enabled"].pk)
    assert enabled.version.version == "1.1.0"
    assert enabled.local_values == REQUIRED_VALUES


def test_bulk_enable_shows_the_count_and_enables_all(world, sonora, signed_in):
    client = signed_in(sonora)
    url = f"/gestion/convenios/{world['agreement'].public_id}/habilitar-todos/"

    page = client.get(url).content.decode()
    unconfirmed = client.post(url, {})
    response = client.post(url, {"confirm": "on"})

    assert "Se habilitará 1 trámite" in page
    assert unconfirmed.status_code == 200
    assert response.status_code == 302
    with schema_context(sonora.schema_name):
        assert sorted(EnabledApp.objects.values_list("catalog_app__slug", flat=True)) == [
            "constancia-prueba",
            "licencia",
        ]


# --- citizen home -------------------------------------------------------------------------------


def test_the_citizen_home_lists_live_apps_searches_and_marks_paused_ones(world, sonora, cdmx):
    client = sonora.client()

    home = client.get("/").content.decode()
    found = client.get("/", {"q": "constancia"}).content.decode()
    missing = client.get("/", {"q": "pasaporte"}).content.decode()
    with inside(sonora):
        from apps_registry.services import enabled_app_pause

        enabled_app_pause(
            enabled_app=world["enabled"],
            actor=Actor.named(
                "admin@sonora.gob.mx", ActorRole.ADMINISTRATOR, schema=sonora.schema_name
            ),
        )
    paused = client.get("/").content.decode()

    assert "Pedir una constancia de prueba" in home
    assert f'href="/tramites/{world["enabled"].public_id}/"' in home
    assert "Pedir una constancia de prueba" in found
    assert "Ningún trámite coincide" in missing
    assert "No disponible temporalmente" in paused
    assert "Pedir una constancia de prueba" not in cdmx.client().get("/").content.decode()


def test_the_upgrade_page_shows_the_diff_and_asks_for_new_required_values(
    world, sonora, cdmx, publish, signed_in
):
    # given 1.2.0 changes the fee and adds a required override point
    definition = definition_with_overrides("constancia-prueba")
    definition["fees"]["concepts"][0]["amount"] = 300.0
    definition["overrides"].append(
        {
            "key": "oficina_responsable",
            "type": "text",
            "required": True,
            "label": {"es-MX": "Oficina responsable", "en": "Office in charge"},
            "target": "/metadata/homoclave",
        }
    )
    publish(cdmx, "constancia-prueba", definition=definition, version="1.2.0")
    client = signed_in(sonora)
    url = f"/gestion/tramites/{world['enabled'].public_id}/actualizar/"

    page = client.get(url).content.decode()
    refused = client.post(url, {"version": "1.2.0"})
    upgraded = client.post(url, {"version": "1.2.0", "oficina_responsable": "Oficina Hermosillo"})

    assert "Actualizar de la versión 1.0.0 a la 1.2.0" in page
    assert "Derechos (pagos)" in page
    assert "<del>250.00</del>" in page
    assert "<ins>300.00</ins>" in page
    assert "Nuevos obligatorios, debe llenarlos:" in page
    assert 'name="oficina_responsable"' in page
    assert 'name="homoclave"' not in page  # kept values are not asked again
    assert refused.status_code == 200
    assert 'href="#ajuste-oficina-responsable"' in refused.content.decode()
    assert upgraded.status_code == 302
    with schema_context(sonora.schema_name):
        enabled = EnabledApp.objects.select_related("version").get(pk=world["enabled"].pk)
    assert enabled.version.version == "1.2.0"
    assert enabled.local_values == {**REQUIRED_VALUES, "oficina_responsable": "Oficina Hermosillo"}


def test_the_backoffice_home_links_the_sections_each_role_allows(sonora, signed_in):
    admin = signed_in(sonora).get("/gestion/").content.decode()
    officer = signed_in(sonora, roles=(Role.CASE_OFFICER,)).get("/gestion/").content.decode()
    auditor = signed_in(sonora, roles=(Role.AUDITOR,)).get("/gestion/").content.decode()

    for url in ("/gestion/catalogo/", "/gestion/tramites/", "/gestion/tema/", "/gestion/personal/"):
        assert f'href="{url}"' in admin
        assert f'href="{url}"' not in officer
    assert 'href="/gestion/catalogo/"' in auditor
    assert 'href="/gestion/tema/"' not in auditor


def test_case_officers_see_the_inbox_dashboard_and_calendar_links(sonora, signed_in):
    officer = signed_in(sonora, roles=(Role.CASE_OFFICER,)).get("/gestion/").content.decode()
    publisher = signed_in(sonora, roles=(Role.PUBLISHER,)).get("/gestion/").content.decode()

    for url in (
        "/gestion/expedientes/",
        "/gestion/expedientes/tablero/",
        "/gestion/expedientes/calendario/",
    ):
        assert f'href="{url}"' in officer
        assert f'href="{url}"' not in publisher
