// Pix Orga: the "Imprimer" button of the generated usernames page (hidden when JavaScript is off).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
