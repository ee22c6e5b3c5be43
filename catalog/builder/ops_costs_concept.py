"""One fee concept's page ("Costos y plazos" → a concept): its legal basis (rows of ordenamiento,
artículo, url) and the condition under which it is charged, with the same condition editor as
the Condiciones page (catalog.builder.ops_conditions_form). The costs page keeps both as they
are; this page is where they change.

`concept_panels` renders the legal basis rows from the definition or from a post, `concept_editor`
the condition editor, and `concept_apply` applies a post (a new dict). Saved unchanged, the
definition is equal: rows keep their stored objects and an unchanged condition its JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from catalog.builder import ops_conditions_form as form
from catalog.builder.controls import Rows, Text
from catalog.builder.operations import ES, get_at, remove_at
from catalog.builder.ops_conditions import editable, logic_words, stale_option_problems
from catalog.builder.pages import Panel
from core.errors import ApplicationError

PREFIX = "cond"


@dataclass(frozen=True)
class ConceptLink:
    """A concept as the costs page lists it, with what its page holds, in words."""

    id: str
    label: str
    legal_basis: int
    condition: str | None  # the condition in words, "" when it cannot be said, None when none


def concept_index(definition: Mapping[str, Any], concept_id: str) -> int | None:
    concepts = get_at(definition, "/fees/concepts")
    for index, concept in enumerate(concepts if isinstance(concepts, list) else []):
        if isinstance(concept, Mapping) and concept.get("id") == concept_id:
            return index
    return None


def concept_label(concept: Mapping[str, Any]) -> str:
    text = concept.get("concept")
    if isinstance(text, Mapping) and isinstance(text.get(ES), str) and text[ES]:
        return str(text[ES])
    return str(concept.get("id", ""))


def concept_links(definition: Mapping[str, Any]) -> list[ConceptLink]:
    concepts = get_at(definition, "/fees/concepts")
    links = []
    for concept in concepts if isinstance(concepts, list) else []:
        if not isinstance(concept, Mapping) or not isinstance(concept.get("id"), str):
            continue
        basis = concept.get("legal_basis")
        words = (
            (logic_words(concept["condition"], definition) or "")
            if "condition" in concept
            else None
        )
        links.append(
            ConceptLink(
                concept["id"],
                concept_label(concept),
                len(basis) if isinstance(basis, list) else 0,
                words,
            )
        )
    return links


def base(index: int) -> str:
    return f"/fees/concepts/{index}"


def legal_basis_rows(index: int) -> Rows:
    return Rows(
        "legal_basis",
        f"{base(index)}/legal_basis",
        _("Fundamento %(number)s"),
        (
            Text("ordenamiento", "/ordenamiento", _("Ordenamiento")),
            Text("articulo", "/articulo", _("Artículo(s) y fracción(es)")),
            Text("url", "/url", _("Dirección de la publicación (opcional)"), "url"),
        ),
        hint=_("Para agregar un fundamento, llene esta fila; para quitar uno, vacíela."),
    )


def concept_panels(definition: Mapping[str, Any], index: int, data: Any = None) -> list[Panel]:
    """The legal basis panel, from the definition or from `data` (kept as typed)."""
    rows = legal_basis_rows(index)
    return [
        Panel(
            _("Fundamento jurídico del cobro"),
            rows.groups(definition, data),
            _("La ley y el artículo que fijan este cobro."),
            "fundamento",
            [rows.count_control(definition, data)],
        )
    ]


def concept_editor(definition: Mapping[str, Any], index: int, data: Any = None) -> form.Editor:
    return form.editor(definition, f"{base(index)}/condition", data, PREFIX)


def readonly_condition(definition: Mapping[str, Any], index: int) -> object | None:
    """The stored condition when the editor cannot change it (shown read-only), else None."""
    stored = get_at(definition, f"{base(index)}/condition")
    if stored is not None and editable(stored, definition) is None:
        return stored
    return None


def concept_apply(definition: dict[str, Any], index: int, data: Any) -> dict[str, Any]:
    """The definition with the posted legal basis and condition of concept `index` (a new
    dict). No condition removes the key; a condition on an option its question no longer has
    is refused."""
    pointer = f"{base(index)}/legal_basis"
    stored = get_at(definition, pointer)
    definition = legal_basis_rows(index).apply(definition, data)
    if get_at(definition, pointer) == [] and stored != []:
        definition = remove_at(definition, pointer)  # optional here: no rows, no key
    definition = form.apply(definition, f"{base(index)}/condition", data, PREFIX)
    pointer = f"/definition{base(index)}/condition"
    problems = [p for p in stale_option_problems(definition) if p.location.startswith(pointer)]
    if problems:
        raise ApplicationError(problems)
    return definition
