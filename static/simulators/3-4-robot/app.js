"use strict";
/* Robot simulator: build a program from buttons, run it on a grid, reveal a code on success.
   The maze is chosen by the data-niveau attribute of <body> (no inline script: CSP). */
(function () {
  // Grids: "#" wall, "*" star, "." free. The robot starts at `depart`, facing `direction`.
  var NIVEAUX = {
    "1": {
      lignes: [
        ".....*",
        ".###..",
        "...#..",
        "##.#.#",
        ".....#"
      ],
      depart: { ligne: 4, colonne: 0 },
      direction: 1,
      // The code, stored backwards so that it does not show up when reading the page.
      code: "LOSENRUOT"
    },
    "2": {
      lignes: [
        "..#....",
        "#.#.##.",
        "....#*.",
        ".####..",
        "......#",
        "##.#..."
      ],
      depart: { ligne: 0, colonne: 0 },
      direction: 1,
      code: "ENICUPAC"
    }
  };
  var DIRECTIONS = [
    { nom: "le nord (vers le haut)", symbole: "▲", dl: -1, dc: 0 },
    { nom: "l'est (vers la droite)", symbole: "▶", dl: 0, dc: 1 },
    { nom: "le sud (vers le bas)", symbole: "▼", dl: 1, dc: 0 },
    { nom: "l'ouest (vers la gauche)", symbole: "◀", dl: 0, dc: -1 }
  ];
  var LIBELLES = { avancer: "Avancer d'une case", gauche: "Tourner à gauche", droite: "Tourner à droite" };
  var LETTRES = "ABCDEFGH";
  var MAX_INSTRUCTIONS = 40;

  var niveau = NIVEAUX[document.body.getAttribute("data-niveau")] || NIVEAUX["1"];
  var programme = [];
  var robot = null;
  var trace = [];
  var choc = null;
  var enCours = false;

  function $(id) { return document.getElementById(id); }

  function nomCase(ligne, colonne) { return LETTRES.charAt(colonne) + String(ligne + 1); }

  function reinitialiserRobot() {
    robot = { ligne: niveau.depart.ligne, colonne: niveau.depart.colonne, direction: niveau.direction };
    trace = [];
    choc = null;
  }

  function contenu(ligne, colonne) {
    if (ligne < 0 || colonne < 0 || ligne >= niveau.lignes.length || colonne >= niveau.lignes[0].length) { return null; }
    return niveau.lignes[ligne].charAt(colonne);
  }

  function dessiner() {
    var corps = $("grille-corps");
    corps.textContent = "";
    var entete = document.createElement("tr");
    entete.appendChild(document.createElement("td"));
    entete.firstChild.setAttribute("aria-hidden", "true");
    for (var c = 0; c < niveau.lignes[0].length; c++) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = LETTRES.charAt(c);
      entete.appendChild(th);
    }
    corps.appendChild(entete);
    for (var l = 0; l < niveau.lignes.length; l++) {
      var tr = document.createElement("tr");
      var thLigne = document.createElement("th");
      thLigne.scope = "row";
      thLigne.textContent = String(l + 1);
      tr.appendChild(thLigne);
      for (var k = 0; k < niveau.lignes[l].length; k++) {
        var td = document.createElement("td");
        var type = contenu(l, k);
        var description = "case vide";
        if (type === "#") { td.className = "mur"; td.textContent = "■"; description = "mur"; }
        if (type === "*") { td.className = "etoile"; td.textContent = "★"; description = "étoile"; }
        if (trace.indexOf(l + "," + k) >= 0) { td.classList.add("trace"); }
        if (robot.ligne === l && robot.colonne === k) {
          td.classList.add("robot");
          td.textContent = DIRECTIONS[robot.direction].symbole;
          description = "robot tourné vers " + DIRECTIONS[robot.direction].nom + (type === "*" ? ", sur l'étoile" : "");
        }
        if (choc && choc.ligne === l && choc.colonne === k) { td.classList.add("choc"); description += ", obstacle heurté"; }
        td.setAttribute("aria-label", nomCase(l, k) + " : " + description);
        tr.appendChild(td);
      }
      corps.appendChild(tr);
    }
    $("legende").textContent = "Grille de " + niveau.lignes[0].length + " colonnes (A à " +
      LETTRES.charAt(niveau.lignes[0].length - 1) + ") et " + niveau.lignes.length + " lignes (1 en haut)";
    $("etat-robot").textContent = "Robot en " + nomCase(robot.ligne, robot.colonne) + ", tourné vers " + DIRECTIONS[robot.direction].nom + ".";
  }

  function afficherProgramme(indexEnCours) {
    var liste = $("programme");
    liste.textContent = "";
    programme.forEach(function (instruction, i) {
      var li = document.createElement("li");
      li.textContent = LIBELLES[instruction];
      if (i === indexEnCours) { li.className = "en-cours"; }
      liste.appendChild(li);
    });
    var n = programme.length;
    $("compteur").textContent = "(" + n + (n > 1 ? " instructions)" : " instruction)");
  }

  function message(texte, classe) {
    var zone = $("message");
    zone.textContent = texte;
    zone.className = "message" + (classe ? " " + classe : "");
  }

  function ajouter(instruction) {
    if (enCours) { return; }
    if (programme.length >= MAX_INSTRUCTIONS) { message("Le programme est limité à " + MAX_INSTRUCTIONS + " instructions.", "echec"); return; }
    programme.push(instruction);
    reinitialiserRobot();
    afficherProgramme(-1);
    dessiner();
    message("Ajouté : " + LIBELLES[instruction] + ".", "");
  }

  // Buttons stay focusable while the robot moves (a disabled button would lose the keyboard focus).
  function bloquer(valeur) {
    enCours = valeur;
    Array.prototype.forEach.call(document.querySelectorAll("button"), function (b) {
      b.setAttribute("aria-disabled", valeur ? "true" : "false");
    });
  }

  function executer() {
    if (enCours) { return; }
    if (!programme.length) { message("Le programme est vide : ajoutez des instructions.", "echec"); return; }
    reinitialiserRobot();
    bloquer(true);
    message("Exécution en cours…", "");
    var i = 0;
    function etape() {
      if (i >= programme.length) { terminer(); return; }
      var instruction = programme[i];
      if (instruction === "gauche") { robot.direction = (robot.direction + 3) % 4; }
      if (instruction === "droite") { robot.direction = (robot.direction + 1) % 4; }
      if (instruction === "avancer") {
        var d = DIRECTIONS[robot.direction];
        var l = robot.ligne + d.dl;
        var c = robot.colonne + d.dc;
        var type = contenu(l, c);
        if (type === null || type === "#") {
          if (type === "#") { choc = { ligne: l, colonne: c }; }
          afficherProgramme(i);
          dessiner();
          bloquer(false);
          message("Instruction " + (i + 1) + " : le robot " + (type === null ? "sortirait de la grille" : "heurte un mur") +
            ". Modifiez le programme et réessayez.", "echec");
          return;
        }
        trace.push(robot.ligne + "," + robot.colonne);
        robot.ligne = l;
        robot.colonne = c;
      }
      afficherProgramme(i);
      dessiner();
      i += 1;
      window.setTimeout(etape, 350);
    }
    etape();
  }

  function terminer() {
    bloquer(false);
    afficherProgramme(-1);
    dessiner();
    if (contenu(robot.ligne, robot.colonne) === "*") {
      message("Bravo ! Le robot est sur l'étoile. Votre code est : " + niveau.code.split("").reverse().join(""), "succes");
    } else {
      message("Le programme est terminé, mais le robot est en " + nomCase(robot.ligne, robot.colonne) +
        " et n'est pas sur l'étoile. Modifiez le programme et réessayez.", "echec");
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-instruction]"), function (bouton) {
    bouton.addEventListener("click", function () { ajouter(bouton.getAttribute("data-instruction")); });
  });
  $("retirer").addEventListener("click", function () {
    if (enCours || !programme.length) { return; }
    programme.pop();
    reinitialiserRobot();
    afficherProgramme(-1);
    dessiner();
    message("Dernière instruction retirée.", "");
  });
  $("effacer").addEventListener("click", function () {
    if (enCours) { return; }
    programme = [];
    reinitialiserRobot();
    afficherProgramme(-1);
    dessiner();
    message("Programme effacé.", "");
  });
  $("executer").addEventListener("click", executer);

  reinitialiserRobot();
  afficherProgramme(-1);
  dessiner();
})();
