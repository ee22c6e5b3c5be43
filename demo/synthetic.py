"""Synthetic example apps: deterministic, valid bundles that fill the demo catalogue up to about 200
apps and feed the benchmarks (validating hundreds of definitions, searching 10,000 versions).

Every synthetic app is marked as an example in its slug ("ejemplo-…"), its names ("Ejemplo: …" /
"Example: …") and its description, so nobody mistakes it for a real procedure. Bundle number `i`
depends only on (seed, publisher, i): asking for more bundles never changes the first ones, which
keeps repeated demo imports idempotent.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]

EXAMPLE_SLUG_PREFIX = "ejemplo-"
EXAMPLE_NAME_PREFIX_ES = "Ejemplo: "
EXAMPLE_NAME_PREFIX_EN = "Example: "
FISCAL_YEAR = 2026
ACCEPT_DOCUMENTS = ["application/pdf", "image/jpeg", "image/png"]


def _t(es: str, en: str) -> dict[str, str]:
    return {"es-MX": es, "en": en}


@dataclass(frozen=True)
class _Category:
    slug: str
    agency_es: str
    agency_en: str
    acronym: str
    subjects: tuple[tuple[str, str], ...]  # (es, en) nouns the procedure is about
    synonyms: tuple[str, ...]


_CATEGORIES: tuple[_Category, ...] = (
    _Category(
        "movilidad",
        "Secretaría de Movilidad",
        "Ministry of Mobility",
        "SEMOVI",
        (
            ("transporte escolar", "school transport"),
            ("bicitaxi", "pedicab"),
            ("vehículo de carga", "goods vehicle"),
            ("taxi", "taxi"),
            ("estacionamiento público", "public car park"),
            ("motocicleta de reparto", "delivery motorcycle"),
        ),
        ("transporte", "vehículo", "movilidad", "concesión"),
    ),
    _Category(
        "registro-civil",
        "Dirección General del Registro Civil",
        "Civil Registry",
        "DGRC",
        (
            ("reconocimiento de hijo", "acknowledgement of a child"),
            ("anotación marginal", "margin note"),
            ("rectificación de acta", "record correction"),
            ("inscripción de sentencia", "court ruling registration"),
        ),
        ("acta", "registro civil", "juzgado", "estado civil"),
    ),
    _Category(
        "desarrollo-urbano",
        "Secretaría de Desarrollo Urbano y Vivienda",
        "Ministry of Urban Development and Housing",
        "SEDUVI",
        (
            ("anuncio publicitario", "billboard"),
            ("fusión de predios", "plot merger"),
            ("subdivisión de predio", "plot subdivision"),
            ("polígono de actuación", "development area"),
            ("demolición", "demolition"),
        ),
        ("predio", "obra", "uso de suelo", "construcción"),
    ),
    _Category(
        "negocios",
        "Secretaría de Desarrollo Económico",
        "Ministry of Economic Development",
        "SEDECO",
        (
            ("mercado público", "public market"),
            ("puesto semifijo", "street stall"),
            ("tianguis", "open-air market"),
            ("espectáculo público", "public show"),
            ("venta en vía pública", "street vending"),
        ),
        ("negocio", "comercio", "local", "emprendedor"),
    ),
    _Category(
        "agua",
        "Sistema de Aguas",
        "Water System",
        "SACMEX",
        (
            ("pozo de absorción", "soakaway"),
            ("reúso de agua tratada", "treated water reuse"),
            ("medidor de agua", "water meter"),
            ("cisterna comunitaria", "community tank"),
        ),
        ("agua", "drenaje", "toma", "medidor"),
    ),
    _Category(
        "pagos",
        "Secretaría de Administración y Finanzas",
        "Ministry of Administration and Finance",
        "SAF",
        (
            ("impuesto sobre nóminas", "payroll tax"),
            ("impuesto por hospedaje", "lodging tax"),
            ("devolución de pago indebido", "refund of an undue payment"),
            ("convenio de pago en parcialidades", "instalment agreement"),
        ),
        ("pago", "impuesto", "línea de captura", "tesorería"),
    ),
    _Category(
        "seguridad",
        "Secretaría de Seguridad Ciudadana",
        "Ministry of Citizen Security",
        "SSC",
        (
            ("empresa de seguridad privada", "private security company"),
            ("evento masivo", "mass event"),
            ("cámara vecinal", "neighbourhood camera"),
            ("alarma vecinal", "neighbourhood alarm"),
        ),
        ("seguridad", "policía", "vigilancia", "prevención"),
    ),
    _Category(
        "cultura",
        "Secretaría de Cultura",
        "Ministry of Culture",
        "SECULT",
        (
            ("uso de foro cultural", "cultural venue booking"),
            ("festival comunitario", "community festival"),
            ("taller en casa de cultura", "community arts workshop"),
            ("mural en vía pública", "street mural"),
        ),
        ("cultura", "arte", "foro", "evento"),
    ),
    _Category(
        "servicios-urbanos",
        "Secretaría de Obras y Servicios",
        "Ministry of Public Works and Services",
        "SOBSE",
        (
            ("retiro de cascajo", "rubble removal"),
            ("balizamiento", "road marking"),
            ("rampa en banqueta", "kerb ramp"),
            ("recolección de residuos voluminosos", "bulky waste collection"),
        ),
        ("calle", "banqueta", "servicio urbano", "alcaldía"),
    ),
    _Category(
        "medio-ambiente",
        "Secretaría del Medio Ambiente",
        "Ministry of the Environment",
        "SEDEMA",
        (
            ("licencia ambiental única", "single environmental licence"),
            ("huerto urbano", "urban garden"),
            ("fuente fija de emisiones", "stationary emissions source"),
            ("azotea verde", "green roof"),
        ),
        ("medio ambiente", "emisiones", "residuos", "árboles"),
    ),
    _Category(
        "programas-sociales",
        "Secretaría de Bienestar e Igualdad Social",
        "Ministry of Welfare and Social Equality",
        "SEBIEN",
        (
            ("apoyo a personas cuidadoras", "carers' support"),
            ("beca escolar", "school grant"),
            ("apoyo para útiles escolares", "school supplies support"),
            ("comedor comunitario", "community kitchen"),
        ),
        ("apoyo", "programa social", "beca", "bienestar"),
    ),
    _Category(
        "educacion",
        "Secretaría de Educación",
        "Ministry of Education",
        "SECTEI",
        (
            ("revalidación de estudios", "recognition of studies"),
            ("equivalencia de estudios", "equivalence of studies"),
            ("constancia de estudios", "certificate of studies"),
            ("inscripción a preparatoria", "high-school enrolment"),
        ),
        ("escuela", "estudios", "certificado", "educación"),
    ),
)

# (Spanish template, English template, kind)
_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Permiso de {s}", "Permit for {s}", "tramite"),
    ("Constancia de {s}", "Certificate of {s}", "tramite"),
    ("Registro de {s}", "Registration of {s}", "tramite"),
    ("Renovación de {s}", "Renewal of {s}", "tramite"),
    ("Aviso de {s}", "Notice of {s}", "tramite"),
    ("Solicitud de {s}", "Request for {s}", "servicio"),
    ("Consulta de {s}", "Enquiry about {s}", "servicio"),
)

_DOCUMENTS: tuple[tuple[str, str, str], ...] = (
    ("identificacion_oficial", "Identificación oficial vigente", "Valid official ID"),
    (
        "comprobante_domicilio",
        "Comprobante de domicilio (no mayor a 3 meses)",
        "Proof of address (no older than 3 months)",
    ),
    ("constancia_curp", "Constancia de CURP", "CURP certificate"),
    ("acreditacion_propiedad", "Documento que acredite la propiedad", "Proof of ownership"),
    ("fotografias", "Fotografías del lugar", "Photos of the site"),
    ("acta_constitutiva", "Acta constitutiva", "Articles of incorporation"),
    ("croquis", "Croquis de ubicación", "Location sketch"),
)

_PUBLISHER_PLACES = {
    "cdmx": ("la Ciudad de México", "Mexico City"),
    "sonora": ("el Estado de Sonora", "the State of Sonora"),
}


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
    category = _CATEGORIES[rng.randrange(len(_CATEGORIES))]
    subject_es, subject_en = category.subjects[rng.randrange(len(category.subjects))]
    action_es, action_en, kind = _ACTIONS[rng.randrange(len(_ACTIONS))]
    title_es = action_es.format(s=subject_es)
    title_en = action_en.format(s=subject_en)
    slug = f"{EXAMPLE_SLUG_PREFIX}{_slugify(title_es)}-{index:04d}"[:100]
    policy = rng.choices(("agreement", "public", "private"), weights=(6, 3, 1))[0]
    versions_total = versions_per_app or (2 if rng.random() < 0.25 else 1)
    base = _definition(rng, slug, category, kind, title_es, title_en, publisher_slug)
    versions: list[Json] = [
        {
            "version": "1.0.0",
            "changelog": _t(
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
            "label": _t("Comentarios adicionales", "Additional comments"),
            "required": False,
            "max_length": 1000,
        }
    )
    return {
        "version": f"1.{number}.0",
        "changelog": _t(
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
    category: _Category,
    kind: str,
    title_es: str,
    title_en: str,
    publisher_slug: str,
) -> Json:
    place_es, place_en = _PUBLISHER_PLACES.get(publisher_slug, ("la entidad", "the state"))
    fields = _applicant_fields(rng) + _subject_fields(rng)
    documents = _documents(rng)
    has_fee = kind == "tramite" and rng.random() < 0.7
    ficta = rng.choice(("afirmativa", "negativa", "no_aplica"))
    plazo_days = rng.choice((1, 3, 5, 10, 15, 20, 30, 40))
    definition: Json = {
        "schema_version": 1,
        "metadata": {
            "slug": slug,
            "name": _t(EXAMPLE_NAME_PREFIX_ES + title_es, EXAMPLE_NAME_PREFIX_EN + title_en),
            "citizen_name": _t(
                f"{EXAMPLE_NAME_PREFIX_ES}{title_es} en línea",
                f"{EXAMPLE_NAME_PREFIX_EN}{title_en} online",
            ),
            "description": _t(
                f"App de ejemplo generada para demostración y pruebas de escala; no es un trámite real de {place_es}.",
                f"Example app generated for demos and scale tests; not a real procedure of {place_en}.",
            ),
            "category": category.slug,
            "kind": kind,
            "synonyms": _synonyms(rng, category, title_es),
            "modalities": [{"id": "general", "name": _t("General", "General")}],
            "channels": rng.choice((["online"], ["online", "in_person"], ["in_person"])),
            "identity_level": rng.choice(("ninguna", "basica", "basica", "verificada")),
            "agency": {
                "name": _t(category.agency_es, category.agency_en),
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
                    "title": _t("Datos de la persona solicitante", "Applicant details"),
                    "fields": fields[:4],
                },
                {
                    "id": "detalle",
                    "title": _t("Detalle de la solicitud", "Request details"),
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
                    "concept": _t(
                        f"Derechos {FISCAL_YEAR} (ejemplo)", f"Fees {FISCAL_YEAR} (example)"
                    ),
                    "amount": float(rng.randrange(50, 5000)),
                    "currency": "MXN",
                    "fiscal_year": FISCAL_YEAR,
                }
            ]
            if has_fee
            else [],
            "notes": _t("Montos de ejemplo.", "Example amounts."),
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
        "workflow": _workflow(ficta),
        "outputs": [
            {
                "id": "acuse",
                "kind": "acuse",
                "title": _t("Acuse de recibo", "Acknowledgement of receipt"),
                "on_state": "recibida",
                "body": _t(
                    "Se recibió tu solicitud con folio {{folio}} el {{fecha}}.",
                    "Your application was received with folio {{folio}} on {{fecha}}.",
                ),
                "signed": True,
                "qr_verification": True,
            },
            {
                "id": "resolucion_aprobada",
                "kind": "resolucion",
                "title": _t("Resolución favorable", "Favourable decision"),
                "on_state": "aprobada",
                "signed": True,
                "qr_verification": True,
            },
            {
                "id": "resolucion_rechazada",
                "kind": "resolucion",
                "title": _t("Resolución desfavorable", "Unfavourable decision"),
                "on_state": "rechazada",
                "signed": True,
                "qr_verification": True,
            },
        ],
    }
    definition["overrides"] = _overrides(definition)
    return definition


def _synonyms(rng: random.Random, category: _Category, title_es: str) -> list[str]:
    words = list(category.synonyms)
    rng.shuffle(words)
    synonyms = [title_es.lower(), f"{title_es.lower()} en línea", *words[:2]]
    return list(dict.fromkeys(synonyms))


def _applicant_fields(rng: random.Random) -> list[Json]:
    fields: list[Json] = [
        {
            "id": "curp",
            "type": "curp",
            "label": _t("CURP", "CURP"),
            "required": True,
            "prefill": "identity.curp",
        },
        {
            "id": "nombre",
            "type": "text",
            "label": _t("Nombre completo", "Full name"),
            "required": True,
            "max_length": 200,
            "prefill": "identity.nombre",
        },
        {
            "id": "correo",
            "type": "email",
            "label": _t("Correo electrónico", "E-mail"),
            "required": True,
            "prefill": "identity.email",
        },
    ]
    if rng.random() < 0.5:
        fields.append(
            {
                "id": "telefono",
                "type": "phone_mx",
                "label": _t("Teléfono celular", "Mobile phone"),
                "required": rng.random() < 0.5,
            }
        )
    else:
        fields.append(
            {
                "id": "rfc",
                "type": "rfc",
                "label": _t("RFC", "Tax ID (RFC)"),
                "required": False,
                "persona": "cualquiera",
                "check_digit": False,
            }
        )
    return fields


# Optional extra fields; each app takes a random handful, so field types vary across the catalogue.
def _extra_field_pool() -> list[Json]:
    return [
        {
            "id": "domicilio",
            "type": "address",
            "label": _t("Domicilio", "Address"),
            "required": True,
        },
        {
            "id": "codigo_postal",
            "type": "postal_code",
            "label": _t("Código postal", "Postal code"),
            "required": True,
        },
        {
            "id": "fecha_evento",
            "type": "date",
            "label": _t("Fecha prevista", "Planned date"),
            "required": True,
            "min": "today",
        },
        {
            "id": "superficie",
            "type": "decimal",
            "label": _t("Superficie (m²)", "Area (m²)"),
            "required": False,
            "min": 1,
            "max": 100000,
            "decimal_places": 2,
        },
        {
            "id": "numero_personas",
            "type": "integer",
            "label": _t("Número de personas", "Number of people"),
            "required": True,
            "min": 1,
            "max": 10000,
        },
        {
            "id": "monto_estimado",
            "type": "money",
            "label": _t("Monto estimado", "Estimated amount"),
            "required": False,
            "min": 0,
            "max": 1000000,
        },
        {
            "id": "turno",
            "type": "choice",
            "label": _t("Turno preferido", "Preferred shift"),
            "required": True,
            "widget": "radio",
            "options": [
                {"value": "matutino", "label": _t("Matutino", "Morning")},
                {"value": "vespertino", "label": _t("Vespertino", "Afternoon")},
            ],
        },
        {
            "id": "medios_contacto",
            "type": "multiple_choice",
            "label": _t("¿Cómo prefieres que te contactemos?", "How should we contact you?"),
            "required": False,
            "options": [
                {"value": "correo", "label": _t("Correo", "E-mail")},
                {"value": "telefono", "label": _t("Teléfono", "Phone")},
                {"value": "sms", "label": _t("Mensaje de texto", "Text message")},
            ],
        },
        {
            "id": "referencia",
            "type": "text",
            "label": _t("Número de referencia", "Reference number"),
            "required": False,
            "max_length": 20,
            "pattern": "^[A-Z0-9-]+$",
        },
    ]


def _subject_fields(rng: random.Random) -> list[Json]:
    pool = _extra_field_pool()
    chosen = sorted(rng.sample(range(len(pool)), k=rng.randint(2, 5)))
    return [
        *(pool[i] for i in chosen),
        {
            "id": "descripcion",
            "type": "textarea",
            "label": _t("Describe tu solicitud", "Describe your request"),
            "required": True,
            "max_length": 2000,
        },
        {
            "id": "tiene_detalle",
            "type": "boolean",
            "label": _t(
                "¿Hay algo más que debamos saber?", "Is there anything else we should know?"
            ),
            "required": True,
        },
        {
            "id": "detalle_condicional",
            "type": "textarea",
            "label": _t("Cuéntanos", "Tell us"),
            "required": False,
            "max_length": 1000,
        },
    ]


def _documents(rng: random.Random) -> list[Json]:
    chosen = sorted(rng.sample(range(len(_DOCUMENTS)), k=rng.randint(1, 3)))
    documents: list[Json] = [
        {
            "id": _DOCUMENTS[i][0],
            "name": _t(_DOCUMENTS[i][1], _DOCUMENTS[i][2]),
            "accept": list(ACCEPT_DOCUMENTS),
            "max_size_mb": 5,
            "required": True,
        }
        for i in chosen
    ]
    documents.append(
        {
            "id": "documento_condicional",
            "name": _t("Documento de soporte", "Supporting document"),
            "accept": ["application/pdf"],
            "max_size_mb": 10,
            "required": False,
        }
    )
    return documents


def _state(state_id: str, es: str, en: str) -> Json:
    return {"id": state_id, "name": _t(es, en)}


def _transition(
    transition_id: str, source: str, target: str, actor: str, es: str, en: str, **extra: Any
) -> Json:
    return {
        "id": transition_id,
        "from": source,
        "to": target,
        "actor": actor,
        "label": _t(es, en),
        "notify_citizen": True,
        "pauses_clock": False,
        **extra,
    }


def _workflow(ficta: str) -> Json:
    states = [
        _state("recibida", "Recibida", "Received"),
        _state("en_revision", "En revisión", "Under review"),
        _state("prevencion", "Prevención", "Information requested"),
        _state("aprobada", "Aprobada", "Approved"),
        _state("rechazada", "Rechazada", "Rejected"),
        _state("desechada", "Desechada", "Dismissed"),
        _state("cancelada", "Cancelada", "Withdrawn"),
    ]
    transitions = [
        _transition(
            "iniciar_revision",
            "recibida",
            "en_revision",
            "case_officer",
            "Iniciar revisión",
            "Start review",
        ),
        _transition(
            "desistir",
            "recibida",
            "cancelada",
            "citizen",
            "Cancelar mi solicitud",
            "Withdraw my application",
        ),
        _transition(
            "prevenir",
            "en_revision",
            "prevencion",
            "case_officer",
            "Pedir información",
            "Request information",
            pauses_clock=True,
            requires_comment=True,
        ),
        _transition(
            "atender_prevencion",
            "prevencion",
            "en_revision",
            "citizen",
            "Enviar información",
            "Send information",
        ),
        _transition(
            "desechar",
            "prevencion",
            "desechada",
            "system",
            "Desechar por plazo vencido",
            "Dismiss: deadline passed",
            trigger="prevencion_vencida",
        ),
        _transition("aprobar", "en_revision", "aprobada", "case_officer", "Aprobar", "Approve"),
        _transition(
            "rechazar",
            "en_revision",
            "rechazada",
            "case_officer",
            "Rechazar",
            "Reject",
            requires_comment=True,
        ),
    ]
    final = ["aprobada", "rechazada", "desechada", "cancelada"]
    if ficta != "no_aplica":
        state_id = f"ficta_{ficta}"
        states.append(
            _state(
                state_id,
                f"{ficta.capitalize()} ficta",
                "Deemed approval" if ficta == "afirmativa" else "Deemed refusal",
            )
        )
        transitions.append(
            _transition(
                "configurar_ficta",
                "en_revision",
                state_id,
                "system",
                "Plazo vencido",
                "Deadline passed",
                trigger="plazo_vencido",
            )
        )
        final.append(state_id)
    return {"initial": "recibida", "final": final, "states": states, "transitions": transitions}


def _overrides(definition: Json) -> list[Json]:
    return [
        {
            "key": "agency",
            "type": "agency",
            "required": True,
            "label": _t("Dependencia que resuelve", "Agency that decides"),
            "target": "/metadata/agency",
        },
        {
            "key": "name",
            "type": "translatable",
            "required": False,
            "label": _t("Nombre oficial del trámite", "Official name"),
            "target": "/metadata/name",
        },
        {
            "key": "homoclave",
            "type": "text",
            "required": True,
            "label": _t("Homoclave", "Registry key (homoclave)"),
            "target": "/metadata/homoclave",
        },
        {
            "key": "legal_basis",
            "type": "legal_basis",
            "required": True,
            "label": _t("Fundamento jurídico", "Legal basis"),
            "target": "/metadata/legal_basis",
        },
        {
            "key": "fees",
            "type": "fee_concepts",
            "required": bool(definition["fees"]["concepts"]),
            "label": _t("Derechos a pagar", "Fees"),
            "target": "/fees/concepts",
        },
        {
            "key": "offices",
            "type": "offices",
            "required": False,
            "label": _t("Oficinas y horarios", "Offices and hours"),
            "target": "/metadata/offices",
        },
        {
            "key": "plazo",
            "type": "plazo",
            "required": False,
            "label": _t("Plazo máximo de respuesta", "Maximum response time"),
            "target": "/plazo",
        },
        {
            "key": "texts.acuse",
            "type": "translatable",
            "required": False,
            "label": _t("Texto del acuse", "Receipt text"),
            "target": "/outputs/0/body",
        },
    ]
