"""Jurisdiction variables: a shared app's texts name the government that serves it, in every place
the text appears — ficha, form, summary, acuse, resolution, e-mails, the API and the preview — and
an unknown variable is a located error when a version is saved or published."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core import mail
from django_tenants.utils import schema_context, tenant_context
from pypdf import PdfReader

from apps_registry.selectors import effective_definition
from cases.models import Case
from cases.office.services import case_transition
from cases.outputs.services import case_output_issue, output_render
from cases.selectors import case_acuse
from catalog.definition.validation import validate_definition
from catalog.definition.variables import check_variables, resolve, unresolved_variables
from catalog.models import CatalogApp
from catalog.services import app_create, version_draft_save, version_publish
from core.actors import Actor, ActorRole
from core.errors import ApplicationError
from tenants.jurisdiction import facts_changed, facts_for
from tenants.models import Agency
from tests.adopting import adopter_answers
from tests.cases.views_support import make_citizen, signed_in
from tests.catalog.definition.conftest import minimal_definition, t
from tests.conftest import TEST_PASSWORD

SITE = "http://sonora.localhost:8000"
SLUG = "constancia-residencia"


def portable_definition() -> dict[str, Any]:
    """Every kind of citizen-visible text names the serving government through a variable."""
    definition = minimal_definition(
        [
            {
                "id": "colonia",
                "type": "text",
                "label": t(
                    "{{Entidad.unidad_territorial}} y colonia donde vives",
                    "{{Entidad.unidad_territorial}} and neighbourhood where you live",
                ),
                "required": True,
            }
        ],
        documents=[
            {
                "id": "comprobante",
                "name": t(
                    "Comprobante de domicilio en {{entidad.nombre}}",
                    "Proof of address in {{entidad.nombre}}",
                ),
                "accept": ["application/pdf"],
                "max_size_mb": 1,
                "required": False,
            }
        ],
        outputs=[
            {
                "id": "acuse",
                "kind": "acuse",
                "title": t("Acuse de recibo", "Acknowledgement of receipt"),
                "on_state": "recibida",
                "body": t(
                    "{{dependencia.gobierno.nombre}} recibió tu solicitud {{folio}}; "
                    "consúltala con {{identidad.nombre}}.",
                    "{{dependencia.gobierno.nombre}} received your application {{folio}}; "
                    "follow it with {{identidad.nombre}}.",
                ),
                "signed": True,
                "qr_verification": True,
            },
            {
                "id": "constancia",
                "kind": "constancia",
                "title": t("Constancia de residencia", "Certificate of residence"),
                "on_state": "resuelta",
                "body": t(
                    "{{gobierno.nombre}} hace constar que {{colonia}} está en {{entidad.nombre}}.",
                    "{{gobierno.nombre}} certifies that {{colonia}} is in {{entidad.nombre}}.",
                ),
                "signed": True,
                "qr_verification": True,
            },
        ],
    )
    definition["metadata"].update(
        slug=SLUG,
        name=t(
            "Constancia de residencia en {{entidad.nombre}}",
            "Certificate of residence in {{entidad.nombre}}",
        ),
        citizen_name=t(
            "Constancia de residencia en {{entidad.nombre}}",
            "Certificate of residence in {{entidad.nombre}}",
        ),
        description=t(
            "La expide {{dependencia.gobierno.nombre}} ({{dependencia.gobierno.siglas}}).",
            "Issued by {{dependencia.gobierno.nombre}} ({{dependencia.gobierno.siglas}}).",
        ),
    )
    definition["form"]["steps"][0]["title"] = t(
        "Domicilio en {{entidad.nombre}}", "Address in {{entidad.nombre}}"
    )
    definition["workflow"]["states"][1]["name"] = t(
        "Resuelta por {{dependencia.gobierno.siglas}}",
        "Resolved by {{dependencia.gobierno.siglas}}",
    )
    return definition


def _declare_facts(tenant: Any, agency: str, acronym: str, identity: str) -> None:
    government = tenant.government
    Agency.objects.update_or_create(
        government=government,
        key="gobierno",
        defaults={"name_es": agency, "name_en": agency, "acronym": acronym},
    )
    government.identity_provider_name = identity
    government.save(update_fields=["identity_provider_name"])
    facts_changed(government)


def _publish(cdmx: Any) -> Any:
    actor = Actor.named("editor@cdmx.gob.mx", ActorRole.CATALOG_EDITOR, schema=cdmx.schema_name)
    app = CatalogApp.objects.filter(publisher=cdmx.government, slug=SLUG).first() or app_create(
        publisher=cdmx.government, slug=SLUG, sharing_policy="public", actor=actor
    )
    draft = version_draft_save(
        app=app, version="1.0.0", definition=portable_definition(), actor=actor
    )
    return version_publish(version=draft, changelog=t("Primera versión"), actor=actor)


def _enable(tenant: Any, version: Any) -> Any:
    from apps_registry.services import enabled_app_enable

    with tenant_context(tenant.government):
        return enabled_app_enable(
            government=tenant.government,
            app=version.app,
            version=version,
            **adopter_answers(tenant, version),
            actor=Actor.named(
                tenant.admin_email, ActorRole.ADMINISTRATOR, schema=tenant.schema_name
            ),
        )


@pytest.fixture
def served(cdmx: Any, sonora: Any) -> dict[str, Any]:
    """The app CDMX publishes, live on CDMX's site and on Sonora's, each with its own facts."""
    _declare_facts(cdmx, "Secretaría de Gobierno de la Ciudad de México", "SECGOB", "Llave CDMX")
    _declare_facts(sonora, "Secretaría de Gobierno del Estado de Sonora", "SEGOB", "Llave Sonora")
    version = _publish(cdmx)
    return {"version": version, "cdmx": _enable(cdmx, version), "sonora": _enable(sonora, version)}


def _html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- the variables themselves ----------------------------------------------------------------------


def test_unknown_and_malformed_variables_are_located_errors():
    definition = portable_definition()
    definition["metadata"]["description"] = t("Vive en {{entidad.capital}}.", "{{entidad.nombre}")
    errors = {(error.code, error.location) for error in validate_definition(definition)}
    assert ("unknown_variable", "/metadata/description/es-MX") in errors
    assert ("malformed_variable", "/metadata/description/en") in errors
    message = next(e for e in check_variables(definition) if e.code == "unknown_variable")
    assert "{{entidad.capital}}" in message.message_es and "no existe" in message.message_es
    assert "does not exist" in message.message_en


def test_case_placeholders_of_output_templates_are_not_jurisdiction_variables():
    definition = portable_definition()
    assert list(check_variables(definition)) == []
    assert validate_definition(definition) == []


def test_saving_a_draft_with_an_unknown_variable_is_refused_and_nothing_is_saved(cdmx):
    actor = Actor.named("editor@cdmx.gob.mx", ActorRole.CATALOG_EDITOR, schema=cdmx.schema_name)
    app = app_create(publisher=cdmx.government, slug=SLUG, sharing_policy="public", actor=actor)
    definition = portable_definition()
    definition["form"]["steps"][0]["title"] = t("Domicilio en {{estado}}.{{x.y}}")
    with pytest.raises(ApplicationError) as raised:
        version_draft_save(app=app, version="1.0.0", definition=definition, actor=actor)
    assert [(e.code, e.location) for e in raised.value.errors] == [
        ("unknown_variable", "/definition/form/steps/0/title/en"),
        ("unknown_variable", "/definition/form/steps/0/title/es-MX"),
    ]
    assert not app.versions.exists()


def test_resolution_follows_the_language_and_capitalises_on_request(cdmx, sonora):
    text = {
        "es-MX": "{{Entidad.unidad_territorial}} de {{entidad.nombre}}",
        "en": "{{Entidad.unidad_territorial}} of {{entidad.nombre}}",
    }
    assert resolve(text, facts_for(cdmx.government)) == {
        "es-MX": "Alcaldía de Ciudad de México",
        "en": "Borough of Mexico City",
    }
    assert resolve(text, facts_for(sonora.government)) == {
        "es-MX": "Municipio de Sonora",
        "en": "Municipality of Sonora",
    }
    assert text["es-MX"].startswith("{{")  # the input is never changed


def test_a_variable_without_a_value_is_reported_and_never_shown_as_braces(sonora):
    definition = portable_definition()
    facts = facts_for(sonora.government)  # no agency declared, no identity provider
    missing = {error.location for error in unresolved_variables(definition, facts)}
    assert "/metadata/description/es-MX" in missing
    description = resolve(definition, facts)["metadata"]["description"]["es-MX"]
    assert "{{" not in description
    assert "[dependencia: Gobierno interior" in description


# --- every output, per government ------------------------------------------------------------------


def test_the_ficha_and_the_home_name_the_serving_government(served, cdmx, sonora):
    sonora_ficha = _html(sonora.client().get(f"/tramites/{served['sonora'].public_id}/"))
    assert "Constancia de residencia en Sonora" in sonora_ficha
    assert "Secretaría de Gobierno del Estado de Sonora (SEGOB)" in sonora_ficha
    assert "Comprobante de domicilio en Sonora" in sonora_ficha
    assert "Ciudad de México" not in sonora_ficha.split("<main", 1)[1]
    assert "{{" not in sonora_ficha

    cdmx_ficha = _html(cdmx.client().get(f"/tramites/{served['cdmx'].public_id}/"))
    assert "Constancia de residencia en Ciudad de México" in cdmx_ficha
    assert "(SECGOB)" in cdmx_ficha

    home = _html(sonora.client().get("/"))
    assert "Constancia de residencia en Sonora" in home


def test_the_form_the_summary_the_acuse_and_the_emails_name_the_serving_government(
    served, sonora, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    citizen = make_citizen(sonora, "lucia@example.mx")
    client = signed_in(sonora, citizen)
    base = f"/tramites/{served['sonora'].public_id}/solicitud/"

    step = _html(client.get(f"{base}paso/datos/"))
    assert "Domicilio en Sonora" in step
    assert "Municipio y colonia donde vives" in step
    response = client.post(f"{base}paso/datos/", {"colonia": "Centro", "accion": "siguiente"})
    assert response.status_code == 302
    documents = _html(client.get(f"{base}documentos/"))
    assert "Comprobante de domicilio en Sonora" in documents
    client.post(f"{base}documentos/", {"accion": "siguiente"})

    summary = _html(client.get(f"{base}resumen/"))
    assert "Constancia de residencia en Sonora" in summary
    assert "Municipio y colonia donde vives" in summary
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', summary))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{base}presentar/",
            {
                "idempotency_key": hidden["idempotency_key"],
                "privacy_notice_version": hidden["privacy_notice_version"],
                "accept_privacy": "on",
            },
        )
    assert response.status_code == 302

    with tenant_context(sonora.government):
        case = Case.objects.get()
        acuse_text = " ".join(
            _pdf_text(output_render(output=case_acuse(case), site_url=SITE)).split()
        )
        with django_capture_on_commit_callbacks(execute=True):
            case_transition(
                case=case,
                transition_id="resolver",
                actor=Actor.named("o@sonora.gob.mx", ActorRole.CASE_OFFICER),
            )
        constancia = case_output_issue(
            case=case,
            output_id="constancia",
            actor=Actor.named("o@sonora.gob.mx", ActorRole.CASE_OFFICER),
            site_url=SITE,
        )
        resolution_text = " ".join(_pdf_text(constancia.file.open("rb").read()).split())

    assert "Secretaría de Gobierno del Estado de Sonora recibió tu solicitud" in acuse_text
    assert "consúltala con Llave Sonora" in acuse_text
    assert "Constancia de residencia en Sonora" in acuse_text
    assert "Gobierno del Estado de Sonora hace constar que Centro está en Sonora" in (
        resolution_text
    )
    bodies = "\n".join(f"{message.subject}\n{message.body}" for message in mail.outbox)
    assert "Constancia de residencia en Sonora" in bodies  # filed
    assert "Resuelta por SEGOB" in bodies  # status changed
    assert "Ciudad de México" not in acuse_text + resolution_text + bodies


def test_the_api_and_the_preview_show_the_definition_as_each_government_serves_it(
    served, cdmx, sonora
):
    from rest_framework.authtoken.models import Token

    from core.models import Role, User

    with schema_context(sonora.schema_name):
        admin = User.objects.create_user(
            "api@sonora.gob.mx", "x-Prueba-2026", roles=[Role.ADMINISTRATOR], is_staff=True
        )
        token = Token.objects.create(user=admin)
    api = sonora.client(HTTP_AUTHORIZATION=f"Token {token.key}").get(
        f"/api/v1/enabled-apps/{served['sonora'].public_id}/"
    )
    assert api.status_code == 200, api.content[:300]
    definition = api.json()["definition"]
    assert definition["metadata"]["name"]["es-MX"] == "Constancia de residencia en Sonora"
    assert definition["form"]["steps"][0]["title"]["en"] == "Address in Sonora"

    admin = sonora.client()
    with schema_context(sonora.schema_name):
        assert admin.login(username=sonora.admin_email, password=TEST_PASSWORD)
    preview = _html(admin.get(f"/gestion/catalogo/cdmx/{SLUG}/vista-previa/"))
    assert "Constancia de residencia en Sonora" in preview
    assert "Domicilio en Sonora" in preview
    assert "Ciudad de México" not in preview.split("<main", 1)[1]

    with tenant_context(sonora.government):
        assert effective_definition(served["sonora"])["documents"][0]["name"]["es-MX"] == (
            "Comprobante de domicilio en Sonora"
        )
    with tenant_context(cdmx.government):
        assert effective_definition(served["cdmx"])["documents"][0]["name"]["en"] == (
            "Proof of address in Mexico City"
        )


def test_a_change_of_facts_shows_on_the_next_request(served, sonora):
    url = f"/tramites/{served['sonora'].public_id}/"
    assert "(SEGOB)" in _html(sonora.client().get(url))
    Agency.objects.filter(government=sonora.government, key="gobierno").update(acronym="SG")
    facts_changed(sonora.government)
    from tenants.routing import clear_routes

    clear_routes()  # the host cache keeps the Government row (and its revision) a few seconds
    page = _html(sonora.client().get(url))
    assert "(SG)" in page and "(SEGOB)" not in page
