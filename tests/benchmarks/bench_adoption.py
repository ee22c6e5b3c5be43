"""Adoption figure for `make bench`: bulk-enabling all 200 apps of a convenio (goal ≤ 2 s),
each with its local values validated against its override points.

Runs inside one transaction that is rolled back at the end: a throwaway publisher row (no schema
needed, it only publishes) and a throwaway adopter whose schema is cloned from the template (DDL
is transactional in PostgreSQL). The database is left as it was found.
"""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.clone import CloneSchema
from django_tenants.utils import tenant_context

from apps_registry.models import EnabledAppStatus
from apps_registry.services import enabled_apps_bulk_enable
from catalog.models import AppVersion, CatalogApp, SharingPolicy
from catalog.services import SYSTEM_ACTOR, agreement_activate, agreement_create
from core.actors import Actor, ActorRole
from demo.adoptions import SONORA, local_values_for
from tenants.models import Government, GovernmentStatus
from tenants.services import schema_name_for_slug
from tests.benchmarks.onboarding import throwaway_slug

APPS = 200
GOAL_SECONDS = 2.0
EXAMPLE = (
    Path(__file__).resolve().parents[2]
    / "catalog"
    / "definition"
    / "examples"
    / "licencia-conducir-a.json"
)


class _Rollback(Exception):
    pass


def run(report: Any) -> None:
    try:
        with transaction.atomic():
            _measure(report)
            raise _Rollback
    except _Rollback:
        report.progress("datos de prueba revertidos / benchmark data rolled back")
    finally:
        connection.set_schema_to_public()  # type: ignore[attr-defined]


def _measure(report: Any) -> None:
    report.progress(f"publicando {APPS} apps / publishing {APPS} apps")
    publisher = _publisher()
    _publish(publisher, APPS)
    adopter = _adopter()
    agreement = agreement_create(
        publisher=publisher,
        adopter=adopter,
        title="Convenio de benchmark",
        valid_from=timezone.localdate(),
        actor=SYSTEM_ACTOR,
    )
    agreement_activate(agreement=agreement, actor=SYSTEM_ACTOR)
    # What the bulk-enable form sends: the adopter's values for each app, prepared beforehand.
    values = {
        app.slug: local_values_for(app.latest_version.definition, app.slug, SONORA)  # type: ignore[union-attr]
        for app in CatalogApp.objects.filter(publisher=publisher).select_related("latest_version")
    }
    actor = Actor.named(
        f"admin@{adopter.slug}.example.mx", ActorRole.ADMINISTRATOR, schema=adopter.schema_name
    )

    report.progress(f"habilitando {APPS} apps de un convenio / bulk-enabling {APPS} apps")
    with tenant_context(adopter), CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        created = enabled_apps_bulk_enable(
            government=adopter,
            agreement=agreement,
            actor=actor,
            values_by_app=values,
            not_applicable=["fees"],
        )
        elapsed = time.perf_counter() - started
    live = sum(1 for enabled in created if enabled.status == EnabledAppStatus.LIVE)
    report.figure(
        f"bulk enable {len(created)} apps of an agreement",
        round(elapsed, 3),
        "s",
        f"≤ {GOAL_SECONDS:g} s",
        met=elapsed <= GOAL_SECONDS and len(created) == APPS,
        note=f"{live} live, {len(queries)} queries, all or nothing",
    )


def _publisher() -> Government:
    slug = throwaway_slug("pub")
    return Government.objects.create(
        schema_name=schema_name_for_slug(slug),
        slug=slug,
        name="Benchmark publisher",
        display_name="Benchmark publisher",
        status=GovernmentStatus.ACTIVE,
    )


def _adopter() -> Government:
    """A government with its own schema cloned from the template, as onboarding does (without
    the staff account, which this figure does not need)."""
    slug = throwaway_slug("adopt")
    government = Government.objects.create(
        schema_name=schema_name_for_slug(slug),
        slug=slug,
        name="Benchmark adopter",
        display_name="Benchmark adopter",
        status=GovernmentStatus.ACTIVE,
    )
    CloneSchema().clone_schema(settings.TENANT_TEMPLATE_SCHEMA, government.schema_name)
    return government


def _publish(publisher: Government, count: int) -> None:
    """`count` published apps with the full example definition (9 override points, 4 required),
    written with bulk inserts: publishing speed is the catalogue benchmark's business."""
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    now = timezone.now()
    apps = CatalogApp.objects.bulk_create(
        CatalogApp(
            publisher=publisher,
            slug=f"tramite-{index:03d}",
            sharing_policy=SharingPolicy.AGREEMENT,
            title=f"Trámite {index:03d}",
            category=example["metadata"]["category"],
        )
        for index in range(count)
    )
    versions = []
    for app in apps:
        definition = copy.deepcopy(example)
        definition["metadata"]["slug"] = app.slug
        versions.append(
            AppVersion(
                app=app,
                version="1.0.0",
                major=1,
                definition=definition,
                changelog={"es-MX": "Primera versión"},
                published_at=now,
                published_by_email=SYSTEM_ACTOR.email,
                published_by_schema=SYSTEM_ACTOR.schema,
            )
        )
    AppVersion.objects.bulk_create(versions)
    for app, version in zip(apps, versions, strict=True):
        app.latest_version = version
    CatalogApp.objects.bulk_update(apps, ["latest_version"])
