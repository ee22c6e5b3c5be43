"""An officer of Sonora asks for a correction (prevención) in a real browser and the citizen
answers it: the officer finds the case in the inbox, takes it for review, writes what is missing;
the citizen sees the request on "my procedures", sends the correction; the officer sees the case
back under review with the citizen's reply in the history.

Data the server must see is committed by `officer_case` and removed afterwards (see
tests/browser/worlds.py): the app in CDMX's catalogue, its enabled copy in Sonora's schema, the
case with its documents, events and outputs, and the folio numbers used. Audit records stay: the
audit table refuses DELETE by design, and no test counts another test's records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from playwright.sync_api import Browser, Page, expect

from cases.filing import services, uploads
from cases.filing.privacy import privacy_notice
from cases.models import Case
from core.models import Role, User
from tenants.models import Government
from tests.browser.worlds import sign_in, sonora_procedure
from tests.cases.views_support import PDF

SLUG = "prevencion-navegador"
CITIZEN_EMAIL = "ciudadano.prevencion@example.mx"
OFFICER_EMAIL = "funcionaria.prevencion@sonora.gob.mx"
REQUEST = "La identificación está borrosa; súbela de nuevo, por favor."
REPLY = "Adjunto de nuevo mi identificación."


@dataclass(frozen=True)
class OfficerCase:
    case: Case
    citizen: User
    officer: User


@pytest.fixture
def officer_case(committed_user: Callable[..., User], media_in_tmp: None) -> Iterator[OfficerCase]:
    """A case filed (committed) in Sonora on a procedure CDMX publishes, a verified citizen and
    a case officer."""
    sonora = Government.objects.get(slug="sonora")
    citizen = committed_user("sonora", CITIZEN_EMAIL)
    officer = committed_user("sonora", OFFICER_EMAIL, roles=[Role.CASE_OFFICER])
    with sonora_procedure(SLUG) as enabled:
        with schema_context(sonora.schema_name):
            User.objects.filter(pk=citizen.pk).update(
                email_verified=True, full_name="Luis Navegador"
            )
            User.objects.filter(pk=officer.pk).update(full_name="Rosa Funcionaria")
            citizen = User.objects.get(pk=citizen.pk)
            uploads.document_upload(
                applicant=citizen,
                enabled_app=enabled,
                document_id="identificacion",
                uploaded_file=SimpleUploadedFile("ine.pdf", PDF, content_type="application/pdf"),
            )
            case = services.case_submit(
                applicant=citizen,
                enabled_app=enabled,
                answers={
                    "nombre": "Luis Navegador",
                    "tiene_licencia": "false",
                    "modalidad": "nueva",
                    "domicilio": {
                        "calle": "Blvd. Kino",
                        "numero_exterior": "120",
                        "colonia": "Pitic",
                        "municipio": "Hermosillo",
                        "estado": "Sonora",
                        "codigo_postal": "83150",
                    },
                },
                idempotency_key="0f5c2b7e-8d1a-4c3e-9f60-2b7d4e1a9c33",
                privacy_notice_version=privacy_notice(sonora).version,
            )
        yield OfficerCase(case=case, citizen=citizen, officer=officer)


def test_an_officer_requests_a_correction_and_the_citizen_answers_it(
    browser: Browser, page: Page, live_url, officer_case, assert_accessible
):
    case = officer_case.case
    folio = case.folio

    # given the officer signed in on the inbox
    sign_in(page, live_url, "sonora", OFFICER_EMAIL, "/gestion/expedientes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bandeja de expedientes")
    assert_accessible(page)

    # when they find the case by folio, open it and take it for review
    page.get_by_label("Folio, CURP o nombre").fill(folio)
    page.get_by_role("button", name="Buscar").click()
    page.get_by_role("link", name=folio).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Expediente {folio}")
    assert_accessible(page)
    page.get_by_role("button", name="Pasar a «En revisión»").click()
    expect(page.get_by_role("status")).to_contain_text("el expediente quedó en «En revisión»")

    # and ask for the correction with a message
    page.get_by_label("Mensaje para la persona solicitante").first.fill(REQUEST)
    page.get_by_role("button", name="Pasar a «Prevención»").click()
    expect(page.get_by_role("status")).to_contain_text("el expediente quedó en «Prevención»")

    sonora = Government.objects.get(slug="sonora")
    with schema_context(sonora.schema_name):
        assert Case.objects.get(pk=case.pk).status == "prevencion"

    # then the citizen, in their own browser, sees the request and answers it
    citizen_context = browser.new_context(locale="es-MX")
    citizen_context.set_default_timeout(10_000)
    try:
        citizen_page = citizen_context.new_page()
        sign_in(citizen_page, live_url, "sonora", CITIZEN_EMAIL, f"/mis-tramites/{case.public_id}/")
        expect(citizen_page.get_by_text(REQUEST)).to_be_visible()
        expect(
            citizen_page.get_by_role("heading", name="Corregir o completar tu solicitud")
        ).to_be_visible()
        citizen_page.get_by_label("Mensaje para la oficina (opcional)").fill(REPLY)
        citizen_page.get_by_role("button", name="Enviar corrección").click()
        expect(citizen_page.locator("[data-status]")).to_have_text("En revisión")
    finally:
        citizen_context.close()

    # and the officer finds the case back under review with the reply in its history
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Expediente {folio}")
    history = page.get_by_role("region", name="Historial").or_(
        page.locator("section[aria-labelledby='historial-titulo']")
    )
    expect(history).to_contain_text("Respuesta de la persona solicitante")
    expect(history).to_contain_text(REPLY)
    expect(page.get_by_role("button", name="Pasar a «Prevención»")).to_be_visible()
    with schema_context(sonora.schema_name):
        fresh = Case.objects.get(pk=case.pk)
        assert fresh.status == "en_revision"
        assert list(fresh.events.values_list("kind", flat=True)) == [
            "filed",
            "status_changed",
            "status_changed",
            "citizen_reply",
            "status_changed",
        ]


def test_the_dashboard_and_calendar_pages_pass_axe(
    page: Page, live_url, officer_case, assert_accessible
):
    sign_in(page, live_url, "sonora", OFFICER_EMAIL, "/gestion/expedientes/tablero/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tablero de trámites y expedientes")
    expect(page.get_by_role("img", name="Trámites del registro por canal")).to_be_visible()
    assert_accessible(page)

    page.goto(live_url("sonora", "/gestion/expedientes/calendario/?anio=2026"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Días inhábiles de 2026")
    assert_accessible(page)
