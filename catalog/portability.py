"""The portability report: where a definition names its publisher's own jurisdiction.

A shared app reads as the adopting government's own only when its texts name no government in
particular: "Comprobante de domicilio en {{entidad.nombre}}" travels, "… en la Ciudad de México"
does not. `portability_report(definition, publisher)` lists, by JSON pointer, every text that
names the publisher (its names, its entity, its territorial units and what they are called, its
agencies and their acronyms, its domains, its identity provider: `jurisdiction_terms`) and
scores the version. Saving a draft and publishing compute it (catalog.services.apps) and store it
on `AppVersion.portability`; it is a warning, never a reason to refuse publication.

What is read: every translatable text ({"es-MX": …, "en": …}) and the plain strings citizens see
(office addresses, e-mails and phones, synonyms, homoclave, an agency's acronym, a legal
reference's ordenamiento and address). What is not: the inside of `{{…}}` (variables and output
placeholders resolve per government) and the values under an override point's target (the
adopter sets them; naming the publisher there is the publisher's own example).

Score = ⌊100 × texts without a finding / texts read⌋, 100 when nothing is read. A text counts
once whatever its languages; rounding down keeps "100" for a version with no finding at all.

Matching is on whole words, ignoring case and accents ("ciudad de mexico" finds "Ciudad de
México"); acronyms and abbreviations ("SEMOVI", "CDMX") must match their case, so "SAF" does not
find "saf" nor "safe". Where terms overlap, the longest wins ("Llave CDMX" is one finding, the
identity provider, not also "CDMX").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from catalog.definition.rules import escape_pointer
from tenants import inegi
from tenants.models import Agency, Domain, Government

# Kinds of term, as findings name them (the back office shows them in words: KIND_LABELS).
NAME = "name"
ENTITY = "entity"
TERRITORIAL_UNIT = "territorial_unit"
UNIT_WORD = "unit_word"
AGENCY = "agency"
ACRONYM = "acronym"
DOMAIN = "domain"
IDENTITY_PROVIDER = "identity_provider"

# Hints shown beside each finding: the variable that says the same for every government.
HINTS: dict[str, tuple[str, str]] = {
    NAME: ("use {{gobierno.nombre}} o {{gobierno.nombre_corto}}", "use {{gobierno.nombre}}"),
    ENTITY: ("use {{entidad.nombre}}", "use {{entidad.nombre}}"),
    TERRITORIAL_UNIT: (
        "declare un punto de ajuste o use un catálogo de municipios",
        "declare an override point or use a municipalities code list",
    ),
    UNIT_WORD: (
        "use {{entidad.unidad_territorial}} o {{entidad.unidades_territoriales}}",
        "use {{entidad.unidad_territorial}} or {{entidad.unidades_territoriales}}",
    ),
    AGENCY: ("use {{dependencia.CLAVE.nombre}}", "use {{dependencia.CLAVE.nombre}}"),
    ACRONYM: ("use {{dependencia.CLAVE.siglas}}", "use {{dependencia.CLAVE.siglas}}"),
    DOMAIN: (
        "use {{gobierno.correo}} o declare un punto de ajuste",
        "use {{gobierno.correo}} or declare an override point",
    ),
    IDENTITY_PROVIDER: ("use {{identidad.nombre}}", "use {{identidad.nombre}}"),
}

# Names every Mexican reads as one entity besides its official one: abbreviations (matched with
# their case) and short or former names (matched as names).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {"09": ("CDMX",), "15": ("Edomex",)}
OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "05": ("Coahuila",),
    "09": ("Distrito Federal",),
    "15": ("Estado de México",),
    "16": ("Michoacán",),
    "30": ("Veracruz",),
}
# "México" alone names the country as often as the State of Mexico: only its longer names count.
AMBIGUOUS_ENTITY_NAMES = frozenset({"México"})
# Mailboxes anyone may use: their domain names no government.
SHARED_MAIL_DOMAINS = frozenset(
    {"gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "yahoo.com.mx", "example.com"}
)

# Plain strings citizens read, by the property that holds them (everything else that is a plain
# string is an identifier, a rule, a type or a format).
PLAIN_TEXT_KEYS = frozenset(
    {"address", "email", "phone", "homoclave", "acronym", "ordenamiento", "url"}
)
PLAIN_TEXT_LISTS = frozenset({"synonyms"})
# The inside of double braces is a variable or a placeholder, resolved per government.
_BRACES = re.compile(r"\{\{.*?\}\}")
EXCERPT_RADIUS = 40


@dataclass(frozen=True)
class Term:
    text: str
    kind: str
    # Acronyms and abbreviations match only with their case ("SAF", not "safe").
    case_sensitive: bool = False

    @property
    def pattern(self) -> re.Pattern[str]:
        flags = 0 if self.case_sensitive else re.IGNORECASE
        # Whole words: no letter, digit or underscore may touch either end.
        return re.compile(
            rf"(?<!\w){re.escape(_fold(self.text, self.case_sensitive))}(?!\w)", flags
        )


def _fold(text: str, keep_case: bool = False) -> str:
    """Accents removed (and lower case unless `keep_case`), one character for one character, so
    that a match's position is the same in the original text."""
    folded = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        folded.append(base if keep_case else (base.lower()[:1] or base))
    return "".join(folded)


# --- the publisher's terms ----------------------------------------------------------------------


def jurisdiction_terms(government: Government) -> list[Term]:
    """Every way a definition may name `government`, longest first, without repeats."""
    code = government.inegi_code
    terms: list[Term] = []

    def add(text: str, kind: str, *, case_sensitive: bool = False) -> None:
        text = (text or "").strip()
        if len(text) >= 2:
            terms.append(Term(text, kind, case_sensitive))

    add(government.name, NAME)
    add(government.display_name, NAME)
    if code:
        for language in ("es-MX", "en"):
            name = inegi.entity_name(code, language)
            if name not in AMBIGUOUS_ENTITY_NAMES:
                add(name, ENTITY)
        for name in OTHER_NAMES.get(code, ()):
            add(name, ENTITY)
        for abbreviation in ABBREVIATIONS.get(code, ()):
            add(abbreviation, ENTITY, case_sensitive=True)
        for _clave, name in inegi.municipalities(code):
            add(name, TERRITORIAL_UNIT)
        # "municipio" is every other entity's word too; only a word of its own names it.
        if inegi.territorial_unit(code) != inegi.territorial_unit(""):
            for language in ("es-MX", "en"):
                add(inegi.territorial_unit(code, language), UNIT_WORD)
                add(inegi.territorial_unit(code, language, plural=True), UNIT_WORD)
    for agency in Agency.objects.filter(government=government).order_by("key"):
        add(agency.name_es, AGENCY)
        add(agency.name_en, AGENCY)
        add(agency.acronym, ACRONYM, case_sensitive=True)
    for domain in Domain.objects.filter(tenant=government).order_by("domain"):
        add(domain.domain, DOMAIN)
    mail_domain = (government.contact_email or "").rpartition("@")[2].lower()
    if mail_domain and mail_domain not in SHARED_MAIL_DOMAINS:
        add(mail_domain, DOMAIN)
    add(government.identity_provider_name, IDENTITY_PROVIDER)

    unique: dict[str, Term] = {}
    for term in terms:
        unique.setdefault(_fold(term.text, term.case_sensitive), term)
    return sorted(unique.values(), key=lambda term: (-len(term.text), term.text))


# --- the report ---------------------------------------------------------------------------------


def portability_report(definition: Mapping[str, Any], publisher: Government) -> dict[str, Any]:
    """{"score", "findings": [{"pointer", "term", "kind", "excerpt", "language"}], "texts",
    "checked_at"}: see the module's docstring for what is read and how the score is counted."""
    return report_with_terms(definition, jurisdiction_terms(publisher))


def report_with_terms(definition: Mapping[str, Any], terms: list[Term]) -> dict[str, Any]:
    """The report against given terms (the command reads a publisher's terms once for all its
    apps)."""
    patterns = [(term, term.pattern) for term in terms]
    excluded = override_targets(definition)
    findings: list[dict[str, str]] = []
    texts = 0
    flagged = 0
    for pointer, values in readable_texts(definition):
        # Spanish first, then the others by tag: stored JSON (jsonb) does not keep key order.
        kept = {
            language: values[language]
            for language in sorted(values, key=lambda tag: (tag != "es-MX", tag))
            if not _is_excluded(f"{pointer}/{language}" if language else pointer, excluded)
        }
        if not kept:
            continue
        texts += 1
        found = [
            {"pointer": pointer, "language": language, **match}
            for language, value in kept.items()
            for match in _matches(value, patterns)
        ]
        if found:
            flagged += 1
            findings.extend(found)
    return {
        "score": score(texts, flagged),
        "findings": findings,
        "texts": texts,
        "checked_at": timezone.now().isoformat(),
    }


def score(texts: int, flagged: int) -> int:
    """⌊100 × texts without a finding / texts read⌋; 100 when nothing was read."""
    if texts <= 0:
        return 100
    return math.floor(100 * (texts - flagged) / texts)


def override_targets(definition: Mapping[str, Any]) -> tuple[str, ...]:
    overrides = definition.get("overrides")
    if not isinstance(overrides, list):
        return ()
    return tuple(
        item["target"]
        for item in overrides
        if isinstance(item, Mapping) and isinstance(item.get("target"), str)
    )


def _is_excluded(pointer: str, targets: tuple[str, ...]) -> bool:
    return any(pointer == target or pointer.startswith(f"{target}/") for target in targets)


def _is_translatable(value: object) -> bool:
    # The schema's translatable: es-MX required, any language tag, strings only.
    return (
        isinstance(value, Mapping)
        and isinstance(value.get("es-MX"), str)
        and all(isinstance(key, str) and isinstance(text, str) for key, text in value.items())
    )


def readable_texts(document: object, path: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """(pointer, {language: text}) of every text the report reads, in document order; a plain
    string comes as {"": text}."""
    if _is_translatable(document):
        yield path, dict(document)  # type: ignore[call-overload]
    elif isinstance(document, Mapping):
        for key, value in document.items():
            here = f"{path}/{escape_pointer(key)}"
            if key in PLAIN_TEXT_KEYS and isinstance(value, str):
                yield here, {"": value}
            elif key in PLAIN_TEXT_LISTS and isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, str):
                        yield f"{here}/{index}", {"": item}
            else:
                yield from readable_texts(value, here)
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from readable_texts(value, f"{path}/{index}")


def _matches(text: str, patterns: list[tuple[Term, re.Pattern[str]]]) -> Iterator[dict[str, str]]:
    """The terms found in `text`, longest first where they overlap, outside double braces."""
    # Blank out the braces' inside, keeping positions, so excerpts come from the original.
    visible = _BRACES.sub(lambda match: " " * len(match.group(0)), text)
    folded = {False: _fold(visible), True: _fold(visible, keep_case=True)}
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, dict[str, str]]] = []
    for term, pattern in patterns:
        for match in pattern.finditer(folded[term.case_sensitive]):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            taken.append((start, end))
            found.append(
                (
                    start,
                    {"term": term.text, "kind": term.kind, "excerpt": _excerpt(text, start, end)},
                )
            )
    for _start, item in sorted(found, key=lambda pair: pair[0]):
        yield item


def _excerpt(text: str, start: int, end: int) -> str:
    left = max(0, start - EXCERPT_RADIUS)
    right = min(len(text), end + EXCERPT_RADIUS)
    return f"{'…' if left else ''}{text[left:right].strip()}{'…' if right < len(text) else ''}"


def hint(kind: str, language: str = "es-MX") -> str:
    es, en = HINTS.get(kind, ("declare un punto de ajuste", "declare an override point"))
    return en if language == "en" else es
