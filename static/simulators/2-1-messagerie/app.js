"use strict";

// Fictional messages: every name, address and server below is invented.
var MOI = "Camille Martin <camille.martin@mediatheque-valbourg.fr>";

var MESSAGES = [
  {
    nom: "Banque Azur",
    adresse: "alerte@banque-azur-verification.com",
    objet: "Votre compte sera suspendu sous 24 h",
    jour: "13 janv. 2025",
    date: "Mon, 13 Jan 2025 08:12:40 +0100",
    a: MOI,
    cc: "",
    repondre: "",
    corps: ["Cher client,", "Une activité inhabituelle a été détectée sur votre compte. Sans action de votre part sous 24 heures, votre accès sera suspendu.", "Confirmez vos informations en cliquant sur le lien ci-dessous.", "Le service sécurité"],
    pieces: [],
    entetes: [
      "Received: from mx.mediatheque-valbourg.fr (mx.mediatheque-valbourg.fr [192.0.2.10])\n\tby boite.mediatheque-valbourg.fr; Mon, 13 Jan 2025 08:12:44 +0100",
      "Received: from envoi.banque-azur-verification.com (envoi.banque-azur-verification.com [198.51.100.77])\n\tby mx.mediatheque-valbourg.fr; Mon, 13 Jan 2025 08:12:42 +0100",
      "Authentication-Results: mx.mediatheque-valbourg.fr;\n\tspf=pass smtp.mailfrom=banque-azur-verification.com;\n\tdkim=pass header.d=banque-azur-verification.com;\n\tdmarc=pass header.from=banque-azur-verification.com",
      "Message-ID: <a81f2c@envoi.banque-azur-verification.com>"
    ]
  },
  {
    nom: "Julien Roche",
    adresse: "julien.roche@club-astro-valbourg.fr",
    objet: "Sortie d'observation du 8 février : inscriptions",
    jour: "13 janv. 2025",
    date: "Mon, 13 Jan 2025 18:30:05 +0100",
    a: MOI,
    cc: "",
    repondre: "inscriptions@club-astro-valbourg.fr",
    corps: ["Bonjour à toutes et à tous,", "La prochaine sortie d'observation aura lieu le samedi 8 février au plateau des Cerisiers, si le ciel est dégagé.", "Pour vous inscrire, répondez simplement à ce message en indiquant le nombre de personnes.", "Julien, pour le club d'astronomie"],
    pieces: [],
    entetes: [
      "Received: from mx.mediatheque-valbourg.fr (mx.mediatheque-valbourg.fr [192.0.2.10])\n\tby boite.mediatheque-valbourg.fr; Mon, 13 Jan 2025 18:30:09 +0100",
      "Received: from smtp.club-astro-valbourg.fr (smtp.club-astro-valbourg.fr [198.51.100.12])\n\tby mx.mediatheque-valbourg.fr; Mon, 13 Jan 2025 18:30:07 +0100",
      "Authentication-Results: mx.mediatheque-valbourg.fr;\n\tspf=pass smtp.mailfrom=club-astro-valbourg.fr;\n\tdkim=pass header.d=club-astro-valbourg.fr;\n\tdmarc=pass header.from=club-astro-valbourg.fr",
      "Message-ID: <20250113183005.77@club-astro-valbourg.fr>"
    ]
  },
  {
    nom: "Sophie Lemaire",
    adresse: "sophie.lemaire@mairie-valbourg.fr",
    objet: "Réunion du comité des fêtes : ordre du jour",
    jour: "14 janv. 2025",
    date: "Tue, 14 Jan 2025 09:02:11 +0100",
    a: MOI + ", Marc Dubois <marc.dubois@mairie-valbourg.fr>",
    cc: "Nadia Benali <nadia.benali@mairie-valbourg.fr>, Paul Girard <paul.girard@ecole-valbourg.fr>",
    repondre: "",
    corps: ["Bonjour à tous,", "Vous trouverez ci-joint l'ordre du jour de la réunion du comité des fêtes de jeudi prochain, 18 h, salle du conseil.", "Merci de me dire si vous serez présents.", "Sophie"],
    pieces: ["ordre-du-jour-comite.pdf (84 Ko)", "plan-salle.png (310 Ko)"],
    entetes: [
      "Received: from mx.mediatheque-valbourg.fr (mx.mediatheque-valbourg.fr [192.0.2.10])\n\tby boite.mediatheque-valbourg.fr; Tue, 14 Jan 2025 09:02:15 +0100",
      "Received: from smtp.mairie-valbourg.fr (smtp.mairie-valbourg.fr [198.51.100.40])\n\tby mx.mediatheque-valbourg.fr; Tue, 14 Jan 2025 09:02:13 +0100",
      "Authentication-Results: mx.mediatheque-valbourg.fr;\n\tspf=pass smtp.mailfrom=mairie-valbourg.fr;\n\tdkim=pass header.d=mairie-valbourg.fr;\n\tdmarc=pass header.from=mairie-valbourg.fr",
      "Message-ID: <c0m1te-2025@mairie-valbourg.fr>"
    ]
  },
  {
    nom: "Voyages Horizon",
    adresse: "reservations@voyages-horizon.ca",
    objet: "Confirmation de votre réservation",
    jour: "14 janv. 2025",
    date: "Tue, 14 Jan 2025 07:45:00 -0500",
    a: MOI,
    cc: "",
    repondre: "",
    corps: ["Bonjour Camille,", "Nous confirmons votre réservation pour le séjour « Québec en hiver ».", "Votre numéro de dossier : QH-20417.", "L'équipe Voyages Horizon, Montréal"],
    pieces: ["confirmation-QH-20417.pdf (120 Ko)"],
    entetes: [
      "Received: from mx.mediatheque-valbourg.fr (mx.mediatheque-valbourg.fr [192.0.2.10])\n\tby boite.mediatheque-valbourg.fr; Tue, 14 Jan 2025 12:45:06 +0000",
      "Received: from courrier.voyages-horizon.ca (courrier.voyages-horizon.ca [198.51.100.150])\n\tby mx.mediatheque-valbourg.fr; Tue, 14 Jan 2025 12:45:04 +0000",
      "Authentication-Results: mx.mediatheque-valbourg.fr;\n\tspf=pass smtp.mailfrom=voyages-horizon.ca;\n\tdkim=pass header.d=voyages-horizon.ca;\n\tdmarc=pass header.from=voyages-horizon.ca",
      "Message-ID: <qh20417@voyages-horizon.ca>"
    ]
  },
  {
    nom: "Direction - Mairie de Valbourg",
    adresse: "direction@mairie-valbourg.fr",
    objet: "Facture impayée n° 2025-118",
    jour: "15 janv. 2025",
    date: "Wed, 15 Jan 2025 11:20:31 +0100",
    a: MOI,
    cc: "",
    repondre: "",
    corps: ["Bonjour,", "La facture n° 2025-118 n'a pas été réglée. Merci d'effectuer le virement aujourd'hui même vers le nouveau compte indiqué dans le document joint.", "Ne transmettez pas ce message, le dossier est confidentiel.", "La direction"],
    pieces: ["facture-2025-118.zip (45 Ko)"],
    entetes: [
      "Received: from mx.mediatheque-valbourg.fr (mx.mediatheque-valbourg.fr [192.0.2.10])\n\tby boite.mediatheque-valbourg.fr; Wed, 15 Jan 2025 11:20:39 +0100",
      "Received: from smtp.envoi-rapide.net (smtp.envoi-rapide.net [198.51.100.23])\n\tby mx.mediatheque-valbourg.fr; Wed, 15 Jan 2025 11:20:36 +0100",
      "Received: from poste-42 (unknown [203.0.113.57])\n\tby smtp.envoi-rapide.net; Wed, 15 Jan 2025 11:20:33 +0100",
      "Authentication-Results: mx.mediatheque-valbourg.fr;\n\tspf=fail smtp.mailfrom=mairie-valbourg.fr;\n\tdkim=none;\n\tdmarc=fail header.from=mairie-valbourg.fr",
      "Message-ID: <5f2e9@poste-42>"
    ]
  },
  {
    nom: "Énergie Plus",
    adresse: "facturation@energie-plus.fr",
    objet: "Votre facture de janvier est disponible",
    jour: "15 janv. 2025",
    date: "Wed, 15 Jan 2025 14:03:50 +0100",
    a: MOI,
    cc: "",
    repondre: "",
    corps: ["Bonjour,", "Votre facture de janvier est disponible dans votre espace client.", "Pour la consulter, connectez-vous comme d'habitude à votre espace depuis notre site.", "Le service clients"],
    pieces: [],
    entetes: [
      "Received: from mx.mediatheque-valbourg.fr (mx.mediatheque-valbourg.fr [192.0.2.10])\n\tby boite.mediatheque-valbourg.fr; Wed, 15 Jan 2025 14:03:55 +0100",
      "Received: from envoi.energie-plus.fr (envoi.energie-plus.fr [198.51.100.90])\n\tby mx.mediatheque-valbourg.fr; Wed, 15 Jan 2025 14:03:53 +0100",
      "Authentication-Results: mx.mediatheque-valbourg.fr;\n\tspf=pass smtp.mailfrom=energie-plus.fr;\n\tdkim=pass header.d=energie-plus.fr;\n\tdmarc=pass header.from=energie-plus.fr",
      "Message-ID: <janv2025.4471@energie-plus.fr>"
    ]
  },
  {
    nom: "Médiathèque de Valbourg",
    adresse: "lettre@mediatheque-valbourg.fr",
    objet: "Lettre d'information : les animations de février",
    jour: "16 janv. 2025",
    date: "Thu, 16 Jan 2025 10:00:00 +0100",
    a: "destinataires-non-divulgués:;",
    cc: "",
    repondre: "",
    corps: ["Bonjour,", "En février, la médiathèque propose un atelier de découverte de la photo numérique et deux lectures de contes.", "Programme complet à l'accueil.", "L'équipe de la médiathèque"],
    pieces: [],
    entetes: [
      "Received: from mx.mediatheque-valbourg.fr (mx.mediatheque-valbourg.fr [192.0.2.10])\n\tby boite.mediatheque-valbourg.fr; Thu, 16 Jan 2025 10:00:04 +0100",
      "Authentication-Results: mx.mediatheque-valbourg.fr;\n\tspf=pass smtp.mailfrom=mediatheque-valbourg.fr;\n\tdkim=pass header.d=mediatheque-valbourg.fr;\n\tdmarc=pass header.from=mediatheque-valbourg.fr",
      "Message-ID: <lettre-fevrier@mediatheque-valbourg.fr>"
    ]
  },
  {
    nom: "Nadia Benali",
    adresse: "nadia.benali@mairie-valbourg.fr",
    objet: "Re: facture du traiteur",
    jour: "16 janv. 2025",
    date: "Thu, 16 Jan 2025 16:41:27 +0100",
    a: MOI,
    cc: "",
    repondre: "",
    corps: ["Bonjour Camille,", "J'ai bien reçu la facture du traiteur pour la fête de la médiathèque, je la transmets au service comptable.", "Bonne fin de semaine,", "Nadia"],
    pieces: [],
    entetes: [
      "Received: from mx.mediatheque-valbourg.fr (mx.mediatheque-valbourg.fr [192.0.2.10])\n\tby boite.mediatheque-valbourg.fr; Thu, 16 Jan 2025 16:41:31 +0100",
      "Received: from smtp.mairie-valbourg.fr (smtp.mairie-valbourg.fr [198.51.100.40])\n\tby mx.mediatheque-valbourg.fr; Thu, 16 Jan 2025 16:41:29 +0100",
      "Authentication-Results: mx.mediatheque-valbourg.fr;\n\tspf=pass smtp.mailfrom=mairie-valbourg.fr;\n\tdkim=pass header.d=mairie-valbourg.fr;\n\tdmarc=pass header.from=mairie-valbourg.fr",
      "In-Reply-To: <traiteur-0116@mediatheque-valbourg.fr>",
      "Message-ID: <re-traiteur-0116@mairie-valbourg.fr>"
    ]
  }
];

function texte(element, valeur) {
  element.textContent = valeur;
}

function ligneDetail(liste, terme, valeur) {
  var dt = document.createElement("dt");
  var dd = document.createElement("dd");
  texte(dt, terme);
  texte(dd, valeur);
  liste.appendChild(dt);
  liste.appendChild(dd);
}

function source(message) {
  var lignes = message.entetes.slice();
  lignes.push("Date: " + message.date);
  lignes.push("From: " + message.nom + " <" + message.adresse + ">");
  if (message.repondre) {
    lignes.push("Reply-To: " + message.repondre);
  }
  lignes.push("To: " + message.a);
  if (message.cc) {
    lignes.push("Cc: " + message.cc);
  }
  lignes.push("Subject: " + message.objet);
  lignes.push("MIME-Version: 1.0");
  lignes.push("Content-Type: text/plain; charset=utf-8");
  return lignes.join("\n");
}

function replier(bouton, bloc, libelle) {
  bloc.hidden = true;
  bouton.setAttribute("aria-expanded", "false");
  texte(bouton, libelle);
}

function afficher(index) {
  var message = MESSAGES[index];
  var boutons = document.querySelectorAll("#liste-messages button");
  boutons.forEach(function (bouton, i) {
    bouton.setAttribute("aria-current", i === index ? "true" : "false");
  });
  document.getElementById("vide").hidden = true;
  document.getElementById("message").hidden = false;
  texte(document.getElementById("objet"), message.objet);
  texte(document.getElementById("nom-expediteur"), message.nom);
  texte(document.getElementById("date-courte"), message.jour);

  var details = document.getElementById("details");
  details.textContent = "";
  ligneDetail(details, "De :", message.nom + " <" + message.adresse + ">");
  if (message.repondre) {
    ligneDetail(details, "Répondre à :", message.repondre);
  }
  ligneDetail(details, "À :", message.a);
  if (message.cc) {
    ligneDetail(details, "Cc :", message.cc);
  }
  ligneDetail(details, "Date :", message.date);
  replier(document.getElementById("bouton-details"), details, "Afficher les détails");

  var blocSource = document.getElementById("source");
  texte(blocSource, source(message));
  replier(document.getElementById("bouton-source"), blocSource, "Afficher la source du message");

  var corps = document.getElementById("corps");
  corps.textContent = "";
  message.corps.forEach(function (paragraphe) {
    var p = document.createElement("p");
    texte(p, paragraphe);
    corps.appendChild(p);
  });

  var pieces = document.getElementById("pieces");
  var listePieces = document.getElementById("liste-pieces");
  listePieces.textContent = "";
  message.pieces.forEach(function (nom) {
    var li = document.createElement("li");
    texte(li, nom);
    listePieces.appendChild(li);
  });
  pieces.hidden = message.pieces.length === 0;
}

function basculer(bouton, bloc, ouvrir, fermer) {
  bouton.addEventListener("click", function () {
    var ouvert = bloc.hidden;
    bloc.hidden = !ouvert;
    bouton.setAttribute("aria-expanded", ouvert ? "true" : "false");
    texte(bouton, ouvert ? fermer : ouvrir);
  });
}

function demarrer() {
  var liste = document.getElementById("liste-messages");
  MESSAGES.forEach(function (message, index) {
    var li = document.createElement("li");
    var bouton = document.createElement("button");
    bouton.type = "button";
    bouton.setAttribute("aria-current", "false");
    var nom = document.createElement("span");
    nom.className = "nom";
    texte(nom, message.nom);
    var sujet = document.createElement("span");
    sujet.className = "sujet";
    texte(sujet, message.objet);
    var quand = document.createElement("span");
    quand.className = "quand";
    texte(quand, message.jour + (message.pieces.length ? " · pièce jointe" : ""));
    bouton.appendChild(nom);
    bouton.appendChild(sujet);
    bouton.appendChild(quand);
    bouton.addEventListener("click", function () {
      afficher(index);
    });
    li.appendChild(bouton);
    liste.appendChild(li);
  });
  basculer(document.getElementById("bouton-details"), document.getElementById("details"), "Afficher les détails", "Masquer les détails");
  basculer(document.getElementById("bouton-source"), document.getElementById("source"), "Afficher la source du message", "Masquer la source du message");
}

document.addEventListener("DOMContentLoaded", demarrer);
