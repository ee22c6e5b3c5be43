"""Operator admin (public schema) for the shared catalogue.

Published versions and the audit trail are read-only here. Writes that matter (sharing policy,
agreements' status) go through the services so they leave an audit row.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from catalog import services
from catalog.models import Agreement, AppVersion, CatalogApp, CatalogAuditEvent
from core.actors import Actor
from core.errors import ApplicationError


def _actor(request: HttpRequest) -> Actor:
    # The operator admin runs on the public schema: its staff act as platform operators.
    return Actor.of_user(request.user, schema="public")


class AppVersionInline(admin.TabularInline):
    model = AppVersion
    fields = ("version", "published_at", "published_by_email", "published_by_schema")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CatalogApp)
class CatalogAppAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "publisher", "category", "sharing_policy", "deprecated_at")
    list_filter = ("publisher", "sharing_policy", "category")
    search_fields = ("slug", "title")
    list_select_related = ("publisher",)
    readonly_fields = (
        "public_id",
        "publisher",
        "slug",
        "category",
        "kind",
        "title",
        "metadata",
        "latest_version",
        "deprecated_at",
        "created_at",
        "updated_at",
    )
    fields = ("sharing_policy", *readonly_fields)
    inlines = [AppVersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Apps are created by their publisher (API or import), never by the operator.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CatalogApp, form: Any, change: bool) -> None:
        if "sharing_policy" in form.changed_data:
            stored = CatalogApp.objects.get(pk=obj.pk)
            services.app_set_sharing_policy(
                app=stored, sharing_policy=obj.sharing_policy, actor=_actor(request)
            )


@admin.register(AppVersion)
class AppVersionAdmin(admin.ModelAdmin):
    list_display = ("app", "version", "published_at", "published_by_email")
    list_filter = ("app__publisher",)
    search_fields = ("app__slug", "app__title", "version")
    list_select_related = ("app",)
    readonly_fields = [field.name for field in AppVersion._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Viewing stays possible (view permission); nothing is editable: published versions are
        # immutable and drafts belong to their publisher.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "adopter", "status", "valid_from", "valid_to")
    list_filter = ("status", "publisher", "adopter")
    search_fields = ("title", "signed_document_reference")
    list_select_related = ("publisher", "adopter")
    readonly_fields = (
        "public_id",
        "status",
        "activated_at",
        "suspended_at",
        "terminated_at",
        "filing_until",
        "end_reason",
        "created_at",
    )
    filter_horizontal = ("apps",)
    actions = ["activate", "terminate"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.status != "draft":
            # An active or terminated convenio is a signed document: only its status moves.
            return [f.name for f in Agreement._meta.fields] + ["apps"]
        return self.readonly_fields

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if change:
            super().save_related(request, form, formsets, change)

    def save_model(self, request: HttpRequest, obj: Agreement, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        apps = list(form.cleaned_data.get("apps") or [])
        try:
            created = services.agreement_create(
                publisher=obj.publisher,
                adopter=obj.adopter,
                title=obj.title,
                valid_from=obj.valid_from,
                valid_to=obj.valid_to,
                apps=None if obj.covers_all_apps else apps,
                signed_document_reference=obj.signed_document_reference,
                actor=_actor(request),
            )
        except ApplicationError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        obj.pk = created.pk

    @admin.action(description=_("Activar los convenios seleccionados"))
    def activate(self, request: HttpRequest, queryset: QuerySet[Agreement]) -> None:
        self._apply(request, queryset, services.agreement_activate)

    @admin.action(description=_("Terminar los convenios seleccionados"))
    def terminate(self, request: HttpRequest, queryset: QuerySet[Agreement]) -> None:
        self._apply(request, queryset, services.agreement_terminate)

    def _apply(self, request: HttpRequest, queryset: QuerySet[Agreement], service: Any) -> None:
        for agreement in queryset:
            try:
                service(agreement=agreement, actor=_actor(request))
            except ApplicationError as exc:
                self.message_user(request, f"{agreement}: {exc}", messages.ERROR)


@admin.register(CatalogAuditEvent)
class CatalogAuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "actor_email", "actor_schema", "app")
    list_filter = ("action", "actor_schema")
    search_fields = ("actor_email", "app__slug")
    list_select_related = ("app",)
    readonly_fields = [field.name for field in CatalogAuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
