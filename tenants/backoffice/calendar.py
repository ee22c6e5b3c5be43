"""The government's calendar of non-working days: everyone in the office reads it, its
administrators add and remove days (audited). Plazos count business days over it."""

from __future__ import annotations

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
from tenants.backoffice.forms import NonWorkingDayForm
from tenants.requests import TenantRequest
from tenants.selectors import calendar_year

# --- the government's calendar of non-working days -------------------------------------------------


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
    form = NonWorkingDayForm(request.POST)
    if not form.is_valid():
        day = form.cleaned_data.get("day")
        return _calendar_page(
            request,
            day.year if day else _year(None),
            status=422,
            errors={name: str(problems[0]) for name, problems in form.errors.items()},
            values={
                "day": request.POST.get("day", ""),
                "description": request.POST.get("description", "").strip(),
            },
        )
    day, description = form.cleaned_data["day"], form.cleaned_data["description"]
    non_working_day_add(day=day, description=description, actor_email=request.user.email)
    messages.success(request, _("Día inhábil guardado: %(day)s.") % {"day": fecha(day)})
    return redirect(f"{reverse('officer:calendar')}?anio={day.year}")


@require_POST
@role_required(Role.ADMINISTRATOR)
def calendar_remove(request: TenantRequest) -> HttpResponse:
    form = NonWorkingDayForm(request.POST)
    form.is_valid()  # only the day is posted to remove one
    day = form.cleaned_data.get("day")
    if day is None or not non_working_day_remove(day=day, actor_email=request.user.email):
        raise Http404
    messages.success(request, _("%(day)s vuelve a ser día hábil.") % {"day": fecha(day)})
    return redirect(f"{reverse('officer:calendar')}?anio={day.year}")
