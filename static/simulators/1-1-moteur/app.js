/* Moteur de recherche simulé : un petit corpus fixe, des opérateurs usuels, 5 résultats affichés. */
(function () {
  "use strict";

  var MAX_SHOWN = 5;

  // L'ordre du tableau est l'ordre de classement du moteur.
  var DOCS = [
    ["html", "www.jardiner-malin.net/compost-maison", "Réussir son compost à la maison en 5 étapes", "Épluchures, marc de café, feuilles mortes : tout ce qu'il faut savoir pour démarrer un compost au jardin.", "2023-04-02"],
    ["html", "www.ecoles-vertes.fr/actualites/compost-cantine", "Le compost de la cantine nourrit le potager de l'école", "À l'école Jules-Ferry, les restes de la cantine partent au composteur puis au potager.", "2024-05-21"],
    ["pdf", "www.agglo-du-val.fr/docs/guide-compostage-collectif.pdf", "Guide du compostage collectif en pied d'immeuble (2021)", "Installer un composteur partagé dans sa résidence : démarches, règles, entretien.", "2021-03-10"],
    ["html", "www.ecoles-vertes.fr/fiches/composteur-classe", "Fabriquer un composteur pour la classe", "Fiche d'activité : un composteur en bois de récupération, à construire avec les élèves.", "2022-09-12"],
    ["html", "www.lemagdujardin.fr/compost-erreurs", "Compost : les 7 erreurs à éviter", "Trop humide, trop sec, mauvaises odeurs : nos solutions pour un compost équilibré.", "2023-06-30"],
    ["pdf", "www.dechets-info.org/rapports/compost-chiffres-2020.pdf", "Compost et biodéchets : chiffres clés 2020", "Tonnages collectés, part des ménages équipés d'un composteur, comparaison entre régions.", "2020-12-01"],
    ["html", "www.ecoles-vertes.fr/actualites/semaine-compost", "Semaine du compost : les écoles se mobilisent", "Ateliers, visites et défis : le programme de la semaine du compost dans les écoles.", "2024-03-25"],
    ["pdf", "www.mairie-saint-aubin.fr/compostage/charte.pdf", "Charte des composteurs de quartier 2022", "Règles d'usage des composteurs installés dans les quartiers de la commune.", "2022-02-14"],
    ["pdf", "www.institut-vert-avenir.org/etudes/pratiques-2019.pdf", "Pratiques écologiques des ménages : enquête 2019", "Institut Vert Avenir. Un foyer sur cinq déclare composter ses déchets de cuisine.", "2019-11-05"],
    ["pdf", "www.syndicat-dechets-ouest.fr/docs/lombricompost.pdf", "Fiche pratique : le lombricompostage en appartement", "Des vers pour composter sans jardin : matériel, démarrage, récolte du compost.", "2021-10-08"],
    ["html", "www.ecoles-vertes.fr/ressources", "Ressources pour un projet compost en classe", "Fiches, affiches et vidéos pour mener un projet compost avec une classe.", "2023-01-16"],
    ["pdf", "www.jardiner-malin.net/guides/compost-debutant.pdf", "Le compost pour les débutants (guide à imprimer)", "Un guide illustré de 12 pages pour commencer son compost.", "2022-04-19"],
    ["html", "lepetitpotager.blog/un-foyer-sur-trois", "Le Petit Potager – Un foyer sur trois composte déjà !", "Selon une enquête nationale, 1 foyer sur 3 composte ses déchets. Et vous, qu'attendez-vous pour vous lancer ?", "2023-08-27"],
    ["html", "www.quotidien-regional.fr/societe/compostage-foyers", "Le compostage séduit un foyer sur trois", "D'après une enquête nationale publiée en 2022, un tiers des ménages pratiquent le compostage. Reportage chez des familles de la région.", "2022-11-03"],
    ["pdf", "www.ecoles-vertes.fr/docs/guide-compost-ecole-2019.pdf", "Guide du compost à l'école – édition 2019", "Guide pédagogique : installer et suivre un composteur avec les élèves, du CP au collège.", "2019-09-02"],
    ["html", "www.ecoles-vertes.fr/contact", "Contacter l'association Écoles vertes", "Compost, potager, tri des déchets : posez-nous vos questions.", "2020-01-07"],
    ["pdf", "www.observatoire-biodechets.org/publications/enquete-nationale-2022.pdf", "Enquête nationale 2022 sur le tri des biodéchets des ménages", "Rapport de l'Observatoire des biodéchets : 34 % des foyers interrogés pratiquent le compostage domestique. Méthode et échantillon de 4 000 ménages.", "2022-10-18"],
    ["html", "www.observatoire-biodechets.org/", "Observatoire des biodéchets – accueil", "Études et statistiques sur le tri et la valorisation des biodéchets.", "2024-02-01"],
    ["html", "www.paris-quartiers.fr/jardins", "Les jardins partagés de Paris : la carte", "Plus de cent jardins partagés ouverts aux habitants de Paris, arrondissement par arrondissement.", "2024-04-11"],
    ["html", "www.jardins-ensemble.org/guide", "Jardin partagé : le guide pour se lancer", "Statuts, parcelles, règlement intérieur : l'exemple d'un jardin partagé parisien, pas à pas.", "2023-02-20"],
    ["html", "www.marseille-en-vert.fr/repas-cinq-avenues", "Marseille : un repas partagé au jardin des Cinq-Avenues", "Les voisins ont partagé un grand pique-nique dans le jardin dimanche dernier.", "2024-06-17"],
    ["html", "www.ouest-nouvelles.fr/nantes-gouter", "Nantes : au jardin des plantes, un goûter partagé pour la rentrée", "Les familles ont partagé un goûter géant sous les arbres du jardin.", "2024-09-04"],
    ["html", "www.mairie-paris-onze.fr/jardin-partage-folie", "Jardin partagé de la Folie-Méricourt : inscriptions ouvertes", "Mairie du 11e arrondissement de Paris : rejoignez les jardiniers du quartier.", "2024-01-29"],
    ["html", "www.jardins-ensemble.org/paris-bilan", "Bilan 2023 des jardins partagés à Paris", "Nombre de parcelles, bénévoles, récoltes : les chiffres de l'année.", "2024-02-05"],
    ["html", "www.bordeaux-balades.fr/jardin-public", "Bordeaux : le Jardin public, un espace partagé par tous", "Promeneurs, joggeurs et familles se partagent les allées du jardin.", "2023-05-09"],
    ["html", "www.paris-quartiers.fr/jardin-partage-butte", "Un jardin partagé sur la butte aux Cailles", "Dans le 13e arrondissement de Paris, un ancien terrain vague devenu potager.", "2022-07-01"],
    ["html", "www.lille-actu.fr/vauban-outils", "Lille : des outils partagés pour les jardiniers du jardin Vauban", "Une cabane à outils en libre-service a été partagée entre les associations.", "2024-03-14"],
    ["html", "www.rennes-patrimoine.fr/thabor", "Rennes : le jardin du Thabor, un patrimoine partagé", "Visites guidées gratuites du jardin pendant les journées du patrimoine partagé.", "2023-09-16"],
    ["html", "www.lyon-quartiers.fr/pentes-jardin", "Lyon : le jardin partagé des Pentes fête ses dix ans", "Sur les pentes de la Croix-Rousse, les jardiniers bénévoles ouvrent leurs parcelles au public.", "2024-05-25"],
    ["html", "www.toulouse-nature.fr/jardins", "Toulouse : jardins familiaux et potager partagé", "Les parcelles du quartier sont attribuées chaque printemps ; un potager est partagé par l'école.", "2023-03-03"],
    ["html", "www.meteo-vallee.fr/previsions", "Prévisions météo de la vallée", "Températures, vent et pluie pour les sept prochains jours.", "2024-10-01"],
    ["html", "www.recettes-faciles.fr/soupe-potiron", "Soupe de potiron facile", "Une soupe douce et rapide, avec les légumes du potager.", "2022-10-20"]
  ].map(function (d) {
    return { type: d[0], url: d[1], title: d[2], snippet: d[3], date: d[4] };
  });

  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  function words(text) {
    var n = normalise(text);
    return n ? n.split(" ") : [];
  }

  DOCS.forEach(function (d) {
    d.titleWords = words(d.title);
    d.allWords = words(d.title + " " + d.snippet);
    d.host = d.url.split("/")[0].replace(/^www\./, "");
  });

  // Un mot de la requête reconnaît les mots qui commencent par lui (compost -> compostage).
  function hasSequence(list, seq) {
    if (!seq.length) { return true; }
    for (var i = 0; i + seq.length <= list.length; i++) {
      var ok = true;
      for (var j = 0; j < seq.length; j++) {
        if (list[i + j].indexOf(seq[j]) !== 0) { ok = false; break; }
      }
      if (ok) { return true; }
    }
    return false;
  }

  function matcherFor(token) {
    var lower = token.toLowerCase();
    if (lower.indexOf("site:") === 0) {
      var site = lower.slice(5).replace(/^https?:\/\//, "").replace(/^www\./, "").replace(/\/.*$/, "");
      return function (d) { return site !== "" && (d.host === site || d.host.slice(-site.length - 1) === "." + site); };
    }
    if (lower.indexOf("filetype:") === 0 || lower.indexOf("ext:") === 0) {
      var type = lower.slice(lower.indexOf(":") + 1).replace(/^\./, "");
      return function (d) { return d.type === type; };
    }
    if (lower.indexOf("intitle:") === 0) {
      var t = words(token.slice(8).replace(/"/g, ""));
      return function (d) { return hasSequence(d.titleWords, t); };
    }
    var seq = words(token.replace(/"/g, ""));
    if (token.charAt(0) === '"') {
      return function (d) { return hasSequence(d.allWords, seq); };
    }
    return function (d) {
      return seq.every(function (w) { return hasSequence(d.allWords, [w]); });
    };
  }

  function parse(query) {
    query = query.replace(/[\u201c\u201d\u00ab\u00bb]/g, '"').replace(/\u00a0/g, " ");
    var tokens = query.match(/-?(?:intitle:)?"[^"]*"?|\S+/g) || [];
    var clauses = [];
    var joinNext = false;
    tokens.forEach(function (raw) {
      if (raw === "OR" || raw === "|") { joinNext = clauses.length > 0; return; }
      var negative = raw.charAt(0) === "-" && raw.length > 1;
      var token = negative ? raw.slice(1) : raw;
      if (!token.replace(/"/g, "").trim()) { return; }
      var match = matcherFor(token);
      if (joinNext && !negative && !clauses[clauses.length - 1].negative) {
        clauses[clauses.length - 1].alternatives.push(match);
      } else {
        clauses.push({ negative: negative, alternatives: [match] });
      }
      joinNext = false;
    });
    return clauses;
  }

  function search(query) {
    var clauses = parse(query);
    if (!clauses.some(function (c) { return !c.negative; })) { return null; }
    return DOCS.filter(function (d) {
      return clauses.every(function (c) {
        var hit = c.alternatives.some(function (m) { return m(d); });
        return c.negative ? !hit : hit;
      });
    });
  }

  function formatDate(iso) {
    var p = iso.split("-");
    return p[2] + "/" + p[1] + "/" + p[0];
  }

  var form = document.getElementById("form");
  var input = document.getElementById("q");
  var status = document.getElementById("status");
  var list = document.getElementById("results");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    list.textContent = "";
    var found = search(query);
    if (found === null) {
      status.textContent = "Tapez au moins un mot à chercher.";
      return;
    }
    if (!found.length) {
      status.textContent = "Aucun résultat pour « " + query + " ». Vérifiez l'orthographe ou retirez un mot.";
      return;
    }
    status.textContent = found.length + (found.length > 1 ? " résultats" : " résultat") + " pour « " + query + " »" +
      (found.length > MAX_SHOWN ? " (seuls les " + MAX_SHOWN + " premiers sont affichés)." : ".");
    found.slice(0, MAX_SHOWN).forEach(function (d) {
      var li = document.createElement("li");
      var url = document.createElement("div");
      url.className = "url";
      url.textContent = "https://" + d.url;
      var title = document.createElement("h2");
      title.className = "titre";
      if (d.type !== "html") {
        var badge = document.createElement("span");
        badge.className = "type";
        badge.textContent = d.type.toUpperCase();
        title.appendChild(badge);
      }
      title.appendChild(document.createTextNode(d.title));
      var snippet = document.createElement("p");
      snippet.className = "extrait";
      var date = document.createElement("span");
      date.className = "date";
      date.textContent = formatDate(d.date) + " — ";
      snippet.appendChild(date);
      snippet.appendChild(document.createTextNode(d.snippet));
      li.appendChild(url);
      li.appendChild(title);
      li.appendChild(snippet);
      list.appendChild(li);
    });
  });
}());
