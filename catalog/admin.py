"""Operator admin (public schema) for the shared catalogue.

Published versions and the audit trail are read-only here. Writes that matter (sharing policy,
agreements' status) go through the services so they leave an audit row.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name

from catalog import services
from catalog.models import (
    DEFAULT_NOTICE_DAYS,
    Agreement,
    AgreementStatus,
    AppVersion,
    CatalogApp,
    CatalogAuditEvent,
)
from core.actors import Actor
from core.errors import ApplicationError
from tenants.models import Government

StrOrPromise = str | Promise


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


class AgreementAdminForm(forms.ModelForm):
    """Validates a convenio with the service's own rules (catalog.services.agreement_problems),
    so a refused one comes back with every error beside its field and the input kept, and the
    admin never reports it as added."""

    class Meta:
        model = Agreement
        fields = (
            "publisher",
            "adopter",
            "title",
            "covers_all_apps",
            "apps",
            "valid_from",
            "valid_to",
            "notice_days",
            "signed_document_reference",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only governments are parties: the platform's own row (public schema) is not offered.
        for name in ("publisher", "adopter"):
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = Government.objects.exclude(schema_name=get_public_schema_name())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk and self.instance.status != AgreementStatus.DRAFT:
            return cleaned  # A signed convenio: nothing is editable here.
        if cleaned.get("notice_days") is None and "notice_days" not in self.errors:
            # Left empty: the model's default notice period, as the service would use.
            cleaned["notice_days"] = DEFAULT_NOTICE_DAYS
        covers_all = cleaned.get("covers_all_apps", True)
        problems = services.agreement_problems(
            publisher=cleaned.get("publisher"),
            adopter=cleaned.get("adopter"),
            title=cleaned.get("title") or "",
            valid_from=cleaned.get("valid_from"),
            valid_to=cleaned.get("valid_to"),
            apps=None if covers_all else list(cleaned.get("apps") or []),
            notice_days=cleaned.get("notice_days", DEFAULT_NOTICE_DAYS),
        )
        for problem in problems:
            field = problem.location if problem.location in self.fields else None
            # A field the form already refused keeps its own message.
            if field is None or field not in self.errors:
                self.add_error(field, problem.message)
        return cleaned


class AgreementEndForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ambos gobiernos lo verán en sus listas de convenios."),
    )


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    form = AgreementAdminForm
    list_display = (
        "title",
        "publisher",
        "adopter",
        "status",
        "valid_from",
        "valid_to",
        "notice_days",
        "filing_until",
    )
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
    actions = ["activate", "suspend", "resume", "terminate"]

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
        # The form already ran the service's checks (AgreementAdminForm.clean); the service
        # checks again inside its transaction and writes the audit row.
        apps = list(form.cleaned_data.get("apps") or [])
        created = services.agreement_create(
            publisher=obj.publisher,
            adopter=obj.adopter,
            title=obj.title,
            valid_from=obj.valid_from,
            valid_to=obj.valid_to,
            apps=None if obj.covers_all_apps else apps,
            signed_document_reference=obj.signed_document_reference,
            notice_days=obj.notice_days,
            actor=_actor(request),
        )
        # The admin's success message and redirect name the row the service created.
        obj.pk = created.pk
        obj.public_id = created.public_id
        obj.created_at = created.created_at
        obj._state.adding = False
        obj._state.db = created._state.db

    @admin.action(description=_("Activar los convenios seleccionados"))
    def activate(self, request: HttpRequest, queryset: QuerySet[Agreement]) -> None:
        self._apply(request, queryset, services.agreement_activate, _("activado"))

    @admin.action(description=_("Reanudar los convenios suspendidos seleccionados"))
    def resume(self, request: HttpRequest, queryset: QuerySet[Agreement]) -> None:
        self._apply(request, queryset, services.agreement_resume, _("reanudado"))

    @admin.action(description=_("Suspender los convenios seleccionados…"))
    def suspend(
        self, request: HttpRequest, queryset: QuerySet[Agreement]
    ) -> TemplateResponse | None:
        return self._confirm_end(request, queryset, "suspend")

    @admin.action(description=_("Terminar los convenios seleccionados…"))
    def terminate(
        self, request: HttpRequest, queryset: QuerySet[Agreement]
    ) -> TemplateResponse | None:
        return self._confirm_end(request, queryset, "terminate")

    def _confirm_end(
        self, request: HttpRequest, queryset: QuerySet[Agreement], action: str
    ) -> TemplateResponse | None:
        """Suspending or terminating is shown first, with its effect (the notice period and the
        last filing day of each convenio) and a required reason; only the confirmation acts."""
        suspending = action == "suspend"
        service = services.agreement_suspend if suspending else services.agreement_terminate
        allowed = AgreementStatus.ACTIVE if suspending else None
        agreements = list(queryset.select_related("publisher", "adopter").order_by("pk"))
        eligible = [
            a
            for a in agreements
            if (a.status == allowed if allowed else a.status != AgreementStatus.TERMINATED)
        ]
        form = AgreementEndForm(request.POST if "confirmar" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for agreement in eligible:
                try:
                    service(
                        agreement=agreement,
                        actor=_actor(request),
                        reason=form.cleaned_data["reason"],
                    )
                    done += 1
                except ApplicationError as exc:
                    self.message_user(request, f"{agreement}: {_messages(exc)}", messages.ERROR)
            if done:
                verb = _("suspendidos") if suspending else _("terminados")
                self.message_user(
                    request, _("Convenios %(verb)s: %(count)d.") % {"verb": verb, "count": done}
                )
            return None
        today = timezone.localdate()
        rows = [
            {
                "agreement": a,
                "eligible": a in eligible,
                "filing_until": _filing_until_if_ended(a, today),
            }
            for a in agreements
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Suspender convenios") if suspending else _("Terminar convenios"),
            "opts": self.model._meta,
            "suspending": suspending,
            "rows": rows,
            "any_eligible": bool(eligible),
            "form": form,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/catalog/agreement/end_confirmation.html", context)

    def _apply(
        self, request: HttpRequest, queryset: QuerySet[Agreement], service: Any, done: StrOrPromise
    ) -> None:
        count = 0
        for agreement in queryset:
            try:
                service(agreement=agreement, actor=_actor(request))
                count += 1
            except ApplicationError as exc:
                self.message_user(request, f"{agreement}: {_messages(exc)}", messages.ERROR)
        if count:
            self.message_user(
                request, _("Convenios %(verb)s: %(count)d.") % {"verb": done, "count": count}
            )


def _messages(error: ApplicationError) -> str:
    return " ".join(detail.message for detail in error.errors)


def _filing_until_if_ended(agreement: Agreement, today: datetime.date) -> datetime.date:
    """What suspending or terminating today would announce (a suspended one keeps its date)."""
    until = services.notice_end(agreement, today=today)
    if agreement.status == AgreementStatus.SUSPENDED and agreement.filing_until is not None:
        return min(until, agreement.filing_until)
    return until


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
