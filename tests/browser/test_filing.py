"""A Sonora citizen files a procedure in a real browser: the conditional field appears when the
choice is toggled (json-logic-js evaluating the definition's rules), a document is uploaded,
and the folio is shown at the end.

Data the server must see is committed by `live_procedure` and removed afterwards (see
tests/browser/worlds.py): the app in CDMX's catalogue, its enabled copy in Sonora's schema and
every case, draft, document and folio number the test created there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from apps_registry.models import EnabledApp
from cases.filing import services, uploads
from cases.filing.privacy import privacy_notice
from cases.models import Case
from core.models import User
from tenants.models import Government
from tests.browser.worlds import sign_in, sonora_procedure
from tests.cases.views_support import PDF, PNG

SLUG = "todos-los-campos-navegador"
CITIZEN_EMAIL = "ciudadana.navegador@example.mx"


@dataclass(frozen=True)
class LiveProcedure:
    enabled_app: EnabledApp
    citizen: User

    @property
    def key(self) -> str:
        return str(self.enabled_app.public_id)


@pytest.fixture
def live_procedure(
    committed_user: Callable[..., User], media_in_tmp: None
) -> Iterator[LiveProcedure]:
    """The all-types procedure published by CDMX and live in Sonora, and a verified citizen."""
    sonora = Government.objects.get(slug="sonora")
    citizen = committed_user("sonora", CITIZEN_EMAIL)
    with schema_context(sonora.schema_name):
        User.objects.filter(pk=citizen.pk).update(email_verified=True, full_name="Ana Navegador")
    with sonora_procedure(SLUG) as enabled:
        yield LiveProcedure(enabled_app=enabled, citizen=citizen)


def file_case(procedure: LiveProcedure) -> Case:
    """A case filed through the services (committed), for pages that show one."""
    sonora = Government.objects.get(slug="sonora")
    with schema_context(sonora.schema_name):
        citizen = User.objects.get(pk=procedure.citizen.pk)
        answers = {
            "nombre": "Ana Navegador",
            "tiene_licencia": "false",
            "modalidad": "nueva",
            "domicilio": {
                "calle": "Blvd. Hidalgo",
                "numero_exterior": "35",
                "colonia": "Centro",
                "municipio": "Hermosillo",
                "estado": "Sonora",
                "codigo_postal": "83000",
            },
        }
        uploads.document_upload(
            applicant=citizen,
            enabled_app=procedure.enabled_app,
            document_id="identificacion",
            uploaded_file=SimpleUploadedFile("ine.pdf", PDF, content_type="application/pdf"),
        )
        return services.case_submit(
            applicant=citizen,
            enabled_app=procedure.enabled_app,
            answers=answers,
            idempotency_key="6b3c6d1e-2f59-4c8e-9d0c-0f6a0a3b8f11",
            privacy_notice_version=privacy_notice(sonora).version,
        )


def test_citizen_files_a_procedure_with_a_conditional_field_and_a_document(
    page: Page, live_url, live_procedure
):
    # given a signed-in citizen on the procedure's page
    sign_in(page, live_url, "sonora", CITIZEN_EMAIL, f"/tramites/{live_procedure.key}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pedir una constancia completa")

    # when they start the filing
    page.get_by_role("link", name="Iniciar solicitud en línea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tus datos")
    previous_licence = page.get_by_label("Número de licencia anterior")
    # then the field only renewals need is hidden until "renewal" is chosen…
    expect(previous_licence).to_be_hidden()
    page.get_by_label("Nombre completo").fill("Ana Navegador")
    page.get_by_label("Sí", exact=True).check()
    page.get_by_label("Renovación").check()
    # …and appears, required, as soon as it is (evaluated in the browser)
    expect(previous_licence).to_be_visible()
    expect(previous_licence).to_have_attribute("required", "")
    page.get_by_label("Por primera vez").check()
    expect(previous_licence).to_be_hidden()
    page.get_by_label("Renovación").check()
    previous_licence.fill("ABC123456")
    page.get_by_role("button", name="Guardar y continuar").click()

    # the address step: a field that depends on the first step's answer is shown
    expect(page.get_by_role("heading", level=1)).to_have_text("Domicilio")
    page.get_by_label("Calle").fill("Blvd. Hidalgo")
    page.get_by_label("Número exterior").fill("35")
    page.get_by_label("Colonia").fill("Centro")
    page.get_by_label("Municipio", exact=True).fill("Hermosillo")
    page.get_by_label("Entidad federativa").fill("Sonora")
    page.get_by_label("Código postal").fill("83000")
    expect(page.get_by_text("¿Tu licencia ya venció?")).to_be_visible()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Fotografía").set_input_files(
        {"name": "foto.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Guardar y continuar").click()

    # the documents step asks for the renewal's document too
    expect(page.get_by_role("heading", level=1)).to_have_text("Documentos")
    page.get_by_label("Identificación oficial").set_input_files(
        {"name": "ine.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("Licencia anterior").set_input_files(
        {"name": "licencia.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Guardar y continuar").click()

    # the summary: privacy notice accepted, submitted
    expect(page.get_by_role("heading", level=1)).to_have_text("Revisar y presentar")
    expect(page.get_by_text("ABC123456")).to_be_visible()
    page.get_by_label("He leído el aviso de privacidad").check()
    page.get_by_role("button", name="Presentar solicitud").click()

    # then the folio is shown
    expect(page.get_by_role("heading", level=1)).to_have_text("Solicitud presentada")
    folio = page.locator("[data-folio]")
    expect(folio).to_have_text(re.compile(r"^SON-\d{4}-\d{6}$"))
    sonora = Government.objects.get(slug="sonora")
    with schema_context(sonora.schema_name):
        case = Case.objects.get(enabled_app=live_procedure.enabled_app)
        assert folio.text_content() == case.folio
        assert case.answers["numero_licencia"] == "ABC123456"
        assert sorted(case.documents.values_list("document_id", flat=True)) == [
            "foto",
            "identificacion",
            "licencia_anterior",
        ]
