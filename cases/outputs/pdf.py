"""PDF documents issued for cases (acuse de recibo, resolutions), drawn with ReportLab.

Everything printed comes from the output's snapshot (see `services._snapshot`), with the
government's name and colours, and a QR code (made with `qrcode`, drawn as vector rectangles) that
opens the public verification page. Documents are in Spanish, the official language of the
record. Rendering is deterministic (`invariant`): the same snapshot gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

import qrcode
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

LANGUAGE = "es-MX"
MARGIN = 18 * mm
HEADER_HEIGHT = 26 * mm


def _text(value: Mapping[str, str] | str | None) -> str:
    if isinstance(value, Mapping):
        return str(value.get(LANGUAGE) or value.get("en") or "")
    return str(value or "")


def _colour(value: str, fallback: str) -> colors.Color:
    try:
        return colors.HexColor(value)
    except (ValueError, TypeError):
        return colors.HexColor(fallback)


class QrCode(Flowable):
    """The QR code drawn straight on the page: one filled rectangle per horizontal run of dark
    modules (sharp at any print size, no image library, a few hundred drawing operations)."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
        code.add_data(data)
        code.make(fit=True)
        self.matrix: list[list[bool]] = code.get_matrix()
        self.width = self.height = size

    def draw(self) -> None:
        cell = self.width / len(self.matrix)
        canvas = self.canv
        canvas.setFillColor(colors.black)
        for row_index, row in enumerate(self.matrix):
            y = self.height - (row_index + 1) * cell
            column = 0
            while column < len(row):
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < len(row) and row[column]:
                    column += 1
                canvas.rect(start * cell, y, (column - start) * cell, cell, stroke=0, fill=1)


def render_output_pdf(snapshot: Mapping[str, Any], *, verification_url: str) -> bytes:
    government = snapshot.get("government") or {}
    primary = _colour(str(government.get("primary_color", "")), "#235B4E")
    secondary = _colour(str(government.get("secondary_color", "")), "#BC955C")
    title = _text(snapshot.get("title")) or "Acuse de recibo"
    government_name = str(government.get("display_name") or government.get("name") or "")

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=colors.grey)
    heading = ParagraphStyle(
        "heading", parent=styles["Heading2"], fontSize=12, textColor=primary, spaceBefore=8
    )
    folio_style = ParagraphStyle(
        "folio", parent=styles["Title"], fontSize=20, leading=24, textColor=primary, alignment=0
    )

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT,
        bottomMargin=MARGIN + 8 * mm,
        title=f"{title} {snapshot.get('folio', '')}",
        author=government_name,
        subject=_text(snapshot.get("procedure_name")),
        creator="Ventanilla",
        invariant=1,
    )

    def decorate(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        width, height = LETTER
        canvas.saveState()
        canvas.setFillColor(primary)
        canvas.rect(0, height - HEADER_HEIGHT, width, HEADER_HEIGHT, stroke=0, fill=1)
        canvas.setFillColor(secondary)
        canvas.rect(0, height - HEADER_HEIGHT - 2 * mm, width, 2 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont("Helvetica-Bold", 14)
        canvas.drawString(MARGIN, height - 12 * mm, government_name)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(MARGIN, height - 19 * mm, _text(snapshot.get("agency")))
        canvas.setFillColor(colors.grey)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(
            MARGIN,
            MARGIN,
            f"{title} · Folio {snapshot.get('folio', '')} · Página {doc.page}",
        )
        canvas.restoreState()

    filed = str(snapshot.get("filed_at", ""))
    filed_text = (
        f"{filed[8:10]}/{filed[5:7]}/{filed[0:4]} {filed[11:16]}" if len(filed) >= 16 else filed
    )
    story: list[Flowable] = [
        Paragraph(escape(title), styles["Heading1"]),
        Paragraph(f"Folio: {escape(str(snapshot.get('folio', '')))}", folio_style),
        Spacer(1, 2 * mm),
        Paragraph(
            f"<b>Trámite:</b> {escape(_text(snapshot.get('procedure_name')))}"
            + (
                f" (homoclave {escape(str(snapshot['homoclave']))})"
                if snapshot.get("homoclave")
                else ""
            ),
            body,
        ),
        Paragraph(f"<b>Fecha de presentación:</b> {escape(filed_text)}", body),
    ]
    if _text(snapshot.get("body")):
        story += [Spacer(1, 3 * mm), Paragraph(escape(_text(snapshot.get("body"))), body)]

    summary = snapshot.get("summary") or []
    if summary:
        rows = [
            [
                Paragraph(escape(_text(item.get("label"))), body),
                Paragraph(escape(_text(item.get("value"))), body),
            ]
            for item in summary
        ]
        table = Table(rows, colWidths=[65 * mm, None], repeatRows=0)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                    ("TEXTCOLOR", (0, 0), (0, -1), colors.darkgrey),
                ]
            )
        )
        story += [Paragraph("Datos presentados", heading), table]

    documents = snapshot.get("documents") or []
    if documents:
        story.append(Paragraph("Documentos adjuntos", heading))
        for item in documents:
            story.append(
                Paragraph(
                    f"• {escape(_text(item.get('name')))}: {escape(str(item.get('file_name', '')))}"
                    f" <font size=7 color='grey'>SHA-256 {escape(str(item.get('sha256', ''))[:16])}…</font>",
                    body,
                )
            )

    qr = Table(
        [
            [
                QrCode(verification_url, 32 * mm),
                Paragraph(
                    "<b>Verifica la autenticidad de este documento</b> escaneando el código QR o "
                    f"en:<br/>{escape(verification_url)}",
                    small,
                ),
            ]
        ],
        colWidths=[36 * mm, None],
    )
    qr.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [Spacer(1, 6 * mm), KeepTogether([qr])]

    document.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
