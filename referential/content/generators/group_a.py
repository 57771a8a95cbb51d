"""Attachments of competences 1.1, 1.2, 1.3 and 5.1 (group A).

Every function writes one file deterministically: fixed dates, fixed data, no unseeded randomness.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from referential.content.generators._common import save_xlsx as _save_xlsx
from referential.content.generators._common import text_pdf as _pdf
from referential.content.generators._common import write_csv as _csv
from referential.content.generators._common import write_zip

# -- helpers -----------------------------------------------------------------------------------


def _jpeg(
    path: Path,
    draw: Callable,
    *,
    size: tuple[int, int],
    taken: str,
    make: str,
    model: str,
    artist: str = "",
    description: str = "",
) -> None:
    """A JPEG drawn by `draw(ImageDraw)`, with EXIF date of capture, camera, and optional artist."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (200, 210, 220))
    draw(ImageDraw.Draw(image), size)
    exif = image.getexif()
    exif[0x010F] = make
    exif[0x0110] = model
    exif[0x0132] = taken
    if artist:
        exif[0x013B] = artist
    if description:
        exif[0x010E] = description
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = taken  # DateTimeOriginal
    sub[0x9004] = taken  # DateTimeDigitized
    image.save(path, "JPEG", quality=85, exif=exif.tobytes())


# -- 1.1 ---------------------------------------------------------------------------------------


def site_marais(path: Path) -> None:
    html = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Les Amis du Marais – Balade nature du dimanche</title>
</head>
<body>
<header>
<h1>Les Amis du Marais</h1>
<nav><a href="#article">Actualités</a> · <a href="#agenda">Agenda</a> · <a href="#mentions">Mentions légales</a></nav>
</header>
<main>
<article id="article">
<h2>Une balade pour découvrir les oiseaux du marais</h2>
<p>Par Paul Martin, bénévole de l'association</p>
<p>Dimanche matin, une vingtaine de promeneurs ont suivi nos guides le long des roselières.
Hérons cendrés, aigrettes et même un martin-pêcheur ont été observés depuis l'observatoire du lavoir.</p>
<p>Prochaine sortie : le premier dimanche du mois, rendez-vous à 9 heures devant la maison du marais.
Pensez à vos jumelles et à des bottes !</p>
</article>
<section id="agenda">
<h2>Agenda</h2>
<ul>
<li>Premier dimanche du mois : balade commentée (gratuite)</li>
<li>Troisième samedi du mois : chantier de nettoyage des berges</li>
</ul>
</section>
</main>
<footer id="mentions">
<h2>Mentions légales</h2>
<p>Éditeur du site : association Les Amis du Marais (loi 1901), 4 chemin des Roseaux, 17000 La Rochelle.</p>
<p>Directrice de la publication : Claire Fontaine, présidente de l'association.</p>
<p>Webmestre : Julien Mercier.</p>
<p>Hébergement : Hébergeur Atlantique SARL, 12 rue du Port, 44000 Nantes.</p>
</footer>
</body>
</html>
"""
    path.write_text(html, encoding="utf-8")


def etude_boisson(path: Path) -> None:
    _pdf(
        path,
        title="Effets de la boisson Boostilia Focus sur la concentration",
        author="Laboratoire Cognitio",
        subject="Étude sur la concentration",
        created=datetime(2024, 5, 6, 11, 0, 0),
        pages=[
            [
                "# Boostilia Focus améliore la concentration",
                "## Résumé",
                "Cette étude montre qu'une canette de Boostilia Focus améliore",
                "la concentration de 27 % pendant les deux heures qui suivent.",
                "",
                "## Méthode",
                "Douze volontaires (12 personnes, âgées de 21 à 34 ans) ont passé",
                "un test d'attention de 15 minutes, une fois après avoir bu la",
                "boisson et une fois après avoir bu de l'eau.",
                "Les volontaires savaient quelle boisson ils avaient bue.",
                "",
                "## Résultats",
                "Score moyen après l'eau : 62 points sur 100.",
                "Score moyen après Boostilia Focus : 79 points sur 100.",
                "Soit une amélioration de 27 %.",
                "",
                "## Conclusion",
                "Boostilia Focus est la boisson idéale pour réviser ses examens.",
                "",
                "Étude réalisée par le Laboratoire Cognitio.",
            ],
            [
                "## Remerciements",
                "Nous remercions les 12 volontaires qui ont participé à cette étude.",
                "",
                "## Déclaration de financement et de conflits d'intérêts",
                "Cette étude a été entièrement financée par la société Boostilia,",
                "qui fabrique et commercialise la boisson Boostilia Focus.",
                "Deux des auteurs sont salariés de la société Boostilia.",
                "",
                "~ Laboratoire Cognitio - document diffusé à titre d'information.",
            ],
        ],
    )


def rapport_sans_date(path: Path) -> None:
    _pdf(
        path,
        title="Usage des transports en commun dans l'agglomération",
        author="Service Mobilités – Agglomération du Val",
        subject="Rapport de fréquentation",
        created=datetime(2018, 3, 14, 9, 30, 0),
        pages=[
            [
                "# Usage des transports en commun",
                "## Rapport de fréquentation du réseau",
                "",
                "Le réseau compte 14 lignes de bus et une ligne de tramway.",
                "La fréquentation annuelle atteint 21 millions de voyages.",
                "La ligne de tramway transporte à elle seule 38 % des voyageurs.",
                "",
                "## Satisfaction",
                "78 % des usagers interrogés se disent satisfaits du réseau.",
                "Les attentes portent surtout sur la fréquence le soir.",
                "",
                "## Perspectives",
                "Une deuxième ligne de tramway est à l'étude.",
            ]
        ],
    )


def photo_port(path: Path) -> None:
    def draw(d, size):
        w, h = size
        d.rectangle([0, 0, w, h * 0.55], fill=(90, 100, 115))
        for i in range(0, w, 40):
            d.line([i, 20, i - 60, h * 0.55], fill=(120, 130, 145), width=2)
        d.rectangle([0, h * 0.55, w, h], fill=(60, 80, 95))
        for y in range(int(h * 0.6), h, 22):
            for x in range(0, w, 70):
                d.arc([x, y, x + 60, y + 18], 180, 360, fill=(220, 230, 235), width=3)
        d.rectangle([w * 0.65, h * 0.3, w * 0.72, h * 0.58], fill=(235, 235, 225))
        d.polygon([(w * 0.64, h * 0.3), (w * 0.685, h * 0.22), (w * 0.73, h * 0.3)], fill=(180, 40, 40))
        d.polygon(
            [(w * 0.15, h * 0.62), (w * 0.35, h * 0.62), (w * 0.32, h * 0.68), (w * 0.18, h * 0.68)],
            fill=(40, 40, 45),
        )
        d.line([w * 0.25, h * 0.62, w * 0.25, h * 0.4], fill=(40, 40, 45), width=4)

    _jpeg(
        path,
        draw,
        size=(800, 533),
        taken="2017:10:14 18:42:05",
        make="Fabricam",
        model="FC-200",
        description="Port",
    )


def flux_nature(path: Path) -> None:
    items = [
        ("Migration des grues : le grand passage", "Thu, 20 Mar 2025 07:30:00 +0100", "grues"),
        ("Les hérissons sortent d'hibernation", "Tue, 01 Apr 2025 18:00:00 +0200", "herissons"),
        ("Le lynx photographié dans le Jura", "Thu, 03 Apr 2025 09:15:00 +0200", "lynx-jura"),
        ("La nuit de la chouette", "Sat, 29 Mar 2025 20:00:00 +0100", "chouette"),
        ("Printemps : les premières hirondelles", "Fri, 14 Mar 2025 12:00:00 +0100", "hirondelles"),
    ]
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0">',
        "  <channel>",
        "    <title>Nature en Franche-Comté – actualités</title>",
        "    <link>https://nature-fc.example/</link>",
        "    <description>Les dernières observations de nos naturalistes</description>",
        "    <language>fr</language>",
    ]
    for title, date, slug in items:
        parts += [
            "    <item>",
            f"      <title>{title}</title>",
            f"      <link>https://nature-fc.example/actualites/{slug}</link>",
            f"      <pubDate>{date}</pubDate>",
            "    </item>",
        ]
    parts += ["  </channel>", "</rss>", ""]
    path.write_text("\n".join(parts), encoding="utf-8")


def sources_veille(path: Path) -> None:
    rows = [
        ["Source", "Type", "Propriétaire", "Fréquence"],
        ["La Terre aujourd'hui", "Magazine", "Groupe Médiaterre", "Hebdomadaire"],
        ["Agri-Infos", "Site d'information", "Groupe Médiaterre", "Quotidienne"],
        ["Bulletin officiel agricole", "Site officiel", "Ministère de l'Agriculture", "Variable"],
        ["Le Journal des champs", "Journal", "Groupe Médiaterre", "Quotidienne"],
        ["Campagnes TV", "Chaîne vidéo", "Groupe Médiaterre", "Quotidienne"],
        ["Terres vivantes", "Lettre d'information", "Association Terres vivantes", "Mensuelle"],
        ["Agri-Podcast", "Podcast", "Groupe Médiaterre", "Hebdomadaire"],
        ["Statistiques agricoles", "Base de données", "Ministère de l'Agriculture", "Annuelle"],
        ["Semences & Sols", "Revue", "Groupe Médiaterre", "Mensuelle"],
        [
            "Recherche agronomique",
            "Revue scientifique",
            "Institut de recherche agronomique du Val",
            "Trimestrielle",
        ],
    ]
    _csv(path, rows)


# -- 1.2 ---------------------------------------------------------------------------------------


def budget_club(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Dépenses"
    rows = [
        ["Date", "Dépense", "Montant (€)", "Validée par"],
        ["2025-01-08", "Ballons (lot de 10)", 189.90, "Marc Olivier"],
        ["2025-01-15", "Location du gymnase", 240.00, "Marc Olivier"],
        ["2025-02-02", "Maillots", 612.50, "Marc Olivier"],
        ["2025-02-20", "Trousse de secours", 45.80, "Marc Olivier"],
        ["2025-03-09", "Déplacement en car", 380.00, "Marc Olivier"],
    ]
    for row in rows:
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 16
    wb.properties.creator = "Nadia Benali"
    wb.properties.lastModifiedBy = "Nadia Benali"
    wb.properties.title = "Budget du club de handball 2025"
    _save_xlsx(wb, path)


def cr_conseil(path: Path) -> None:
    _pdf(
        path,
        title="Conseil de quartier Nord",
        author="Mairie annexe du quartier Nord",
        subject="Compte rendu de réunion",
        created=datetime(2025, 3, 12, 20, 30, 0),
        pages=[
            [
                "# Compte rendu",
                "Réunion publique du 12 mars, salle des fêtes.",
                "",
                "Présents : 34 habitants, 5 élus.",
                "",
                "1. Sécurité aux abords de l'école : un passage piéton sera ajouté.",
                "2. Jardin partagé : 12 nouvelles parcelles disponibles au printemps.",
                "3. Propreté : une journée de ramassage est prévue le 5 avril.",
                "",
                "Prochaine réunion : en juin.",
            ]
        ],
    )


EMPREINTES_FICHIERS = {
    "reglement.txt": "Règlement du tournoi\n1. Chaque équipe compte 5 joueurs.\n2. Les matchs durent 2 fois 10 minutes.\n",
    "planning.txt": "Planning\nSamedi 9 h : poules\nSamedi 14 h : quarts de finale\nDimanche 10 h : finales\n",
    "inscriptions.txt": "Inscriptions\nLes Aigles\nLes Castors\nLes Renards\nLes Tigres\n",
    "releve-notes.txt": "Relevé des scores\nAigles - Castors : 3 - 1\nRenards - Tigres : 2 - 2\n",
}


def empreintes(path: Path) -> None:
    import hashlib

    lines = [
        f"{hashlib.sha256(text.encode('utf-8')).hexdigest()}  {name}"
        for name, text in EMPREINTES_FICHIERS.items()
    ]
    files: dict[str, bytes | str] = dict(EMPREINTES_FICHIERS)
    files["releve-notes.txt"] = EMPREINTES_FICHIERS["releve-notes.txt"].replace("3 - 1", "3 - 4")
    files["empreintes-sha256.txt"] = "\n".join(lines) + "\n"
    write_zip(path, files)


def _petite_image(colour: tuple[int, int, int], shape: str, fmt: str) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (235, 240, 245))
    d = ImageDraw.Draw(image)
    if shape == "cercle":
        d.ellipse([100, 60, 220, 180], fill=colour)
    elif shape == "carre":
        d.rectangle([100, 60, 220, 180], fill=colour)
    else:
        d.polygon([(160, 50), (230, 190), (90, 190)], fill=colour)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def photos_classe(path: Path) -> None:
    files: dict[str, bytes | str] = {
        "sortie-musee-01.jpg": _petite_image((200, 60, 60), "cercle", "JPEG"),
        "sortie-musee-02.jpg": _petite_image((60, 120, 200), "carre", "JPEG"),
        "sortie-musee-03.jpg": _petite_image((60, 160, 90), "triangle", "JPEG"),
        "sortie-musee-04.jpg": _petite_image((220, 160, 40), "cercle", "JPEG"),
        "affiche-expo.png": _petite_image((120, 60, 160), "carre", "PNG"),
        "plan-musee.png": _petite_image((40, 40, 40), "triangle", "PNG"),
        "lisez-moi.txt": "Photos de la sortie au musée de la classe de 4e B.\nMerci de ne pas les publier sur les réseaux sociaux.\n",
    }
    write_zip(path, files)


def projet_expo(path: Path) -> None:
    files: dict[str, bytes | str] = {
        "expo/lisez-moi.txt": "Textes de l'exposition « Animaux des montagnes ».\nLes textes validés sont dans version-finale.\n",
        "expo/brouillons/panneau-1.txt": "Panneau 1 (brouillon) : le chamois.\n",
        "expo/brouillons/panneau-2.txt": "Panneau 2 (brouillon) : le bouquetin.\n",
        "expo/brouillons/panneau-3.txt": "Panneau 3 (brouillon) : le lagopède, oiseau qui devient blanc en hiver.\n",
        "expo/version-finale/panneau-1.txt": "Panneau 1 : le chamois, agile sur les rochers.\n",
        "expo/version-finale/panneau-2.txt": "Panneau 2 : le bouquetin et ses longues cornes.\n",
        "expo/version-finale/panneau-3.txt": "Panneau 3 : la marmotte, qui hiberne six mois par an et siffle pour prévenir d'un danger.\n",
        "expo/version-finale/panneau-4.txt": "Panneau 4 : le gypaète barbu, le plus grand rapace des Alpes.\n",
        "expo/images/credits.txt": "Illustrations : atelier d'arts plastiques du collège.\n",
    }
    write_zip(path, files)


# -- 1.3 ---------------------------------------------------------------------------------------


def _workbook(
    title: str, rows: list[list[object]], widths: dict[str, float] | None = None, *, author: str = "Pix libre"
):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for column, width in (widths or {}).items():
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    wb.properties.creator = author
    return wb


VILLES = [
    ("Belcourt", 48210),
    ("Montaval", 12890),
    ("Saint-Aubin-des-Prés", 7340),
    ("Rochefleur", 31575),
    ("Lavernay", 56930),
    ("Clairmont-sur-Vire", 9120),
    ("Pontcerf", 22480),
    ("Valbrune", 40115),
    ("Sermoise", 15760),
    ("Haut-Marais", 3980),
    ("Cordelle", 27305),
    ("Fontanges", 61440),
]


def villes(path: Path) -> None:
    rows: list[list[object]] = [["Commune", "Population"]] + [[n, p] for n, p in VILLES]
    _save_xlsx(_workbook("Communes", rows, {"A": 24, "B": 14}), path)


def _eleves() -> list[list[object]]:
    import random

    rng = random.Random(1303)
    prenoms = [
        "Adam",
        "Alice",
        "Amine",
        "Anna",
        "Arthur",
        "Chloé",
        "Eliott",
        "Emma",
        "Gabriel",
        "Hugo",
        "Inès",
        "Jade",
        "Jules",
        "Lina",
        "Louis",
        "Lucie",
        "Maël",
        "Manon",
        "Nathan",
        "Nina",
        "Noah",
        "Rose",
        "Sacha",
        "Sarah",
        "Théo",
        "Yanis",
        "Zoé",
        "Léo",
        "Mila",
        "Rayan",
    ]
    noms = [
        "Martin",
        "Bernard",
        "Petit",
        "Durand",
        "Leroy",
        "Moreau",
        "Simon",
        "Laurent",
        "Michel",
        "Garcia",
        "Roux",
        "Fournier",
        "Girard",
        "Bonnet",
        "Dupont",
        "Lambert",
        "Fontaine",
        "Rousseau",
        "Blanc",
        "Guerin",
    ]
    rows: list[list[object]] = []
    used = set()
    for classe in ("4eA", "4eB", "3eA", "3eB"):
        for _ in range(16):
            while True:
                prenom, nom = rng.choice(prenoms), rng.choice(noms)
                if (prenom, nom) not in used:
                    used.add((prenom, nom))
                    break
            option = rng.choices(["Latin", "Aucune", "Grec", "Latin"], k=1)[0]
            moyenne = round(rng.uniform(7.0, 18.0), 1)
            rows.append([nom, prenom, classe, option, moyenne])
    rng.shuffle(rows)
    return rows


def eleves_options(path: Path) -> None:
    rows: list[list[object]] = [["Nom", "Prénom", "Classe", "Option", "Moyenne"]] + _eleves()
    _save_xlsx(_workbook("Élèves", rows, {"A": 14, "B": 12, "C": 8, "D": 10, "E": 10}), path)


def _meteo() -> list[float]:
    import random

    rng = random.Random(131)
    tenths = [rng.randint(-30, 110) for _ in range(31)]
    missing = 43 * 31 - sum(tenths)  # make the mean exactly 4.3 °C
    step = 1 if missing > 0 else -1
    index = 0
    while missing:
        tenths[index % 31] += step
        missing -= step
        index += 1
    return [t / 10 for t in tenths]


def releve_meteo(path: Path) -> None:
    rows: list[list[object]] = [["Date", "Température à midi (°C)"]]
    for day, value in enumerate(_meteo(), start=1):
        rows.append([f"{day:02d}/01/2025", value])
    _save_xlsx(_workbook("Janvier", rows, {"A": 12, "B": 26}), path)


REGIONS = ["Nord", "Sud", "Est", "Ouest", "Centre"]
CATEGORIES = ["Jardin", "Cuisine", "Bricolage", "Décoration"]


def _ventes() -> list[list[object]]:
    import random

    rng = random.Random(2024)
    rows: list[list[object]] = []
    for number in range(1, 301):
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        category = rng.choice(CATEGORIES)
        base = {"Jardin": 180, "Cuisine": 140, "Bricolage": 160, "Décoration": 120}[category]
        if month == 3 and category == "Bricolage":
            base = 260
        amount = round(base * rng.uniform(0.2, 3.5), 2)
        rows.append([f"V{number:04d}", datetime(2024, month, day), rng.choice(REGIONS), category, amount])
    return rows


def ventes(path: Path) -> None:
    rows: list[list[object]] = [["N° de vente", "Date", "Région", "Catégorie", "Montant (€)"]] + _ventes()
    wb = _workbook("Ventes 2024", rows, {"A": 12, "B": 12, "C": 10, "D": 12, "E": 12})
    for (cell,) in wb.active.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = "DD/MM/YYYY"
    _save_xlsx(wb, path)


FACTURE = [
    ("Cahier grand format", 30, 2.40),
    ("Stylo bille bleu", 120, 0.35),
    ("Classeur à levier", 15, 3.90),
    ("Ramette de papier", 20, 5.20),
    ("Surligneurs (lot de 4)", 25, 2.80),
    ("Agrafeuse", 6, 7.50),
    ("Boîte d'agrafes", 12, 1.10),
    ("Calculatrice", 8, 14.90),
    ("Règle 30 cm", 40, 0.90),
    ("Gomme", 60, 0.50),
    ("Ciseaux", 10, 3.20),
    ("Colle en bâton", 50, 0.95),
]


def facture_erreur(path: Path) -> None:
    rows: list[list[object]] = [["Article", "Quantité", "Prix unitaire (€)", "Total (€)"]]
    for index, (name, quantity, price) in enumerate(FACTURE, start=2):
        formula = f"=B{index}*C{index}"
        if index == 9:  # the mistake: the price of the row above
            formula = f"=B{index}*C{index - 1}"
        rows.append([name, quantity, price, formula])
    rows.append([])
    rows.append(["Total général", None, None, f"=SUM(D2:D{len(FACTURE) + 1})"])
    wb = _workbook("Facture", rows, {"A": 26, "B": 10, "C": 18, "D": 12}, author="Service achats")
    ws = wb.active
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "0.00"
    _save_xlsx(wb, path)


def ventes_magasins(path: Path) -> None:
    mois = [
        "Janvier",
        "Février",
        "Mars",
        "Avril",
        "Mai",
        "Juin",
        "Juillet",
        "Août",
        "Septembre",
        "Octobre",
        "Novembre",
        "Décembre",
    ]
    nord = [52, 50, 55, 54, 53, 51, 50, 49, 52, 54, 56, 60]
    sud = [30, 34, 38, 43, 48, 55, 63, 70, 58, 50, 44, 46]
    est = [40, 41, 39, 42, 44, 45, 43, 41, 42, 40, 43, 47]
    rows: list[list[object]] = [["Mois", "Nord", "Sud", "Est"]]
    rows += [[m, n, s, e] for m, n, s, e in zip(mois, nord, sud, est, strict=True)]
    wb = _workbook("Ventes (k€)", rows, {"A": 12})
    _save_xlsx(wb, path)


def _inscrits() -> list[list[str]]:
    import random

    rng = random.Random(1302)
    prenoms = [
        "Camille",
        "Louise",
        "Paul",
        "Léa",
        "Tom",
        "Jeanne",
        "Lucas",
        "Clara",
        "Victor",
        "Margaux",
        "Enzo",
        "Agathe",
        "Malo",
        "Iris",
        "Robin",
        "Elsa",
    ]
    noms = [
        "Morel",
        "Girard",
        "André",
        "Mercier",
        "Dupuis",
        "Lefebvre",
        "Faure",
        "Colin",
        "Vidal",
        "Caron",
        "Perrin",
        "Renard",
        "Marchand",
        "Brun",
        "Gaillard",
        "Barbier",
    ]
    villes = ["Lyon", "Villeurbanne", "Bron", "Vénissieux", "Caluire", "Oullins"]
    rows = []
    seen = set()
    while len(rows) < 48:
        prenom, nom = rng.choice(prenoms), rng.choice(noms)
        if (prenom, nom) in seen:
            continue
        seen.add((prenom, nom))
        age = rng.randint(8, 17)
        rows.append([nom, prenom, str(age), rng.choice(villes)])
    return rows


def inscrits(path: Path) -> None:
    _csv(path, [["Nom", "Prénom", "Âge", "Ville"]] + _inscrits())


def inscriptions_doublons(path: Path) -> None:
    import random

    base = _inscrits()[:34]
    rows = [
        [nom, prenom, f"{prenom}.{nom}@exemple.fr".lower().replace("é", "e").replace("ë", "e"), ville]
        for nom, prenom, _age, ville in base
    ]
    rng = random.Random(1304)
    doubles = [list(r) for r in rng.sample(rows, 6)]
    merged = rows + doubles
    rng.shuffle(merged)
    _csv(path, [["Nom", "Prénom", "Courriel", "Ville"]] + merged)


SALAIRES = [1850, 1920, 2010, 2100, 2150, 2230, 2300, 2380, 2450, 2520, 2600, 2750, 2900, 3400, 14500]


def salaires(path: Path) -> None:
    postes = [
        "Agent d'accueil",
        "Agent d'accueil",
        "Préparateur",
        "Préparateur",
        "Préparatrice",
        "Livreur",
        "Comptable",
        "Vendeuse",
        "Vendeur",
        "Technicien",
        "Technicienne",
        "Commerciale",
        "Responsable d'atelier",
        "Responsable des ventes",
        "Directeur",
    ]
    rows: list[list[object]] = [["Poste", "Salaire mensuel brut (€)"]]
    order = [6, 0, 12, 3, 14, 9, 1, 7, 4, 13, 10, 2, 5, 11, 8]
    rows += [[postes[i], SALAIRES[i]] for i in order]
    _csv(path, rows)


def bornes_recharge(path: Path) -> None:
    import json
    import random

    rng = random.Random(1306)
    puissances = [
        7,
        11,
        22,
        22,
        50,
        7,
        150,
        22,
        11,
        50,
        3.7,
        22,
        100,
        7,
        22,
        50,
        11,
        300,
        22,
        7,
        43,
        22,
        50,
        11,
        22,
    ]
    rues = [
        "rue de la Gare",
        "place du Marché",
        "avenue Jean-Jaurès",
        "parking de la Mairie",
        "rue Victor-Hugo",
        "boulevard Pasteur",
        "zone commerciale des Prés",
        "rue du Stade",
        "parking de la Piscine",
        "aire de la Vallée",
    ]
    bornes = []
    for number, kw in enumerate(puissances, start=1):
        bornes.append(
            {
                "id": f"BR-{number:03d}",
                "adresse": f"{rng.randint(1, 90)} {rng.choice(rues)}",
                "puissance_kw": kw,
                "prises": rng.choice([["Type 2"], ["Type 2", "CCS"], ["CCS"], ["Type 2", "Domestique"]]),
                "acces": rng.choice(["public", "public", "clients"]),
            }
        )
    data = {"source": "Commune de Valbrune (données fictives)", "mise_a_jour": "2025-01-15", "bornes": bornes}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


DISTANCES = [
    ("Lundi", "12,5", "km"),
    ("Mardi", "8400", "m"),
    ("Mercredi", "10", "km"),
    ("Jeudi", "6500", "m"),
    ("Vendredi", "15,2", "km"),
    ("Samedi", "21,1", "km"),
    ("Dimanche", "4800", "m"),
    ("Lundi", "9,7", "km"),
    ("Mardi", "7200", "m"),
    ("Mercredi", "11", "km"),
]


def distances(path: Path) -> None:
    _csv(path, [["Jour", "Distance", "Unité"]] + [list(r) for r in DISTANCES])


# -- 5.1 ---------------------------------------------------------------------------------------


JOURNAL = [
    ("08:02:11", "INFO", "", "Démarrage du service de sauvegarde"),
    ("08:02:15", "INFO", "", "Connexion au lecteur réseau \\\\NAS\\sauvegardes"),
    ("08:05:42", "ERREUR", "0x80070005", "Accès refusé lors de l'écriture de rapport-annuel.odt"),
    ("08:05:43", "AVERTISSEMENT", "", "Nouvelle tentative dans 60 secondes"),
    ("08:06:43", "ERREUR", "0x80070005", "Accès refusé lors de l'écriture de rapport-annuel.odt"),
    ("08:07:10", "ERREUR", "0x80070070", "Espace insuffisant sur le disque de destination"),
    ("08:09:55", "INFO", "", "Copie de photos-2024.zip terminée"),
    ("08:12:03", "ERREUR", "0x80070005", "Accès refusé lors de l'écriture de budget.ods"),
    ("08:12:04", "ERREUR", "0x8007045D", "Erreur d'entrée/sortie sur le périphérique"),
    ("08:15:30", "ERREUR", "0x80070070", "Espace insuffisant sur le disque de destination"),
    ("08:16:02", "INFO", "", "Copie de contacts.csv terminée"),
    ("08:18:47", "ERREUR", "0x80070005", "Accès refusé lors de l'écriture de planning.ods"),
    ("08:20:00", "AVERTISSEMENT", "", "Sauvegarde terminée avec des erreurs"),
]


def journal_erreurs(path: Path) -> None:
    lines = [
        f"2025-02-03 {time} {level:<13} {code:<10} {message}".rstrip()
        for time, level, code, message in JOURNAL
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


PING = [3, 4, None, 3, 148, None, 5, 97, None, 4]


def ping_box(path: Path) -> None:
    lines = ["", "Envoi d'une requête 'Ping'  192.168.1.1 avec 32 octets de données :"]
    for ms in PING:
        if ms is None:
            lines.append("Délai d'attente de la demande dépassé.")
        else:
            lines.append(f"Réponse de 192.168.1.1 : octets=32 temps={ms} ms TTL=64")
    lines.append("")
    path.write_text("\r\n".join(lines), encoding="utf-8")


GENERATORS: dict[str, Callable[[Path], None]] = {
    "1-1-site-marais.html": site_marais,
    "1-1-etude-boisson.pdf": etude_boisson,
    "1-1-rapport-sans-date.pdf": rapport_sans_date,
    "1-1-photo-port.jpg": photo_port,
    "1-1-flux-nature.xml": flux_nature,
    "1-1-sources-veille.csv": sources_veille,
    "1-2-budget-club.xlsx": budget_club,
    "1-2-cr-0312.pdf": cr_conseil,
    "1-2-empreintes.zip": empreintes,
    "1-2-photos-classe.zip": photos_classe,
    "1-2-projet-expo.zip": projet_expo,
    "1-3-villes.xlsx": villes,
    "1-3-eleves-options.xlsx": eleves_options,
    "1-3-releve-meteo.xlsx": releve_meteo,
    "1-3-ventes-2024.xlsx": ventes,
    "1-3-facture-fournitures.xlsx": facture_erreur,
    "1-3-ventes-magasins.xlsx": ventes_magasins,
    "1-3-inscrits-stage.csv": inscrits,
    "1-3-inscriptions-doublons.csv": inscriptions_doublons,
    "1-3-salaires.csv": salaires,
    "1-3-bornes-recharge.json": bornes_recharge,
    "1-3-distances-course.csv": distances,
    "5-1-journal-sauvegarde.txt": journal_erreurs,
    "5-1-ping-box.txt": ping_box,
}
