"""Where a new app starts: blank, one of the templates (catalog/builder/templates_data/*.json),
a copy of one of the government's own apps, or a fork of a shared app visible to it (which keeps
its origin in metadata.forked_from). Reads only; builder_start in services.py creates the app."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from catalog import errors
from catalog.backoffice.selectors import app_draft
from catalog.models import CatalogApp
from catalog.selectors import apps_visible_to
from core.errors import ApplicationError
from tenants.models import Government

TEMPLATES_DIR = Path(__file__).parent / "templates_data"
BLANK = "blank"
# Shown in this order; each file's metadata.name is its title.
TEMPLATE_KEYS = ("solicitud-simple", "solicitud-pago-cita", "aviso")
SOURCE_FIELD = "source"


@cache
def _template_text(key: str) -> str:
    return (TEMPLATES_DIR / f"{key}.json").read_text(encoding="utf-8")


def template_definition(key: str) -> dict[str, Any]:
    """A fresh copy of a template (or of the blank definition)."""
    loaded: dict[str, Any] = json.loads(_template_text(key))
    return loaded


@dataclass(frozen=True)
class StartOption:
    value: str  # "blank", "template:<key>", "copy:<slug>", "fork:<publisher>/<slug>"
    label: str


@dataclass(frozen=True)
class StartGroup:
    label: Any
    options: list[StartOption]


def start_options(*, government: Government) -> list[StartGroup]:
    """What "Nuevo trámite" offers this government, grouped for the page's select."""
    templates = [
        StartOption(f"template:{key}", template_definition(key)["metadata"]["name"]["es-MX"])
        for key in TEMPLATE_KEYS
    ]
    own = CatalogApp.objects.filter(publisher=government).order_by("title", "slug")
    copies = [StartOption(f"copy:{app.slug}", app.title or app.slug) for app in own]
    shared = (
        apps_visible_to(government)
        .exclude(publisher=government)
        .filter(latest_version__isnull=False, deprecated_at__isnull=True)
        .select_related("publisher")
        .order_by("title", "slug")
    )
    forks = [
        StartOption(
            f"fork:{app.publisher.slug}/{app.slug}", f"{app.title or app.slug} — {app.publisher}"
        )
        for app in shared
    ]
    groups = [
        StartGroup(_("En blanco"), [StartOption(BLANK, str(_("Trámite en blanco")))]),
        StartGroup(_("Plantillas"), templates),
    ]
    if copies:
        groups.append(StartGroup(_("Copia de uno de sus trámites"), copies))
    if forks:
        groups.append(StartGroup(_("Adaptar un trámite compartido por otro gobierno"), forks))
    return groups


def _not_found(value: str) -> ApplicationError:
    return ApplicationError.single(
        errors.BUILDER_SOURCE_NOT_FOUND,
        f"No se encontró el punto de partida «{value}». Elija uno de la lista.",
        f"The starting point '{value}' was not found. Choose one from the list.",
        SOURCE_FIELD,
    )


def start_definition(*, government: Government, value: str) -> dict[str, Any]:
    """The definition a new app starts from; refused (located at "source") when `value` names
    nothing this government may start from."""
    kind, _sep, key = value.partition(":")
    if value == BLANK:
        return template_definition(BLANK)
    if kind == "template" and key in TEMPLATE_KEYS:
        return template_definition(key)
    if kind == "copy":
        app = CatalogApp.objects.filter(publisher=government, slug=key).first()
        if app is not None:
            version = app.latest_version or app_draft(app=app)
            if version is not None:
                definition = copy.deepcopy(version.definition)
                # A copy is a new app of this government, not a fork of its own app.
                return definition
    if kind == "fork":
        publisher, _slash, slug = key.partition("/")
        app = (
            apps_visible_to(government)
            .exclude(publisher=government)
            .filter(publisher__slug=publisher, slug=slug, deprecated_at__isnull=True)
            .select_related("latest_version", "publisher")
            .first()
        )
        if app is not None and app.latest_version is not None:
            definition = copy.deepcopy(app.latest_version.definition)
            metadata = definition.setdefault("metadata", {})
            metadata["forked_from"] = {
                "publisher": app.publisher.slug,
                "slug": app.slug,
                "version": app.latest_version.version,
            }
            return definition
    raise _not_found(value)
