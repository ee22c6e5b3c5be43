"""The citizen's filing wizard over HTTP: the ficha, every field type through the steps, rules
enforced by the server, uploads refused with nothing stored, the privacy notice, idempotent
submission, drafts that survive a new session, and the verification page of the acuse's QR."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from apps_registry.models import EnabledAppStatus
from cases.filing.privacy import privacy_notice
from cases.models import Case, CaseDocument, CaseDraft
from cases.outputs import verification
from tests.cases import views_support as support
from tests.cases.conftest import stored_files
from tests.cases.views_support import (
    DOMICILIO_POST,
    EXPECTED_ANSWERS,
    PDF,
    PERSONA_POST,
    fill_all_steps,
    make_citizen,
    pdf,
    signed_in,
    summary_form,
)

# Fixtures of the support module, made visible to this module's tests.
applicant = support.applicant
client_of = support.client_of
procedure = support.procedure


def _html(response) -> str:
    return response.content.decode()


def _field_errors(response) -> dict[str, str]:
    """Error messages by field or document id, as shown next to each one."""
    html = _html(response)
    return {
        match[0]: match[1]
        for match in re.findall(
            r'id="(?:campo|documento)-([a-z_]+?)(?:-archivo)?-error">([^<]*)<', html
        )
    }


# --- the procedure page --------------------------------------------------------------------------


def test_procedure_page_shows_the_ficha(sonora, procedure):
    response = sonora.client().get(procedure.url())

    html = _html(response)
    assert response.status_code == 200
    assert "<h1>Pedir una constancia completa</h1>" in html
    assert "Totalmente en línea" in html
    # CDMX's fee is never Sonora's: Sonora marked its fees "no aplica" (tests.adopting).
    assert "$1,099.50" not in html
    assert "Gratuito." in html
    assert "10 días hábiles" in html
    assert "No aplica afirmativa ni negativa ficta." in html
    assert "Identificación oficial" in html
    assert "Licencia anterior" in html
    assert f'href="/tramites/{procedure.key}/solicitud/"' in html


def test_procedure_page_by_catalogue_slug(sonora, procedure):
    response = sonora.client().get("/tramites/todos-los-campos/")

    assert response.status_code == 200


def test_procedure_page_of_an_unknown_or_disabled_app_is_not_found(sonora, procedure):
    with schema_context(sonora.schema_name):
        procedure.enabled_app.status = EnabledAppStatus.DISABLED
        procedure.enabled_app.save(update_fields=["status"])

    assert sonora.client().get(procedure.url()).status_code == 404
    assert sonora.client().get("/tramites/no-existe/").status_code == 404


def test_filing_needs_sign_in(sonora, procedure):
    response = sonora.client().get(procedure.url("solicitud/"))

    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/entrar/?next=")


# --- every field type ----------------------------------------------------------------------------


def test_every_field_type_round_trips_through_the_wizard(sonora, procedure, client_of):
    # given every step filled in, documents included
    fill_all_steps(client_of, procedure)

    # then each step shows back what was typed
    persona = _html(client_of.get(procedure.url("solicitud/paso/persona/")))
    assert 'value="Ana López Chan"' in persona
    assert ">Sin comentarios</textarea>" in persona
    assert 'value="$12,500.50"' in persona
    assert 'value="1991-05-17"' in persona
    assert re.search(
        r'id="campo-tiene_licencia-si" name="tiene_licencia" value="true" checked', persona
    )
    assert re.search(r'value="renovacion" checked', persona)
    assert re.search(r'value="deporte" checked', persona)
    assert re.search(r'value="ciencia" checked', persona)
    assert not re.search(r'value="cultura" checked', persona)
    domicilio = _html(client_of.get(procedure.url("solicitud/paso/domicilio/")))
    assert 'name="domicilio.calle" value="Blvd. Hidalgo"' in domicilio
    assert "Archivo adjunto: foto.png." in domicilio
    summary = _html(client_of.get(procedure.url("solicitud/resumen/")))
    assert "<dd>Deporte, Ciencia</dd>" in summary  # in the options' order
    assert "<dd>$12,500.50</dd>" in summary
    assert "<dd>17 de mayo de 1991</dd>" in summary
    assert "<dd>BOXW310820HNERXN09</dd>" in summary
    assert "Blvd. Hidalgo, 35, Centro, Hermosillo, Sonora, 83000" in summary

    # when the summary is submitted
    response = client_of.post(
        procedure.url("solicitud/presentar/"), summary_form(client_of, procedure)
    )

    # then one case holds the cleaned answers, the files and a Sonora folio
    with schema_context(sonora.schema_name):
        case = Case.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/mis-tramites/{case.public_id}/presentada/"
        assert re.fullmatch(r"SON-\d{4}-000001", case.folio)
        foto = case.answers.pop("foto")
        assert case.answers == EXPECTED_ANSWERS
        assert (foto["name"], foto["content_type"]) == ("foto.png", "image/png")
        assert sorted(case.documents.values_list("document_id", flat=True)) == [
            "foto",
            "identificacion",
            "licencia_anterior",
        ]
        assert not CaseDraft.objects.exists()
    confirmation = _html(client_of.get(response["Location"]))
    assert f"<strong data-folio>{case.folio}</strong>" in confirmation


def test_step_errors_are_shown_next_to_their_field_and_nothing_typed_is_lost(procedure, client_of):
    response = client_of.post(
        procedure.url("solicitud/paso/persona/"),
        {**PERSONA_POST, "edad": "doce", "correo": "ana@@example", "accion": "siguiente"},
    )

    assert response.status_code == 422
    assert _field_errors(response) == {
        "edad": "Escribe un número entero.",
        "correo": "Escribe un correo electrónico válido, por ejemplo nombre@dominio.mx.",
    }
    html = _html(response)
    assert 'value="doce"' in html
    assert 'value="ana@@example"' in html
    assert 'value="Ana López Chan"' in html
    assert '<a href="#campo-edad">Escribe un número entero.</a>' in html


def test_the_error_summary_links_to_a_choice_by_its_group(procedure, client_of):
    response = client_of.post(
        procedure.url("solicitud/paso/persona/"),
        {**PERSONA_POST, "modalidad": "", "numero_licencia": "", "accion": "siguiente"},
    )

    assert _field_errors(response) == {"modalidad": "Este dato es obligatorio."}
    assert '<a href="#campo-modalidad-grupo">Este dato es obligatorio.</a>' in _html(response)


def test_errors_in_english_when_the_citizen_chose_english(procedure, client_of):
    client_of.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client_of.post(
        procedure.url("solicitud/paso/persona/"),
        {**PERSONA_POST, "edad": "doce", "accion": "siguiente"},
    )

    assert _field_errors(response) == {"edad": "Enter a whole number."}


def test_a_field_required_by_a_rule_is_enforced_by_the_server(procedure, client_of):
    # given "renewal" chosen (which requires the previous licence number) but no number
    response = client_of.post(
        procedure.url("solicitud/paso/persona/"),
        {**PERSONA_POST, "numero_licencia": "", "accion": "siguiente"},
    )

    assert response.status_code == 422
    assert _field_errors(response) == {"numero_licencia": "Este dato es obligatorio."}
    html = _html(response)
    # re-rendered with the rule applied: shown and marked required, without JavaScript
    group = re.search(
        r'<div class="app-field app-field--text[^>]*id="campo-numero_licencia-grupo"[^>]*>', html
    )
    assert group is not None and " hidden" not in group.group(0)


def test_a_hidden_fields_value_is_dropped(sonora, procedure, client_of):
    # given a first-time request that still carries values of fields only renewals see
    client_of.post(
        procedure.url("solicitud/paso/persona/"),
        {**PERSONA_POST, "modalidad": "nueva", "numero_licencia": "ABC123456"},
    )
    response = client_of.post(
        procedure.url("solicitud/paso/domicilio/"), {**DOMICILIO_POST, "licencia_vencida": "true"}
    )
    assert response.status_code == 302
    # the renewal's document is not asked for
    response = client_of.post(procedure.url("solicitud/documentos/"), {"identificacion": pdf()})
    assert response.status_code == 302

    client_of.post(procedure.url("solicitud/presentar/"), summary_form(client_of, procedure))

    with schema_context(sonora.schema_name):
        case = Case.objects.get()
        assert case.answers["modalidad"] == "nueva"
        assert "numero_licencia" not in case.answers
        assert "licencia_vencida" not in case.answers
        assert list(case.documents.values_list("document_id", flat=True)) == ["identificacion"]


def test_a_required_document_missing_is_an_error_on_the_documents_step(procedure, client_of):
    client_of.post(procedure.url("solicitud/paso/persona/"), PERSONA_POST)

    response = client_of.post(procedure.url("solicitud/documentos/"), {"identificacion": pdf()})

    assert response.status_code == 422
    assert _field_errors(response) == {
        "licencia_anterior": "Adjunta este documento; es obligatorio."
    }


# --- uploads -------------------------------------------------------------------------------------


def test_uploads_of_a_wrong_type_a_spoofed_extension_or_too_large_are_refused_and_nothing_is_stored(
    sonora, procedure, client_of, media_root
):
    client_of.post(procedure.url("solicitud/paso/persona/"), PERSONA_POST)
    cases = {
        "wrong type": SimpleUploadedFile(
            "foto.zip", b"PK\x03\x04" + b"\x00" * 40, "application/zip"
        ),
        "spoofed extension": SimpleUploadedFile("foto.png", PDF, "image/png"),
        "too large": SimpleUploadedFile(
            "foto.png", b"\x89PNG" + b"\x00" * (1024 * 1024 + 1), "image/png"
        ),
    }
    messages = {}
    for label, upload in cases.items():
        response = client_of.post(
            procedure.url("solicitud/paso/domicilio/"),
            {**DOMICILIO_POST, "foto": upload, "accion": "siguiente"},
        )
        assert response.status_code == 422, label
        messages[label] = _field_errors(response)["foto"]
        # what was typed in the step is still there
        assert 'name="domicilio.calle" value="Blvd. Hidalgo"' in _html(response)

    assert messages == {
        "wrong type": "Tipo de archivo no permitido; se aceptan: PNG, JPEG.",
        "spoofed extension": "El contenido del archivo no corresponde a su extensión (.png); "
        "sube un archivo PNG, JPEG auténtico.",
        "too large": "El archivo pesa más de 1 MB; sube uno más ligero.",
    }
    with schema_context(sonora.schema_name):
        assert not CaseDocument.objects.exists()
    assert stored_files(media_root) == []


def test_a_document_upload_refused_on_the_documents_step(sonora, procedure, client_of, media_root):
    client_of.post(procedure.url("solicitud/paso/persona/"), PERSONA_POST)

    response = client_of.post(
        procedure.url("solicitud/documentos/"),
        {"identificacion": SimpleUploadedFile("ine.pdf", b"MZ\x90\x00" * 20, "application/pdf")},
    )

    assert response.status_code == 422
    assert _field_errors(response)["identificacion"].startswith(
        "El contenido del archivo no corresponde a su extensión (.pdf)"
    )
    with schema_context(sonora.schema_name):
        assert not CaseDocument.objects.exists()
    assert stored_files(media_root) == []


# --- submission ----------------------------------------------------------------------------------


def test_submitting_twice_with_the_same_key_files_one_case(sonora, procedure, client_of):
    fill_all_steps(client_of, procedure)
    form = summary_form(client_of, procedure)

    first = client_of.post(procedure.url("solicitud/presentar/"), form)
    again = client_of.post(procedure.url("solicitud/presentar/"), form)

    with schema_context(sonora.schema_name):
        case = Case.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/mis-tramites/{case.public_id}/presentada/"


def test_the_privacy_notice_must_be_accepted_and_its_version_is_stored(
    sonora, procedure, client_of
):
    fill_all_steps(client_of, procedure)
    form = summary_form(client_of, procedure)

    refused = client_of.post(procedure.url("solicitud/presentar/"), {**form, "accept_privacy": ""})

    assert refused.status_code == 422
    assert "Para presentar la solicitud, acepta el aviso de privacidad." in _html(refused)
    # the key stays the same, so accepting and sending again files once
    assert f'value="{form["idempotency_key"]}"' in _html(refused)
    with schema_context(sonora.schema_name):
        assert not Case.objects.exists()

    client_of.post(procedure.url("solicitud/presentar/"), form)

    with schema_context(sonora.schema_name):
        case = Case.objects.get()
        assert case.privacy_notice_version == privacy_notice(sonora.government).version
        assert case.privacy_accepted_at is not None


def test_the_summary_shows_the_tenants_privacy_notice(sonora, procedure, client_of):
    fill_all_steps(client_of, procedure)

    html = _html(client_of.get(procedure.url("solicitud/resumen/")))

    notice = privacy_notice(sonora.government)
    assert "Aviso de privacidad simplificado" in html
    assert f"Versión del aviso: {notice.version}" in html
    assert "Gobierno del Estado de Sonora es responsable del tratamiento" in html


def test_a_citizen_with_an_unverified_email_cannot_submit(sonora, procedure, applicant, client_of):
    fill_all_steps(client_of, procedure)
    with schema_context(sonora.schema_name):
        applicant.email_verified = False
        applicant.save(update_fields=["email_verified"])

    response = client_of.post(
        procedure.url("solicitud/presentar/"), summary_form(client_of, procedure)
    )

    assert response.status_code == 422
    assert "Confirma tu correo electrónico antes de presentar la solicitud." in _html(response)
    with schema_context(sonora.schema_name):
        assert not Case.objects.exists()


# --- drafts --------------------------------------------------------------------------------------


def test_a_draft_survives_signing_out_and_in_again(sonora, procedure, applicant, client_of):
    # given a citizen who typed the first step and chose "save and exit"
    response = client_of.post(
        procedure.url("solicitud/paso/persona/"), {**PERSONA_POST, "accion": "guardar_salir"}
    )
    assert response["Location"] == "/mis-tramites/"
    client_of.post("/cuenta/salir/")

    # when they sign in again in a new browser
    client = signed_in(sonora, applicant)

    # then the draft is listed, the wizard resumes where they left and nothing was lost
    assert "Solicitudes sin presentar" in _html(client.get("/mis-tramites/"))
    response = client.get(procedure.url("solicitud/"))
    assert response["Location"] == procedure.url("solicitud/paso/persona/")
    html = _html(client.get(response["Location"]))
    assert 'value="Ana López Chan"' in html
    assert 'value="+52 (662) 123-4567"' in html


def test_autosave_keeps_what_is_typed_without_validating(sonora, procedure, applicant, client_of):
    response = client_of.post(
        procedure.url("solicitud/autoguardado/"),
        {"paso": "persona", "nombre": "Ana", "edad": "todavía no sé"},
    )

    assert response.status_code == 200
    assert json.loads(response.content)["saved"] is True
    with schema_context(sonora.schema_name):
        draft = CaseDraft.objects.get(applicant=applicant)
        assert draft.answers == {"nombre": "Ana", "edad": "todavía no sé"}
        assert draft.current_step == "persona"


def test_a_paused_procedure_takes_no_filings(sonora, procedure, client_of):
    with schema_context(sonora.schema_name):
        procedure.enabled_app.status = EnabledAppStatus.PAUSED
        procedure.enabled_app.save(update_fields=["status"])

    page = client_of.get(procedure.url())
    step = client_of.post(procedure.url("solicitud/paso/persona/"), PERSONA_POST)

    assert "Este trámite no está disponible temporalmente en línea." in _html(page)
    assert step.status_code == 302
    assert step["Location"] == procedure.url()
    with schema_context(sonora.schema_name):
        assert not CaseDraft.objects.exists()


# --- the acuse and its verification ---------------------------------------------------------------


def test_the_acuse_downloads_and_its_qr_verifies(sonora, procedure, client_of):
    fill_all_steps(client_of, procedure)
    client_of.post(procedure.url("solicitud/presentar/"), summary_form(client_of, procedure))
    with schema_context(sonora.schema_name):
        case = Case.objects.get()
        acuse = case.outputs.get(kind="acuse")

    download = client_of.get(f"/mis-tramites/{case.public_id}/emitidos/{acuse.public_id}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")

    with schema_context(sonora.schema_name):
        acuse.refresh_from_db()
        token = verification.verification_token(acuse)
    valid = sonora.client().get(f"/verificar/{token}/")
    html = _html(valid)
    assert valid.status_code == 200
    assert '<strong data-verification="valid">Documento válido.</strong>' in html
    assert f"<dd>{case.folio}</dd>" in html
    assert "<dd>Prueba</dd>" in html  # the procedure's official name
    assert "<dd>Gobierno del Estado de Sonora</dd>" in html
    # no personal data on the public page
    assert "Ana López Chan" not in html
    assert "ana.lopez@example.mx" not in html

    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    invalid = sonora.client().get(f"/verificar/{tampered}/")
    assert invalid.status_code == 404
    assert '<strong data-verification="invalid">Documento no válido.</strong>' in _html(invalid)
    assert case.folio not in _html(invalid)


def test_a_valid_token_of_another_government_is_not_valid_here(cdmx, sonora, procedure, client_of):
    fill_all_steps(client_of, procedure)
    client_of.post(procedure.url("solicitud/presentar/"), summary_form(client_of, procedure))
    with schema_context(sonora.schema_name):
        token = verification.verification_token(Case.objects.get().outputs.get(kind="acuse"))

    response = cdmx.client().get(f"/verificar/{token}/")

    assert response.status_code == 404
    assert "Documento no válido." in _html(response)


def test_pages_are_served_without_a_script_being_needed(procedure, client_of):
    """Everything the wizard needs is in the HTML form; the script only enhances it."""
    html = _html(client_of.get(procedure.url("solicitud/paso/persona/")))

    assert f'action="/tramites/{procedure.key}/solicitud/paso/persona/"' in html
    assert (
        'data-show-when="[{&quot;==&quot;: [{&quot;var&quot;: &quot;modalidad&quot;}, &quot;renovacion&quot;]}]"'
        in html
    )
    assert '<script src="/static/cases/vendor/json-logic-2.0.5.js" defer></script>' in html
    assert Path("cases/static/cases/vendor/json-logic-LICENSE").exists()


def test_a_form_page_needs_few_queries(procedure, client_of):
    """Session, user, and the procedure with the citizen's draft in one query; the draft's files
    once there is a draft. The definition and a blank step's HTML are kept per process."""
    url = procedure.url("solicitud/paso/persona/")
    client_of.get(url)  # the first view of a version reads and keeps its definition

    with CaptureQueriesContext(connection) as first_visit:
        assert client_of.get(url).status_code == 200
    client_of.post(procedure.url("solicitud/autoguardado/"), {"paso": "persona", "nombre": "Ana"})
    with CaptureQueriesContext(connection) as with_draft:
        assert 'value="Ana"' in _html(client_of.get(url))

    assert len(first_visit) == 3
    assert len(with_draft) == 4


def test_a_draft_of_sonora_is_neither_seen_nor_changed_from_cdmx(
    sonora, cdmx, procedure, applicant, client_of
):
    # given a Sonora citizen's saved draft
    client_of.post(
        procedure.url("solicitud/paso/persona/"), {**PERSONA_POST, "accion": "guardar_salir"}
    )
    with schema_context(sonora.schema_name):
        before = CaseDraft.objects.values("answers", "updated_at").get(applicant=applicant)

    # when a CDMX account with the same e-mail reaches the same addresses on cdmx.localhost
    cdmx_client = signed_in(cdmx, make_citizen(cdmx, applicant.email))
    listing = _html(cdmx_client.get("/mis-tramites/"))
    wizard = cdmx_client.get(procedure.url("solicitud/paso/persona/"))
    autosave = cdmx_client.post(
        procedure.url("solicitud/autoguardado/"), {"paso": "persona", "nombre": "Intruso"}
    )

    # then CDMX knows neither the procedure nor the draft, and the draft is unchanged
    assert "Solicitudes sin presentar" not in listing
    assert wizard.status_code == 404
    assert autosave.status_code == 404
    with schema_context(cdmx.schema_name):
        assert not CaseDraft.objects.exists()
    with schema_context(sonora.schema_name):
        assert CaseDraft.objects.values("answers", "updated_at").get(applicant=applicant) == before
