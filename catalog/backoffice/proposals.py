"""Proposals other governments sent on the publisher's apps (/gestion/publicacion/<app>/propuestas/):
who sent them, the current and the proposed text, and accept (the text lands in the next draft)
or decline with a reason. Only the publisher's own apps are reachable: another government's app,
or a proposal of another app, is "not found"."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from catalog.backoffice import selectors
from catalog.backoffice.views import PUBLISHING_ROLES, READING_ROLES
from catalog.models import CatalogApp, Proposal, ProposalStatus
from catalog.proposals import (
    describe_location,
    proposal_accept,
    proposal_decline,
    proposal_get,
    proposals_received,
    text_rows,
)
from core.actors import Actor
from core.errors import ApplicationError
from core.i18n import content_language
from core.permissions import role_required, user_has_any_role
from tenants.requests import TenantRequest


class DeclineForm(forms.Form):
    # Required by the service (with its bilingual, located message), not here.
    reason = forms.CharField(
        label=gettext_lazy("Motivo (lo leerá el gobierno que propuso)"),
        required=False,
        widget=forms.Textarea,
        max_length=2000,
    )


def _own_app(request: TenantRequest, slug: str) -> CatalogApp:
    app = selectors.publisher_app_get(government=request.tenant, slug=slug)
    if app is None:
        raise Http404
    return app


def _own_proposal(request: TenantRequest, app: CatalogApp, proposal_id: uuid.UUID) -> Proposal:
    proposal = proposal_get(government=request.tenant, public_id=proposal_id)
    # proposal_get also finds what this government sent; here only what its own app received.
    if proposal is None or proposal.app_id != app.pk:
        raise Http404
    return proposal


def _landing_version(app: CatalogApp) -> str:
    draft = selectors.app_draft(app=app)
    return draft.version if draft is not None else selectors.next_version_number(app=app)


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def proposal_list(request: TenantRequest, slug: str) -> HttpResponse:
    app = _own_app(request, slug)
    language = content_language()
    proposals = list(proposals_received(government=request.tenant, app=app))
    rows = [
        {
            "proposal": proposal,
            "location": describe_location(proposal.version.definition, proposal.pointer, language),
            "current_es": proposal.current_text.get("es-MX", ""),
            "proposed_es": proposal.proposed_text.get("es-MX", ""),
        }
        for proposal in proposals
    ]
    return render(
        request,
        "catalog/backoffice/proposal_list.html",
        {
            "app": app,
            "rows": rows,
            "pending_count": sum(p.status == ProposalStatus.PENDING for p in proposals),
        },
    )


@role_required(*READING_ROLES)
@require_http_methods(["GET", "HEAD"])
def proposal_detail(request: TenantRequest, slug: str, proposal_id: uuid.UUID) -> HttpResponse:
    app = _own_app(request, slug)
    return _detail(request, app, _own_proposal(request, app, proposal_id), DeclineForm())


@role_required(*PUBLISHING_ROLES)
@require_POST
def proposal_decide(request: TenantRequest, slug: str, proposal_id: uuid.UUID) -> HttpResponse:
    """ "accept" or "decline" (with the reason); a refusal shows the page again with the
    service's located errors."""
    app = _own_app(request, slug)
    proposal = _own_proposal(request, app, proposal_id)
    form = DeclineForm(request.POST)
    actor = Actor.from_request(request)
    action = request.POST.get("action", "")
    try:
        if action == "accept":
            decided = proposal_accept(proposal=proposal, actor=actor)
            assert decided.landed_in is not None
            messages.success(
                request,
                _("Propuesta aceptada: el texto ya está en el borrador %(version)s.")
                % {"version": decided.landed_in.version},
            )
            return redirect("publisher:proposal_list", slug=app.slug)
        if action == "decline":
            proposal_decline(proposal=proposal, reason=form.data.get("reason", ""), actor=actor)
            messages.success(
                request, _("Propuesta declinada: el gobierno que propuso verá el motivo.")
            )
            return redirect("publisher:proposal_list", slug=app.slug)
        general = [_("Acción desconocida.")]
        reason: list[str] = []
    except ApplicationError as error:
        general = [p.message for p in error.errors if p.location != "reason"]
        reason = [p.message for p in error.errors if p.location == "reason"]
    proposal.refresh_from_db()
    return _detail(request, app, proposal, form, general, reason)


def _detail(
    request: TenantRequest,
    app: CatalogApp,
    proposal: Proposal,
    form: DeclineForm,
    general: list[str] | None = None,
    reason: list[str] | None = None,
) -> HttpResponse:
    general, reason = general or [], reason or []
    return render(
        request,
        "catalog/backoffice/proposal_detail.html",
        {
            "app": app,
            "proposal": proposal,
            "location": describe_location(
                proposal.version.definition, proposal.pointer, content_language()
            ),
            "texts": text_rows(proposal),
            "landing_version": _landing_version(app),
            "can_decide": user_has_any_role(request, PUBLISHING_ROLES)
            and proposal.status == ProposalStatus.PENDING,
            "form": form,
            "general_errors": general,
            "reason_errors": reason,
            "error_count": len(general) + len(reason),
        },
    )
