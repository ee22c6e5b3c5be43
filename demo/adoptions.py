"""`make demo` step: Sonora and Yucatán adopt CDMX's apps with their own local values.

- Sonora pins a few apps at 1.0.0 where CDMX has since published 1.1.0 (so "update available"
  shows), then enables every other real app of its convenio with CDMX (never the synthetic
  "Ejemplo:" apps), and has a few cases on some of them (numbers for CDMX's adoption page;
  nothing personal).
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

from apps_registry.local_values import declared_overrides, override_points
from apps_registry.models import EnabledApp, EnabledAppStatus
from apps_registry.services import enabled_app_enable
from cases.models import Case
from catalog.definition import Definition
from catalog.models import AppVersion, CatalogApp
from catalog.selectors import agreements_in_force
from core.actors import Actor, ActorRole
from core.errors import ApplicationError
from demo.jurisdictions import agency_of
from demo.steps import Reporter
from demo.synthetic import EXAMPLE_SLUG_PREFIX
from tenants.models import Government

# Apps with a 1.1.0 that Sonora keeps at 1.0.0 for the upgrade story.
SONORA_PINNED = ("licencia-conducir-a", "certificado-residencia", "matrimonio-civil")
SONORA_APPS_WITH_CASES = 8
YUCATAN_APP_COUNT = 6


# The agency (vocabulary.AGENCY_KEYS) in charge of each adopted app, where its category does not
# say it alone: the adopter names its own agency for that key (demo.jurisdictions).
APP_AGENCY_KEYS = {
    "aviso-filmacion": "cultura",
    "permiso-filmacion": "cultura",
    "cambio-domicilio-boleta-predial": "catastro",
    "certificado-clave-valor-catastral": "catastro",
    "pago-impuesto-predial": "hacienda",
    "consulta-pago-infracciones": "seguridad",
    "denuncia-digital": "fiscalia",
    "constancia-no-inhabilitacion": "contraloria",
    "constancia-no-antecedentes-penales": "sistema_penitenciario",
    "seguro-desempleo": "trabajo",
    "llave-cdmx-cuenta-verificada": "gobierno_digital",
    "reporte-ciudadano-servicios-urbanos": "servicios_urbanos",
    "poda-derribo-arbol": "medio_ambiente",
    "certificado-residencia": "gobierno",
}
CATEGORY_AGENCY_KEYS = {
    "movilidad": "movilidad",
    "registro-civil": "registro_civil",
    "pagos": "hacienda",
    "agua": "agua",
    "desarrollo-urbano": "desarrollo_urbano",
    "seguridad": "seguridad",
    "negocios": "economia",
    "medio-ambiente": "medio_ambiente",
    "servicios-urbanos": "servicios_urbanos",
    "cultura": "cultura",
    "identidad": "gobierno_digital",
    "programas-sociales": "bienestar",
    "educacion": "educacion",
}


@dataclass(frozen=True)
class LocalProfile:
    """How one government fills override points: its agencies (demo.jurisdictions), laws,
    offices, fee level."""

    slug: str
    prefix: str
    legal_basis: list[dict[str, str]]
    fees_law: str
    fee_factor: Decimal
    offices: list[dict[str, Any]]

    def agency_for(self, slug: str, category: str) -> dict[str, Any]:
        key = APP_AGENCY_KEYS.get(slug) or CATEGORY_AGENCY_KEYS.get(category, "gobierno")
        name_es, name_en, acronym = agency_of(self.slug, key)
        return {"name": {"es-MX": name_es, "en": name_en}, "acronym": acronym}


SONORA = LocalProfile(
    slug="sonora",
    prefix="SON",
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
            "hours": {
                "es-MX": "Lunes a viernes de 8:00 a 14:00 h",
                "en": "Monday to Friday 8:00–14:00",
            },
        },
    ],
)

YUCATAN = LocalProfile(
    slug="yucatan",
    prefix="YUC",
    legal_basis=[
        {
            "ordenamiento": "Ley de Actos y Procedimientos Administrativos del Estado de Yucatán",
            "articulo": "3",
        },
        {
            "ordenamiento": "Ley de Gobierno Electrónico del Estado de Yucatán",
            "articulo": "5",
        },
    ],
    fees_law="Ley General de Hacienda del Estado de Yucatán",
    fee_factor=Decimal("0.9"),
    offices=[
        {
            "name": {"es-MX": "Palacio de Gobierno, Mérida", "en": "Government Palace, Mérida"},
            "address": "Calle 61 s/n por 60 y 62, Centro, 97000 Mérida, Yuc.",
            "hours": {
                "es-MX": "Lunes a viernes de 8:00 a 16:00 h",
                "en": "Monday to Friday 8:00–16:00",
            },
            "phone": "999 930 3100",
        },
        {
            "name": {"es-MX": "Centro de Servicios Valladolid", "en": "Valladolid service centre"},
            "address": "Calle 41 s/n por 40 y 42, Centro, 97780 Valladolid, Yuc.",
            "hours": {
                "es-MX": "Lunes a viernes de 8:00 a 15:00 h",
                "en": "Monday to Friday 8:00–15:00",
            },
        },
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
            # The convenio covers every CDMX app, the synthetic examples too (the catalogue and
            # the benchmarks keep them); Sonora's citizens are offered only the real ones.
            apps = (
                CatalogApp.objects.filter(
                    publisher=cdmx, latest_version__isnull=False, deprecated_at__isnull=True
                )
                .exclude(slug__startswith=EXAMPLE_SLUG_PREFIX)
                .exclude(sharing_policy="private")
                .exclude(pk__in=EnabledApp.objects.values("catalog_app_id"))
                .select_related("latest_version")
                .order_by("slug")
            )
            for app in apps:
                assert app.latest_version is not None
                _enable_one(sonora, app.latest_version, SONORA, actor, report)
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
            .exclude(slug__startswith=EXAMPLE_SLUG_PREFIX)
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
    values = local_values_for(version.definition, version.app.slug, profile)
    try:
        enabled_app_enable(
            government=government,
            app=version.app,
            version=version,
            local_values=values,
            not_applicable=not_applicable_for(version.definition, values),
            actor=actor,
        )
    except ApplicationError as exc:
        report(f"    {government.slug}: {version.app.slug} rechazada / refused: {exc}")
        return
    report(f"    {government.slug} habilitó / enabled {version.app.slug} {version.version}")


def not_applicable_for(definition: dict[str, Any], values: dict[str, Any]) -> list[str]:
    """Place-bound points the profile has nothing for (a free service's fees) are "no aplica"."""
    return [
        point.key
        for point in override_points(definition)
        if point.may_be_not_applicable and point.key not in values
    ]


def local_values_for(
    definition: dict[str, Any], slug: str, profile: LocalProfile
) -> dict[str, Any]:
    """A government's values for the override points of one app, by override type."""
    category = Definition(definition).category
    values: dict[str, Any] = {}
    for item in declared_overrides(definition):
        key, kind = item["key"], item.get("type")
        if kind == "agency":
            values[key] = profile.agency_for(slug, category)
        elif kind == "text" and key == "homoclave":
            initials = "".join(word[0] for word in slug.split("-") if word).upper()[:6]
            values[key] = f"{profile.prefix}-{initials}-{len(slug):03d}"
        elif kind == "legal_basis":
            values[key] = [dict(entry) for entry in profile.legal_basis]
        elif kind == "fee_concepts":
            values[key] = _local_fees(definition, profile)
        elif kind == "offices":
            values[key] = [dict(office) for office in profile.offices]
    # An empty list (a free service has no fee concepts) is not a value: the caller marks such
    # place-bound points "no aplica".
    return {key: value for key, value in values.items() if value != []}


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
