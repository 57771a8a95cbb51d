/* Explorateur de fichiers simulé : arborescence, liste triable, recherche, extensions, propriétés. */
(function () {
  "use strict";

  // Fichier : [nom complet, taille en Ko, modifié le, créé le, auteur]
  var RACINE = {
    nom: "Documents",
    dossiers: [
      { nom: "Administratif", dossiers: [], fichiers: [
        ["attestation-assurance.pdf", 150, "2024-09-02 10:12", "2024-09-02 10:12", "Mutuelle du Centre"],
        ["avis-imposition-2024.pdf", 220, "2024-08-28 19:40", "2024-08-28 19:40", ""],
        ["contrat-location.odt", 64, "2023-06-15 16:05", "2023-06-10 09:30", "Agence Horizon"]
      ] },
      { nom: "Cours", fichiers: [], dossiers: [
        { nom: "Histoire", dossiers: [], fichiers: [
          ["frise-chronologique.png", 1229, "2024-10-08 17:22", "2024-10-08 17:22", ""],
          ["revolution-francaise.odt", 36, "2024-10-15 21:03", "2024-10-01 18:45", "Sam Lefèvre"]
        ] },
        { nom: "Maths", dossiers: [], fichiers: [
          ["devoir-fractions.pdf", 312, "2024-11-12 08:15", "2024-11-12 08:15", "M. Durand"],
          ["exercices-geometrie.odt", 48, "2024-11-20 20:31", "2024-11-18 19:02", "Sam Lefèvre"]
        ] },
        { nom: "SVT", dossiers: [], fichiers: [
          ["compte-rendu-tp.pdf", 180, "2024-12-03 18:10", "2024-12-03 18:10", "Sam Lefèvre"],
          ["expose-volcans.odp", 2458, "2024-11-28 22:47", "2024-11-04 17:30", "Léa Moreau"],
          ["schema-volcan.png", 640, "2024-11-05 16:58", "2024-11-05 16:58", ""]
        ] }
      ] },
      { nom: "Cuisine", fichiers: [], dossiers: [
        { nom: "Desserts", dossiers: [], fichiers: [
          ["recette-crepes.odt", 24, "2024-02-02 11:20", "2023-02-02 10:05", "Mamie Jo"],
          ["tarte-pommes.pdf", 95, "2023-10-14 15:00", "2023-10-14 15:00", ""]
        ] },
        { nom: "Plats", dossiers: [], fichiers: [
          ["gratin-dauphinois.odt", 22, "2023-12-24 09:41", "2023-12-20 18:12", "Mamie Jo"]
        ] }
      ] },
      { nom: "Photos", dossiers: [], fichiers: [
        ["2024-07-14-feu-artifice.jpg", 3891, "2024-07-14 23:05", "2024-07-14 23:05", ""],
        ["chat.png", 850, "2024-03-09 12:30", "2024-03-09 12:30", ""],
        ["IMG_0412.JPG", 4710, "2024-08-03 10:26", "2024-08-03 10:26", ""],
        ["panorama-alpes.jpg", 7475, "2024-08-10 14:02", "2024-08-10 14:02", ""],
        ["plage-biarritz.jpg", 2970, "2024-08-21 18:47", "2024-08-21 18:47", ""]
      ] },
      { nom: "Téléchargements", dossiers: [], fichiers: [
        ["facture.pdf.exe", 1126, "2025-01-09 07:58", "2025-01-09 07:58", ""],
        ["guide-velo.pdf", 2048, "2024-05-18 13:14", "2024-05-18 13:14", "Club cyclo du Val"],
        ["installateur-imprimante.exe", 36045, "2024-04-02 09:00", "2024-04-02 09:00", ""],
        ["musique-fete.mp3", 5222, "2024-06-21 20:15", "2024-06-21 20:15", ""]
      ] }
    ],
    fichiers: [
      ["liste-courses.txt", 1, "2025-01-10 18:30", "2025-01-06 08:00", ""]
    ]
  };

  var TYPES = {
    pdf: "Document PDF", odt: "Document texte OpenDocument", odp: "Présentation OpenDocument",
    png: "Image PNG", jpg: "Image JPEG", exe: "Application", mp3: "Fichier audio MP3", txt: "Document texte"
  };

  function extension(nom) {
    var i = nom.lastIndexOf(".");
    return i > 0 ? nom.slice(i + 1).toLowerCase() : "";
  }

  function sansAccent(t) {
    return t.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function prepare(dossier, chemin) {
    dossier.chemin = chemin;
    dossier.fichiers = dossier.fichiers.map(function (f) {
      return { nom: f[0], ko: f[1], modifie: f[2], cree: f[3], auteur: f[4], ext: extension(f[0]),
        type: TYPES[extension(f[0])] || "Fichier", parent: dossier };
    });
    dossier.dossiers.forEach(function (d) { prepare(d, chemin.concat([d.nom])); });
  }
  prepare(RACINE, ["Documents"]);

  function tousLesFichiers(dossier) {
    var liste = dossier.fichiers.slice();
    dossier.dossiers.forEach(function (d) { liste = liste.concat(tousLesFichiers(d)); });
    return liste;
  }

  function taille(ko) {
    if (ko < 1024) { return ko + " Ko"; }
    return (ko / 1024).toFixed(1).replace(".", ",") + " Mo";
  }

  function date(iso) {
    var p = iso.split(" ");
    var j = p[0].split("-");
    return j[2] + "/" + j[1] + "/" + j[0] + " " + p[1];
  }

  var etat = { dossier: RACINE, recherche: null, tri: "nom", sens: 1, extensions: false };

  var arbre = document.getElementById("arbre");
  var liste = document.getElementById("liste");
  var chemin = document.getElementById("chemin");
  var message = document.getElementById("etat");
  var panneau = document.getElementById("proprietes");
  var prop = document.getElementById("prop");

  function nomAffiche(f) {
    if (etat.extensions || !f.ext) { return f.nom; }
    return f.nom.slice(0, f.nom.length - f.ext.length - 1);
  }

  function construireArbre(dossier, ul) {
    var li = document.createElement("li");
    var b = document.createElement("button");
    b.type = "button";
    b.className = "dossier";
    b.textContent = dossier.nom;
    b.setAttribute("aria-current", dossier === etat.dossier && !etat.recherche ? "true" : "false");
    b.addEventListener("click", function () {
      etat.dossier = dossier;
      etat.recherche = null;
      document.getElementById("q").value = "";
      afficher();
    });
    li.appendChild(b);
    if (dossier.dossiers.length) {
      var sous = document.createElement("ul");
      dossier.dossiers.forEach(function (d) { construireArbre(d, sous); });
      li.appendChild(sous);
    }
    ul.appendChild(li);
  }

  function comparer(a, b) {
    var x, y;
    if (etat.tri === "taille") { x = a.ko === undefined ? -1 : a.ko; y = b.ko === undefined ? -1 : b.ko; }
    else if (etat.tri === "modifie") { x = a.modifie || ""; y = b.modifie || ""; }
    else if (etat.tri === "type") { x = a.type || ""; y = b.type || ""; }
    else { x = sansAccent(a.nom); y = sansAccent(b.nom); }
    if (x < y) { return -etat.sens; }
    if (x > y) { return etat.sens; }
    return 0;
  }

  function ligne(element, estDossier) {
    var tr = document.createElement("tr");
    var td = document.createElement("td");
    var b = document.createElement("button");
    b.type = "button";
    b.className = estDossier ? "dossier" : "fichier";
    b.textContent = estDossier ? element.nom : nomAffiche(element);
    if (!estDossier && etat.recherche !== null) {
      b.textContent += "  (dans " + element.parent.chemin.join(" › ") + ")";
    }
    b.addEventListener("click", function () {
      if (estDossier) {
        etat.dossier = element;
        afficher();
      } else {
        Array.prototype.forEach.call(liste.querySelectorAll("tr"), function (r) { r.className = ""; });
        tr.className = "choisi";
        proprietes(element);
      }
    });
    td.appendChild(b);
    tr.appendChild(td);
    [estDossier ? "Dossier de fichiers" : element.type, estDossier ? "" : taille(element.ko),
      estDossier ? "" : date(element.modifie)].forEach(function (texte) {
      var c = document.createElement("td");
      c.textContent = texte;
      tr.appendChild(c);
    });
    return tr;
  }

  function proprietes(f) {
    prop.textContent = "";
    [["Nom", nomAffiche(f)], ["Type de fichier", f.type + " (." + f.ext + ")"],
      ["Emplacement", f.parent.chemin.join("\\")], ["Taille", taille(f.ko)],
      ["Créé le", date(f.cree)], ["Modifié le", date(f.modifie)], ["Auteur", f.auteur || "(non renseigné)"]
    ].forEach(function (p) {
      var dt = document.createElement("dt");
      dt.textContent = p[0];
      var dd = document.createElement("dd");
      dd.textContent = p[1];
      prop.appendChild(dt);
      prop.appendChild(dd);
    });
    panneau.hidden = false;
    document.getElementById("titre-prop").focus();
  }

  function marquerTri() {
    Array.prototype.forEach.call(document.querySelectorAll("th button"), function (b) {
      var cle = b.getAttribute("data-tri");
      b.parentNode.setAttribute("aria-sort", cle === etat.tri ? (etat.sens === 1 ? "ascending" : "descending") : "none");
    });
  }

  function afficher() {
    marquerTri();
    arbre.textContent = "";
    construireArbre(RACINE, arbre);
    liste.textContent = "";
    panneau.hidden = true;
    var dossiers = [];
    var fichiers;
    if (etat.recherche !== null) {
      var q = sansAccent(etat.recherche.trim());
      var parExt = /^\*\.[a-z0-9]+$/.test(q);
      fichiers = tousLesFichiers(RACINE).filter(function (f) {
        var n = sansAccent(f.nom);
        if (parExt) { return n.slice(-(q.length - 1)) === q.slice(1); }
        return n.indexOf(q.replace(/\*/g, "")) !== -1;
      });
      chemin.textContent = "Résultats de la recherche dans Documents";
      message.textContent = fichiers.length + (fichiers.length > 1 ? " éléments trouvés" : " élément trouvé") +
        " pour « " + etat.recherche + " ».";
    } else {
      dossiers = etat.dossier.dossiers.slice();
      fichiers = etat.dossier.fichiers.slice();
      chemin.textContent = etat.dossier.chemin.join(" › ");
      var n = dossiers.length + fichiers.length;
      message.textContent = n + (n > 1 ? " éléments" : " élément") + " dans ce dossier.";
    }
    dossiers.sort(comparer).forEach(function (d) { liste.appendChild(ligne(d, true)); });
    fichiers.sort(comparer).forEach(function (f) { liste.appendChild(ligne(f, false)); });
  }

  document.getElementById("recherche").addEventListener("submit", function (e) {
    e.preventDefault();
    var q = document.getElementById("q").value;
    etat.recherche = q.trim() ? q : null;
    afficher();
  });
  document.getElementById("effacer").addEventListener("click", function () {
    document.getElementById("q").value = "";
    etat.recherche = null;
    afficher();
  });
  document.getElementById("ext").addEventListener("change", function (e) {
    etat.extensions = e.target.checked;
    afficher();
  });
  document.getElementById("fermer").addEventListener("click", function () { panneau.hidden = true; });
  Array.prototype.forEach.call(document.querySelectorAll("th button"), function (b) {
    b.addEventListener("click", function () {
      var cle = b.getAttribute("data-tri");
      etat.sens = etat.tri === cle ? -etat.sens : 1;
      etat.tri = cle;
      afficher();
    });
  });

  document.getElementById("ext").checked = false;
  afficher();
}());
