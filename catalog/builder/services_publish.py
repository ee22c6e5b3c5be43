"""Publishing from the builder: the draft as the page showed it (its revision), under the version
number and changelog chosen there, through catalog.services.version_publish.

When the publisher's government requires a second person's approval
(`Government.publish_requires_approval`), a publisher requests the publication
(`publication_request`) and a DIFFERENT person with the publisher role approves it
(`publication_approve`), which publishes exactly what was requested: a draft saved after the
request is refused until the request is withdrawn and made again. Every step leaves an audit row.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from catalog import errors
from catalog.builder.selectors import builder_source, revision_of
from catalog.builder.services import stale_draft_error
from catalog.bundles import changelog_errors
from catalog.models import (
    AppVersion,
    AuditAction,
    CatalogApp,
    PublicationRequest,
    PublicationRequestStatus,
)
from catalog.services import version_draft_save, version_publish
from catalog.services.apps import definition_errors
from catalog.services.common import CATALOG_WRITERS, catalog_audit
from core.actors import Actor
from core.errors import ApplicationError


def _no_draft() -> ApplicationError:
    return ApplicationError.single(
        errors.PUBLICATION_REQUEST_INVALID,
        "No hay un borrador que publicar.",
        "There is no draft to publish.",
        "revision",
    )


def _prepared_draft(
    *, app: CatalogApp, draft_revision: str, version: str, changelog: dict[str, str], actor: Actor
) -> AppVersion:
    """The draft as the page showed it, under the chosen number and changelog (saved through
    version_draft_save, so the number's format and order are checked there)."""
    source = builder_source(app=app)
    if source.draft is None:
        raise _no_draft()
    if draft_revision != source.revision:
        raise stale_draft_error()
    draft = source.draft
    changelog = {key: value.strip() for key, value in changelog.items() if value.strip()}
    if draft.version != version or draft.changelog != changelog:
        draft = version_draft_save(
            app=app, version=version, definition=draft.definition, changelog=changelog, actor=actor
        )
    return draft


@transaction.atomic
def builder_publish(
    *, app: CatalogApp, draft_revision: str, version: str, changelog: dict[str, str], actor: Actor
) -> AppVersion:
    """Publish the draft now (governments that need no approval). Nothing changes on a refusal:
    problems are located at "version", "changelog", "revision" or /definition/…"""
    actor.require(*CATALOG_WRITERS)
    app = CatalogApp.objects.select_for_update().get(pk=app.pk)
    draft = _prepared_draft(
        app=app, draft_revision=draft_revision, version=version, changelog=changelog, actor=actor
    )
    return version_publish(version=draft, changelog=draft.changelog, actor=actor)


def pending_request(*, app: CatalogApp) -> PublicationRequest | None:
    return app.publication_requests.filter(status=PublicationRequestStatus.PENDING).first()


def request_is_current(publication: PublicationRequest) -> bool:
    """Whether the draft is still exactly what was requested."""
    draft = publication.app.versions.filter(published_at__isnull=True).first()
    return (
        draft is not None
        and draft.pk == publication.version_id
        and revision_of(draft) == publication.draft_revision
    )


@transaction.atomic
def publication_request(
    *, app: CatalogApp, draft_revision: str, version: str, changelog: dict[str, str], actor: Actor
) -> PublicationRequest:
    """Ask another publisher to approve the publication of the draft as it is now."""
    actor.require(*CATALOG_WRITERS)
    app = CatalogApp.objects.select_for_update().get(pk=app.pk)
    if pending_request(app=app) is not None:
        raise ApplicationError.single(
            errors.PUBLICATION_REQUEST_INVALID,
            "Ya hay una solicitud de publicación pendiente de este trámite.",
            "There already is a pending publication request for this procedure.",
            "revision",
        )
    draft = _prepared_draft(
        app=app, draft_revision=draft_revision, version=version, changelog=changelog, actor=actor
    )
    # The same checks as publishing, now: the approver should not find a refusal.
    problems = changelog_errors(draft.changelog, "changelog") + definition_errors(
        app, draft.definition, "/definition"
    )
    if problems:
        raise ApplicationError(problems)
    publication = PublicationRequest.objects.create(
        app=app,
        version=draft,
        version_number=draft.version,
        changelog=draft.changelog,
        draft_revision=revision_of(draft),
        requested_by_email=actor.email,
        requested_by_schema=actor.schema,
    )
    catalog_audit(
        AuditAction.PUBLICATION_REQUESTED,
        actor,
        app=app,
        version=draft,
        data={"version": draft.version, "requested_by": actor.email},
    )
    return publication


def _locked_pending(app: CatalogApp, request_id: int) -> PublicationRequest:
    publication = (
        PublicationRequest.objects.select_for_update()
        .filter(pk=request_id, app=app, status=PublicationRequestStatus.PENDING)
        .first()
    )
    if publication is None:
        raise ApplicationError.single(
            errors.PUBLICATION_REQUEST_INVALID,
            "La solicitud de publicación ya no está pendiente.",
            "The publication request is no longer pending.",
            "revision",
        )
    return publication


@transaction.atomic
def publication_approve(*, app: CatalogApp, request_id: int, actor: Actor) -> AppVersion:
    """A different publisher approves the request: the draft is published as requested."""
    actor.require(*CATALOG_WRITERS)
    app = CatalogApp.objects.select_for_update().get(pk=app.pk)
    publication = _locked_pending(app, request_id)
    if publication.requested_by_email.casefold() == actor.email.casefold():
        raise ApplicationError.single(
            errors.PUBLICATION_SAME_PERSON,
            "La aprueba otra persona con el rol de publicación, no quien la solicitó.",
            "Another person with the publisher role approves it, not the one who requested it.",
            "revision",
        )
    if not request_is_current(publication):
        raise ApplicationError.single(
            errors.PUBLICATION_DRAFT_CHANGED,
            "El borrador cambió después de la solicitud: retírela y solicite de nuevo la "
            "publicación de lo que hay ahora.",
            "The draft changed after the request: withdraw it and request the publication of "
            "what is there now.",
            "revision",
        )
    published = version_publish(
        version=publication.version, changelog=publication.changelog, actor=actor, approved=True
    )
    publication.status = PublicationRequestStatus.APPROVED
    publication.decided_by_email = actor.email
    publication.decided_at = timezone.now()
    publication.save(update_fields=["status", "decided_by_email", "decided_at"])
    catalog_audit(
        AuditAction.PUBLICATION_APPROVED,
        actor,
        app=app,
        version=published,
        data={
            "version": published.version,
            "requested_by": publication.requested_by_email,
            "approved_by": actor.email,
        },
    )
    return published


@transaction.atomic
def publication_withdraw(*, app: CatalogApp, request_id: int, actor: Actor) -> PublicationRequest:
    """Withdraw a pending request (its author, or another publisher who finds it outdated)."""
    actor.require(*CATALOG_WRITERS)
    publication = _locked_pending(app, request_id)
    publication.status = PublicationRequestStatus.WITHDRAWN
    publication.decided_by_email = actor.email
    publication.decided_at = timezone.now()
    publication.save(update_fields=["status", "decided_by_email", "decided_at"])
    catalog_audit(
        AuditAction.PUBLICATION_WITHDRAWN,
        actor,
        app=app,
        version=publication.version,
        data={
            "version": publication.version_number,
            "requested_by": publication.requested_by_email,
        },
    )
    return publication
