"""What every builder page shares: the section navigation, loading the app's draft (another
government's app is "not found"), controls that know the JSON pointer they edit, and the mapping
of located problems to those controls.

A page describes its form as `Panel`s of `Group`s (fieldsets) of `Control`s; the templates in
catalog/templates/catalog/builder/ render them (labels, help, errors beside each control, an
error summary linking to them). Add a section to the navigation by adding a line to SECTIONS.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalog.backoffice import selectors as backoffice_selectors
from catalog.builder.selectors import BuilderSource, builder_source
from catalog.builder.services import REVISION
from catalog.models import CatalogApp
from core.errors import ErrorDetail
from tenants.requests import TenantRequest

DEFINITION_POINTER = "/definition"


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    url_name: str  # under the "publisher" namespace, taking the app's slug


# The builder's navigation, in order. A helper adding a section adds its line here (and nothing
# else: the base template reads this list). Planned, not built yet: pasos ("Pasos y preguntas"),
# condiciones, documentos, costos ("Costos y plazos"), flujo, ajustes ("Ajustes locales y
# variables"), vista-previa, publicar.
SECTIONS: tuple[Section, ...] = (
    Section("ficha", _("Ficha"), "publisher:builder_ficha"),
    Section("pasos", _("Pasos y preguntas"), "publisher:builder_steps"),
    Section("condiciones", _("Condiciones"), "publisher:builder_conditions"),
    Section("documentos", _("Documentos"), "publisher:builder_documents"),
    Section("costos", _("Costos y plazos"), "publisher:builder_costs"),
    Section("flujo", _("Flujo"), "publisher:builder_workflow"),
    Section("ajustes", _("Ajustes locales y variables"), "publisher:builder_local"),
    Section("vista-previa", _("Vista previa"), "publisher:builder_preview"),
    Section("publicar", _("Publicar"), "publisher:builder_publish"),
    Section("json", _("JSON avanzado"), "publisher:builder_json"),
)


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url: str
    current: bool


def navigation(app: CatalogApp, current: str) -> list[NavItem]:
    return [
        NavItem(s.key, s.label, reverse(s.url_name, args=[app.slug]), s.key == current)
        for s in SECTIONS
    ]


def own_source(request: TenantRequest, slug: str) -> BuilderSource:
    """The current government's app `slug` as the builder edits it; 404 for anybody else's."""
    app = backoffice_selectors.publisher_app_get(government=request.tenant, slug=slug)
    if app is None:
        raise Http404
    return builder_source(app=app)


# --- controls -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownError:
    """A problem as a page shows it: beside its control (`anchor` is the control's id) and in
    the error summary linking to it. `pointer` is where in the definition (relative), shown
    only on pages that show JSON."""

    anchor: str
    pointer: str
    message: str


@dataclass
class Control:
    """One input of a builder page. `name` is the HTML name (its id is "id_" + name); `pointer`
    is where its value lives in the definition, for placing the validator's problems."""

    name: str
    label: str | Promise
    pointer: str
    kind: str = "text"  # text, textarea, select, checkbox, checkboxes, number, date, email, url
    value: Any = ""
    choices: Sequence[tuple[str, str | Promise]] = ()
    help: str | Promise = ""
    lang: str = ""  # set for texts in one language: "es-MX" or "en"
    rows: int = 3
    errors: list[ShownError] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"id_{self.name}"

    @property
    def values(self) -> list[str]:
        """For checkboxes: the chosen values."""
        return [str(v) for v in self.value] if isinstance(self.value, (list, tuple)) else []


@dataclass
class Group:
    """A fieldset. layout "pair" shows its controls side by side (Spanish | English)."""

    legend: str | Promise
    controls: list[Control]
    hint: str | Promise = ""
    layout: str = "stack"


@dataclass
class Panel:
    """A titled part of a page (an h2) with its fieldsets."""

    title: str | Promise
    groups: list[Group]
    intro: str | Promise = ""
    anchor: str = ""
    hidden: list[tuple[str, Any]] = field(default_factory=list)  # e.g. a row count


def all_controls(panels: Iterable[Panel]) -> list[Control]:
    return [control for panel in panels for group in panel.groups for control in group.controls]


def _relative(location: str) -> str | None:
    if location == DEFINITION_POINTER or location.startswith(f"{DEFINITION_POINTER}/"):
        return location[len(DEFINITION_POINTER) :]
    return None


def _control_for(pointer: str, controls: Sequence[Control]) -> Control | None:
    """The control that edits `pointer`: the one whose pointer is the longest prefix of it, else
    the first one inside it (a problem on an object, e.g. a missing "es-MX", goes to the
    object's first input)."""
    best: Control | None = None
    for control in controls:
        # "" is the whole definition (the JSON page's text area): it contains every pointer.
        inside = pointer == control.pointer or pointer.startswith(control.pointer + "/")
        if inside and (best is None or len(control.pointer) > len(best.pointer)):
            best = control
    if best is not None:
        return best
    return next((c for c in controls if c.pointer.startswith(pointer + "/")), None)


def place_errors(problems: Sequence[ErrorDetail], controls: Sequence[Control]) -> list[ShownError]:
    """Attach each problem to its control (shown beside it) and return the error summary. A
    problem no control of the page edits is listed with its pointer, so nothing is hidden."""
    shown: list[ShownError] = []
    for problem in problems:
        message = problem.message
        pointer = _relative(problem.location)
        if problem.location == REVISION:
            shown.append(ShownError("", "", message))
            continue
        if pointer is None:
            control = next((c for c in controls if c.name == problem.location), None)
        else:
            control = _control_for(pointer, controls)
        error = ShownError(control.id if control else "", pointer or "", message)
        if control is not None:
            control.errors.append(error)
        shown.append(error)
    return shown


def page_context(
    *,
    source: BuilderSource,
    section: str,
    revision: str,
    panels: Sequence[Panel] = (),
    errors: Sequence[ShownError] = (),
    **extra: Any,
) -> dict[str, Any]:
    """The context every builder page template (extending catalog/builder/base.html) needs."""
    return {
        "app": source.app,
        "source": source,
        "section": section,
        "builder_nav": navigation(source.app, section),
        "revision": revision,
        "panels": panels,
        "errors": errors,
        **extra,
    }
