"""Attachments of competences 2.1, 2.2, 2.3 and 2.4 (group B).

Every function writes one file deterministically: fixed dates, fixed data, no unseeded randomness.
All people, organisations and addresses in these files are fictional.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from referential.content.generators._common import save_xlsx as _save_xlsx
from referential.content.generators._common import text_pdf as _pdf
from referential.content.generators._common import write_csv as _csv

# -- helpers -----------------------------------------------------------------------------------


def _text(path: Path, text: str) -> None:
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))


# -- 2.2 Partager et publier -------------------------------------------------------------------


def photo_phare(path: Path) -> None:
    """A photo whose properties (EXIF Artist and Copyright) give its author and licence."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 533), (120, 170, 215))
    d = ImageDraw.Draw(image)
    d.rectangle((0, 380, 800, 533), fill=(40, 90, 140))  # sea
    d.polygon([(0, 380), (260, 300), (420, 380)], fill=(95, 85, 70))  # rock
    d.polygon([(300, 330), (340, 110), (380, 110), (420, 330)], fill=(245, 245, 240))  # tower
    for top in (150, 210, 270):
        d.polygon(
            [
                (340 - (top - 110) * 0.18, top),
                (380 + (top - 110) * 0.18, top),
                (380 + (top + 25 - 110) * 0.18, top + 25),
                (340 - (top + 25 - 110) * 0.18, top + 25),
            ],
            fill=(200, 40, 40),
        )
    d.rectangle((335, 80, 385, 110), fill=(250, 220, 90))  # lantern
    d.polygon([(330, 80), (360, 55), (390, 80)], fill=(60, 60, 60))
    d.ellipse((620, 50, 700, 130), fill=(255, 240, 170))  # sun
    exif = image.getexif()
    exif[0x010F] = "Appareil photo"
    exif[0x0110] = "Compact 20"
    exif[0x0132] = "2024:08:17 19:42:10"
    exif[0x013B] = "Margaux Petit"
    exif[0x8298] = "Margaux Petit - licence CC BY-SA 4.0"
    exif[0x010E] = "Phare de la pointe du Cap Gris, au coucher du soleil"
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = "2024:08:17 19:42:10"
    image.save(path, "JPEG", quality=85, exif=exif.tobytes())


def partages_drive(path: Path) -> None:
    """The sharing report of a club's online storage: folders carry their sharing to what they contain."""
    _csv(
        path,
        [
            ["Nom", "Type", "Dossier parent", "Partage défini sur l'élément", "Droit"],
            ["Photos du club", "Dossier", "(racine)", "Toute personne disposant du lien", "Lecteur"],
            [
                "Comptabilité",
                "Dossier",
                "(racine)",
                "Restreint : tresorier@club-tennis-valbourg.fr",
                "Éditeur",
            ],
            ["Brouillons", "Dossier", "(racine)", "Aucun (privé)", ""],
            ["tournoi-2025-01.jpg", "Fichier", "Photos du club", "(hérité du dossier)", "(hérité)"],
            ["tournoi-2025-02.jpg", "Fichier", "Photos du club", "(hérité du dossier)", "(hérité)"],
            ["liste-adherents.xlsx", "Fichier", "Photos du club", "(hérité du dossier)", "(hérité)"],
            ["budget-2025.xlsx", "Fichier", "Comptabilité", "(hérité du dossier)", "(hérité)"],
            ["reglement-interieur.pdf", "Fichier", "(racine)", "Toute personne disposant du lien", "Lecteur"],
            ["planning-benevoles.xlsx", "Fichier", "(racine)", "Restreint : 3 personnes", "Éditeur"],
            ["lettre-mairie.docx", "Fichier", "Brouillons", "(hérité du dossier)", "(hérité)"],
        ],
    )


def fiche_recette(path: Path) -> None:
    """A recipe sheet published under CC BY-NC-SA; the licence is written at the bottom."""
    _pdf(
        path,
        title="Tarte aux pommes de grand-mère",
        author="Lucie Garnier",
        subject="Fiche recette - licence CC BY-NC-SA 4.0",
        pages=[
            [
                "# Tarte aux pommes de grand-mère",
                "Pour 6 personnes - préparation 20 min - cuisson 35 min",
                "",
                "## Ingrédients",
                "- 1 pâte brisée",
                "- 5 pommes",
                "- 2 cuillerées à soupe de sucre",
                "- 1 sachet de sucre vanillé",
                "- 20 g de beurre",
                "",
                "## Préparation",
                "1. Préchauffez le four à 200 °C.",
                "2. Étalez la pâte dans un moule et piquez-la avec une fourchette.",
                "3. Épluchez les pommes, coupez-les en fines lamelles et disposez-les en rosace.",
                "4. Saupoudrez de sucre, ajoutez le beurre en petits morceaux.",
                "5. Faites cuire 35 minutes.",
                "",
                "",
                "~ Texte et photos : Lucie Garnier. Cette fiche est mise à disposition selon les termes de la licence",
                "~ Creative Commons Attribution - Pas d'utilisation commerciale - Partage dans les mêmes conditions 4.0",
                "~ International (CC BY-NC-SA 4.0).",
            ]
        ],
    )


# -- 2.3 Collaborer ----------------------------------------------------------------------------


def budget_sortie(path: Path) -> None:
    """A shared budget with cell comments (notes); each comment keeps the name of the person who wrote it."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.properties.creator = "Mme Perrin"
    sheet = workbook.active
    sheet.title = "Budget"
    rows = [
        ("Poste", "Montant prévu (€)"),
        ("Transport en autocar", 1250),
        ("Entrées du musée des Confluences", 480),
        ("Atelier au musée gallo-romain", 300),
        ("Goûter", 90),
        ("Total", "=SUM(B2:B5)"),
    ]
    for row in rows:
        sheet.append(row)
    sheet["A1"].font = sheet["B1"].font = sheet["A6"].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 38
    sheet.column_dimensions["B"].width = 20
    notes = {
        "B2": ("Nadia Benali", "Devis de l'autocariste reçu le 3 mars, à confirmer avant le 20 mars."),
        "B3": ("Paul Girard", "Tarif groupe scolaire : 16 € par élève, 30 élèves."),
        "B4": ("Mme Perrin", "Prix forfaitaire pour la classe, guide compris."),
        "B5": ("Hugo Lambert", "Offert par l'association des parents ? À demander."),
    }
    for cell, (author, text) in notes.items():
        comment = Comment(f"{author} :\n{text}", author)
        comment.width, comment.height = 260, 90
        sheet[cell].comment = comment
    _save_xlsx(workbook, path)


def sondage_dates(path: Path) -> None:
    """The export of an online date poll: Oui / Non / Si nécessaire for each proposed evening."""
    header = [
        "Participant",
        "mar. 18/03/2025 18h",
        "mer. 19/03/2025 18h",
        "jeu. 20/03/2025 18h",
        "ven. 21/03/2025 18h",
    ]
    answers = [
        ("Agnès", "Oui", "Oui", "Non", "Oui"),
        ("Bastien", "Non", "Oui", "Oui", "Non"),
        ("Céline", "Oui", "Oui", "Oui", "Non"),
        ("Damien", "Oui", "Si nécessaire", "Oui", "Non"),
        ("Émilie", "Non", "Oui", "Oui", "Oui"),
        ("Farid", "Oui", "Oui", "Non", "Non"),
        ("Gaëlle", "Non", "Oui", "Oui", "Si nécessaire"),
        ("Henri", "Si nécessaire", "Non", "Oui", "Oui"),
        ("Isabelle", "Oui", "Oui", "Non", "Non"),
        ("Jonas", "Non", "Si nécessaire", "Si nécessaire", "Oui"),
    ]
    _csv(path, [header, *[list(a) for a in answers]])


def atelier_ics(path: Path) -> None:
    """A calendar invitation for a weekly workshop: six Tuesdays from 4 March 2025."""
    _text(
        path,
        "\n".join(
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Mediatheque de Valbourg//Agenda//FR",
                "METHOD:REQUEST",
                "BEGIN:VTIMEZONE",
                "TZID:Europe/Paris",
                "BEGIN:DAYLIGHT",
                "TZOFFSETFROM:+0100",
                "TZOFFSETTO:+0200",
                "TZNAME:CEST",
                "DTSTART:19700329T020000",
                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                "END:DAYLIGHT",
                "BEGIN:STANDARD",
                "TZOFFSETFROM:+0200",
                "TZOFFSETTO:+0100",
                "TZNAME:CET",
                "DTSTART:19701025T030000",
                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                "END:STANDARD",
                "END:VTIMEZONE",
                "BEGIN:VEVENT",
                "UID:atelier-tablette-2025@mediatheque-valbourg.fr",
                "DTSTAMP:20250215T090000Z",
                "DTSTART;TZID=Europe/Paris:20250304T180000",
                "DTEND;TZID=Europe/Paris:20250304T193000",
                "RRULE:FREQ=WEEKLY;COUNT=6",
                "SUMMARY:Atelier numérique : prise en main de la tablette",
                "LOCATION:Médiathèque de Valbourg\\, salle Marie-Curie",
                "DESCRIPTION:Six séances pour débutants. Apportez votre tablette chargée.",
                "ORGANIZER;CN=Camille Martin:mailto:camille.martin@mediatheque-valbourg.fr",
                "END:VEVENT",
                "END:VCALENDAR",
                "",
            ]
        ),
    )


def commentaires_relecture(path: Path) -> None:
    """The list of comments of a shared report under review, with their state."""
    _csv(
        path,
        [
            ["N°", "Auteur", "Date", "Commentaire", "Personne mentionnée", "État"],
            [
                1,
                "Léa Fontaine",
                "03/02/2025",
                "Phrase d'introduction trop longue, à couper en deux.",
                "",
                "Résolu",
            ],
            [
                2,
                "Karim Aziz",
                "03/02/2025",
                "@Sonia Lopez peux-tu vérifier le chiffre de 2023 ?",
                "Sonia Lopez",
                "Ouvert",
            ],
            [3, "Sonia Lopez", "04/02/2025", "Source ajoutée en note de bas de page.", "", "Résolu"],
            [
                4,
                "Léa Fontaine",
                "04/02/2025",
                "@Karim Aziz il manque la légende du graphique.",
                "Karim Aziz",
                "Ouvert",
            ],
            [
                5,
                "Marc Vidal",
                "05/02/2025",
                "@Sonia Lopez quelle est la date exacte de l'enquête ?",
                "Sonia Lopez",
                "Ouvert",
            ],
            [6, "Karim Aziz", "05/02/2025", "Faute : « dévelopement » prend deux p.", "", "Résolu"],
            [
                7,
                "Sonia Lopez",
                "06/02/2025",
                "@Marc Vidal peux-tu reformuler la conclusion ?",
                "Marc Vidal",
                "Ouvert",
            ],
            [
                8,
                "Léa Fontaine",
                "06/02/2025",
                "@Sonia Lopez harmoniser les unités (km ou m).",
                "Sonia Lopez",
                "Ouvert",
            ],
            [9, "Marc Vidal", "07/02/2025", "Ce paragraphe répète la partie 2.", "", "Résolu"],
            [
                10,
                "Karim Aziz",
                "07/02/2025",
                "@Léa Fontaine peux-tu valider le titre ?",
                "Léa Fontaine",
                "Résolu",
            ],
        ],
    )


# -- 2.4 S'insérer dans le monde numérique ------------------------------------------------------


def panier_commande(path: Path) -> None:
    """A shop's basket summary: the learner adds delivery and the discount to find what they will pay."""
    _pdf(
        path,
        title="Récapitulatif de votre panier",
        author="Le Grenier Créatif",
        subject="Panier avant paiement",
        created=datetime(2025, 3, 21, 15, 12, 0),
        pages=[
            [
                "# Le Grenier Créatif - Récapitulatif de votre panier",
                "Étape 2 sur 3 : livraison et réductions",
                "",
                "## Articles",
                "Pinceaux pour aquarelle (lot de 6)        2 x 8,95 EUR    = 17,90 EUR",
                "Carnet de croquis A4                      1 x 12,50 EUR   = 12,50 EUR",
                "Boîte d'aquarelle 24 couleurs             1 x 19,50 EUR   = 19,50 EUR",
                "Sous-total des articles : 49,90 EUR",
                "",
                "## Code promo",
                "Code PRINTEMPS appliqué : - 5,00 EUR sur les articles",
                "",
                "## Mode de livraison",
                "[X] Livraison en point relais (3 à 5 jours ouvrés) : 4,90 EUR",
                "[  ] Livraison à domicile (2 à 3 jours ouvrés) : 7,90 EUR",
                "",
                "Le montant total à payer s'affichera à l'étape suivante (paiement).",
                "",
                "~ Prix TTC. Le Grenier Créatif - boutique en ligne fictive, exemple pédagogique.",
            ]
        ],
    )


def cgv_boutique(path: Path) -> None:
    """Extracts of a shop's terms of sale: a withdrawal period longer than the legal one, return costs, exclusions."""
    _pdf(
        path,
        title="Conditions générales de vente - Le Grenier Créatif",
        author="Le Grenier Créatif",
        subject="Conditions générales de vente (extraits)",
        created=datetime(2025, 1, 6, 9, 0, 0),
        pages=[
            [
                "# Conditions générales de vente (extraits)",
                "Le Grenier Créatif - boutique en ligne de loisirs créatifs (exemple fictif)",
                "",
                "## Article 5 - Livraison",
                "Les commandes sont livrées en point relais ou à domicile, en France métropolitaine,",
                "dans un délai de 2 à 5 jours ouvrés selon le mode de livraison choisi.",
                "",
                "## Article 7 - Droit de rétractation et retours",
                "Vous disposez d'un délai de 30 jours à compter de la réception de votre commande",
                "pour nous retourner un article, sans avoir à justifier de motif. Ce délai est plus",
                "long que le délai légal de 14 jours.",
                "Les frais de retour sont à la charge du client, sauf si l'article reçu est",
                "défectueux ou ne correspond pas à la commande.",
                "Nous vous remboursons au plus tard 14 jours après avoir été informés de votre",
                "décision ; le remboursement peut être différé jusqu'à la réception de l'article.",
                "Ne peuvent pas être retournés : les articles personnalisés à votre demande",
                "(gravure, impression d'un prénom).",
                "",
                "## Article 9 - Garanties",
                "Tous nos articles bénéficient de la garantie légale de conformité (2 ans à",
                "compter de la livraison pour un bien neuf) et de la garantie des vices cachés.",
                "",
                "## Article 10 - Réclamations et médiation",
                "Toute réclamation est à adresser au service clients. En cas de désaccord",
                "persistant, vous pouvez recourir gratuitement au médiateur de la consommation",
                "dont les coordonnées figurent sur notre site.",
            ]
        ],
    )


def inscription_cantine(path: Path) -> None:
    """A town hall notice for an online school-canteen registration: deadline and documents to attach."""
    _pdf(
        path,
        title="Inscription à la restauration scolaire 2025-2026",
        author="Mairie de Valbourg",
        subject="Démarche en ligne - portail famille",
        created=datetime(2025, 5, 12, 11, 0, 0),
        pages=[
            [
                "# Restauration scolaire 2025-2026 : inscription en ligne",
                "Mairie de Valbourg - service Enfance (commune fictive)",
                "",
                "## Quand ?",
                "Les inscriptions sont ouvertes du lundi 2 juin au vendredi 4 juillet 2025,",
                "sur le portail famille de la commune, rubrique « Mes démarches ».",
                "",
                "## Pièces à joindre",
                "Format PDF ou JPG, 2 Mo au maximum par fichier :",
                "- un justificatif de domicile de moins de 3 mois ;",
                "- l'attestation de quotient familial (CAF ou MSA).",
                "Le carnet de santé et la photo d'identité ne sont plus demandés.",
                "",
                "## Après l'envoi",
                "Un accusé de réception avec un numéro de dossier vous est envoyé par courriel.",
                "Conservez-le : il vous sera demandé pour toute question.",
                "",
                "## Besoin d'aide ?",
                "L'accueil de la mairie et l'espace France Services de Valbourg peuvent vous",
                "accompagner pour faire la démarche en ligne.",
            ]
        ],
    )


def export_publicite(path: Path) -> None:
    """The advertising section of a (fictional) social network's personal data export, as a static web page."""
    interests = [
        "Randonnée",
        "Cuisine végétarienne",
        "Voyages au Canada",
        "Jeux de société",
        "Aquarelle",
        "Astronomie",
        "Vélo",
        "Séries policières",
        "Jardinage",
    ]
    advertisers = [
        (
            "Voyages Horizon",
            "a importé une liste de clients contenant votre adresse électronique",
            "14/01/2025",
        ),
        (
            "Le Grenier Créatif",
            "vous a montré une publicité parce que vous avez visité son site",
            "21/03/2025",
        ),
        ("Énergie Plus", "vous a montré une publicité selon votre âge et votre région", "02/04/2025"),
    ]
    items = "\n".join(f"      <li>{name}</li>" for name in interests)
    rows = "\n".join(
        f"      <tr><td>{name}</td><td>{why}</td><td>{when}</td></tr>" for name, why, when in advertisers
    )
    path.write_text(
        f"""<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Vos données - Publicité - Réseau Papillon</title>
</head>
<body>
  <h1>Vos données : informations utilisées pour la publicité</h1>
  <p>Export demandé le 10/04/2025 par Camille Martin. Réseau Papillon est un réseau social fictif.</p>
  <h2>Vos centres d'intérêt publicitaires</h2>
  <p>Déduits de vos publications, de vos mentions « J'aime » et des pages que vous consultez.</p>
  <ul>
{items}
  </ul>
  <h2>Annonceurs dont vous avez vu les publicités</h2>
  <table>
    <thead>
      <tr><th>Annonceur</th><th>Pourquoi</th><th>Date</th></tr>
    </thead>
    <tbody>
{rows}
    </tbody>
  </table>
</body>
</html>
""",
        encoding="utf-8",
    )


GENERATORS: dict[str, Callable[[Path], None]] = {
    "2-2-photo-phare.jpg": photo_phare,
    "2-2-partages-drive.csv": partages_drive,
    "2-2-fiche-recette.pdf": fiche_recette,
    "2-3-budget-sortie.xlsx": budget_sortie,
    "2-3-sondage-dates.csv": sondage_dates,
    "2-3-atelier-numerique.ics": atelier_ics,
    "2-3-commentaires-relecture.csv": commentaires_relecture,
    "2-4-panier-commande.pdf": panier_commande,
    "2-4-cgv-boutique.pdf": cgv_boutique,
    "2-4-inscription-cantine.pdf": inscription_cantine,
    "2-4-export-publicite.html": export_publicite,
}
