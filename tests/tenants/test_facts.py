"""A government's own facts (/gestion/datos/): identity provider and the variables table,
agencies, own code lists and their options (one by one and pasted), each write bumping the
facts revision; only administrators reach any of it."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from core.actors import Actor, ActorRole
from core.errors import ApplicationError
from core.models import AuditEvent, Role
from tenants.code_list_input import parse_pasted_items
from tenants.jurisdiction import facts_for
from tenants.jurisdiction_services import code_list_items_paste
from tenants.models import Agency, CodeList, CodeListItem, Government
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def signed_in(make_user):
    def factory(tenant: Any, roles: tuple = (Role.ADMINISTRATOR,)):
        user = make_user(tenant, roles=list(roles))
        client = tenant.client()
        response = client.post(
            "/cuenta/entrar/", {"username": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        return client

    return factory


def _revision(tenant: Any) -> int:
    return Government.objects.get(pk=tenant.government.pk).jurisdiction_revision


def _list(tenant: Any, key: str = "oficinas") -> CodeList:
    return CodeList.objects.create(
        government=tenant.government, key=key, name_es="Oficinas", name_en="Offices"
    )


def _items(code_list: CodeList) -> list[tuple[str, str, str]]:
    return list(
        code_list.items.order_by("position", "id").values_list("code", "label_es", "label_en")
    )


def _admin(tenant: Any) -> Actor:
    return Actor.named(
        f"admin@{tenant.government.slug}.gob.mx", ActorRole.ADMINISTRATOR, schema=tenant.schema_name
    )


# --- the page and the variables table --------------------------------------------------------


def test_the_page_shows_what_each_variable_reads_as_for_this_government(sonora, signed_in):
    Agency.objects.create(
        government=sonora.government,
        key="movilidad",
        name_es="Instituto de Movilidad y Transporte",
        name_en="Mobility and Transport Institute",
        acronym="IMTES",
    )
    client = signed_in(sonora)

    response = client.get("/gestion/datos/")

    assert response.status_code == 200
    rows = {row.variable: (row.value_es, row.value_en) for row in response.context["variables"]}
    assert rows["{{entidad.nombre}}"] == ("Sonora", "Sonora")
    assert rows["{{entidad.unidad_territorial}}"] == ("municipio", "municipality")
    assert rows["{{dependencia.movilidad.nombre}}"] == (
        "Instituto de Movilidad y Transporte",
        "Mobility and Transport Institute",
    )
    assert rows["{{dependencia.movilidad.siglas}}"] == ("IMTES", "IMTES")
    assert rows["{{identidad.nombre}}"] == (None, None)
    assert rows["{{dependencia.agua.nombre}}"] == (None, None)
    page = response.content.decode()
    assert "{{entidad.unidad_territorial}}" in page
    assert "Instituto de Movilidad y Transporte" in page


def test_the_back_office_home_links_the_facts_page_for_administrators(sonora, signed_in):
    admin = signed_in(sonora).get("/gestion/").content.decode()
    officer = signed_in(sonora, (Role.CASE_OFFICER,)).get("/gestion/").content.decode()

    assert 'href="/gestion/datos/"' in admin
    assert 'href="/gestion/datos/"' not in officer


def test_identity_provider_is_saved_and_shown_as_its_variable(sonora, signed_in):
    client = signed_in(sonora)
    before = _revision(sonora)

    response = client.post(
        "/gestion/datos/identidad/", {"identidad-identity_provider_name": "  Llave Sonora "}
    )

    assert response.status_code == 302
    assert Government.objects.get(slug="sonora").identity_provider_name == "Llave Sonora"
    assert _revision(sonora) == before + 1
    rows = {
        row.variable: row.value_es for row in client.get("/gestion/datos/").context["variables"]
    }
    assert rows["{{identidad.nombre}}"] == "Llave Sonora"


def test_a_too_long_identity_provider_is_refused_located(sonora, signed_in):
    response = signed_in(sonora).post(
        "/gestion/datos/identidad/", {"identidad-identity_provider_name": "L" * 81}
    )

    assert response.status_code == 422
    assert [e.field for e in response.context["errors"]] == ["identidad-identity_provider_name"]
    assert 'href="#id_identidad-identity_provider_name"' in response.content.decode()
    assert Government.objects.get(slug="sonora").identity_provider_name == ""


# --- agencies ----------------------------------------------------------------------------------


def test_agencies_are_added_edited_and_removed_each_bumping_the_revision(sonora, signed_in):
    client = signed_in(sonora)
    start = _revision(sonora)

    added = client.post(
        "/gestion/datos/dependencias/agregar/",
        {
            "dependencia-key": "movilidad",
            "dependencia-name_es": "Instituto de Movilidad",
            "dependencia-name_en": "",
            "dependencia-acronym": "IMTES",
        },
    )
    edit_page = client.get("/gestion/datos/dependencias/movilidad/")
    edited = client.post(
        "/gestion/datos/dependencias/movilidad/",
        {"name_es": "Instituto de Movilidad y Transporte", "name_en": "Mobility", "acronym": "IMT"},
    )
    saved = list(
        Agency.objects.filter(government=sonora.government).values_list(
            "key", "name_es", "name_en", "acronym"
        )
    )
    removed = client.post("/gestion/datos/dependencias/movilidad/quitar/")

    assert [added.status_code, edit_page.status_code, edited.status_code, removed.status_code] == [
        302,
        200,
        302,
        302,
    ]
    assert saved == [("movilidad", "Instituto de Movilidad y Transporte", "Mobility", "IMT")]
    assert not Agency.objects.filter(government=sonora.government).exists()
    assert _revision(sonora) == start + 3
    with schema_context(sonora.schema_name):
        assert list(
            AuditEvent.objects.filter(action__startswith="jurisdiction.agency").values_list(
                "action", flat=True
            )
        ) == [
            "jurisdiction.agency_added",
            "jurisdiction.agency_updated",
            "jurisdiction.agency_removed",
        ]


def test_an_agency_with_an_unknown_key_or_no_name_is_refused_located(sonora, signed_in):
    client = signed_in(sonora)
    start = _revision(sonora)

    response = client.post(
        "/gestion/datos/dependencias/agregar/",
        {
            "dependencia-key": "transito",
            "dependencia-name_es": " ",
            "dependencia-acronym": "X" * 31,
        },
    )

    assert response.status_code == 422
    assert [(e.field, e.message) for e in response.context["errors"]] == [
        ("dependencia-key", "Elija el área de la lista."),
        ("dependencia-name_es", "Escriba el nombre."),
        ("dependencia-acronym", "Escriba las siglas en 30 caracteres o menos."),
    ]
    assert not Agency.objects.filter(government=sonora.government).exists()
    assert _revision(sonora) == start


def test_a_second_agency_for_the_same_key_is_refused(sonora, signed_in):
    Agency.objects.create(government=sonora.government, key="agua", name_es="Agua de Hermosillo")

    response = signed_in(sonora).post(
        "/gestion/datos/dependencias/agregar/",
        {"dependencia-key": "agua", "dependencia-name_es": "Otra"},
    )

    assert response.status_code == 422
    assert response.context["errors"][0].field == "dependencia-key"
    assert list(
        Agency.objects.filter(government=sonora.government).values_list("name_es", flat=True)
    ) == ["Agua de Hermosillo"]


# --- code lists and their options ------------------------------------------------------------


def test_a_code_list_is_created_renamed_filled_edited_reordered_and_deleted(sonora, signed_in):
    client = signed_in(sonora)
    start = _revision(sonora)

    created = client.post(
        "/gestion/datos/catalogos/nuevo/",
        {"catalogo-key": "oficinas", "catalogo-name_es": "Oficinas", "catalogo-name_en": "Offices"},
    )
    renamed = client.post(
        "/gestion/datos/catalogos/oficinas/",
        {"catalogo-name_es": "Oficinas de atención", "catalogo-name_en": "Service offices"},
    )
    for code, label in (("HMO", "Hermosillo"), ("OBR", "Ciudad Obregón"), ("NOG", "Nogales")):
        client.post(
            "/gestion/datos/catalogos/oficinas/opciones/agregar/",
            {"opcion-code": code, "opcion-label_es": label},
        )
    code_list = CodeList.objects.get(government=sonora.government, key="oficinas")
    nogales = code_list.items.get(code="NOG")
    edit_page = client.get(f"/gestion/datos/catalogos/oficinas/opciones/{nogales.pk}/")
    edited = client.post(
        f"/gestion/datos/catalogos/oficinas/opciones/{nogales.pk}/",
        {"code": "NOG", "label_es": "Heroica Nogales", "label_en": "Nogales"},
    )
    moved = client.post(
        f"/gestion/datos/catalogos/oficinas/opciones/{nogales.pk}/mover/", {"direction": "up"}
    )
    hermosillo = code_list.items.get(code="HMO")
    removed = client.post(f"/gestion/datos/catalogos/oficinas/opciones/{hermosillo.pk}/quitar/")
    page = client.get("/gestion/datos/catalogos/oficinas/")

    assert [created.status_code, renamed.status_code, edit_page.status_code] == [302, 302, 200]
    assert [edited.status_code, moved.status_code, removed.status_code] == [302, 302, 302]
    assert created["Location"] == "/gestion/datos/catalogos/oficinas/"
    assert moved["Location"] == f"/gestion/datos/catalogos/oficinas/#opcion-{nogales.pk}"
    code_list.refresh_from_db()
    assert (code_list.name_es, code_list.name_en) == ("Oficinas de atención", "Service offices")
    assert _items(code_list) == [
        ("NOG", "Heroica Nogales", "Nogales"),
        ("OBR", "Ciudad Obregón", ""),
    ]
    assert [item.code for item in page.context["items"]] == ["NOG", "OBR"]
    # create + rename + 3 adds + edit + move + remove
    assert _revision(sonora) == start + 8
    assert facts_for(Government.objects.get(slug="sonora")).code_list("oficinas") is not None

    deleted = client.post("/gestion/datos/catalogos/oficinas/eliminar/")

    assert deleted.status_code == 302
    assert not CodeList.objects.filter(government=sonora.government).exists()
    assert _revision(sonora) == start + 9


@pytest.mark.parametrize(
    ("key", "field_message"),
    [
        ("Oficinas Centrales", "catalogo-key"),
        ("municipios", "catalogo-key"),
        ("", "catalogo-key"),
    ],
)
def test_a_code_list_with_a_bad_or_reserved_key_is_refused(sonora, signed_in, key, field_message):
    response = signed_in(sonora).post(
        "/gestion/datos/catalogos/nuevo/",
        {"catalogo-key": key, "catalogo-name_es": "Oficinas"},
    )

    assert response.status_code == 422
    assert [e.field for e in response.context["errors"]] == [field_message]
    assert not CodeList.objects.filter(government=sonora.government).exists()


def test_a_repeated_code_is_refused_one_by_one_and_when_editing(sonora, signed_in):
    code_list = _list(sonora)
    CodeListItem.objects.create(code_list=code_list, code="HMO", label_es="Hermosillo", position=0)
    other = CodeListItem.objects.create(
        code_list=code_list, code="OBR", label_es="Obregón", position=1
    )
    client = signed_in(sonora)

    added = client.post(
        "/gestion/datos/catalogos/oficinas/opciones/agregar/",
        {"opcion-code": "HMO", "opcion-label_es": ""},
    )
    edited = client.post(
        f"/gestion/datos/catalogos/oficinas/opciones/{other.pk}/",
        {"code": "HMO", "label_es": "Obregón"},
    )

    assert added.status_code == edited.status_code == 422
    assert [(e.field, e.message) for e in added.context["errors"]] == [
        ("opcion-code", "La clave «HMO» ya está en el catálogo."),
        ("opcion-label_es", "Falta el texto."),
    ]
    assert [e.field for e in edited.context["errors"]] == ["code"]
    assert _items(code_list) == [("HMO", "Hermosillo", ""), ("OBR", "Obregón", "")]


# --- pasting many options ----------------------------------------------------------------------


def test_pasted_lines_are_added_in_order_after_the_existing_options(sonora, signed_in):
    code_list = _list(sonora)
    CodeListItem.objects.create(code_list=code_list, code="HMO", label_es="Hermosillo", position=0)
    start = _revision(sonora)

    response = signed_in(sonora).post(
        "/gestion/datos/catalogos/oficinas/opciones/pegar/",
        {"pegar-items": "OBR | Ciudad Obregón\r\n\r\nNOG|Nogales|Nogales office\n"},
    )

    assert response.status_code == 302
    assert _items(code_list) == [
        ("HMO", "Hermosillo", ""),
        ("OBR", "Ciudad Obregón", ""),
        ("NOG", "Nogales", "Nogales office"),
    ]
    assert _revision(sonora) == start + 1


def test_pasting_with_replace_makes_the_pasted_lines_the_whole_list(sonora, signed_in):
    code_list = _list(sonora)
    CodeListItem.objects.create(code_list=code_list, code="HMO", label_es="Hermosillo", position=0)

    response = signed_in(sonora).post(
        "/gestion/datos/catalogos/oficinas/opciones/pegar/",
        {"pegar-items": "HMO|Hermosillo centro\nGYM|Guaymas", "pegar-replace": "on"},
    )

    assert response.status_code == 302
    assert _items(code_list) == [("HMO", "Hermosillo centro", ""), ("GYM", "Guaymas", "")]


def test_pasted_lines_with_problems_are_each_located_and_nothing_is_saved(sonora, signed_in):
    code_list = _list(sonora)
    CodeListItem.objects.create(code_list=code_list, code="HMO", label_es="Hermosillo", position=0)
    start = _revision(sonora)
    text = "\n".join(
        [
            "OBR|Ciudad Obregón",  # 1 fine
            "NOG|",  # 2 empty label
            "OBR|Obregón otra vez",  # 3 repeated in the paste
            "HMO|Hermosillo",  # 4 already in the list
            "sin separador",  # 5 no "|"
            "|Sin clave",  # 6 empty code
            "GYM|Guaymas",  # 7 fine
        ]
    )

    response = signed_in(sonora).post(
        "/gestion/datos/catalogos/oficinas/opciones/pegar/", {"pegar-items": text}
    )

    assert response.status_code == 422
    assert [(e.field, e.message) for e in response.context["errors"]] == [
        ("pegar-items", "Línea 2: falta el texto."),
        ("pegar-items", "Línea 3: la clave «OBR» ya está en la línea 1."),
        ("pegar-items", "Línea 4: la clave «HMO» ya está en el catálogo."),
        ("pegar-items", "Línea 5: escriba «clave|texto» (o «clave|texto|texto en inglés»)."),
        ("pegar-items", "Línea 6: falta la clave."),
    ]
    # The text stays in the box to be corrected.
    assert "GYM|Guaymas" in response.content.decode()
    assert _items(code_list) == [("HMO", "Hermosillo", "")]
    assert _revision(sonora) == start


def test_paste_errors_are_located_by_line_in_spanish_and_english(sonora):
    code_list = _list(sonora)

    with pytest.raises(ApplicationError) as refused:
        code_list_items_paste(code_list=code_list, text="A|Uno\nA|Otro\n\nB|", actor=_admin(sonora))

    assert [(e.code, e.location, e.message_en) for e in refused.value.errors] == [
        ("tenants.item_code_taken", "items/2", "Line 2: code 'A' is already on line 1."),
        ("tenants.item_label_required", "items/4", "Line 4: the label is missing."),
    ]
    assert not code_list.items.exists()


def test_blank_lines_are_skipped_when_parsing_a_paste():
    parsed, problems = parse_pasted_items(" \n\n")

    assert parsed == []
    assert problems == []


def test_pasting_nothing_is_a_located_error(sonora, signed_in):
    _list(sonora)

    response = signed_in(sonora).post(
        "/gestion/datos/catalogos/oficinas/opciones/pegar/", {"pegar-items": "  "}
    )

    assert response.status_code == 422
    assert [e.field for e in response.context["errors"]] == ["pegar-items"]


# --- who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.AUDITOR, Role.PUBLISHER])
def test_only_administrators_read_or_change_the_facts(sonora, signed_in, role):
    code_list = _list(sonora)
    item = CodeListItem.objects.create(code_list=code_list, code="HMO", label_es="Hermosillo")
    Agency.objects.create(government=sonora.government, key="agua", name_es="Agua")
    client = signed_in(sonora, (role,))
    start = _revision(sonora)
    base = "/gestion/datos/catalogos/oficinas"

    pages = [
        client.get(url).status_code
        for url in (
            "/gestion/datos/",
            "/gestion/datos/dependencias/agua/",
            f"{base}/",
            f"{base}/opciones/{item.pk}/",
        )
    ]
    posts = [
        client.post(url, data).status_code
        for url, data in (
            ("/gestion/datos/identidad/", {"identidad-identity_provider_name": "X"}),
            (
                "/gestion/datos/dependencias/agregar/",
                {"dependencia-key": "salud", "dependencia-name_es": "X"},
            ),
            ("/gestion/datos/dependencias/agua/", {"name_es": "X"}),
            ("/gestion/datos/dependencias/agua/quitar/", {}),
            ("/gestion/datos/catalogos/nuevo/", {"catalogo-key": "x", "catalogo-name_es": "X"}),
            (f"{base}/", {"catalogo-name_es": "X"}),
            (f"{base}/opciones/agregar/", {"opcion-code": "X", "opcion-label_es": "X"}),
            (f"{base}/opciones/pegar/", {"pegar-items": "X|X"}),
            (f"{base}/opciones/{item.pk}/", {"code": "X", "label_es": "X"}),
            (f"{base}/opciones/{item.pk}/mover/", {"direction": "down"}),
            (f"{base}/opciones/{item.pk}/quitar/", {}),
            (f"{base}/eliminar/", {}),
        )
    ]

    assert pages == [403] * 4
    assert posts == [403] * 12
    assert _revision(sonora) == start
    assert _items(code_list) == [("HMO", "Hermosillo", "")]
    assert list(
        Agency.objects.filter(government=sonora.government).values_list("name_es", flat=True)
    ) == ["Agua"]


def test_the_services_refuse_an_officer_and_another_governments_administrator(cdmx, sonora):
    code_list = _list(sonora)
    officer = Actor.named(
        "oficial@sonora.gob.mx", ActorRole.CASE_OFFICER, schema=sonora.schema_name
    )

    with pytest.raises(ApplicationError) as as_officer:
        code_list_items_paste(code_list=code_list, text="A|Uno", actor=officer)
    with pytest.raises(ApplicationError) as as_cdmx:
        code_list_items_paste(code_list=code_list, text="A|Uno", actor=_admin(cdmx))

    assert as_officer.value.errors[0].code == "core.permission_denied"
    assert as_cdmx.value.errors[0].code == "tenants.not_found"
    assert not code_list.items.exists()


def test_english_pages_show_the_section_and_its_errors_in_english(sonora, signed_in):
    from django.conf import settings

    client = signed_in(sonora)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/gestion/datos/")
    refused = client.post(
        "/gestion/datos/dependencias/agregar/",
        {"dependencia-key": "agua", "dependencia-name_es": ""},
    )

    assert "Government facts" in page.content.decode()
    rows = {row.variable: row.meaning for row in page.context["variables"]}
    assert rows["{{entidad.nombre}}"] == "the state (entidad federativa)"
    assert [e.message for e in refused.context["errors"]] == ["Enter the name."]
