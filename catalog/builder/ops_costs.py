"""The "Costos y plazos" page (ficha fractions X–XIII): fees (concepts with a fixed amount in
pesos and/or a number of UMA of a fiscal year, charged per unit or not), payment options, the
plazo, what silence means (ficta), the prevención and the validity of what is granted.

Like the ficha (catalog.builder.ficha), the page is data: `cost_specs()` lists panels of items
(catalog.builder.controls); `costs_panels` renders them from the definition or from what was
posted, and `costs_apply` applies a post to a definition (a new dict).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from catalog.builder.controls import Choice, Flag, I18n, Object, Rows, Text, _posted
from catalog.builder.operations import ES, clean_text, get_at, remove_at, set_value
from catalog.builder.pages import Control, Group, Panel
from catalog.definition.override_types import plain_text
from catalog.definition.uma import UMA_DAILY, uma_amount, uma_value
from catalog.definition.vocabulary import (
    FICTA_CONSEQUENCES,
    PLAZO_UNITS,
    VALIDITY_KINDS,
    VALIDITY_UNITS,
    label,
)
from core.i18n import content_language
from core.templatetags.mx import format_mxn

Label = str | Promise


def _in_language(table: Mapping[Any, Any], key: str) -> str:
    return label(table, key, content_language(), key)


_vocabulary = lazy(_in_language, str)


def vocabulary_choices(table: Mapping[str, Any]) -> tuple[tuple[str, Label], ...]:
    """A vocabulary table (catalog.definition.vocabulary) as choices, read in the page's
    language when rendered."""
    return tuple((key, _vocabulary(table, key)) for key in table)


@dataclass(frozen=True)
class NamedI18n(I18n):
    """A translatable inside a row: its two inputs say what they are ("Concepto (español)"),
    since a row's legend is the row's, not the column's."""

    def controls(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> list[Control]:
        result = super().controls(definition, data, prefix)
        for control, language in zip(result, (_("español"), _("inglés")), strict=True):
            control.label = f"{self.legend} ({language})"
            control.help = self.hint
        return result


@dataclass(frozen=True)
class Amount:
    """A number of pesos or of UMA, written as people write it ("1,099.50", "$188"): stored as a
    JSON number (an integer when whole), or as typed when it is not a number so the validator
    refuses it beside its control. A value equal to the stored one keeps the stored form."""

    name: str
    pointer: str
    label: Label
    help: Label = ""

    def _value(self, definition: Mapping[str, Any], data: Any, prefix: str) -> str:
        if data is not None:
            return _posted(data, self.name)
        return plain_text(get_at(definition, prefix + self.pointer))

    def control(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> Control:
        value = self._value(definition, data, prefix)
        return Control(
            self.name, self.label, prefix + self.pointer, "number", value, help=self.help
        )

    def groups(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> list[Group]:
        return [Group("", [self.control(definition, data, prefix)])]

    def apply(self, definition: dict[str, Any], data: Any, prefix: str = "") -> dict[str, Any]:
        pointer = prefix + self.pointer
        raw = clean_text(_posted(data, self.name)).replace(",", "").lstrip("$").strip()
        if not raw:
            return remove_at(definition, pointer)
        try:
            number = Decimal(raw)
        except InvalidOperation:
            return set_value(definition, pointer, raw)
        if not number.is_finite():
            return set_value(definition, pointer, raw)
        stored = get_at(definition, pointer)
        is_number = isinstance(stored, int | float) and not isinstance(stored, bool)
        if is_number and Decimal(str(stored)) == number:
            return definition
        value: Any = int(number) if number == number.to_integral_value() else float(number)
        return set_value(definition, pointer, value)


@dataclass(frozen=True)
class UmaMultiple(Amount):
    """The number of UMA of a fee concept, with the amount it makes in pesos for the concept's
    fiscal year shown beside it ("= $3,394.20 con la UMA de 2025, $113.14 diarios")."""

    year_name: str = "fiscal_year"

    def control(self, definition: Mapping[str, Any], data: Any, prefix: str = "") -> Control:
        control = super().control(definition, data, prefix)
        row_name = self.name.rsplit("-", 1)[0]
        if data is not None:
            year_text = clean_text(_posted(data, f"{row_name}-{self.year_name}"))
            year: Any = int(year_text) if year_text.isdigit() else None
        else:
            year = get_at(definition, f"{prefix}/{self.year_name}")
        computed = computed_text(control.value, year)
        if computed:
            control.help = computed
        return control


def computed_text(multiple: object, year: object) -> str:
    """What the page says beside a number of UMA: its amount in pesos for that year, or why it
    cannot say it."""
    text = multiple if isinstance(multiple, str) else plain_text(multiple)
    text = text.replace(",", "").strip()
    if not text:
        return ""
    language = content_language()
    value = uma_value(year)
    if value is None:
        return str(
            _("Escriba un ejercicio fiscal con valor de UMA conocido (%(years)s).")
            % {"years": ", ".join(str(y) for y in sorted(UMA_DAILY))}
        )
    amount = uma_amount(text, year)
    if amount is None:
        return ""
    return str(
        _("= %(amount)s con la UMA de %(year)s (%(value)s diarios)")
        % {
            "amount": format_mxn(amount, language),
            "year": year,
            "value": format_mxn(value, language),
        }
    )


@dataclass(frozen=True)
class CostPanel:
    title: Label
    anchor: str
    items: tuple[Any, ...]
    intro: Label = ""
    rows: tuple[Rows, ...] = field(default_factory=tuple)


FEE_ROWS = Rows(
    "fees",
    "/fees/concepts",
    _("Concepto de pago %(number)s"),
    (
        NamedI18n("concept", "/concept", _("Concepto")),
        Amount(
            "amount",
            "/amount",
            _("Monto fijo en pesos"),
            help=_("Déjelo vacío cuando el concepto se cobra en UMA."),
        ),
        UmaMultiple(
            "uma_multiple",
            "/uma_multiple",
            _("Número de UMA"),
            help=_(
                "P. ej. 30 para «30 UMA». El monto en pesos se calcula con la UMA del ejercicio."
            ),
        ),
        Text("fiscal_year", "/fiscal_year", _("Ejercicio fiscal"), "number"),
        NamedI18n(
            "per_unit",
            "/per_unit",
            _("Se cobra por cada"),
            hint=_("Sólo si el monto es por unidad, p. ej. «metro cuadrado» o «copia»."),
        ),
        NamedI18n("notes", "/notes", _("Notas del concepto"), multiline=True),
    ),
    id_from="concept",
    hint=_("Para agregar un concepto, llene esta fila; para quitar uno, vacíela."),
    row_legend_pointer="/concept",
)
PAYMENT_ROWS = Rows(
    "payment",
    "/fees/payment_alternatives",
    _("Forma de pago %(number)s"),
    (NamedI18n("text", "", _("Forma de pago")),),
    hint=_("Para agregar una forma de pago, llene esta fila; para quitar una, vacíela."),
)

FICTA_HELP = _(
    "Qué significa que la autoridad no responda dentro del plazo máximo de respuesta "
    "(Ley Nacional para Eliminar Trámites Burocráticos, art. 54, fracción XI)."
)


def cost_specs() -> tuple[CostPanel, ...]:
    return (
        CostPanel(
            _("X. Costo"),
            "costo",
            (
                I18n(
                    "fee_notes",
                    "/fees/notes",
                    _("Notas sobre el costo"),
                    multiline=True,
                    hint=_("P. ej. «Trámite gratuito» o a quién no se cobra."),
                ),
            ),
            _(
                "Cada concepto lleva un monto fijo en pesos o un número de UMA (Unidad de Medida "
                "y Actualización) del ejercicio fiscal; la moneda es siempre MXN."
            ),
            rows=(FEE_ROWS, PAYMENT_ROWS),
        ),
        CostPanel(
            _("XII. Plazo máximo de respuesta"),
            "plazo",
            (
                Object(
                    "/plazo",
                    (
                        Text("plazo_value", "/plazo/value", _("Plazo"), "number"),
                        Choice(
                            "plazo_unit",
                            "/plazo/unit",
                            _("Unidad del plazo"),
                            vocabulary_choices(PLAZO_UNITS),
                        ),
                        Flag(
                            "plazo_immediate",
                            "/plazo/immediate",
                            _("Resolución inmediata"),
                            help=_("Se resuelve en el momento, p. ej. el mismo día en el módulo."),
                        ),
                    ),
                ),
            ),
        ),
        CostPanel(
            _("XI. Si la autoridad no responde a tiempo"),
            "ficta",
            (
                Choice(
                    "ficta",
                    "/ficta",
                    _("Afirmativa o negativa ficta"),
                    vocabulary_choices(FICTA_CONSEQUENCES),
                    help=FICTA_HELP,
                ),
            ),
        ),
        CostPanel(
            _("XIII. Prevención (información faltante)"),
            "prevencion",
            (
                Object(
                    "/prevencion",
                    (
                        Text(
                            "prevencion_authority_days",
                            "/prevencion/authority_days",
                            _("Días que tiene la autoridad para pedir lo que falte"),
                            "number",
                        ),
                        Text(
                            "prevencion_applicant_days",
                            "/prevencion/applicant_days",
                            _("Días que tiene la persona para entregarlo"),
                            "number",
                        ),
                        Choice(
                            "prevencion_unit",
                            "/prevencion/unit",
                            _("Unidad de los días"),
                            vocabulary_choices(PLAZO_UNITS),
                        ),
                    ),
                ),
            ),
        ),
        CostPanel(
            _("Vigencia de lo que se otorga"),
            "vigencia",
            (
                Object(
                    "/validity",
                    (
                        Choice(
                            "validity_kind",
                            "/validity/kind",
                            _("Vigencia"),
                            vocabulary_choices(VALIDITY_KINDS),
                        ),
                        Text(
                            "validity_value",
                            "/validity/value",
                            _("Duración (sólo por un periodo)"),
                            "number",
                        ),
                        Choice(
                            "validity_unit",
                            "/validity/unit",
                            _("Unidad de la duración"),
                            vocabulary_choices(VALIDITY_UNITS),
                        ),
                        I18n("validity_notes", "/validity/notes", _("Notas sobre la vigencia")),
                    ),
                ),
            ),
        ),
    )


def _items(panel: CostPanel) -> tuple[Any, ...]:
    return (*panel.items, *panel.rows)


def costs_panels(definition: Mapping[str, Any], data: Any = None) -> list[Panel]:
    """The page's panels from the definition, or from `data` (a refused post, kept as typed)."""
    panels = []
    for spec in cost_specs():
        groups = [group for item in _items(spec) for group in item.groups(definition, data)]
        hidden = [row.count_control(definition, data) for row in spec.rows]
        panels.append(Panel(spec.title, groups, spec.intro, spec.anchor, hidden))
    return panels


def costs_apply(definition: dict[str, Any], data: Any) -> dict[str, Any]:
    """The definition with the posted costs and deadlines applied (a new dict)."""
    for spec in cost_specs():
        for item in _items(spec):
            definition = item.apply(definition, data)
    fees = definition.get("fees")
    if isinstance(fees, Mapping):
        fees = copy.deepcopy(dict(fees))
        if fees == {}:
            return remove_at(definition, "/fees")
        # Every concept is in pesos; "concepts" is required once there is anything about fees.
        concepts = fees.setdefault("concepts", [])
        for concept in concepts if isinstance(concepts, list) else []:
            if isinstance(concept, dict):
                concept.setdefault("currency", "MXN")
        definition = set_value(definition, "/fees", fees)
    return definition


def uma_table() -> Sequence[tuple[int, str]]:
    """(year, daily value in pesos) of the UMA table, newest first, for the page's reference."""
    language = content_language()
    return [(year, format_mxn(UMA_DAILY[year], language)) for year in sorted(UMA_DAILY)[::-1]]


__all__ = ["ES", "costs_apply", "costs_panels", "uma_table"]
