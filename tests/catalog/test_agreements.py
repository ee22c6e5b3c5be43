"""Convenios: suspending, resuming and terminating them (with a reason and a notice period,
audited), only governments as parties, and the operator's admin screens for them."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from catalog import errors
from catalog.models import Agreement, AgreementStatus, CatalogAuditEvent
from catalog.selectors import agreement_end, agreement_standing
from catalog.services import (
    SYSTEM_ACTOR,
    agreement_activate,
    agreement_create,
    agreement_resume,
    agreement_suspend,
    agreement_terminate,
)
from core.errors import ApplicationError
from core.models import User
from tenants.models import Government
from tests.conftest import TEST_PASSWORD

TODAY = timezone.localdate()


def _convenio(cdmx, sonora, *, notice_days: int = 30, activate: bool = True) -> Agreement:
    agreement = agreement_create(
        publisher=cdmx.government,
        adopter=sonora.government,
        title="Convenio CDMX–Sonora",
        valid_from=datetime.date(2020, 1, 1),
        notice_days=notice_days,
        actor=SYSTEM_ACTOR,
    )
    return agreement_activate(agreement=agreement, actor=SYSTEM_ACTOR) if activate else agreement


def _located(caught: pytest.ExceptionInfo[ApplicationError]) -> list[tuple[str, str]]:
    return [(error.code, error.location) for error in caught.value.errors]


def _actions(agreement: Agreement) -> list[str]:
    return list(agreement.audit_events.order_by("id").values_list("action", flat=True))


# --- services -----------------------------------------------------------------------------------


def test_terminating_sets_the_last_filing_day_and_the_reason_and_is_audited(cdmx, sonora):
    agreement = _convenio(cdmx, sonora, notice_days=10)

    ended = agreement_terminate(agreement=agreement, actor=SYSTEM_ACTOR, reason="  Fin  ")

    assert ended.status == AgreementStatus.TERMINATED
    assert ended.filing_until == TODAY + datetime.timedelta(days=10)
    assert ended.end_reason == "Fin"
    assert ended.terminated_at is not None
    event = ended.audit_events.get(action="agreement_terminated")
    assert event.data == {"reason": "Fin", "filing_until": ended.filing_until.isoformat()}
    assert event.actor_email == "sistema@ventanilla.mx"


def test_suspending_and_resuming_are_audited(cdmx, sonora):
    agreement = _convenio(cdmx, sonora)

    suspended = agreement_suspend(agreement=agreement, actor=SYSTEM_ACTOR, reason="Revisión")
    assert (suspended.status, suspended.filing_until) == (
        AgreementStatus.SUSPENDED,
        TODAY + datetime.timedelta(days=30),
    )
    resumed = agreement_resume(agreement=suspended, actor=SYSTEM_ACTOR)

    assert (resumed.status, resumed.filing_until, resumed.suspended_at) == ("active", None, None)
    assert _actions(resumed) == [
        "agreement_created",
        "agreement_activated",
        "agreement_suspended",
        "agreement_activated",
    ]
    assert resumed.audit_events.order_by("id").last().data == {"resumed": True}


def test_terminating_a_suspended_convenio_keeps_the_date_already_announced(cdmx, sonora):
    agreement = _convenio(cdmx, sonora, notice_days=5)
    suspended = agreement_suspend(agreement=agreement, actor=SYSTEM_ACTOR, reason="Revisión")
    Agreement.objects.filter(pk=agreement.pk).update(notice_days=60)
    suspended.refresh_from_db()

    ended = agreement_terminate(agreement=suspended, actor=SYSTEM_ACTOR, reason="Fin")

    assert ended.filing_until == TODAY + datetime.timedelta(days=5)


def test_ending_needs_a_reason_and_a_suitable_status(cdmx, sonora):
    agreement = _convenio(cdmx, sonora)
    draft = _convenio(cdmx, sonora, activate=False)

    with pytest.raises(ApplicationError) as no_reason:
        agreement_terminate(agreement=agreement, actor=SYSTEM_ACTOR, reason=" ")
    with pytest.raises(ApplicationError) as suspend_draft:
        agreement_suspend(agreement=draft, actor=SYSTEM_ACTOR, reason="x")
    with pytest.raises(ApplicationError) as resume_active:
        agreement_resume(agreement=agreement, actor=SYSTEM_ACTOR)
    agreement_terminate(agreement=agreement, actor=SYSTEM_ACTOR, reason="Fin")
    with pytest.raises(ApplicationError) as twice:
        agreement_terminate(agreement=agreement, actor=SYSTEM_ACTOR, reason="Otra vez")

    assert _located(no_reason) == [(errors.AGREEMENT_INVALID, "reason")]
    assert _located(suspend_draft) == [(errors.AGREEMENT_STATUS, "status")]
    assert _located(resume_active) == [(errors.AGREEMENT_STATUS, "status")]
    assert _located(twice) == [(errors.AGREEMENT_STATUS, "status")]
    agreement.refresh_from_db()
    assert agreement.end_reason == "Fin"
    assert _actions(agreement).count("agreement_terminated") == 1


def test_the_platform_cannot_be_a_party(cdmx):
    platform = Government.objects.get(schema_name="public")

    with pytest.raises(ApplicationError) as as_adopter:
        agreement_create(
            publisher=cdmx.government,
            adopter=platform,
            title="Convenio con la plataforma",
            valid_from=TODAY,
            actor=SYSTEM_ACTOR,
        )
    with pytest.raises(ApplicationError) as as_publisher:
        agreement_create(
            publisher=platform,
            adopter=cdmx.government,
            title="Convenio con la plataforma",
            valid_from=TODAY,
            actor=SYSTEM_ACTOR,
        )

    assert _located(as_adopter) == [(errors.AGREEMENT_INVALID, "adopter")]
    assert _located(as_publisher) == [(errors.AGREEMENT_INVALID, "publisher")]
    assert "Solo los gobiernos" in as_adopter.value.errors[0].message_es
    assert not Agreement.objects.exists()


def test_an_expired_convenio_ends_with_its_own_notice_period(cdmx, sonora, publish_app):
    version = publish_app(cdmx, "constancia-convenio", policy="agreement")
    agreement = _convenio(cdmx, sonora, notice_days=7)
    Agreement.objects.filter(pk=agreement.pk).update(valid_to=TODAY - datetime.timedelta(days=2))
    agreement.refresh_from_db()

    end = agreement_end(agreement)
    standing = agreement_standing(sonora.government, version.app)

    assert end is not None
    assert (end.status, end.ended_on) == ("expired", TODAY - datetime.timedelta(days=2))
    assert end.filing_until == TODAY + datetime.timedelta(days=5)
    assert standing.may_go_live is False
    assert standing.filing_until == end.filing_until


def test_standing_of_own_and_public_apps_is_never_governed(cdmx, sonora, publish_app):
    public = publish_app(cdmx, "constancia-publica")
    own = publish_app(sonora, "constancia-propia", policy="agreement")
    agreement_terminate(agreement=_convenio(cdmx, sonora), actor=SYSTEM_ACTOR, reason="Fin")

    for app in (public.app, own.app):
        standing = agreement_standing(sonora.government, app)
        assert (standing.governed, standing.may_go_live, standing.filing_until) == (
            False,
            True,
            None,
        )


# --- the operator's admin ------------------------------------------------------------------------


@pytest.fixture
def operator_client(db) -> Client:
    User.objects.create_superuser("operador@example.mx", TEST_PASSWORD)
    client = Client(HTTP_HOST="localhost")
    client.login(email="operador@example.mx", password=TEST_PASSWORD)
    return client


def _add_form(cdmx, adopter_pk: int, **changes: str) -> dict[str, object]:
    return {
        "publisher": cdmx.government.pk,
        "adopter": adopter_pk,
        "title": "Convenio desde el admin",
        "covers_all_apps": "on",
        "valid_from": "2026-01-01",
        "notice_days": "30",
        "signed_document_reference": "Oficio 123",
        **changes,
    }


def test_the_admin_add_form_does_not_offer_the_platform(operator_client):
    platform = Government.objects.get(schema_name="public")

    html = operator_client.get("/admin/catalog/agreement/add/").content.decode()

    assert f'<option value="{platform.pk}"' not in html


def test_a_refused_add_keeps_the_input_shows_located_errors_and_no_success(operator_client, cdmx):
    response = operator_client.post(
        "/admin/catalog/agreement/add/",
        _add_form(cdmx, cdmx.government.pk, valid_to="2025-01-01", notice_days="12"),
        follow=True,
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "Un gobierno no puede firmar un convenio consigo mismo." in html
    assert "La vigencia debe terminar después de empezar." in html
    assert 'value="Convenio desde el admin"' in html
    assert 'value="Oficio 123"' in html
    assert 'name="notice_days" value="12"' in html
    assert "correctamente" not in html
    assert not Agreement.objects.exists()
    assert not CatalogAuditEvent.objects.exists()


def test_the_platform_posted_as_a_party_is_refused_at_its_field(operator_client, cdmx):
    platform = Government.objects.get(schema_name="public")

    response = operator_client.post("/admin/catalog/agreement/add/", _add_form(cdmx, platform.pk))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"adopter"}
    assert not Agreement.objects.exists()


def test_an_accepted_add_goes_through_the_service_with_its_notice_days(
    operator_client, cdmx, sonora
):
    response = operator_client.post(
        "/admin/catalog/agreement/add/",
        _add_form(cdmx, sonora.government.pk, notice_days="45"),
        follow=True,
    )

    agreement = Agreement.objects.get()
    assert agreement.notice_days == 45
    assert agreement.audit_events.get().data["notice_days"] == 45
    assert "correctamente" in response.content.decode()


def _action(client: Client, action: str, agreement: Agreement, **extra: str):
    return client.post(
        "/admin/catalog/agreement/",
        {"action": action, "_selected_action": [str(agreement.pk)], **extra},
    )


@pytest.mark.parametrize(
    ("action", "status", "audited"),
    [
        ("terminate", AgreementStatus.TERMINATED, "agreement_terminated"),
        ("suspend", AgreementStatus.SUSPENDED, "agreement_suspended"),
    ],
)
def test_ending_from_the_admin_asks_for_confirmation_and_a_reason(
    operator_client, cdmx, sonora, action, status, audited
):
    agreement = _convenio(cdmx, sonora, notice_days=20)

    confirmation = _action(operator_client, action, agreement)
    without_reason = _action(operator_client, action, agreement, confirmar="1", reason="")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    confirmed = _action(operator_client, action, agreement, confirmar="1", reason="Incumplimiento")

    page = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert "Convenio CDMX–Sonora" in page
    assert "<td>20</td>" in page  # the notice period
    assert 'name="reason"' in page
    assert without_reason.status_code == 200
    assert "errornote" in without_reason.content.decode()
    assert confirmed.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == status
    assert agreement.filing_until == TODAY + datetime.timedelta(days=20)
    event = agreement.audit_events.get(action=audited)
    assert (event.actor_email, event.actor_schema) == ("operador@example.mx", "public")
    assert event.data["reason"] == "Incumplimiento"


def test_resuming_from_the_admin(operator_client, cdmx, sonora):
    agreement = _convenio(cdmx, sonora)
    agreement_suspend(agreement=agreement, actor=SYSTEM_ACTOR, reason="Revisión")

    response = _action(operator_client, "resume", agreement)

    agreement.refresh_from_db()
    assert response.status_code == 302
    assert agreement.status == AgreementStatus.ACTIVE
