"""A government's own back office: its theme (/gestion/tema/) and its staff (/gestion/personal/),
for administrators. Staff accounts live in the tenant schema, so a person of another government
is simply not found here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.actors import Actor
from core.errors import ApplicationError, ErrorDetail
from core.models import Role, User
from core.permissions import role_required
from core.staff import staff_deactivate, staff_invite, staff_set_roles
from core.staff import staff_list as staff_accounts
from core.tenancy import site_url
from core.theming import WCAG_AA_NORMAL_TEXT
from tenants.backoffice.forms import StaffInviteForm, StaffRolesForm, ThemeForm
from tenants.requests import TenantRequest
from tenants.services import government_update_theme, theme_contrast_report


@dataclass(frozen=True)
class ShownError:
    field: str
    message: str

    @property
    def anchor(self) -> str:
        return f"id_{self.field}" if self.field else ""


def _shown(problems: list[ErrorDetail], fields: set[str]) -> list[ShownError]:
    return [
        ShownError(
            problem.location if problem.location in fields else "",
            problem.message,
        )
        for problem in problems
    ]


def _form_errors(form: Form) -> list[ShownError]:
    return [
        ShownError(name if name in form.fields else "", str(message))
        for name, field_messages in form.errors.items()
        for message in field_messages
    ]


def _errors_context(errors: list[ShownError]) -> dict[str, Any]:
    by_field: dict[str, list[ShownError]] = {}
    for error in errors:
        by_field.setdefault(error.field, []).append(error)
    return {"errors": errors, "errors_by_field": by_field}


# --- theme --------------------------------------------------------------------------------------


def _saved_theme(government: Any) -> dict[str, str]:
    return {
        "display_name": government.display_name,
        "primary_color": government.primary_color,
        "secondary_color": government.secondary_color,
        "footer_text": government.footer_text,
        "legal_text": government.legal_text,
        "contact_email": government.contact_email,
        "contact_phone": government.contact_phone,
    }


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def theme_edit(request: TenantRequest) -> HttpResponse:
    government = request.tenant
    saved = _saved_theme(government)
    errors: list[ShownError] = []
    if request.method == "POST":
        form = ThemeForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                government_update_theme(
                    government=government,
                    actor_email=request.user.email,
                    **form.theme_fields(saved),
                )
            except ApplicationError as error:
                errors = _shown(error.errors, set(form.fields))
            else:
                messages.success(request, _("Tema guardado. Ya se ve en todas las páginas."))
                return redirect("tenant_admin:theme")
        else:
            errors = _form_errors(form)
        primary = form.data.get("primary_color", saved["primary_color"])
        secondary = form.data.get("secondary_color", saved["secondary_color"])
    else:
        form = ThemeForm(initial=saved)
        primary, secondary = saved["primary_color"], saved["secondary_color"]
    try:
        contrast = theme_contrast_report(primary, secondary)
    except ValueError:  # not a colour yet: the located error says so
        contrast = {}
    return render(
        request,
        "tenants/backoffice/theme.html",
        {
            "form": form,
            "contrast": contrast,
            "minimum": WCAG_AA_NORMAL_TEXT,
            "primary": primary,
            "secondary": secondary,
            **_errors_context(errors),
        },
    )


# --- staff -------------------------------------------------------------------------------------


def _staff_member(public_id: uuid.UUID) -> User:
    user = User.objects.filter(public_id=public_id, is_staff=True).first()
    if user is None:
        raise Http404
    return user


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD"])
def staff_list(request: TenantRequest) -> HttpResponse:
    people = staff_accounts()
    return render(request, "tenants/backoffice/staff_list.html", {"people": people})


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def staff_invite_view(request: TenantRequest) -> HttpResponse:
    errors: list[ShownError] = []
    if request.method == "POST":
        form = StaffInviteForm(request.POST)
        if form.is_valid():
            try:
                person = staff_invite(
                    email=form.cleaned_data["email"],
                    full_name=form.cleaned_data["full_name"],
                    roles=form.cleaned_data["roles"],
                    actor=Actor.of_user(request.user),
                    site_url=site_url(request),
                )
            except ApplicationError as error:
                errors = _shown(error.errors, set(form.fields))
            else:
                messages.success(
                    request,
                    _("Se envió la invitación a %(email)s.") % {"email": person.email},
                )
                return redirect("tenant_admin:staff_list")
        else:
            errors = _form_errors(form)
    else:
        form = StaffInviteForm()
    return render(
        request, "tenants/backoffice/staff_invite.html", {"form": form, **_errors_context(errors)}
    )


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def staff_detail(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    person = _staff_member(public_id)
    errors: list[ShownError] = []
    if request.method == "POST":
        form = StaffRolesForm(request.POST)
        if form.is_valid():
            try:
                staff_set_roles(
                    user=person, roles=form.cleaned_data["roles"], actor=Actor.of_user(request.user)
                )
            except ApplicationError as error:
                errors = _shown(error.errors, set(form.fields))
            else:
                messages.success(request, _("Roles actualizados."))
                return redirect("tenant_admin:staff_list")
        else:
            errors = _form_errors(form)
    else:
        form = StaffRolesForm(initial={"roles": person.roles})
    chosen = request.POST.getlist("roles") if form.is_bound else person.roles
    return render(
        request,
        "tenants/backoffice/staff_detail.html",
        {
            "person": person,
            "form": form,
            "role_choices": Role.choices,
            "chosen": chosen,
            "is_self": person.pk == request.user.pk,
            **_errors_context(errors),
        },
    )


@role_required(Role.ADMINISTRATOR)
@require_POST
def staff_deactivate_view(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    person = _staff_member(public_id)
    try:
        staff_deactivate(user=person, actor=Actor.of_user(request.user))
    except ApplicationError as error:
        for problem in error.errors:
            messages.error(request, problem.message)
        return redirect("tenant_admin:staff_detail", public_id=person.public_id)
    messages.success(request, _("Se desactivó la cuenta de %(email)s.") % {"email": person.email})
    return redirect("tenant_admin:staff_list")


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The one-time page of the invitation e-mail: the person chooses a password, then signs in.
    Served on the government's own host, against its own users table."""

    template_name = "tenants/backoffice/set_password.html"
    success_url = reverse_lazy("core:login")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(
            self.request, gettext_lazy("Contraseña guardada. Ya puede entrar con su correo.")
        )
        return response
