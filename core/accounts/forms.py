"""Forms of the account pages. They only parse what was typed; `core.accounts.services` decides
whether it is acceptable and its located errors are placed back next to their field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import ErrorDetail


class LocatedErrorsForm(forms.Form):
    def add_located_errors(self, problems: list[ErrorDetail]) -> None:
        for problem in problems:
            field = problem.location if problem.location in self.fields else None
            self.add_error(field, problem.message)


class SignUpForm(LocatedErrorsForm):
    email = forms.CharField(label=_("Correo electrónico"), required=False, max_length=254)
    full_name = forms.CharField(label=_("Nombre completo"), required=False)
    password = forms.CharField(
        label=_("Contraseña"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Al menos 8 caracteres; que no sea una contraseña común, solo números ni parecida "
            "a tu correo o nombre."
        ),
    )
    password_confirmation = forms.CharField(
        label=_("Repite la contraseña"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
    )


class ProfileForm(LocatedErrorsForm):
    full_name = forms.CharField(label=_("Nombre completo"), required=False)
    curp = forms.CharField(
        label=_("CURP"),
        required=False,
        max_length=40,
        help_text=_("18 caracteres, como aparece en tu constancia de CURP."),
    )
    phone = forms.CharField(
        label=_("Teléfono"),
        required=False,
        max_length=40,
        help_text=_("10 dígitos, sin lada de país."),
    )
