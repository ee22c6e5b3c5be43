"""The citizen's filing wizard as a page model: its steps (the definition's, then documents and
the summary), the draft and its files, and each page's context. Parts that are the same for
everyone are rendered once and kept in the pages cache (core.pagecache)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
)
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps_registry.models import EnabledApp
from apps_registry.selectors import (
    cached_effective_definition,
    effective_key,
)
from cases import selectors
from cases.filing.forms import SubmissionForm
from cases.filing.privacy import privacy_notice
from cases.filing.selectors import draft_from_row, procedure_for_citizen
from cases.models import CaseDocument, CaseDraft
from catalog.definition import Definition, active_items
from catalog.definition.field_types import registry
from catalog.definition.rendering import _field_context
from catalog.definition.rules import iter_documents, iter_fields, logic_answers
from core import pagecache
from core.errors import ErrorDetail
from core.i18n import content_language, text_in

DOCUMENTS_STEP = "_documentos"
SUMMARY_STEP = "_resumen"


def error_message(error: ErrorDetail) -> str:
    return error.message


def error_messages(errors: Iterable[ErrorDetail]) -> list[str]:
    return [error_message(error) for error in errors]


# --- the filing wizard --------------------------------------------------------------------------


@dataclass(frozen=True)
class WizardKey:
    """What the parts of a wizard that are the same for everyone depend on (the cache key of
    wizard_steps and _wizard_intro_html): the pinned version and local values, the language,
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
    """One page of the wizard. Shared by every request (see wizard_steps): never modify it,
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
    # The app's local values as a cache key (see effective_key).
    local_values: str
    # The draft's files, read once per request (see draft_documents); None: not read yet.
    documents: dict[str, CaseDocument] | None = None

    @cached_property
    def app_definition(self) -> Definition:
        """The definition, read through its typed wrapper (built once per request)."""
        return Definition(self.definition)

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


def filing_load(request: HttpRequest, key: str) -> Filing:
    app = procedure_for_citizen(key, with_draft_of=request.user)
    local_values = effective_key(app)
    steps = wizard_steps(
        WizardKey.now(version_id=app.version_id, local_values=local_values, key=key)
    )
    return Filing(
        key=key,
        app=app,
        definition=cached_effective_definition(app.version_id, local_values),
        draft=draft_from_row(app, request.user),
        steps=steps,
        local_values=local_values,
    )


# Parsed objects, not HTML: they stay in this process (pagecache.clear() empties them too). In
# the "pages" alias every page of the wizard would unpickle the steps and copies of their fields'
# definitions, where this is one dictionary look-up; they come from an immutable version and the
# key, so a process never holds a stale one.
@lru_cache(maxsize=512)
def wizard_steps(wizard: WizardKey) -> tuple[WizardStep, ...]:
    """The wizard's steps with their titles and addresses: the same for everyone who comes with
    this key, so built once per process. Shared: never modify them."""
    definition = Definition(cached_effective_definition(wizard.version_id, wizard.local_values))
    key, urlconf = wizard.key, wizard.urlconf
    with translation.override(wizard.language):
        texts = content_language()
        steps = [
            WizardStep(
                id=str(step["id"]),
                title=text_in(step.get("title"), texts),
                url=reverse("cases:filing_step", urlconf, args=[key, step["id"]]),
                fields=tuple(
                    item for item in step.get("fields") or [] if isinstance(item, Mapping)
                ),
            )
            for step in definition.steps
            if isinstance(step.get("id"), str)
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


pagecache.also_clear(wizard_steps.cache_clear)


def draft_documents(filing: Filing) -> dict[str, CaseDocument]:
    """The draft's current file for each document or file field id."""
    if filing.draft is None:
        return {}
    if filing.documents is None:
        filing.documents = selectors.draft_documents(filing.draft)
    return filing.documents


def with_files(filing: Filing, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers with each file field's value taken from its stored upload, as the server
    validates them (a draft keeps no file values of its own)."""
    documents = draft_documents(filing)
    merged = dict(answers)
    for item in iter_fields(filing.definition):
        if registry.stores_upload(item):
            document = documents.get(item["id"])
            if document is not None:
                merged[item["id"]] = document.metadata
            else:
                merged.pop(item["id"], None)
    return merged


def field_anchor(filing: Filing, field_id: str) -> str:
    """Where an error summary's link takes the citizen: the field's input, or its group."""
    for item in iter_fields(filing.definition):
        if item["id"] == field_id:
            # A group of inputs (a fieldset): the link points to the group.
            grouped = registry.is_grouped(item)
            return f"#campo-{field_id}-grupo" if grouped else f"#campo-{field_id}"
    return f"#campo-{field_id}"


def wizard_page(filing: Filing, step_id: str) -> dict[str, Any]:
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


def _filing_head_html(static_url: str) -> SafeString:
    """The wizard's styles and scripts: their addresses only change with a deployment (kept by
    STATIC_URL, so a changed setting is followed)."""
    return pagecache.cached_html(
        "filing-head", (static_url,), lambda: render_to_string("cases/_filing_head.html")
    )


def _wizard_intro_html(wizard: WizardKey, step_id: str) -> SafeString:
    """The top of a wizard page (procedure, step title, progress, the steps), rendered once and
    kept in the "pages" cache: it depends on nothing but the wizard's key and the step."""
    return pagecache.cached_html(
        "wizard-intro", (wizard, step_id), lambda: _render_wizard_intro(wizard, step_id)
    )


def _render_wizard_intro(wizard: WizardKey, step_id: str) -> str:
    steps = wizard_steps(wizard)
    definition = Definition(cached_effective_definition(wizard.version_id, wizard.local_values))
    number = next(number for number, step in enumerate(steps, start=1) if step.id == step_id)
    with translation.override(wizard.language):
        return render_to_string(
            "cases/_wizard_intro.html",
            {
                "procedure_url": reverse("cases:procedure", wizard.urlconf, args=[wizard.key]),
                "procedure_name": text_in(definition.citizen_name, content_language()),
                "step": steps[number - 1],
                "step_number": number,
                "step_count": len(steps),
                "steps_nav": [
                    {"title": step.title, "url": step.url, "current": step.id == step_id}
                    for step in steps
                ],
            },
        )


def _autosave_url(key: str, urlconf: str | None, script_prefix: str) -> str:
    # The script prefix is part of the key: reverse() writes it into the address.
    return pagecache.cached_text(
        "autosave-url",
        (key, urlconf, script_prefix),
        lambda: reverse("cases:filing_autosave", urlconf, args=[key]),
    )


def render_fields(
    filing: Filing,
    fields: Sequence[Mapping[str, Any]],
    answers: Mapping[str, Any],
    errors: list[ErrorDetail],
) -> SafeString:
    """One step's fields with the definition's own field template: rules are evaluated over the
    WHOLE draft (a step's field may depend on an answer given in an earlier step)."""
    language = content_language()
    visible = required = None
    if answers:
        visible, required = active_items(filing.definition, with_files(filing, answers))
    rules_by_target = filing.app_definition.rules_by_target
    documents = draft_documents(filing)
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
        if registry.stores_upload(item):
            # A file already given is kept: the input is then optional for the browser.
            context["stored"] = documents.get(item["id"])
            if context["stored"] is not None:
                context["required"] = False
        parts.append(render_to_string("cases/_field.html", {"field": context}))
    return mark_safe("".join(parts))  # noqa: S308 - rendered by the auto-escaping templates above


def _blank_fields_html(
    version_id: int, local_values: str, step_id: str, language: str, day: dt.date
) -> SafeString:
    """A step's fields before anything is typed: the same for every citizen, so rendered once
    and kept in the "pages" cache (per language and day: "today" limits of dates change at
    midnight)."""
    return pagecache.cached_html(
        "blank-fields",
        (version_id, local_values, step_id, language, day),
        lambda: _render_blank_fields(version_id, local_values, step_id),
    )


def _render_blank_fields(version_id: int, local_values: str, step_id: str) -> SafeString:
    definition = cached_effective_definition(version_id, local_values)
    filing = Filing(
        key="",
        app=EnabledApp(),
        definition=definition,
        draft=None,
        steps=[],
        local_values=local_values,
    )
    step = filing.app_definition.step(step_id)
    if step is None:
        return mark_safe("")
    fields = [dict(item) for item in step.get("fields") or [] if isinstance(item, Mapping)]
    return render_fields(filing, fields, {}, [])


def _logic_context(filing: Filing, exclude: Iterable[str]) -> dict[str, Any]:
    """Answers of the OTHER steps as the rules see them, for the browser script."""
    if filing.draft is None:  # nothing answered, no file given: no need to look further
        return {}
    excluded = set(exclude)
    answers = with_files(filing, filing.answers)
    if not answers:
        return {}
    # Hidden fields do not count as answered (as in active_items).
    visible, _required = active_items(filing.definition, answers)
    values = logic_answers(filing.definition, answers)
    return {key: value for key, value in values.items() if key in visible and key not in excluded}


def step_context(
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
        **wizard_page(filing, step.id),
        "autosave_url": _autosave_url(filing.key, get_urlconf(), get_script_prefix()),
        "previous": before,
        "next": after,
        "fields_html": _blank_fields_html(
            filing.app.version_id,
            filing.local_values,
            step.id,
            content_language(),
            timezone.localdate(),
        )
        if not answers and not errors and not draft_documents(filing)
        else render_fields(filing, step.fields, answers, errors),
        "error_links": [
            {"message": error_message(error), "anchor": field_anchor(filing, error.location)}
            for error in located
        ],
        "general_errors": error_messages(general),
        "logic_data": _logic_context(filing, step_ids),
        "has_files": any(registry.stores_upload(item) for item in step.fields),
        "procedure_name": text_in(filing.app_definition.citizen_name, content_language()),
    }


def documents_context(
    filing: Filing, answers: Mapping[str, Any], errors: list[ErrorDetail]
) -> dict[str, Any]:
    language = content_language()
    answers = with_files(filing, answers)
    visible, required = active_items(filing.definition, answers)
    rules: dict[str, dict[str, list[Any]]] = {}
    for rule in filing.app_definition.rules:
        bucket = rules.setdefault(rule["target"], {"show": [], "require": []})
        bucket["show" if rule.get("effect") == "show" else "require"].append(rule.get("when"))
    stored = draft_documents(filing)
    documents = []
    for document in iter_documents(filing.definition):
        document_id = document["id"]
        target = rules.get(document_id, {"show": [], "require": []})
        show_when = list(target["show"])
        messages_here = [error_message(error) for error in errors if error.location == document_id]
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
        **wizard_page(filing, DOCUMENTS_STEP),
        "previous": before,
        "documents": documents,
        "error_links": [
            {"message": error_message(error), "anchor": f"#documento-{error.location}-archivo"}
            for error in errors
            if error.location in located_ids
        ],
        "general_errors": error_messages(e for e in errors if e.location not in located_ids),
        "logic_data": logic_answers(filing.definition, answers),
        "procedure_name": text_in(filing.app_definition.citizen_name, language),
    }


def missing_documents(filing: Filing, answers: Mapping[str, Any]) -> list[ErrorDetail]:
    _visible, required = active_items(filing.definition, with_files(filing, answers))
    stored = draft_documents(filing)
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


def summary_context(
    request: HttpRequest,
    filing: Filing,
    errors: list[ErrorDetail],
    form: SubmissionForm | None = None,
) -> dict[str, Any]:
    language = content_language()
    answers = with_files(filing, filing.answers)
    visible, _required = active_items(filing.definition, answers)
    sections = []
    for step in filing.steps:
        if not step.fields:
            continue
        rows = [
            {
                "label": text_in(item.get("label"), language),
                "value": registry.display_submitted(item, answers.get(item["id"]), language),
            }
            for item in step.fields
            if item["id"] in visible
        ]
        sections.append({"step": step, "rows": rows})
    stored = draft_documents(filing)
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
    privacy_errors = [
        error_message(error) for error in errors if error.location == "privacy_notice"
    ]
    for error in errors:
        if error.location == "privacy_notice":
            continue
        where = filing.step_of(error.location) if error.location else None
        anchor = (
            f"#documento-{error.location}-archivo"
            if where is not None and where.id == DOCUMENTS_STEP
            else field_anchor(filing, error.location)
        )
        error_links.append(
            {
                "message": error_message(error),
                "url": f"{where.url}{anchor}" if where is not None else "",
                "step": where.title if where is not None else "",
            }
        )
    return {
        "filing": filing,
        "app": filing.app,
        "key": filing.key,
        "step": filing.step(SUMMARY_STEP),
        **wizard_page(filing, SUMMARY_STEP),
        "previous": filing.neighbours(SUMMARY_STEP)[0],
        "sections": sections,
        "documents": documents,
        "notice": notice,
        "notice_text": notice.text(language),
        "form": form,
        "error_links": error_links,
        "privacy_errors": privacy_errors,
        "email_verified": getattr(request.user, "email_verified", True),
        "procedure_name": text_in(filing.app_definition.citizen_name, language),
    }
