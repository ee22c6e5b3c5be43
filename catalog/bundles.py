"""App bundles: one JSON file with an app's catalogue entry and its published versions, used to move
apps between installations (`import_catalog`, `export_catalog`, the API's download).

    {"bundle_format": 1,
     "app": {"slug": "...", "sharing_policy": "public" | "agreement" | "private"},
     "versions": [{"version": "1.0.0", "changelog": {"es-MX": "...", "en": "..."},
                   "definition": {...}}]}

This module only reads and writes the envelope; the services decide what an import changes.
"""

from __future__ import annotations

import json
from typing import Any

from catalog import errors
from catalog.models import SharingPolicy, parse_semver
from core.errors import ErrorDetail

BUNDLE_FORMAT = 1
SLUG_MAX_LENGTH = 100


def bundle_loads(text: str) -> tuple[dict[str, Any] | None, list[ErrorDetail]]:
    """Parse a bundle file's text; a syntax error is reported with its line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [
            ErrorDetail(
                errors.BUNDLE_JSON_INVALID,
                f"JSON inválido en la línea {exc.lineno}, columna {exc.colno}: {exc.msg}.",
                f"Invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}.",
                "",
            )
        ]
    if not isinstance(data, dict):
        return None, [_shape("", "un objeto JSON", "a JSON object")]
    return data, []


def bundle_dumps(bundle: dict[str, Any]) -> str:
    return json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"


def bundle_file_name(slug: str) -> str:
    return f"{slug}.json"


def bundle_shape_errors(bundle: Any) -> list[ErrorDetail]:
    """Everything wrong with the envelope, each located by JSON pointer. Definitions themselves
    are checked by the definition validator, not here."""
    if not isinstance(bundle, dict):
        return [_shape("", "un objeto JSON", "a JSON object")]
    problems: list[ErrorDetail] = []
    if bundle.get("bundle_format") != BUNDLE_FORMAT:
        problems.append(
            ErrorDetail(
                errors.BUNDLE_INVALID,
                f"«bundle_format» debe ser {BUNDLE_FORMAT}.",
                f"'bundle_format' must be {BUNDLE_FORMAT}.",
                "/bundle_format",
            )
        )
    app = bundle.get("app")
    if not isinstance(app, dict):
        problems.append(_shape("/app", "un objeto", "an object"))
    else:
        slug = app.get("slug")
        if not isinstance(slug, str) or not slug or len(slug) > SLUG_MAX_LENGTH:
            problems.append(_shape("/app/slug", "un identificador de texto", "a text slug"))
        if app.get("sharing_policy") not in SharingPolicy.values:
            problems.append(
                ErrorDetail(
                    errors.SHARING_POLICY_INVALID,
                    "«sharing_policy» debe ser public, agreement o private.",
                    "'sharing_policy' must be public, agreement or private.",
                    "/app/sharing_policy",
                )
            )
    versions = bundle.get("versions")
    if not isinstance(versions, list) or not versions:
        problems.append(
            _shape(
                "/versions", "una lista con al menos una versión", "a list of one or more versions"
            )
        )
        return problems
    seen: set[str] = set()
    for index, entry in enumerate(versions):
        where = f"/versions/{index}"
        if not isinstance(entry, dict):
            problems.append(_shape(where, "un objeto", "an object"))
            continue
        version = entry.get("version")
        if not isinstance(version, str) or parse_semver(version) is None:
            problems.append(
                ErrorDetail(
                    errors.VERSION_INVALID,
                    "La versión debe tener la forma MAYOR.MENOR.PARCHE, p. ej. 1.0.0.",
                    "The version must look like MAJOR.MINOR.PATCH, e.g. 1.0.0.",
                    f"{where}/version",
                )
            )
        elif version in seen:
            problems.append(
                ErrorDetail(
                    errors.BUNDLE_INVALID,
                    f"La versión {version} aparece dos veces.",
                    f"Version {version} appears twice.",
                    f"{where}/version",
                )
            )
        else:
            seen.add(version)
        problems.extend(changelog_errors(entry.get("changelog"), f"{where}/changelog"))
        if not isinstance(entry.get("definition"), dict):
            problems.append(_shape(f"{where}/definition", "un objeto", "an object"))
    return problems


def changelog_errors(changelog: Any, location: str) -> list[ErrorDetail]:
    """A published version's notes: a translatable text with at least Spanish (es-MX)."""
    if (
        isinstance(changelog, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in changelog.items())
        and str(changelog.get("es-MX", "")).strip()
    ):
        return []
    return [
        ErrorDetail(
            errors.CHANGELOG_REQUIRED,
            "Las notas de la versión deben ser textos por idioma con al menos «es-MX».",
            "The changelog must be texts by language with at least 'es-MX'.",
            location,
        )
    ]


def _shape(location: str, expected_es: str, expected_en: str) -> ErrorDetail:
    return ErrorDetail(
        errors.BUNDLE_INVALID,
        f"Se esperaba {expected_es}.",
        f"Expected {expected_en}.",
        location,
    )
