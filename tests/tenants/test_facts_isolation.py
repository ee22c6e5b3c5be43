"""Another government's facts are neither readable nor changeable from a government's own back
office (its host, guessed keys and ids), and a change to a government's agencies shows in the
effective definition of its enabled apps on the next request."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import tenant_context

from apps_registry.selectors import effective_definition
from apps_registry.services import enabled_app_enable
from core.actors import Actor, ActorRole
from core.models import Role
from tenants.models import Agency, CodeList, CodeListItem, Government
from tests.apps_registry.conftest import REQUIRED_VALUES, definition_with_overrides
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def sonora_admin(sonora, make_user):
    user = make_user(sonora, roles=[Role.ADMINISTRATOR])
    client = sonora.client()
    response = client.post("/cuenta/entrar/", {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def cdmx_facts(cdmx) -> dict[str, Any]:
    """CDMX's agency, its own list and one option, with keys Sonora does not use."""
    agency = Agency.objects.create(
        government=cdmx.government, key="movilidad", name_es="SEMOVI", acronym="SEMOVI"
    )
    code_list = CodeList.objects.create(
        government=cdmx.government, key="modulos", name_es="Módulos de atención CDMX"
    )
    item = CodeListItem.objects.create(code_list=code_list, code="IZT", label_es="Iztapalapa")
    return {"agency": agency, "code_list": code_list, "item": item}


def _cdmx_snapshot(cdmx: Any) -> tuple:
    government = Government.objects.get(pk=cdmx.government.pk)
    return (
        government.jurisdiction_revision,
        list(Agency.objects.filter(government=government).values_list("key", "name_es", "acronym")),
        list(CodeList.objects.filter(government=government).values_list("key", "name_es")),
        list(
            CodeListItem.objects.filter(code_list__government=government).values_list(
                "code", "label_es", "position"
            )
        ),
    )


def test_sonoras_pages_never_show_cdmxs_agencies_lists_or_options(sonora, cdmx_facts, sonora_admin):
    facts = sonora_admin.get("/gestion/datos/")

    assert facts.status_code == 200
    assert list(facts.context["code_lists"]) == []
    assert [agency for agency, _area in facts.context["agencies"]] == []
    page = facts.content.decode()
    for cdmx_text in ("SEMOVI", "Módulos de atención CDMX", "modulos"):
        assert cdmx_text not in page
    # Sonora's variables read Sonora's facts, never CDMX's agency.
    rows = {row.variable: row.value_es for row in facts.context["variables"]}
    assert rows["{{dependencia.movilidad.nombre}}"] is None
    assert rows["{{entidad.nombre}}"] == "Sonora"


def test_sonoras_admin_cannot_read_cdmxs_rows_by_guessed_keys_or_ids(
    cdmx, sonora, cdmx_facts, sonora_admin
):
    item = cdmx_facts["item"]
    # Sonora has a list of its own, so a guessed item id reaches a real list of Sonora's too.
    own = CodeList.objects.create(government=sonora.government, key="oficinas", name_es="Oficinas")

    responses = [
        sonora_admin.get(url)
        for url in (
            "/gestion/datos/dependencias/movilidad/",
            "/gestion/datos/catalogos/modulos/",
            f"/gestion/datos/catalogos/modulos/opciones/{item.pk}/",
            f"/gestion/datos/catalogos/oficinas/opciones/{item.pk}/",
        )
    ]

    assert [r.status_code for r in responses] == [404] * 4
    assert own.items.count() == 0


def test_sonoras_admin_cannot_change_cdmxs_rows_and_nothing_changes(
    cdmx, sonora, cdmx_facts, sonora_admin
):
    item = cdmx_facts["item"]
    CodeList.objects.create(government=sonora.government, key="oficinas", name_es="Oficinas")
    before = _cdmx_snapshot(cdmx)
    base, mine = "/gestion/datos/catalogos/modulos", "/gestion/datos/catalogos/oficinas"

    responses = [
        sonora_admin.post(url, data)
        for url, data in (
            ("/gestion/datos/dependencias/movilidad/", {"name_es": "Cambiada"}),
            ("/gestion/datos/dependencias/movilidad/quitar/", {}),
            (f"{base}/", {"catalogo-name_es": "Cambiado"}),
            (f"{base}/eliminar/", {}),
            (f"{base}/opciones/agregar/", {"opcion-code": "X", "opcion-label_es": "X"}),
            (f"{base}/opciones/pegar/", {"pegar-items": "X|X", "pegar-replace": "on"}),
            (f"{base}/opciones/{item.pk}/", {"code": "X", "label_es": "X"}),
            (f"{base}/opciones/{item.pk}/mover/", {"direction": "up"}),
            (f"{base}/opciones/{item.pk}/quitar/", {}),
            # CDMX's option through Sonora's own list
            (f"{mine}/opciones/{item.pk}/", {"code": "X", "label_es": "X"}),
            (f"{mine}/opciones/{item.pk}/mover/", {"direction": "up"}),
            (f"{mine}/opciones/{item.pk}/quitar/", {}),
        )
    ]

    assert [r.status_code for r in responses] == [404] * 12
    assert _cdmx_snapshot(cdmx) == before


def test_the_same_keys_are_separate_rows_per_government(cdmx, sonora, cdmx_facts, sonora_admin):
    before = _cdmx_snapshot(cdmx)

    added = sonora_admin.post(
        "/gestion/datos/dependencias/agregar/",
        {"dependencia-key": "movilidad", "dependencia-name_es": "IMTES Sonora"},
    )
    created = sonora_admin.post(
        "/gestion/datos/catalogos/nuevo/",
        {"catalogo-key": "modulos", "catalogo-name_es": "Módulos Sonora"},
    )
    pasted = sonora_admin.post(
        "/gestion/datos/catalogos/modulos/opciones/pegar/",
        {"pegar-items": "IZT|Ímuris", "pegar-replace": "on"},
    )

    assert [added.status_code, created.status_code, pasted.status_code] == [302, 302, 302]
    assert _cdmx_snapshot(cdmx) == before
    sonora_list = CodeList.objects.get(government=sonora.government, key="modulos")
    assert list(sonora_list.items.values_list("code", "label_es")) == [("IZT", "Ímuris")]


# --- the effective definition follows the agencies ---------------------------------------------


def _definition_naming_the_mobility_agency() -> dict[str, Any]:
    definition = definition_with_overrides("permiso-movilidad")
    definition["metadata"]["description"] = {
        "es-MX": "Lo resuelve {{dependencia.movilidad.nombre}} ({{dependencia.movilidad.siglas}}).",
        "en": "Decided by {{dependencia.movilidad.nombre}}.",
    }
    return definition


def _description(tenant: Any, enabled: Any) -> str:
    # As the next request to the host would: the government read afresh, its schema set.
    with tenant_context(Government.objects.get(pk=tenant.government.pk)):
        enabled.refresh_from_db()
        return effective_definition(enabled)["metadata"]["description"]["es-MX"]


def test_editing_an_agency_changes_the_effective_definition_on_the_next_request(
    cdmx, sonora, publish, sonora_admin
):
    Agency.objects.create(
        government=sonora.government,
        key="movilidad",
        name_es="Dirección de Transporte",
        acronym="DT",
    )
    version = publish(
        cdmx, "permiso-movilidad", definition=_definition_naming_the_mobility_agency()
    )
    with tenant_context(sonora.government):
        enabled = enabled_app_enable(
            government=sonora.government,
            app=version.app,
            version=version,
            local_values=dict(REQUIRED_VALUES),
            actor=Actor.named(
                "admin@sonora.gob.mx", ActorRole.ADMINISTRATOR, schema=sonora.schema_name
            ),
        )
    ficha_before = sonora_admin.get("/tramites/permiso-movilidad/")
    before = _description(sonora, enabled)

    edited = sonora_admin.post(
        "/gestion/datos/dependencias/movilidad/",
        {"name_es": "Instituto de Movilidad y Transporte", "acronym": "IMTES"},
    )
    ficha_after = sonora_admin.get("/tramites/permiso-movilidad/")
    after = _description(sonora, enabled)

    assert before == "Lo resuelve Dirección de Transporte (DT)."
    assert edited.status_code == 302
    assert after == "Lo resuelve Instituto de Movilidad y Transporte (IMTES)."
    assert "Dirección de Transporte" in ficha_before.content.decode()
    assert "Instituto de Movilidad y Transporte (IMTES)" in ficha_after.content.decode()
