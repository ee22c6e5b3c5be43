"""Jurisdiction variables: a shared app's texts name the government that serves it.

A publisher writes "Comprobante de domicilio en {{entidad.nombre}}" once; CDMX's citizens read
"… en Ciudad de México", Sonora's "… en Sonora". Variables may appear in any translatable text
({"es-MX": …, "en": …}); each language resolves to its own words ("municipio" / "municipality").

    {{gobierno.nombre}}              Gobierno del Estado de Sonora
    {{gobierno.nombre_corto}}        Sonora
    {{gobierno.correo}}              the government's contact e-mail
    {{gobierno.telefono}}            the government's contact phone
    {{entidad.nombre}}               Sonora / Ciudad de México
    {{entidad.unidad_territorial}}   municipio / alcaldía
    {{entidad.unidades_territoriales}}  municipios / alcaldías
    {{identidad.nombre}}             Llave Sonora / Llave CDMX
    {{dependencia.CLAVE.nombre}}     the agency in charge of CLAVE (vocabulary.AGENCY_KEYS)
    {{dependencia.CLAVE.siglas}}     its acronym

Writing the first letter in capitals ("{{Entidad.unidad_territorial}}") capitalises the value
("Municipio"). Jurisdiction variables are always dotted: undotted names ("{{folio}}",
"{{fecha}}", a field's id) are the case placeholders of output templates, filled when a
document is issued (cases.outputs), and left alone here. An unknown or malformed variable is a located error when a version is saved or
published (`check_variables`); a variable the serving government has not given a value yet
(an agency it has not declared) keeps an app from going live (`unresolved_variables`).

Resolution builds a new document and never changes its input: effective definitions are shared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from catalog.definition.errors import DefinitionErrorCode as Code
from catalog.definition.rules import escape_pointer
from catalog.definition.vocabulary import AGENCY_KEYS
from core.errors import ErrorDetail

LANGUAGES = ("es-MX", "en")
VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}")
# Anything that opens or closes like a variable: what is left after removing the valid ones is
# a typo ("{{entidad.nombre}", "{{ }}").
_BRACES = re.compile(r"\{\{|\}\}")

# name → (Spanish description, English description), for error messages and the builder.
SIMPLE_VARIABLES: dict[str, tuple[str, str]] = {
    "gobierno.nombre": ("nombre oficial del gobierno", "the government's official name"),
    "gobierno.nombre_corto": ("nombre corto del gobierno", "the government's short name"),
    "gobierno.correo": ("correo de contacto del gobierno", "the government's contact e-mail"),
    "gobierno.telefono": ("teléfono de contacto del gobierno", "the government's contact phone"),
    "entidad.nombre": ("entidad federativa", "the state (entidad federativa)"),
    "entidad.unidad_territorial": ("municipio o alcaldía", "municipality or borough"),
    "entidad.unidades_territoriales": ("municipios o alcaldías", "municipalities or boroughs"),
    "identidad.nombre": ("servicio de identidad (p. ej. Llave)", "the identity service"),
}
AGENCY_ATTRIBUTES = ("nombre", "siglas")


class Facts(Protocol):
    """What resolution reads of a government (tenants.jurisdiction.JurisdictionFacts)."""

    @property
    def name(self) -> str: ...
    @property
    def short_name(self) -> str: ...
    @property
    def contact_email(self) -> str: ...
    @property
    def contact_phone(self) -> str: ...
    @property
    def identity_provider(self) -> str: ...
    @property
    def agencies(self) -> Mapping[str, Any]: ...

    def entity_name(self, language: str) -> str: ...

    def territorial_unit(self, language: str, *, plural: bool = False) -> str: ...


def known_variables() -> list[str]:
    """Every variable a definition may use, for documentation and the builder's picker."""
    return [
        *SIMPLE_VARIABLES,
        *(
            f"dependencia.{key}.{attribute}"
            for key in AGENCY_KEYS
            for attribute in AGENCY_ATTRIBUTES
        ),
    ]


def is_known(name: str) -> bool:
    name = _canonical(name)
    if name in SIMPLE_VARIABLES:
        return True
    parts = name.split(".")
    return (
        len(parts) == 3
        and parts[0] == "dependencia"
        and parts[1] in AGENCY_KEYS
        and parts[2] in AGENCY_ATTRIBUTES
    )


def describe(name: str, language: str = "es-MX") -> str:
    """A variable in words ("entidad federativa"), shown where a value is still missing."""
    name = _canonical(name)
    if name in SIMPLE_VARIABLES:
        es, en = SIMPLE_VARIABLES[name]
        return en if language == "en" else es
    parts = name.split(".")
    if len(parts) == 3 and parts[1] in AGENCY_KEYS:
        es, en = AGENCY_KEYS[parts[1]]
        return f"agency: {en}" if language == "en" else f"dependencia: {es}"
    return name


# --- where variables are -----------------------------------------------------------------------


def is_translatable(value: object) -> bool:
    """A {"es-MX": str, "en"?: str} text: the only place variables are read."""
    return (
        isinstance(value, Mapping)
        and "es-MX" in value
        and all(key in LANGUAGES and isinstance(text, str) for key, text in value.items())
    )


def translatable_texts(document: object, path: str = "") -> Iterator[tuple[str, Mapping[str, str]]]:
    """(pointer, text) of every translatable text in `document`, in document order."""
    if is_translatable(document):
        yield path, document  # type: ignore[misc]
    elif isinstance(document, Mapping):
        for key, value in document.items():
            yield from translatable_texts(value, f"{path}/{escape_pointer(key)}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from translatable_texts(value, f"{path}/{index}")


def variables_in(text: str) -> list[str]:
    """The jurisdiction variables of a text (dotted names; see the module's docstring)."""
    return [match.group(1) for match in VARIABLE.finditer(text) if "." in match.group(1)]


def check_variables(definition: Mapping[str, Any]) -> Iterator[ErrorDetail]:
    """Unknown and malformed variables, each located at its text and language."""
    for location, text in translatable_texts(definition):
        for language, value in text.items():
            where = f"{location}/{language}"
            for name in variables_in(value):
                if not is_known(name):
                    yield ErrorDetail(
                        str(Code.UNKNOWN_VARIABLE),
                        f"La variable «{{{{{name}}}}}» no existe. Use una de: {_examples()}.",
                        f"Variable '{{{{{name}}}}}' does not exist. Use one of: {_examples()}.",
                        where,
                    )
            if _BRACES.search(VARIABLE.sub("", value)):
                yield ErrorDetail(
                    str(Code.MALFORMED_VARIABLE),
                    "Hay una variable mal escrita: se escriben entre dobles llaves, "
                    "p. ej. {{entidad.nombre}}.",
                    "A variable is malformed: write it between double braces, "
                    "e.g. {{entidad.nombre}}.",
                    where,
                )


def _examples() -> str:
    return ", ".join(f"{{{{{name}}}}}" for name in (*SIMPLE_VARIABLES, "dependencia.CLAVE.nombre"))


def uses_variables(definition: Mapping[str, Any]) -> bool:
    return any(
        variables_in(value)
        for _location, text in translatable_texts(definition)
        for value in text.values()
    )


# --- resolution --------------------------------------------------------------------------------


def value_of(name: str, facts: Facts, language: str) -> str | None:
    """The variable's value for the government, None when the government has not set it."""
    canonical = _canonical(name)
    value = _raw_value(canonical, facts, language)
    if not value:
        return None
    return value[:1].upper() + value[1:] if name[:1].isupper() else value


def _raw_value(name: str, facts: Facts, language: str) -> str | None:
    if name == "gobierno.nombre":
        return facts.name
    if name == "gobierno.nombre_corto":
        return facts.short_name
    if name == "gobierno.correo":
        return facts.contact_email
    if name == "gobierno.telefono":
        return facts.contact_phone
    if name == "entidad.nombre":
        return facts.entity_name(language)
    if name == "entidad.unidad_territorial":
        return facts.territorial_unit(language)
    if name == "entidad.unidades_territoriales":
        return facts.territorial_unit(language, plural=True)
    if name == "identidad.nombre":
        return facts.identity_provider
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "dependencia":
        agency = facts.agencies.get(parts[1])
        if agency is None:
            return None
        return agency.name(language) if parts[2] == "nombre" else agency.acronym
    return None


def resolve_text(text: str, facts: Facts, language: str) -> str:
    """`text` with its variables replaced; one still without a value reads as its description
    in brackets ("[dependencia: Movilidad y transporte]"), never as raw braces."""
    if "{{" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if "." not in name:
            return match.group(0)
        value = value_of(name, facts, language) if is_known(name) else None
        return value if value is not None else f"[{describe(name, language)}]"

    return VARIABLE.sub(replace, text)


def resolve(document: Any, facts: Facts) -> Any:
    """A copy of `document` with the variables of its translatable texts resolved for the
    government; parts without variables are shared with the input, not copied."""
    if is_translatable(document):
        if not any("{{" in value for value in document.values()):
            return document
        return {
            language: resolve_text(value, facts, language) for language, value in document.items()
        }
    if isinstance(document, Mapping):
        resolved = {key: resolve(value, facts) for key, value in document.items()}
        if all(resolved[key] is document[key] for key in document):
            return document
        return resolved
    if isinstance(document, list):
        items = [resolve(value, facts) for value in document]
        if all(new is old for new, old in zip(items, document, strict=True)):
            return document
        return items
    return document


def unresolved_variables(definition: Mapping[str, Any], facts: Facts) -> list[ErrorDetail]:
    """Variables the government has no value for, located: they keep the app from going live."""
    missing: dict[str, str] = {}
    for location, text in translatable_texts(definition):
        for language, value in text.items():
            for name in variables_in(value):
                if is_known(name) and value_of(name, facts, language) is None:
                    missing.setdefault(_canonical(name), f"{location}/{language}")
    return [
        ErrorDetail(
            str(Code.UNKNOWN_VARIABLE),
            f"Su gobierno aún no tiene valor para «{{{{{name}}}}}» ({describe(name)}): "
            "regístrelo en «Datos del gobierno» antes de poner el trámite en línea.",
            f"Your government has no value yet for '{{{{{name}}}}}' "
            f"({describe(name, 'en')}): set it under 'Government facts' before going live.",
            where,
        )
        for name, where in missing.items()
    ]


def _canonical(name: str) -> str:
    return name[:1].lower() + name[1:]
