"""Import and export of app bundles (an app with its versions, as JSON), one at a time or a
whole folder, through the same validation as the back office."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from catalog import errors
from catalog.bundles import BUNDLE_FORMAT, bundle_loads, bundle_shape_errors
from catalog.models import (
    AppVersion,
    AuditAction,
    CatalogApp,
    CatalogAuditEvent,
    parse_semver,
)
from catalog.portability import jurisdiction_terms, report_with_terms
from catalog.services.apps import (
    app_create,
    app_set_sharing_policy,
    app_slug_errors,
    apps_point_to_latest,
    definition_errors,
)
from catalog.services.common import CATALOG_WRITERS
from core.actors import Actor
from core.errors import ApplicationError, ErrorDetail
from tenants.models import Government


@dataclass
class ImportOutcome:
    app: CatalogApp
    # "created" (new app), "updated" (new versions or policy) or "unchanged".
    status: str
    versions_published: list[str] = field(default_factory=list)


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
    problems.extend(app_slug_errors(slug, "/app/slug"))
    entries = sorted(
        enumerate(bundle["versions"]),
        key=lambda item: parse_semver(item[1]["version"]) or (0, 0, 0),
    )
    for index, entry in entries:
        problems.extend(
            definition_errors(None, entry["definition"], f"/versions/{index}/definition", slug)
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
    terms = jurisdiction_terms(publisher)
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
        version.portability = report_with_terms(entry["definition"], terms)
        to_publish.append(version)
    if problems:
        raise ApplicationError(problems)
    if not to_publish:
        return ImportOutcome(app=app, status=status)

    drafts = [v for v in to_publish if v.pk is not None]
    for draft in drafts:
        draft.save()
    AppVersion.objects.bulk_create([v for v in to_publish if v.pk is None])
    apps_point_to_latest([(app, to_publish[-1])])
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
