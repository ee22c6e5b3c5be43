"""Issued documents: the acuse PDF (branding, folio, what was filed, QR to the verification
page) and verification tokens: valid, tampered, forged, or of another government."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import uuid

import pytest
import qrcode
from django.core import signing
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from cases.models import CaseOutput
from cases.office.services import case_transition
from cases.outputs.pdf import QrCode
from cases.outputs.services import case_output_issue, output_render
from cases.outputs.verification import SALT, verification_token, verification_url, verify_token
from cases.selectors import case_acuse
from core.actors import Actor, ActorRole
from tests.cases.conftest import stored_files
from tests.cases.definitions import CURP
from tests.cases.test_selectors import file_case

SITE = "http://sonora.localhost:8000"


@pytest.fixture
def filed(sonora, sonora_app, citizen):
    with tenant_context(sonora.government):
        return file_case(citizen, sonora_app)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_acuse_pdf_has_branding_folio_what_was_filed_and_the_verification_link(
    sonora, filed, media_root
):
    with tenant_context(sonora.government):
        acuse = case_acuse(filed)
        content = output_render(output=acuse, site_url=SITE)
        acuse.refresh_from_db()
        url = verification_url(acuse, site_url=SITE)

    text = pdf_text(content)
    assert content.startswith(b"%PDF-")
    assert "Gobierno del Estado de Sonora" in text
    assert "Acuse de recibo" in text
    assert f"Folio: {filed.folio}" in text
    assert "Expedición de licencia para conducir tipo A" in text
    assert "Datos presentados" in text
    assert "Monto pagado" in text and "$1,099.50" in text
    assert "Constancia de CURP" in text  # the documents, by name, not their content
    # sensitive answers (the adjustments a person needs) are not printed
    assert "ajustes razonables" not in text
    assert url.replace("\n", "") in text.replace("\n", "")
    assert acuse.sha256 == hashlib.sha256(content).hexdigest()
    assert acuse.file.name.startswith("cases/outputs/")
    assert any(path.startswith("sonora/cases/outputs/") for path in stored_files(media_root))


def test_the_acuse_is_rendered_once_and_every_download_is_the_same_file(sonora, filed):
    with tenant_context(sonora.government):
        acuse = case_acuse(filed)
        first = output_render(output=acuse, site_url=SITE)
        second = output_render(output=acuse, site_url="http://otro.example")

    assert first == second


def test_a_valid_token_confirms_the_document_without_personal_data(sonora, filed):
    with tenant_context(sonora.government):
        acuse = case_acuse(filed)
        output_render(output=acuse, site_url=SITE)
        acuse.refresh_from_db()
        result = verify_token(verification_token(acuse))

    assert result is not None
    assert result.folio == filed.folio
    assert result.kind == "acuse"
    assert result.kind_label == "Acuse de recibo"
    assert result.procedure_name == "Expedición de licencia para conducir tipo A"
    assert result.government_name == "Gobierno del Estado de Sonora"
    assert result.issued_at == acuse.issued_at
    assert result.sha256 == acuse.sha256
    shown = " ".join(str(value) for value in dataclasses.asdict(result).values())
    for personal in (CURP, "María", "López", "maria", "6621234567"):
        assert personal not in shown


def test_a_tampered_token_is_not_valid(sonora, filed):
    with tenant_context(sonora.government):
        token = verification_token(case_acuse(filed))
        payload, signature = token.rsplit(":", 1)
        flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")

        assert verify_token(token[:-1] + ("x" if token[-1] != "x" else "y")) is None
        assert verify_token(f"{payload}:{flipped}") is None
        assert verify_token("") is None
        assert verify_token("basura") is None


def test_a_token_signed_for_another_purpose_or_naming_another_folio_is_not_valid(sonora, filed):
    with tenant_context(sonora.government):
        acuse = case_acuse(filed)
        signer = signing.Signer(salt=SALT)
        genuine = signer.unsign_object(verification_token(acuse))
        other_salt = signing.Signer(salt="core.accounts.email").sign_object(genuine)
        other_folio = signer.sign_object({**genuine, "f": "SON-2026-999999"})
        other_output = signer.sign_object({**genuine, "o": uuid.uuid4().hex})
        other_date = signer.sign_object({**genuine, "d": "2001-01-01"})

        assert verify_token(other_salt) is None
        assert verify_token(other_folio) is None
        assert verify_token(other_output) is None
        assert verify_token(other_date) is None
        assert verify_token(signer.sign_object(genuine)) is not None


def test_a_token_of_another_government_is_not_valid_on_this_host(sonora, cdmx, filed):
    with tenant_context(sonora.government):
        token = verification_token(case_acuse(filed))

    with tenant_context(cdmx.government):
        assert verify_token(token) is None


def test_a_resolution_is_issued_rendered_and_verifiable(sonora, filed):
    with tenant_context(sonora.government):
        for transition in ("iniciar_revision", "aprobar"):
            case_transition(
                case=filed,
                transition_id=transition,
                actor=Actor.named("o@x.mx", ActorRole.CASE_OFFICER),
            )
        resolution = case_output_issue(
            case=filed,
            output_id="resolucion_aprobada",
            actor=Actor.named("o@x.mx", ActorRole.CASE_OFFICER),
            site_url=SITE,
        )
        result = verify_token(verification_token(resolution))
        content = resolution.file.open("rb").read()
        issued_events = filed.events.filter(kind="output_issued").count()
        outputs = CaseOutput.objects.filter(case=filed).count()

    assert resolution.kind == "resolucion"
    assert resolution.sha256 == hashlib.sha256(content).hexdigest()
    text = pdf_text(content)
    assert "Resolución: licencia autorizada" in text
    assert "Se autoriza la expedición de la licencia tipo A a María" in text
    assert result is not None
    assert result.kind_label == "Resolución"
    assert issued_events == 1
    assert outputs == 2


def test_the_qr_code_is_drawn_module_by_module_from_the_verification_url():
    # given the code qrcode makes for a URL
    url = f"{SITE}/verificar/abc:def/"
    reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    reference.add_data(url)
    reference.make(fit=True)
    expected = reference.get_matrix()

    # when it is drawn on a canvas that records the rectangles
    class Recorder:
        def __init__(self) -> None:
            self.rects: list[tuple[float, float, float, float]] = []

        def setFillColor(self, colour: object) -> None:
            pass

        def rect(self, x: float, y: float, w: float, h: float, **kwargs: object) -> None:
            self.rects.append((x, y, w, h))

    flowable = QrCode(url, float(len(expected)))  # one point per module
    flowable.canv = Recorder()
    flowable.draw()

    # then the dark modules drawn are exactly the code's
    size = len(expected)
    drawn = [[False] * size for _ in range(size)]
    for x, y, w, _h in flowable.canv.rects:
        row = size - 1 - round(y)
        for column in range(round(x), round(x + w)):
            drawn[row][column] = True
    assert drawn == expected
