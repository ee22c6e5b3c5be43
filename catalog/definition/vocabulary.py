"""The one vocabulary of app definitions: how each enumerated value of the format reads.

Every table is keyed by the values the JSON Schema allows (schema/app-definition.v1.json is the
truth; tests/catalog/definition/test_vocabulary.py fails when the schema gains a value that has
no label here) and gives {"es-MX": ..., "en": ...}, like the definition's own texts, so
`text_in(FICTA_LABELS[kind], language)` works anywhere, in pages, e-mails and PDFs alike.

Why not gettext: these labels are data of the format, read in the definition's language (which
a PDF fixes when it is issued), not in the request's; both languages sit side by side as in
core.errors.ErrorDetail.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from core.i18n import text_in

Bilingual = Mapping[str, str]


def _table(entries: dict[str, tuple[str, str]]) -> Mapping[str, Bilingual]:
    return MappingProxyType(
        {key: MappingProxyType({"es-MX": es, "en": en}) for key, (es, en) in entries.items()}
    )


# --- Afirmativa / negativa ficta (top-level "ficta") ----------------------------------------------
FICTA_AFIRMATIVA = "afirmativa"
FICTA_NEGATIVA = "negativa"
FICTA_NO_APLICA = "no_aplica"

# Its name, as in a list of the procedure's features.
FICTA_LABELS = _table(
    {
        FICTA_AFIRMATIVA: ("Afirmativa ficta", "Positive silence (afirmativa ficta)"),
        FICTA_NEGATIVA: ("Negativa ficta", "Negative silence (negativa ficta)"),
        FICTA_NO_APLICA: ("No aplica", "Not applicable"),
    }
)
# What it means for the citizen, on the procedure's pages (cases/procedure_detail.html's texts).
FICTA_DESCRIPTIONS = _table(
    {
        FICTA_AFIRMATIVA: (
            "Afirmativa ficta: la solicitud se entiende aprobada.",
            "Positive silence (afirmativa ficta): the application is deemed approved.",
        ),
        FICTA_NEGATIVA: (
            "Negativa ficta: la solicitud se entiende negada.",
            "Negative silence (negativa ficta): the application is deemed refused.",
        ),
        FICTA_NO_APLICA: (
            "No aplica afirmativa ni negativa ficta.",
            "Neither positive nor negative silence (afirmativa/negativa ficta) applies.",
        ),
    }
)
# The same for the publisher's catalogue page (apps_registry/views.py's FICTA_LABELS).
FICTA_CONSEQUENCES = _table(
    {
        FICTA_AFIRMATIVA: (
            "Afirmativa ficta: si la autoridad no responde a tiempo, se entiende aprobado.",
            "Positive silence: if the authority does not answer in time, it is deemed approved.",
        ),
        FICTA_NEGATIVA: (
            "Negativa ficta: si la autoridad no responde a tiempo, se entiende negado.",
            "Negative silence: if the authority does not answer in time, it is deemed refused.",
        ),
        FICTA_NO_APLICA: ("No aplica.", "Not applicable."),
    }
)
# What happened to a late case, on the officers' dashboard.
FICTA_OUTCOMES = _table(
    {
        FICTA_AFIRMATIVA: (
            "Afirmativa (resolución favorable por ley)",
            "Positive silence (favourable by law)",
        ),
        FICTA_NEGATIVA: (
            "Negativa (resolución desfavorable por ley)",
            "Negative silence (unfavourable by law)",
        ),
        FICTA_NO_APLICA: ("No aplica (marcado como vencido)", "Not applicable (flagged overdue)"),
    }
)

# --- Units of the plazo ($defs/day_unit) and of validity ($defs/validity/unit) --------------------
# Plural forms, as in "15 días hábiles".
PLAZO_UNITS = _table(
    {
        "business_days": ("días hábiles", "business days"),
        "calendar_days": ("días naturales", "calendar days"),
    }
)
VALIDITY_UNITS = _table(
    {
        **{key: (value["es-MX"], value["en"]) for key, value in PLAZO_UNITS.items()},
        "months": ("meses", "months"),
        "years": ("años", "years"),
    }
)
# Singular forms, as in "1 día hábil".
UNITS_SINGULAR = _table(
    {
        "business_days": ("día hábil", "business day"),
        "calendar_days": ("día natural", "calendar day"),
        "months": ("mes", "month"),
        "years": ("año", "year"),
    }
)

# --- Validity of what the procedure grants ($defs/validity/kind) ----------------------------------
VALIDITY_KINDS = _table(
    {
        "periodo": ("Por un periodo", "For a period"),
        "permanente": ("Permanente", "Permanent"),
        "no_aplica": ("No aplica", "Not applicable"),
    }
)

# --- Yes / no, as answers and settings are read -------------------------------------------------
YES_NO = MappingProxyType(
    {
        True: MappingProxyType({"es-MX": "Sí", "en": "Yes"}),
        False: MappingProxyType({"es-MX": "No", "en": "No"}),
    }
)
IMMEDIATE = MappingProxyType({"es-MX": "Resolución inmediata", "en": "Immediate decision"})


def label(table: Mapping[Any, Bilingual], key: object, language: str, default: str = "") -> str:
    """The label of `key` in `language` (Spanish when that language is missing), else
    `default`: an unknown value reads as the caller chooses, never raises."""
    entry = table.get(key)
    return text_in(entry, language) if entry is not None else default


def amount_text(value: object, unit: str, language: str) -> str:
    """ "1 día hábil", "15 días hábiles", "2 years"; a unit with no label leaves only the
    number."""
    table = UNITS_SINGULAR if value == 1 else VALIDITY_UNITS
    unit_text = label(table, unit, language)
    return f"{value} {unit_text}".strip()


def plazo_text(plazo: Mapping[str, Any] | None, language: str) -> str:
    """The legal deadline as read: "Resolución inmediata", "10 días hábiles", "" when unset."""
    if not plazo:
        return ""
    if plazo.get("immediate"):
        return text_in(IMMEDIATE, language)
    return amount_text(plazo.get("value"), str(plazo.get("unit", "")), language)


def validity_text(validity: Mapping[str, Any] | None, language: str) -> str:
    """How long what is granted lasts: "5 años", "Permanente", "No aplica", "" when unset."""
    if not validity:
        return ""
    kind = validity.get("kind")
    if kind == "periodo":
        return amount_text(validity.get("value"), str(validity.get("unit", "")), language)
    return label(VALIDITY_KINDS, kind, language)


# What an agency is in charge of, the same keys for every government: a shared app names
# "{{dependencia.movilidad.nombre}}" and each government says which of its agencies that is
# (tenants.models.Agency). Spanish and English labels for the forms that declare them.
AGENCY_KEYS: dict[str, tuple[str, str]] = {
    "gobierno": ("Gobierno interior (Secretaría de Gobierno)", "Home affairs"),
    "hacienda": ("Finanzas y recaudación (Hacienda)", "Finance and revenue"),
    "movilidad": ("Movilidad y transporte", "Mobility and transport"),
    "registro_civil": ("Registro civil", "Civil registry"),
    "agua": ("Agua potable y drenaje", "Water and sewerage"),
    "desarrollo_urbano": ("Desarrollo urbano y vivienda", "Urban development and housing"),
    "catastro": ("Catastro y registro público", "Land registry"),
    "medio_ambiente": ("Medio ambiente", "Environment"),
    "seguridad": ("Seguridad ciudadana", "Public security"),
    "fiscalia": ("Fiscalía / procuración de justicia", "Public prosecutor"),
    "sistema_penitenciario": ("Sistema penitenciario", "Prison system"),
    "contraloria": ("Contraloría / función pública", "Comptroller"),
    "proteccion_civil": ("Protección civil", "Civil protection"),
    "economia": ("Desarrollo económico", "Economic development"),
    "trabajo": ("Trabajo y empleo", "Labour and employment"),
    "educacion": ("Educación", "Education"),
    "salud": ("Salud", "Health"),
    "cultura": ("Cultura", "Culture"),
    "servicios_urbanos": ("Obras y servicios urbanos", "Public works and urban services"),
    "gobierno_digital": ("Gobierno digital e identidad", "Digital government and identity"),
    "bienestar": ("Bienestar y desarrollo social", "Welfare and social development"),
}
