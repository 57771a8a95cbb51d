"""A session's printed documents (pix-certif.md §2.9): the attendance sheet and the invigilator's kit.

reportlab with its built-in Helvetica (no font file, no network); French text, A4.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from certification.models import Candidate, Session

INK = colors.HexColor("#1c2331")
INK_SOFT = colors.HexColor("#4a5468")
LINE = colors.HexColor("#b9c0cc")
BRAND = colors.HexColor("#5b4bb7")
TINT = colors.HexColor("#efedfa")

_base = getSampleStyleSheet()
STYLES = {
    "title": ParagraphStyle(
        "title",
        parent=_base["Title"],
        fontName="Helvetica-Bold",
        fontSize=18,
        leading=22,
        textColor=INK,
        alignment=0,
        spaceAfter=2 * mm,
    ),
    "subtitle": ParagraphStyle(
        "subtitle",
        parent=_base["Normal"],
        fontName="Helvetica",
        fontSize=10.5,
        leading=14,
        textColor=INK_SOFT,
        spaceAfter=4 * mm,
    ),
    "h2": ParagraphStyle(
        "h2",
        parent=_base["Heading2"],
        fontName="Helvetica-Bold",
        fontSize=12.5,
        leading=16,
        textColor=BRAND,
        spaceBefore=5 * mm,
        spaceAfter=2 * mm,
    ),
    "body": ParagraphStyle(
        "body", parent=_base["Normal"], fontName="Helvetica", fontSize=10, leading=13.5, textColor=INK
    ),
    "small": ParagraphStyle(
        "small", parent=_base["Normal"], fontName="Helvetica", fontSize=8.5, leading=11, textColor=INK_SOFT
    ),
    "cell": ParagraphStyle(
        "cell", parent=_base["Normal"], fontName="Helvetica", fontSize=9.5, leading=12, textColor=INK
    ),
    "cell_bold": ParagraphStyle(
        "cell_bold",
        parent=_base["Normal"],
        fontName="Helvetica-Bold",
        fontSize=9.5,
        leading=12,
        textColor=INK,
    ),
    "head": ParagraphStyle(
        "head",
        parent=_base["Normal"],
        fontName="Helvetica-Bold",
        fontSize=8.5,
        leading=11,
        textColor=colors.white,
    ),
    "code_label": ParagraphStyle(
        "code_label",
        parent=_base["Normal"],
        fontName="Helvetica-Bold",
        fontSize=10,
        leading=13,
        textColor=INK_SOFT,
        alignment=TA_CENTER,
    ),
    "code": ParagraphStyle(
        "code",
        parent=_base["Normal"],
        fontName="Courier-Bold",
        fontSize=26,
        leading=32,
        textColor=INK,
        alignment=TA_CENTER,
    ),
    "code_help": ParagraphStyle(
        "code_help",
        parent=_base["Normal"],
        fontName="Helvetica",
        fontSize=8.5,
        leading=11,
        textColor=INK_SOFT,
        alignment=TA_CENTER,
    ),
}


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def _session_lines(session: Session) -> list[tuple[str, str]]:
    return [
        (_("Centre de certification"), session.center_name),
        (_("Numéro de session"), str(session.pk)),
        (
            _("Date et heure"),
            _("%(date)s à %(time)s") % {"date": f"{session.date:%d/%m/%Y}", "time": f"{session.time:%H:%M}"},
        ),
        (_("Site"), session.address),
        (_("Salle"), session.room),
        (_("Surveillant(s)"), session.examiner),
    ]


def _details_table(session: Session, width: float, columns: int = 2) -> Table:
    lines = _session_lines(session)
    rows: list[list[Paragraph]] = []
    per_row = columns
    for start in range(0, len(lines), per_row):
        row: list[Paragraph] = []
        for label, value in lines[start : start + per_row]:
            row += [_p(label, "small"), _p(value, "cell_bold")]
        while len(row) < per_row * 2:
            row += [_p(""), _p("")]
        rows.append(row)
    label_width = 34 * mm
    value_width = width / per_row - label_width
    table = Table(rows, colWidths=[label_width, value_width] * per_row)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), TINT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("BOX", (0, 0), (-1, -1), 0.6, LINE),
            ]
        )
    )
    return table


def _footer(text: str):
    def draw(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(INK_SOFT)
        width, _height = document.pagesize
        canvas.drawString(document.leftMargin, 10 * mm, text)
        canvas.drawRightString(
            width - document.rightMargin, 10 * mm, _("Page %(page)s") % {"page": document.page}
        )
        canvas.setStrokeColor(BRAND)
        canvas.setLineWidth(3)
        canvas.line(0, document.pagesize[1] - 1.5, width, document.pagesize[1] - 1.5)
        canvas.restoreState()

    return draw


def _printed_at() -> str:
    now: datetime = timezone.localtime()
    return _("Édité le %(date)s à %(time)s") % {"date": f"{now:%d/%m/%Y}", "time": f"{now:%H:%M}"}


def attendance_sheet_pdf(*, session: Session, candidates: Sequence[Candidate]) -> bytes:
    """The attendance sheet: one line per candidate to sign at the start and the end of the session."""
    buffer = io.BytesIO()
    pagesize = landscape(A4)
    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=18 * mm,
        title=_("Feuille d'émargement – session n°%(number)s") % {"number": session.pk},
        author=session.center_name,
    )
    width = pagesize[0] - document.leftMargin - document.rightMargin
    story: list[Flowable] = [
        _p(_("Feuille d'émargement"), "title"),
        _p(
            _("Certification Pix – session n°%(number)s – %(count)s candidat(s) inscrit(s)")
            % {"number": session.pk, "count": len(candidates)},
            "subtitle",
        ),
        _details_table(session, width, columns=3),
        Spacer(1, 5 * mm),
    ]
    head = [
        _p(h, "head")
        for h in (
            _("N°"),
            _("Nom de naissance"),
            _("Prénom"),
            _("Date de naissance"),
            _("Identifiant externe"),
            _("Temps majoré"),
            _("Signature (début)"),
            _("Signature (fin)"),
        )
    ]
    rows: list[list] = [head]
    for index, candidate in enumerate(candidates, start=1):
        extra = f"{candidate.extra_time_percent} %" if candidate.extra_time_percent else ""
        rows.append(
            [
                _p(str(index), "cell"),
                _p(candidate.last_name.upper(), "cell_bold"),
                _p(candidate.first_name, "cell"),
                _p(f"{candidate.birthdate:%d/%m/%Y}", "cell"),
                _p(candidate.external_id, "cell"),
                _p(extra, "cell"),
                "",
                "",
            ]
        )
    if not candidates:
        rows.append([_p(_("Aucun candidat inscrit pour le moment."), "cell")] + [""] * 7)
    fixed = [10 * mm, 48 * mm, 40 * mm, 27 * mm, 32 * mm, 22 * mm]
    signature = (width - sum(fixed)) / 2
    table = Table(rows, colWidths=fixed + [signature, signature], repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), BRAND),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("TOPPADDING", (0, 1), (-1, -1), 9),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 9),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7f8fb")]),
    ]
    if not candidates:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    story += [
        table,
        Spacer(1, 6 * mm),
        KeepTogether(
            [
                _p(
                    _(
                        "Le surveillant vérifie l'identité de chaque candidat avant de confirmer sa présence. "
                        "Un candidat présent qui a oublié de signer se signale à la finalisation de la session."
                    ),
                    "small",
                ),
                Spacer(1, 6 * mm),
                Table(
                    [[_p(_("Nom et signature du ou des surveillants :"), "cell_bold"), ""]],
                    colWidths=[80 * mm, width - 80 * mm],
                    rowHeights=[18 * mm],
                    style=TableStyle(
                        [("BOX", (0, 0), (-1, -1), 0.6, LINE), ("VALIGN", (0, 0), (-1, -1), "TOP")]
                    ),
                ),
            ]
        ),
    ]
    footer = _footer(
        _("Document à conserver par le centre pendant 2 ans. %(printed)s.") % {"printed": _printed_at()}
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _code_box(label: str, value: str, help_text: str, width: float) -> Table:
    table = Table(
        [[_p(label, "code_label")], [Paragraph(escape(value), STYLES["code"])], [_p(help_text, "code_help")]],
        colWidths=[width],
        rowHeights=[8 * mm, 13 * mm, 10 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, BRAND),
                ("BACKGROUND", (0, 0), (-1, -1), colors.white),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def invigilator_kit_pdf(*, session: Session) -> bytes:
    """The invigilator's kit: the session's codes and what to do before, during and after the session."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=_("Kit surveillant – session n°%(number)s") % {"number": session.pk},
        author=session.center_name,
    )
    width = A4[0] - document.leftMargin - document.rightMargin
    site = settings.SITE_URL.rstrip("/")
    box_width = (width - 8 * mm) / 3
    codes = Table(
        [
            [
                _code_box(
                    _("Numéro de session"),
                    str(session.pk),
                    _("À donner aux candidats et au surveillant"),
                    box_width,
                ),
                _code_box(
                    _("Code d'accès candidats"),
                    session.access_code,
                    _("À afficher au tableau au début de la session"),
                    box_width,
                ),
                _code_box(
                    _("Mot de passe surveillant"),
                    session.invigilator_password,
                    _("Confidentiel : pour l'espace surveillant"),
                    box_width,
                ),
            ]
        ],
        colWidths=[box_width + 4 * mm, box_width + 4 * mm, box_width],
    )
    codes.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )

    def steps(items: list[str]) -> Table:
        rows = [[_p(f"{number}.", "cell_bold"), _p(text)] for number, text in enumerate(items, start=1)]
        table = Table(rows, colWidths=[8 * mm, width - 8 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table

    story: list[Flowable] = [
        _p(_("Kit surveillant"), "title"),
        _p(
            _("Certification Pix – tout ce qu'il faut pour surveiller la session n°%(number)s")
            % {"number": session.pk},
            "subtitle",
        ),
        _details_table(session, width, columns=2),
        Spacer(1, 6 * mm),
        codes,
        _p(_("Avant la session"), "h2"),
        steps(
            [
                _("Imprimez la feuille d'émargement depuis la page de la session, dans Pix Certif."),
                _(
                    "Vérifiez que chaque poste a un navigateur à jour et accède à %(site)s ; prévoyez des écouteurs "
                    "si des questions comportent du son."
                )
                % {"site": site},
                _(
                    "Connectez-vous à l'espace surveillant (%(url)s) avec le numéro de session et le mot de passe "
                    "surveillant ci-dessus."
                )
                % {"url": f"{site}/certif/surveillance"},
            ]
        ),
        _p(_("Au début de la session"), "h2"),
        steps(
            [
                _(
                    "Vérifiez l'identité de chaque candidat (pièce d'identité) et faites signer la feuille d'émargement."
                ),
                _(
                    "Chaque candidat se connecte à son compte Pix, va sur %(url)s et saisit le numéro de session, "
                    "ses nom, prénom et date de naissance."
                )
                % {"url": f"{site}/certifications"},
                _(
                    "Dans l'espace surveillant, confirmez la présence de chaque candidat : il peut alors commencer."
                ),
                _("Affichez le code d'accès candidats : chacun le saisit pour démarrer son test."),
            ]
        ),
        _p(_("Pendant la session"), "h2"),
        steps(
            [
                _(
                    "Un candidat qui quitte son test ne peut le reprendre que si vous l'y autorisez dans "
                    "l'espace surveillant."
                ),
                _(
                    "Notez tout incident (question qui ne s'affiche pas, coupure, fraude) avec l'heure et le candidat."
                ),
                _("Le temps majoré des candidats qui en bénéficient figure sur la feuille d'émargement."),
            ]
        ),
        _p(_("Après la session"), "h2"),
        steps(
            [
                _("Faites signer la feuille d'émargement en fin de session."),
                _(
                    "Finalisez la session dans Pix Certif le jour même : signalements, candidats qui n'ont pas "
                    "terminé et commentaire éventuel."
                ),
                _("Conservez la feuille d'émargement signée et le procès-verbal d'incident pendant 2 ans."),
            ]
        ),
        Spacer(1, 5 * mm),
        _p(
            _(
                "Le mot de passe surveillant donne accès au suivi des candidats de cette session : ne l'affichez "
                "pas et ne le communiquez pas aux candidats."
            ),
            "small",
        ),
    ]
    footer = _footer(
        _("Kit surveillant – session n°%(number)s. %(printed)s.")
        % {"number": session.pk, "printed": _printed_at()}
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
