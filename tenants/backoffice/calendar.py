"""The government's calendar of non-working days: everyone in the office reads it, its
administrators add and remove days (audited). Plazos count business days over it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.business_days import non_working_day_add, non_working_day_remove
from core.models import Role
from core.permissions import role_required, user_has_any_role
from core.templatetags.mx import fecha
from tenants.requests import TenantRequest
from tenants.selectors import calendar_year

# --- the government's calendar of non-working days -------------------------------------------------


def _day(value: str | None) -> dt.date | None:
    """The posted ISO date, or None when it is missing or not a date."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _calendar_page(
    request: TenantRequest,
    year: int,
    *,
    status: int = 200,
    errors: Mapping[str, str] | None = None,
    values: Mapping[str, str] | None = None,
) -> HttpResponse:
    national, own = calendar_year(year)
    return render(
        request,
        "tenants/backoffice/calendar.html",
        {
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "national": national,
            "own": own,
            "can_edit": user_has_any_role(request, (Role.ADMINISTRATOR,)),
            "errors": errors or {},
            "values": values or {},
        },
        status=status,
    )


def _year(value: str | None) -> int:
    try:
        year = int(value or "")
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@require_GET
@role_required(Role.CASE_OFFICER, Role.ADMINISTRATOR, Role.AUDITOR)
def calendar(request: TenantRequest) -> HttpResponse:
    return _calendar_page(request, _year(request.GET.get("anio")))


@require_POST
@role_required(Role.ADMINISTRATOR)
def calendar_add(request: TenantRequest) -> HttpResponse:
    day = _day(request.POST.get("day"))
    description = request.POST.get("description", "").strip()
    errors = {}
    if day is None:
        errors["day"] = _("Escriba la fecha del día inhábil.")
    if not description:
        errors["description"] = _("Escriba el motivo, por ejemplo el acuerdo que lo declara.")
    elif len(description) > 200:
        errors["description"] = _("El motivo admite hasta 200 caracteres.")
    if errors or day is None:
        return _calendar_page(
            request,
            day.year if day else _year(None),
            status=422,
            errors=errors,
            values={"day": request.POST.get("day", ""), "description": description},
        )
    non_working_day_add(day=day, description=description, actor_email=request.user.email)
    messages.success(request, _("Día inhábil guardado: %(day)s.") % {"day": fecha(day)})
    return redirect(f"{reverse('officer:calendar')}?anio={day.year}")


@require_POST
@role_required(Role.ADMINISTRATOR)
def calendar_remove(request: TenantRequest) -> HttpResponse:
    day = _day(request.POST.get("day"))
    if day is None or not non_working_day_remove(day=day, actor_email=request.user.email):
        raise Http404
    messages.success(request, _("%(day)s vuelve a ser día hábil.") % {"day": fecha(day)})
    return redirect(f"{reverse('officer:calendar')}?anio={day.year}")
