"""Attachments of competences 4.1, 4.2, 4.3 and 5.2 (deterministic: fixed dates, no randomness)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from referential.content.generators._common import save_xlsx as _save_xlsx

# -- 4.1 ---------------------------------------------------------------------------------------

HEADERS_4_1 = """\
Return-Path: <rebond-58213@envoi-massif-promo.net>
Delivered-To: camille.durand@exemple-courriel.fr
Received: from mx1.exemple-courriel.fr (mx1.exemple-courriel.fr [192.0.2.10])
\tby boite.exemple-courriel.fr with LMTP id 7Hq2; Tue, 14 Jan 2025 09:42:18 +0100
Received: from smtp7.envoi-massif-promo.net (smtp7.envoi-massif-promo.net [203.0.113.45])
\tby mx1.exemple-courriel.fr (Postfix) with ESMTPS id 4YXk2p0Tz1
\tfor <camille.durand@exemple-courriel.fr>; Tue, 14 Jan 2025 09:42:17 +0100
Authentication-Results: mx1.exemple-courriel.fr;
\tspf=pass smtp.mailfrom=envoi-massif-promo.net;
\tdkim=none;
\tdmarc=fail (p=reject dis=none) header.from=banque-horizon.fr
From: "Banque Horizon" <securite@banque-horizon.fr>
Reply-To: <assistance@banque-horizon-alerte.com>
To: <camille.durand@exemple-courriel.fr>
Subject: Mise a jour de vos coordonnees bancaires
Date: Tue, 14 Jan 2025 09:41:55 +0100
Message-ID: <20250114084155.58213@smtp7.envoi-massif-promo.net>
MIME-Version: 1.0
Content-Type: text/html; charset="utf-8"
"""


def entetes_courriel(path: Path) -> None:
    path.write_text(HEADERS_4_1, encoding="utf-8")


def journal_sauvegardes(path: Path) -> None:
    """Three weeks of backups: full on Sundays, incrementals for two weeks, then differentials."""
    days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["date", "jour", "heure", "type", "statut", "taille_go"])
    start = date(2025, 6, 1)  # a Sunday
    for offset in range(21):
        day = start + timedelta(days=offset)
        weekday = days[day.weekday()]
        if weekday == "dimanche":
            kind, size = "complète", "48,2"
        elif offset < 14:
            kind, size = "incrémentale", ["1,3", "0,9", "1,6", "1,1", "0,8", "0,6"][day.weekday()]
        else:
            kind, size = "différentielle", f"{1.2 * (offset - 14):.1f}".replace(".", ",")
        writer.writerow([day.strftime("%d/%m/%Y"), weekday, "23:00", kind, "réussie", size])
    path.write_text(buffer.getvalue(), encoding="utf-8")


# -- 4.2 ---------------------------------------------------------------------------------------


def _dms(value: float) -> tuple:
    from PIL.TiffImagePlugin import IFDRational

    degrees = int(value)
    minutes_float = (value - degrees) * 60
    minutes = int(minutes_float)
    seconds = round((minutes_float - minutes) * 60 * 100)
    return (IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, 100))


def photo_plage(path: Path) -> None:
    """A plain seaside picture whose EXIF data holds a date and GPS coordinates (in Étretat)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 640), (135, 190, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 330, 960, 640], fill=(40, 110, 160))  # sea
    draw.polygon([(0, 470), (960, 430), (960, 640), (0, 640)], fill=(200, 190, 165))  # pebble beach
    draw.line([(300, 600), (330, 400)], fill=(90, 70, 50), width=8)  # parasol pole
    draw.pieslice([200, 330, 460, 470], 180, 360, fill=(220, 60, 60))  # parasol
    draw.rectangle([520, 560, 700, 590], fill=(60, 140, 200))  # towel
    draw.ellipse([780, 60, 860, 140], fill=(255, 236, 150))  # sun
    exif = Image.Exif()
    exif[0x010F] = "Exemple Photo"  # Make
    exif[0x0110] = "EP-20"  # Model
    exif[0x0132] = "2024:07:14 16:32:05"  # DateTime
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9003] = "2024:07:14 16:32:05"  # DateTimeOriginal
    exif_ifd[0x9004] = "2024:07:14 16:32:05"  # DateTimeDigitized
    gps = exif.get_ifd(0x8825)
    gps[0x0000] = b"\x02\x03\x00\x00"  # GPSVersionID
    gps[0x0001] = "N"
    gps[0x0002] = _dms(49.7068)
    gps[0x0003] = "E"
    gps[0x0004] = _dms(0.2027)
    image.save(path, "JPEG", quality=85, exif=exif.tobytes())


def compte_rendu_pdf(path: Path) -> None:
    """Minutes with no names in the text, but the author's name in the document properties."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setAuthor("Sophie Marchand")
    pdf.setTitle("Compte rendu de la réunion du bureau")
    pdf.setSubject("Association Les Jardins partagés de Valbourg")
    pdf.setCreator("Traitement de texte")
    pdf.setKeywords("compte rendu, bureau, jardins")
    width, height = A4
    y = height - 70
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(60, y, "Les Jardins partagés de Valbourg")
    y -= 24
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawString(60, y, "Compte rendu de la réunion du bureau du 4 mars 2025")
    pdf.setFont("Helvetica", 11)
    lines = [
        "",
        "Présents : la présidence, la trésorerie, le secrétariat et deux membres du bureau.",
        "",
        "1. Parcelles : 4 parcelles se libèrent au printemps ; la liste d'attente compte 11 foyers.",
        "2. Budget : achat d'un récupérateur d'eau de 1 000 litres voté à l'unanimité.",
        "3. Animation : atelier de semis ouvert aux écoles le samedi 12 avril.",
        "4. Communication : ce compte rendu sera publié sur le site de l'association.",
        "",
        "Prochaine réunion : mardi 8 avril 2025, à la maison des associations.",
    ]
    for line in lines:
        y -= 18
        pdf.drawString(60, y, line)
    pdf.showPage()
    pdf.save()


def export_compte(path: Path) -> None:
    """The kind of archive a platform returns after a data access or portability request."""
    import json

    data = {
        "service": "Réseau Photo Exemple",
        "date_export": "2025-03-02T09:15:00+01:00",
        "profil": {
            "nom_affiche": "Camille D.",
            "adresse_electronique": "camille.durand@exemple-courriel.fr",
            "telephone": "+33 6 39 98 00 17",
            "date_inscription": "2019-05-11",
            "ville_declaree": "Valbourg",
        },
        "connexions": [
            {
                "date": "2025-02-27T21:04:11+01:00",
                "appareil": "Téléphone Android",
                "ville_estimee": "Valbourg",
            },
            {
                "date": "2025-02-25T08:12:40+01:00",
                "appareil": "Navigateur sur ordinateur",
                "ville_estimee": "Valbourg",
            },
            {
                "date": "2025-02-18T19:47:02+01:00",
                "appareil": "Téléphone Android",
                "ville_estimee": "Clermont-Ferrand",
            },
        ],
        "publicite": {
            "centres_interet_deduits": [
                {"intitule": "Randonnée en montagne", "deduit_le": "2024-06-02"},
                {"intitule": "Cuisine végétarienne", "deduit_le": "2024-09-17"},
                {"intitule": "Diabète de type 1", "deduit_le": "2024-11-03"},
                {"intitule": "Voyages en train", "deduit_le": "2025-01-08"},
                {"intitule": "Jeux de société", "deduit_le": "2025-02-14"},
            ],
            "annonceurs_avec_lesquels_vous_avez_interagi": [
                "Librairie du Centre",
                "Sports Montagne Exemple",
                "Cinéma Le Rex",
                "Vélo Valbourg",
            ],
            "annonceurs_ayant_importe_une_liste_contenant_vos_coordonnees": [
                "Assurances Exemple Mutuelle",
                "Banque Horizon",
                "Opérateur Mobile Exemple",
                "Magasin Maison et Jardin",
                "Agence de voyages Évasion",
                "Sports Montagne Exemple",
            ],
        },
        "activite_hors_plateforme": [
            {"site": "boutique-sport-exemple.fr", "evenements": 14, "dernier": "2025-02-20"},
            {"site": "recettes-faciles-exemple.fr", "evenements": 37, "dernier": "2025-02-26"},
            {"site": "pharmacie-en-ligne-exemple.fr", "evenements": 5, "dernier": "2024-11-02"},
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def enquete_club(path: Path) -> None:
    """Survey answers without names: one combination (1987, 63110) points to a single person."""
    rows = [
        (1, 1992, "63000", "natation", 4),
        (2, 1987, "63000", "course à pied", 5),
        (3, 1975, "63110", "tennis", 3),
        (4, 2001, "63170", "basket", 4),
        (5, 1987, "63170", "natation", 2),
        (6, 1990, "63110", "course à pied", 5),
        (7, 1968, "63000", "randonnée", 4),
        (8, 1999, "63400", "escalade", 5),
        (9, 1987, "63110", "escalade", 3),
        (10, 1982, "63400", "tennis", 4),
        (11, 1995, "63000", "yoga", 5),
        (12, 1987, "63400", "yoga", 4),
        (13, 1975, "63000", "randonnée", 3),
        (14, 1990, "63170", "natation", 4),
        (15, 2003, "63110", "basket", 2),
        (16, 1982, "63110", "randonnée", 5),
        (17, 1999, "63000", "course à pied", 3),
        (18, 1968, "63400", "natation", 4),
        (19, 1987, "63000", "tennis", 4),
        (20, 1992, "63110", "yoga", 5),
        (21, 2001, "63000", "escalade", 4),
        (22, 1995, "63170", "course à pied", 3),
        (23, 1975, "63400", "natation", 5),
        (24, 1990, "63000", "basket", 4),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["reponse", "annee_naissance", "code_postal", "sport_pratique", "satisfaction_sur_5"])
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


# -- 4.3 ---------------------------------------------------------------------------------------

SCREEN_APPS = ["Réseaux sociaux", "Vidéos", "Messagerie", "Jeux", "Navigateur", "Autres"]
SCREEN_MINUTES = {
    "lundi": [55, 40, 25, 30, 15, 10],
    "mardi": [60, 35, 20, 45, 20, 10],
    "mercredi": [80, 70, 30, 60, 15, 15],
    "jeudi": [50, 30, 25, 20, 25, 10],
    "vendredi": [75, 60, 35, 50, 10, 15],
    "samedi": [95, 110, 30, 80, 20, 20],
    "dimanche": [90, 95, 25, 75, 15, 20],
}
SCREEN_GOALS = [420, 300, 210, 315, 140, 140]  # minutes per week


def temps_ecran(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Semaine"
    sheet.append(["Temps d'écran du téléphone de Noé, en minutes (semaine du 3 au 9 mars 2025)"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(["Jour", *SCREEN_APPS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for day, minutes in SCREEN_MINUTES.items():
        sheet.append([day, *minutes])
    sheet.column_dimensions["A"].width = 14
    for column in "BCDEFG":
        sheet.column_dimensions[column].width = 16
    goals = workbook.create_sheet("Objectifs")
    goals.append(["Application", "Objectif de Noé (minutes par semaine)"])
    for cell in goals[1]:
        cell.font = Font(bold=True)
    for app, goal in zip(SCREEN_APPS, SCREEN_GOALS, strict=True):
        goals.append([app, goal])
    goals.column_dimensions["A"].width = 18
    goals.column_dimensions["B"].width = 36
    workbook.properties.creator = "Noé"
    workbook.properties.title = "Temps d'écran"
    _save_xlsx(workbook, path)


def empreinte_parc(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Parc"
    sheet.append(["Équipements du collège (valeurs d'exemple pour l'exercice)"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(
        [
            "Équipement",
            "Quantité",
            "Fabrication (kg CO2e par appareil)",
            "Durée d'usage actuelle (années)",
            "Électricité (kWh par an et par appareil)",
        ]
    )
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    rows = [
        ["Ordinateur portable", 120, 240, 4, 25],
        ["Ordinateur fixe avec écran", 40, 420, 6, 120],
        ["Tablette", 60, 90, 3, 10],
        ["Vidéoprojecteur", 25, 150, 8, 90],
        ["Imprimante", 6, 110, 7, 60],
    ]
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append(["Facteur d'émission de l'électricité (kg CO2e par kWh)", 0.05])
    sheet.append(
        [
            "Empreinte annuelle d'un appareil = fabrication ÷ durée d'usage + électricité annuelle × facteur d'émission"
        ]
    )
    sheet.column_dimensions["A"].width = 30
    for column in "BCDE":
        sheet.column_dimensions[column].width = 26
    workbook.properties.title = "Empreinte du parc informatique"
    _save_xlsx(workbook, path)


def poids_page(path: Path) -> None:
    rows = [
        ("page", "index.html", 45),
        ("feuille de style", "style.css", 80),
        ("script", "app.js", 420),
        ("script", "statistiques-tiers.js", 180),
        ("police", "police-titre.woff2", 95),
        ("police", "police-texte.woff2", 90),
        ("image", "photo-accueil.jpg", 2400),
        ("image", "logo.png", 60),
        ("image", "galerie-1.jpg", 840),
        ("image", "galerie-2.jpg", 760),
        ("vidéo", "fond-accueil.mp4", 6200),
        ("image", "icones.svg", 20),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["type", "ressource", "poids_ko"])
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


# -- 5.2 ---------------------------------------------------------------------------------------

STORAGE_OFFERS = [
    # name, storage per user (Go), price per user per month (€), hosting, open export, collaborative editing
    ("Nuage Alpha", 100, 4.0, "États-Unis", "oui", "oui"),
    ("Cumulus Pro", 250, 6.0, "Union européenne", "oui", "oui"),
    ("Stratus", 500, 5.0, "Union européenne", "non", "oui"),
    ("Nimbus Asso", 200, 3.0, "Union européenne", "oui", "non"),
    ("Cirrus Libre", 200, 4.5, "Union européenne", "oui", "oui"),
    ("Altostratus", 150, 2.5, "Union européenne", "oui", "oui"),
]


def comparatif_offres(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Stockage en ligne"
    sheet.append(["Offres de stockage et d'édition en ligne (offres fictives, tarifs d'exemple)"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(
        [
            "Offre",
            "Stockage par utilisateur (Go)",
            "Prix par utilisateur et par mois (€)",
            "Hébergement des données",
            "Export de toutes les données en format ouvert",
            "Édition à plusieurs en même temps",
        ]
    )
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for offer in STORAGE_OFFERS:
        sheet.append(list(offer))
    sheet.column_dimensions["A"].width = 16
    for column in "BCDEF":
        sheet.column_dimensions[column].width = 30
    software = workbook.create_sheet("Logiciel de gestion")
    software.append(["Deux façons d'obtenir le même logiciel de gestion des adhérents (tarifs d'exemple)"])
    software["A1"].font = Font(bold=True)
    software.append([])
    software.append(
        ["Option", "Achat initial (€)", "Maintenance et mises à jour (€ par an)", "Abonnement (€ par mois)"]
    )
    for cell in software[3]:
        cell.font = Font(bold=True)
    software.append(["A - licence définitive", 900, 150, 0])
    software.append(["B - abonnement en ligne", 0, 0, 45])
    software.column_dimensions["A"].width = 26
    for column in "BCD":
        software.column_dimensions[column].width = 34
    workbook.properties.title = "Comparatif des offres"
    _save_xlsx(workbook, path)


README_5_2 = """\
NotesFaciles - version 3.2.0
============================

NotesFaciles est un petit logiciel libre de prise de notes (licence GPL version 3).

Installation
------------
1. Vérifiez l'empreinte SHA-256 du fichier téléchargé avant de l'installer.
2. Lancez l'installateur et suivez les étapes.
3. Au premier démarrage, choisissez le dossier où ranger vos notes.

Nouveautés de la version 3.2.0
------------------------------
- Recherche plus rapide dans les notes.
- Export des notes au format texte et au format PDF.
- Correction d'un problème d'affichage des accents.

Configuration minimale
----------------------
- Système 64 bits
- 4 Go de mémoire vive
- 300 Mo d'espace disque libre
"""


def lisezmoi(path: Path) -> None:
    path.write_bytes(README_5_2.encode("utf-8"))


GENERATORS: dict[str, Callable[[Path], None]] = {
    "4-1-entetes-courriel.txt": entetes_courriel,
    "4-1-journal-sauvegardes.csv": journal_sauvegardes,
    "4-2-photo-plage.jpg": photo_plage,
    "4-2-compte-rendu.pdf": compte_rendu_pdf,
    "4-2-export-compte.json": export_compte,
    "4-2-enquete-club.csv": enquete_club,
    "4-3-temps-ecran.xlsx": temps_ecran,
    "4-3-empreinte-parc.xlsx": empreinte_parc,
    "4-3-poids-page.csv": poids_page,
    "5-2-comparatif-offres.xlsx": comparatif_offres,
    "5-2-lisezmoi-notesfaciles.txt": lisezmoi,
}
