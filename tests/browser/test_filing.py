"""A Sonora citizen files a procedure in a real browser: the conditional field appears when the
choice is toggled (json-logic-js evaluating the definition's rules), a document is uploaded,
and the folio is shown at the end.

Data the server must see is committed by `live_procedure` and removed afterwards (see
tests/browser/conftest.py): the app in CDMX's catalogue, its enabled copy in Sonora's schema and
every case, draft, document and folio number the test created there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from apps_registry.models import EnabledApp, EnabledAppEvent
from apps_registry.services import enabled_app_enable
from cases import services
from cases.models import Case, CaseDocument, CaseDraft, FolioCounter
from cases.privacy import privacy_notice
from catalog.models import CatalogApp
from catalog.services import Actor, app_create, version_draft_save, version_publish
from core.models import User
from tenants.models import Government
from tests.cases.views_support import PDF, PNG, all_types_definition
from tests.conftest import TEST_PASSWORD

SLUG = "todos-los-campos-navegador"
CITIZEN_EMAIL = "ciudadana.navegador@example.mx"


@dataclass(frozen=True)
class LiveProcedure:
    enabled_app: EnabledApp
    citizen: User

    @property
    def key(self) -> str:
        return str(self.enabled_app.public_id)


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
def live_procedure(
    committed_user: Callable[..., User], _media_in_tmp: None
) -> Iterator[LiveProcedure]:
    """The all-types procedure published by CDMX and live in Sonora, and a verified citizen."""
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
    with schema_context(sonora.schema_name):
        User.objects.filter(pk=citizen.pk).update(email_verified=True, full_name="Ana Navegador")
        enabled = enabled_app_enable(
            government=sonora,
            app=version.app,
            version=version,
            local_values={},
            actor=Actor(email="admin@sonora.gob.mx", schema=sonora.schema_name),
        )
    try:
        yield LiveProcedure(enabled_app=enabled, citizen=citizen)
    finally:
        # Before committed_user removes the citizen: cases protect their applicant.
        _remove(SLUG, folios_before)


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
        services.document_upload(
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


def sign_in(page: Page, live_url: Callable[..., str], next_path: str) -> None:
    page.goto(live_url("sonora", f"/cuenta/entrar/?next={next_path}"))
    page.get_by_label("Correo electrónico").fill(CITIZEN_EMAIL)
    page.get_by_label("Contraseña").fill(TEST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Entrar").click()


def test_citizen_files_a_procedure_with_a_conditional_field_and_a_document(
    page: Page, live_url, live_procedure
):
    # given a signed-in citizen on the procedure's page
    sign_in(page, live_url, f"/tramites/{live_procedure.key}/")
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
    page.get_by_label("Alcaldía o municipio").fill("Hermosillo")
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
