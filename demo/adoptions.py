"""`make demo` step: Sonora and Yucatán adopt CDMX's apps with their own local values.

- Sonora pins a few apps at 1.0.0 where CDMX has since published 1.1.0 (so "update available"
  shows), then bulk-enables every other app of its convenio with CDMX, and has a few cases on
  some of them (numbers for CDMX's adoption page; nothing personal).
- Yucatán enables six apps of its convenio, with Mérida's values.

Idempotent: apps already enabled and apps that already have cases are left as they are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django_tenants.utils import tenant_context

from apps_registry.local_values import declared_overrides
from apps_registry.models import EnabledApp, EnabledAppStatus
from apps_registry.services import enabled_app_enable, enabled_apps_bulk_enable
from cases.models import Case
from catalog.definition import Definition
from catalog.models import AppVersion, CatalogApp
from catalog.selectors import agreements_in_force
from core.actors import Actor, ActorRole
from core.errors import ApplicationError
from demo.steps import Reporter
from tenants.models import Government

# Apps with a 1.1.0 that Sonora keeps at 1.0.0 for the upgrade story.
SONORA_PINNED = ("licencia-conducir-a", "certificado-residencia", "matrimonio-civil")
SONORA_APPS_WITH_CASES = 8
YUCATAN_APP_COUNT = 6


@dataclass(frozen=True)
class LocalProfile:
    """How one government fills override points: its agencies, laws, offices, fee level."""

    prefix: str
    agencies: dict[str, tuple[str, str]]
    default_agency: tuple[str, str]
    legal_basis: list[dict[str, str]]
    fees_law: str
    fee_factor: Decimal
    offices: list[dict[str, Any]]


SONORA = LocalProfile(
    prefix="SON",
    agencies={
        "movilidad": ("Instituto Sonorense de Infraestructura y Movilidad", "IMS"),
        "registro-civil": ("Dirección General del Registro Civil del Estado de Sonora", "RCS"),
        "pagos": ("Secretaría de Hacienda del Estado de Sonora", "SH"),
        "agua": ("Comisión Estatal del Agua de Sonora", "CEA"),
        "desarrollo-urbano": ("Secretaría de Desarrollo Territorial de Sonora", "SIDUR"),
        "seguridad": ("Secretaría de Seguridad Pública del Estado de Sonora", "SSP"),
    },
    default_agency=("Secretaría de Gobierno del Estado de Sonora", "SEGOB"),
    legal_basis=[
        {
            "ordenamiento": "Ley de Procedimiento Administrativo del Estado de Sonora",
            "articulo": "4",
        },
        {"ordenamiento": "Ley de Gobierno Digital para el Estado de Sonora", "articulo": "12"},
    ],
    fees_law="Ley de Hacienda del Estado de Sonora",
    fee_factor=Decimal("0.85"),
    offices=[
        {
            "name": {
                "es-MX": "Centro de Gobierno, Hermosillo",
                "en": "Government Centre, Hermosillo",
            },
            "address": "Blvd. Paseo Río Sonora y Comonfort s/n, Villa de Seris, 83280 Hermosillo, Son.",
            "hours": {
                "es-MX": "Lunes a viernes de 8:00 a 15:00 h",
                "en": "Monday to Friday 8:00–15:00",
            },
            "phone": "662 212 0000",
        },
        {
            "name": {"es-MX": "Módulo Ciudad Obregón", "en": "Ciudad Obregón office"},
            "address": "Calle 5 de Febrero 301 Sur, Centro, 85000 Cajeme, Son.",
            "hours": {"es-MX": "Lunes a viernes de 8:00 a 14:00 h"},
        },
    ],
)

YUCATAN = LocalProfile(
    prefix="YUC",
    agencies={
        "movilidad": ("Agencia de Transporte de Yucatán", "ATY"),
        "registro-civil": ("Dirección del Registro Civil del Estado de Yucatán", "RCY"),
        "pagos": ("Agencia de Administración Fiscal de Yucatán", "AAFY"),
    },
    default_agency=("Secretaría General de Gobierno de Yucatán", "SGG"),
    legal_basis=[
        {
            "ordenamiento": "Ley de Actos y Procedimientos Administrativos del Estado de Yucatán",
            "articulo": "3",
        },
    ],
    fees_law="Ley General de Hacienda del Estado de Yucatán",
    fee_factor=Decimal("0.9"),
    offices=[
        {
            "name": {"es-MX": "Palacio de Gobierno, Mérida", "en": "Government Palace, Mérida"},
            "address": "Calle 61 s/n por 60 y 62, Centro, 97000 Mérida, Yuc.",
            "hours": {"es-MX": "Lunes a viernes de 8:00 a 16:00 h"},
        }
    ],
)


def load_adoptions(report: Reporter) -> None:
    governments = {
        g.slug: g for g in Government.objects.filter(slug__in=["cdmx", "sonora", "yucatan"])
    }
    cdmx = governments.get("cdmx")
    if cdmx is None:
        report("    sin CDMX: no hay apps que adoptar / no CDMX: nothing to adopt")
        return
    if "sonora" in governments:
        _load_sonora(cdmx, governments["sonora"], report)
    if "yucatan" in governments:
        _load_yucatan(cdmx, governments["yucatan"], report)


def _load_sonora(cdmx: Government, sonora: Government, report: Reporter) -> None:
    actor = Actor.named("admin@sonora.gob.mx", ActorRole.ADMINISTRATOR, schema=sonora.schema_name)
    with tenant_context(sonora):
        for slug in SONORA_PINNED:
            version = (
                AppVersion.objects.filter(
                    app__publisher=cdmx, app__slug=slug, version="1.0.0", published_at__isnull=False
                )
                .select_related("app")
                .first()
            )
            if version is None or EnabledApp.objects.filter(catalog_app=version.app).exists():
                continue
            _enable_one(sonora, version, SONORA, actor, report)
        agreement = agreements_in_force(sonora).filter(publisher=cdmx).first()
        if agreement is None:
            report("    Sonora no tiene convenio vigente con CDMX / no agreement in force")
        else:
            apps = CatalogApp.objects.filter(publisher=cdmx, latest_version__isnull=False)
            values = {
                app.slug: local_values_for(app.latest_version.definition, app.slug, SONORA)  # type: ignore[union-attr]
                for app in apps.select_related("latest_version")
            }
            try:
                created = enabled_apps_bulk_enable(
                    government=sonora, agreement=agreement, actor=actor, values_by_app=values
                )
            except ApplicationError as exc:
                report(f"    Sonora, habilitación masiva rechazada / bulk enable refused: {exc}")
            else:
                live = sum(1 for e in created if e.status == EnabledAppStatus.LIVE)
                report(
                    f"    Sonora habilitó {len(created)} apps del convenio ({live} en línea) / "
                    f"enabled {len(created)} apps of the agreement ({live} live)"
                )
        _file_demo_cases(SONORA_PINNED, SONORA_APPS_WITH_CASES, "SON", report)


def _load_yucatan(cdmx: Government, yucatan: Government, report: Reporter) -> None:
    actor = Actor.named("admin@yucatan.gob.mx", ActorRole.ADMINISTRATOR, schema=yucatan.schema_name)
    with tenant_context(yucatan):
        agreement = agreements_in_force(yucatan).filter(publisher=cdmx).first()
        if agreement is None:
            report("    Yucatán no tiene convenio vigente con CDMX / no agreement in force")
            return
        chosen = (
            agreement.apps.filter(latest_version__isnull=False, deprecated_at__isnull=True)
            .select_related("latest_version")
            .order_by("slug")[:YUCATAN_APP_COUNT]
        )
        for app in chosen:
            if EnabledApp.objects.filter(catalog_app=app).exists():
                continue
            assert app.latest_version is not None
            _enable_one(yucatan, app.latest_version, YUCATAN, actor, report)
        _file_demo_cases((), 3, "YUC", report)


def _enable_one(
    government: Government,
    version: AppVersion,
    profile: LocalProfile,
    actor: Actor,
    report: Reporter,
) -> None:
    try:
        enabled_app_enable(
            government=government,
            app=version.app,
            version=version,
            local_values=local_values_for(version.definition, version.app.slug, profile),
            actor=actor,
        )
    except ApplicationError as exc:
        report(f"    {government.slug}: {version.app.slug} rechazada / refused: {exc}")
        return
    report(f"    {government.slug} habilitó / enabled {version.app.slug} {version.version}")


def local_values_for(
    definition: dict[str, Any], slug: str, profile: LocalProfile
) -> dict[str, Any]:
    """A government's values for the override points of one app, by override type."""
    category = Definition(definition).category
    values: dict[str, Any] = {}
    for item in declared_overrides(definition):
        key, kind = item["key"], item.get("type")
        if kind == "agency":
            name, acronym = profile.agencies.get(category, profile.default_agency)
            values[key] = {"name": {"es-MX": name}, "acronym": acronym}
        elif kind == "text" and key == "homoclave":
            initials = "".join(word[0] for word in slug.split("-") if word).upper()[:6]
            values[key] = f"{profile.prefix}-{initials}-{len(slug):03d}"
        elif kind == "legal_basis":
            values[key] = [dict(entry) for entry in profile.legal_basis]
        elif kind == "fee_concepts":
            values[key] = _local_fees(definition, profile)
        elif kind == "offices":
            values[key] = [dict(office) for office in profile.offices]
    return values


def _local_fees(definition: dict[str, Any], profile: LocalProfile) -> list[dict[str, Any]]:
    concepts = Definition(definition).fee_concepts
    local = []
    for concept in concepts:
        amount = (Decimal(str(concept["amount"])) * profile.fee_factor).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        local.append(
            {
                **concept,
                "amount": float(amount),
                "fiscal_year": 2026,
                "legal_basis": [{"ordenamiento": profile.fees_law, "articulo": "1"}],
            }
        )
    return local


def _file_demo_cases(
    first_slugs: tuple[str, ...], app_count: int, prefix: str, report: Reporter
) -> None:
    """A few filed cases per app (no personal data: the case carries only its folio)."""
    live = list(
        EnabledApp.objects.filter(status=EnabledAppStatus.LIVE)
        .select_related("catalog_app", "version")
        .order_by("catalog_app__slug")
    )
    ordered = sorted(
        live, key=lambda e: (e.catalog_app.slug not in first_slugs, e.catalog_app.slug)
    )
    chosen = ordered[:app_count]
    now = timezone.now()
    created = 0
    for index, enabled in enumerate(chosen):
        if Case.objects.filter(enabled_app=enabled).exists():
            continue
        states = list(Definition(enabled.version.definition).state_ids) or ["recibida"]
        for number in range(2 + index % 4):
            created += 1
            Case.objects.create(
                enabled_app=enabled,
                version=enabled.version,
                folio=f"DEMO-{prefix}-{Case.objects.count() + 1:06d}",
                status=states[number % min(len(states), 3)],
                created_at=now - datetime.timedelta(days=3 * number + index),
            )
    if created:
        report(f"    {prefix}: {created} expedientes de demostración / demo cases")
