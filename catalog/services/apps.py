"""Writes on catalogue apps and their versions: create, sharing policy, deprecate, save a
draft (validated, with located errors) and publish it (immutable from then on)."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from catalog import errors
from catalog.bundles import changelog_errors
from catalog.definition import Definition, validate_definition
from catalog.models import (
    AppVersion,
    AuditAction,
    CatalogApp,
    SharingPolicy,
    parse_semver,
)
from catalog.portability import portability_report
from catalog.search import apps_refresh_search_vectors
from catalog.services.common import CATALOG_WRITERS, catalog_audit, deprecated_error
from core.actors import Actor
from core.errors import ApplicationError, ErrorDetail
from tenants.models import Government

APP_SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# --- apps ---------------------------------------------------------------------------------------


@transaction.atomic
def app_create(
    *, publisher: Government, slug: str, sharing_policy: str, actor: Actor
) -> CatalogApp:
    actor.require(*CATALOG_WRITERS)
    problems = app_slug_errors(slug) + _sharing_policy_errors(sharing_policy)
    if not problems and CatalogApp.objects.filter(publisher=publisher, slug=slug).exists():
        problems.append(
            ErrorDetail(
                errors.APP_SLUG_TAKEN,
                f"Ya existe una app «{slug}» de {publisher}.",
                f"{publisher} already has an app '{slug}'.",
                "slug",
            )
        )
    if problems:
        raise ApplicationError(problems)
    app = CatalogApp.objects.create(publisher=publisher, slug=slug, sharing_policy=sharing_policy)
    catalog_audit(AuditAction.APP_CREATED, actor, app=app, data={"sharing_policy": sharing_policy})
    return app


@transaction.atomic
def app_set_sharing_policy(*, app: CatalogApp, sharing_policy: str, actor: Actor) -> CatalogApp:
    actor.require(*CATALOG_WRITERS)
    problems = _sharing_policy_errors(sharing_policy)
    if problems:
        raise ApplicationError(problems)
    if app.sharing_policy != sharing_policy:
        previous = app.sharing_policy
        app.sharing_policy = sharing_policy
        app.save(update_fields=["sharing_policy", "updated_at"])
        catalog_audit(
            AuditAction.SHARING_POLICY_CHANGED,
            actor,
            app=app,
            data={"from": previous, "to": sharing_policy},
        )
    return app


@transaction.atomic
def app_deprecate(*, app: CatalogApp, actor: Actor, reason: str = "") -> CatalogApp:
    """Mark an app as no longer offered for adoption. Its versions stay, and governments that use
    it keep their pinned version."""
    actor.require(*CATALOG_WRITERS)
    if app.deprecated_at is None:
        app.deprecated_at = timezone.now()
        app.save(update_fields=["deprecated_at", "updated_at"])
        catalog_audit(AuditAction.APP_DEPRECATED, actor, app=app, data={"reason": reason})
    return app


# --- versions -----------------------------------------------------------------------------------


@transaction.atomic
def version_draft_save(
    *,
    app: CatalogApp,
    version: str,
    definition: dict[str, Any],
    changelog: dict[str, str] | None = None,
    actor: Actor,
) -> AppVersion:
    """Create or replace the app's draft. Nothing is saved unless the definition is valid; every
    problem found is reported, each located by a JSON pointer."""
    actor.require(*CATALOG_WRITERS)
    app = CatalogApp.objects.select_for_update().get(pk=app.pk)
    changelog = changelog or {}
    problems: list[ErrorDetail] = []
    if app.deprecated_at is not None:
        problems.append(deprecated_error(app))
    numbers = parse_semver(version)
    if numbers is None:
        problems.append(_version_format_error("version"))
    else:
        problems.extend(_version_order_errors(app, version, numbers, "version"))
    if not isinstance(changelog, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in changelog.items()
    ):
        problems.append(
            ErrorDetail(
                errors.CHANGELOG_INVALID,
                'Las notas de la versión deben ser textos por idioma, p. ej. {"es-MX": "…"}.',
                'The changelog must be texts by language, e.g. {"es-MX": "…"}.',
                "changelog",
            )
        )
    problems.extend(definition_errors(app, definition, "/definition"))
    if problems:
        raise ApplicationError(problems)
    assert numbers is not None

    draft = app.versions.filter(published_at__isnull=True).first()
    if draft is None:
        draft = AppVersion(app=app, created_by_email=actor.email, created_by_schema=actor.schema)
    draft.version = version
    draft.major, draft.minor, draft.patch = numbers
    draft.definition = definition
    draft.changelog = changelog
    # A warning, never a refusal: the publisher sees where it names itself (catalog.portability).
    draft.portability = portability_report(definition, app.publisher)
    draft.save()
    if app.latest_version_id is None:
        # Nothing published yet: the publisher's own lists show the draft's name.
        _copy_listing_fields(app, definition)
        app.save(update_fields=["title", "category", "kind", "metadata", "updated_at"])
    catalog_audit(AuditAction.DRAFT_SAVED, actor, app=app, version=draft, data={"version": version})
    return draft


@transaction.atomic
def version_publish(
    *,
    version: AppVersion,
    changelog: dict[str, str] | None = None,
    actor: Actor,
    approved: bool = False,
) -> AppVersion:
    """Publish a draft: from now on it is immutable and other governments may adopt it (as the
    app's sharing policy allows). The changelog is required, at least in Spanish. When the
    publisher requires a second person's approval, only an approved request publishes
    (`approved`, passed by catalog.builder.services_publish.publication_approve)."""
    actor.require(*CATALOG_WRITERS)
    app = CatalogApp.objects.select_for_update().get(pk=version.app_id)
    if app.publisher.publish_requires_approval and not approved:
        raise ApplicationError.single(
            errors.PUBLISH_NEEDS_APPROVAL,
            "Este gobierno pide que otra persona apruebe cada publicación: solicítela en la "
            "página «Publicar» del constructor.",
            "This government asks another person to approve each publication: request it on "
            "the builder's «Publicar» page.",
            "version",
        )
    version = AppVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ApplicationError.single(
            errors.VERSION_ALREADY_PUBLISHED,
            f"La versión {version.version} ya está publicada.",
            f"Version {version.version} is already published.",
            "version",
        )
    changelog = changelog if changelog is not None else version.changelog
    problems = changelog_errors(changelog, "changelog")
    if app.deprecated_at is not None:
        problems.append(deprecated_error(app))
    problems.extend(_version_order_errors(app, version.version, version.semver, "version"))
    # Validated again: the validator may have become stricter since the draft was saved.
    problems.extend(definition_errors(app, version.definition, "/definition"))
    if problems:
        raise ApplicationError(problems)

    version.changelog = changelog
    version.published_at = timezone.now()
    version.published_by_email = actor.email
    version.published_by_schema = actor.schema
    # Read again: the publisher's agencies or domains may have changed since the draft was saved.
    version.portability = portability_report(version.definition, app.publisher)
    version.save()
    apps_point_to_latest([(app, version)])
    catalog_audit(
        AuditAction.VERSION_PUBLISHED,
        actor,
        app=app,
        version=version,
        data={"version": version.version},
    )
    return version


@transaction.atomic
def version_portability_refresh(*, version: AppVersion, actor: Actor) -> AppVersion:
    """Compute the version's portability report again against its publisher's current terms and
    store it. Allowed on a published version: the report is derived from the immutable content,
    not part of it (the database trigger leaves the column alone)."""
    actor.require(*CATALOG_WRITERS)
    version.portability = portability_report(version.definition, version.app.publisher)
    AppVersion.objects.filter(pk=version.pk).update(portability=version.portability)
    return version


# --- helpers ------------------------------------------------------------------------------------


def apps_point_to_latest(pairs: list[tuple[CatalogApp, AppVersion]]) -> None:
    """Make each app list and search by its newly published version."""
    for app, version in pairs:
        app.latest_version = version
        _copy_listing_fields(app, version.definition)
        app.save(
            update_fields=["latest_version", "title", "category", "kind", "metadata", "updated_at"]
        )
    apps_refresh_search_vectors((app.pk, version.definition) for app, version in pairs)


def _copy_listing_fields(app: CatalogApp, definition: dict[str, Any]) -> None:
    procedure = Definition(definition)
    app.title = str(procedure.name.get("es-MX", ""))[:300]
    app.category = procedure.category[:100]
    app.kind = procedure.kind[:16]
    app.metadata = dict(procedure.metadata)


def definition_errors(
    app: CatalogApp | None, definition: Any, prefix: str, slug: str | None = None
) -> list[ErrorDetail]:
    if not isinstance(definition, dict):
        return [
            ErrorDetail(
                errors.BUNDLE_INVALID,
                "La definición debe ser un objeto JSON.",
                "The definition must be a JSON object.",
                prefix,
            )
        ]
    problems = [
        ErrorDetail(e.code, e.message_es, e.message_en, f"{prefix}{e.location}")
        for e in validate_definition(definition)
    ]
    expected = slug if slug is not None else (app.slug if app is not None else None)
    declared = Definition(definition).declared_slug
    if expected is not None and declared is not None and declared != expected:
        problems.append(
            ErrorDetail(
                errors.DEFINITION_SLUG_MISMATCH,
                f"El identificador de la definición («{declared}») no es el de la app («{expected}»).",
                f"The definition's slug ('{declared}') is not the app's ('{expected}').",
                f"{prefix}/metadata/slug",
            )
        )
    return problems


def _version_order_errors(
    app: CatalogApp,
    version: str,
    numbers: tuple[int, int, int],
    location: str,
) -> list[ErrorDetail]:
    published = app.versions.filter(published_at__isnull=False)
    if published.filter(version=version).exists():
        return [
            ErrorDetail(
                errors.VERSION_ALREADY_PUBLISHED,
                f"La versión {version} ya está publicada.",
                f"Version {version} is already published.",
                location,
            )
        ]
    latest = published.order_by("-major", "-minor", "-patch").first()
    if latest is not None and numbers <= latest.semver:
        return [
            ErrorDetail(
                errors.VERSION_NOT_INCREASING,
                f"La versión {version} debe ser mayor que la última publicada ({latest.version}).",
                f"Version {version} must be greater than the latest published one "
                f"({latest.version}).",
                location,
            )
        ]
    return []


def _version_format_error(location: str) -> ErrorDetail:
    return ErrorDetail(
        errors.VERSION_INVALID,
        "La versión debe tener la forma MAYOR.MENOR.PARCHE, p. ej. 1.0.0.",
        "The version must look like MAJOR.MINOR.PATCH, e.g. 1.0.0.",
        location,
    )


def app_slug_errors(slug: str, location: str = "slug") -> list[ErrorDetail]:
    if isinstance(slug, str) and len(slug) <= 100 and APP_SLUG_PATTERN.match(slug):
        return []
    return [
        ErrorDetail(
            errors.APP_SLUG_INVALID,
            "El identificador usa minúsculas, dígitos y guiones (máximo 100 caracteres).",
            "The slug uses lower-case letters, digits and hyphens (100 characters at most).",
            location,
        )
    ]


def _sharing_policy_errors(policy: str) -> list[ErrorDetail]:
    if policy in SharingPolicy.values:
        return []
    return [
        ErrorDetail(
            errors.SHARING_POLICY_INVALID,
            "La política debe ser public, agreement o private.",
            "The policy must be public, agreement or private.",
            "sharing_policy",
        )
    ]
