"""The government's own wording over HTTP: what citizens read on the adopter's site (ficha, form,
summary, acuse) and not on the publisher's or a third government's; the "Redacción propia"
screen, the review after an upgrade, and isolation between governments."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from apps_registry.adaptation_services import enabled_app_adaptations_save
from apps_registry.models import EnabledApp, EnabledAppAction, EnabledAppEvent
from apps_registry.services import enabled_app_enable
from cases.models import Case
from core.actors import Actor, ActorRole
from core.models import Role
from tenants.services import ThemeInput, government_onboard
from tests.adopting import adopter_answers
from tests.apps_registry.conftest import REQUIRED_VALUES, definition_with_overrides, inside
from tests.cases.conftest import media_root  # noqa: F401  (uploads go to a temporary folder)
from tests.cases.views_support import (
    all_types_definition,
    fill_all_steps,
    make_citizen,
    publish_and_enable,
    signed_in,
    summary_form,
)
from tests.conftest import TEST_PASSWORD

TITLE = "/form/steps/0/title"


def _admin(tenant: Any) -> Actor:
    return Actor.named(tenant.admin_email, ActorRole.ADMINISTRATOR, schema=tenant.schema_name)


def _staff_client(tenant: Any, make_user: Any, roles: tuple = (Role.ADMINISTRATOR,)) -> Any:
    user = make_user(tenant, roles=list(roles))
    client = tenant.client()
    response = client.post("/cuenta/entrar/", {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


# --- what citizens read --------------------------------------------------------------------------


def test_the_adopters_wording_shows_on_its_citizen_pages_only(cdmx, sonora):
    # given CDMX publishes the procedure and serves it itself; Sonora and Yucatán adopt it
    enabled = publish_and_enable(cdmx, sonora, all_types_definition())
    version = enabled.version
    yucatan = government_onboard(
        slug="yucatan",
        name="Gobierno del Estado de Yucatán",
        domain="yucatan.localhost",
        admin_email="admin@yucatan.gob.mx",
        admin_password=TEST_PASSWORD,
        inegi_code="31",
        theme=ThemeInput(display_name="Yucatán", primary_color="#5B2C6F"),
    ).government
    for government in (cdmx.government, yucatan):
        with schema_context(government.schema_name):
            enabled_app_enable(
                government=government,
                app=version.app,
                version=version,
                **adopter_answers(government, version),
                actor=Actor.named(
                    "admin@example.mx", ActorRole.ADMINISTRATOR, schema=government.schema_name
                ),
            )
    # and Sonora words four texts its own way
    with schema_context(sonora.schema_name):
        enabled_app_adaptations_save(
            enabled_app=enabled,
            changes={
                "/metadata/citizen_name": {"es-MX": "Pedir una constancia en {{entidad.nombre}}"},
                "/form/steps/1/title": {"es-MX": "Tu domicilio en {{entidad.nombre}}"},
                "/form/steps/0/fields/0/label": {"es-MX": "Nombre como aparece en tu INE"},
                "/documents/0/name": {"es-MX": "Credencial para votar"},
            },
            actor=_admin(sonora),
        )

    # then Sonora's ficha, form step, summary and acuse read Sonora's wording
    ficha = sonora.client().get("/tramites/todos-los-campos/").content.decode()
    assert "<h1>Pedir una constancia en Sonora</h1>" in ficha
    assert "Credencial para votar" in ficha
    assert "Identificación oficial" not in ficha
    citizen = signed_in(sonora, make_citizen(sonora, "ana.lopez@example.mx"))
    key = str(enabled.public_id)
    step = citizen.get(f"/tramites/{key}/solicitud/paso/domicilio/").content.decode()
    assert "Tu domicilio en Sonora" in step

    class Procedure:
        enabled_app = enabled

        def url(self, suffix: str = "") -> str:
            return f"/tramites/{key}/{suffix}"

    fill_all_steps(citizen, Procedure())  # type: ignore[arg-type]
    summary = citizen.get(f"/tramites/{key}/solicitud/resumen/").content.decode()
    assert "Nombre como aparece en tu INE" in summary
    assert "Credencial para votar" in summary
    citizen.post(f"/tramites/{key}/solicitud/presentar/", summary_form(citizen, Procedure()))  # type: ignore[arg-type]
    with schema_context(sonora.schema_name):
        acuse = Case.objects.get().outputs.get(kind="acuse").snapshot
    assert acuse["procedure_name"] == {"es-MX": "Prueba", "en": "Test"}  # official name: untouched
    assert {"es-MX": "Nombre como aparece en tu INE"} in [row["label"] for row in acuse["summary"]]
    assert {"es-MX": "Credencial para votar"} in [row["name"] for row in acuse["documents"]]

    # and neither the publisher's site nor a third government's shows any of it
    for host in ("cdmx.localhost", "yucatan.localhost"):
        page = Client(HTTP_HOST=host).get("/tramites/todos-los-campos/").content.decode()
        assert "<h1>Pedir una constancia completa</h1>" in page, host
        assert "Identificación oficial" in page, host
        assert "Pedir una constancia en" not in page, host
        assert "Credencial para votar" not in page, host


# --- the back office -------------------------------------------------------------------------


@pytest.fixture
def adopted(cdmx, sonora, publish) -> EnabledApp:
    version = publish(cdmx, "constancia-prueba")
    with inside(sonora):
        return enabled_app_enable(
            government=sonora.government,
            app=version.app,
            version=version,
            local_values=REQUIRED_VALUES,
            actor=_admin(sonora),
        )


def test_the_screen_lists_texts_and_saves_the_governments_wording(sonora, adopted, make_user):
    client = _staff_client(sonora, make_user)
    url = f"/gestion/tramites/{adopted.public_id}/redaccion/"

    page = client.get(url).content.decode()
    assert "Paso «Datos» › Pregunta «Nombre» › texto" in page
    assert "{{entidad.nombre}}" in page
    assert f'name="es::{TITLE}"' in page
    assert 'name="es::/metadata/name"' not in page  # an override point: a local value

    response = client.post(
        url, {f"es::{TITLE}": "Tus datos en {{entidad.nombre}}", f"en::{TITLE}": "Details"}
    )

    assert response.status_code == 302
    with schema_context(sonora.schema_name):
        adopted.refresh_from_db()
        assert adopted.adaptations[TITLE]["text"] == {
            "es-MX": "Tus datos en {{entidad.nombre}}",
            "en": "Details",
        }
    page = client.get(url).content.decode()
    assert "Tus datos en {{entidad.nombre}}</textarea>" in page
    detail = client.get(f"/gestion/tramites/{adopted.public_id}/").content.decode()
    assert "Redacción propia (1)" in detail

    # emptying both boxes goes back to the publisher's text
    client.post(url, {f"es::{TITLE}": "", f"en::{TITLE}": ""})
    with schema_context(sonora.schema_name):
        adopted.refresh_from_db()
        assert adopted.adaptations == {}


def test_the_screen_shows_located_errors_and_saves_nothing(sonora, adopted, make_user):
    client = _staff_client(sonora, make_user)
    url = f"/gestion/tramites/{adopted.public_id}/redaccion/"

    response = client.post(
        url,
        {
            f"es::{TITLE}": "Bien",
            "es::/metadata/citizen_name": "Pedir en {{entidad.capital}}",
            "es::/form/steps/0/fields/0/label": "",
            "en::/form/steps/0/fields/0/label": "Only English",
        },
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "Hay 2 problemas que corregir" in html
    assert "Escriba el texto en español." in html
    assert "«{{entidad.capital}}» no existe" in html
    assert ">Only English</textarea>" in html  # what was typed stays
    with schema_context(sonora.schema_name):
        adopted.refresh_from_db()
        assert adopted.adaptations == {}


def test_auditors_read_the_screen_but_cannot_change_it(sonora, adopted, make_user):
    client = _staff_client(sonora, make_user, roles=(Role.AUDITOR,))
    url = f"/gestion/tramites/{adopted.public_id}/redaccion/"

    assert client.get(url).status_code == 200
    assert client.post(url, {f"es::{TITLE}": "Tus datos"}).status_code == 403
    assert client.post(f"{url}revisar/", {"pointer": TITLE, "decision": "drop"}).status_code == 403
    with schema_context(sonora.schema_name):
        adopted.refresh_from_db()
        assert adopted.adaptations == {}


def test_after_an_upgrade_a_changed_source_is_reviewed_on_the_screen(
    cdmx, sonora, publish, adopted, make_user
):
    with schema_context(sonora.schema_name):
        enabled_app_adaptations_save(
            enabled_app=adopted, changes={TITLE: {"es-MX": "Tus datos"}}, actor=_admin(sonora)
        )
    definition = definition_with_overrides()
    definition["form"]["steps"][0]["title"] = {"es-MX": "Datos de la persona", "en": "Applicant"}
    publish(cdmx, "constancia-prueba", definition=definition, version="1.1.0")
    client = _staff_client(sonora, make_user)
    base = f"/gestion/tramites/{adopted.public_id}/"

    # the upgrade screen lists it for review
    upgrade = client.get(f"{base}actualizar/").content.decode()
    assert f'data-adaptation="{TITLE}"' in upgrade
    assert "Datos de la persona" in upgrade
    assert client.post(f"{base}actualizar/", {"version": "1.1.0"}).status_code == 302

    # the app's page counts it, the screen shows the old and new source
    detail = client.get(base).content.decode()
    assert 'data-adaptations-to-review="1"' in detail
    page = client.get(f"{base}redaccion/").content.decode()
    assert "<del>Datos</del>" in page
    assert "<ins>Datos de la persona</ins>" in page

    # keeping it clears the flag
    response = client.post(f"{base}redaccion/revisar/", {"pointer": TITLE, "decision": "keep"})
    assert response.status_code == 302
    with schema_context(sonora.schema_name):
        adopted.refresh_from_db()
        assert adopted.adaptations[TITLE]["source_changed"] is False
        assert EnabledAppEvent.objects.filter(
            action=EnabledAppAction.ADAPTATION_REVIEWED, data__decision="keep"
        ).exists()
    assert "data-adaptations-to-review" not in client.get(base).content.decode()


# --- isolation ----------------------------------------------------------------------------------


def test_another_government_can_neither_read_nor_change_the_wording(
    cdmx, sonora, adopted, make_user
):
    with schema_context(sonora.schema_name):
        enabled_app_adaptations_save(
            enabled_app=adopted,
            changes={TITLE: {"es-MX": "Texto secreto de Sonora"}},
            actor=_admin(sonora),
        )
        adopted.refresh_from_db()
        before = (copy.deepcopy(adopted.adaptations), EnabledAppEvent.objects.count())
    client = _staff_client(cdmx, make_user)

    for public_id in (adopted.public_id, uuid.uuid4()):
        base = f"/gestion/tramites/{public_id}/redaccion/"
        page = client.get(base)
        assert page.status_code == 404
        assert "Texto secreto de Sonora" not in page.content.decode()
        assert client.post(base, {f"es::{TITLE}": "Hackeado"}).status_code == 404
        for decision in ("keep", "drop", "rewrite"):
            response = client.post(
                f"{base}revisar/", {"pointer": TITLE, "decision": decision, "es": "Hackeado"}
            )
            assert response.status_code == 404
    # nor through Sonora's host without a Sonora account
    assert (
        sonora.client().get(f"/gestion/tramites/{adopted.public_id}/redaccion/").status_code == 302
    )

    with schema_context(sonora.schema_name):
        adopted.refresh_from_db()
        assert (adopted.adaptations, EnabledAppEvent.objects.count()) == before
    with schema_context(cdmx.schema_name):
        assert not EnabledApp.objects.filter(public_id=adopted.public_id).exists()
