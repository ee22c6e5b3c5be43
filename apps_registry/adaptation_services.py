"""Writes on a government's own wording of an adopted app (apps_registry.adaptations).

Every function runs in one transaction on the current schema (the host's government), refuses
with located Spanish and English errors and writes nothing then, and records each change in the
enabled app's history: ADAPTED for a new or changed wording, ADAPTATION_REVIEWED when the
adopter decides on one whose source changed upstream (kept, rewritten or dropped).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from apps_registry import errors
from apps_registry.adaptations import (
    AdaptableText,
    adaptable_texts,
    clean_text,
    is_override_target,
)
from apps_registry.models import EnabledApp, EnabledAppAction, EnabledAppStatus
from apps_registry.services import ENABLED_APP_WRITERS, _event, _locked, _transition_error
from catalog.definition.consistency import resolve_pointer
from catalog.definition.variables import check_variables
from core.actors import Actor
from core.errors import ApplicationError, ErrorDetail

# A text (adopt or rewrite) or None (back to the publisher's text).
Change = Mapping[str, Any] | None


@transaction.atomic
def enabled_app_adapt(
    *, enabled_app: EnabledApp, pointer: str, text: Mapping[str, Any], actor: Actor
) -> EnabledApp:
    """Set the government's own wording of the text at `pointer` of the pinned version.

    Refused for a pointer the version does not have, one that is not a citizen-visible text
    (ids, types, rules, amounts and the workflow stay the publisher's; override points are set
    as local values), an empty Spanish text and an unknown {{variable}}. A text equal to the
    publisher's is no adaptation: any stored one is removed. Rewriting one flagged as changed
    upstream counts as its review."""
    return enabled_app_adaptations_save(
        enabled_app=enabled_app, changes={pointer: text}, actor=actor
    )


@transaction.atomic
def enabled_app_unadapt(*, enabled_app: EnabledApp, pointer: str, actor: Actor) -> EnabledApp:
    """Back to the publisher's text at `pointer`. Works for a pointer the pinned version no
    longer has (the publisher removed the text): that is how such an adaptation is dropped."""
    return enabled_app_adaptations_save(
        enabled_app=enabled_app, changes={pointer: None}, actor=actor
    )


@transaction.atomic
def enabled_app_keep_adaptation(
    *, enabled_app: EnabledApp, pointer: str, actor: Actor
) -> EnabledApp:
    """Keep the government's wording of a text whose source changed upstream: the new
    publisher's text becomes its source and the flag goes."""
    actor.require(*ENABLED_APP_WRITERS)
    enabled_app = _writable(enabled_app)
    adaptation = enabled_app.adaptations.get(pointer)
    if adaptation is None:
        raise _not_found(pointer)
    texts = {item.pointer: item for item in adaptable_texts(enabled_app.version.definition)}
    now = texts.get(pointer)
    if now is None:
        raise ApplicationError.single(
            errors.ADAPTATION_POINTER_UNKNOWN,
            f"La versión {enabled_app.version.version} ya no tiene el texto «{pointer}»: solo "
            "puede descartar su redacción.",
            f"Version {enabled_app.version.version} no longer has the text '{pointer}': you "
            "can only drop your wording.",
            pointer,
        )
    if not adaptation.get("source_changed"):
        return enabled_app
    kept = {**adaptation, "source": dict(now.text), "source_changed": False}
    enabled_app.adaptations = {**enabled_app.adaptations, pointer: kept}
    enabled_app.save(update_fields=["adaptations", "updated_at"])
    _event(
        enabled_app,
        EnabledAppAction.ADAPTATION_REVIEWED,
        actor,
        _review_data(pointer, "keep", adaptation, kept, now),
    )
    return enabled_app


@transaction.atomic
def enabled_app_adaptations_save(
    *, enabled_app: EnabledApp, changes: Mapping[str, Change], actor: Actor
) -> EnabledApp:
    """Several changes at once, all or nothing (the "Redacción propia" screen): pointer → a
    text to adopt, or None to go back to the publisher's. Every problem of every text is
    reported together."""
    actor.require(*ENABLED_APP_WRITERS)
    enabled_app = _writable(enabled_app)
    definition = enabled_app.version.definition
    texts = {item.pointer: item for item in adaptable_texts(definition)}
    adaptations = dict(enabled_app.adaptations)
    problems: list[ErrorDetail] = []
    events: list[tuple[EnabledAppAction, dict[str, Any]]] = []
    for pointer, change in changes.items():
        before = adaptations.get(pointer)
        if change is None:
            if before is None:
                problems.append(_not_found(pointer).errors[0])
                continue
            del adaptations[pointer]
            events.append(_change_event(pointer, before, None, texts.get(pointer)))
            continue
        cleaned, found = _validated(definition, texts, pointer, change, enabled_app)
        if found:
            problems.extend(found)
            continue
        now = texts[pointer]
        if cleaned == dict(now.text):
            # The publisher's own text: nothing to adapt.
            if before is not None:
                del adaptations[pointer]
                events.append(_change_event(pointer, before, None, now))
            continue
        after = {"text": cleaned, "source": dict(now.text), "source_changed": False}
        if before == after:
            continue
        adaptations[pointer] = after
        events.append(_change_event(pointer, before, after, now))
    if problems:
        raise ApplicationError(problems)
    if not events:
        return enabled_app
    enabled_app.adaptations = adaptations
    enabled_app.save(update_fields=["adaptations", "updated_at"])
    for action, data in events:
        _event(enabled_app, action, actor, data)
    return enabled_app


# --- helpers ------------------------------------------------------------------------------------


def _writable(enabled_app: EnabledApp) -> EnabledApp:
    enabled_app = _locked(enabled_app)
    if enabled_app.status == EnabledAppStatus.DISABLED:
        raise _transition_error(
            enabled_app, "cambiar la redacción propia de", "change the own wording of"
        )
    return enabled_app


def _validated(
    definition: Mapping[str, Any],
    texts: Mapping[str, AdaptableText],
    pointer: str,
    text: Mapping[str, Any],
    enabled_app: EnabledApp,
) -> tuple[dict[str, str], list[ErrorDetail]]:
    version = enabled_app.version.version
    if pointer not in texts:
        found, _value = (
            resolve_pointer(definition, pointer)
            if isinstance(pointer, str) and pointer.startswith("/")
            else (False, None)
        )
        if not found:
            return {}, [
                ErrorDetail(
                    errors.ADAPTATION_POINTER_UNKNOWN,
                    f"«{pointer}» no señala ningún texto de la versión {version} de este trámite.",
                    f"'{pointer}' points to no text of version {version} of this procedure.",
                    str(pointer),
                )
            ]
        if is_override_target(definition, pointer):
            return {}, [
                ErrorDetail(
                    errors.ADAPTATION_NOT_ADAPTABLE,
                    "Ese valor es un ajuste local del trámite: cámbielo en «Valores locales».",
                    "That value is one of the procedure's local settings: change it under "
                    "'Local values'.",
                    pointer,
                )
            ]
        return {}, [
            ErrorDetail(
                errors.ADAPTATION_NOT_ADAPTABLE,
                "Solo se pueden redactar los textos que lee la ciudadanía: identificadores, "
                "tipos, reglas, montos y el flujo del expediente son del gobierno que publica.",
                "Only texts citizens read can be reworded: ids, types, rules, amounts and the "
                "case workflow stay the publisher's.",
                pointer,
            )
        ]
    cleaned = clean_text(text)
    problems = []
    if "es-MX" not in cleaned:
        problems.append(
            ErrorDetail(
                errors.ADAPTATION_TEXT_REQUIRED,
                "Escriba el texto en español.",
                "Write the text in Spanish.",
                f"{pointer}/es-MX",
            )
        )
    # check_variables locates at "/<language>" of the text given: moved under the pointer.
    for problem in check_variables(cleaned):
        problems.append(
            ErrorDetail(
                problem.code, problem.message_es, problem.message_en, f"{pointer}{problem.location}"
            )
        )
    return cleaned, problems


def _change_event(
    pointer: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    now: AdaptableText | None,
) -> tuple[EnabledAppAction, dict[str, Any]]:
    if before is not None and before.get("source_changed"):
        decision = "drop" if after is None else "rewrite"
        return EnabledAppAction.ADAPTATION_REVIEWED, _review_data(
            pointer, decision, before, after, now
        )
    return EnabledAppAction.ADAPTED, {
        "pointer": pointer,
        "before": (before or {}).get("text"),
        "after": (after or {}).get("text"),
    }


def _review_data(
    pointer: str,
    decision: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any] | None,
    now: AdaptableText | None,
) -> dict[str, Any]:
    return {
        "pointer": pointer,
        "decision": decision,
        "before": before.get("text"),
        "after": (after or {}).get("text"),
        "old_source": before.get("source"),
        "new_source": dict(now.text) if now is not None else None,
    }


def _not_found(pointer: str) -> ApplicationError:
    return ApplicationError.single(
        errors.ADAPTATION_NOT_FOUND,
        "Ese texto no tiene redacción propia.",
        "That text has no own wording.",
        str(pointer),
    )
