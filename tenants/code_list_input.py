"""What an option of a government's own code list may be, typed one by one or pasted many at
once ("code|label" a line): parsing and checks only, no database (tenants.jurisdiction_services
adds what needs the list: codes already in it)."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import ErrorDetail
from tenants import errors

PASTE_SEPARATOR = "|"
PASTE_MAX_LINES = 2000


@dataclass(frozen=True)
class ItemInput:
    code: str
    label_es: str
    label_en: str = ""


def parse_pasted_items(text: str) -> tuple[list[tuple[int, ItemInput]], list[ErrorDetail]]:
    """(line number, item) of each non-blank line, and the problems of the text by line:
    a missing separator, an empty code or label, too long values, a code repeated."""
    parsed: list[tuple[int, ItemInput]] = []
    problems: list[ErrorDetail] = []
    first_line: dict[str, int] = {}
    lines = text.splitlines()
    if len(lines) > PASTE_MAX_LINES:
        return [], [
            ErrorDetail(
                errors.PASTE_TOO_LONG,
                f"Pegue hasta {PASTE_MAX_LINES} líneas a la vez.",
                f"Paste up to {PASTE_MAX_LINES} lines at a time.",
                "items",
            )
        ]
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"items/{number}"
        parts = [part.strip() for part in raw.split(PASTE_SEPARATOR)]
        if len(parts) not in (2, 3):
            problems.append(
                ErrorDetail(
                    errors.PASTE_LINE_INVALID,
                    f"Línea {number}: escriba «clave|texto» (o «clave|texto|texto en inglés»).",
                    f"Line {number}: write 'code|label' (or 'code|label|English label').",
                    where,
                )
            )
            continue
        item = ItemInput(parts[0], parts[1], parts[2] if len(parts) == 3 else "")
        line_problems = item_problems(item, where=where, line=number)
        if item.code in first_line:
            line_problems.insert(
                0,
                ErrorDetail(
                    errors.ITEM_CODE_TAKEN,
                    f"Línea {number}: la clave «{item.code}» ya está en la línea "
                    f"{first_line[item.code]}.",
                    f"Line {number}: code '{item.code}' is already on line "
                    f"{first_line[item.code]}.",
                    where,
                ),
            )
        elif item.code:
            first_line[item.code] = number
        problems += line_problems
        if not line_problems:
            parsed.append((number, item))
    return parsed, problems


def item_problems(item: ItemInput, *, where: str = "", line: int = 0) -> list[ErrorDetail]:
    """An option's own problems, located at its form field, or at `where` (a pasted line)."""

    def problem(code: str, field: str, es: str, en: str) -> ErrorDetail:
        if line:
            return ErrorDetail(code, f"Línea {line}: {es}", f"Line {line}: {en}", where)
        return ErrorDetail(code, es[:1].upper() + es[1:], en[:1].upper() + en[1:], field)

    problems: list[ErrorDetail] = []
    if not item.code:
        problems.append(
            problem(errors.ITEM_CODE_REQUIRED, "code", "falta la clave.", "the code is missing.")
        )
    elif len(item.code) > 40:
        problems.append(
            problem(
                errors.TOO_LONG,
                "code",
                "la clave admite hasta 40 caracteres.",
                "the code allows up to 40 characters.",
            )
        )
    if not item.label_es:
        problems.append(
            problem(
                errors.ITEM_LABEL_REQUIRED, "label_es", "falta el texto.", "the label is missing."
            )
        )
    for value, field, es, en in (
        (item.label_es, "label_es", "el texto", "the label"),
        (item.label_en, "label_en", "el texto en inglés", "the English label"),
    ):
        if len(value) > 300:
            problems.append(
                problem(
                    errors.TOO_LONG,
                    field,
                    f"{es} admite hasta 300 caracteres.",
                    f"{en} allows up to 300 characters.",
                )
            )
    return problems


def duplicate(code: str, where: str, *, line: int = 0) -> ErrorDetail:
    if line:
        return ErrorDetail(
            errors.ITEM_CODE_TAKEN,
            f"Línea {line}: la clave «{code}» ya está en el catálogo.",
            f"Line {line}: code '{code}' is already in the list.",
            where,
        )
    return ErrorDetail(
        errors.ITEM_CODE_TAKEN,
        f"La clave «{code}» ya está en el catálogo.",
        f"Code '{code}' is already in the list.",
        where,
    )


def line_of(problem: ErrorDetail) -> int:
    _, _, line = problem.location.partition("/")
    return int(line) if line.isdigit() else 0
