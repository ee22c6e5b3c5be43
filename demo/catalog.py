"""Demo catalogue: the hand-written CDMX and Sonora bundles, synthetic CDMX apps up to about 200,
and the convenios CDMX–Sonora (all apps) and CDMX–Yucatán (a chosen list)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.db import transaction

from catalog.models import Agreement, CatalogApp
from catalog.services import (
    SYSTEM_ACTOR,
    agreement_activate,
    agreement_create,
    bundle_import,
    bundle_import_folder,
)
from core.errors import ApplicationError
from demo.steps import Reporter
from demo.synthetic import EXAMPLE_SLUG_PREFIX
from tenants.models import Government

BUNDLES_DIR = Path(__file__).resolve().parent / "bundles"
CDMX_TARGET_APPS = 200
SONORA_AGREEMENT = "Convenio Marco de colaboración CDMX–Sonora"
YUCATAN_AGREEMENT = "Convenio específico de trámites CDMX–Yucatán"
YUCATAN_APP_COUNT = 8
AGREEMENTS_START = datetime.date(2026, 1, 1)


def load_catalog(report: Reporter) -> None:
    governments = {
        g.slug: g for g in Government.objects.filter(slug__in=["cdmx", "sonora", "yucatan"])
    }
    for slug in ("cdmx", "sonora"):
        folder = BUNDLES_DIR / slug
        if slug not in governments or not folder.is_dir():
            report(f"    sin paquetes para {slug} / no bundles for {slug}")
            continue
        summary = bundle_import_folder(
            publisher=governments[slug],
            folder=folder,
            actor=SYSTEM_ACTOR,
            progress=lambda message: report(f"      {message}"),
        )
        report(
            f"    {slug}: {len(summary.created)} nuevas, {len(summary.updated)} actualizadas, "
            f"{len(summary.unchanged)} sin cambios, {len(summary.failed)} con errores"
        )
        for name, error in summary.errors:
            report(f"      {name}: {error}")
    cdmx = governments.get("cdmx")
    if cdmx is None:
        return
    _load_synthetic(cdmx, report)
    if "sonora" in governments:
        _ensure_agreement(cdmx, governments["sonora"], SONORA_AGREEMENT, apps=None, report=report)
    if "yucatan" in governments:
        # Apps shared "by agreement" first: those are the ones the convenio actually opens up.
        chosen = list(
            CatalogApp.objects.filter(publisher=cdmx, latest_version__isnull=False)
            .exclude(sharing_policy="private")
            .exclude(slug__startswith=EXAMPLE_SLUG_PREFIX)
            .order_by("sharing_policy", "slug")[:YUCATAN_APP_COUNT]
        )
        _ensure_agreement(
            cdmx, governments["yucatan"], YUCATAN_AGREEMENT, apps=chosen, report=report
        )


def _load_synthetic(cdmx: Government, report: Reporter) -> None:
    try:
        from demo.synthetic import synthetic_bundles
    except ImportError:
        report("    sin catalog.synthetic: se omiten las apps sintéticas")
        return
    existing = CatalogApp.objects.filter(publisher=cdmx).count()
    missing = max(CDMX_TARGET_APPS - existing, 0)
    if not missing:
        report(f"    cdmx ya tiene {existing} apps / already has {existing} apps")
        return
    # Generated deterministically (fixed seed), so a re-run recreates the same bundles and the
    # import finds them unchanged.
    bundles = synthetic_bundles(missing, seed=2026, publisher_slug="cdmx")
    failed = 0
    for number, bundle in enumerate(bundles, start=1):
        try:
            bundle_import(publisher=cdmx, bundle=bundle, actor=SYSTEM_ACTOR)
        except ApplicationError as exc:
            failed += 1
            report(f"      sintética {number}: {exc}")
        if number % 25 == 0 or number == len(bundles):
            report(f"    sintéticas / synthetic: {number}/{len(bundles)}")
    if failed:
        report(f"    {failed} sintéticas con errores / synthetic bundles failed")


@transaction.atomic
def _ensure_agreement(
    publisher: Government,
    adopter: Government,
    title: str,
    *,
    apps: list[CatalogApp] | None,
    report: Reporter,
) -> None:
    if Agreement.objects.filter(publisher=publisher, adopter=adopter, title=title).exists():
        report(f"    convenio ya existía / agreement exists: {title}")
        return
    agreement = agreement_create(
        publisher=publisher,
        adopter=adopter,
        title=title,
        valid_from=AGREEMENTS_START,
        apps=apps,
        signed_document_reference=f"{title} (firmado el {AGREEMENTS_START:%d/%m/%Y})",
        actor=SYSTEM_ACTOR,
    )
    agreement_activate(agreement=agreement, actor=SYSTEM_ACTOR)
    report(f"    convenio vigente / agreement active: {title}")
