"use strict";
// Messagerie simulée : messages fictifs, aucun envoi, aucun accès réseau.
(function () {
  var MESSAGES = [
    {
      nom: "Banque Horizon",
      adresse: "securite@banque-horizon-alerte.com",
      repondreA: "",
      date: "mardi 14 janvier, 09:42",
      objet: "Mise à jour de vos coordonnées bancaires",
      corps: [
        "Cher client,",
        "Suite à une opération inhabituelle, votre accès sera suspendu dans 24 heures si vous ne confirmez pas vos informations.",
        { lien: "Confirmer mes informations", url: "https://banque-horizon.verif-client.net/connexion" },
        "Le service sécurité de Banque Horizon"
      ]
    },
    {
      nom: "Médiathèque de Valbourg",
      adresse: "accueil@mediatheque-valbourg.fr",
      repondreA: "",
      date: "lundi 13 janvier, 17:05",
      objet: "Vos documents sont à rendre avant le 20 janvier",
      corps: [
        "Bonjour,",
        "Trois documents empruntés sur votre carte arrivent à échéance le 20 janvier. Vous pouvez les prolonger depuis votre compte lecteur.",
        { lien: "Mon compte lecteur", url: "https://www.mediatheque-valbourg.fr/mon-compte" },
        "L'équipe de la médiathèque"
      ]
    },
    {
      nom: "Colis Express",
      adresse: "noreply@colis-express.fr",
      repondreA: "suivi@colisexpress-livraison.top",
      date: "lundi 13 janvier, 11:20",
      objet: "Votre colis est en attente",
      corps: [
        "Bonjour,",
        "Votre colis n'a pas pu être livré : des frais de 1,99 € restent à régler. Sans paiement sous 48 heures, il sera renvoyé à l'expéditeur.",
        { lien: "Suivre mon colis", url: "https://colisexpress-livraison.top/paiement" },
        "Pour toute question, répondez simplement à ce message."
      ]
    },
    {
      nom: "Service des impôts",
      adresse: "ne-pas-repondre@impots-remboursement.info",
      repondreA: "",
      date: "dimanche 12 janvier, 22:31",
      objet: "Avis de remboursement : 236,40 €",
      corps: [
        "Madame, Monsieur,",
        "Après le dernier calcul de votre impôt, vous devez recevoir un remboursement de 236,40 €. Pour le recevoir, remplissez le formulaire avec votre numéro de carte bancaire.",
        { lien: "Recevoir mon remboursement", url: "http://impots-remboursement.info/formulaire" },
        "Direction générale"
      ]
    },
    {
      nom: "Léa Martin",
      adresse: "lea.martin@exemple-courriel.fr",
      repondreA: "",
      date: "samedi 11 janvier, 15:48",
      objet: "Photos de la sortie au lac",
      corps: [
        "Salut Camille,",
        "Comme promis, je t'envoie les photos de samedi par le partage habituel de l'association. Bonne soirée !",
        "Léa"
      ]
    }
  ];

  var liste = document.getElementById("liste-messages");
  var aide = document.getElementById("aide");
  var message = document.getElementById("message");
  var objet = document.getElementById("objet");
  var nomExpediteur = document.getElementById("nom-expediteur");
  var boutonDetails = document.getElementById("bouton-details");
  var details = document.getElementById("details");
  var date = document.getElementById("date");
  var corps = document.getElementById("corps");
  var barreEtat = document.getElementById("barre-etat");
  var boutonRepondre = document.getElementById("bouton-repondre");
  var brouillon = document.getElementById("brouillon");
  var brouillonA = document.getElementById("brouillon-a");
  var brouillonObjet = document.getElementById("brouillon-objet");
  var courant = null;
  var MESSAGE_ETAT = "Survolez ou sélectionnez un lien au clavier pour voir son adresse réelle ici.";

  function ajouterDetail(terme, valeur) {
    var dt = document.createElement("dt");
    dt.textContent = terme;
    var dd = document.createElement("dd");
    dd.textContent = valeur;
    details.appendChild(dt);
    details.appendChild(dd);
  }

  function montrerLien(url) {
    barreEtat.textContent = "Adresse du lien : " + url;
  }

  function ouvrir(index) {
    courant = MESSAGES[index];
    var boutons = liste.querySelectorAll("button");
    for (var i = 0; i < boutons.length; i++) {
      boutons[i].setAttribute("aria-current", i === index ? "true" : "false");
    }
    aide.hidden = true;
    message.hidden = false;
    objet.textContent = courant.objet;
    nomExpediteur.textContent = courant.nom;
    date.textContent = courant.date;
    details.textContent = "";
    ajouterDetail("Adresse de l'expéditeur", courant.adresse);
    ajouterDetail("Répondre à", courant.repondreA || courant.adresse);
    ajouterDetail("Destinataire", "camille.durand@exemple-courriel.fr");
    details.hidden = true;
    boutonDetails.setAttribute("aria-expanded", "false");
    boutonDetails.textContent = "Afficher les détails";
    corps.textContent = "";
    courant.corps.forEach(function (bloc) {
      var p = document.createElement("p");
      if (typeof bloc === "string") {
        p.textContent = bloc;
      } else {
        var a = document.createElement("a");
        a.href = "#";
        a.className = "bouton-lien";
        a.textContent = bloc.lien;
        a.addEventListener("mouseenter", function () { montrerLien(bloc.url); });
        a.addEventListener("focus", function () { montrerLien(bloc.url); });
        a.addEventListener("click", function (event) {
          event.preventDefault();
          barreEtat.textContent = "Simulation : le lien n'a pas été ouvert. Adresse du lien : " + bloc.url;
        });
        p.appendChild(a);
      }
      corps.appendChild(p);
    });
    barreEtat.textContent = MESSAGE_ETAT;
    brouillon.hidden = true;
    objet.setAttribute("tabindex", "-1");
    objet.focus();
  }

  MESSAGES.forEach(function (m, index) {
    var li = document.createElement("li");
    var bouton = document.createElement("button");
    bouton.type = "button";
    var nom = document.createElement("span");
    nom.className = "nom";
    nom.textContent = m.nom;
    var sujet = document.createElement("span");
    sujet.className = "sujet";
    sujet.textContent = m.objet;
    bouton.appendChild(nom);
    bouton.appendChild(sujet);
    bouton.addEventListener("click", function () { ouvrir(index); });
    li.appendChild(bouton);
    liste.appendChild(li);
  });

  boutonDetails.addEventListener("click", function () {
    var ouvert = details.hidden;
    details.hidden = !ouvert;
    boutonDetails.setAttribute("aria-expanded", ouvert ? "true" : "false");
    boutonDetails.textContent = ouvert ? "Masquer les détails" : "Afficher les détails";
  });

  boutonRepondre.addEventListener("click", function () {
    if (!courant) { return; }
    brouillonA.textContent = courant.repondreA || courant.adresse;
    brouillonObjet.textContent = "RE: " + courant.objet;
    brouillon.hidden = false;
  });
})();
