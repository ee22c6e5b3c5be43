"""The platform operator's screens (public schema admin on the base domain)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django_tenants.utils import get_public_schema_name

from core.actors import Actor
from core.errors import ApplicationError
from tenants.models import Domain, Government, GovernmentStatus
from tenants.services import government_set_status


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Government)
class GovernmentAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "inegi_code", "status", "schema_name", "created_at")
    list_filter = ("status",)
    search_fields = ("name", "slug", "display_name")
    readonly_fields = ("schema_name", "slug", "status", "created_at", "updated_at")
    inlines = [DomainInline]
    actions = ["suspend", "reactivate"]
    fieldsets = (
        (None, {"fields": ("name", "slug", "schema_name", "inegi_code", "status", "locale")}),
        (
            "Tema / Theme",
            {
                "fields": (
                    "display_name",
                    "logo",
                    "primary_color",
                    "secondary_color",
                    "footer_text",
                    "legal_text",
                    "contact_email",
                    "contact_phone",
                )
            },
        ),
        ("Fechas", {"fields": ("created_at", "updated_at")}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Governments are created only by the onboarding service (schema clone + administrator).
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Government | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Government]:
        return super().get_queryset(request).exclude(schema_name=get_public_schema_name())

    @admin.action(description="Suspender el servicio… / Suspend service…")
    def suspend(
        self, request: HttpRequest, queryset: QuerySet[Government]
    ) -> TemplateResponse | None:
        """Shown first, with what suspending does and a required reason; only the confirmation
        suspends (and leaves an audit row: tenants.services.government_set_status)."""
        governments = list(queryset.order_by("name"))
        eligible = [g for g in governments if g.status == GovernmentStatus.ACTIVE]
        form = SuspensionForm(request.POST if "confirmar" in request.POST else None)
        if form.is_bound and form.is_valid():
            for government in eligible:
                self._set_status(
                    request, government, GovernmentStatus.SUSPENDED, form.cleaned_data["reason"]
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Suspender el servicio / Suspend service",
            "opts": self.model._meta,
            "governments": governments,
            "eligible": eligible,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/tenants/government/suspend_confirmation.html", context
        )

    @admin.action(description="Reactivar el servicio / Reactivate service")
    def reactivate(self, request: HttpRequest, queryset: QuerySet[Government]) -> None:
        for government in queryset.filter(status=GovernmentStatus.SUSPENDED):
            self._set_status(request, government, GovernmentStatus.ACTIVE, "")

    def _set_status(
        self, request: HttpRequest, government: Government, status: GovernmentStatus, reason: str
    ) -> None:
        try:
            government_set_status(
                government=government,
                status=status,
                actor=Actor.of_user(request.user, schema=get_public_schema_name()),
                reason=reason,
            )
        except ApplicationError as exc:
            text = " ".join(detail.message for detail in exc.errors)
            self.message_user(request, f"{government}: {text}", messages.ERROR)
        else:
            self.message_user(request, f"{government}: {government.get_status_display()}")


class SuspensionForm(forms.Form):
    reason = forms.CharField(
        label="Motivo / Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Queda en la bitácora de la plataforma. / Kept in the platform's audit trail.",
    )
