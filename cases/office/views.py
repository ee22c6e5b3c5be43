"""The officer back office of a government's site: the inbox, one case, its transitions,
assignment and internal notes, the staff-only files, and the dashboard.

Thin views: they parse, call cases.officer_selectors / services, and render. Every view is for
the government's case staff only (core.permissions.role_required); auditors read, never act.
Another government's case is a 404 here like a case that does not exist: it is not in this
schema."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import deadlines, workflow
from cases.downloads import document_response, output_response
from cases.models import INTERNAL_EVENT_KINDS, Case, CaseDocument, CaseOutput
from cases.office import charts as officer_charts
from cases.office import dashboard as case_dashboard
from cases.office import selectors as inbox
from cases.office import services
from cases.office.forms import InboxFilterForm
from cases.office.services import case_officer_transition
from cases.outputs.services import output_render
from cases.selectors import case_definition, case_documents, case_outputs
from catalog.definition import Definition, active_items
from catalog.definition.field_types import registry
from catalog.definition.rules import iter_documents
from catalog.definition.vocabulary import FICTA_OUTCOMES, label
from core.actors import Actor
from core.errors import ApplicationError
from core.i18n import content_language, text_in
from core.models import Role, User
from core.permissions import role_required, user_has_any_role
from core.tenancy import site_url
from tenants.requests import TenantRequest

READERS = (Role.CASE_OFFICER, Role.ADMINISTRATOR, Role.AUDITOR)
ACTORS = (Role.CASE_OFFICER, Role.ADMINISTRATOR)
STALE_CASE = "cases.stale_case"
PAGE_SIZE = 50


def _filters(request: TenantRequest) -> inbox.InboxFilters:
    return InboxFilterForm(request.GET).filters(viewer=request.user)


def _page_url(params: QueryDict, cursor: str | None) -> str:
    query = params.copy()
    query.pop("despues", None)
    if cursor:
        query["despues"] = cursor
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@require_GET
@role_required(*READERS)
def inbox_list(request: TenantRequest) -> HttpResponse:
    filters = _filters(request)
    page = inbox.inbox_page(filters=filters, after=request.GET.get("despues"), limit=PAGE_SIZE)
    return render(
        request,
        "cases/officer/inbox.html",
        {
            "page": page,
            "filters": filters,
            "params": request.GET,
            "is_later_page": bool(request.GET.get("despues")),
            "first_url": _page_url(request.GET, None),
            "next_url": _page_url(request.GET, page.next_cursor) if page.next_cursor else "",
            "apps": inbox.inbox_apps(),
            "statuses": inbox.inbox_status_choices(),
            "officers": inbox.assignable_officers(),
            "deadline_choices": [
                (inbox.DEADLINE_OVERDUE, _("Vencidos")),
                (inbox.DEADLINE_DUE_SOON, _("Por vencer (3 días hábiles o menos)")),
            ],
            "assigned_mine": inbox.ASSIGNED_MINE,
            "assigned_none": inbox.ASSIGNED_NONE,
            "status_all": inbox.ALL,
        },
    )


# --- one case -------------------------------------------------------------------------------------


def _case_or_404(public_id: uuid.UUID) -> Case:
    try:
        return inbox.case_get_for_officer(public_id=public_id)
    except Case.DoesNotExist:
        raise Http404 from None


def _answer_sections(definition: Mapping[str, Any], case: Case) -> list[dict[str, Any]]:
    """The filed answers, step by step, as the version the case was filed under asks them."""
    language = content_language()
    visible, _required = active_items(definition, case.answers)
    sections = []
    for step in Definition(definition).steps:
        rows = [
            {
                "label": text_in(item.get("label"), language),
                "value": registry.display_text(item, case.answers.get(item["id"]), language),
                "sensitive": bool(item.get("sensitive")),
            }
            for item in step.get("fields") or []
            if isinstance(item, Mapping) and item.get("id") in visible
        ]
        if rows:
            sections.append({"title": text_in(step.get("title"), language), "rows": rows})
    return sections


def _document_rows(definition: Mapping[str, Any], case: Case) -> list[dict[str, Any]]:
    language = content_language()
    names = {
        document["id"]: text_in(document.get("name"), language)
        for document in iter_documents(definition)
    }
    return [
        {"document": document, "name": names.get(document.document_id, document.document_id)}
        for document in case_documents(case, include_superseded=True)
    ]


def _history(definition: Mapping[str, Any], case: Case) -> list[dict[str, Any]]:
    def state(state_id: str) -> str:
        if not state_id:
            return ""
        return text_in(workflow.state_name(definition, state_id, citizen=False), content_language())

    return [
        {
            "event": event,
            "from": state(event.from_status),
            "to": state(event.to_status),
            "internal": event.kind in INTERNAL_EVENT_KINDS,
        }
        for event in inbox.case_history(case)
    ]


def _transition_forms(
    definition: Mapping[str, Any],
    case: Case,
    *,
    submitted: Mapping[str, str] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> list[dict[str, Any]]:
    app = Definition(definition)
    language = content_language()
    submitted = submitted or {}
    errors = errors or {}
    forms = []
    for step in inbox.case_officer_transitions(definition, case):
        step_id = str(step.get("id"))
        target = workflow.state(definition, str(step.get("to")))
        forms.append(
            {
                "id": step_id,
                "label": text_in(step.get("label"), language)
                or _("Pasar a «%(state)s»") % {"state": text_in(target.get("name"), language)},
                "to": text_in(target.get("name"), language),
                "requires_comment": bool(step.get("requires_comment")),
                "pauses_clock": bool(step.get("pauses_clock")),
                "notify_citizen": bool(step.get("notify_citizen")),
                "final": str(step.get("to")) in workflow.final_states(definition),
                "issues": [
                    text_in(output.get("title"), language)
                    for output in app.outputs_on_state(str(step.get("to")), resolutions_only=True)
                ],
                "message": submitted.get(step_id, ""),
                "errors": errors.get(step_id, []),
            }
        )
    return forms


def _case_page(
    request: TenantRequest,
    case: Case,
    *,
    status: int = 200,
    page_errors: list[str] | None = None,
    submitted: Mapping[str, str] | None = None,
    form_errors: Mapping[str, list[str]] | None = None,
    note_text: str = "",
    note_errors: list[str] | None = None,
) -> HttpResponse:
    definition = Definition(case_definition(case))
    language = content_language()
    can_act = user_has_any_role(request, ACTORS)
    deadline = deadlines.deadline_state(case, today=timezone.localdate())
    return render(
        request,
        "cases/officer/case_detail.html",
        {
            "case": case,
            "procedure_name": text_in(definition.name or case.procedure_name, language),
            "status_name": text_in(
                workflow.state_name(definition, case.status, citizen=False), language
            ),
            "final": case.status in workflow.final_states(definition),
            "overdue": deadline == deadlines.DeadlineState.OVERDUE,
            "due_soon": deadline == deadlines.DeadlineState.DUE_SOON,
            "sections": _answer_sections(definition, case),
            "documents": _document_rows(definition, case),
            "outputs": case_outputs(case),
            "history": _history(definition, case),
            "audit_trail": inbox.case_audit_trail(case),
            "can_act": can_act,
            "transitions": _transition_forms(
                definition, case, submitted=submitted, errors=form_errors
            )
            if can_act
            else [],
            "officers": inbox.assignable_officers() if can_act else [],
            "page_errors": page_errors or [],
            "note_text": note_text,
            "note_errors": note_errors or [],
        },
        status=status,
    )


@require_GET
@role_required(*READERS)
def case_detail(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(public_id)
    services.case_view_record(case=case, actor=Actor.of_user(request.user))
    return _case_page(request, case)


def _lock_version(request: TenantRequest) -> int:
    try:
        return int(request.POST.get("lock_version", ""))
    except ValueError:
        return -1


@require_POST
@role_required(*ACTORS)
def case_transition(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(public_id)
    transition_id = request.POST.get("transition", "")
    message = request.POST.get("message", "")
    try:
        case = case_officer_transition(
            case=case,
            transition_id=transition_id,
            actor=Actor.of_user(request.user),
            expected_lock_version=_lock_version(request),
            message=message,
            site_url=site_url(request),
        )
    except ApplicationError as error:
        # Whatever was typed is shown again, so nothing is lost when the case moved meanwhile.
        case.refresh_from_db()
        stale = any(item.code == STALE_CASE for item in error.errors)
        located = [item.message for item in error.errors if item.location == "message"]
        general = [item.message for item in error.errors if item.location != "message"]
        return _case_page(
            request,
            case,
            status=409 if stale else 422,
            page_errors=general,
            submitted={transition_id: message},
            form_errors={transition_id: located},
        )
    definition = case_definition(case)
    messages.success(
        request,
        _("Listo: el expediente quedó en «%(state)s».")
        % {
            "state": text_in(
                workflow.state_name(definition, case.status, citizen=False), content_language()
            )
        },
    )
    return redirect("officer:case_detail", public_id=case.public_id)


@require_POST
@role_required(*ACTORS)
def case_assign(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(public_id)
    chosen = request.POST.get("officer", "")
    officer: User | None = None
    if chosen:
        officer = inbox.assignable_officer_get(public_id=chosen)
        if officer is None:
            return _case_page(
                request,
                case,
                status=422,
                page_errors=[_("Elija a una persona de la lista para asignar el expediente.")],
            )
    try:
        case = services.case_assign(
            case=case,
            officer=officer,
            actor=Actor.of_user(request.user),
            expected_lock_version=_lock_version(request),
        )
    except ApplicationError as error:
        case.refresh_from_db()
        stale = any(item.code == STALE_CASE for item in error.errors)
        return _case_page(
            request,
            case,
            status=409 if stale else 422,
            page_errors=[item.message for item in error.errors],
        )
    if officer is None:
        messages.success(request, _("El expediente quedó sin asignar."))
    else:
        messages.success(
            request,
            _("Expediente asignado a %(name)s.") % {"name": officer.full_name or officer.email},
        )
    return redirect("officer:case_detail", public_id=case.public_id)


@require_POST
@role_required(*ACTORS)
def case_note(request: TenantRequest, public_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(public_id)
    text = request.POST.get("text", "")
    try:
        services.case_note_add(case=case, text=text, actor=Actor.of_user(request.user))
    except ApplicationError as error:
        return _case_page(
            request,
            case,
            status=422,
            note_text=text,
            note_errors=[item.message for item in error.errors],
        )
    messages.success(request, _("Nota interna guardada."))
    return redirect("officer:case_detail", public_id=case.public_id)


@require_GET
@role_required(*READERS)
def case_document(
    request: TenantRequest, public_id: uuid.UUID, document_id: uuid.UUID
) -> FileResponse:
    """A file of the case, for the government's case staff only (never a public URL)."""
    case = _case_or_404(public_id)
    try:
        document = case.documents.get(public_id=document_id)
    except CaseDocument.DoesNotExist:
        raise Http404 from None
    return document_response(document)


@require_GET
@role_required(*READERS)
def case_output(request: TenantRequest, public_id: uuid.UUID, output_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(public_id)
    try:
        output = case.outputs.get(public_id=output_id)
    except CaseOutput.DoesNotExist:
        raise Http404 from None
    return output_response(output, output_render(output=output, site_url=site_url(request)))


# --- the dashboard ---------------------------------------------------------------------------------


def _percent(share: float | None) -> str:
    if share is None:
        return "—"
    return f"{round(share * 100, 1):g} %"


@require_GET
@role_required(*READERS)
def dashboard(request: TenantRequest) -> HttpResponse:
    """Aggregates only: no name, CURP or folio reaches this page."""
    language = content_language()
    figures = case_dashboard.dashboard(today=timezone.localdate())
    digitisation = figures.digitisation
    offline = max(digitisation.registry_total - digitisation.online, 0)
    apps: dict[int, dict[str, Any]] = {}
    for row in figures.cases_by_app_and_status:
        entry = apps.setdefault(
            row.enabled_app_id,
            {"name": text_in(row.app_name, language), "rows": [], "total": 0},
        )
        entry["rows"].append((text_in(row.status_name, language), row.count))
        entry["total"] += row.count
    app_charts = [
        {"id": f"tramite-{app_id}", **entry, "chart": officer_charts.bar_chart(entry["rows"])}
        for app_id, entry in apps.items()
    ]
    timeliness = figures.timeliness
    late = timeliness.resolved_with_plazo - timeliness.resolved_within_plazo
    ficta_rows = [
        (label(FICTA_OUTCOMES, kind, language, default=kind), count)
        for kind, count in figures.ficta_applied.items()
    ]
    return render(
        request,
        "cases/officer/dashboard.html",
        {
            "digitisation": digitisation,
            "digitisation_share": _percent(digitisation.share_online),
            "digitisation_chart": officer_charts.donut_chart(
                [(_("En línea"), digitisation.online), (_("Solo presencial"), offline)]
            ),
            "offline": offline,
            "app_charts": app_charts,
            "cases_total": sum(entry["total"] for entry in apps.values()),
            "timeliness": timeliness,
            "late": late,
            "within_share": _percent(timeliness.share_within_plazo),
            "timeliness_chart": officer_charts.donut_chart(
                [
                    (_("Dentro del plazo"), timeliness.resolved_within_plazo),
                    (_("Fuera del plazo"), late),
                ]
            ),
            "ficta_rows": ficta_rows,
            "ficta_total": sum(count for _kind, count in ficta_rows),
            "ficta_chart": officer_charts.bar_chart(ficta_rows),
            "overdue": figures.overdue,
        },
    )
