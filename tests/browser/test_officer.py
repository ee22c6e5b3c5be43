"""An officer of Sonora asks for a correction (prevención) in a real browser and the citizen
answers it: the officer finds the case in the inbox, takes it for review, writes what is missing;
the citizen sees the request on "my procedures", sends the correction; the officer sees the case
back under review with the citizen's reply in the history.

Data the server must see is committed by `officer_case` and removed afterwards (see
tests/browser/conftest.py): the app in CDMX's catalogue, its enabled copy in Sonora's schema, the
case with its documents, events and outputs, and the folio numbers used. Audit records stay: the
audit table refuses DELETE by design, and no test counts another test's records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django_tenants.utils import schema_context
from playwright.sync_api import Browser, Page, expect

from apps_registry.models import EnabledApp, EnabledAppEvent
from apps_registry.services import enabled_app_enable
from cases import services
from cases.models import Case, CaseDocument, CaseDraft, FolioCounter
from cases.privacy import privacy_notice
from catalog.models import CatalogApp
from catalog.services import Actor, app_create, version_draft_save, version_publish
from core.models import Role, User
from tenants.models import Government
from tests.cases.views_support import PDF, all_types_definition
from tests.conftest import TEST_PASSWORD

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


def _remove(slug: str, folios_before: dict[int, int]) -> None:
    sonora = Government.objects.get(slug="sonora")
    with schema_context(sonora.schema_name), transaction.atomic():
        apps = list(EnabledApp.objects.filter(catalog_app__slug=slug))
        cases = Case.objects.filter(enabled_app__in=apps)
        documents = CaseDocument.objects.filter(case__in=cases) | CaseDocument.objects.filter(
            draft__enabled_app__in=apps
        )
        for document in documents:
            document.file.delete(save=False)
        documents.delete()
        for case in cases:
            for output in case.outputs.all():
                if output.file:
                    output.file.delete(save=False)
        cases.delete()
        CaseDraft.objects.filter(enabled_app__in=apps).delete()
        EnabledAppEvent.objects.filter(enabled_app__in=apps).delete()
        EnabledApp.objects.filter(pk__in=[app.pk for app in apps]).delete()
        for counter in FolioCounter.objects.all():
            if counter.year in folios_before:
                counter.last_value = folios_before[counter.year]
                counter.save(update_fields=["last_value"])
            else:
                counter.delete()
    # Published versions are immutable down to a trigger; the test's own app is the exception.
    cdmx = Government.objects.get(slug="cdmx")
    ids = list(CatalogApp.objects.filter(publisher=cdmx, slug=slug).values_list("pk", flat=True))
    if not ids:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE catalog_appversion DISABLE TRIGGER catalog_appversion_immutable"
        )
        cursor.execute("DELETE FROM catalog_catalogauditevent WHERE app_id = ANY(%s)", [ids])
        cursor.execute(
            "UPDATE catalog_catalogapp SET latest_version_id = NULL WHERE id = ANY(%s)", [ids]
        )
        cursor.execute("DELETE FROM catalog_appversion WHERE app_id = ANY(%s)", [ids])
        cursor.execute("DELETE FROM catalog_catalogapp WHERE id = ANY(%s)", [ids])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE catalog_appversion ENABLE TRIGGER catalog_appversion_immutable")


@pytest.fixture
def _media_in_tmp(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Files the server stores go to a temporary folder (the server thread shares settings)."""
    settings.MEDIA_ROOT = str(tmp_path)
    default_storage.__dict__.pop("relative_media_root", None)
    yield
    default_storage.__dict__.pop("relative_media_root", None)


@pytest.fixture
def officer_case(committed_user: Callable[..., User], _media_in_tmp: None) -> Iterator[OfficerCase]:
    """A case filed (committed) in Sonora on a procedure CDMX publishes, a verified citizen and
    a case officer."""
    sonora = Government.objects.get(slug="sonora")
    with schema_context(sonora.schema_name):
        folios_before = dict(FolioCounter.objects.values_list("year", "last_value"))
    _remove(SLUG, folios_before)  # a previous, interrupted run may have left it behind
    cdmx = Government.objects.get(slug="cdmx")
    actor = Actor(email="editor@cdmx.gob.mx", schema=cdmx.schema_name)
    app = app_create(publisher=cdmx, slug=SLUG, sharing_policy="public", actor=actor)
    draft = version_draft_save(
        app=app, version="1.0.0", definition=all_types_definition(SLUG), actor=actor
    )
    version = version_publish(version=draft, changelog={"es-MX": "Primera"}, actor=actor)
    citizen = committed_user("sonora", CITIZEN_EMAIL)
    officer = committed_user("sonora", OFFICER_EMAIL, roles=[Role.CASE_OFFICER])
    try:
        with schema_context(sonora.schema_name):
            User.objects.filter(pk=citizen.pk).update(
                email_verified=True, full_name="Luis Navegador"
            )
            User.objects.filter(pk=officer.pk).update(full_name="Rosa Funcionaria")
            enabled = enabled_app_enable(
                government=sonora,
                app=version.app,
                version=version,
                local_values={},
                actor=Actor(email="admin@sonora.gob.mx", schema=sonora.schema_name),
            )
            citizen = User.objects.get(pk=citizen.pk)
            services.document_upload(
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
    finally:
        # Before committed_user removes the people: cases protect their applicant.
        _remove(SLUG, folios_before)


def _sign_in(page: Page, live_url: Callable[..., str], email: str, next_path: str) -> None:
    page.goto(live_url("sonora", f"/cuenta/entrar/?next={next_path}"))
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(TEST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Entrar").click()


def test_an_officer_requests_a_correction_and_the_citizen_answers_it(
    browser: Browser, page: Page, live_url, officer_case, assert_accessible
):
    case = officer_case.case
    folio = case.folio

    # given the officer signed in on the inbox
    _sign_in(page, live_url, OFFICER_EMAIL, "/gestion/expedientes/")
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
        _sign_in(citizen_page, live_url, CITIZEN_EMAIL, f"/mis-tramites/{case.public_id}/")
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
    _sign_in(page, live_url, OFFICER_EMAIL, "/gestion/expedientes/tablero/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tablero de trámites y expedientes")
    expect(page.get_by_role("img", name="Trámites del registro por canal")).to_be_visible()
    assert_accessible(page)

    page.goto(live_url("sonora", "/gestion/expedientes/calendario/?anio=2026"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Días inhábiles de 2026")
    assert_accessible(page)
