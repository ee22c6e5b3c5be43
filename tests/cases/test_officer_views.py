"""The officer back office over HTTP: the inbox, a case page, transitions with optimistic
concurrency, approval/rejection issuing the resolution PDF, assignment, internal notes, staff-only
files; the role on every view (auditors read only); and isolation: an officer of CDMX can neither
list, open nor act on a Sonora case (404, nothing changed)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from cases.filing.privacy import privacy_notice
from cases.filing.services import case_submit
from cases.filing.uploads import document_upload
from cases.models import Case, CaseEvent, CaseOutput
from cases.office.services import case_transition
from core.actors import Actor, ActorRole
from core.models import AuditEvent, Role, User
from core.tenancy import current_government
from tests.cases.conftest import pdf, png
from tests.cases.definitions import ALWAYS_REQUIRED_DOCUMENTS, valid_answers
from tests.conftest import TEST_PASSWORD

INBOX = "/gestion/expedientes/"


def file_case(tenant: Any, citizen: User, app: Any, **answers: Any) -> Case:
    """A case filed by `citizen` in `tenant`, with every required document."""
    with tenant_context(tenant.government):
        for document_id in ALWAYS_REQUIRED_DOCUMENTS:
            document_upload(
                applicant=citizen, enabled_app=app, document_id=document_id, uploaded_file=pdf()
            )
        document_upload(
            applicant=citizen, enabled_app=app, document_id="fotografia", uploaded_file=png()
        )
        return case_submit(
            applicant=citizen,
            enabled_app=app,
            answers=valid_answers(**answers),
            idempotency_key=uuid.uuid4(),
            privacy_notice_version=privacy_notice(current_government()).version,
        )


def signed_in(tenant: Any, user: User) -> Client:
    client = tenant.client()
    with schema_context(tenant.schema_name):
        assert client.login(username=user.email, password=TEST_PASSWORD)
    return client


def reload(tenant: Any, case: Case) -> Case:
    with schema_context(tenant.schema_name):
        return Case.objects.get(pk=case.pk)


def snapshot(tenant: Any, case: Case) -> tuple[Any, ...]:
    with schema_context(tenant.schema_name):
        fresh = Case.objects.get(pk=case.pk)
        return (
            fresh.status,
            fresh.lock_version,
            fresh.assigned_to_id,
            CaseEvent.objects.filter(case=fresh).count(),
            CaseOutput.objects.filter(case=fresh).count(),
        )


def start_review(tenant: Any, case: Case) -> Case:
    with schema_context(tenant.schema_name):
        return case_transition(
            case=case,
            transition_id="iniciar_revision",
            actor=Actor.named("otra@sonora.gob.mx", ActorRole.CASE_OFFICER),
        )


@pytest.fixture
def case(sonora, citizen, sonora_app) -> Case:
    return file_case(sonora, citizen, sonora_app)


@pytest.fixture
def officer(sonora, make_user) -> User:
    return make_user(sonora, email="funcionaria@sonora.gob.mx", roles=[Role.CASE_OFFICER])


@pytest.fixture
def officer_client(sonora, officer) -> Client:
    return signed_in(sonora, officer)


def html(response: Any) -> str:
    return response.content.decode()


# --- roles ----------------------------------------------------------------------------------------


def _get_urls(case: Case) -> list[str]:
    document = case.documents.order_by("id").first()
    acuse = case.outputs.get(kind="acuse")
    return [
        INBOX,
        f"{INBOX}{case.public_id}/",
        f"{INBOX}{case.public_id}/documentos/{document.public_id}/",
        f"{INBOX}{case.public_id}/emitidos/{acuse.public_id}/",
    ]


def _post_urls(case: Case) -> list[tuple[str, dict[str, str]]]:
    return [
        (
            f"{INBOX}{case.public_id}/transicion/",
            {"transition": "iniciar_revision", "lock_version": str(case.lock_version)},
        ),
        (f"{INBOX}{case.public_id}/asignacion/", {"officer": "", "lock_version": "0"}),
        (f"{INBOX}{case.public_id}/notas/", {"text": "Revisar la identificación."}),
    ]


def test_anonymous_visitors_are_sent_to_sign_in_from_every_officer_view(sonora, case):
    client = sonora.client()
    with schema_context(sonora.schema_name):
        urls = _get_urls(case)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "?next=" in response.url, url
    for url, data in _post_urls(case):
        assert client.post(url, data).status_code == 302, url
    assert snapshot(sonora, case)[:4] == ("recibida", 0, None, 1)


@pytest.mark.parametrize("roles", [[], [Role.PUBLISHER]])
def test_citizens_and_publishers_get_403_on_every_officer_view(sonora, case, make_user, roles):
    user = make_user(sonora, email="sin-rol@sonora.gob.mx", roles=roles, is_staff=bool(roles))
    client = signed_in(sonora, user)
    before = snapshot(sonora, case)
    with schema_context(sonora.schema_name):
        urls = _get_urls(case)
    for url in urls:
        assert client.get(url).status_code == 403, url
    for url, data in _post_urls(case):
        assert client.post(url, data).status_code == 403, url
    assert snapshot(sonora, case) == before


def test_the_applicant_cannot_use_the_officer_pages_for_their_own_case(sonora, case, citizen):
    client = signed_in(sonora, citizen)
    before = snapshot(sonora, case)
    with schema_context(sonora.schema_name):
        urls = _get_urls(case)
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert snapshot(sonora, case) == before


def test_an_auditor_reads_everything_but_cannot_act(sonora, case, make_user):
    auditor = make_user(sonora, email="auditoria@sonora.gob.mx", roles=[Role.AUDITOR])
    client = signed_in(sonora, auditor)
    before = snapshot(sonora, case)
    with schema_context(sonora.schema_name):
        urls = _get_urls(case)
    for url in urls:
        assert client.get(url).status_code == 200, url
    page = html(client.get(f"{INBOX}{case.public_id}/"))
    assert "Su rol permite consultar el expediente, no actuar sobre él." in page
    assert "Iniciar revisión" not in page
    for url, data in _post_urls(case):
        assert client.post(url, data).status_code == 403, url
    assert snapshot(sonora, case) == before


# --- inbox ----------------------------------------------------------------------------------------


def test_the_inbox_lists_the_governments_open_cases_by_deadline(
    sonora, citizen, sonora_app, officer_client
):
    # given three cases; the latest filed is due first, one is already overdue
    first = file_case(sonora, citizen, sonora_app)
    second = file_case(sonora, citizen, sonora_app)
    third = file_case(sonora, citizen, sonora_app)
    today = timezone.localdate()
    with schema_context(sonora.schema_name):
        Case.objects.filter(pk=first.pk).update(due_on=today + timedelta(days=30))
        Case.objects.filter(pk=second.pk).update(due_on=today + timedelta(days=1))
        Case.objects.filter(pk=third.pk).update(due_on=today - timedelta(days=2))

    # when
    response = officer_client.get(INBOX)

    # then
    assert response.status_code == 200
    page = html(response)
    positions = [page.index(item.folio) for item in (third, second, first)]
    assert positions == sorted(positions)
    assert page.count('class="badge overdue"') == 1
    assert page.count('class="badge due-soon"') == 1
    assert "<h1>Bandeja de expedientes</h1>" in page


def test_the_inbox_costs_the_same_queries_whatever_the_number_of_cases(
    sonora, citizen, sonora_app, officer, officer_client
):
    first = file_case(sonora, citizen, sonora_app)
    with schema_context(sonora.schema_name):
        Case.objects.filter(pk=first.pk).update(assigned_to=officer)
    officer_client.get(INBOX)  # warm the host and definition caches
    with CaptureQueriesContext(connection) as one:
        officer_client.get(INBOX)
    for _ in range(3):
        file_case(sonora, citizen, sonora_app)
    with schema_context(sonora.schema_name):
        Case.objects.update(assigned_to=officer)
    officer_client.get(INBOX)
    with CaptureQueriesContext(connection) as four:
        response = officer_client.get(INBOX)

    assert html(response).count("/gestion/expedientes/") >= 4
    assert len(four.captured_queries) == len(one.captured_queries)


def test_the_inbox_searches_by_folio_curp_and_name(sonora, citizen, sonora_app, officer_client):
    maria = file_case(sonora, citizen, sonora_app)
    pedro = file_case(
        sonora,
        citizen,
        sonora_app,
        nombre="Pedro",
        primer_apellido="Soto",
        curp="SOPP900517HSRTDD05",
    )
    with schema_context(sonora.schema_name):
        pedro = Case.objects.get(pk=pedro.pk)

    by_folio = html(officer_client.get(INBOX, {"q": maria.folio.lower()}))
    by_name = html(officer_client.get(INBOX, {"q": "pedro so"}))

    assert maria.folio in by_folio and pedro.folio not in by_folio
    assert pedro.folio in by_name and maria.folio not in by_name
    by_curp = html(officer_client.get(INBOX, {"q": "sopp900517hsrtdd05"}))
    assert pedro.applicant_curp == "SOPP900517HSRTDD05"
    assert pedro.folio in by_curp and maria.folio not in by_curp


def test_the_inbox_filters_by_assignment_and_status(
    sonora, citizen, sonora_app, officer, officer_client
):
    mine = file_case(sonora, citizen, sonora_app)
    other = file_case(sonora, citizen, sonora_app)
    with schema_context(sonora.schema_name):
        Case.objects.filter(pk=mine.pk).update(assigned_to=officer)
    start_review(sonora, other)

    assigned = html(officer_client.get(INBOX, {"asignado": "mios"}))
    in_review = html(officer_client.get(INBOX, {"estado": "en_revision"}))

    assert mine.folio in assigned and other.folio not in assigned
    assert other.folio in in_review and mine.folio not in in_review


# --- the case page --------------------------------------------------------------------------------


def test_the_case_page_shows_the_filing_documents_and_history_and_audits_the_view(
    sonora, case, officer, officer_client
):
    response = officer_client.get(f"{INBOX}{case.public_id}/")

    assert response.status_code == 200
    page = html(response)
    assert f"Expediente {case.folio}" in page
    assert "Av. Rosales" in page  # the filed address, as the version asks for it
    assert "Solicitud presentada" in page
    assert page.count("Descargar ") == 5  # four required documents and the photo
    assert 'name="lock_version" value="0"' in page
    with schema_context(sonora.schema_name):
        viewed = AuditEvent.objects.filter(
            action="case.viewed", object_id=str(case.public_id), actor_email=officer.email
        ).count()
    assert viewed == 1


def test_a_staff_member_downloads_a_document_of_the_case(sonora, case, officer_client):
    with schema_context(sonora.schema_name):
        document = case.documents.get(document_id="identificacion_oficial")

    response = officer_client.get(f"{INBOX}{case.public_id}/documentos/{document.public_id}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


def test_a_document_of_another_case_is_404_through_this_case(
    sonora, citizen, sonora_app, case, officer_client
):
    other = file_case(sonora, citizen, sonora_app)
    with schema_context(sonora.schema_name):
        document = other.documents.order_by("id").first()

    response = officer_client.get(f"{INBOX}{case.public_id}/documentos/{document.public_id}/")

    assert response.status_code == 404


# --- transitions ----------------------------------------------------------------------------------


def test_an_officer_takes_a_case_for_review(sonora, case, officer, officer_client):
    response = officer_client.post(
        f"{INBOX}{case.public_id}/transicion/",
        {"transition": "iniciar_revision", "lock_version": "0", "message": ""},
    )

    assert response.status_code == 302
    assert response.url == f"{INBOX}{case.public_id}/"
    fresh = reload(sonora, case)
    assert (fresh.status, fresh.lock_version) == ("en_revision", 1)
    with schema_context(sonora.schema_name):
        event = CaseEvent.objects.filter(case=case, kind="status_changed").get()
    assert (event.actor_email, event.to_status) == (officer.email, "en_revision")


def test_a_stale_form_is_refused_with_a_clear_message_and_keeps_what_was_typed(
    sonora, case, officer_client
):
    # given another officer moved the case after this one opened it (lock_version 0 → 1)
    start_review(sonora, case)
    before = snapshot(sonora, case)

    # when the first officer sends a correction request from the page seen before
    response = officer_client.post(
        f"{INBOX}{case.public_id}/transicion/",
        {
            "transition": "prevenir",
            "lock_version": "0",
            "message": "Falta la constancia de CURP legible.",
        },
    )

    # then
    assert response.status_code == 409
    page = html(response)
    assert "Otra persona modificó este expediente mientras lo veías" in page
    assert "Falta la constancia de CURP legible.</textarea>" in page
    assert 'name="lock_version" value="1"' in page
    assert snapshot(sonora, case) == before


def test_a_correction_request_needs_a_message(sonora, case, officer_client):
    case = start_review(sonora, case)
    before = snapshot(sonora, case)

    response = officer_client.post(
        f"{INBOX}{case.public_id}/transicion/",
        {"transition": "prevenir", "lock_version": str(case.lock_version), "message": "  "},
    )

    assert response.status_code == 422
    assert "Escribe el motivo; la persona solicitante lo verá." in html(response)
    assert snapshot(sonora, case) == before


def test_a_correction_request_pauses_the_case_and_reaches_the_citizen(sonora, case, officer_client):
    case = start_review(sonora, case)

    response = officer_client.post(
        f"{INBOX}{case.public_id}/transicion/",
        {
            "transition": "prevenir",
            "lock_version": str(case.lock_version),
            "message": "Sube una identificación vigente.",
        },
    )

    assert response.status_code == 302
    fresh = reload(sonora, case)
    assert fresh.status == "prevencion"
    assert fresh.clock_paused_since is not None
    with schema_context(sonora.schema_name):
        event = CaseEvent.objects.filter(case=case, to_status="prevencion").get()
    assert event.message == "Sube una identificación vigente."


def test_a_transition_that_does_not_start_at_the_current_state_is_refused(
    sonora, case, officer_client
):
    before = snapshot(sonora, case)

    response = officer_client.post(
        f"{INBOX}{case.public_id}/transicion/",
        {"transition": "aprobar", "lock_version": "0"},
    )

    assert response.status_code == 422
    assert "Ese cambio de estado no es posible ahora." in html(response)
    assert snapshot(sonora, case) == before


def test_approving_issues_the_resolution_pdf(sonora, case, officer, officer_client):
    case = start_review(sonora, case)

    response = officer_client.post(
        f"{INBOX}{case.public_id}/transicion/",
        {"transition": "aprobar", "lock_version": str(case.lock_version), "message": ""},
    )

    assert response.status_code == 302
    with schema_context(sonora.schema_name):
        resolution = CaseOutput.objects.get(case=case, kind="resolucion")
        assert Case.objects.get(pk=case.pk).status == "aprobada"
    assert (resolution.output_id, resolution.issued_by_email) == (
        "resolucion_aprobada",
        officer.email,
    )
    download = officer_client.get(f"{INBOX}{case.public_id}/emitidos/{resolution.public_id}/")
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")


def test_rejecting_needs_a_reason_and_issues_the_rejection(sonora, case, officer_client):
    case = start_review(sonora, case)

    response = officer_client.post(
        f"{INBOX}{case.public_id}/transicion/",
        {
            "transition": "rechazar",
            "lock_version": str(case.lock_version),
            "message": "La licencia anterior sigue vigente.",
        },
    )

    assert response.status_code == 302
    with schema_context(sonora.schema_name):
        outputs = list(CaseOutput.objects.filter(case=case).values_list("output_id", flat=True))
        event = CaseEvent.objects.get(case=case, to_status="rechazada")
    assert outputs == ["acuse", "resolucion_rechazada"]
    assert event.message == "La licencia anterior sigue vigente."


# --- assignment and notes -------------------------------------------------------------------------


def test_an_officer_assigns_the_case_and_writes_an_internal_note(
    sonora, case, officer, officer_client
):
    assigned = officer_client.post(
        f"{INBOX}{case.public_id}/asignacion/",
        {"officer": str(officer.public_id), "lock_version": "0"},
    )
    noted = officer_client.post(
        f"{INBOX}{case.public_id}/notas/", {"text": "Llamar antes de aprobar."}
    )

    assert (assigned.status_code, noted.status_code) == (302, 302)
    fresh = reload(sonora, case)
    assert fresh.assigned_to_id == officer.pk
    page = html(officer_client.get(f"{INBOX}{case.public_id}/"))
    assert "Llamar antes de aprobar." in page
    assert "Solo personal" in page


def test_the_citizen_never_sees_internal_notes_or_assignments(
    sonora, case, citizen, officer, officer_client
):
    officer_client.post(
        f"{INBOX}{case.public_id}/asignacion/",
        {"officer": str(officer.public_id), "lock_version": "0"},
    )
    officer_client.post(f"{INBOX}{case.public_id}/notas/", {"text": "Nota solo para la oficina."})

    page = html(signed_in(sonora, citizen).get(f"/mis-tramites/{case.public_id}/"))

    assert "Nota solo para la oficina." not in page
    assert "Asignación" not in page
    assert officer.email not in page


def test_an_empty_note_is_refused(sonora, case, officer_client):
    before = snapshot(sonora, case)

    response = officer_client.post(f"{INBOX}{case.public_id}/notas/", {"text": " "})

    assert response.status_code == 422
    assert "Escribe la nota." in html(response)
    assert snapshot(sonora, case) == before


def test_a_case_cannot_be_assigned_to_a_citizen(sonora, case, citizen, officer_client):
    before = snapshot(sonora, case)

    response = officer_client.post(
        f"{INBOX}{case.public_id}/asignacion/",
        {"officer": str(citizen.public_id), "lock_version": "0"},
    )

    assert response.status_code == 422
    assert snapshot(sonora, case) == before


# --- isolation ------------------------------------------------------------------------------------


def test_a_cdmx_officer_cannot_list_open_or_act_on_a_sonora_case(cdmx, sonora, case, make_user):
    cdmx_officer = make_user(cdmx, email="funcionario@cdmx.gob.mx", roles=[Role.CASE_OFFICER])
    client = signed_in(cdmx, cdmx_officer)
    before = snapshot(sonora, case)
    with schema_context(sonora.schema_name):
        urls = _get_urls(case)
        audit_before = AuditEvent.objects.count()

    inbox = client.get(INBOX, {"estado": "todos"})
    searched = client.get(INBOX, {"q": case.folio})

    assert inbox.status_code == 200 and str(case.public_id) not in html(inbox)
    assert searched.status_code == 200 and str(case.public_id) not in html(searched)
    assert "No hay expedientes con estos filtros." in html(searched)
    for url in urls[1:]:
        assert client.get(url).status_code == 404, url
    for url, data in _post_urls(case):
        assert client.post(url, data).status_code == 404, url
    assert snapshot(sonora, case) == before
    with schema_context(sonora.schema_name):
        assert AuditEvent.objects.count() == audit_before


def test_a_sonora_session_is_not_valid_on_the_cdmx_site(cdmx, sonora, case, officer_client):
    # The session cookie is host-only; even sent to CDMX's host it names no CDMX session.
    response = officer_client.get(f"{INBOX}{case.public_id}/", HTTP_HOST=cdmx.domain)

    assert response.status_code == 302
