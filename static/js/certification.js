/* The candidate's certification pages. The countdown, the focus detection and the single submission
   of the answer form come from player.js (loaded before this file on question pages); this script
   adds what certification needs:
   - the focus, at load, on the page's heading or on the error to read;
   - the waiting pages (the invigilator's authorisation, a live alert) that ask the server every few
     seconds and move on by themselves, announcing it politely;
   - on a focused question, telling the server at once that the page was left (a reload cannot undo it).
   The server decides everything that counts; without this script every page still works with its buttons. */
(function () {
  "use strict";

  var POLL_EVERY_MS = 3000;
  var POLL_HIDDEN_EVERY_MS = 10000;

  function placeFocus() {
    if (document.querySelector("[data-player-form]")) {
      return; // player.js places the focus on question pages
    }
    var alert = document.querySelector("main [role=alert]");
    var invalid = document.querySelector('main [aria-invalid="true"]');
    var target = invalid || document.querySelector("[data-autofocus]");
    if (alert && !invalid) {
      alert.setAttribute("tabindex", "-1");
      target = alert;
    }
    if (target) {
      target.focus({ preventScroll: !invalid });
    }
  }

  function poll(url, onAnswer) {
    var stopped = false;
    function schedule() {
      if (!stopped) {
        window.setTimeout(ask, document.hidden ? POLL_HIDDEN_EVERY_MS : POLL_EVERY_MS);
      }
    }
    function ask() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (onAnswer(data) === false) {
            stopped = true;
          }
        })
        .catch(function () {
          /* a network hiccup: ask again later */
        })
        .then(schedule);
    }
    schedule();
  }

  // -- Waiting for the invigilator's authorisation: enter as soon as it is given ------------------
  function waitForAuthorization() {
    var box = document.querySelector("[data-authorization-poll]");
    if (!box) {
      return;
    }
    var form = box.querySelector("[data-start-form]");
    var status = box.querySelector("[data-waiting-status]");
    poll(box.getAttribute("data-authorization-poll"), function (data) {
      if (data.authorized || data.ended || !data.open) {
        if (status) {
          status.textContent = status.getAttribute("data-label-go") || "";
        }
        if (form && !form.hasAttribute("data-submitting")) {
          form.setAttribute("data-submitting", "");
          form.submit();
        }
        return false;
      }
      return true;
    });
  }

  // -- Waiting while a reported problem is handled: back to the test once it is ---------------------
  function waitForAlert() {
    var box = document.querySelector("[data-alert-poll]");
    if (!box) {
      return;
    }
    var next = box.getAttribute("data-next-url");
    poll(box.getAttribute("data-alert-poll"), function (data) {
      if (data.alert !== "ongoing" || !data.running) {
        window.location.assign(next);
        return false;
      }
      return true;
    });
  }

  // -- Focused questions: the server is told the page was left --------------------------------------
  function reportFocusLoss() {
    var form = document.querySelector("[data-player-form][data-focused]");
    if (!form) {
      return;
    }
    var url = form.getAttribute("data-focus-url");
    var sent = false;
    var leaving = false;
    form.addEventListener("submit", function () {
      leaving = true;
    });

    function send() {
      if (sent || leaving || !url) {
        return;
      }
      sent = true;
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append("challenge", form.querySelector("[name=challenge]").value);
      fetch(url, { method: "POST", body: data, credentials: "same-origin", keepalive: true }).catch(function () {
        sent = false;
      });
    }

    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        send();
      }
    });
    window.addEventListener("blur", function () {
      // Moving into the question's own simulator (an iframe of this page) is not leaving it.
      window.setTimeout(function () {
        var active = document.activeElement;
        if (active && active.tagName === "IFRAME" && !document.hidden) {
          return;
        }
        send();
      }, 0);
    });
  }

  function init() {
    placeFocus();
    waitForAuthorization();
    waitForAlert();
    reportFocusLoss();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
