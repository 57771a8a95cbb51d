/* The invigilator's live list: asks the server every few seconds and replaces only the candidates whose
   card changed, announcing each change politely to screen readers; sends the action forms in the
   background and refreshes at once. A card being used (focus inside, a menu open, a problem chosen)
   is left alone until the invigilator is done with it. Without this script the page works with its
   buttons and the "Actualiser" link. */
(function () {
  "use strict";

  var room = document.querySelector("[data-room]");
  if (!room || !window.fetch) {
    return;
  }
  var pollUrl = room.getAttribute("data-poll-url");
  var every = Math.max(2, parseInt(room.getAttribute("data-poll-seconds"), 10) || 5) * 1000;
  var announcer = room.querySelector("[data-announcer]");
  var toast = room.querySelector("[data-toast]");
  var summary = room.querySelector("[data-summary]");
  var refreshTime = room.querySelector("[data-refresh-time]");
  var list = room.querySelector("[data-seats]");
  var lastHtml = {};
  var lastStatus = {};
  var focusAfterRefresh = null;
  var timer = null;
  var stopped = false;

  var autoNote = room.querySelector("[data-auto-note]");
  if (autoNote) {
    autoNote.hidden = false;
  }

  Array.prototype.forEach.call(room.querySelectorAll("[data-candidate]"), function (seat) {
    lastStatus[seat.getAttribute("data-candidate")] = seat.getAttribute("data-status");
  });

  function announce(text) {
    if (!announcer || !text) {
      return;
    }
    var line = document.createElement("p");
    line.textContent = text;
    announcer.appendChild(line);
    while (announcer.childNodes.length > 5) {
      announcer.removeChild(announcer.firstChild);
    }
  }

  var toastTimer = null;

  function showToast(text, isError) {
    if (!toast) {
      return;
    }
    announce(text); // the toast is only seen: the polite region says it
    toast.textContent = text;
    toast.classList.toggle("is-error", !!isError);
    toast.hidden = false;
    window.clearTimeout(toastTimer);
    toastTimer = window.setTimeout(function () {
      toast.hidden = true;
    }, 12000);
  }

  function isBusy(seat) {
    if (seat.contains(document.activeElement) && document.activeElement !== document.body) {
      return true;
    }
    if (seat.querySelector("details[open]")) {
      return true;
    }
    var select = seat.querySelector("select");
    return !!(select && select.value);
  }

  function replaceSeat(id, html) {
    var seat = list && list.querySelector('[data-candidate="' + id + '"]');
    if (!seat) {
      return false;
    }
    var holder = document.createElement("ul");
    holder.innerHTML = html.trim();
    var fresh = holder.firstElementChild;
    if (!fresh) {
      return false;
    }
    seat.parentNode.replaceChild(fresh, seat);
    return true;
  }

  function apply(data) {
    if (summary && typeof data.summary === "string") {
      summary.innerHTML = data.summary;
    }
    if (refreshTime && data.time) {
      refreshTime.textContent = data.time;
    }
    (data.candidates || []).forEach(function (candidate) {
      var id = String(candidate.id);
      var seat = list && list.querySelector('[data-candidate="' + id + '"]');
      var changedStatus = lastStatus[id] !== undefined && lastStatus[id] !== candidate.status;
      if (seat && lastHtml[id] !== candidate.html && (!isBusy(seat) || focusAfterRefresh === id)) {
        if (replaceSeat(id, candidate.html)) {
          lastHtml[id] = candidate.html;
        }
      }
      if (changedStatus) {
        announce(candidate.announce);
      }
      lastStatus[id] = candidate.status;
    });
    if (focusAfterRefresh) {
      var heading = document.getElementById("candidate-" + focusAfterRefresh + "-name");
      if (heading) {
        heading.focus();
      }
      focusAfterRefresh = null;
    }
  }

  function schedule(delay) {
    if (stopped) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, delay);
  }

  function refresh() {
    fetch(pollUrl, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (response.status === 403) {
          stopped = true;
          return response.json().then(function (body) {
            showToast(body.error || "", true);
            window.setTimeout(function () {
              window.location.reload();
            }, 4000);
            return null;
          });
        }
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (data) {
          apply(data);
        }
      })
      .catch(function () {
        /* a network hiccup: the next refresh will try again */
      })
      .then(function () {
        schedule(document.hidden ? every * 3 : every);
      });
  }

  // Actions: sent in the background, then the list is refreshed at once.
  room.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-action-form")) {
      return;
    }
    event.preventDefault();
    if (form.hasAttribute("data-sending")) {
      return;
    }
    var submitter = event.submitter;
    var url = (submitter && submitter.getAttribute("formaction")) || form.getAttribute("action");
    var body = new FormData(form);
    form.setAttribute("data-sending", "");
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) {
      button.disabled = true;
    });
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (payload) {
          return { ok: response.ok, payload: payload };
        });
      })
      .then(function (result) {
        var text = result.payload.message || result.payload.error || "";
        showToast(text, !result.ok);
        focusAfterRefresh = form.getAttribute("data-candidate-id");
        var seat = form.closest("[data-candidate]");
        if (seat) {
          lastHtml[seat.getAttribute("data-candidate")] = null; // redraw it whatever the server says
        }
      })
      .catch(function () {
        form.submit(); // the network failed: the plain form still works
      })
      .then(function () {
        form.removeAttribute("data-sending");
        Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) {
          button.disabled = false;
        });
        schedule(0);
      });
  });

  // Escape closes an open menu and gives the focus back to its button.
  room.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var menu = event.target.closest && event.target.closest("details[open]");
    if (menu) {
      menu.open = false;
      var summaryButton = menu.querySelector("summary");
      if (summaryButton) {
        summaryButton.focus();
      }
    }
  });

  schedule(every);
})();
