"""Proposals back to the publisher: an adopting government suggests new wording for one text of
a published version it adopted (one of its adaptations, or any text); the publisher accepts it
(the text lands in its next draft) or declines it with a reason; both sides see the outcome.

Proposals live in the public schema and are read only by the two governments involved: for any
other government a proposal is "not found", whatever id it guesses. The adopter's side (its
enabled app, its history row) is apps_registry's: `apps_registry.proposals` checks that the
sender adopted the app and calls `proposal_send` here; the catalogue never reads a tenant schema.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from catalog import errors
from catalog.definition.consistency import resolve_pointer
from catalog.definition.variables import check_variables, is_translatable
from catalog.models import (
    AppVersion,
    AuditAction,
    CatalogApp,
    Proposal,
    ProposalStatus,
    parse_semver,
)
from catalog.services.apps import version_draft_save
from catalog.services.common import catalog_audit
from core.actors import Actor, ActorRole
from core.errors import ApplicationError, ErrorDetail
from core.i18n import text_in
from tenants.models import Government

# The adopter's administrators send (as they adapt its wording); the publisher's editors and
# administrators decide (as they edit its drafts). The platform acts for both in the demo.
PROPOSAL_SENDERS = (ActorRole.ADMINISTRATOR, ActorRole.SYSTEM)
PROPOSAL_DECIDERS = (ActorRole.CATALOG_EDITOR, ActorRole.ADMINISTRATOR, ActorRole.SYSTEM)
LANGUAGES = ("es-MX", "en")
MAX_TEXT_LENGTH = 5000
MAX_COMMENT_LENGTH = 2000
# Texts of the definition no citizen reads: the labels of override points are the adopter's
# back office, not the publisher's wording to improve.
NOT_PROPOSABLE_PREFIXES = ("/overrides",)


# --- reads --------------------------------------------------------------------------------------


def _involving(government: Government) -> Q:
    return Q(sender=government) | Q(app__publisher=government)


def _proposals() -> QuerySet[Proposal]:
    return Proposal.objects.select_related(
        "app", "app__publisher", "version", "sender", "landed_in"
    )


def proposal_get(*, government: Government, public_id: uuid.UUID | str) -> Proposal | None:
    """One proposal the government sent or received; None for anything else (another pair of
    governments, a malformed id, nothing at all): the same answer for all."""
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        return None
    return _proposals().filter(_involving(government), public_id=key).first()


def proposals_received(
    *, government: Government, app: CatalogApp | None = None
) -> QuerySet[Proposal]:
    """Proposals on the government's own apps (one app's when given), pending first, newest
    first within each state."""
    found = _proposals().filter(app__publisher=government)
    if app is not None:
        found = found.filter(app=app)
    return found.order_by(_pending_first(), "-created_at", "-id")


def proposals_sent(*, government: Government, app: CatalogApp | None = None) -> QuerySet[Proposal]:
    """Proposals the government sent (on one app when given), newest first."""
    found = _proposals().filter(sender=government)
    if app is not None:
        found = found.filter(app=app)
    return found.order_by("-created_at", "-id")


def pending_counts(*, government: Government) -> dict[int, int]:
    """App id → pending proposals on it, for the government's own apps (its list's badge)."""
    rows = (
        Proposal.objects.filter(app__publisher=government, status=ProposalStatus.PENDING)
        .values("app_id")
        .annotate(count=Count("id"))
    )
    return {row["app_id"]: row["count"] for row in rows}


def _pending_first() -> Case:
    return Case(
        When(status=ProposalStatus.PENDING, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


# --- the texts one may propose on ---------------------------------------------------------------


# The words of apps_registry.adaptations (the adopter's "Redacción propia" screen), so both
# governments read the same place the same way: items of a list by their kind...
_ITEM_NOUNS: dict[str, tuple[str, str]] = {
    "steps": ("Paso", "Step"),
    "fields": ("Pregunta", "Question"),
    "options": ("Opción", "Option"),
    "documents": ("Documento", "Document"),
    "concepts": ("Concepto de pago", "Fee"),
    "states": ("Estado", "Status"),
    "transitions": ("Acción", "Action"),
    "outputs": ("Documento emitido", "Issued document"),
    "modalities": ("Modalidad", "Modality"),
}
# ...parts that are not lists (the form and the workflow go without saying)...
_SECTIONS: dict[str, tuple[str, str]] = {
    "metadata": ("Ficha del trámite", "Procedure sheet"),
    "fees": ("Pagos", "Fees"),
    "validity": ("Vigencia", "Validity"),
    "form": ("", ""),
    "workflow": ("", ""),
}
# ...and which text of the item it is.
_ATTRIBUTES: dict[str, tuple[str, str]] = {
    "name": ("nombre", "name"),
    "citizen_name": ("nombre para la ciudadanía", "name shown to citizens"),
    "description": ("descripción", "description"),
    "title": ("título", "title"),
    "label": ("texto", "text"),
    "help": ("texto de ayuda", "help text"),
    "pattern_message": ("mensaje de formato no válido", "invalid format message"),
    "concept": ("concepto", "concept"),
    "notes": ("notas", "notes"),
    "body": ("texto", "body"),
}


def describe_location(definition: Mapping[str, Any], pointer: str, language: str) -> str:
    """A pointer in words ("Paso «Datos» › Pregunta «Nombre» › texto"). Items of a list are
    named by their own title, label or id, so the publisher recognises them; unknown keys read
    as themselves."""
    english = language == "en"
    parts: list[str] = []
    node: Any = definition
    noun = ""
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
            own = _item_name(node, language) or str(int(token) + 1)
            quoted = f"'{own}'" if english else f"«{own}»"
            parts.append(f"{noun} {quoted}" if noun else quoted)
            continue
        node = node[token] if isinstance(node, Mapping) and token in node else None
        if token in LANGUAGES:
            continue
        if token in _ITEM_NOUNS and isinstance(node, list):
            noun = _ITEM_NOUNS[token][english]
            continue
        words = _SECTIONS.get(token) or _ATTRIBUTES.get(token)
        word = words[english] if words is not None else token
        if word:
            parts.append(word)
    return " › ".join(parts) or pointer


def _item_name(item: Any, language: str) -> str:
    if not isinstance(item, Mapping):
        return ""
    for key in ("title", "label", "name", "concept"):
        if is_translatable(item.get(key)):
            return text_in(item[key], language)
    return str(item.get("id") or "")


def text_rows(proposal: Proposal) -> list[dict[str, str]]:
    """The current and proposed text side by side, one row per language, for the pages."""
    return [
        {
            "language": language,
            "current": str(proposal.current_text.get(language, "")),
            "proposed": str(proposal.proposed_text.get(language, "")),
        }
        for language in LANGUAGES
    ]


# --- writes -------------------------------------------------------------------------------------


@transaction.atomic
def proposal_send(
    *,
    sender: Government,
    enabled_version: AppVersion,
    pointer: str,
    proposed_text: Mapping[str, Any],
    comment: str = "",
    actor: Actor,
) -> Proposal:
    """Record the sender's proposal on `enabled_version` (the version it adopted: the caller,
    apps_registry, has checked that). Refused, with located errors and nothing saved, when the
    version no longer exists or is not published, the pointer names no text of it (or names
    structure), the Spanish text is empty or a {{variable}} is unknown."""
    actor.require(*PROPOSAL_SENDERS)
    _require_schema(actor, sender)
    version = (
        AppVersion.objects.select_related("app", "app__publisher")
        .filter(pk=enabled_version.pk)
        .first()
        if enabled_version.pk is not None
        else None
    )
    if version is None or not version.is_published:
        raise ApplicationError.single(
            errors.PROPOSAL_VERSION_GONE,
            f"La versión {enabled_version.version} ya no existe en el catálogo: "
            "actualice el trámite y proponga sobre la versión vigente.",
            f"Version {enabled_version.version} no longer exists in the catalogue: "
            "upgrade the app and propose on the current version.",
            "version",
        )
    app = version.app
    if app.publisher_id == sender.pk:
        raise ApplicationError.single(
            errors.PROPOSAL_INVALID,
            "Este trámite es de su propio gobierno: cámbielo en su borrador.",
            "This app is your own government's: change it in its draft.",
            "version",
        )
    problems, current = _pointer_problems(version.definition, pointer, "pointer")
    text, text_problems = clean_text(proposed_text)
    problems.extend(text_problems)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        problems.append(
            ErrorDetail(
                errors.PROPOSAL_INVALID,
                f"El comentario admite hasta {MAX_COMMENT_LENGTH} caracteres.",
                f"The comment takes at most {MAX_COMMENT_LENGTH} characters.",
                "comment",
            )
        )
    if not problems and current == text:
        problems.append(
            ErrorDetail(
                errors.PROPOSAL_INVALID,
                "El texto propuesto es igual al actual.",
                "The proposed text is the same as the current one.",
                "proposed_text/es-MX",
            )
        )
    if (
        not problems
        and Proposal.objects.filter(
            app=app, sender=sender, pointer=pointer, status=ProposalStatus.PENDING
        ).exists()
    ):
        problems.append(
            ErrorDetail(
                errors.PROPOSAL_INVALID,
                "Ya envió una propuesta sobre este texto que sigue pendiente.",
                "You already sent a proposal on this text that is still pending.",
                "pointer",
            )
        )
    if problems:
        raise ApplicationError(problems)
    proposal = Proposal.objects.create(
        app=app,
        version=version,
        sender=sender,
        sender_email=actor.email,
        pointer=pointer,
        current_text=dict(current),
        proposed_text=text,
        comment=comment,
    )
    catalog_audit(
        AuditAction.PROPOSAL_RECEIVED,
        actor,
        app=app,
        version=version,
        data={"proposal": str(proposal.public_id), "pointer": pointer, "sender": sender.slug},
    )
    return proposal


@transaction.atomic
def proposal_accept(*, proposal: Proposal, actor: Actor) -> Proposal:
    """The publisher takes the proposed text: it lands in the app's draft (the one being
    prepared, else a new draft of the next minor version copied from the latest published
    one). Refused, nothing changed, when the text's place no longer exists in that draft."""
    actor.require(*PROPOSAL_DECIDERS)
    proposal = _locked_for_publisher(proposal, actor)
    app = CatalogApp.objects.select_for_update().get(pk=proposal.app_id)
    draft = app.versions.filter(published_at__isnull=True).first()
    if draft is not None:
        base, number, changelog = draft.definition, draft.version, dict(draft.changelog)
    else:
        latest = app.latest_version
        if latest is None:  # a proposal names a published version, so there is one
            raise _not_found()
        base, number, changelog = latest.definition, _next_version_number(latest), {}
    definition = copy.deepcopy(base)
    found, target = resolve_pointer(definition, proposal.pointer)
    if not found or not is_translatable(target) or not isinstance(target, dict):
        raise ApplicationError.single(
            errors.PROPOSAL_POINTER_INVALID,
            f"«{proposal.pointer}» ya no es un texto del borrador {number}: "
            "cambió de lugar o se quitó. Decline la propuesta o edite el borrador a mano.",
            f"'{proposal.pointer}' is no longer a text of draft {number}: it moved or was "
            "removed. Decline the proposal or edit the draft by hand.",
            "pointer",
        )
    target.clear()
    target.update(proposal.proposed_text)
    landed = version_draft_save(
        app=app, version=number, definition=definition, changelog=changelog, actor=actor
    )
    proposal.status = ProposalStatus.ACCEPTED
    proposal.decided_by_email = actor.email
    proposal.decided_at = timezone.now()
    proposal.landed_in = landed
    proposal.save(update_fields=["status", "decided_by_email", "decided_at", "landed_in"])
    catalog_audit(
        AuditAction.PROPOSAL_ACCEPTED,
        actor,
        app=app,
        version=landed,
        data={
            "proposal": str(proposal.public_id),
            "pointer": proposal.pointer,
            "sender": proposal.sender.slug,
            "draft": landed.version,
        },
    )
    return proposal


@transaction.atomic
def proposal_decline(*, proposal: Proposal, reason: str, actor: Actor) -> Proposal:
    """The publisher says no, and why: the sender reads the reason."""
    actor.require(*PROPOSAL_DECIDERS)
    proposal = _locked_for_publisher(proposal, actor)
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_COMMENT_LENGTH:
        raise ApplicationError.single(
            errors.PROPOSAL_INVALID,
            f"Escriba el motivo (hasta {MAX_COMMENT_LENGTH} caracteres): "
            "el gobierno que propuso lo leerá.",
            f"Write the reason (up to {MAX_COMMENT_LENGTH} characters): "
            "the government that proposed will read it.",
            "reason",
        )
    proposal.status = ProposalStatus.DECLINED
    proposal.decided_by_email = actor.email
    proposal.decided_at = timezone.now()
    proposal.decline_reason = reason
    proposal.save(update_fields=["status", "decided_by_email", "decided_at", "decline_reason"])
    catalog_audit(
        AuditAction.PROPOSAL_DECLINED,
        actor,
        app=proposal.app,
        version=proposal.version,
        data={
            "proposal": str(proposal.public_id),
            "pointer": proposal.pointer,
            "sender": proposal.sender.slug,
            "reason": reason,
        },
    )
    return proposal


# --- helpers ------------------------------------------------------------------------------------


def clean_text(value: Mapping[str, Any]) -> tuple[dict[str, str], list[ErrorDetail]]:
    """The proposed {"es-MX", "en"?} text, trimmed (an empty English text is left out), with its
    problems located as proposed_text/<language>."""
    problems: list[ErrorDetail] = []
    text: dict[str, str] = {}
    value = value if isinstance(value, Mapping) else {}
    for language in LANGUAGES:
        raw = value.get(language)
        cleaned = raw.strip() if isinstance(raw, str) else ""
        if cleaned:
            text[language] = cleaned
        if len(cleaned) > MAX_TEXT_LENGTH:
            problems.append(
                ErrorDetail(
                    errors.PROPOSAL_INVALID,
                    f"El texto admite hasta {MAX_TEXT_LENGTH} caracteres.",
                    f"The text takes at most {MAX_TEXT_LENGTH} characters.",
                    f"proposed_text/{language}",
                )
            )
    if "es-MX" not in text:
        problems.append(
            ErrorDetail(
                errors.PROPOSAL_INVALID,
                "Escriba el texto propuesto en español.",
                "Write the proposed text in Spanish.",
                "proposed_text/es-MX",
            )
        )
        return text, problems
    problems.extend(
        ErrorDetail(p.code, p.message_es, p.message_en, f"proposed_text{p.location}")
        for p in check_variables(text)
    )
    return text, problems


def _pointer_problems(
    definition: Mapping[str, Any], pointer: str, location: str
) -> tuple[list[ErrorDetail], Any]:
    if not isinstance(pointer, str) or not pointer.startswith("/"):
        found, current = False, None
    else:
        found, current = resolve_pointer(definition, pointer)
    if not found:
        return [
            ErrorDetail(
                errors.PROPOSAL_POINTER_INVALID,
                f"«{pointer}» no señala ningún valor de esta versión.",
                f"'{pointer}' points to no value of this version.",
                location,
            )
        ], None
    if not is_translatable(current) or pointer.startswith(NOT_PROPOSABLE_PREFIXES):
        return [
            ErrorDetail(
                errors.PROPOSAL_POINTER_INVALID,
                f"«{pointer}» no es un texto que vea la ciudadanía: la estructura (ids, campos, "
                "reglas, flujo) es del gobierno que publica.",
                f"'{pointer}' is not a text citizens read: the structure (ids, fields, rules, "
                "workflow) is the publisher's.",
                location,
            )
        ], None
    return [], current


def _require_schema(actor: Actor, government: Government) -> None:
    """People act only for their own government; the platform for any."""
    if actor.is_system or actor.schema == government.schema_name:
        return
    raise _not_found()


def _locked_for_publisher(proposal: Proposal, actor: Actor) -> Proposal:
    """The proposal again, locked; "not found" unless the actor belongs to its publisher (the
    sender, or a third government, cannot decide)."""
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("app", "app__publisher", "version", "sender")
        .filter(pk=proposal.pk)
        .first()
    )
    if locked is None:
        raise _not_found()
    _require_schema(actor, locked.app.publisher)
    if locked.status != ProposalStatus.PENDING:
        raise ApplicationError.single(
            errors.PROPOSAL_ALREADY_DECIDED,
            "Esta propuesta ya fue "
            + ("aceptada." if locked.status == ProposalStatus.ACCEPTED else "declinada."),
            f"This proposal was already {locked.status}.",
            "status",
        )
    return locked


def _not_found() -> ApplicationError:
    return ApplicationError.single(
        errors.PROPOSAL_NOT_FOUND,
        "La propuesta no existe.",
        "The proposal does not exist.",
        "proposal",
    )


def _next_version_number(latest: AppVersion) -> str:
    # The number the back office offers for a new draft (catalog.backoffice.selectors).
    numbers = parse_semver(latest.version)
    if numbers is None:
        return "1.0.0"
    major, minor, _patch = numbers
    return f"{major}.{minor + 1}.0"
