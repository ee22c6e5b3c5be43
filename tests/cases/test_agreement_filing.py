"""Filing under a convenio that ended: open during the notice period (the ficha says until
when), refused after it with a clear page (drafts kept), and cases already filed go on to
resolution. No clock library is in the lock file: "after the notice period" is a filing date
set in the past, as the calendar would make it."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from apps_registry.models import EnabledApp
from cases import errors
from cases.filing import services
from cases.models import Case, CaseDraft
from cases.office.services import case_transition
from catalog.models import Agreement, CatalogApp
from catalog.services import SYSTEM_ACTOR, agreement_activate, agreement_create
from catalog.services import agreement_terminate as terminate
from core.actors import Actor, ActorRole
from core.errors import ApplicationError
from core.templatetags.mx import fecha
from tests.cases import views_support as support
from tests.cases.case_factory import make_case
from tests.cases.views_support import PERSONA_POST, fill_all_steps, summary_form

applicant = support.applicant
client_of = support.client_of
procedure = support.procedure


@pytest.fixture
def convenio(cdmx, sonora, procedure) -> Agreement:
    """The procedure is shared by CDMX under a convenio with Sonora, in force."""
    CatalogApp.objects.filter(pk=procedure.enabled_app.catalog_app_id).update(
        sharing_policy="agreement"
    )
    agreement = agreement_create(
        publisher=cdmx.government,
        adopter=sonora.government,
        title="Convenio de colaboración CDMX–Sonora",
        valid_from=datetime.date(2020, 1, 1),
        notice_days=15,
        actor=SYSTEM_ACTOR,
    )
    return agreement_activate(agreement=agreement, actor=SYSTEM_ACTOR)


def _end_notice_period(agreement: Agreement) -> datetime.date:
    """The notice period is over: its last day was yesterday."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Agreement.objects.filter(pk=agreement.pk).update(filing_until=yesterday)
    return yesterday


def _html(response) -> str:
    return response.content.decode()


def test_filing_stays_open_during_the_notice_and_the_ficha_says_until_when(
    sonora, procedure, convenio, client_of
):
    ended = terminate(agreement=convenio, actor=SYSTEM_ACTOR, reason="Fin de la colaboración")
    assert ended.filing_until == timezone.localdate() + datetime.timedelta(days=15)

    ficha = _html(sonora.client().get(procedure.url()))
    fill_all_steps(client_of, procedure)
    submitted = client_of.post(
        procedure.url("solicitud/presentar/"), summary_form(client_of, procedure)
    )

    with translation.override("es-mx"):
        assert f"Se puede presentar hasta el {fecha(ended.filing_until)}." in ficha
    assert f'href="/tramites/{procedure.key}/solicitud/"' in ficha
    assert submitted.status_code == 302
    with schema_context(sonora.schema_name):
        assert Case.objects.count() == 1


def test_the_ficha_says_nothing_while_the_convenio_is_in_force(sonora, procedure, convenio):
    assert "Se puede presentar hasta" not in _html(sonora.client().get(procedure.url()))


def test_after_the_notice_filing_is_refused_with_a_clear_page_and_drafts_are_kept(
    sonora, procedure, convenio, applicant, client_of
):
    # given a draft saved while filing was open
    client_of.post(
        procedure.url("solicitud/paso/persona/"), {**PERSONA_POST, "accion": "guardar_salir"}
    )
    ended = terminate(agreement=convenio, actor=SYSTEM_ACTOR, reason="Fin de la colaboración")
    last_day = _end_notice_period(ended)

    ficha = _html(sonora.client().get(procedure.url()))
    start = client_of.get(procedure.url("solicitud/"))
    step = client_of.get(procedure.url("solicitud/paso/persona/"))
    saved = client_of.post(
        procedure.url("solicitud/paso/persona/"), {**PERSONA_POST, "accion": "siguiente"}
    )
    summary = client_of.get(procedure.url("solicitud/resumen/"))
    submit = client_of.post(
        procedure.url("solicitud/presentar/"),
        {"idempotency_key": "5f1f8a52-6a6d-4e55-9a0c-3f7b1b7e2f10", "accept_privacy": "on"},
    )
    autosave = client_of.post(procedure.url("solicitud/autoguardado/"), {"paso": "persona"})

    with translation.override("es-mx"):
        day = fecha(last_day)
    assert f"Este trámite ya no recibe solicitudes: se pudo presentar hasta el {day}." in ficha
    assert f'href="/tramites/{procedure.key}/solicitud/"' not in ficha
    for response in (start, step, saved, summary, submit):
        assert response.status_code == 410
        assert "Este trámite ya no recibe solicitudes" in _html(response)
        assert f"Se pudo presentar hasta el {day}." in _html(response)
    assert autosave.status_code == 409
    with schema_context(sonora.schema_name):
        assert Case.objects.count() == 0
        draft = CaseDraft.objects.get(applicant=applicant)
        assert draft.answers["nombre"] == PERSONA_POST["nombre"]


def test_the_service_refuses_a_submission_after_the_notice(sonora, procedure, convenio, applicant):
    ended = terminate(agreement=convenio, actor=SYSTEM_ACTOR, reason="Fin")
    _end_notice_period(ended)

    with schema_context(sonora.schema_name), pytest.raises(ApplicationError) as refused:
        enabled = EnabledApp.objects.get(pk=procedure.enabled_app.pk)
        services.draft_save(applicant=applicant, enabled_app=enabled, answers={}, step="persona")

    assert [e.code for e in refused.value.errors] == [errors.FILING_CLOSED]


def test_cases_already_filed_go_on_to_resolution(sonora, procedure, convenio, applicant):
    with schema_context(sonora.schema_name):
        case = make_case(procedure.enabled_app, applicant=applicant)
    ended = terminate(agreement=convenio, actor=SYSTEM_ACTOR, reason="Fin")
    _end_notice_period(ended)
    officer = Actor.named(
        "funcionaria@sonora.gob.mx", ActorRole.CASE_OFFICER, schema=sonora.schema_name
    )

    with schema_context(sonora.schema_name):
        case = case_transition(case=case, transition_id="revisar", actor=officer)
        case = case_transition(case=case, transition_id="resolver", actor=officer)

    assert case.status == "resuelta"


def test_the_notice_on_the_ficha_in_english(sonora, procedure, convenio):
    terminate(agreement=convenio, actor=SYSTEM_ACTOR, reason="Fin")
    client = sonora.client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    # The request switches this thread to English; leaving the block switches it back, so the
    # tests after this one are in Spanish again.
    with translation.override("es-mx"):
        html = _html(client.get(procedure.url()))

    assert "Applications may be filed until " in html
