"""Place-bound values (agency, offices, legal basis, fees, homoclave) never fall back to the
publisher's on an adopter's site, "no aplica", and the go-live gate."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from apps_registry import errors
from apps_registry.local_values import apply_local_values, override_points
from apps_registry.models import EnabledApp, EnabledAppStatus
from apps_registry.selectors import effective_definition
from apps_registry.services import (
    enabled_app_enable,
    enabled_app_go_live,
    enabled_app_update_local_values,
)
from cases.models import Case
from cases.outputs.services import output_snapshot
from catalog.definition.code_lists import missing_code_lists
from core.actors import Actor, ActorRole
from core.errors import ApplicationError
from core.models import Role
from tenants.jurisdiction import facts_changed
from tenants.models import Agency
from tests.apps_registry.conftest import REQUIRED_VALUES, definition_with_overrides, inside
from tests.conftest import TEST_PASSWORD

SEMOVI_OFFICE = {
    "name": {"es-MX": "Módulo SEMOVI Álvaro Obregón"},
    "address": "Av. Álvaro Obregón 269, Roma Norte, Ciudad de México",
}
CDMX_LAW = {"ordenamiento": "Ley de Movilidad de la Ciudad de México", "articulo": "55"}
CDMX_AGENCY = {"name": {"es-MX": "Secretaría de Movilidad", "en": "Mobility"}, "acronym": "SEMOVI"}
# What CDMX's pages show and no adopter's page may.
CDMX_TEXTS = ("SEMOVI", "Álvaro Obregón", "Ley de Movilidad", "$250")
ACUSE = {
    "id": "acuse",
    "kind": "acuse",
    "title": {"es-MX": "Acuse de recibo"},
    "body": {"es-MX": "Recibimos su solicitud {{folio}}."},
}


def _cdmx_definition(slug: str = "licencia-semovi", **changes: Any) -> dict[str, Any]:
    definition = definition_with_overrides(slug)
    definition["metadata"].update(
        agency=copy.deepcopy(CDMX_AGENCY),
        legal_basis=[dict(CDMX_LAW)],
        offices=[copy.deepcopy(SEMOVI_OFFICE)],
        homoclave="SEMOVI-LIC-01",
        channels=["online", "in_person"],
    )
    for key, value in changes.items():
        definition["metadata"][key] = value
    return definition


def _actor(tenant: Any) -> Actor:
    return Actor.named(tenant.admin_email, ActorRole.ADMINISTRATOR, schema=tenant.schema_name)


def _enable(tenant: Any, version: Any, values: dict[str, Any], **kwargs: Any) -> EnabledApp:
    with inside(tenant):
        return enabled_app_enable(
            government=tenant.government,
            app=version.app,
            version=version,
            local_values=values,
            actor=_actor(tenant),
            **kwargs,
        )


def _codes(refused: Any) -> list[tuple[str, str]]:
    return [(e.code, e.location) for e in refused.value.errors]


def _signed_in(tenant: Any, make_user: Any) -> Any:
    user = make_user(tenant, roles=[Role.ADMINISTRATOR])
    client = tenant.client()
    client.post("/cuenta/entrar/", {"username": user.email, "password": TEST_PASSWORD})
    return client


def _without(values: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in keys}


# --- the gate ------------------------------------------------------------------------------------


def test_an_unset_place_bound_value_keeps_the_app_from_going_live(cdmx, sonora, publish):
    version = publish(cdmx, "licencia-semovi", definition=_cdmx_definition())
    enabled = _enable(sonora, version, _without(REQUIRED_VALUES, "offices"), go_live=False)

    with inside(sonora):
        with pytest.raises(ApplicationError) as refused:
            enabled_app_go_live(enabled_app=enabled, actor=_actor(sonora))
        enabled.refresh_from_db()
        assert enabled.status == EnabledAppStatus.DRAFT
    assert _codes(refused) == [(errors.LOCAL_VALUE_PLACE_BOUND, "offices")]
    message = refused.value.errors[0]
    assert "No aplica" in message.message_es
    assert "not applicable" in message.message_en


def test_no_aplica_lets_it_go_live_and_the_ficha_shows_no_publisher_office(cdmx, sonora, publish):
    version = publish(cdmx, "licencia-semovi", definition=_cdmx_definition())
    enabled = _enable(sonora, version, _without(REQUIRED_VALUES, "offices"), go_live=False)

    with inside(sonora):
        enabled_app_update_local_values(
            enabled_app=enabled,
            local_values=_without(REQUIRED_VALUES, "offices"),
            not_applicable=["offices"],
            actor=_actor(sonora),
        )
        live = enabled_app_go_live(enabled_app=enabled, actor=_actor(sonora))
        event = live.events.get(action="local_values_updated")
    html = sonora.client().get(f"/tramites/{enabled.public_id}/").content.decode()

    assert live.status == EnabledAppStatus.LIVE
    assert live.not_applicable == ["offices"]
    assert event.data["not_applicable_changed"] == ["offices"]
    assert "Módulo SEMOVI" not in html
    assert "No aplica" in html
    assert "Centro de Gobierno, Hermosillo" not in html  # Sonora marked it: nothing listed


def test_the_agency_cannot_be_marked_not_applicable(cdmx, sonora, publish):
    version = publish(cdmx, "licencia-semovi", definition=_cdmx_definition())

    with pytest.raises(ApplicationError) as refused:
        _enable(sonora, version, _without(REQUIRED_VALUES, "agency"), not_applicable=["agency"])

    assert (errors.NOT_APPLICABLE_INVALID, "agency") in _codes(refused)
    with inside(sonora):
        assert EnabledApp.objects.count() == 0


def test_a_value_and_no_aplica_together_are_refused(cdmx, sonora, publish):
    version = publish(cdmx, "licencia-semovi", definition=_cdmx_definition())

    with pytest.raises(ApplicationError) as refused:
        _enable(sonora, version, REQUIRED_VALUES, not_applicable=["fees", "sin_clave"])

    assert _codes(refused) == [
        (errors.NOT_APPLICABLE_INVALID, "fees"),
        (errors.NOT_APPLICABLE_INVALID, "sin_clave"),
    ]


def test_an_unresolved_variable_blocks_going_live_until_the_agency_is_declared(
    cdmx, sonora, publish
):
    definition = _cdmx_definition()
    definition["metadata"]["description"] = {
        "es-MX": "Lo resuelve {{dependencia.movilidad.nombre}}.",
        "en": "Decided by {{dependencia.movilidad.nombre}}.",
    }
    version = publish(cdmx, "licencia-semovi", definition=definition)
    enabled = _enable(sonora, version, REQUIRED_VALUES, go_live=False)

    with inside(sonora), pytest.raises(ApplicationError) as refused:
        enabled_app_go_live(enabled_app=enabled, actor=_actor(sonora))
    Agency.objects.create(
        government=sonora.government,
        key="movilidad",
        name_es="Instituto Sonorense de Infraestructura y Movilidad",
    )
    facts_changed(sonora.government)
    with inside(sonora):
        live = enabled_app_go_live(enabled_app=enabled, actor=_actor(sonora))

    [(code, location)] = _codes(refused)
    assert code == "unknown_variable"
    assert location.startswith("/metadata/description/")
    assert "dependencia.movilidad.nombre" in refused.value.errors[0].message_es
    assert live.status == EnabledAppStatus.LIVE


def test_a_code_list_the_government_lacks_is_a_located_problem():
    definition = {
        "form": {
            "steps": [
                {
                    "id": "datos",
                    "fields": [
                        {"id": "nombre", "type": "text"},
                        {"id": "oficina", "type": "code_list", "list": "oficinas"},
                    ],
                }
            ]
        }
    }

    class Facts:
        def code_list(self, key: str) -> tuple[Any, ...] | None:
            return None

    problems = missing_code_lists(definition, Facts())

    assert [(p.code, p.location) for p in problems] == [
        ("missing_code_list", "/form/steps/0/fields/1")
    ]
    assert "oficinas" in problems[0].message_es and "oficinas" in problems[0].message_en


# --- what citizens see ---------------------------------------------------------------------------


def test_the_publishers_office_fees_and_laws_never_appear_on_the_adopters_ficha_or_acuse(
    cdmx, sonora, publish
):
    version = publish(cdmx, "licencia-semovi", definition=_cdmx_definition())
    enabled = _enable(sonora, version, {}, go_live=False)
    with inside(sonora):
        # A row left live by an older release, with nothing of its own set.
        EnabledApp.objects.filter(pk=enabled.pk).update(status=EnabledAppStatus.LIVE)
        enabled.refresh_from_db()
        definition = effective_definition(enabled)
        case = Case.objects.create(
            enabled_app=enabled, version=version, folio="SON-1", status="recibida"
        )
        acuse = output_snapshot(
            case, definition, sonora.government, ACUSE, documents=[], issued_at=timezone.now()
        )
    html = sonora.client().get(f"/tramites/{enabled.public_id}/").content.decode()

    for text in CDMX_TEXTS:
        assert text not in html, text
    assert "Por definir" in html
    assert "Gratuito." not in html  # unset fees are not "free"
    assert acuse["agency"] == {"es-MX": "Por definir", "en": "To be defined"}
    assert acuse["homoclave"] == ""
    assert "SEMOVI" not in str(acuse)


def test_the_adopters_own_values_show_on_its_ficha(cdmx, sonora, publish):
    version = publish(cdmx, "licencia-semovi", definition=_cdmx_definition())
    enabled = _enable(sonora, version, REQUIRED_VALUES)

    html = sonora.client().get(f"/tramites/{enabled.public_id}/").content.decode()

    for text in CDMX_TEXTS:
        assert text not in html, text
    assert "Centro de Gobierno, Hermosillo" in html
    assert "Ley de Procedimiento Administrativo del Estado de Sonora" in html
    assert "$180.00" in html
    assert "SON-PRU-001" in html


def test_the_publishers_own_site_still_shows_its_values(cdmx, publish):
    version = publish(cdmx, "licencia-semovi", definition=_cdmx_definition())
    # CDMX fills only what its definition requires; the rest is its own definition's.
    enabled = _enable(cdmx, version, {"agency": CDMX_AGENCY, "homoclave": "SEMOVI-LIC-01"})

    html = cdmx.client().get(f"/tramites/{enabled.public_id}/").content.decode()

    assert enabled.status == EnabledAppStatus.LIVE
    for text in CDMX_TEXTS:
        assert text in html, text


# --- implicit override points --------------------------------------------------------------------


def test_place_bound_targets_the_publisher_did_not_declare_get_implicit_points():
    definition = _cdmx_definition()
    definition["overrides"] = [item for item in definition["overrides"] if item["key"] == "name"]
    del definition["fees"]

    points = {p.key: p for p in override_points(definition)}
    adopter = apply_local_values(
        definition,
        {"offices": [SEMOVI_OFFICE | {"name": {"es-MX": "Oficina de Sonora"}}]},
        not_applicable=["legal_basis"],
        is_publisher=False,
    )
    publisher = apply_local_values(definition, {}, is_publisher=True)
    with_fees = apply_local_values(
        definition, {"fees": REQUIRED_VALUES["fees"]}, is_publisher=False
    )

    assert sorted(k for k, p in points.items() if p.implicit) == [
        "agency",
        "fees",
        "homoclave",
        "legal_basis",
        "offices",
    ]
    assert not points["agency"].may_be_not_applicable
    assert points["offices"].may_be_not_applicable
    assert adopter["metadata"]["offices"][0]["name"] == {"es-MX": "Oficina de Sonora"}
    assert adopter["metadata"]["legal_basis"] == []
    assert adopter["metadata"]["agency"]["name"]["es-MX"] == "Por definir"
    assert "homoclave" not in adopter["metadata"]
    assert "fees" not in adopter  # the publisher charges nothing; Sonora set nothing either
    assert with_fees["fees"] == {"concepts": REQUIRED_VALUES["fees"]}
    assert publisher["metadata"]["offices"] == [SEMOVI_OFFICE]
    assert publisher["metadata"]["homoclave"] == "SEMOVI-LIC-01"


def test_a_point_inside_a_place_bound_value_never_shows_the_publishers_default():
    definition = _cdmx_definition()
    definition["overrides"].append(
        {
            "key": "primer_derecho",
            "type": "money",
            "required": False,
            "label": {"es-MX": "Primer derecho"},
            "target": "/fees/concepts/0/amount",
            "default": 999,
        }
    )

    unset = apply_local_values(definition, {}, is_publisher=False)
    own = apply_local_values(
        definition, {"fees": REQUIRED_VALUES["fees"], "fee_amount": 175}, is_publisher=False
    )

    assert unset["fees"]["concepts"] == []
    assert own["fees"]["concepts"][0]["amount"] == 175


# --- the back office -----------------------------------------------------------------------------


def test_the_enabled_app_page_lists_what_keeps_it_from_going_live_with_links(
    cdmx, sonora, publish, make_user
):
    definition = _cdmx_definition()
    definition["metadata"]["description"] = {"es-MX": "Lo resuelve {{dependencia.agua.nombre}}."}
    version = publish(cdmx, "licencia-semovi", definition=definition)
    enabled = _enable(sonora, version, _without(REQUIRED_VALUES, "offices", "fees"), go_live=False)
    client = _signed_in(sonora, make_user)

    page = client.get(f"/gestion/tramites/{enabled.public_id}/").content.decode()

    values = f"/gestion/tramites/{enabled.public_id}/valores/"
    assert "Antes de ponerlo en línea" in page
    assert f'href="{values}#ajuste-offices-grupo"' in page
    assert f'href="{values}#ajuste-fees-grupo"' in page
    assert "dependencia.agua.nombre" in page
    assert 'href="/gestion/datos/"' in page
    assert page.index("Antes de ponerlo en línea") < page.index("Poner en línea</button>")


def test_the_enable_form_offers_no_aplica_and_never_promises_the_publishers_values(
    cdmx, sonora, publish, make_user
):
    publish(cdmx, "licencia-semovi", definition=_cdmx_definition())
    client = _signed_in(sonora, make_user)

    page = client.get("/gestion/catalogo/cdmx/licencia-semovi/habilitar/").content.decode()

    assert "conservan el valor del gobierno que lo publica" not in page
    assert "nunca se toman del gobierno que publica" in page
    assert 'name="offices__no_aplica"' in page
    assert 'name="fees__no_aplica"' in page
    assert 'name="agency__no_aplica"' not in page


# --- isolation -----------------------------------------------------------------------------------


def test_another_government_can_neither_read_nor_change_not_applicable(
    cdmx, sonora, publish, make_user
):
    version = publish(cdmx, "licencia-semovi", definition=_cdmx_definition())
    enabled = _enable(
        sonora, version, _without(REQUIRED_VALUES, "offices"), not_applicable=["offices"]
    )
    cdmx_client = _signed_in(cdmx, make_user)
    admin = make_user(cdmx, roles=[Role.ADMINISTRATOR])
    with inside(cdmx):
        token = Token.objects.create(user=admin).key
    base = f"/gestion/tramites/{enabled.public_id}"
    api = f"/api/v1/enabled-apps/{enabled.public_id}/"

    responses = [
        cdmx_client.get(f"{base}/"),
        cdmx_client.get(f"{base}/valores/"),
        cdmx_client.post(f"{base}/valores/", {"offices__no_aplica": "", "fees__no_aplica": "1"}),
        cdmx.client().get(api, HTTP_AUTHORIZATION=f"Token {token}"),
        cdmx.client().put(
            f"{api}local-values/",
            {"local_values": {}, "not_applicable": []},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        ),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404, 404]
    with inside(sonora):
        unchanged = EnabledApp.objects.get(pk=enabled.pk)
        assert unchanged.not_applicable == ["offices"]
        assert unchanged.local_values == _without(REQUIRED_VALUES, "offices")
    with inside(cdmx):
        assert not EnabledApp.objects.filter(public_id=enabled.public_id).exists()
