"""Writes on convenios: a publisher and an adopter (governments, never the platform) agree which
apps the adopter may enable. Creating, activating, suspending, resuming and terminating one is
audited (CatalogAuditEvent, which both parties' rows name).

Ending one has a stated effect, read by catalog.selectors.agreement_standing: the apps enabled
under it cannot go live again, resume or upgrade (apps_registry.services), and citizens may still
file until `filing_until` (today + `notice_days` when it ended; cases.filing.checks), after which
new filings are refused; cases already filed go on to resolution."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from catalog import errors
from catalog.models import (
    DEFAULT_NOTICE_DAYS,
    Agreement,
    AgreementStatus,
    AuditAction,
    CatalogApp,
)
from catalog.services.common import CATALOG_WRITERS, catalog_audit
from core.actors import Actor
from core.errors import ApplicationError, ErrorDetail
from tenants.models import Government

# --- agreements ---------------------------------------------------------------------------------


def agreement_problems(
    *,
    publisher: Government | None,
    adopter: Government | None,
    title: str,
    valid_from: datetime.date | None,
    valid_to: datetime.date | None = None,
    apps: Iterable[CatalogApp] | None = None,
    notice_days: int | None = DEFAULT_NOTICE_DAYS,
) -> list[ErrorDetail]:
    """Every problem of a new convenio, located by field, without writing anything: the
    service refuses with them, and the operator's add form shows them beside their fields."""
    chosen = list(apps) if apps is not None else None
    problems: list[ErrorDetail] = []
    for party, field in ((publisher, "publisher"), (adopter, "adopter")):
        if party is None:
            problems.append(_agreement_error("Elija un gobierno.", "Choose a government.", field))
        elif party.is_platform:
            # The platform runs the catalogue; it publishes and adopts nothing.
            problems.append(
                _agreement_error(
                    "Solo los gobiernos pueden ser parte de un convenio, no la plataforma.",
                    "Only governments can be parties to an agreement, not the platform.",
                    field,
                )
            )
    if publisher is not None and adopter is not None and publisher.pk == adopter.pk:
        problems.append(
            _agreement_error(
                "Un gobierno no puede firmar un convenio consigo mismo.",
                "A government cannot sign an agreement with itself.",
                "adopter",
            )
        )
    if not title.strip():
        problems.append(
            _agreement_error("El nombre es obligatorio.", "The title is required.", "title")
        )
    if valid_from is None:
        problems.append(
            _agreement_error(
                "Indique desde cuándo es vigente.", "Give the start date.", "valid_from"
            )
        )
    elif valid_to is not None and valid_to < valid_from:
        problems.append(
            _agreement_error(
                "La vigencia debe terminar después de empezar.",
                "The agreement must end after it starts.",
                "valid_to",
            )
        )
    if notice_days is None or notice_days < 0:
        problems.append(
            _agreement_error(
                "Los días de aviso deben ser cero o más.",
                "The notice days must be zero or more.",
                "notice_days",
            )
        )
    if chosen is not None:
        if not chosen:
            problems.append(
                _agreement_error(
                    "Elija al menos una app, o cubra todas.",
                    "Choose at least one app, or cover them all.",
                    "apps",
                )
            )
        foreign = [
            app.slug for app in chosen if publisher is None or app.publisher_id != publisher.pk
        ]
        if foreign:
            problems.append(
                _agreement_error(
                    f"Estas apps no son de {publisher}: {', '.join(foreign)}.",
                    f"These apps are not {publisher}'s: {', '.join(foreign)}.",
                    "apps",
                )
            )
    return problems


@transaction.atomic
def agreement_create(
    *,
    publisher: Government,
    adopter: Government,
    title: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    apps: Iterable[CatalogApp] | None = None,
    signed_document_reference: str = "",
    notice_days: int = DEFAULT_NOTICE_DAYS,
    actor: Actor,
) -> Agreement:
    """A draft convenio. `apps=None` covers every app of the publisher, present and future;
    otherwise only the listed ones. `notice_days`: calendar days citizens may still file after
    it is suspended or terminated."""
    actor.require(*CATALOG_WRITERS)
    chosen = list(apps) if apps is not None else None
    problems = agreement_problems(
        publisher=publisher,
        adopter=adopter,
        title=title,
        valid_from=valid_from,
        valid_to=valid_to,
        apps=chosen,
        notice_days=notice_days,
    )
    if problems:
        raise ApplicationError(problems)
    agreement = Agreement.objects.create(
        publisher=publisher,
        adopter=adopter,
        title=title.strip(),
        covers_all_apps=chosen is None,
        valid_from=valid_from,
        valid_to=valid_to,
        signed_document_reference=signed_document_reference,
        notice_days=notice_days,
    )
    if chosen:
        agreement.apps.set(chosen)
    catalog_audit(
        AuditAction.AGREEMENT_CREATED,
        actor,
        agreement=agreement,
        data={
            "publisher": publisher.slug,
            "adopter": adopter.slug,
            "apps": "all" if chosen is None else sorted(app.slug for app in chosen),
            "notice_days": notice_days,
        },
    )
    return agreement


@transaction.atomic
def agreement_activate(*, agreement: Agreement, actor: Actor) -> Agreement:
    actor.require(*CATALOG_WRITERS)
    if agreement.status != AgreementStatus.DRAFT:
        raise _agreement_status_error(agreement, "activar", "activate")
    agreement.status = AgreementStatus.ACTIVE
    agreement.activated_at = timezone.now()
    agreement.save(update_fields=["status", "activated_at", "updated_at"])
    catalog_audit(AuditAction.AGREEMENT_ACTIVATED, actor, agreement=agreement)
    return agreement


def notice_end(agreement: Agreement, *, today: datetime.date | None = None) -> datetime.date:
    """The last day citizens may file if the convenio ended today: today + its notice days."""
    today = today or timezone.localdate()
    return today + datetime.timedelta(days=agreement.notice_days or 0)


@transaction.atomic
def agreement_suspend(*, agreement: Agreement, actor: Actor, reason: str) -> Agreement:
    """Suspend an active convenio: apps enabled under it cannot go live, resume or upgrade, and
    citizens may file until today + its notice days; cases already filed go on. Resumable with
    `agreement_resume`."""
    actor.require(*CATALOG_WRITERS)
    agreement = _locked(agreement)
    if agreement.status != AgreementStatus.ACTIVE:
        raise _agreement_status_error(agreement, "suspender", "be suspended")
    _require_reason(reason)
    agreement.status = AgreementStatus.SUSPENDED
    agreement.suspended_at = timezone.now()
    agreement.filing_until = notice_end(agreement)
    agreement.end_reason = reason.strip()
    agreement.save(
        update_fields=["status", "suspended_at", "filing_until", "end_reason", "updated_at"]
    )
    catalog_audit(
        AuditAction.AGREEMENT_SUSPENDED,
        actor,
        agreement=agreement,
        data={"reason": agreement.end_reason, "filing_until": agreement.filing_until.isoformat()},
    )
    return agreement


@transaction.atomic
def agreement_resume(*, agreement: Agreement, actor: Actor) -> Agreement:
    """A suspended convenio in force again: its apps may go live, resume and upgrade, and
    filing has no end date any more."""
    actor.require(*CATALOG_WRITERS)
    agreement = _locked(agreement)
    if agreement.status != AgreementStatus.SUSPENDED:
        raise _agreement_status_error(agreement, "reanudar", "be resumed")
    agreement.status = AgreementStatus.ACTIVE
    agreement.suspended_at = None
    agreement.filing_until = None
    agreement.end_reason = ""
    agreement.save(
        update_fields=["status", "suspended_at", "filing_until", "end_reason", "updated_at"]
    )
    # No action of its own (a new choice would need a migration): an activation marked resumed.
    catalog_audit(
        AuditAction.AGREEMENT_ACTIVATED, actor, agreement=agreement, data={"resumed": True}
    )
    return agreement


@transaction.atomic
def agreement_terminate(*, agreement: Agreement, actor: Actor, reason: str) -> Agreement:
    """End a convenio for good. Apps enabled under it keep the version they pinned but cannot
    go live again, resume or upgrade, and nothing more can be adopted under it; citizens may
    file until today + its notice days (a suspended one keeps the earlier date it already
    announced); cases already filed go on to resolution."""
    actor.require(*CATALOG_WRITERS)
    agreement = _locked(agreement)
    if agreement.status == AgreementStatus.TERMINATED:
        raise _agreement_status_error(agreement, "terminar", "be terminated")
    _require_reason(reason)
    until = notice_end(agreement)
    if agreement.status == AgreementStatus.SUSPENDED and agreement.filing_until is not None:
        until = min(until, agreement.filing_until)
    agreement.status = AgreementStatus.TERMINATED
    agreement.terminated_at = timezone.now()
    agreement.filing_until = until
    agreement.end_reason = reason.strip()
    agreement.save(
        update_fields=["status", "terminated_at", "filing_until", "end_reason", "updated_at"]
    )
    catalog_audit(
        AuditAction.AGREEMENT_TERMINATED,
        actor,
        agreement=agreement,
        data={"reason": agreement.end_reason, "filing_until": until.isoformat()},
    )
    return agreement


def _locked(agreement: Agreement) -> Agreement:
    # Two operators ending the same convenio at once: the second one sees the first's status.
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ApplicationError.single(
            errors.AGREEMENT_INVALID,
            "Escriba el motivo: ambos gobiernos lo verán.",
            "Give the reason: both governments will see it.",
            "reason",
        )


def _agreement_error(message_es: str, message_en: str, location: str) -> ErrorDetail:
    return ErrorDetail(errors.AGREEMENT_INVALID, message_es, message_en, location)


def _agreement_status_error(agreement: Agreement, verb_es: str, verb_en: str) -> ApplicationError:
    return ApplicationError.single(
        errors.AGREEMENT_STATUS,
        f"No se puede {verb_es} un convenio en estado «{agreement.get_status_display()}».",
        f"An agreement in status '{agreement.status}' cannot {verb_en}.",
        "status",
    )
