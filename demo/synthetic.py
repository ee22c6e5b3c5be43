"""Synthetic example apps: deterministic, valid bundles that fill the demo catalogue up to about 200
apps and feed the benchmarks (validating hundreds of definitions, searching 10,000 versions).

Every synthetic app is marked as an example in its slug ("ejemplo-…"), its names ("Ejemplo: …" /
"Example: …") and its description, so nobody mistakes it for a real procedure. Bundle number `i`
depends only on (seed, publisher, i): asking for more bundles never changes the first ones, which
keeps repeated demo imports idempotent."""

from __future__ import annotations

import random
import unicodedata
from typing import Any

from demo.synthetic_data import (
    ACTIONS,
    CATEGORIES,
    PUBLISHER_PLACES,
    Category,
    t,
)
from demo.synthetic_parts import (
    applicant_fields,
    document_list,
    subject_fields,
    workflow,
)

Json = dict[str, Any]

EXAMPLE_SLUG_PREFIX = "ejemplo-"
EXAMPLE_NAME_PREFIX_ES = "Ejemplo: "
EXAMPLE_NAME_PREFIX_EN = "Example: "
FISCAL_YEAR = 2026


def synthetic_bundles(
    count: int,
    *,
    seed: int = 2026,
    publisher_slug: str = "cdmx",
    versions_per_app: int | None = None,
) -> list[Json]:
    """`count` valid example bundles, always the same ones for the same arguments.

    Each app has one version, or two for about a quarter of them; `versions_per_app` forces a
    number of versions (benchmarks use it to reach 10,000 versions with fewer apps)."""
    if count < 0:
        raise ValueError("count must not be negative")
    if versions_per_app is not None and versions_per_app < 1:
        raise ValueError("versions_per_app must be at least 1")
    return [
        _bundle(index, seed=seed, publisher_slug=publisher_slug, versions_per_app=versions_per_app)
        for index in range(1, count + 1)
    ]


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words)


def _bundle(index: int, *, seed: int, publisher_slug: str, versions_per_app: int | None) -> Json:
    # A string seed is hashed with SHA-512 by `random`, so it does not depend on PYTHONHASHSEED.
    rng = random.Random(f"{seed}:{publisher_slug}:{index}")  # noqa: S311  (demo data, not secrets)
    category = CATEGORIES[rng.randrange(len(CATEGORIES))]
    subject_es, subject_en = category.subjects[rng.randrange(len(category.subjects))]
    action_es, action_en, kind = ACTIONS[rng.randrange(len(ACTIONS))]
    title_es = action_es.format(s=subject_es)
    title_en = action_en.format(s=subject_en)
    slug = f"{EXAMPLE_SLUG_PREFIX}{_slugify(title_es)}-{index:04d}"[:100]
    policy = rng.choices(("agreement", "public", "private"), weights=(6, 3, 1))[0]
    versions_total = versions_per_app or (2 if rng.random() < 0.25 else 1)
    base = _definition(rng, slug, category, kind, title_es, title_en, publisher_slug)
    versions: list[Json] = [
        {
            "version": "1.0.0",
            "changelog": t(
                "Primera versión publicada (ejemplo).", "First published version (example)."
            ),
            "definition": base,
        }
    ]
    for number in range(1, versions_total):
        versions.append(_next_version(base, number))
    return {
        "bundle_format": 1,
        "app": {"slug": slug, "sharing_policy": policy},
        "versions": versions,
    }


def _next_version(base: Json, number: int) -> Json:
    """Version 1.<number>.0: the fee updated for a later fiscal year and one more optional field."""
    definition = _copy(base)
    for concept in definition["fees"]["concepts"]:
        concept["amount"] = round(concept["amount"] * (1.04**number), 2)
        concept["fiscal_year"] = FISCAL_YEAR + number
    definition["form"]["steps"][-1]["fields"].append(
        {
            "id": f"comentarios_v{number}",
            "type": "textarea",
            "label": t("Comentarios adicionales", "Additional comments"),
            "required": False,
            "max_length": 1000,
        }
    )
    return {
        "version": f"1.{number}.0",
        "changelog": t(
            f"Derechos del ejercicio {FISCAL_YEAR + number} y nuevo campo opcional de comentarios (ejemplo).",
            f"Fees for fiscal year {FISCAL_YEAR + number} and a new optional comments field (example).",
        ),
        "definition": definition,
    }


def _copy(value: Any) -> Any:
    # Definitions are plain JSON, so a structural copy is enough (and faster than deepcopy).
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _definition(
    rng: random.Random,
    slug: str,
    category: Category,
    kind: str,
    title_es: str,
    title_en: str,
    publisher_slug: str,
) -> Json:
    place_es, place_en = PUBLISHER_PLACES.get(publisher_slug, ("la entidad", "the state"))
    fields = applicant_fields(rng) + subject_fields(rng)
    documents = document_list(rng)
    has_fee = kind == "tramite" and rng.random() < 0.7
    ficta = rng.choice(("afirmativa", "negativa", "no_aplica"))
    plazo_days = rng.choice((1, 3, 5, 10, 15, 20, 30, 40))
    definition: Json = {
        "schema_version": 1,
        "metadata": {
            "slug": slug,
            "name": t(EXAMPLE_NAME_PREFIX_ES + title_es, EXAMPLE_NAME_PREFIX_EN + title_en),
            "citizen_name": t(
                f"{EXAMPLE_NAME_PREFIX_ES}{title_es} en línea",
                f"{EXAMPLE_NAME_PREFIX_EN}{title_en} online",
            ),
            "description": t(
                f"App de ejemplo generada para demostración y pruebas de escala; no es un trámite real de {place_es}.",
                f"Example app generated for demos and scale tests; not a real procedure of {place_en}.",
            ),
            "category": category.slug,
            "kind": kind,
            "synonyms": _synonyms(rng, category, title_es),
            "modalities": [{"id": "general", "name": t("General", "General")}],
            "channels": rng.choice((["online"], ["online", "in_person"], ["in_person"])),
            "identity_level": rng.choice(("ninguna", "basica", "basica", "verificada")),
            "agency": {
                "name": t(category.agency_es, category.agency_en),
                "acronym": category.acronym,
            },
            "legal_basis": [
                {"ordenamiento": "Ordenamiento de ejemplo", "articulo": str(rng.randint(1, 300))}
            ],
        },
        "form": {
            "steps": [
                {
                    "id": "solicitante",
                    "title": t("Datos de la persona solicitante", "Applicant details"),
                    "fields": fields[:4],
                },
                {
                    "id": "detalle",
                    "title": t("Detalle de la solicitud", "Request details"),
                    "fields": fields[4:],
                },
            ]
        },
        "rules": [
            {
                "id": "mostrar_detalle_condicional",
                "effect": "show",
                "target": "detalle_condicional",
                "when": {"==": [{"var": "tiene_detalle"}, True]},
            },
            {
                "id": "exigir_detalle_condicional",
                "effect": "require",
                "target": "detalle_condicional",
                "when": {"==": [{"var": "tiene_detalle"}, True]},
            },
            {
                "id": "exigir_documento_condicional",
                "effect": "require",
                "target": "documento_condicional",
                "when": {"==": [{"var": "tiene_detalle"}, True]},
            },
        ],
        "documents": documents,
        "fees": {
            "concepts": [
                {
                    "id": "derecho_principal",
                    "concept": t(
                        f"Derechos {FISCAL_YEAR} (ejemplo)", f"Fees {FISCAL_YEAR} (example)"
                    ),
                    "amount": float(rng.randrange(50, 5000)),
                    "currency": "MXN",
                    "fiscal_year": FISCAL_YEAR,
                }
            ]
            if has_fee
            else [],
            "notes": t("Montos de ejemplo.", "Example amounts."),
        },
        "plazo": {"value": plazo_days, "unit": "business_days"},
        "ficta": ficta,
        "prevencion": {
            "authority_days": 3,
            "applicant_days": rng.choice((5, 10)),
            "unit": "business_days",
        },
        "validity": rng.choice(
            (
                {"kind": "periodo", "value": rng.randint(1, 5), "unit": "years"},
                {"kind": "permanente"},
                {"kind": "no_aplica"},
            )
        ),
        "workflow": workflow(ficta),
        "outputs": [
            {
                "id": "acuse",
                "kind": "acuse",
                "title": t("Acuse de recibo", "Acknowledgement of receipt"),
                "on_state": "recibida",
                "body": t(
                    "Se recibió tu solicitud con folio {{folio}} el {{fecha}}.",
                    "Your application was received with folio {{folio}} on {{fecha}}.",
                ),
                "signed": True,
                "qr_verification": True,
            },
            {
                "id": "resolucion_aprobada",
                "kind": "resolucion",
                "title": t("Resolución favorable", "Favourable decision"),
                "on_state": "aprobada",
                "signed": True,
                "qr_verification": True,
            },
            {
                "id": "resolucion_rechazada",
                "kind": "resolucion",
                "title": t("Resolución desfavorable", "Unfavourable decision"),
                "on_state": "rechazada",
                "signed": True,
                "qr_verification": True,
            },
        ],
    }
    definition["overrides"] = _overrides(definition)
    return definition


def _synonyms(rng: random.Random, category: Category, title_es: str) -> list[str]:
    words = list(category.synonyms)
    rng.shuffle(words)
    synonyms = [title_es.lower(), f"{title_es.lower()} en línea", *words[:2]]
    return list(dict.fromkeys(synonyms))


def _overrides(definition: Json) -> list[Json]:
    return [
        {
            "key": "agency",
            "type": "agency",
            "required": True,
            "label": t("Dependencia que resuelve", "Agency that decides"),
            "target": "/metadata/agency",
        },
        {
            "key": "name",
            "type": "translatable",
            "required": False,
            "label": t("Nombre oficial del trámite", "Official name"),
            "target": "/metadata/name",
        },
        {
            "key": "homoclave",
            "type": "text",
            "required": True,
            "label": t("Homoclave", "Registry key (homoclave)"),
            "target": "/metadata/homoclave",
        },
        {
            "key": "legal_basis",
            "type": "legal_basis",
            "required": True,
            "label": t("Fundamento jurídico", "Legal basis"),
            "target": "/metadata/legal_basis",
        },
        {
            "key": "fees",
            "type": "fee_concepts",
            "required": bool(definition["fees"]["concepts"]),
            "label": t("Derechos a pagar", "Fees"),
            "target": "/fees/concepts",
        },
        {
            "key": "offices",
            "type": "offices",
            "required": False,
            "label": t("Oficinas y horarios", "Offices and hours"),
            "target": "/metadata/offices",
        },
        {
            "key": "plazo",
            "type": "plazo",
            "required": False,
            "label": t("Plazo máximo de respuesta", "Maximum response time"),
            "target": "/plazo",
        },
        {
            "key": "texts.acuse",
            "type": "translatable",
            "required": False,
            "label": t("Texto del acuse", "Receipt text"),
            "target": "/outputs/0/body",
        },
    ]
