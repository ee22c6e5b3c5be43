"""Uploads: size, declared type, extension and real content (magic bytes) are all checked, and a
refused file leaves nothing behind: no row, no file on disk."""

from __future__ import annotations

import pytest

from cases import errors
from cases.filing.uploads import document_upload
from cases.models import CaseDocument, CaseDraft
from core.errors import ApplicationError
from tests.cases.conftest import (
    EXE_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    pdf,
    png,
    stored_files,
    upload,
)

pytestmark = pytest.mark.usefixtures("in_sonora")


def refused_with(citizen, app, document_id, uploaded) -> list[tuple[str, str, str, str]]:
    with pytest.raises(ApplicationError) as refused:
        document_upload(
            applicant=citizen, enabled_app=app, document_id=document_id, uploaded_file=uploaded
        )
    return [(e.location, e.code, e.message_es, e.message_en) for e in refused.value.errors]


def test_an_accepted_pdf_is_stored_under_the_tenants_prefix_with_its_facts(
    citizen, sonora_app, media_root
):
    document = document_upload(
        applicant=citizen,
        enabled_app=sonora_app,
        document_id="constancia_curp",
        uploaded_file=pdf("Mi CURP (María).pdf"),
    )

    assert document.owner == citizen
    assert document.draft == CaseDraft.objects.get(applicant=citizen)
    assert document.case is None
    assert document.original_name == "Mi CURP (María).pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF_BYTES)
    assert len(document.sha256) == 64
    (path,) = stored_files(media_root)
    # the citizen's file name (personal data) never reaches the disk
    assert path.startswith("sonora/cases/")
    assert "CURP" not in path
    assert (media_root / path).read_bytes() == PDF_BYTES


def test_a_second_upload_replaces_the_first_on_the_draft(
    citizen, sonora_app, media_root, django_capture_on_commit_callbacks
):
    document_upload(
        applicant=citizen, enabled_app=sonora_app, document_id="fotografia", uploaded_file=png()
    )
    with django_capture_on_commit_callbacks(execute=True):
        second = document_upload(
            applicant=citizen,
            enabled_app=sonora_app,
            document_id="fotografia",
            uploaded_file=upload("foto.jpg", JPEG_BYTES, "image/jpeg"),
        )

    assert list(CaseDocument.objects.values_list("pk", flat=True)) == [second.pk]
    assert second.content_type == "image/jpeg"
    assert len(stored_files(media_root)) == 1


@pytest.mark.parametrize(
    ("document_id", "uploaded", "code"),
    [
        # an executable renamed .pdf and declared as a PDF
        ("constancia_curp", upload("curp.pdf", EXE_BYTES, "application/pdf"), "content"),
        # a real PNG named .pdf where only PDF is accepted
        ("constancia_curp", upload("curp.pdf", PNG_BYTES, "application/pdf"), "content"),
        # a PNG, honestly named, where only PDF is accepted
        ("constancia_curp", upload("curp.png", PNG_BYTES, "image/png"), "type"),
        # a PDF named .png where PDF and PNG are both accepted: content and name disagree
        ("identificacion_oficial", upload("ine.png", PDF_BYTES, "image/png"), "content"),
        # the declared type disagrees with the extension
        ("identificacion_oficial", upload("ine.pdf", PDF_BYTES, "image/png"), "type"),
        # an executable, honestly named
        (
            "identificacion_oficial",
            upload("ine.exe", EXE_BYTES, "application/x-msdownload"),
            "type",
        ),
        # no extension at all
        ("identificacion_oficial", upload("ine", PDF_BYTES, "application/pdf"), "type"),
        # plain text pretending to be a JPEG
        ("fotografia", upload("foto.jpg", b"hola, no soy una foto", "image/jpeg"), "content"),
    ],
)
def test_a_wrong_or_spoofed_type_is_refused_and_nothing_is_stored(
    citizen, sonora_app, media_root, document_id, uploaded, code
):
    problems = refused_with(citizen, sonora_app, document_id, uploaded)

    expected = {
        "type": errors.DOCUMENT_TYPE_NOT_ALLOWED,
        "content": errors.DOCUMENT_CONTENT_MISMATCH,
    }[code]
    assert [(location, error_code) for location, error_code, _es, _en in problems] == [
        (document_id, expected)
    ]
    assert CaseDocument.objects.count() == 0
    assert CaseDraft.objects.count() == 0
    assert stored_files(media_root) == []


def test_the_type_messages_name_the_accepted_formats_in_both_languages(citizen, sonora_app):
    problems = refused_with(
        citizen, sonora_app, "constancia_curp", upload("curp.png", PNG_BYTES, "image/png")
    )

    assert problems == [
        (
            "constancia_curp",
            errors.DOCUMENT_TYPE_NOT_ALLOWED,
            "Tipo de archivo no permitido; se aceptan: PDF.",
            "File type not allowed; accepted: PDF.",
        )
    ]


def test_an_oversize_file_is_refused_and_nothing_is_stored(citizen, sonora_app, media_root):
    # the photo field accepts at most 1 MB
    big = upload("foto.png", PNG_BYTES + b"\x00" * (1024 * 1024), "image/png")

    problems = refused_with(citizen, sonora_app, "fotografia", big)

    assert problems == [
        (
            "fotografia",
            errors.DOCUMENT_TOO_LARGE,
            "El archivo pesa más de 1 MB; sube uno más ligero.",
            "The file is larger than 1 MB; upload a smaller one.",
        )
    ]
    assert CaseDocument.objects.count() == 0
    assert stored_files(media_root) == []


def test_an_empty_file_is_refused(citizen, sonora_app, media_root):
    problems = refused_with(
        citizen, sonora_app, "constancia_curp", upload("c.pdf", b"", "application/pdf")
    )

    assert [(p[0], p[1]) for p in problems] == [("constancia_curp", errors.DOCUMENT_EMPTY)]
    assert stored_files(media_root) == []


def test_a_document_the_form_does_not_ask_for_is_refused(citizen, sonora_app, media_root):
    problems = refused_with(citizen, sonora_app, "pasaporte_de_marte", pdf())

    assert [(p[0], p[1]) for p in problems] == [("pasaporte_de_marte", errors.DOCUMENT_UNKNOWN)]
    assert stored_files(media_root) == []


def test_a_file_is_removed_from_disk_when_its_row_cannot_be_saved(
    citizen, sonora_app, media_root, monkeypatch
):
    # given the database refuses the row after the file was written
    def fail(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(CaseDocument, "save", fail)

    with pytest.raises(RuntimeError):
        document_upload(
            applicant=citizen,
            enabled_app=sonora_app,
            document_id="constancia_curp",
            uploaded_file=pdf(),
        )

    assert stored_files(media_root) == []
