"""Catalogue figures for `make bench`: validating and importing 200 app bundles, and full-text
search over 10,000 published versions.

Everything runs inside one transaction that is rolled back at the end, on two throwaway
government rows that have no schema: the database is left as it was found.
"""

from __future__ import annotations

import copy
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.definition import validate_definition
from catalog.models import AppVersion, CatalogApp, SharingPolicy
from catalog.search import apps_refresh_search_vectors
from catalog.selectors import app_list
from catalog.services import SYSTEM_ACTOR, agreement_activate, agreement_create, bundle_import
from tenants.models import Government, GovernmentStatus
from tests.catalog.factories import make_definition

BUNDLES = 200
SEARCH_VERSIONS = 10_000
VERSIONS_PER_FILLER_APP = 2
SEARCH_ROUNDS = 5
EXAMPLE = (
    Path(__file__).resolve().parents[2]
    / "catalog"
    / "definition"
    / "examples"
    / "licencia-conducir-a.json"
)

SUBJECTS = [
    "licencia de conducir",
    "acta de nacimiento",
    "permiso de construcción",
    "constancia de no adeudo",
    "toma de agua",
    "licencia de funcionamiento",
    "certificado de uso de suelo",
    "registro de marca",
    "placas vehiculares",
    "beca escolar",
    "apoyo a adultos mayores",
    "poda de árbol",
    "alumbrado público",
    "visto bueno de protección civil",
    "permiso de filmación",
    "constancia de residencia",
    "pago de predial",
    "tenencia vehicular",
    "cartilla militar",
    "matrimonio civil",
]
VERBS = [
    "Solicitud de",
    "Expedición de",
    "Renovación de",
    "Reposición de",
    "Trámite de",
    "Aviso de",
]
QUERIES = [
    "licencia",
    "tramite",
    "acta nacimiento",
    "agua",
    "permiso construccion",
    "renovacion placas",
    "predial",
    "beca",
    "proteccion civil",
    "certificado",
    "matrimonio",
    "zzzz",
]


class _Rollback(Exception):
    """Raised at the end so the transaction, and every row created, is rolled back."""


def run(report: Any) -> None:
    try:
        with transaction.atomic():
            _measure(report)
            raise _Rollback
    except _Rollback:
        report.progress("datos de prueba revertidos / benchmark data rolled back")


def _measure(report: Any) -> None:
    publisher, adopter = _throwaway_governments()
    bundles = _bundles(BUNDLES)

    report.progress(f"validando {BUNDLES} definiciones / validating {BUNDLES} definitions")
    started = time.perf_counter()
    invalid = sum(1 for b in bundles if validate_definition(b["versions"][0]["definition"]))
    elapsed = time.perf_counter() - started
    report.figure(
        f"validate {BUNDLES} definitions",
        round(elapsed, 2),
        "s",
        note=f"{invalid} invalid",
    )

    report.progress(f"importando {BUNDLES} paquetes / importing {BUNDLES} bundles")
    with CaptureQueriesContext(connection) as queries:
        bundle_import(publisher=publisher, bundle=bundles[0], actor=SYSTEM_ACTOR)
    started = time.perf_counter()
    for bundle in bundles[1:]:
        bundle_import(publisher=publisher, bundle=bundle, actor=SYSTEM_ACTOR)
    elapsed = time.perf_counter() - started
    elapsed = elapsed * BUNDLES / (BUNDLES - 1)
    report.figure(f"import {BUNDLES} bundles", round(elapsed, 2), "s", "< 60 s", met=elapsed < 60)
    report.figure("queries per imported bundle", len(queries), "queries")

    report.progress(f"llenando hasta {SEARCH_VERSIONS} versiones / filling to {SEARCH_VERSIONS}")
    _fill_versions(publisher, SEARCH_VERSIONS - AppVersion.objects.count())
    agreement = agreement_create(
        publisher=publisher,
        adopter=adopter,
        title="Convenio de benchmark",
        valid_from=timezone.localdate(),
        actor=SYSTEM_ACTOR,
    )
    agreement_activate(agreement=agreement, actor=SYSTEM_ACTOR)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_catalogapp")
        cursor.execute("ANALYZE catalog_appversion")
    total_versions = AppVersion.objects.count()

    report.progress(f"buscando en {total_versions} versiones / searching {total_versions}")
    timings: list[float] = []
    for _ in range(SEARCH_ROUNDS):
        for query in QUERIES:
            started = time.perf_counter()
            # What the API does for one page: a count and the first 50 rows.
            results = app_list(government=adopter, query=query)
            results.count()
            list(results[:50])
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    label = f"over {total_versions} versions"
    report.figure(f"search p50 {label}", round(p50, 1), "ms", "< 50 ms", met=p50 < 50)
    report.figure(f"search p95 {label}", round(p95, 1), "ms", "< 200 ms", met=p95 < 200)


def _throwaway_governments() -> tuple[Government, Government]:
    suffix = f"{random.randrange(10**6):06d}"
    governments = []
    for role in ("pub", "adopt"):
        governments.append(
            Government.objects.create(
                schema_name=f"bench_{role}_{suffix}",
                slug=f"bench-{role}-{suffix}",
                name=f"Benchmark {role}",
                display_name=f"Benchmark {role}",
                status=GovernmentStatus.ACTIVE,
            )
        )
    return governments[0], governments[1]


def _bundles(count: int) -> list[dict[str, Any]]:
    """Realistic bundles: the data helper's synthetic generator when present, otherwise copies
    of the full example definition with varied names."""
    try:
        from demo.synthetic import synthetic_bundles
    except ImportError:
        synthetic_bundles = None
    if synthetic_bundles is not None:
        return synthetic_bundles(count, seed=2026, publisher_slug="bench")
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    example.pop("$schema", None)
    bundles = []
    for number in range(count):
        definition = copy.deepcopy(example)
        slug = f"bench-app-{number:04d}"
        name = f"{VERBS[number % len(VERBS)]} {SUBJECTS[number % len(SUBJECTS)]} {number}"
        definition["metadata"]["slug"] = slug
        definition["metadata"]["name"] = {"es-MX": name, "en": name}
        bundles.append(
            {
                "bundle_format": 1,
                "app": {"slug": slug, "sharing_policy": SharingPolicy.PUBLIC},
                "versions": [
                    {
                        "version": "1.0.0",
                        "changelog": {"es-MX": "Primera versión", "en": "First version"},
                        "definition": definition,
                    }
                ],
            }
        )
    return bundles


def _fill_versions(publisher: Government, missing: int) -> None:
    """Bulk-insert published filler apps (each with a few versions) with search vectors, the
    way an import would leave them, without paying for validation."""
    if missing <= 0:
        return
    rng = random.Random(2026)
    app_count = -(-missing // VERSIONS_PER_FILLER_APP)
    policies = [SharingPolicy.PUBLIC, SharingPolicy.AGREEMENT, SharingPolicy.PRIVATE]
    now = timezone.now()
    apps = CatalogApp.objects.bulk_create(
        [
            CatalogApp(
                publisher=publisher,
                slug=f"relleno-{number:05d}",
                sharing_policy=rng.choice(policies),
                category=rng.choice(["movilidad", "agua", "registro-civil", "negocios"]),
                title=f"relleno {number}",
            )
            for number in range(app_count)
        ],
        batch_size=1000,
    )
    definitions: dict[int, dict[str, Any]] = {}
    versions = []
    for app in apps:
        subject = rng.choice(SUBJECTS)
        name = f"{rng.choice(VERBS)} {subject} {rng.randrange(1000)}"
        definition = make_definition(
            app.slug,
            name=name,
            description=f"Servicio para {subject} en la ventanilla digital.",
            synonyms=[rng.choice(SUBJECTS)],
        )
        definitions[app.pk] = definition
        for minor in range(VERSIONS_PER_FILLER_APP):
            versions.append(
                AppVersion(
                    app=app,
                    version=f"1.{minor}.0",
                    major=1,
                    minor=minor,
                    definition=definition,
                    changelog={"es-MX": "Versión de relleno"},
                    published_at=now,
                    published_by_email=SYSTEM_ACTOR.email,
                    published_by_schema=SYSTEM_ACTOR.schema,
                )
            )
    AppVersion.objects.bulk_create(versions, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE catalog_catalogapp AS app SET latest_version_id = latest.id
            FROM (
                SELECT DISTINCT ON (app_id) app_id, id FROM catalog_appversion
                ORDER BY app_id, major DESC, minor DESC, patch DESC
            ) AS latest
            WHERE app.id = latest.app_id AND app.publisher_id = %s
            """,
            [publisher.pk],
        )
    items = list(definitions.items())
    for start in range(0, len(items), 500):
        apps_refresh_search_vectors(items[start : start + 500])
