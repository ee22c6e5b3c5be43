"""Verifying issued documents (acuse, resolutions) from the QR code printed on them.

The QR holds a URL `/verificar/<token>/` on the government's own host. The token is signed with
the project's secret (django.core.signing, a salt for this purpose only, so no other signed
value of the platform can pass for it; no timestamp, so a document's QR code never changes) and names the schema, the folio, the kind of document,
its issue date and the issued document's id. The page answers "valid" only when the signature
holds, the token belongs to the host's government, and that government issued exactly that
document for exactly that folio. It shows the procedure, folio, date, government and the PDF's
SHA-256 fingerprint: never personal data.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.utils import timezone

from cases.models import CaseOutput, CaseOutputKind
from core.i18n import content_language
from core.tenancy import current_schema
from tenants.models import Government

SALT = "cases.outputs.verification.issued-document.v1"


def verification_token(output: CaseOutput) -> str:
    schema = current_schema()
    # No timestamp: the same document always has the same token (and QR code).
    return signing.Signer(salt=SALT).sign_object(
        {
            "s": schema,
            "f": output.case.folio,
            "k": output.kind,
            "o": output.public_id.hex,
            "d": timezone.localdate(output.issued_at).isoformat(),
        },
        compress=True,
    )


def verification_url(output: CaseOutput, *, site_url: str) -> str:
    return f"{site_url.rstrip('/')}/verificar/{verification_token(output)}/"


@dataclass(frozen=True)
class Verification:
    """What the public page may say about a valid document: nothing personal."""

    folio: str
    kind: str
    title: dict[str, str]
    procedure_names: dict[str, str]
    government_name: str
    issued_at: datetime.datetime
    sha256: str
    valid: bool = True

    @property
    def kind_label(self) -> str:
        return str(CaseOutputKind(self.kind).label) if self.kind in CaseOutputKind.values else ""

    @property
    def procedure_name(self) -> str:
        key = content_language()
        return self.procedure_names.get(key) or self.procedure_names.get("es-MX", "")


def verify_token(token: str, *, schema_name: str | None = None) -> Verification | None:
    """Check a token on the current schema (the host's government). Tampered, forged, of
    another government, or naming a document that does not exist: None, and nothing else is
    said."""
    schema = schema_name or current_schema()
    try:
        payload: Any = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("s") != schema:
        return None
    try:
        key = uuid.UUID(str(payload.get("o")))
    except ValueError:
        return None
    output = (
        CaseOutput.objects.select_related("case")
        .filter(public_id=key, case__folio=payload.get("f"), kind=payload.get("k"))
        .first()
    )
    if output is None or timezone.localdate(output.issued_at).isoformat() != payload.get("d"):
        return None
    government = Government.objects.filter(schema_name=schema).first()
    snapshot = output.snapshot or {}
    return Verification(
        folio=output.case.folio,
        kind=output.kind,
        title=dict(snapshot.get("title") or {}),
        procedure_names=dict(snapshot.get("procedure_name") or {}),
        government_name=(government.display_name or government.name) if government else "",
        issued_at=output.issued_at,
        sha256=output.sha256,
    )
