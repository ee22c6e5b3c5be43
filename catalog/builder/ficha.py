"""The ficha page: every field of the LNETB art. 54 ficha (≈ LGMR art. 46) the definition keeps in
`metadata`, plus each requisito's original/copies and issuer (fraction V). Plazo, ficta,
prevención, fees and validity (X–XIII) are edited in "Costos y plazos".

The page is this list of panels of items (catalog.builder.controls); the view only renders and
applies it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalog.builder.controls import Checks, Choice, Flag, I18n, Item, Lines, Object, Rows, Text
from catalog.builder.pages import Panel

SUBMISSION_CHOICES = (
    ("formato", _("Con el formato")),
    ("escrito_libre", _("Con escrito libre")),
    ("ambos", _("Con el formato o con escrito libre")),
)
ORIGINAL_OR_COPY_CHOICES = (
    ("original", _("Original")),
    ("copia", _("Copia")),
    ("original_y_copia", _("Original y copia")),
)
INSPECTION_CHOICES = (("si", _("Sí, hay inspección")), ("no", _("No hay inspección")))


@dataclass(frozen=True)
class FichaPanel:
    title: str | Promise
    anchor: str
    items: tuple[Any, ...]
    intro: str | Promise = ""
    rows: tuple[Rows, ...] = field(default_factory=tuple)


M = "/metadata"

PANELS: tuple[FichaPanel, ...] = (
    FichaPanel(
        _("I. Nombre, descripción y homoclave"),
        "nombre",
        (
            I18n("name", f"{M}/name", _("Nombre oficial")),
            I18n(
                "citizen_name",
                f"{M}/citizen_name",
                _("Nombre en lenguaje claro"),
                hint=_("Lo que la persona busca, p. ej. «Sacar la licencia de conducir»."),
            ),
            I18n("description", f"{M}/description", _("Descripción"), multiline=True),
            Text(
                "homoclave",
                f"{M}/homoclave",
                _("Homoclave"),
                help=_("Clave del registro de trámites; normalmente la pone cada gobierno."),
            ),
            Choice(
                "kind",
                f"{M}/kind",
                _("Tipo"),
                (("tramite", _("Trámite")), ("servicio", _("Servicio"))),
                optional=False,
            ),
            Text(
                "category",
                f"{M}/category",
                _("Categoría"),
                help=_("Minúsculas y guiones, p. ej. movilidad, registro-civil, negocios."),
            ),
            Text("life_event", f"{M}/life_event", _("Hecho vital (opcional)")),
            Lines(
                "synonyms",
                f"{M}/synonyms",
                _("Sinónimos de búsqueda"),
                help=_("Uno por línea."),
            ),
        ),
    ),
    FichaPanel(
        _("II. Modalidades"),
        "modalidades",
        (),
        rows=(
            Rows(
                "modalities",
                f"{M}/modalities",
                _("Modalidad %(number)s"),
                (I18n("name", "/name", _("Nombre de la modalidad")),),
                id_from="name",
                hint=_("Para agregar una modalidad, llene esta fila; para quitar una, vacíela."),
            ),
        ),
    ),
    FichaPanel(
        _("III. Fundamento jurídico"),
        "fundamento",
        (),
        rows=(
            Rows(
                "legal_basis",
                f"{M}/legal_basis",
                _("Fundamento %(number)s"),
                (
                    Text("ordenamiento", "/ordenamiento", _("Ordenamiento")),
                    Text("articulo", "/articulo", _("Artículo(s) y fracción(es)")),
                    Text("url", "/url", _("Dirección de la publicación (opcional)"), "url"),
                ),
                hint=_("Para agregar un fundamento, llene esta fila; para quitar uno, vacíela."),
            ),
        ),
    ),
    FichaPanel(
        _("IV. Cuándo aplica y pasos a seguir"),
        "pasos",
        (
            I18n(
                "applies_when",
                f"{M}/applies_when",
                _("Casos en que debe o puede hacerse"),
                multiline=True,
            ),
            I18n(
                "plain_steps",
                f"{M}/plain_steps",
                _("Pasos a seguir, en lenguaje claro"),
                multiline=True,
                hint=_("Un paso por línea."),
            ),
        ),
    ),
    FichaPanel(
        _("V. Requisitos: original, copias y quién los expide"),
        "requisitos",
        (),
        _("Los requisitos se agregan y se quitan en «Documentos»."),
        rows=(
            Rows(
                "documents",
                "/documents",
                _("Requisito %(number)s"),
                (
                    Choice(
                        "original_or_copy",
                        "/original_or_copy",
                        _("Se presenta en"),
                        ORIGINAL_OR_COPY_CHOICES,
                    ),
                    Text("copies", "/copies", _("Número de copias"), "number"),
                    I18n("issuer", "/issuer", _("Quién lo expide")),
                ),
                can_add=False,
                row_legend_pointer="/name",
            ),
        ),
    ),
    FichaPanel(
        _("VI–VII. Cómo se presenta la solicitud y formato"),
        "formato",
        (
            Choice(
                "submission", f"{M}/submission", _("La solicitud se presenta"), SUBMISSION_CHOICES
            ),
            Object(
                f"{M}/formato",
                (
                    I18n("formato_name", f"{M}/formato/name", _("Nombre del formato")),
                    Text(
                        "formato_published_on",
                        f"{M}/formato/published_on",
                        _("Fecha de publicación del formato"),
                        "date",
                    ),
                    I18n(
                        "formato_published_in",
                        f"{M}/formato/published_in",
                        _("Dónde se publicó"),
                        hint=_("P. ej. «Gaceta Oficial de la Ciudad de México»."),
                    ),
                    Text("formato_url", f"{M}/formato/url", _("Dirección del formato"), "url"),
                ),
            ),
        ),
    ),
    FichaPanel(
        _("VIII. Inspección"),
        "inspeccion",
        (
            Object(
                f"{M}/inspection",
                (
                    Choice(
                        "inspection_applies",
                        f"{M}/inspection/applies",
                        _("¿Se hace una inspección o verificación?"),
                        INSPECTION_CHOICES,
                        stored_as={"si": True, "no": False},
                    ),
                    I18n(
                        "inspection_purpose",
                        f"{M}/inspection/purpose",
                        _("Objetivo de la inspección"),
                        multiline=True,
                    ),
                ),
            ),
        ),
    ),
    FichaPanel(
        _("IX. Contacto oficial de la dependencia"),
        "contacto",
        (
            I18n("agency_name", f"{M}/agency/name", _("Dependencia responsable")),
            Text("agency_acronym", f"{M}/agency/acronym", _("Siglas")),
            I18n("agency_unit", f"{M}/agency/unit", _("Unidad administrativa que resuelve")),
            Object(
                f"{M}/contact",
                (
                    Text("contact_phone", f"{M}/contact/phone", _("Teléfono")),
                    Text("contact_email", f"{M}/contact/email", _("Correo electrónico"), "email"),
                    Text("contact_address", f"{M}/contact/address", _("Domicilio")),
                    Text("contact_url", f"{M}/contact/url", _("Sitio web"), "url"),
                    I18n("contact_hours", f"{M}/contact/hours", _("Horario de atención")),
                ),
            ),
        ),
    ),
    FichaPanel(
        _("XIV. Criterios de resolución"),
        "criterios",
        (
            I18n(
                "resolution_criteria",
                f"{M}/resolution_criteria",
                _("Criterios de resolución"),
                multiline=True,
            ),
        ),
    ),
    FichaPanel(
        _("XV–XVI. Oficinas y horarios"),
        "oficinas",
        (),
        rows=(
            Rows(
                "offices",
                f"{M}/offices",
                _("Oficina %(number)s"),
                (
                    I18n("name", "/name", _("Nombre de la oficina")),
                    Text("address", "/address", _("Domicilio")),
                    I18n("hours", "/hours", _("Horario")),
                    Text("phone", "/phone", _("Teléfono")),
                    Text("email", "/email", _("Correo electrónico"), "email"),
                ),
                hint=_("Para agregar una oficina, llene esta fila; para quitar una, vacíela."),
            ),
        ),
    ),
    FichaPanel(
        _("XVII. Quejas y denuncias"),
        "quejas",
        (
            Object(
                f"{M}/complaints",
                (
                    I18n(
                        "complaints_description",
                        f"{M}/complaints/description",
                        _("Cómo presentar una queja"),
                        multiline=True,
                    ),
                    Text("complaints_phone", f"{M}/complaints/phone", _("Teléfono")),
                    Text(
                        "complaints_email",
                        f"{M}/complaints/email",
                        _("Correo electrónico"),
                        "email",
                    ),
                    Text("complaints_url", f"{M}/complaints/url", _("Sitio web"), "url"),
                ),
            ),
        ),
    ),
    FichaPanel(
        _("XVIII. Qué conservar para verificación"),
        "conservar",
        (
            I18n(
                "keep_for_verification",
                f"{M}/keep_for_verification",
                _("Qué debe conservar la persona"),
                multiline=True,
            ),
        ),
    ),
    FichaPanel(
        _("Canales, identidad y cita"),
        "canales",
        (
            Checks(
                "channels",
                f"{M}/channels",
                _("Puede hacerse"),
                (("online", _("En línea")), ("in_person", _("En persona"))),
            ),
            Choice(
                "identity_level",
                f"{M}/identity_level",
                _("Identidad que se pide"),
                (
                    ("ninguna", _("Ninguna")),
                    ("basica", _("Cuenta básica")),
                    ("verificada", _("Cuenta verificada")),
                ),
                optional=False,
            ),
            Flag("requires_appointment", f"{M}/requires_appointment", _("Requiere cita")),
        ),
    ),
)


def _items(panel: FichaPanel) -> tuple[Item, ...]:
    return (*panel.items, *panel.rows)


def ficha_panels(definition: Mapping[str, Any], data: Any = None) -> list[Panel]:
    """The page's panels, filled from the definition, or from `data` (what was posted) so a
    refused save shows again exactly what was typed."""
    panels = []
    for spec in PANELS:
        if spec.anchor == "requisitos" and not definition.get("documents"):
            continue
        groups = [group for item in _items(spec) for group in item.groups(definition, data)]
        hidden = [row.count_control(definition, data) for row in spec.rows]
        panels.append(Panel(spec.title, groups, spec.intro, spec.anchor, hidden))
    return panels


def ficha_apply(definition: dict[str, Any], data: Any) -> dict[str, Any]:
    """The definition with the posted ficha applied (a new dict; `definition` is not changed)."""
    for spec in PANELS:
        for item in _items(spec):
            definition = item.apply(definition, data)
    return definition
