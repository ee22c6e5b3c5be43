"""Citizen pages: the procedure's ficha, the filing wizard, "my procedures" and verification.

Thin views: they read the POST data into answers (cases.forms), call the services of
cases.services, and render. The server is the authority on every rule: the browser script
(static/cases/filing.js) only shows, hides and saves sooner; with JavaScript off every page works.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps_registry.models import EnabledApp, EnabledAppStatus
from apps_registry.selectors import (
    IN_USE_STATUSES,
    cached_effective_definition,
    effective_definition,
    local_values_key,
)
from cases import selectors, workflow
from cases.display import answer_text
from cases.filing import services
from cases.filing.forms import FILE_TYPES, SubmissionForm, answers_from_post, merge_answers
from cases.filing.privacy import privacy_notice
from cases.models import Case, CaseDocument, CaseDraft, CaseOutput
from cases.outputs import verification
from cases.outputs.services import output_render
from cases.templatetags.citizen import definition_language
from catalog.definition import FieldValueError, active_items, validate_answers
from catalog.definition.field_types import registry
from catalog.definition.rendering import _field_context, text_in
from catalog.definition.rules import iter_documents, iter_fields, logic_answers
from core.errors import ApplicationError, ErrorDetail
from core.rawsql import column_count, model_from_row, select_columns

DOCUMENTS_STEP = "_documentos"
SUMMARY_STEP = "_resumen"


# --- procedures ---------------------------------------------------------------------------------


# The hottest query of the citizen site (every page of the wizard, every autosave): written once
# here instead of compiled by the ORM on each request, which cost more than running it. Table
# names are unqualified on purpose: they resolve through the connection's search_path (the
# current government's schema, then public), exactly as the ORM's do, so another government's
# rows are never reachable. The applicant's draft comes along in a LEFT JOIN (at most one row:
# one draft per applicant and app); with no applicant, NULL matches no draft.
# Built once from the model's own columns and status values (never from input): what comes
# from the request stays %-bound.
_PROCEDURE_SQL = (  # noqa: S608
    "SELECT {columns}, d.id, d.answers, d.current_step"
    " FROM apps_registry_enabledapp e"
    " LEFT JOIN cases_casedraft d ON d.enabled_app_id = e.id AND d.applicant_id = %(applicant)s"
    " WHERE e.status IN ({statuses}) AND {where}"
).format(
    columns=select_columns(EnabledApp, "e"),
    statuses=", ".join(f"'{status}'" for status in IN_USE_STATUSES),
    where="{where}",
)
_PROCEDURE_BY_PUBLIC_ID = _PROCEDURE_SQL.format(where="e.public_id = %(key)s")
# A catalogue slug is unique per publisher only: the oldest enabled app wins (as before).
_PROCEDURE_BY_SLUG = _PROCEDURE_SQL.format(
    where="e.catalog_app_id IN (SELECT c.id FROM catalog_catalogapp c WHERE c.slug = %(key)s)"
    " ORDER BY e.id LIMIT 1"
)


def _procedure(key: str, *, with_draft_of: Any = None) -> EnabledApp:
    """An enabled app citizens may see (live or paused), by public id or catalogue slug, in the
    current government's schema only. Anything else is a 404, whatever the reason.

    With `with_draft_of` (a signed-in citizen), that citizen's draft of it comes in the same
    query, as `draft_row` (see _draft_of): every page of the wizard needs both.
    """
    # One table, no definition: effective_definition keeps it, parsed, per process.
    applicant = None
    if with_draft_of is not None and with_draft_of.is_authenticated:
        applicant = with_draft_of.pk
    try:
        params: dict[str, Any] = {"key": uuid.UUID(key)}
        query = _PROCEDURE_BY_PUBLIC_ID
    except ValueError:
        params = {"key": key}
        query = _PROCEDURE_BY_SLUG
    params["applicant"] = applicant
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        row = cursor.fetchone()
    if row is None:
        raise Http404
    count = column_count(EnabledApp)
    app = model_from_row(EnabledApp, row[:count])
    draft_id, answers, step = row[count:]
    app.draft_row = (  # type: ignore[attr-defined]
        None
        if draft_id is None
        else {"id": draft_id, "answers": json.loads(answers) if answers else None, "step": step}
    )
    return app


def _message(error: ErrorDetail) -> str:
    return error.message_en if definition_language() == "en" else error.message_es


def _plain_messages(errors: Iterable[ErrorDetail]) -> list[str]:
    return [_message(error) for error in errors]


@require_GET
def procedure_detail(request: HttpRequest, key: str) -> HttpResponse:
    app = _procedure(key)
    definition = effective_definition(app)
    metadata = definition.get("metadata") or {}
    channels = metadata.get("channels") or []
    return render(
        request,
        "cases/procedure_detail.html",
        {
            "app": app,
            "key": key,
            "definition": definition,
            "metadata": metadata,
            "available": app.status == EnabledAppStatus.LIVE,
            "fully_online": channels == ["online"],
            "online": "online" in channels,
            "in_person": "in_person" in channels,
            "documents": list(iter_documents(definition)),
            "fees": (definition.get("fees") or {}).get("concepts") or [],
            "payment_alternatives": (definition.get("fees") or {}).get("payment_alternatives")
            or [],
            "fee_notes": (definition.get("fees") or {}).get("notes"),
            "plazo": definition.get("plazo") or {},
            "ficta": definition.get("ficta", "no_aplica"),
            "validity": definition.get("validity") or {},
            "legal_basis": metadata.get("legal_basis") or [],
            "offices": metadata.get("offices") or [],
            "steps": [
                text_in(step.get("title"), definition_language())
                for step in (definition.get("form") or {}).get("steps") or []
            ],
        },
    )


# --- the filing wizard --------------------------------------------------------------------------


@dataclass(frozen=True)
class WizardKey:
    """What the parts of a wizard that are the same for everyone depend on (the cache key of
    _wizard_steps and _wizard_intro_html): the pinned version and local values, the language,
    the procedure's key in the address, and the URLconf and script prefix addresses use."""

    version_id: int
    local_values: str
    language: str
    key: str
    urlconf: str | None
    script_prefix: str

    @classmethod
    def now(cls, *, version_id: int, local_values: str, key: str) -> WizardKey:
        """The key for the request being served (its language, URLconf and script prefix)."""
        return cls(
            version_id, local_values, get_language(), key, get_urlconf(), get_script_prefix()
        )


@dataclass(frozen=True)
class WizardStep:
    """One page of the wizard. Shared by every request (see _wizard_steps): never modify it,
    nor its fields (the definition's own, read-only)."""

    id: str
    title: str
    url: str
    fields: tuple[Mapping[str, Any], ...] = ()


@dataclass
class Filing:
    """Everything a wizard page needs about the procedure and the citizen's draft."""

    key: str
    app: EnabledApp
    definition: dict[str, Any]
    draft: CaseDraft | None
    steps: Sequence[WizardStep]
    # The app's local values as a cache key (see local_values_key).
    local_values: str
    # The draft's files, read once per request (see _draft_documents); None: not read yet.
    documents: dict[str, CaseDocument] | None = None

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.draft.answers) if self.draft is not None else {}

    def step(self, step_id: str) -> WizardStep:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise Http404

    def neighbours(self, step_id: str) -> tuple[WizardStep | None, WizardStep | None]:
        ids = [step.id for step in self.steps]
        index = ids.index(step_id)
        before = self.steps[index - 1] if index > 0 else None
        after = self.steps[index + 1] if index + 1 < len(self.steps) else None
        return before, after

    def step_of(self, item_id: str) -> WizardStep | None:
        """The step where a field (or, on the documents step, a document) is asked."""
        for step in self.steps:
            if any(item["id"] == item_id for item in step.fields):
                return step
        if any(document["id"] == item_id for document in iter_documents(self.definition)):
            return self.step(DOCUMENTS_STEP)
        return None


def _filing(request: HttpRequest, key: str) -> Filing:
    app = _procedure(key, with_draft_of=request.user)
    local_values = local_values_key(app)
    steps = _wizard_steps(
        WizardKey.now(version_id=app.version_id, local_values=local_values, key=key)
    )
    return Filing(
        key=key,
        app=app,
        definition=cached_effective_definition(app.version_id, local_values),
        draft=_draft_of(app, request.user),
        steps=steps,
        local_values=local_values,
    )


@lru_cache(maxsize=512)
def _wizard_steps(wizard: WizardKey) -> tuple[WizardStep, ...]:
    """The wizard's steps with their titles and addresses: the same for everyone who comes with
    this key, so built once per process. Shared: never modify them."""
    definition = cached_effective_definition(wizard.version_id, wizard.local_values)
    key, urlconf = wizard.key, wizard.urlconf
    with translation.override(wizard.language):
        texts = definition_language()
        steps = [
            WizardStep(
                id=str(step["id"]),
                title=text_in(step.get("title"), texts),
                url=reverse("cases:filing_step", urlconf, args=[key, step["id"]]),
                fields=tuple(
                    item for item in step.get("fields") or [] if isinstance(item, Mapping)
                ),
            )
            for step in (definition.get("form") or {}).get("steps") or []
            if isinstance(step, Mapping) and isinstance(step.get("id"), str)
        ]
        if any(True for _document in iter_documents(definition)):
            steps.append(
                WizardStep(
                    id=DOCUMENTS_STEP,
                    title=_("Documentos"),
                    url=reverse("cases:filing_documents", urlconf, args=[key]),
                )
            )
        steps.append(
            WizardStep(
                id=SUMMARY_STEP,
                title=_("Revisar y presentar"),
                url=reverse("cases:filing_summary", urlconf, args=[key]),
            )
        )
    return tuple(steps)


def _draft_of(app: EnabledApp, applicant: Any) -> CaseDraft | None:
    """The draft _procedure brought along, as a (read-only) CaseDraft."""
    row = getattr(app, "draft_row", None)
    if not row:
        return None
    return CaseDraft(
        id=row["id"],
        applicant=applicant,
        enabled_app=app,
        answers=row["answers"] or {},
        current_step=row["step"] or "",
    )


def _unavailable(request: HttpRequest, filing_or_app: Filing | EnabledApp) -> HttpResponse | None:
    app = filing_or_app.app if isinstance(filing_or_app, Filing) else filing_or_app
    if app.status == EnabledAppStatus.LIVE:
        return None
    messages.error(request, _("Este trámite no recibe solicitudes por ahora. Inténtalo más tarde."))
    return redirect("cases:procedure", key=str(app.public_id))


def _save_draft(filing: Filing, request: HttpRequest, answers: dict[str, Any], step: str) -> None:
    filing.draft = services.draft_save(
        applicant=request.user, enabled_app=filing.app, answers=answers, step=step
    )
    filing.documents = None


def _draft_documents(filing: Filing) -> dict[str, CaseDocument]:
    """The draft's current file for each document or file field id."""
    if filing.draft is None:
        return {}
    if filing.documents is None:
        filing.documents = selectors.draft_documents(filing.draft)
    return filing.documents


def _with_files(filing: Filing, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers with each file field's value taken from its stored upload, as the server
    validates them (a draft keeps no file values of its own)."""
    documents = _draft_documents(filing)
    merged = dict(answers)
    for item in iter_fields(filing.definition):
        if item.get("type") in FILE_TYPES:
            document = documents.get(item["id"])
            if document is not None:
                merged[item["id"]] = document.metadata
            else:
                merged.pop(item["id"], None)
    return merged


def _upload(
    filing: Filing, request: HttpRequest, item_id: str, uploaded: Any
) -> tuple[CaseDocument | None, list[ErrorDetail]]:
    filing.documents = None
    try:
        document = services.document_upload(
            applicant=request.user,
            enabled_app=filing.app,
            document_id=item_id,
            uploaded_file=uploaded,
        )
    except ApplicationError as error:
        return None, [
            ErrorDetail(detail.code, detail.message_es, detail.message_en, item_id)
            for detail in error.errors
        ]
    return document, []


# Types shown as a group of inputs (a fieldset): links point to the group, not to one input.
GROUPED_TYPES = frozenset({"address", "multiple_choice", "boolean"})


def _field_anchor(filing: Filing, field_id: str) -> str:
    """Where an error summary's link takes the citizen: the field's input, or its group."""
    for item in iter_fields(filing.definition):
        if item["id"] == field_id:
            grouped = item.get("type") in GROUPED_TYPES or (
                item.get("type") == "choice"
                and item.get("widget", "radio" if len(item.get("options") or []) <= 5 else "select")
                == "radio"
            )
            return f"#campo-{field_id}-grupo" if grouped else f"#campo-{field_id}"
    return f"#campo-{field_id}"


def _wizard_page(filing: Filing, step_id: str) -> dict[str, Any]:
    """The parts of a wizard page that are the same for everyone who comes with this key."""
    return {
        "head_html": _filing_head_html(settings.STATIC_URL),
        "intro_html": _wizard_intro_html(
            WizardKey.now(
                version_id=filing.app.version_id,
                local_values=filing.local_values,
                key=filing.key,
            ),
            step_id,
        ),
    }


@lru_cache(maxsize=4)
def _filing_head_html(static_url: str) -> SafeString:
    """The wizard's styles and scripts: their addresses only change with a deployment (kept by
    STATIC_URL, so a changed setting is followed)."""
    return render_to_string("cases/_filing_head.html")


@lru_cache(maxsize=2048)
def _wizard_intro_html(wizard: WizardKey, step_id: str) -> SafeString:
    """The top of a wizard page (procedure, step title, progress, the steps), rendered once per
    process: it depends on nothing but the wizard's key and the step."""
    steps = _wizard_steps(wizard)
    definition = cached_effective_definition(wizard.version_id, wizard.local_values)
    number = next(number for number, step in enumerate(steps, start=1) if step.id == step_id)
    with translation.override(wizard.language):
        return render_to_string(
            "cases/_wizard_intro.html",
            {
                "procedure_url": reverse("cases:procedure", wizard.urlconf, args=[wizard.key]),
                "procedure_name": text_in(
                    (definition.get("metadata") or {}).get("citizen_name"), definition_language()
                ),
                "step": steps[number - 1],
                "step_number": number,
                "step_count": len(steps),
                "steps_nav": [
                    {"title": step.title, "url": step.url, "current": step.id == step_id}
                    for step in steps
                ],
            },
        )


@lru_cache(maxsize=512)
def _autosave_url(key: str, urlconf: str | None, script_prefix: str) -> str:
    return reverse("cases:filing_autosave", urlconf, args=[key])


def _render_fields(
    filing: Filing,
    fields: Sequence[Mapping[str, Any]],
    answers: Mapping[str, Any],
    errors: list[ErrorDetail],
) -> SafeString:
    """One step's fields with the definition's own field template: rules are evaluated over the
    WHOLE draft (a step's field may depend on an answer given in an earlier step)."""
    language = definition_language()
    visible = required = None
    if answers:
        visible, required = active_items(filing.definition, _with_files(filing, answers))
    rules_by_target: dict[str, list[dict]] = {}
    for rule in filing.definition.get("rules") or []:
        if isinstance(rule, Mapping) and isinstance(rule.get("target"), str):
            rules_by_target.setdefault(rule["target"], []).append(dict(rule))
    documents = _draft_documents(filing)
    parts = []
    for item in fields:
        context = _field_context(
            item,
            answers=answers,
            errors=errors,
            language=language,
            rules_by_target=rules_by_target,
            visible=visible,
            required=required,
        )
        if item.get("type") in FILE_TYPES:
            # A file already given is kept: the input is then optional for the browser.
            context["stored"] = documents.get(item["id"])
            if context["stored"] is not None:
                context["required"] = False
        parts.append(render_to_string("cases/_field.html", {"field": context}))
    return mark_safe("".join(parts))  # noqa: S308 - rendered by the auto-escaping templates above


@lru_cache(maxsize=512)
def _blank_fields_html(
    version_id: int, local_values: str, step_id: str, language: str, day: dt.date
) -> SafeString:
    """A step's fields before anything is typed: the same for every citizen, so rendered once
    per process (per language and day: "today" limits of dates change at midnight)."""
    definition = cached_effective_definition(version_id, local_values)
    filing = Filing(
        key="",
        app=EnabledApp(),
        definition=definition,
        draft=None,
        steps=[],
        local_values=local_values,
    )
    for step in (definition.get("form") or {}).get("steps") or []:
        if isinstance(step, Mapping) and step.get("id") == step_id:
            fields = [dict(item) for item in step.get("fields") or [] if isinstance(item, Mapping)]
            return _render_fields(filing, fields, {}, [])
    return mark_safe("")


def _logic_context(filing: Filing, exclude: Iterable[str]) -> dict[str, Any]:
    """Answers of the OTHER steps as the rules see them, for the browser script."""
    if filing.draft is None:  # nothing answered, no file given: no need to look further
        return {}
    excluded = set(exclude)
    answers = _with_files(filing, filing.answers)
    if not answers:
        return {}
    # Hidden fields do not count as answered (as in active_items).
    visible, _required = active_items(filing.definition, answers)
    values = logic_answers(filing.definition, answers)
    return {key: value for key, value in values.items() if key in visible and key not in excluded}


def _step_context(
    filing: Filing, step: WizardStep, answers: Mapping[str, Any], errors: list[ErrorDetail]
) -> dict[str, Any]:
    before, after = filing.neighbours(step.id)
    step_ids = {item["id"] for item in step.fields}
    located = [error for error in errors if error.location in step_ids]
    general = [error for error in errors if error.location not in step_ids]
    return {
        "filing": filing,
        "app": filing.app,
        "key": filing.key,
        "step": step,
        **_wizard_page(filing, step.id),
        "autosave_url": _autosave_url(filing.key, get_urlconf(), get_script_prefix()),
        "previous": before,
        "next": after,
        "fields_html": _blank_fields_html(
            filing.app.version_id,
            filing.local_values,
            step.id,
            definition_language(),
            timezone.localdate(),
        )
        if not answers and not errors and not _draft_documents(filing)
        else _render_fields(filing, step.fields, answers, errors),
        "error_links": [
            {"message": _message(error), "anchor": _field_anchor(filing, error.location)}
            for error in located
        ],
        "general_errors": _plain_messages(general),
        "logic_data": _logic_context(filing, step_ids),
        "has_files": any(item.get("type") in FILE_TYPES for item in step.fields),
        "procedure_name": text_in(
            (filing.definition.get("metadata") or {}).get("citizen_name"), definition_language()
        ),
    }


@login_required
@require_GET
def filing_start(request: HttpRequest, key: str) -> HttpResponse:
    filing = _filing(request, key)
    if (refused := _unavailable(request, filing)) is not None:
        return refused
    current = filing.draft.current_step if filing.draft is not None else ""
    for step in filing.steps:
        if step.id == current:
            return redirect(step.url)
    return redirect(filing.steps[0].url)


def _step_changes(
    filing: Filing, request: HttpRequest, step: WizardStep
) -> tuple[dict[str, Any], list[ErrorDetail]]:
    """The step's posted answers and uploads (stored at once; refused ones leave nothing)."""
    changes = answers_from_post(step.fields, request.POST)
    errors: list[ErrorDetail] = []
    for item in step.fields:
        if item.get("type") not in FILE_TYPES:
            continue
        uploaded = request.FILES.get(item["id"])
        if uploaded is None:
            continue
        document, refused = _upload(filing, request, item["id"], uploaded)
        errors.extend(refused)
        if document is not None:
            changes[item["id"]] = _file_answer(document)
    return changes, errors


def _file_answer(document: CaseDocument) -> dict[str, Any]:
    return {
        "name": document.original_name,
        "size": document.size,
        "content_type": document.content_type,
    }


def _after_save(request: HttpRequest, filing: Filing, step: WizardStep) -> HttpResponse | None:
    action = request.POST.get("accion", "siguiente")
    if action == "guardar_salir":
        messages.success(
            request,
            _("Guardamos tu borrador. Puedes continuar cuando quieras desde «Mis trámites»."),
        )
        return redirect("cases:my_cases")
    if action == "anterior":
        before, _after = filing.neighbours(step.id)
        return redirect(before.url if before is not None else step.url)
    return None


@login_required
def filing_step(request: HttpRequest, key: str, step_id: str) -> HttpResponse:
    filing = _filing(request, key)
    if (refused := _unavailable(request, filing)) is not None:
        return refused
    step = filing.step(step_id)
    if step.id in (DOCUMENTS_STEP, SUMMARY_STEP):
        raise Http404
    if request.method != "POST":
        return render(
            request, "cases/filing_step.html", _step_context(filing, step, filing.answers, [])
        )

    changes, upload_errors = _step_changes(filing, request, step)
    answers = merge_answers(filing.answers, changes)
    _save_draft(filing, request, answers, step.id)
    if (response := _after_save(request, filing, step)) is not None and not upload_errors:
        return response
    step_ids = {item["id"] for item in step.fields}
    _cleaned, errors = validate_answers(filing.definition, _with_files(filing, answers))
    errors = upload_errors + [error for error in errors if error.location in step_ids]
    if errors:
        return render(
            request,
            "cases/filing_step.html",
            _step_context(filing, step, answers, errors),
            status=422,
        )
    _before, after = filing.neighbours(step.id)
    assert after is not None  # the summary is always last
    return redirect(after.url)


def _documents_context(
    filing: Filing, answers: Mapping[str, Any], errors: list[ErrorDetail]
) -> dict[str, Any]:
    language = definition_language()
    answers = _with_files(filing, answers)
    visible, required = active_items(filing.definition, answers)
    rules: dict[str, dict[str, list[Any]]] = {}
    for rule in filing.definition.get("rules") or []:
        if isinstance(rule, Mapping) and isinstance(rule.get("target"), str):
            bucket = rules.setdefault(rule["target"], {"show": [], "require": []})
            bucket["show" if rule.get("effect") == "show" else "require"].append(rule.get("when"))
    stored = _draft_documents(filing)
    documents = []
    for document in iter_documents(filing.definition):
        document_id = document["id"]
        target = rules.get(document_id, {"show": [], "require": []})
        show_when = list(target["show"])
        messages_here = [_message(error) for error in errors if error.location == document_id]
        documents.append(
            {
                "id": document_id,
                "input_id": f"documento-{document_id}-archivo",
                "name": text_in(document.get("name"), language),
                "description": text_in(document.get("description"), language),
                "alternatives": [
                    text_in(item, language) for item in document.get("alternatives") or []
                ],
                "accept": ",".join(document.get("accept") or []),
                "formats": ", ".join(
                    item.split("/")[-1].upper() for item in document.get("accept") or []
                ),
                "max_size_mb": document.get("max_size_mb"),
                "hidden": document_id not in visible,
                "required": document_id in required,
                "condition": json.dumps(document["condition"]) if "condition" in document else "",
                "show_when": json.dumps(show_when) if show_when else "",
                "require_when": json.dumps(target["require"]) if target["require"] else "",
                "always_required": document.get("required") is True,
                "stored": stored.get(document_id),
                "errors": messages_here,
            }
        )
    before, _after = filing.neighbours(DOCUMENTS_STEP)
    located_ids = {document["id"] for document in documents}
    return {
        "filing": filing,
        "app": filing.app,
        "key": filing.key,
        "step": filing.step(DOCUMENTS_STEP),
        **_wizard_page(filing, DOCUMENTS_STEP),
        "previous": before,
        "documents": documents,
        "error_links": [
            {"message": _message(error), "anchor": f"#documento-{error.location}-archivo"}
            for error in errors
            if error.location in located_ids
        ],
        "general_errors": _plain_messages(e for e in errors if e.location not in located_ids),
        "logic_data": logic_answers(filing.definition, answers),
        "procedure_name": text_in(
            (filing.definition.get("metadata") or {}).get("citizen_name"), language
        ),
    }


def _missing_documents(filing: Filing, answers: Mapping[str, Any]) -> list[ErrorDetail]:
    _visible, required = active_items(filing.definition, _with_files(filing, answers))
    stored = _draft_documents(filing)
    return [
        ErrorDetail(
            "document_required",
            "Adjunta este documento; es obligatorio.",
            "Attach this document; it is required.",
            document["id"],
        )
        for document in iter_documents(filing.definition)
        if document["id"] in required and document["id"] not in stored
    ]


@login_required
def filing_documents(request: HttpRequest, key: str) -> HttpResponse:
    filing = _filing(request, key)
    if (refused := _unavailable(request, filing)) is not None:
        return refused
    step = filing.step(DOCUMENTS_STEP)
    answers = filing.answers
    if request.method != "POST":
        return render(
            request, "cases/filing_documents.html", _documents_context(filing, answers, [])
        )

    errors: list[ErrorDetail] = []
    for document in iter_documents(filing.definition):
        uploaded = request.FILES.get(document["id"])
        if uploaded is not None:
            errors.extend(_upload(filing, request, document["id"], uploaded)[1])
    # Uploads create the draft when needed; the documents step is not a form step to remember.
    filing.draft = selectors.draft_get(applicant=request.user, enabled_app=filing.app)
    filing.documents = None
    if (response := _after_save(request, filing, step)) is not None and not errors:
        return response
    errors = errors or _missing_documents(filing, answers)
    if errors:
        return render(
            request,
            "cases/filing_documents.html",
            _documents_context(filing, answers, errors),
            status=422,
        )
    return redirect("cases:filing_summary", key=key)


def _display_value(item: Mapping[str, Any], value: Any, language: str) -> str:
    """An answer as a person reads it: the cleaned value when it is valid (so "sí" reads "Sí"
    and options keep their order), else what was typed."""
    if value is None or value == "" or value == []:
        return ""
    kind = registry.get(str(item.get("type")))
    try:
        cleaned = kind.clean(item, value) if kind is not None else value
    except FieldValueError:
        return str(value)
    return answer_text(item, cleaned, language)


def _summary_context(
    request: HttpRequest,
    filing: Filing,
    errors: list[ErrorDetail],
    form: SubmissionForm | None = None,
) -> dict[str, Any]:
    language = definition_language()
    answers = _with_files(filing, filing.answers)
    visible, _required = active_items(filing.definition, answers)
    sections = []
    for step in filing.steps:
        if not step.fields:
            continue
        rows = [
            {
                "label": text_in(item.get("label"), language),
                "value": _display_value(item, answers.get(item["id"]), language),
            }
            for item in step.fields
            if item["id"] in visible
        ]
        sections.append({"step": step, "rows": rows})
    stored = _draft_documents(filing)
    documents = [
        {
            "name": text_in(document.get("name"), language),
            "stored": stored.get(document["id"]),
        }
        for document in iter_documents(filing.definition)
        if document["id"] in visible
    ]
    notice = privacy_notice(connection.tenant)  # type: ignore[attr-defined]
    if form is None:
        form = SubmissionForm(
            initial={
                "idempotency_key": SubmissionForm.new_key(),
                "privacy_notice_version": notice.version,
            }
        )
    error_links = []
    privacy_errors = [_message(error) for error in errors if error.location == "privacy_notice"]
    for error in errors:
        if error.location == "privacy_notice":
            continue
        where = filing.step_of(error.location) if error.location else None
        anchor = (
            f"#documento-{error.location}-archivo"
            if where is not None and where.id == DOCUMENTS_STEP
            else _field_anchor(filing, error.location)
        )
        error_links.append(
            {
                "message": _message(error),
                "url": f"{where.url}{anchor}" if where is not None else "",
                "step": where.title if where is not None else "",
            }
        )
    return {
        "filing": filing,
        "app": filing.app,
        "key": filing.key,
        "step": filing.step(SUMMARY_STEP),
        **_wizard_page(filing, SUMMARY_STEP),
        "previous": filing.neighbours(SUMMARY_STEP)[0],
        "sections": sections,
        "documents": documents,
        "notice": notice,
        "notice_text": notice.text(language),
        "form": form,
        "error_links": error_links,
        "privacy_errors": privacy_errors,
        "email_verified": getattr(request.user, "email_verified", True),
        "procedure_name": text_in(
            (filing.definition.get("metadata") or {}).get("citizen_name"), language
        ),
    }


@login_required
@require_GET
def filing_summary(request: HttpRequest, key: str) -> HttpResponse:
    filing = _filing(request, key)
    if (refused := _unavailable(request, filing)) is not None:
        return refused
    if filing.draft is None:
        return redirect(filing.steps[0].url)
    return render(request, "cases/filing_summary.html", _summary_context(request, filing, []))


@login_required
@require_POST
def filing_submit(request: HttpRequest, key: str) -> HttpResponse:
    form = SubmissionForm(request.POST)
    filing = _filing(request, key)
    if filing.draft is None:
        # A retry of a form already accepted (reload, back and submit again) finds its case:
        # the draft it came from is gone. (A double click's second request waits inside
        # case_submit for the first and gets the same case.)
        try:
            sent_key = uuid.UUID(request.POST.get("idempotency_key", ""))
        except ValueError:
            sent_key = None
        existing = (
            Case.objects.filter(idempotency_key=sent_key, applicant=request.user).first()
            if sent_key is not None
            else None
        )
        if existing is not None:
            return redirect("cases:case_confirmation", public_id=existing.public_id)
        return redirect(filing.steps[0].url)
    if (refused := _unavailable(request, filing)) is not None:
        return refused
    if not form.is_valid():
        return render(
            request,
            "cases/filing_summary.html",
            _summary_context(request, filing, [], form=form),
            status=422,
        )
    try:
        case = services.case_submit(
            applicant=request.user,
            enabled_app=filing.app,
            answers=filing.answers,
            idempotency_key=form.cleaned_data["idempotency_key"],
            privacy_notice_version=form.cleaned_data["privacy_notice_version"],
        )
    except ApplicationError as error:
        return render(
            request,
            "cases/filing_summary.html",
            _summary_context(request, filing, list(error.errors), form=form),
            status=422,
        )
    return redirect("cases:case_confirmation", public_id=case.public_id)


@login_required
@require_POST
def filing_autosave(request: HttpRequest, key: str) -> HttpResponse:
    """The browser script's debounced save of the step being typed (no validation, no files)."""
    filing = _filing(request, key)
    if filing.app.status != EnabledAppStatus.LIVE:
        return JsonResponse({"saved": False}, status=409)
    step_id = request.POST.get("paso", "")
    step = filing.step(step_id)
    changes = answers_from_post(step.fields, request.POST)
    _save_draft(filing, request, merge_answers(filing.answers, changes), step.id)
    assert filing.draft is not None
    return JsonResponse({"saved": True, "updated_at": filing.draft.updated_at.isoformat()})


# --- my procedures ------------------------------------------------------------------------------


def _state_label(definition: Mapping[str, Any], state_id: str) -> str:
    return text_in(workflow.state_name(definition, state_id), definition_language())


def _case_name(case: Case) -> str:
    return text_in(case.procedure_name, definition_language()) or case.folio


@login_required
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    # The version is joined for its workflow's state names (one query for the whole list).
    cases = selectors.cases_of_applicant(request.user).select_related("version")
    rows = [
        {
            "case": case,
            "name": _case_name(case),
            "status": _state_label(case.version.definition, case.status),
        }
        for case in cases
    ]
    drafts = (
        CaseDraft.objects.filter(applicant=request.user)
        .select_related("enabled_app", "enabled_app__version")
        .order_by("-updated_at", "-id")
    )
    draft_rows = [
        {
            "draft": draft,
            "name": text_in(
                (draft.enabled_app.version.definition.get("metadata") or {}).get("citizen_name"),
                definition_language(),
            ),
            "url": reverse("cases:filing", args=[str(draft.enabled_app.public_id)]),
        }
        for draft in drafts
    ]
    return render(request, "cases/my_cases.html", {"rows": rows, "drafts": draft_rows})


def _case_or_404(request: HttpRequest, public_id: uuid.UUID) -> Case:
    try:
        return selectors.case_get_for_applicant(applicant=request.user, public_id=public_id)
    except Case.DoesNotExist:
        raise Http404 from None


def _correction_context(
    case: Case, definition: dict[str, Any], answers: Mapping[str, Any], errors: list[ErrorDetail]
) -> dict[str, Any]:
    language = definition_language()
    fields = list(iter_fields(definition))
    field_ids = {item["id"] for item in fields}
    document_list = list(iter_documents(definition))
    document_ids = {document["id"] for document in document_list}
    filing = Filing(
        key=str(case.enabled_app.public_id),
        app=case.enabled_app,
        definition=definition,
        draft=None,
        steps=[],
        local_values=local_values_key(case.enabled_app),
    )
    return {
        "fields_html": _render_fields(filing, fields, answers, errors),
        "documents": [
            {
                "id": document["id"],
                "name": text_in(document.get("name"), language),
                "accept": ",".join(document.get("accept") or []),
                "formats": ", ".join(
                    item.split("/")[-1].upper() for item in document.get("accept") or []
                ),
                "max_size_mb": document.get("max_size_mb"),
                "errors": [_message(e) for e in errors if e.location == document["id"]],
            }
            for document in document_list
        ],
        "general_errors": _plain_messages(
            e for e in errors if e.location not in field_ids | document_ids
        ),
    }


def _case_context(
    case: Case, *, answers: Mapping[str, Any] | None = None, errors: list[ErrorDetail] = ()
) -> dict[str, Any]:
    definition = selectors.case_definition(case)
    language = definition_language()
    events = [
        {
            "event": event,
            "from_label": _state_label(definition, event.from_status) if event.from_status else "",
            "to_label": _state_label(definition, event.to_status) if event.to_status else "",
        }
        for event in selectors.case_events(case)
    ]
    awaiting = workflow.correction_transition(definition, case.status) is not None
    return {
        "case": case,
        "name": _case_name(case),
        "status": _state_label(definition, case.status),
        "events": events,
        "office_messages": [row for row in events if row["event"].kind == "message_from_office"],
        "documents": list(selectors.case_documents(case)),
        "outputs": list(selectors.case_outputs(case)),
        "correction": _correction_context(
            case, definition, case.answers if answers is None else answers, list(errors)
        )
        if awaiting
        else None,
        "answers": [
            {
                "label": text_in(item.get("label"), language),
                "value": _display_value(item, case.answers[item["id"]], language),
            }
            for item in iter_fields(definition)
            if item["id"] in case.answers
        ],
    }


@login_required
@require_GET
def case_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(request, public_id)
    return render(request, "cases/case_detail.html", _case_context(case))


@login_required
@require_GET
def case_confirmation(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(request, public_id)
    return render(
        request,
        "cases/case_confirmation.html",
        {"case": case, "acuse": selectors.case_acuse(case), "name": _case_name(case)},
    )


@login_required
@require_POST
def case_correction(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = _case_or_404(request, public_id)
    definition = selectors.case_definition(case)
    if workflow.correction_transition(definition, case.status) is None:
        messages.error(request, _("Esta solicitud no espera correcciones."))
        return redirect("cases:case_detail", public_id=case.public_id)
    fields = list(iter_fields(definition))
    answers = merge_answers(case.answers, answers_from_post(fields, request.POST))
    errors: list[ErrorDetail] = []
    # Each replacement file is checked and stored on its own; a refused one stores nothing.
    for item_id in [d["id"] for d in iter_documents(definition)] + [
        item["id"] for item in fields if item.get("type") in FILE_TYPES
    ]:
        uploaded = request.FILES.get(item_id)
        if uploaded is None:
            continue
        try:
            services.document_upload(
                applicant=request.user,
                enabled_app=case.enabled_app,
                document_id=item_id,
                uploaded_file=uploaded,
                case=case,
            )
        except ApplicationError as error:
            errors.extend(_located(error, item_id))
    if not errors:
        try:
            services.case_reply_to_correction(
                applicant=request.user,
                case=case,
                answers=answers,
                message=request.POST.get("mensaje", ""),
            )
        except ApplicationError as error:
            errors.extend(error.errors)
    if errors:
        context = _case_context(case, answers=answers, errors=errors)
        return render(request, "cases/case_detail.html", context, status=422)
    messages.success(request, _("Enviamos tu corrección a la oficina."))
    return redirect("cases:case_detail", public_id=case.public_id)


def _located(error: ApplicationError, location: str) -> list[ErrorDetail]:
    return [
        ErrorDetail(detail.code, detail.message_es, detail.message_en, detail.location or location)
        for detail in error.errors
    ]


@login_required
@require_GET
def case_document_download(
    request: HttpRequest, public_id: uuid.UUID, document_id: uuid.UUID
) -> HttpResponse:
    try:
        document = selectors.document_get_for_user(
            user=request.user, document_public_id=document_id, case_public_id=public_id
        )
    except CaseDocument.DoesNotExist:
        raise Http404 from None
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def case_output_download(
    request: HttpRequest, public_id: uuid.UUID, output_id: uuid.UUID
) -> HttpResponse:
    try:
        output = selectors.output_get_for_user(user=request.user, public_id=output_id)
    except CaseOutput.DoesNotExist:
        raise Http404 from None
    if output.case.public_id != public_id:
        raise Http404
    content = output_render(
        output=output, site_url=f"{request.scheme}://{request.get_host()}"
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{output.kind}-{output.case.folio}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- public verification ------------------------------------------------------------------------


@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public (no sign-in): what the QR code on an acuse or resolution opens."""
    result = verification.verify_token(token)
    valid = result is not None and result.valid
    return render(
        request,
        "cases/verify.html",
        {
            "valid": valid,
            "result": result if valid else None,
            "title": text_in(result.title, definition_language()) if valid else "",
        },
        status=200 if valid else 404,
    )
