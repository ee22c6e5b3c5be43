"""«Mis trámites» over HTTP: the list and detail of a citizen's cases with status, history,
messages and downloads; the correction form of a prevención; and isolation: another citizen, or
a citizen of another government, gets 404 for every case, document and acuse, and nothing
changes."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from cases.models import Case, CaseDocument, CaseEvent
from cases.office import services
from core.actors import Actor, ActorRole
from tests.cases import views_support as support
from tests.cases.views_support import (
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


@pytest.fixture
def filed(sonora, procedure, client_of) -> Case:
    """A case filed through the wizard by the Sonora applicant."""
    fill_all_steps(client_of, procedure)
    client_of.post(procedure.url("solicitud/presentar/"), summary_form(client_of, procedure))
    with schema_context(sonora.schema_name):
        return Case.objects.select_related("enabled_app", "version").get()


def _urls(case: Case) -> list[str]:
    document = case.documents.get(document_id="identificacion")
    acuse = case.outputs.get(kind="acuse")
    return [
        f"/mis-tramites/{case.public_id}/",
        f"/mis-tramites/{case.public_id}/presentada/",
        f"/mis-tramites/{case.public_id}/documentos/{document.public_id}/",
        f"/mis-tramites/{case.public_id}/emitidos/{acuse.public_id}/",
    ]


def _in_prevencion(sonora, case: Case) -> Case:
    with schema_context(sonora.schema_name):
        services.case_transition(
            case=case,
            transition_id="revisar",
            actor=Actor.named("oficina@sonora.gob.mx", ActorRole.CASE_OFFICER),
        )
        return services.case_transition(
            case=case,
            transition_id="prevenir",
            actor=Actor.named("oficina@sonora.gob.mx", ActorRole.CASE_OFFICER),
            message="Falta la identificación por ambos lados.",
        )


def test_my_cases_lists_the_case_with_its_status(sonora, filed, client_of):
    with CaptureQueriesContext(connection) as queries:
        response = client_of.get("/mis-tramites/")

    html = _html(response)
    assert response.status_code == 200
    assert f'<a href="/mis-tramites/{filed.public_id}/">{filed.folio}</a>' in html
    assert "<td>Pedir una constancia completa</td>" in html
    assert '<span class="badge">Recibida</span>' in html
    # session, user, cases with their version, drafts: not one query per case
    assert len(queries) <= 6


def test_case_detail_shows_status_history_documents_and_acuse(sonora, filed, client_of):
    response = client_of.get(f"/mis-tramites/{filed.public_id}/")

    html = _html(response)
    assert response.status_code == 200
    assert '<span class="badge" data-status>Recibida</span>' in html
    assert "<strong>Solicitud presentada</strong>: Recibida" in html
    assert "ine.pdf" in html
    with schema_context(sonora.schema_name):
        acuse = filed.outputs.get(kind="acuse")
    assert f"/mis-tramites/{filed.public_id}/emitidos/{acuse.public_id}/" in html


def test_the_applicant_downloads_their_document(sonora, filed, client_of):
    with schema_context(sonora.schema_name):
        document = filed.documents.get(document_id="identificacion")

    response = client_of.get(f"/mis-tramites/{filed.public_id}/documentos/{document.public_id}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ine.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_prevencion_shows_the_office_message_and_the_citizen_answers_it(sonora, filed, client_of):
    case = _in_prevencion(sonora, filed)

    page = _html(client_of.get(f"/mis-tramites/{case.public_id}/"))
    assert '<span class="badge" data-status>Falta información</span>' in page
    assert "Falta la identificación por ambos lados." in page
    assert "Corregir o completar tu solicitud" in page
    # the correction form starts with what was filed
    assert 'value="Ana López Chan"' in page

    # when the citizen corrects a field and replaces the document
    answers = {**case.answers, "nombre": "Ana María López Chan", "intereses": ["cultura"]}
    post = {
        key: value
        for key, value in answers.items()
        if not isinstance(value, dict) and key != "foto"
    }
    post.update({f"domicilio.{key}": value for key, value in case.answers["domicilio"].items()})
    post["tiene_licencia"] = "true"
    post["licencia_vencida"] = "false"
    response = client_of.post(
        f"/mis-tramites/{case.public_id}/correccion/",
        {**post, "identificacion": pdf("ine-ambos-lados.pdf"), "mensaje": "Listo"},
    )

    assert response.status_code == 302, _html(response)[:2000]
    with schema_context(sonora.schema_name):
        case.refresh_from_db()
        assert case.status == "en_revision"
        assert case.answers["nombre"] == "Ana María López Chan"
        assert case.answers["intereses"] == ["cultura"]
        assert list(
            case.documents.filter(
                document_id="identificacion", superseded_at__isnull=True
            ).values_list("original_name", flat=True)
        ) == ["ine-ambos-lados.pdf"]
        assert CaseEvent.objects.filter(case=case, kind="citizen_reply").count() == 1


def test_a_correction_with_a_bad_answer_is_refused_next_to_the_field(sonora, filed, client_of):
    case = _in_prevencion(sonora, filed)

    response = client_of.post(
        f"/mis-tramites/{case.public_id}/correccion/", {"nombre": "", "edad": "muchos"}
    )

    assert response.status_code == 422
    html = _html(response)
    assert re.search(r'id="campo-edad-error">Escribe un número entero.<', html)
    assert 'value="muchos"' in html
    with schema_context(sonora.schema_name):
        case.refresh_from_db()
        assert case.status == "prevencion"


# --- isolation ------------------------------------------------------------------------------------


def test_another_citizen_gets_not_found_for_every_url_and_nothing_changes(sonora, filed):
    with schema_context(sonora.schema_name):
        urls = _urls(filed)
        other = make_citizen(sonora, "otra.persona@example.mx")
    client = signed_in(sonora, other)

    for url in urls:
        assert client.get(url).status_code == 404, url
    response = client.post(f"/mis-tramites/{filed.public_id}/correccion/", {"nombre": "Intruso"})
    assert response.status_code == 404
    assert filed.folio not in _html(client.get("/mis-tramites/"))
    with schema_context(sonora.schema_name):
        case = Case.objects.get()
        assert case.answers == filed.answers
        assert case.status == filed.status
        assert CaseEvent.objects.filter(case=case).count() == 1


def test_a_citizen_of_another_government_gets_not_found_for_every_url(cdmx, sonora, filed):
    with schema_context(sonora.schema_name):
        urls = _urls(filed)
    # the same e-mail, registered on CDMX's site: a different account
    intruder = make_citizen(cdmx, "ana.lopez@example.mx")
    client = signed_in(cdmx, intruder)

    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.get(f"/tramites/{filed.enabled_app.public_id}/").status_code == 404
    assert client.post(f"/mis-tramites/{filed.public_id}/correccion/", {}).status_code == 404


def test_the_sonora_session_is_not_valid_on_cdmx(cdmx, sonora, filed, client_of):
    """Host-only cookies: even sent to CDMX's host, Sonora's session opens nothing there."""
    session_cookie = client_of.cookies["sessionid"].value
    client = cdmx.client()
    client.cookies["sessionid"] = session_cookie

    response = client.get(f"/mis-tramites/{filed.public_id}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/entrar/")


def test_anonymous_visitors_are_sent_to_sign_in_and_files_are_not_served(sonora, filed):
    with schema_context(sonora.schema_name):
        urls = _urls(filed)
        stored = filed.documents.get(document_id="identificacion").file.name
    client = sonora.client()

    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/cuenta/entrar/")
    assert client.get(f"/media/{sonora.schema_name}/{stored}").status_code == 404


def test_a_draft_document_of_another_citizen_is_not_served(sonora, procedure, client_of):
    client_of.post(procedure.url("solicitud/documentos/"), {"identificacion": pdf()})
    with schema_context(sonora.schema_name):
        document = CaseDocument.objects.get()
        other = make_citizen(sonora, "otra.persona@example.mx")
    client = signed_in(sonora, other)

    response = client.get(f"/mis-tramites/{document.public_id}/documentos/{document.public_id}/")

    assert response.status_code == 404
