"""Fees in UMA multiples: a fee concept may say "30 UMA" for a fiscal year instead of (or besides)
a fixed amount in pesos, and "por metro cuadrado" when it is charged per unit (`per_unit`).

The UMA (Unidad de Medida y Actualización) is the reference in pesos that federal and state laws
use for fees and fines instead of the minimum wage. INEGI computes it each year and publishes it
in the Diario Oficial de la Federación (DOF) in January; each value applies from 1 February of
its year to 31 January of the next. A fee law's "UMA vigente" of a fiscal year is the value
published that year, so `fiscal_year` picks the row of UMA_DAILY.

UMA_DAILY is data the operator maintains: add next January's value (with its source) when INEGI
publishes it. A UMA multiple for a year missing here is a located error when a version is saved
(`check_fee_concepts`), so no citizen ever sees an amount computed from a guessed value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from catalog.definition.consistency import located_error, pointer
from catalog.definition.errors import DefinitionErrorCode as Code
from core.errors import ErrorDetail
from core.i18n import text_in
from core.templatetags.mx import format_mxn

# Daily UMA value in pesos by year (valid 1 February of that year to 31 January of the next).
# Sources: INEGI, "Unidad de Medida y Actualización" (https://www.inegi.org.mx/temas/uma/), and
# the notice "UNIDAD de medida y actualización" INEGI publishes in the DOF each January (2024's:
# DOF 10/01/2024). Cross-checked against the press reports of INEGI's announcements of 9/01/2023
# (103.74, after 96.22 in 2022), 9/01/2024 (108.57), 9/01/2025 (113.14) and 8/01/2026 (117.31).
UMA_DAILY: Mapping[int, Decimal] = {
    2022: Decimal("96.22"),
    2023: Decimal("103.74"),
    2024: Decimal("108.57"),
    2025: Decimal("113.14"),
    2026: Decimal("117.31"),  # in force from 1/02/2026
}
UMA_SOURCE = {
    "es-MX": "INEGI, valor diario de la UMA publicado en el DOF",
    "en": "INEGI, daily UMA value published in the DOF",
}
CENT = Decimal("0.01")


def uma_value(year: object) -> Decimal | None:
    """The daily UMA of `year`, or None when the table does not know it."""
    if isinstance(year, bool) or not isinstance(year, int):
        return None
    return UMA_DAILY.get(year)


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def uma_amount(multiple: object, year: object) -> Decimal | None:
    """`multiple` × the UMA of `year`, in pesos rounded to the cent (half up); None when either
    is unknown."""
    number, value = _decimal(multiple), uma_value(year)
    if number is None or value is None:
        return None
    return (number * value).quantize(CENT, rounding=ROUND_HALF_UP)


def _multiple_text(multiple: object) -> str:
    number = _decimal(multiple)
    if number is None:
        return str(multiple)
    return format(number.normalize(), "f")


def uma_text(concept: Mapping[str, Any], language: str) -> str:
    """ "30 UMA (2025) = $3,394.20", with "por metro cuadrado" when charged per unit; "" for a
    concept without a UMA multiple. The year without a known UMA shows the multiple only."""
    multiple = concept.get("uma_multiple")
    if multiple is None:
        return ""
    year = concept.get("fiscal_year")
    text = f"{_multiple_text(multiple)} UMA"
    if uma_value(year) is not None:
        text = f"{text} ({year}) = {format_mxn(uma_amount(multiple, year), language)}"
    unit = text_in(concept.get("per_unit"), language) if concept.get("per_unit") else ""
    if unit:
        text = f"{text} {'per' if language == 'en' else 'por'} {unit}"
    return text


def fee_amount(concept: Mapping[str, Any]) -> Any:
    """What the concept costs in pesos: its fixed amount, else its UMA multiple's amount (a
    float, as amounts are stored), else None."""
    if concept.get("amount") is not None:
        return concept.get("amount")
    computed = uma_amount(concept.get("uma_multiple"), concept.get("fiscal_year"))
    return float(computed) if computed is not None else None


def fee_line(concept: Mapping[str, Any]) -> dict[str, Any]:
    """A concept as citizen pages show it: its keys, `amount` filled in from the UMA when only
    the multiple is given, and `uma_text` ({"es-MX", "en"}, absent without a multiple)."""
    line = dict(concept)
    line["amount"] = fee_amount(concept)
    if concept.get("uma_multiple") is not None:
        line["uma_text"] = {language: uma_text(concept, language) for language in ("es-MX", "en")}
    return line


def check_fee_concepts(data: Mapping) -> Iterator[ErrorDetail]:
    """Each concept has an amount or a UMA multiple; a UMA multiple's year has a known UMA."""
    fees = data.get("fees")
    concepts = fees.get("concepts") if isinstance(fees, Mapping) else None
    if not isinstance(concepts, list):
        return
    for index, concept in enumerate(concepts):
        if not isinstance(concept, Mapping):
            continue
        if concept.get("amount") is None and concept.get("uma_multiple") is None:
            yield located_error(
                Code.INVALID_AMOUNT,
                pointer("fees", "concepts", index, "amount"),
                "Escriba el monto en pesos o el número de UMA del concepto.",
                "Enter the concept's amount in pesos or its number of UMA.",
            )
        year = concept.get("fiscal_year")
        multiple = concept.get("uma_multiple")
        if multiple is not None and isinstance(year, int) and uma_value(year) is None:
            known = ", ".join(str(item) for item in sorted(UMA_DAILY))
            yield located_error(
                Code.UNKNOWN_UMA_YEAR,
                pointer("fees", "concepts", index, "fiscal_year"),
                f"No se conoce el valor de la UMA de {year} (se conocen: {known}). Elija "
                "uno de esos ejercicios o escriba el monto en pesos.",
                f"The UMA value of {year} is not known (known: {known}). Choose one of "
                "those years or enter the amount in pesos.",
            )
