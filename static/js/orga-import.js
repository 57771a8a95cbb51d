// Pix Orga: follow a large import run by a worker, then show its result (the page reloads once done).
(function () {
  "use strict";
  var box = document.querySelector("[data-import-status]");
  if (!box) { return; }
  var label = box.querySelector("[data-import-label]");
  var url = box.getAttribute("data-import-status");
  var delay = 2000;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.over) { window.location.reload(); return; }
        if (data && label && label.textContent !== data.label + "…") { label.textContent = data.label + "…"; }
        delay = Math.min(delay * 1.5, 15000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 15000); });
  }
  window.setTimeout(poll, delay);
})();
