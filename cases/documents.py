"""Checks of uploaded files before anything is stored: size, declared type, extension and the
REAL type read from the content's magic bytes (puremagic, pure Python: no libmagic needed).

A file is refused when any of the three type sources disagrees with the accepted list or with
each other: an .exe renamed .pdf, a PNG named .pdf, a PDF declared as image/png. Every refusal is
a located, bilingual ErrorDetail whose location is the document (or file field) id.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import puremagic
from django.core.files.uploadedfile import UploadedFile

from cases import errors
from catalog.definition.field_types import registry
from catalog.definition.rules import iter_documents, iter_fields
from core.errors import ErrorDetail

# Enough bytes for every signature puremagic knows at the start of a file.
HEAD_BYTES = 8192
# Types without a signature: accepted when the content is text.
TEXT_TYPES = {"text/plain", "text/csv"}
# Spellings of the same type.
ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "application/x-pdf": "application/pdf",
    "image/x-png": "image/png",
}
# What browsers declare when they do not know; the extension and content then decide.
UNKNOWN_DECLARED = {"", "application/octet-stream"}
EXTENSION_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".jfif": "image/jpeg"}


@dataclass(frozen=True)
class DocumentSpec:
    """What the definition says about one uploadable item (a document or a file field)."""

    id: str
    name: dict[str, str]
    accept: list[str]
    max_size_mb: float

    @property
    def max_bytes(self) -> int:
        return int(self.max_size_mb * 1024 * 1024)


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str
    original_name: str


def normalise(content_type: str) -> str:
    base = content_type.split(";")[0].strip().lower()
    return ALIASES.get(base, base)


def accepted(content_type: str, accept: list[str]) -> bool:
    content_type = normalise(content_type)
    for allowed in accept:
        allowed = normalise(allowed)
        if allowed.endswith("/*") and content_type.startswith(allowed[:-1]):
            return True
        if content_type == allowed:
            return True
    return False


def document_specs(definition: Mapping[str, Any]) -> dict[str, DocumentSpec]:
    """Every uploadable item of a definition by id: its documents and its file fields."""
    specs: dict[str, DocumentSpec] = {}
    for document in iter_documents(definition):
        specs[document["id"]] = DocumentSpec(
            id=document["id"],
            name=dict(document.get("name") or {}),
            accept=list(document.get("accept") or []),
            max_size_mb=float(document.get("max_size_mb") or 10),
        )
    for field in iter_fields(definition):
        if registry.stores_upload(field):
            specs[field["id"]] = DocumentSpec(
                id=field["id"],
                name=dict(field.get("label") or {}),
                accept=list(field.get("accept") or []),
                max_size_mb=float(field.get("max_size_mb") or 10),
            )
    return specs


def _accepted_names(accept: list[str]) -> str:
    return ", ".join(item.split("/")[-1].upper() for item in accept)


def _detected_types(head: bytes) -> set[str]:
    """The MIME types the strongest signatures found in the content stand for."""
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return set()
    typed = [match for match in matches if match.mime_type]
    if not typed:
        return set()
    best = max(match.confidence for match in typed)
    return {normalise(match.mime_type) for match in typed if match.confidence == best}


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


def upload_problems(
    spec: DocumentSpec, uploaded: UploadedFile
) -> tuple[CheckedFile | None, list[ErrorDetail]]:
    """Every reason to refuse the upload (empty when it is fine), and its facts when fine.
    Reads the file once to hash it; never writes anything."""
    location = spec.id
    name = str(uploaded.name or "")
    size = int(uploaded.size or 0)
    accept_names = _accepted_names(spec.accept)

    def problem(code: str, es: str, en: str) -> list[ErrorDetail]:
        return [ErrorDetail(code, es, en, location)]

    if size <= 0:
        return None, problem(errors.DOCUMENT_EMPTY, "El archivo está vacío.", "The file is empty.")
    if size > spec.max_bytes:
        return None, problem(
            errors.DOCUMENT_TOO_LARGE,
            f"El archivo pesa más de {spec.max_size_mb:g} MB; sube uno más ligero.",
            f"The file is larger than {spec.max_size_mb:g} MB; upload a smaller one.",
        )

    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    by_extension = normalise(
        EXTENSION_TYPES.get(extension) or mimetypes.guess_type(f"x{extension}")[0] or ""
    )
    declared = normalise(str(uploaded.content_type or ""))
    not_allowed = problem(
        errors.DOCUMENT_TYPE_NOT_ALLOWED,
        f"Tipo de archivo no permitido; se aceptan: {accept_names}.",
        f"File type not allowed; accepted: {accept_names}.",
    )
    if not by_extension or not accepted(by_extension, spec.accept):
        return None, not_allowed
    if declared not in UNKNOWN_DECLARED and (
        not accepted(declared, spec.accept) or declared != by_extension
    ):
        return None, not_allowed

    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    detected = _detected_types(head)
    if not detected and by_extension in TEXT_TYPES and _looks_like_text(head):
        detected = {by_extension}
    if by_extension not in detected:
        return None, problem(
            errors.DOCUMENT_CONTENT_MISMATCH,
            f"El contenido del archivo no corresponde a su extensión ({extension or 'sin extensión'}); "
            f"sube un archivo {accept_names} auténtico.",
            f"The file's content does not match its extension ({extension or 'none'}); "
            f"upload a genuine {accept_names} file.",
        )

    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(
        content_type=by_extension, size=size, sha256=digest.hexdigest(), original_name=name[-255:]
    ), []
