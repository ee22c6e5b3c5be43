"""What the builder's "Vista previa" shows: the draft as a government would serve it to its
citizens (its variables resolved and its code lists filled from its own facts: the same two steps
of apps_registry.effective, without the adopter's local values, which it has not entered yet),
the citizen form with its rules evaluated for the answers tried, and the ficha's facts.

Which governments: the publisher, and each government that could adopt the app as its sharing
policy stands (any partner for a public app, those with a convenio in force covering it for an
"agreement" app, nobody else for a private one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import QueryDict
from django.utils.safestring import SafeString
from django_tenants.utils import get_public_schema_name

from catalog.definition import Definition
from catalog.definition.answers import validate_answers
from catalog.definition.code_lists import fill_code_lists
from catalog.definition.field_types import registry
from catalog.definition.rendering import render_form
from catalog.definition.rules import active_items, iter_documents, iter_fields
from catalog.definition.variables import resolve
from catalog.definition.vocabulary import FICTA_DESCRIPTIONS, label, plazo_text, validity_text
from catalog.models import CatalogApp, SharingPolicy
from catalog.selectors import agreements_in_force
from core.errors import ErrorDetail
from core.i18n import text_in
from core.theming import Theme
from tenants.jurisdiction import facts_for
from tenants.models import Government, GovernmentStatus


def preview_governments(app: CatalogApp) -> list[Government]:
    """The publisher first, then the governments that could adopt the app, by name."""
    others = Government.objects.exclude(pk=app.publisher_id).exclude(
        schema_name=get_public_schema_name()
    )
    others = others.exclude(status=GovernmentStatus.SUSPENDED)
    if app.sharing_policy == SharingPolicy.PRIVATE:
        others = others.none()
    elif app.sharing_policy == SharingPolicy.AGREEMENT:
        covering = [
            agreement.adopter_id
            for government in others
            for agreement in agreements_in_force(government).filter(
                Q(covers_all_apps=True) | Q(apps=app), publisher=app.publisher_id
            )
        ]
        others = others.filter(pk__in=covering)
    return [app.publisher, *others.order_by("name")]


def served_definition(definition: Mapping[str, Any], government: Government) -> dict[str, Any]:
    """The definition with `government`'s variables resolved and its code lists filled."""
    facts = facts_for(government)
    return fill_code_lists(resolve(definition, facts), facts)


def answers_from_post(definition: Mapping[str, Any], data: QueryDict) -> dict[str, Any]:
    """The answers tried, read by each field's type as the citizen's wizard reads them; blank
    ones left out (files are not uploaded in a preview)."""
    answers: dict[str, Any] = {}
    for field in iter_fields(definition):
        field_type = registry.get(str(field.get("type")))
        if field_type is None or field_type.stores_upload:
            continue
        value = field_type.from_post(field, data)
        if isinstance(value, str):
            value = value.strip()
        if not field_type.is_empty(value):
            answers[str(field["id"])] = value
    return answers


@dataclass(frozen=True)
class TriedForm:
    """The form rendered for the answers tried: which conditional items show, and problems."""

    html: SafeString
    shown: frozenset[str]
    errors: tuple[ErrorDetail, ...]


def tried_form(
    definition: Mapping[str, Any], answers: Mapping[str, Any] | None, language: str
) -> TriedForm:
    """The citizen form with the rules evaluated on the server for `answers` (None: not tried
    yet, so no problems are shown but the rules still hide what does not apply to no answers)."""
    visible, required = active_items(definition, answers or {})
    errors: list[ErrorDetail] = []
    if answers is not None:
        _cleaned, errors = validate_answers(definition, dict(answers), items=(visible, required))
    html = render_form(
        definition,
        answers=answers or {},
        errors=errors,
        language=language,
        evaluate_rules=True,
    )
    return TriedForm(html, frozenset(visible), tuple(errors))


def theme_of(government: Government) -> Theme:
    return Theme(primary=government.primary_color, secondary=government.secondary_color)


def ficha_context(definition: Mapping[str, Any], language: str) -> dict[str, Any]:
    """The facts of the citizen's ficha (cases' procedure page), read from the definition."""
    procedure = Definition(dict(definition))
    channels = procedure.channels
    return {
        "metadata": procedure.metadata,
        "fully_online": channels == ("online",),
        "online": "online" in channels,
        "in_person": "in_person" in channels,
        "documents": list(iter_documents(definition)),
        "fees": procedure.fee_concepts,
        "payment_alternatives": procedure.payment_alternatives,
        "fee_notes": procedure.fee_notes,
        "plazo_text": plazo_text(procedure.plazo, language),
        "ficta_text": label(FICTA_DESCRIPTIONS, procedure.ficta, language),
        "validity": procedure.validity,
        "validity_text": validity_text(procedure.validity, language),
        "legal_basis": procedure.legal_basis,
        "offices": procedure.offices,
        "steps": [text_in(step.get("title"), language) for step in procedure.steps],
    }
