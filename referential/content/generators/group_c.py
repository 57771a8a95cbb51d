"""Attachments of competences 3.1, 3.2, 3.3 and 3.4 (documents, multimedia, adapting, programming).

Every file is written deterministically: fixed dates, fixed content, no randomness. The counts a
challenge relies on (how many times a word appears, how many headings…) are asserted here, so a text
edit that breaks an answer fails loudly when the attachment is rebuilt.
"""

from __future__ import annotations

import io
import math
import re
import wave
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from referential.content.generators._common import FIXED_DATE, write_zip

# --- a minimal .docx writer (WordprocessingML by hand) ------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ISO_DATE = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
</Relationships>"""

_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="709"/><w:lang w:val="fr-FR"/></w:settings>"""

_APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Pix libre</Application></Properties>"""

# Level-2 headings and the fake heading share this look on purpose (blue, bold, 14 pt).
_H2_LOOK = '<w:b/><w:color w:val="1F4E79"/><w:sz w:val="28"/>'


def _heading_style(level: int, size: int, look: str = "") -> str:
    look = look or f'<w:b/><w:color w:val="1F4E79"/><w:sz w:val="{size}"/>'
    return (
        f'<w:style w:type="paragraph" w:styleId="Heading{level}"><w:name w:val="heading {level}"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f"<w:rPr>{look}</w:rPr></w:style>"
    )


_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" w:cs="Liberation Serif"/>
<w:sz w:val="24"/><w:lang w:val="fr-FR"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
<w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/></w:rPr></w:style>
{_heading_style(1, 32)}
{_heading_style(2, 28, _H2_LOOK)}
{_heading_style(3, 24)}
</w:styles>"""


def _run(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


class _Revisions:
    """Numbering of tracked changes (each w:ins / w:del needs a unique id)."""

    def __init__(self) -> None:
        self.next_id = 1

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def ins(self, text: str, author: str, date: str) -> str:
        return f'<w:ins w:id="{self._id()}" w:author="{escape(author)}" w:date="{date}">{_run(text)}</w:ins>'

    def delete(self, text: str, author: str, date: str) -> str:
        return (
            f'<w:del w:id="{self._id()}" w:author="{escape(author)}" w:date="{date}"><w:r>'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'
        )


def _paragraph(content: str, style: str = "", align: str = "") -> str:
    """content: plain text, or already-built runs when it starts with '<'."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if align:
        props += f'<w:jc w:val="{align}"/>'
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    runs = content if content.startswith("<") else _run(content)
    return f"<w:p>{ppr}{runs}</w:p>"


def _section(
    *, landscape: bool = False, left: int = 1418, right: int = 1418, top: int = 1418, bottom: int = 1418
) -> str:
    """Page set-up in twentieths of a point (567 = 1 cm)."""
    width, height = (16838, 11906) if landscape else (11906, 16838)
    orient = ' w:orient="landscape"' if landscape else ""
    return (
        f'<w:sectPr><w:pgSz w:w="{width}" w:h="{height}"{orient}/>'
        f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
        'w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>'
    )


def _write_docx(
    path: Path,
    paragraphs: list[str],
    *,
    title: str,
    author: str,
    section: str | None = None,
    last_modified_by: str | None = None,
) -> None:
    body = "".join(paragraphs) + (section or _section())
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    core = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator><cp:lastModifiedBy>{escape(last_modified_by or author)}</cp:lastModifiedBy>
<dc:language>fr-FR</dc:language>
<dcterms:created xsi:type="dcterms:W3CDTF">{ISO_DATE}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{ISO_DATE}</dcterms:modified>
</cp:coreProperties>"""
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/document.xml": document,
        "word/styles.xml": _STYLES,
        "word/settings.xml": _SETTINGS,
        "docProps/core.xml": core,
        "docProps/app.xml": _APP,
    }
    write_zip(path, parts)


# --- 3.1 -------------------------------------------------------------------------------------------

_COMPTE_RENDU = [
    ("Title", "Compte rendu de l'assemblée du club de randonnée Les Crêtes"),
    (
        "",
        "Présents : 24 adhérents. Excusés : Carole Petit, Marc Caillou. La séance est ouverte à 18 h 30 par la présidente.",
    ),
    ("Heading1", "1. Finances"),
    (
        "",
        "La trésorière présente les comptes de l'année. La subvention de la commune a été versée en mars ; elle couvre "
        "la location du local et une partie des cartes de randonnée. Le CA propose de demander une nouvelle subvention "
        "au département pour l'achat de matériel de secours.",
    ),
    (
        "",
        "En cas de refus, le club pourra solliciter une subvention plus modeste auprès de la communauté de communes. "
        "La CAF ne finance pas ce type de projet, mais elle peut aider les familles pour les séjours d'été.",
    ),
    ("Heading1", "2. Sorties et calendrier"),
    (
        "",
        "Douze sorties sont prévues. Le CA rappelle que chaque sortie doit avoir deux encadrants diplômés. "
        "Le car pour la sortie au lac sera réservé en avril ; son coût sera couvert en partie par la subvention communale.",
    ),
    (
        "",
        "Les adhérents demandent une sortie de découverte pour les débutants. Le CA étudiera la proposition, "
        "ainsi qu'un partenariat avec l'école de Carnoux.",
    ),
    ("Heading1", "3. Questions diverses"),
    (
        "",
        "Une adhérente demande si la subvention peut servir à rembourser l'essence des covoitureurs : ce n'est pas le "
        "cas, car une subvention doit financer le projet pour lequel elle a été demandée. Le CA publiera un guide du "
        "covoiturage. Le dossier de subvention sera envoyé avant le 30 avril.",
    ),
    ("", "La séance est levée à 20 h 15."),
]


def compte_rendu(path: Path) -> None:
    paragraphs = [_paragraph(text, style) for style, text in _COMPTE_RENDU]
    text = " ".join(t for _, t in _COMPTE_RENDU)
    # Challenges ch-3-1-saisietexte3-a (7 × "subvention") and ch-3-1-saisietexte4-b (4 × the word "CA", case-sensitive).
    assert len(re.findall(r"subvention", text, flags=re.IGNORECASE)) == 7, "subvention"
    assert len(re.findall(r"\bCA\b", text)) == 4, "CA"
    assert len(re.findall(r"ca", text, flags=re.IGNORECASE)) > 10
    _write_docx(path, paragraphs, title="Compte rendu de l'assemblée", author="Nadia Benali")


_RAPPORT = [
    ("Title", "Rapport d'activité — Médiathèque des Tilleuls"),
    ("Heading1", "Introduction"),
    (
        "",
        "Ce rapport présente les actions menées par la médiathèque au cours de l'année et les projets de l'année prochaine.",
    ),
    ("Heading1", "Bilan des actions"),
    ("Heading2", "Ateliers numériques"),
    (
        "",
        "Quarante-deux ateliers ont accueilli des débutants : prise en main d'une tablette, courrier électronique, démarches en ligne.",
    ),
    ("Heading2", "Prêts et inscriptions"),
    ("", "Les prêts de bandes dessinées et de livres audio progressent nettement."),
    ("Heading3", "Inscriptions des moins de dix-huit ans"),
    ("", "Les inscriptions des jeunes lecteurs sont gratuites ; elles ont augmenté d'un quart."),
    ("Heading2", "Animations"),
    (
        "",
        "Heure du conte chaque mercredi, club de lecture mensuel et une exposition de photographies en juin.",
    ),
    ("Heading1", "Perspectives"),
    ("Heading2", "Budget prévisionnel"),
    ("", "Le budget d'acquisition reste stable ; une partie servira à renouveler les liseuses."),
    ("FAKE", "Partenariats"),
    ("", "Un partenariat avec le collège voisin permettra d'accueillir deux classes par semaine."),
    ("Heading2", "Calendrier"),
    ("", "Les travaux de la salle d'animation sont prévus pendant les vacances d'été."),
]


def rapport_activite(path: Path) -> None:
    paragraphs = []
    for style, text in _RAPPORT:
        if style == "FAKE":  # looks like a level-2 heading, but is a Normal paragraph formatted by hand
            paragraphs.append(
                f'<w:p><w:pPr><w:spacing w:before="240" w:after="120"/></w:pPr>{_run(text, _H2_LOOK)}</w:p>'
            )
        else:
            paragraphs.append(_paragraph(text, style))
    # ch-3-1-stylestitres5-a: 5 level-2 headings; ch-3-1-stylestitres5-b: one level-3 heading; ch-3-1-stylestitres6-b: the fake one.
    assert sum(1 for s, _ in _RAPPORT if s == "Heading2") == 5
    assert [t for s, t in _RAPPORT if s == "Heading3"] == ["Inscriptions des moins de dix-huit ans"]
    _write_docx(path, paragraphs, title="Rapport d'activité", author="Hugo Lefèvre")


def affiche_stage(path: Path) -> None:
    paragraphs = [
        _paragraph("Stage d'initiation au théâtre", "Title"),
        _paragraph("Du lundi 20 au vendredi 24 octobre, de 14 h à 17 h, salle Molière.", align="center"),
        _paragraph(
            "Pour les 11-15 ans. Aucune expérience nécessaire : jeux de voix, improvisation et petite "
            "représentation pour les familles le vendredi à 16 h 30.",
            align="center",
        ),
        _paragraph(
            "Inscription à l'accueil de la maison des associations avant le 10 octobre.", align="center"
        ),
    ]
    # ch-3-1-miseenpage5-a: landscape, left margin 3 cm (1701 twips), right 2 cm, top and bottom 2,5 cm.
    section = _section(landscape=True, left=1701, right=1134, top=1418, bottom=1418)
    _write_docx(
        path,
        paragraphs,
        title="Affiche du stage de théâtre",
        author="Maison des associations",
        section=section,
    )


def relecture(path: Path) -> None:
    rev = _Revisions()
    paul, ines = "Paul Girard", "Inès Morel"
    d1, d2 = "2025-01-13T09:12:00Z", "2025-01-14T17:40:00Z"
    paragraphs = [
        _paragraph("Sortie de fin d'année : informations aux familles", "Title"),
        _paragraph(
            _run("La sortie au parc naturel aura lieu le ")
            + rev.delete("vendredi 13 juin", paul, d1)
            + rev.ins("jeudi 12 juin", paul, d1)
            + _run(".")
        ),
        _paragraph(
            _run("Le départ est prévu à 8 h 30 devant le collège.")
            + rev.ins(" Merci d'arriver dix minutes en avance.", ines, d2)
        ),
        _paragraph(
            _run("Le retour est prévu vers 17 h. ")
            + rev.delete("Les élèves pourront acheter des souvenirs sur place.", ines, d2)
        ),
        _paragraph(
            _run("Chaque élève apporte un pique-nique et une ")
            + rev.delete("bouteille en plastique", paul, d1)
            + rev.ins("gourde", paul, d1)
            + _run(", ainsi qu'une casquette.")
        ),
        _paragraph("Pour toute question, contactez le secrétariat du collège."),
    ]
    _write_docx(path, paragraphs, title="Sortie de fin d'année", author="Sophie Lambert")


def lettre_voisins(path: Path) -> None:
    """Body paragraphs indented 1,25 cm on their first line (709 twips) (ch-3-1-meftexte3-b)."""
    body_props = (
        '<w:pPr><w:spacing w:after="120" w:line="360" w:lineRule="auto"/><w:ind w:firstLine="709"/></w:pPr>'
    )

    def body(text: str) -> str:
        return f"<w:p>{body_props}{_run(text)}</w:p>"

    paragraphs = [
        _paragraph("Fête des voisins de la résidence des Glycines", "Title"),
        body(
            "Chers voisins, la fête de la résidence aura lieu le vendredi 30 mai à partir de 19 h, dans le jardin "
            "commun. Chacun apporte un plat ou une boisson à partager."
        ),
        body(
            "Des tables et des chaises seront installées par le conseil syndical. En cas de pluie, la fête sera "
            "déplacée dans le hall de l'escalier B."
        ),
        body(
            "Pour aider à l'installation à partir de 18 h, inscrivez-vous sur la feuille affichée près des boîtes aux lettres."
        ),
        _paragraph("Le conseil syndical", align="right"),
    ]
    _write_docx(path, paragraphs, title="Fête des voisins", author="Conseil syndical")


# --- 3.2 -------------------------------------------------------------------------------------------


def photo_lac(path: Path) -> None:
    """A drawn landscape of 1500 × 1000 pixels (ch-3-2-imagenum2-a, ch-3-2-retoucheimage4-b)."""
    from PIL import Image, ImageDraw

    width, height = 1500, 1000
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(560):  # sky, light blue to pale yellow
        t = y / 560
        draw.line([(0, y), (width, y)], fill=(int(110 + 135 * t), int(170 + 70 * t), int(230 - 40 * t)))
    draw.ellipse([1120, 120, 1260, 260], fill=(255, 236, 170))
    draw.polygon([(0, 600), (260, 300), (520, 560), (760, 260), (1080, 600)], fill=(92, 110, 130))
    draw.polygon([(640, 600), (1000, 330), (1280, 520), (1500, 380), (1500, 600)], fill=(70, 90, 105))
    draw.polygon(
        [(700, 330), (760, 260), (820, 330), (790, 320), (760, 340), (730, 320)], fill=(245, 245, 250)
    )
    for y in range(600, height):  # lake
        t = (y - 600) / 400
        draw.line([(0, y), (width, y)], fill=(int(60 - 30 * t), int(120 - 40 * t), int(170 - 50 * t)))
    draw.rectangle([0, 560, width, 605], fill=(60, 110, 60))
    for x in range(40, width, 90):
        draw.polygon([(x, 600), (x + 22, 520), (x + 44, 600)], fill=(34, 80, 40))
    image.save(path, format="JPEG", quality=85, optimize=True)


def _tone_wav(path: Path, notes: list[tuple[float, float]], rate: int = 8000) -> None:
    """notes: (frequency in Hz or 0 for silence, duration in seconds); 8-bit mono PCM."""
    frames = bytearray()
    for frequency, seconds in notes:
        count = int(round(seconds * rate))
        for i in range(count):
            if frequency:
                envelope = min(1.0, i / 200, (count - i) / 400)
                value = 128 + int(90 * envelope * math.sin(2 * math.pi * frequency * i / rate))
            else:
                value = 128
            frames.append(value)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


def carillon(path: Path) -> None:
    """Exactly 9 seconds (ch-3-2-sonvideo3-a)."""
    notes = [
        (0, 0.5),
        (659.3, 0.8),
        (523.3, 0.8),
        (587.3, 0.8),
        (392.0, 1.6),
        (0, 0.5),
        (392.0, 0.8),
        (587.3, 0.8),
        (659.3, 0.8),
        (523.3, 1.6),
    ]
    assert abs(sum(d for _, d in notes) - 9.0) < 1e-9
    _tone_wav(path, notes)


SOUS_TITRES = """1
00:00:01,000 --> 00:00:04,000
Bienvenue au jardin partagé du quartier.

2
00:00:04,500 --> 00:00:08,000
Ici, chaque famille cultive une petite parcelle.

3
00:00:08,500 --> 00:00:12,000
Les outils sont rangés dans la cabane en bois.

4
00:00:12,500 --> 00:00:15,000
On arrose le soir, quand il fait plus frais.

5
00:00:16,000 --> 00:00:19,500
Vous voulez participer ? Venez samedi matin !
"""


def sous_titres(path: Path) -> None:
    """ch-3-2-sonvideo6-a (subtitle 3 appears at 8,5 s) and -b (subtitle 5 lasts 3,5 s)."""
    path.write_text(SOUS_TITRES, encoding="utf-8", newline="\r\n")


# --- 3.3 -------------------------------------------------------------------------------------------


def rapport_annuel_pdf(path: Path) -> None:
    """The author is only in the document properties (ch-3-3-metadonneesdoc4-a)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setAuthor("Claire Fontaine")
    pdf.setTitle("Rapport annuel - Vélo Solidaire")
    pdf.setSubject("Activités de l'atelier de réparation de vélos")
    pdf.setKeywords("vélo, réparation, réemploi, association")
    pdf.setCreator("Pix libre")
    width, height = A4
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(60, height - 90, "Association Vélo Solidaire")
    pdf.setFont("Helvetica", 14)
    pdf.drawString(60, height - 115, "Rapport annuel")
    pdf.setFont("Helvetica", 11)
    lines = [
        "L'atelier a accueilli 640 personnes venues réparer leur vélo avec l'aide de bénévoles.",
        "212 vélos donnés ont été remis en état, puis vendus à petit prix ou prêtés à des étudiants.",
        "Les ateliers du samedi matin restent les plus fréquentés.",
        "",
        "Projets : un second local, des ateliers dans deux collèges et une bourse aux pièces détachées.",
        "",
        "Document rédigé par le bureau de l'association.",
    ]
    y = height - 160
    for line in lines:
        pdf.drawString(60, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()


def note_service(path: Path) -> None:
    """Created by Bertrand Roux, last saved by Léa Martin (ch-3-3-metadonneesdoc4-b)."""
    paragraphs = [
        _paragraph("Note de service : fermeture estivale", "Title"),
        _paragraph(
            "Le centre social sera fermé du 4 au 22 août. Les inscriptions aux activités de la rentrée "
            "ouvriront le lundi 25 août à 9 h."
        ),
        _paragraph("Merci d'afficher cette note à l'accueil et dans la salle d'activités."),
        _paragraph("La direction"),
    ]
    _write_docx(
        path, paragraphs, title="Fermeture estivale", author="Bertrand Roux", last_modified_by="Léa Martin"
    )


def photo_marche(path: Path) -> None:
    """EXIF: taken on 14 June 2024 by Lucas Ferrand, GPS on the place Bellecour in Lyon (ch-3-3-metadonneesdoc5/6)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 900), (200, 225, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 620, 1200, 900], fill=(170, 160, 150))
    awnings = [(200, 60, 60), (40, 120, 200), (230, 170, 40), (60, 150, 80)]
    for i, colour in enumerate(awnings):
        x = 60 + i * 285
        draw.rectangle([x, 380, x + 240, 620], fill=(120, 80, 50))
        draw.polygon([(x - 20, 380), (x + 120, 290), (x + 260, 380)], fill=colour)
        for j in range(6):
            cx = x + 25 + j * 36
            draw.ellipse([cx, 470, cx + 28, 498], fill=[(220, 40, 40), (250, 160, 30), (90, 170, 60)][j % 3])
    exif = Image.Exif()  # EXIF text fields are ASCII: no accents
    exif[0x010E] = "Marche du dimanche"  # ImageDescription
    exif[0x010F] = "Pixlibre"  # Make
    exif[0x0110] = "Demo 24"  # Model
    exif[0x0132] = "2024:06:14 10:32:05"  # DateTime
    exif[0x013B] = "Lucas Ferrand"  # Artist
    exif[0x8298] = "Copyright Lucas Ferrand"  # Copyright
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9003] = "2024:06:14 10:32:05"  # DateTimeOriginal
    exif_ifd[0x9004] = "2024:06:14 10:32:05"  # DateTimeDigitized
    gps = exif.get_ifd(0x8825)
    gps[0x0000] = b"\x02\x02\x00\x00"  # GPSVersionID
    gps[0x0001] = "N"
    gps[0x0002] = (45.0, 45.0, 28.0)  # 45° 45' 28" N
    gps[0x0003] = "E"
    gps[0x0004] = (4.0, 49.0, 55.0)  # 4° 49' 55" E : place Bellecour, Lyon
    image.save(path, format="JPEG", quality=85, exif=exif.tobytes())


PAGE_ASSOCIATION = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>Festival des jardins - Association Les Pousses</title>
</head>
<body>
<img src="bandeau-fleurs.png" alt="">
<h1>Festival des jardins</h1>
<p>Samedi 17 mai, de 10 h à 18 h, au parc municipal : trocs de plants, ateliers et concert.</p>
<img src="affiche-festival.jpg">
<h2>Programme</h2>
<p>Pour télécharger le programme complet, <a href="programme.pdf">cliquez ici</a>.</p>
<img src="plan-du-parc.png">
<h2>Nos partenaires</h2>
<img src="logo-mairie.png" alt="Mairie de Saint-Aubin">
<img src="logo-jardinerie.png">
<h2>Contact</h2>
<p>Écrivez-nous : <a href="mailto:contact@example.org">contact@example.org</a></p>
</body>
</html>
"""


def page_association(path: Path) -> None:
    """Three informative images without alt, one decorative with alt="", no lang (ch-3-3-accessibilitedoc7-a/b)."""
    assert PAGE_ASSOCIATION.count("<img") == 5
    assert len(re.findall(r"<img (?![^>]*alt=)[^>]*>", PAGE_ASSOCIATION)) == 3
    path.write_text(PAGE_ASSOCIATION, encoding="utf-8")


# --- 3.4 -------------------------------------------------------------------------------------------

TEMPERATURES_PY = """# Relevés de température de la semaine, en degrés Celsius
temperatures = [14, 17, 21, 19, 12, 23, 16]

total = 0
nb = 0
for t in temperatures:
    if t > 15:
        total = total + t
        nb = nb + 1

print(total / nb)
"""

MOT_DE_PASSE_PY = """# Calcule un score de robustesse très simplifié pour un mot de passe
mot = "Ete2024Soleil!"
score = 0

for c in mot:
    if c.isdigit():  # un chiffre
        score = score + 2
    elif c.isupper():  # une lettre majuscule
        score = score + 3
    elif not c.isalpha():  # ni chiffre ni lettre : un symbole
        score = score + 5

print(score)
"""


def _python_program(source: str, expected_output: str) -> Callable[[Path], None]:
    """Write a short program, after checking that running it prints what the challenge expects."""

    def write(path: Path) -> None:
        output = io.StringIO()
        namespace: dict[str, object] = {"print": lambda *args: print(*args, file=output)}
        exec(compile(source, path.name, "exec"), namespace)  # our own fixed source, not user input
        assert output.getvalue().strip() == expected_output, (path.name, output.getvalue())
        path.write_text(source, encoding="utf-8")

    return write


# --- registry --------------------------------------------------------------------------------------

GENERATORS: dict[str, Callable[[Path], None]] = {
    "3-1-compte-rendu-club.docx": compte_rendu,
    "3-1-rapport-activite.docx": rapport_activite,
    "3-1-affiche-stage.docx": affiche_stage,
    "3-1-sortie-relecture.docx": relecture,
    "3-1-lettre-voisins.docx": lettre_voisins,
    "3-2-photo-lac.jpg": photo_lac,
    "3-2-carillon.wav": carillon,
    "3-2-sous-titres-jardin.srt": sous_titres,
    "3-3-rapport-annuel.pdf": rapport_annuel_pdf,
    "3-3-note-service.docx": note_service,
    "3-3-photo-marche.jpg": photo_marche,
    "3-3-page-festival.html": page_association,
    "3-4-temperatures.py": _python_program(TEMPERATURES_PY, "19.2"),  # ch-3-4-progboucles6-a
    "3-4-mot-de-passe.py": _python_program(MOT_DE_PASSE_PY, "19"),  # ch-3-4-progboucles6-b
}
