/* Paramètres simulés : son (sortie, volume, mélangeur), réseau (propriétés), affichage (plusieurs écrans). */
(function () {
  "use strict";

  // Navigation entre les pages
  var boutons = document.querySelectorAll(".menu button");
  Array.prototype.forEach.call(boutons, function (bouton) {
    bouton.addEventListener("click", function () {
      Array.prototype.forEach.call(boutons, function (b) {
        var actif = b === bouton;
        b.setAttribute("aria-current", actif ? "true" : "false");
        document.getElementById("page-" + b.getAttribute("data-page")).hidden = !actif;
      });
      document.getElementById("titre-" + bouton.getAttribute("data-page")).focus();
    });
  });
  ["titre-son", "titre-reseau", "titre-affichage"].forEach(function (id) {
    document.getElementById(id).setAttribute("tabindex", "-1");
  });

  // Son
  var sortie = document.getElementById("sortie");
  var volume = document.getElementById("volume");
  var volumeValeur = document.getElementById("volume-valeur");
  var muet = document.getElementById("muet");
  var resultatSon = document.getElementById("resultat-son");

  sortie.value = "hdmi";
  volume.value = "70";
  muet.checked = false;

  volume.addEventListener("input", function () {
    volumeValeur.textContent = volume.value;
  });

  document.getElementById("tester").addEventListener("click", function () {
    var nom = sortie.options[sortie.selectedIndex].text;
    if (muet.checked || volume.value === "0") {
      resultatSon.textContent = "Le son est coupé : aucun son de test n'est joué.";
    } else if (sortie.value !== "casque") {
      resultatSon.textContent = "Son de test envoyé vers « " + nom + " ». Rien ne sort de votre casque.";
    } else {
      resultatSon.textContent = "Dans votre casque, une voix prononce le mot « clarinette ».";
    }
  });

  var applications = [
    ["Sons système", 60], ["Navigateur web", 80], ["Lecteur vidéo", 0], ["Messagerie", 50]
  ];
  var melangeur = document.getElementById("melangeur");
  applications.forEach(function (app, index) {
    var li = document.createElement("li");
    var label = document.createElement("label");
    var id = "app-" + index;
    label.setAttribute("for", id);
    label.textContent = app[0];
    var range = document.createElement("input");
    range.type = "range";
    range.id = id;
    range.min = "0";
    range.max = "100";
    range.step = "5";
    range.value = String(app[1]);
    var valeur = document.createElement("output");
    valeur.setAttribute("for", id);
    valeur.textContent = String(app[1]);
    range.addEventListener("input", function () { valeur.textContent = range.value; });
    li.appendChild(label);
    li.appendChild(range);
    li.appendChild(valeur);
    melangeur.appendChild(li);
  });

  // Réseau
  var details = document.getElementById("details");
  details.addEventListener("click", function () {
    var proprietes = document.getElementById("proprietes");
    proprietes.hidden = !proprietes.hidden;
    details.setAttribute("aria-expanded", proprietes.hidden ? "false" : "true");
  });

  // Affichage
  var mode = document.getElementById("mode");
  var apercu1 = document.getElementById("apercu1");
  var apercu2 = document.getElementById("apercu2");
  var resultatAffichage = document.getElementById("resultat-affichage");
  mode.value = "ecran1";

  function ecran(element, texte) {
    element.textContent = texte;
    element.className = texte ? "apercu allume" : "apercu";
  }

  function afficher() {
    var bureau = "Bureau : votre présentation";
    if (mode.value === "ecran1") {
      ecran(apercu1, bureau);
      ecran(apercu2, "");
      resultatAffichage.textContent = "Le vidéoprojecteur ne reçoit aucune image.";
    } else if (mode.value === "dupliquer") {
      ecran(apercu1, bureau);
      ecran(apercu2, bureau);
      resultatAffichage.textContent = "Les deux écrans montrent la même image. Code de vérification : tournesol.";
    } else if (mode.value === "etendre") {
      ecran(apercu1, bureau);
      ecran(apercu2, "Bureau vide (suite de l'écran 1)");
      resultatAffichage.textContent = "Le vidéoprojecteur prolonge le bureau : il montre un bureau vide.";
    } else {
      ecran(apercu1, "");
      ecran(apercu2, bureau);
      resultatAffichage.textContent = "Seul le vidéoprojecteur affiche l'image ; l'écran de l'ordinateur est éteint.";
    }
  }
  mode.addEventListener("change", afficher);
  afficher();
}());
