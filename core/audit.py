"""The audit trail: an append-only, hash-chained record of what happened in one government.

Every event's hash covers its own content and the previous event's hash, so changing, removing or
reordering any record breaks the chain from that point on; `audit_verify` recomputes it. Appends
are serialised per schema with a transaction-scoped advisory lock, so two concurrent writers can
never both chain onto the same predecessor. A database trigger refuses UPDATE and DELETE.

What the chain cannot show on its own: the newest records removed together (the tail), or the
whole table emptied. The trigger and database permissions guard against those.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from core.models import AuditEvent
from core.tenancy import current_schema

GENESIS_HASH = "0" * 64
# First key of PostgreSQL's two-key advisory lock; the second is a hash of the schema name, so
# governments never wait for each other.
_AUDIT_LOCK_CLASS = 0x61756469  # "audi"
_ACTION_PATTERN = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
_CURP_PATTERN = re.compile(r"\b[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d\b", re.IGNORECASE)
_FORBIDDEN_KEYS = {"curp", "password"}


class AuditAction:
    """The action codes in use. Codes are `<object>.<verb>`; new ones need no migration."""

    CASE_FILED = "case.filed"
    CASE_VIEWED = "case.viewed"
    CASE_TRANSITION = "case.transition"
    CASE_DOCUMENT_ADDED = "case.document_added"
    CASE_NOTE_ADDED = "case.note_added"
    CASE_ASSIGNED = "case.assigned"
    CASE_FICTA_APPLIED = "case.ficta_applied"
    CALENDAR_DAY_ADDED = "calendar.day_added"
    CALENDAR_DAY_REMOVED = "calendar.day_removed"


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def audit_record(
    *,
    action: str,
    actor_email: str,
    actor_role: str = "",
    object_type: str,
    object_id: str,
    data: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the current schema's chain, inside the caller's transaction.

    The advisory lock is held until the caller's transaction ends, so the event and the change it
    records commit (or roll back) together, and the next appender waits for both.
    """
    if not _ACTION_PATTERN.match(action):
        raise ValueError(f"Invalid audit action code: {action!r}")
    payload = _normalise(data or {})
    _refuse_personal_data(payload)
    # No savepoint inside the caller's transaction: if appending fails, the change it records
    # must not commit either, so the whole transaction is lost anyway.
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                [_AUDIT_LOCK_CLASS, current_schema()],
            )
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        event = AuditEvent(
            seq=seq,
            occurred_at=timezone.now(),
            actor_email=actor_email,
            actor_role=str(actor_role),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            data=payload,
            prev_hash=prev_hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
    return event


def event_hash(event: AuditEvent) -> str:
    """SHA-256 of the event's canonical JSON: sorted keys, no spaces, UTC time in microseconds."""
    canonical = json.dumps(
        {
            "seq": event.seq,
            "occurred_at": event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": {"email": event.actor_email, "role": event.actor_role},
            "action": event.action,
            "object": {"type": event.object_type, "id": event.object_id},
            "data": event.data,
            "prev_hash": event.prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def audit_verify(
    *, progress: Callable[[int], None] | None = None, progress_every: int = 10_000
) -> VerifyResult:
    """Recompute the current schema's chain from the first event; stop at the first break."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        problem = _problem(event, expected_seq=expected_seq, prev_hash=prev_hash)
        if problem:
            return VerifyResult(
                ok=False, checked=checked, first_broken_seq=event.seq, reason=problem
            )
        checked += 1
        expected_seq = event.seq + 1
        prev_hash = event.hash
        if progress and checked % progress_every == 0:
            progress(checked)
    return VerifyResult(ok=True, checked=checked)


def audit_events_for_object(*, object_type: str, object_id: str) -> Iterable[AuditEvent]:
    """An object's history in order (e.g. a case's timeline), from the current schema."""
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by(
        "seq"
    )


def _problem(event: AuditEvent, *, expected_seq: int, prev_hash: str) -> str:
    if event.seq != expected_seq:
        return (
            f"falta el registro {expected_seq} (sigue el {event.seq}) / "
            f"record {expected_seq} is missing (next is {event.seq})"
        )
    if event.prev_hash != prev_hash:
        return (
            "la huella anterior no coincide con el registro previo / "
            "previous hash does not match the preceding record"
        )
    if event_hash(event) != event.hash:
        return (
            "el contenido no coincide con su huella (registro alterado) / "
            "content does not match its hash (record altered)"
        )
    return ""


def _normalise(data: Mapping[str, Any]) -> dict[str, Any]:
    # Dates, UUIDs and decimals become the strings PostgreSQL will hand back, so the hash computed
    # now equals the one recomputed from the stored row.
    normalised = json.loads(json.dumps(dict(data), cls=DjangoJSONEncoder))
    if not isinstance(normalised, dict):  # pragma: no cover - dict(data) is always a dict
        raise TypeError("audit data must be a mapping")
    return normalised


def _refuse_personal_data(value: Any) -> None:
    """The trail outlives cases and is read by auditors: a CURP must never be written into it."""
    if isinstance(value, dict):
        for key, item in value.items():
            if str(key).lower() in _FORBIDDEN_KEYS:
                raise ValueError(f"Audit data must not contain {key!r}")
            _refuse_personal_data(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_personal_data(item)
    elif isinstance(value, str) and _CURP_PATTERN.search(value):
        raise ValueError("Audit data must not contain a CURP")
