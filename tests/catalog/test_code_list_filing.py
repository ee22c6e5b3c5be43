"""A `code_list` field through the real citizen pages: the same app, published by CDMX, offers
Sonora's municipalities on Sonora's site and Yucatán's on Yucatán's; the server refuses a
municipality of another state; the case keeps code and label and the summary shows the label.
A government's own list is offered only on its own site."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import transaction
from django_tenants.utils import schema_context, tenant_context

from apps_registry.models import EnabledApp
from apps_registry.services import enabled_app_enable
from cases.filing.services import draft_save
from cases.models import Case
from core.actors import Actor, ActorRole
from tenants.jurisdiction import facts_changed
from tenants.models import CodeList, CodeListItem
from tenants.services import government_onboard
from tests.adopting import adopter_answers
from tests.cases.views_support import make_citizen, publish_and_enable, signed_in, summary_form
from tests.catalog.definition.conftest import minimal_definition, t
from tests.conftest import TEST_PASSWORD, TenantFixture

SLUG = "pipa-de-agua"
DEFINITION = minimal_definition(
    [
        {
            "id": "municipio",
            "type": "code_list",
            "list": "municipios",
            "label": t("Municipio donde vive", "Municipality where you live"),
            "required": True,
        },
        {
            "id": "oficina",
            "type": "code_list",
            "list": "oficinas",
            "label": t("Oficina", "Office"),
            "widget": "radio",
        },
    ]
)
DEFINITION["metadata"]["slug"] = SLUG
STEP = "solicitud/paso/datos/"


@pytest.fixture
def yucatan(db: None) -> TenantFixture:
    government = government_onboard(
        slug="yucatan",
        name="Gobierno del Estado de Yucatán",
        domain="yucatan.localhost",
        admin_email="admin@yucatan.gob.mx",
        admin_password=TEST_PASSWORD,
        inegi_code="31",
    ).government
    return TenantFixture(
        government=government, domain="yucatan.localhost", admin_email="admin@yucatan.gob.mx"
    )


def _own_list(tenant: TenantFixture, code: str, label: str) -> None:
    with transaction.atomic():
        offices = CodeList.objects.create(
            government=tenant.government, key="oficinas", name_es="Oficinas", name_en="Offices"
        )
        CodeListItem.objects.create(code_list=offices, code=code, label_es=label, position=1)
        facts_changed(tenant.government)


@pytest.fixture
def apps(cdmx: TenantFixture, sonora: TenantFixture, yucatan: TenantFixture) -> dict[str, Any]:
    """The app live in Sonora and in Yucatán (one published version, two adopters), each with
    its own list of offices (a code list a government lacks keeps the app from going live)."""
    _own_list(sonora, "HMO", "Oficina Hermosillo")
    _own_list(yucatan, "MID", "Oficina Mérida")
    on_sonora = publish_and_enable(cdmx, sonora, DEFINITION, slug=SLUG)
    with tenant_context(yucatan.government):
        on_yucatan = enabled_app_enable(
            government=yucatan.government,
            app=on_sonora.catalog_app,
            version=on_sonora.version,
            **adopter_answers(yucatan, on_sonora.version),
            actor=Actor.named(
                yucatan.admin_email, ActorRole.ADMINISTRATOR, schema=yucatan.schema_name
            ),
        )
    return {"sonora": on_sonora, "yucatan": on_yucatan}


def _url(enabled: EnabledApp, suffix: str) -> str:
    return f"/tramites/{enabled.public_id}/{suffix}"


def _select_options(html: str, field_id: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select id="campo-{field_id}" name="{field_id}".*?</select>', html, re.S)
    assert select is not None, html[:2000]
    return re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select.group(0))


def _applicant(tenant: TenantFixture) -> Any:
    user = make_citizen(tenant, f"ana@{tenant.government.slug}.example.mx")
    return user, signed_in(tenant, user)


def test_each_government_site_offers_its_own_municipalities(sonora, yucatan, apps):
    _, on_sonora = _applicant(sonora)
    _, on_yucatan = _applicant(yucatan)

    sonora_page = on_sonora.get(_url(apps["sonora"], STEP))
    yucatan_page = on_yucatan.get(_url(apps["yucatan"], STEP))

    assert sonora_page.status_code == yucatan_page.status_code == 200
    sonora_options = _select_options(sonora_page.content.decode(), "municipio")
    yucatan_options = _select_options(yucatan_page.content.decode(), "municipio")
    assert len(sonora_options) == 72
    assert len(yucatan_options) == 106
    assert ("26030", "Hermosillo") in sonora_options
    assert ("31050", "Mérida") in yucatan_options
    assert {code[:2] for code, _ in sonora_options} == {"26"}
    assert {code[:2] for code, _ in yucatan_options} == {"31"}
    assert "Iztapalapa" not in sonora_page.content.decode()


def test_the_server_refuses_a_yucatan_municipality_posted_on_sonora(sonora, apps):
    user, client = _applicant(sonora)

    response = client.post(
        _url(apps["sonora"], STEP), {"municipio": "31050", "accion": "siguiente"}
    )

    assert response.status_code == 422
    assert "Elige una de las opciones de la lista." in response.content.decode()
    # Even with the step check skipped (the draft holds it), filing refuses it.
    with tenant_context(sonora.government):
        draft_save(applicant=user, enabled_app=apps["sonora"], answers={"municipio": "31050"})
    refused = client.post(
        _url(apps["sonora"], "solicitud/presentar/"), summary_form_of(client, apps["sonora"])
    )
    assert refused.status_code == 422
    with schema_context(sonora.schema_name):
        assert not Case.objects.exists()


def summary_form_of(client: Any, enabled: EnabledApp) -> dict[str, str]:
    class _Procedure:
        def url(self, suffix: str = "") -> str:
            return _url(enabled, suffix)

    return summary_form(client, _Procedure())  # type: ignore[arg-type]


def test_the_case_keeps_code_and_label_and_the_summary_shows_the_label(sonora, apps):
    _, client = _applicant(sonora)

    step = client.post(_url(apps["sonora"], STEP), {"municipio": "26030", "accion": "siguiente"})
    assert step.status_code == 302
    summary = client.get(_url(apps["sonora"], "solicitud/resumen/")).content.decode()
    assert "<dd>Hermosillo</dd>" in summary
    assert "26030" not in summary

    filed = client.post(
        _url(apps["sonora"], "solicitud/presentar/"), summary_form_of(client, apps["sonora"])
    )

    assert filed.status_code == 302
    with schema_context(sonora.schema_name):
        case = Case.objects.get()
        assert case.answers == {"municipio": {"code": "26030", "label": "Hermosillo"}}
        detail = client.get(f"/mis-tramites/{case.public_id}/").content.decode()
    assert "Hermosillo" in detail


def test_a_governments_own_list_is_offered_only_on_its_site(sonora, yucatan, apps):
    _, on_sonora = _applicant(sonora)
    _, on_yucatan = _applicant(yucatan)

    sonora_page = on_sonora.get(_url(apps["sonora"], STEP)).content.decode()
    yucatan_page = on_yucatan.get(_url(apps["yucatan"], STEP)).content.decode()

    assert re.search(r'name="oficina" value="HMO"', sonora_page)
    assert "Oficina Hermosillo" in sonora_page
    assert "Oficina Hermosillo" not in yucatan_page
    assert re.search(r'name="oficina" value="MID"', yucatan_page)
    assert 'name="oficina" value="HMO"' not in yucatan_page
    # Yucatán cannot choose Sonora's office by posting its code.
    response = on_yucatan.post(
        _url(apps["yucatan"], STEP), {"municipio": "31050", "oficina": "HMO", "accion": "siguiente"}
    )
    assert response.status_code == 422
    assert "Elige una de las opciones de la lista." in response.content.decode()
