"""Forms of a government's own back office: its theme, its staff and its calendar. They only
parse what the page sends; tenants.services and core.staff decide what is acceptable."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Role


class ThemeForm(forms.Form):
    display_name = forms.CharField(label=_("Nombre visible"), max_length=120)
    primary_color = forms.CharField(
        label=_("Color primario"),
        max_length=7,
        help_text=_("Encabezado, botones y enlaces. Formato hexadecimal, p. ej. #9F2241."),
    )
    secondary_color = forms.CharField(
        label=_("Color secundario"),
        max_length=7,
        help_text=_("Franja del encabezado y botones secundarios."),
    )
    # The colour pickers send their own value; the text input is authoritative unless only the
    # picker changed (without JavaScript the two are not kept in step).
    primary_color_picker = forms.CharField(required=False)
    secondary_color_picker = forms.CharField(required=False)
    logo = forms.FileField(
        label=_("Logotipo"), required=False, help_text=_("PNG, JPEG o WebP de hasta 1 MB.")
    )
    remove_logo = forms.BooleanField(label=_("Quitar el logotipo actual"), required=False)
    footer_text = forms.CharField(
        label=_("Texto del pie de página"), required=False, widget=forms.Textarea
    )
    legal_text = forms.CharField(label=_("Aviso legal"), required=False, widget=forms.Textarea)
    contact_email = forms.CharField(label=_("Correo de contacto"), required=False, max_length=254)
    contact_phone = forms.CharField(label=_("Teléfono de contacto"), required=False, max_length=40)

    def theme_fields(self, saved: dict[str, str]) -> dict[str, Any]:
        """What to pass to government_update_theme."""
        data = self.cleaned_data
        fields: dict[str, Any] = {
            name: data.get(name, "")
            for name in (
                "display_name",
                "footer_text",
                "legal_text",
                "contact_email",
                "contact_phone",
            )
        }
        for name in ("primary_color", "secondary_color"):
            typed = (data.get(name) or "").strip()
            picked = (data.get(f"{name}_picker") or "").strip()
            unchanged = typed.upper() == saved[name].upper()
            fields[name] = (
                picked if unchanged and picked and picked.upper() != typed.upper() else typed
            )
        if data.get("logo"):
            fields["logo"] = data["logo"]
        if data.get("remove_logo"):
            fields["remove_logo"] = True
        return fields


class StaffInviteForm(forms.Form):
    email = forms.CharField(label=_("Correo electrónico"), max_length=254)
    full_name = forms.CharField(label=_("Nombre completo"), max_length=200)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class StaffRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class NonWorkingDayForm(forms.Form):
    """A day the government declares non-working (a holiday of its own, an office closure)."""

    day = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Escriba la fecha del día inhábil."),
            "invalid": _("Escriba la fecha del día inhábil."),
        },
    )
    description = forms.CharField(
        max_length=200,
        error_messages={
            "required": _("Escriba el motivo, por ejemplo el acuerdo que lo declara."),
            "max_length": _("El motivo admite hasta 200 caracteres."),
        },
    )


# --- government facts ("Datos del gobierno"): tenants.jurisdiction_services checks the values ----
# `required` only marks the field on the page: the views read whatever was sent and the service
# refuses what is missing, with its located bilingual message.


class IdentityProviderForm(forms.Form):
    identity_provider_name = forms.CharField(
        label=_("Nombre del servicio de identidad"),
        required=False,
        help_text=_(
            "Como lo conoce la ciudadanía, p. ej. «Llave Sonora». Déjelo vacío si no tiene."
        ),
    )


class AgencyForm(forms.Form):
    key = forms.CharField(label=_("Área"), required=True)
    name_es = forms.CharField(label=_("Nombre"), required=True)
    name_en = forms.CharField(label=_("Nombre en inglés"), required=False)
    acronym = forms.CharField(label=_("Siglas"), required=False)


class CodeListForm(forms.Form):
    key = forms.CharField(
        label=_("Clave"),
        required=True,
        help_text=_(
            "Con ella lo nombran los trámites, p. ej. «oficinas». Minúsculas, dígitos y guiones; "
            "no se puede cambiar después."
        ),
    )
    name_es = forms.CharField(label=_("Nombre"), required=True)
    name_en = forms.CharField(label=_("Nombre en inglés"), required=False)


class CodeListItemForm(forms.Form):
    code = forms.CharField(label=_("Clave"), required=True)
    label_es = forms.CharField(label=_("Texto"), required=True)
    label_en = forms.CharField(label=_("Texto en inglés"), required=False)


class CodeListPasteForm(forms.Form):
    items = forms.CharField(
        label=_("Opciones, una por línea"),
        required=False,
        widget=forms.Textarea,
        help_text=_(
            "Escriba «clave|texto» en cada línea; puede agregar «|texto en inglés». "
            "Si una línea tiene un problema, no se guarda ninguna."
        ),
    )
    replace = forms.BooleanField(
        label=_("Reemplazar todas las opciones actuales por las pegadas"), required=False
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
