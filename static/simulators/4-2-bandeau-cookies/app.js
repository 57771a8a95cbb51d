"use strict";
// Bandeau de cookies simulé : rien n'est réellement enregistré, aucun accès réseau.
(function () {
  var COOKIES = {
    toujours: [{ nom: "session_id", domaine: "www.petit-quotidien-valbourg.fr", duree: "fin de session" }],
    choix: [{ nom: "choix_cookies", domaine: "petit-quotidien-valbourg.fr", duree: "6 mois" }],
    audience: [
      { nom: "_mesure_id", domaine: "stats.petit-quotidien-valbourg.fr", duree: "13 mois" },
      { nom: "uid", domaine: "traceur-audience.net", duree: "13 mois" }
    ],
    publicite: [
      { nom: "pub_id", domaine: "regie-pub-exemple.com", duree: "13 mois" },
      { nom: "ciblage", domaine: "petit-quotidien-valbourg.fr.cdn-pub.net", duree: "13 mois" }
    ],
    reseaux: [{ nom: "partage_sid", domaine: "reseau-social-exemple.com", duree: "13 mois" }],
    contenus: [{ nom: "reco_pref", domaine: "www.petit-quotidien-valbourg.fr", duree: "6 mois" }]
  };
  var PARTENAIRES = [
    "Régie Pub Exemple", "Ciblage Plus", "Audience Mesure", "Datacible", "Retarget Média",
    "PubLocale", "Profil et Compagnie", "Annonces Express", "Mediaplan Exemple"
  ];
  var FINALITES = ["audience", "publicite", "reseaux", "contenus"];
  var DEFAUT = { audience: false, publicite: true, reseaux: false, contenus: false };

  var choixFait = false;
  var acceptes = {};

  var bandeau = document.getElementById("bandeau");
  var panneau = document.getElementById("panneau");
  var boutonPersonnaliser = document.getElementById("personnaliser");
  var boutonPartenaires = document.getElementById("voir-partenaires");
  var listePartenaires = document.getElementById("partenaires");
  var boutonOutils = document.getElementById("bouton-outils");
  var outils = document.getElementById("outils");
  var corpsCookies = document.getElementById("corps-cookies");
  var outilsVide = document.getElementById("outils-vide");
  var annonce = document.getElementById("annonce");

  function caseDe(finalite) { return document.getElementById("f-" + finalite); }

  function remettreCases() {
    FINALITES.forEach(function (f) {
      caseDe(f).checked = choixFait ? !!acceptes[f] : DEFAUT[f];
    });
  }

  function cookiesPresents() {
    var liste = COOKIES.toujours.slice();
    if (choixFait) {
      liste = liste.concat(COOKIES.choix);
      FINALITES.forEach(function (f) {
        if (acceptes[f]) { liste = liste.concat(COOKIES[f]); }
      });
    }
    return liste;
  }

  function afficherCookies() {
    var liste = cookiesPresents();
    corpsCookies.textContent = "";
    liste.forEach(function (c) {
      var tr = document.createElement("tr");
      [c.nom, c.domaine, c.duree].forEach(function (valeur) {
        var td = document.createElement("td");
        td.textContent = valeur;
        tr.appendChild(td);
      });
      corpsCookies.appendChild(tr);
    });
    outilsVide.textContent = liste.length + (liste.length > 1 ? " cookies enregistrés." : " cookie enregistré.") +
      (choixFait ? "" : " Vous n'avez pas encore fait de choix dans le bandeau.");
  }

  function fermerBandeau(message) {
    choixFait = true;
    bandeau.hidden = true;
    panneau.hidden = true;
    boutonPersonnaliser.setAttribute("aria-expanded", "false");
    afficherCookies();
    annonce.textContent = message;
    document.getElementById("bouton-gerer").focus();
  }

  document.getElementById("tout-accepter").addEventListener("click", function () {
    FINALITES.forEach(function (f) { acceptes[f] = true; });
    fermerBandeau("Vous avez tout accepté.");
  });
  document.getElementById("tout-refuser").addEventListener("click", function () {
    FINALITES.forEach(function (f) { acceptes[f] = false; });
    fermerBandeau("Vous avez tout refusé.");
  });
  document.getElementById("enregistrer").addEventListener("click", function () {
    FINALITES.forEach(function (f) { acceptes[f] = caseDe(f).checked; });
    fermerBandeau("Vos choix ont été enregistrés.");
  });
  boutonPersonnaliser.addEventListener("click", function () {
    var ouvrir = panneau.hidden;
    panneau.hidden = !ouvrir;
    boutonPersonnaliser.setAttribute("aria-expanded", ouvrir ? "true" : "false");
    if (ouvrir) { caseDe("audience").focus(); }
  });
  boutonPartenaires.addEventListener("click", function () {
    var ouvrir = listePartenaires.hidden;
    listePartenaires.hidden = !ouvrir;
    boutonPartenaires.setAttribute("aria-expanded", ouvrir ? "true" : "false");
  });
  document.getElementById("bouton-gerer").addEventListener("click", function () {
    remettreCases();
    bandeau.hidden = false;
    document.getElementById("tout-accepter").focus();
  });
  boutonOutils.addEventListener("click", function () {
    var ouvrir = outils.hidden;
    afficherCookies();
    outils.hidden = !ouvrir;
    boutonOutils.setAttribute("aria-expanded", ouvrir ? "true" : "false");
  });

  PARTENAIRES.forEach(function (nom) {
    var li = document.createElement("li");
    li.textContent = nom;
    listePartenaires.appendChild(li);
  });
  remettreCases();
  afficherCookies();
})();
