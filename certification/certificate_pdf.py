"""The certificate as a PDF attestation (pix-certif.md §5.1, v3 content): one A4 page per certificate.

reportlab with its built-in Helvetica (no font file, no network) and its own QR code widget,
which points to the public page of the certificate. A class's attestations are one document.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from certification.results import Certificate

INK = colors.HexColor("#1c2331")
INK_SOFT = colors.HexColor("#4a5468")
LINE = colors.HexColor("#d5d9e1")
BRAND = colors.HexColor("#2b3fb8")
BRAND_DARK = colors.HexColor("#1f2f8f")
TINT = colors.HexColor("#eef0fc")
AREA_COLOURS = {
    "1": colors.HexColor("#1f6fd1"),
    "2": colors.HexColor("#0e7c66"),
    "3": colors.HexColor("#b4441b"),
    "4": colors.HexColor("#a4276b"),
    "5": colors.HexColor("#5a3fc0"),
}
WIDTH, HEIGHT = A4
MARGIN = 18 * mm
MAX_LEVEL_PIPS = 8


def public_url(certificate: Certificate) -> str:
    path = reverse("learners:certificate_share", args=[certificate.verification_code])
    return settings.SITE_URL.rstrip("/") + path


def verification_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("learners:certificate_verification")


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "–"


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest font size up to `size` at which `text` fits in `width`."""
    while size > 9 and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _header(canvas: Canvas, certificate: Certificate) -> float:
    canvas.setFillColor(BRAND)
    canvas.rect(0, HEIGHT - 34 * mm, WIDTH, 34 * mm, stroke=0, fill=1)
    canvas.setFillColor(BRAND_DARK)
    canvas.rect(0, HEIGHT - 36 * mm, WIDTH, 2 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(MARGIN, HEIGHT - 13 * mm, "Pix libre")
    canvas.setFont("Helvetica", 9)
    canvas.drawRightString(WIDTH - MARGIN, HEIGHT - 13 * mm, _("Certification des compétences numériques"))
    canvas.setFont("Helvetica-Bold", 24)
    canvas.drawString(MARGIN, HEIGHT - 26 * mm, _("Certificat Pix"))
    return HEIGHT - 36 * mm


def _identity(canvas: Canvas, certificate: Certificate, top: float) -> float:
    y = top - 14 * mm
    canvas.setFillColor(INK_SOFT)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(MARGIN, y, _("Ce certificat atteste que"))
    name = f"{certificate.first_name} {certificate.printed_last_name}"
    size = _fit(name, "Helvetica-Bold", 22, WIDTH - 2 * MARGIN)
    y -= 10 * mm
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica-Bold", size)
    canvas.drawString(MARGIN, y, name)
    y -= 7 * mm
    canvas.setFont("Helvetica", 10.5)
    canvas.setFillColor(INK_SOFT)
    born = _("Né(e) le %(date)s") % {"date": _date(certificate.birthdate)}
    if certificate.birthplace:
        born = _("Né(e) le %(date)s à %(place)s") % {
            "date": _date(certificate.birthdate),
            "place": certificate.birthplace,
        }
    canvas.drawString(MARGIN, y, born)

    y -= 11 * mm
    facts = [
        (_("Centre de certification"), certificate.center_name, 0.5),
        (_("Date de passage"), _date(certificate.certification_date), 0.25),
        (_("Délivré le"), _date(certificate.delivered_at), 0.25),
    ]
    x = MARGIN
    for label, value, share in facts:
        column = (WIDTH - 2 * MARGIN) * share
        canvas.setFont("Helvetica", 8.5)
        canvas.setFillColor(INK_SOFT)
        canvas.drawString(x, y, label.upper())
        canvas.setFillColor(INK)
        size = _fit(value, "Helvetica-Bold", 10.5, column - 4 * mm)
        lines = _lines(value, "Helvetica-Bold", size, column - 4 * mm)[:2]
        canvas.setFont("Helvetica-Bold", size)
        for index, line in enumerate(lines):
            canvas.drawString(x, y - 5 * mm - index * (size + 1.5), line)
        x += column
    return y - 10 * mm


def _score(canvas: Canvas, certificate: Certificate, top: float) -> float:
    height = 34 * mm
    bottom = top - height
    canvas.setFillColor(TINT)
    canvas.setStrokeColor(LINE)
    canvas.roundRect(MARGIN, bottom, WIDTH - 2 * MARGIN, height, 3 * mm, stroke=1, fill=1)

    x = MARGIN + 8 * mm
    canvas.setFillColor(INK_SOFT)
    canvas.setFont("Helvetica", 8.5)
    canvas.drawString(x, top - 8 * mm, _("SCORE CERTIFIÉ"))
    canvas.setFillColor(BRAND_DARK)
    canvas.setFont("Helvetica-Bold", 34)
    score = str(certificate.pix_score)
    canvas.drawString(x, top - 21 * mm, score)
    canvas.setFont("Helvetica", 12)
    canvas.setFillColor(INK_SOFT)
    canvas.drawString(
        x + stringWidth(score, "Helvetica-Bold", 34) + 2 * mm,
        top - 21 * mm,
        _("pix sur %(max)s") % {"max": certificate.max_score},
    )
    # The share of the maximum score, as a bar.
    bar_width = 62 * mm
    canvas.setFillColor(colors.white)
    canvas.setStrokeColor(LINE)
    canvas.roundRect(x, top - 28 * mm, bar_width, 2.6 * mm, 1.3 * mm, stroke=1, fill=1)
    canvas.setFillColor(BRAND)
    filled = max(bar_width * min(certificate.pix_score / max(certificate.max_score, 1), 1), 2.6 * mm)
    canvas.roundRect(x, top - 28 * mm, filled, 2.6 * mm, 1.3 * mm, stroke=0, fill=1)

    x = MARGIN + (WIDTH - 2 * MARGIN) / 2
    canvas.setStrokeColor(LINE)
    canvas.line(x - 6 * mm, bottom + 5 * mm, x - 6 * mm, top - 5 * mm)
    canvas.setFillColor(INK_SOFT)
    canvas.setFont("Helvetica", 8.5)
    canvas.drawString(x, top - 8 * mm, _("NIVEAU GLOBAL"))
    if certificate.mesh_label:
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica-Bold", 18)
        canvas.drawString(x, top - 17 * mm, certificate.mesh_label)
        _wrapped(canvas, certificate.mesh_summary, x, top - 23 * mm, WIDTH - MARGIN - x - 6 * mm, 9, 11)
    else:
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica", 10)
        text = (
            _("Niveaux certifiés par compétence ci-dessous.")
            if certificate.version == 2
            else _("Niveau pré-débutant")
        )
        canvas.drawString(x, top - 17 * mm, text)
    return bottom


def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` cut into lines that fit `width` (a word longer than the width gets a line of its own)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if stringWidth(candidate, font, size) > width and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _wrapped(
    canvas: Canvas, text: str, x: float, y: float, width: float, size: float, leading: float
) -> float:
    canvas.setFont("Helvetica", size)
    canvas.setFillColor(INK_SOFT)
    for line in _lines(text, "Helvetica", size, width):
        canvas.drawString(x, y, line)
        y -= leading
    return y


def _competences(canvas: Canvas, certificate: Certificate, top: float, bottom_limit: float) -> None:
    y = top - 10 * mm
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(MARGIN, y, _("Niveaux par compétence"))
    canvas.setFont("Helvetica", 8.5)
    canvas.setFillColor(INK_SOFT)
    canvas.drawRightString(WIDTH - MARGIN, y, _("Niveaux de 1 à 8"))
    y -= 4 * mm
    rows = sum(1 + len(area.competences) for area in certificate.areas)
    row = min(5.6 * mm, (y - bottom_limit) / max(rows, 1))
    pip = min(3.2 * mm, row * 0.6)
    pips_width = MAX_LEVEL_PIPS * (pip + 1.2 * mm)
    name_width = WIDTH - 2 * MARGIN - pips_width - 24 * mm
    for area in certificate.areas:
        colour = AREA_COLOURS.get(area.code, BRAND)
        y -= row
        canvas.setFillColor(colour)
        canvas.rect(MARGIN, y - 1 * mm, 1.4 * mm, row * 0.8, stroke=0, fill=1)
        canvas.setFont("Helvetica-Bold", 9.5)
        canvas.drawString(MARGIN + 3.5 * mm, y, f"{area.code}. {area.name}")
        for competence in area.competences:
            y -= row
            canvas.setStrokeColor(LINE)
            canvas.line(MARGIN + 3.5 * mm, y + row - 1.6 * mm, WIDTH - MARGIN, y + row - 1.6 * mm)
            label = f"{competence.code}  {competence.name}"
            canvas.setFillColor(INK)
            canvas.setFont("Helvetica", _fit(label, "Helvetica", 9, name_width))
            canvas.drawString(MARGIN + 3.5 * mm, y, label)
            x = WIDTH - MARGIN - pips_width - 20 * mm
            for index in range(MAX_LEVEL_PIPS):
                canvas.setStrokeColor(colour)
                canvas.setFillColor(colour if index < competence.level else colors.white)
                canvas.roundRect(
                    x + index * (pip + 1.2 * mm), y - 0.6 * mm, pip, pip, 0.6 * mm, stroke=1, fill=1
                )
            canvas.setFillColor(INK)
            canvas.setFont("Helvetica-Bold", 9)
            level = _("Niveau %(level)s") % {"level": competence.level} if competence.is_certified else "–"
            canvas.drawRightString(WIDTH - MARGIN, y, level)


def _footer(canvas: Canvas, certificate: Certificate) -> float:
    size = 27 * mm
    bottom = 14 * mm
    top = bottom + size
    canvas.setStrokeColor(LINE)
    canvas.line(MARGIN, top + 5 * mm, WIDTH - MARGIN, top + 5 * mm)
    widget = QrCodeWidget(public_url(certificate), barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, WIDTH - MARGIN - size, bottom)

    canvas.setFillColor(INK_SOFT)
    canvas.setFont("Helvetica", 8.5)
    canvas.drawString(MARGIN, top - 2 * mm, _("CODE DE VÉRIFICATION"))
    canvas.setFillColor(INK)
    canvas.setFont("Courier-Bold", 20)
    canvas.drawString(MARGIN, top - 11 * mm, certificate.verification_code)
    text = _(
        "L'authenticité de ce certificat se vérifie avec ce code sur %(url)s, ou en scannant le code QR."
    ) % {"url": verification_url()}
    _wrapped(canvas, text, MARGIN, top - 18 * mm, WIDTH - 2 * MARGIN - size - 8 * mm, 8.5, 10.5)
    canvas.setFont("Helvetica", 7.5)
    canvas.setFillColor(INK_SOFT)
    canvas.drawString(
        MARGIN,
        bottom,
        _("Certification n°%(number)s – score maximal atteignable : %(max)s pix.")
        % {"number": certificate.course_id, "max": certificate.max_score},
    )
    return top + 5 * mm


def _draw(canvas: Canvas, certificate: Certificate) -> None:
    canvas.setTitle(_("Certificat Pix de %(name)s") % {"name": certificate.full_name})
    y = _header(canvas, certificate)
    y = _identity(canvas, certificate, y)
    y = _score(canvas, certificate, y)
    footer_top = _footer(canvas, certificate)
    _competences(canvas, certificate, y, footer_top + 4 * mm)


def certificates_pdf(certificates: Sequence[Certificate]) -> bytes:
    """One page per certificate, in the order given."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setAuthor("Pix libre")
    canvas.setSubject(_("Attestation de certification Pix"))
    for certificate in certificates:
        _draw(canvas, certificate)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def certificate_pdf(certificate: Certificate) -> bytes:
    return certificates_pdf([certificate])


def certificate_filename(certificate: Certificate) -> str:
    return f"certificat-pix-{certificate.verification_code}.pdf"
