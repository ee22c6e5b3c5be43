"""Forms of the publisher's back office. They only parse what the page sends (text, an uploaded
file, choices); the catalogue's services decide whether a definition or a version is acceptable."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.models import SharingPolicy

# Definitions are a few dozen kilobytes; the largest hand-written one is under 30 KB.
MAX_DEFINITION_BYTES = 2 * 1024 * 1024


class DefinitionForm(forms.Form):
    """A version number plus a definition, pasted in the text area or uploaded as a .json file
    (the file wins when both are given)."""

    version = forms.CharField(label=_("Número de versión"), max_length=32)
    definition_text = forms.CharField(
        label=_("Definición (JSON)"), required=False, strip=False, widget=forms.Textarea
    )
    definition_file = forms.FileField(label=_("O suba un archivo .json"), required=False)

    def clean_definition_file(self) -> str | None:
        upload = self.cleaned_data.get("definition_file")
        if not upload:
            return None
        if upload.size > MAX_DEFINITION_BYTES:
            raise ValidationError(_("El archivo pesa más de 2 MB."), code="too_large")
        try:
            # utf-8-sig: editors on Windows often save JSON with a byte-order mark.
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("El archivo debe ser texto JSON en UTF-8."), code="not_utf8"
            ) from None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        text = data.get("definition_file") or data.get("definition_text") or ""
        if "definition_file" not in self.errors and not text.strip():
            self.add_error(
                "definition_text", _("Pegue la definición en JSON o suba un archivo .json.")
            )
        data["definition_source"] = text
        return data

    def definition_value(self) -> str:
        """What the text area shows again: the uploaded file's text, else what was typed."""
        if self.is_bound:
            cleaned = getattr(self, "cleaned_data", {})
            return cleaned.get("definition_source") or self.data.get("definition_text", "")
        return str(self.initial.get("definition_text", ""))


class AppCreateForm(DefinitionForm):
    slug = forms.CharField(
        label=_("Identificador"),
        max_length=100,
        help_text=_(
            "Minúsculas, dígitos y guiones, p. ej. licencia-conducir-a. No cambia después."
        ),
    )
    sharing_policy = forms.ChoiceField(
        label=_("Política de uso compartido"),
        choices=SharingPolicy.choices,
        initial=SharingPolicy.PUBLIC,
    )

    field_order = ["slug", "sharing_policy", "version", "definition_text", "definition_file"]


class PublishForm(forms.Form):
    changelog_es = forms.CharField(
        label=_("Notas de la versión en español"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Escriba las notas de la versión en español.")},
    )
    changelog_en = forms.CharField(
        label=_("Notas de la versión en inglés (opcional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def changelog(self) -> dict[str, str]:
        notes = {"es-MX": self.cleaned_data["changelog_es"]}
        if self.cleaned_data.get("changelog_en"):
            notes["en"] = self.cleaned_data["changelog_en"]
        return notes


class SharingPolicyForm(forms.Form):
    sharing_policy = forms.ChoiceField(
        label=_("Política de uso compartido"), choices=SharingPolicy.choices
    )


class DeprecateForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo (opcional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
