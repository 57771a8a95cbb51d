// Pix Orga: follow a campaign export written by a worker; once the file is ready the page reloads and
// shows the download link. Without JavaScript the page offers an "Actualiser" link instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-status][data-export-pending]");
  if (!box) { return; }
  var url = box.getAttribute("data-export-status");
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-export-label]");
  var delay = 1000;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.over) { window.location.reload(); return; }
        if (data) {
          if (bar) { bar.value = data.progress; bar.textContent = data.progress + " %"; }
          if (label && data.message && label.textContent !== data.message) { label.textContent = data.message; }
        }
        delay = Math.min(delay * 1.4, 10000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, delay);
})();
