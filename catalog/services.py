"""Writes on the shared catalogue. Every function runs in one transaction and writes its audit row
inside it; views, the API, the admin and the commands all come through here."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from catalog import errors
from catalog.bundles import BUNDLE_FORMAT, bundle_loads, bundle_shape_errors, changelog_errors
from catalog.definition import validate_definition
from catalog.models import (
    Agreement,
    AgreementStatus,
    AppVersion,
    AuditAction,
    CatalogApp,
    CatalogAuditEvent,
    SharingPolicy,
    parse_semver,
)
from catalog.search import apps_refresh_search_vectors
from core.actors import Actor, ActorRole
from core.errors import ApplicationError, ErrorDetail
from tenants.models import Government

APP_SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# Who may write the catalogue: its editors and administrators (through the back office and the
# API), operators (the public admin) and the platform (imports, the demo).
CATALOG_WRITERS = (
    ActorRole.CATALOG_EDITOR,
    ActorRole.ADMINISTRATOR,
    ActorRole.OPERATOR,
    ActorRole.SYSTEM,
)
# Imports and the demo: the catalogue's rows name this mailbox rather than a person.
SYSTEM_ACTOR = Actor.system("catalog", email="sistema@ventanilla.mx", schema="public")


@dataclass
class ImportOutcome:
    app: CatalogApp
    # "created" (new app), "updated" (new versions or policy) or "unchanged".
    status: str
    versions_published: list[str] = field(default_factory=list)


# --- apps ---------------------------------------------------------------------------------------


@transaction.atomic
def app_create(
    *, publisher: Government, slug: str, sharing_policy: str, actor: Actor
) -> CatalogApp:
    actor.require(*CATALOG_WRITERS)
    problems = _app_slug_errors(slug) + _sharing_policy_errors(sharing_policy)
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
    _audit(AuditAction.APP_CREATED, actor, app=app, data={"sharing_policy": sharing_policy})
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
        _audit(
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
        _audit(AuditAction.APP_DEPRECATED, actor, app=app, data={"reason": reason})
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
        problems.append(_deprecated_error(app))
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
    problems.extend(_definition_errors(app, definition, "/definition"))
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
    draft.save()
    if app.latest_version_id is None:
        # Nothing published yet: the publisher's own lists show the draft's name.
        _copy_listing_fields(app, definition)
        app.save(update_fields=["title", "category", "kind", "metadata", "updated_at"])
    _audit(AuditAction.DRAFT_SAVED, actor, app=app, version=draft, data={"version": version})
    return draft


@transaction.atomic
def version_publish(
    *, version: AppVersion, changelog: dict[str, str] | None = None, actor: Actor
) -> AppVersion:
    """Publish a draft: from now on it is immutable and other governments may adopt it (as the
    app's sharing policy allows). The changelog is required, at least in Spanish."""
    actor.require(*CATALOG_WRITERS)
    app = CatalogApp.objects.select_for_update().get(pk=version.app_id)
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
        problems.append(_deprecated_error(app))
    problems.extend(_version_order_errors(app, version.version, version.semver, "version"))
    # Validated again: the validator may have become stricter since the draft was saved.
    problems.extend(_definition_errors(app, version.definition, "/definition"))
    if problems:
        raise ApplicationError(problems)

    version.changelog = changelog
    version.published_at = timezone.now()
    version.published_by_email = actor.email
    version.published_by_schema = actor.schema
    version.save()
    _apps_point_to_latest([(app, version)])
    _audit(
        AuditAction.VERSION_PUBLISHED,
        actor,
        app=app,
        version=version,
        data={"version": version.version},
    )
    return version


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
    _audit(
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
    _audit(AuditAction.AGREEMENT_ACTIVATED, actor, agreement=agreement)
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
    _audit(AuditAction.AGREEMENT_TERMINATED, actor, agreement=agreement, data={"reason": reason})
    return agreement


# --- bundles ------------------------------------------------------------------------------------


def bundle_import(*, publisher: Government, bundle: Any, actor: Actor) -> ImportOutcome:
    """Load one bundle for `publisher`: create the app if new and publish the versions it does not
    have yet. Idempotent: the same bundle twice changes nothing. A version already published with
    a different definition or changelog is refused (published versions are immutable). Either the
    whole bundle is applied or nothing is."""
    actor.require(*CATALOG_WRITERS)
    problems = bundle_shape_errors(bundle)
    if problems:
        raise ApplicationError(problems)
    slug: str = bundle["app"]["slug"]
    problems.extend(_app_slug_errors(slug, "/app/slug"))
    entries = sorted(
        enumerate(bundle["versions"]),
        key=lambda item: parse_semver(item[1]["version"]) or (0, 0, 0),
    )
    for index, entry in entries:
        problems.extend(
            _definition_errors(None, entry["definition"], f"/versions/{index}/definition", slug)
        )
    if problems:
        raise ApplicationError(problems)

    with transaction.atomic():
        return _bundle_apply(publisher=publisher, bundle=bundle, entries=entries, actor=actor)


def _bundle_apply(
    *,
    publisher: Government,
    bundle: dict[str, Any],
    entries: list[tuple[int, dict[str, Any]]],
    actor: Actor,
) -> ImportOutcome:
    slug: str = bundle["app"]["slug"]
    policy: str = bundle["app"]["sharing_policy"]
    app = CatalogApp.objects.select_for_update().filter(publisher=publisher, slug=slug).first()
    status = "unchanged"
    existing: dict[str, AppVersion] = {}
    if app is None:
        app = app_create(publisher=publisher, slug=slug, sharing_policy=policy, actor=actor)
        status = "created"
    else:
        existing = {v.version: v for v in app.versions.all()}
        if app.sharing_policy != policy:
            app_set_sharing_policy(app=app, sharing_policy=policy, actor=actor)
            status = "updated"

    published = [v for v in existing.values() if v.is_published]
    latest = max((v.semver for v in published), default=None)
    problems: list[ErrorDetail] = []
    to_publish: list[AppVersion] = []
    now = timezone.now()
    for index, entry in entries:
        number: str = entry["version"]
        numbers = parse_semver(number)
        assert numbers is not None
        current = existing.get(number)
        if current is not None and current.is_published:
            if current.definition != entry["definition"] or current.changelog != entry["changelog"]:
                what = "definition" if current.definition != entry["definition"] else "changelog"
                problems.append(
                    ErrorDetail(
                        errors.BUNDLE_VERSION_CONFLICT,
                        f"La versión {number} ya está publicada con otro contenido; una versión "
                        "publicada no cambia: publique una versión nueva.",
                        f"Version {number} is already published with different content; a "
                        "published version never changes: publish a new version.",
                        f"/versions/{index}/{what}",
                    )
                )
            continue
        if latest is not None and numbers <= latest:
            problems.append(
                ErrorDetail(
                    errors.VERSION_NOT_INCREASING,
                    f"La versión {number} no es mayor que la última publicada "
                    f"({'.'.join(map(str, latest))}).",
                    f"Version {number} is not greater than the latest published one "
                    f"({'.'.join(map(str, latest))}).",
                    f"/versions/{index}/version",
                )
            )
            continue
        version = current or AppVersion(
            app=app, created_by_email=actor.email, created_by_schema=actor.schema
        )
        version.version = number
        version.major, version.minor, version.patch = numbers
        version.definition = entry["definition"]
        version.changelog = entry["changelog"]
        version.published_at = now
        version.published_by_email = actor.email
        version.published_by_schema = actor.schema
        to_publish.append(version)
    if problems:
        raise ApplicationError(problems)
    if not to_publish:
        return ImportOutcome(app=app, status=status)

    drafts = [v for v in to_publish if v.pk is not None]
    for draft in drafts:
        draft.save()
    AppVersion.objects.bulk_create([v for v in to_publish if v.pk is None])
    _apps_point_to_latest([(app, to_publish[-1])])
    CatalogAuditEvent.objects.bulk_create(
        CatalogAuditEvent(
            action=AuditAction.VERSION_PUBLISHED,
            actor_email=actor.email,
            actor_schema=actor.schema,
            app=app,
            version=version,
            data={"version": version.version, "source": "bundle"},
        )
        for version in to_publish
    )
    return ImportOutcome(
        app=app,
        status="created" if status == "created" else "updated",
        versions_published=[v.version for v in to_publish],
    )


def bundle_export(app: CatalogApp) -> dict[str, Any]:
    """The app's bundle: its catalogue entry and every published version, oldest first."""
    versions = app.versions.filter(published_at__isnull=False).order_by("major", "minor", "patch")
    return {
        "bundle_format": BUNDLE_FORMAT,
        "app": {"slug": app.slug, "sharing_policy": app.sharing_policy},
        "versions": [
            {"version": v.version, "changelog": v.changelog, "definition": v.definition}
            for v in versions
        ],
    }


# --- helpers ------------------------------------------------------------------------------------


def _apps_point_to_latest(pairs: list[tuple[CatalogApp, AppVersion]]) -> None:
    """Make each app list and search by its newly published version."""
    for app, version in pairs:
        app.latest_version = version
        _copy_listing_fields(app, version.definition)
        app.save(
            update_fields=["latest_version", "title", "category", "kind", "metadata", "updated_at"]
        )
    apps_refresh_search_vectors((app.pk, version.definition) for app, version in pairs)


def _copy_listing_fields(app: CatalogApp, definition: dict[str, Any]) -> None:
    metadata = definition.get("metadata") or {}
    name = metadata.get("name") or {}
    app.title = str(name.get("es-MX", ""))[:300] if isinstance(name, dict) else ""
    app.category = str(metadata.get("category", ""))[:100]
    app.kind = str(metadata.get("kind", ""))[:16]
    app.metadata = metadata


def _definition_errors(
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
    metadata = definition.get("metadata")
    declared = metadata.get("slug") if isinstance(metadata, dict) else None
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


def _app_slug_errors(slug: str, location: str = "slug") -> list[ErrorDetail]:
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


def _deprecated_error(app: CatalogApp) -> ErrorDetail:
    return ErrorDetail(
        errors.APP_DEPRECATED,
        f"La app «{app.slug}» está en desuso: ya no recibe versiones nuevas.",
        f"The app '{app.slug}' is deprecated: it takes no new versions.",
        "",
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


def _audit(
    action: str,
    actor: Actor,
    *,
    app: CatalogApp | None = None,
    version: AppVersion | None = None,
    agreement: Agreement | None = None,
    data: dict[str, Any] | None = None,
) -> CatalogAuditEvent:
    return CatalogAuditEvent.objects.create(
        action=action,
        actor_email=actor.email,
        actor_schema=actor.schema,
        app=app,
        version=version,
        agreement=agreement,
        data=data or {},
    )


@dataclass
class FolderImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # (file name, error) pairs: every problem of every failed file.
    errors: list[tuple[str, ErrorDetail]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def bundle_import_folder(
    *,
    publisher: Government,
    folder: Path,
    actor: Actor,
    progress: Callable[[str], None] | None = None,
) -> FolderImportSummary:
    """Import every `*.json` bundle of `folder` (not recursive), in name order, each file all or
    nothing. Other files are listed as ignored, never skipped silently."""
    actor.require(*CATALOG_WRITERS)
    report = progress or (lambda _message: None)
    summary = FolderImportSummary()
    entries = sorted(folder.iterdir())
    bundles = [p for p in entries if p.is_file() and p.suffix == ".json"]
    summary.ignored = [p.name for p in entries if p not in bundles]
    total = len(bundles)
    for number, path in enumerate(bundles, start=1):
        data, problems = bundle_loads(path.read_text(encoding="utf-8"))
        outcome = None
        if not problems:
            try:
                outcome = bundle_import(publisher=publisher, bundle=data, actor=actor)
            except ApplicationError as exc:
                problems = exc.errors
        if outcome is None:
            summary.failed.append(path.name)
            summary.errors.extend((path.name, problem) for problem in problems)
            report(f"[{number}/{total}] {path.name}: ERROR ({len(problems)})")
            continue
        getattr(summary, outcome.status).append(path.name)
        detail = f" {', '.join(outcome.versions_published)}" if outcome.versions_published else ""
        report(f"[{number}/{total}] {path.name}: {outcome.status}{detail}")
    return summary
