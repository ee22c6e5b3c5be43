"""Writes on convenios: a publisher and an adopter agree which apps the adopter may enable;
activating and terminating one is audited on both sides."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from catalog import errors
from catalog.models import (
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
    actor: Actor,
) -> Agreement:
    """A draft convenio. `apps=None` covers every app of the publisher, present and future;
    otherwise only the listed ones."""
    actor.require(*CATALOG_WRITERS)
    chosen = list(apps) if apps is not None else None
    problems: list[ErrorDetail] = []
    if publisher.pk == adopter.pk:
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
    if valid_to is not None and valid_to < valid_from:
        problems.append(
            _agreement_error(
                "La vigencia debe terminar después de empezar.",
                "The agreement must end after it starts.",
                "valid_to",
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
        foreign = [app.slug for app in chosen if app.publisher_id != publisher.pk]
        if foreign:
            problems.append(
                _agreement_error(
                    f"Estas apps no son de {publisher}: {', '.join(foreign)}.",
                    f"These apps are not {publisher}'s: {', '.join(foreign)}.",
                    "apps",
                )
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


@transaction.atomic
def agreement_terminate(*, agreement: Agreement, actor: Actor, reason: str = "") -> Agreement:
    """End a convenio now. Governments that already adopted an app keep the version they pinned;
    they just cannot adopt more under it."""
    actor.require(*CATALOG_WRITERS)
    if agreement.status == AgreementStatus.TERMINATED:
        raise _agreement_status_error(agreement, "terminar", "terminate")
    agreement.status = AgreementStatus.TERMINATED
    agreement.terminated_at = timezone.now()
    agreement.save(update_fields=["status", "terminated_at", "updated_at"])
    catalog_audit(
        AuditAction.AGREEMENT_TERMINATED, actor, agreement=agreement, data={"reason": reason}
    )
    return agreement


def _agreement_error(message_es: str, message_en: str, location: str) -> ErrorDetail:
    return ErrorDetail(errors.AGREEMENT_INVALID, message_es, message_en, location)


def _agreement_status_error(agreement: Agreement, verb_es: str, verb_en: str) -> ApplicationError:
    return ApplicationError.single(
        errors.AGREEMENT_STATUS,
        f"No se puede {verb_es} un convenio en estado «{agreement.get_status_display()}».",
        f"An agreement in status '{agreement.status}' cannot {verb_en}.",
        "status",
    )
