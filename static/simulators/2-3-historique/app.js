"use strict";

// Each version is the full text of the document, one paragraph per line. Fictional names.
var VERSIONS = [
  {
    quand: "11 mars 2025, 10 h 00", qui: "Mme Perrin", note: "création du document",
    texte: [
      "Sortie à Lyon — classe de 4e B",
      "Date : jeudi 10 avril 2025",
      "Départ : 7 h 30 devant le collège",
      "Retour : vers 18 h 00 devant le collège",
      "Prix par élève : 12 €",
      "10 h 00 : visite guidée du musée des Confluences",
      "14 h 00 : atelier « Fouilles archéologiques » au musée gallo-romain",
      "À apporter : pique-nique, gourde, vêtement de pluie"
    ]
  },
  {
    quand: "12 mars 2025, 14 h 02", qui: "Inès Roux", note: "",
    texte: [
      "Sortie à Lyon — classe de 4e B",
      "Date : jeudi 10 avril 2025",
      "Départ : 7 h 30 devant le collège",
      "Retour : vers 18 h 00 devant le collège",
      "Prix par élève : 12 €",
      "10 h 00 : visite guidée du musée des Confluences",
      "14 h 00 : atelier « Fouilles archéologiques » au musée gallo-romain",
      "À apporter : pique-nique, gourde, vêtement de pluie",
      "Accompagnateurs : Mme Perrin, M. Diallo"
    ]
  },
  {
    quand: "12 mars 2025, 20 h 15", qui: "Tom Garnier", note: "",
    texte: [
      "Sortie à Lyon — classe de 4e B",
      "Date : jeudi 10 avril 2025",
      "Départ : 7 h 15 devant le collège",
      "Retour : vers 18 h 00 devant le collège",
      "Prix par élève : 12 €",
      "10 h 00 : visite guidée du musée des Confluences",
      "14 h 00 : atelier « Fouilles archéologiques » au musée gallo-romain",
      "À apporter : pique-nique, gourde, vêtement de pluie",
      "Accompagnateurs : Mme Perrin, M. Diallo"
    ]
  },
  {
    quand: "13 mars 2025, 17 h 30", qui: "Hugo Lambert", note: "",
    texte: [
      "Sortie à Lyon — classe de 4e B",
      "Date : jeudi 10 avril 2025",
      "Départ : 7 h 15 devant le collège",
      "Retour : vers 18 h 00 devant le collège",
      "Prix par élève : 15 €",
      "10 h 00 : visite guidée du musée des Confluences",
      "14 h 00 : atelier « Fouilles archéologiques » au musée gallo-romain",
      "À apporter : pique-nique, gourde, vêtement de pluie",
      "Accompagnateurs : Mme Perrin, M. Diallo"
    ]
  },
  {
    quand: "13 mars 2025, 21 h 12", qui: "Inès Roux", note: "",
    texte: [
      "Sortie à Lyon — classe de 4e B",
      "Date : jeudi 10 avril 2025",
      "Départ : 7 h 15 devant le collège",
      "Retour : vers 18 h 00 devant le collège",
      "Prix par élève : 15 €",
      "10 h 00 : visite guidée du musée des Confluences",
      "14 h 00 : atelier « Fouilles archéologiques » au musée gallo-romain",
      "À apporter : pique-nique, gourde, vêtement de pluie",
      "Accompagnateurs : Mme Perrin, M. Diallo",
      "Autorisation parentale à rendre avant le mardi 1er avril"
    ]
  },
  {
    quand: "14 mars 2025, 9 h 40", qui: "Tom Garnier", note: "",
    texte: [
      "Sortie à Lyon — classe de 4e B",
      "Date : jeudi 10 avril 2025",
      "Départ : 7 h 15 devant le collège",
      "Retour : vers 18 h 00 devant le collège",
      "Prix par élève : 15 €",
      "10 h 00 : visite guidée du musée des Confluences",
      "À apporter : pique-nique, gourde, vêtement de pluie",
      "Accompagnateurs : Mme Perrin, M. Diallo",
      "Autorisation parentale à rendre avant le mardi 1er avril"
    ]
  },
  {
    quand: "14 mars 2025, 18 h 05", qui: "Inès Roux", note: "",
    texte: [
      "Sortie à Lyon — classe de 4e B",
      "Date : jeudi 10 avril 2025",
      "Départ : 7 h 15 devant le collège",
      "Retour : vers 18 h 00 devant le collège",
      "Prix par élève : 15 €",
      "10 h 00 : visite guidée du musée des Confluences",
      "À apporter : pique-nique, gourde, vêtement de pluie",
      "Accompagnateurs : Mme Perrin, M. Diallo",
      "Autorisation parentale à rendre avant le mardi 1er avril",
      "En cas d'urgence le jour de la sortie : appeler le secrétariat du collège"
    ]
  }
];

var courante = VERSIONS.length - 1;
var comparer = false;

// Paragraph-level comparison: longest common subsequence of the two lists of lines.
function differences(avant, apres) {
  var n = avant.length, m = apres.length, i, j;
  var table = [];
  for (i = 0; i <= n; i++) {
    table.push(new Array(m + 1).fill(0));
  }
  for (i = n - 1; i >= 0; i--) {
    for (j = m - 1; j >= 0; j--) {
      table[i][j] = avant[i] === apres[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  var resultat = [];
  i = 0; j = 0;
  while (i < n && j < m) {
    if (avant[i] === apres[j]) { resultat.push(["=", avant[i]]); i++; j++; }
    else if (table[i + 1][j] >= table[i][j + 1]) { resultat.push(["-", avant[i]]); i++; }
    else { resultat.push(["+", apres[j]]); j++; }
  }
  while (i < n) { resultat.push(["-", avant[i]]); i++; }
  while (j < m) { resultat.push(["+", apres[j]]); j++; }
  return resultat;
}

function paragraphe(conteneur, texte, balise) {
  var p = document.createElement("p");
  if (balise) {
    var marque = document.createElement(balise);
    var annonce = document.createElement("span");
    annonce.className = "lecteur-ecran";
    annonce.textContent = balise === "ins" ? "Ajouté : " : "Supprimé : ";
    marque.appendChild(annonce);
    marque.appendChild(document.createTextNode(texte));
    p.appendChild(marque);
  } else {
    p.textContent = texte;
  }
  conteneur.appendChild(p);
}

function afficher() {
  var version = VERSIONS[courante];
  document.getElementById("titre-version").textContent = "Version " + (courante + 1) + " — " + version.quand;
  document.getElementById("auteur-version").textContent = "Modifiée par : " + version.qui + (version.note ? " (" + version.note + ")" : "");
  var contenu = document.getElementById("contenu");
  contenu.textContent = "";
  var precedent = courante > 0 ? VERSIONS[courante - 1].texte : [];
  var montrer = comparer && courante > 0;
  document.getElementById("legende").hidden = !montrer;
  if (montrer) {
    differences(precedent, version.texte).forEach(function (ligne) {
      paragraphe(contenu, ligne[1], ligne[0] === "+" ? "ins" : ligne[0] === "-" ? "del" : null);
    });
  } else {
    version.texte.forEach(function (ligne) { paragraphe(contenu, ligne, null); });
  }
  var bouton = document.getElementById("bouton-comparer");
  bouton.disabled = courante === 0;
  document.querySelectorAll("#liste-versions button").forEach(function (b) {
    b.setAttribute("aria-current", Number(b.dataset.index) === courante ? "true" : "false");
  });
}

function demarrer() {
  var liste = document.getElementById("liste-versions");
  for (var k = VERSIONS.length - 1; k >= 0; k--) {
    var li = document.createElement("li");
    var bouton = document.createElement("button");
    bouton.type = "button";
    bouton.dataset.index = String(k);
    var quand = document.createElement("span");
    quand.className = "quand";
    quand.textContent = "Version " + (k + 1) + " — " + VERSIONS[k].quand;
    var qui = document.createElement("span");
    qui.className = "qui";
    qui.textContent = VERSIONS[k].qui + (k === VERSIONS.length - 1 ? " (version actuelle)" : "");
    bouton.appendChild(quand);
    bouton.appendChild(qui);
    bouton.addEventListener("click", function (event) {
      courante = Number(event.currentTarget.dataset.index);
      afficher();
    });
    li.appendChild(bouton);
    liste.appendChild(li);
  }
  var comparerBouton = document.getElementById("bouton-comparer");
  comparerBouton.addEventListener("click", function () {
    comparer = !comparer;
    comparerBouton.setAttribute("aria-pressed", comparer ? "true" : "false");
    afficher();
  });
  afficher();
}

document.addEventListener("DOMContentLoaded", demarrer);
