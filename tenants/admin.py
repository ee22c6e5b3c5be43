"""The platform operator's screens (public schema admin on the base domain)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django_tenants.utils import get_public_schema_name

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

    @admin.action(description="Suspender el servicio / Suspend service")
    def suspend(self, request: HttpRequest, queryset: QuerySet[Government]) -> None:
        for government in queryset.exclude(status=GovernmentStatus.ONBOARDING):
            government_set_status(government=government, status=GovernmentStatus.SUSPENDED)

    @admin.action(description="Reactivar el servicio / Reactivate service")
    def reactivate(self, request: HttpRequest, queryset: QuerySet[Government]) -> None:
        for government in queryset.exclude(status=GovernmentStatus.ONBOARDING):
            government_set_status(government=government, status=GovernmentStatus.ACTIVE)
