"""Proposals to the government that publishes an app this government enabled
(/gestion/tramites/<id>/propuestas/): what it sent, with the outcome and the reason, and the form
to propose new wording for one text (prefilled from one of its own adaptations when it comes
from one). The enabled app is looked up in the current schema only: another government's id is
"not found"."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from apps_registry.adaptations import AdaptableText, adaptable_texts
from apps_registry.backoffice.views import (
    ACTING_ROLES,
    READING_ROLES,
    can_act,
    enabled_app_or_404,
)
from apps_registry.models import EnabledApp
from apps_registry.proposals import enabled_app_proposals, enabled_app_propose
from catalog.proposals import MAX_COMMENT_LENGTH, MAX_TEXT_LENGTH, describe_location, text_rows
from core.actors import Actor
from core.errors import ApplicationError
from core.i18n import content_language, text_in
from core.permissions import role_required
from tenants.requests import TenantRequest

# Where the catalogue locates a problem → the field of this form that shows it.
FIELD_OF_LOCATION = {
    "pointer": "pointer",
    "proposed_text/es-MX": "proposed_es",
    "proposed_text/en": "proposed_en",
    "comment": "comment",
}


def _shorten(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


class ProposalForm(forms.Form):
    """One text of the pinned version, chosen by where it is, and its new wording. Everything
    else (the text exists and is not structure, Spanish given, variables known) is the
    catalogue's to decide."""

    pointer = forms.ChoiceField(label=gettext_lazy("Texto que quiere cambiar"))
    proposed_es = forms.CharField(
        label=gettext_lazy("Texto propuesto en español"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Puede usar variables como {{entidad.nombre}} o {{gobierno.nombre}} para que el "
            "texto sirva a cualquier gobierno."
        ),
    )
    proposed_en = forms.CharField(
        label=gettext_lazy("Texto propuesto en inglés (opcional)"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comentario para el gobierno que publica"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Por qué propone el cambio."),
    )

    def __init__(self, texts: list[AdaptableText], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = content_language()
        # The texts of the "Redacción propia" screen, grouped as there (an <optgroup> each).
        groups: dict[str, list[tuple[str, str]]] = {}
        for item in texts:
            groups.setdefault(item.group(language), []).append(
                (
                    item.pointer,
                    f"{item.location(language)}: «{_shorten(text_in(item.text, language))}»",
                )
            )
        self.fields["pointer"].choices = [  # type: ignore[attr-defined]
            ("", _("Elija un texto")),
            *groups.items(),
        ]

    def proposed_text(self) -> dict[str, str]:
        data = self.cleaned_data
        return {"es-MX": data.get("proposed_es", ""), "en": data.get("proposed_en", "")}


def _initial(enabled: EnabledApp, texts: list[AdaptableText], pointer: str) -> dict[str, str]:
    """Coming from one of its adaptations, its own wording; from a text, the publisher's (to
    edit from)."""
    adaptation = enabled.adaptations.get(pointer) if pointer else None
    source: Mapping[str, Any] | None = None
    if isinstance(adaptation, Mapping) and isinstance(adaptation.get("text"), Mapping):
        source = adaptation["text"]
    else:
        source = next((item.text for item in texts if item.pointer == pointer), None)
    if source is None:
        return {}
    return {
        "pointer": pointer,
        "proposed_es": str(source.get("es-MX", "")),
        "proposed_en": str(source.get("en", "")),
    }


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def proposal_list(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    enabled = enabled_app_or_404(public_id)
    language = content_language()
    rows = [
        {
            "proposal": proposal,
            "location": describe_location(proposal.version.definition, proposal.pointer, language),
            "texts": text_rows(proposal),
        }
        for proposal in enabled_app_proposals(enabled_app=enabled)
    ]
    definition = enabled.version.definition
    adaptations = [
        {"pointer": pointer, "location": describe_location(definition, pointer, language)}
        for pointer in sorted(enabled.adaptations)
    ]
    return render(
        request,
        "apps_registry/proposal_list.html",
        {
            "enabled": enabled,
            "app": enabled.catalog_app,
            "rows": rows,
            "adaptations": adaptations,
            "can_act": can_act(request),
        },
    )


@role_required(*ACTING_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_new(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    enabled = enabled_app_or_404(public_id)
    texts = adaptable_texts(enabled.version.definition)
    general: list[str] = []
    if request.method == "POST":
        form = ProposalForm(texts, request.POST)
        if form.is_valid():
            try:
                enabled_app_propose(
                    enabled_app=enabled,
                    pointer=form.cleaned_data["pointer"],
                    proposed_text=form.proposed_text(),
                    comment=form.cleaned_data["comment"],
                    actor=Actor.from_request(request),
                )
            except ApplicationError as error:
                for problem in error.errors:
                    field = FIELD_OF_LOCATION.get(problem.location)
                    if field is None:
                        general.append(problem.message)
                    else:
                        form.add_error(field, problem.message)
            else:
                messages.success(
                    request,
                    _("Propuesta enviada a %(government)s.")
                    % {"government": enabled.catalog_app.publisher.name},
                )
                return redirect("apps_registry:proposal_list", public_id=enabled.public_id)
    else:
        form = ProposalForm(texts, initial=_initial(enabled, texts, request.GET.get("texto", "")))
    field_errors = [
        (name, str(message))
        for name, messages_of_field in form.errors.items()
        for message in messages_of_field
    ]
    return render(
        request,
        "apps_registry/proposal_new.html",
        {
            "enabled": enabled,
            "app": enabled.catalog_app,
            "form": form,
            "general_errors": general,
            "field_errors": field_errors,
            "error_count": len(general) + len(field_errors),
        },
    )
