/* The test player: focus on the page's heading, the countdown of timed questions, and the
   detection of a learner leaving the page during a focused question.
   The server decides everything that counts (it keeps its own clock); this script only helps. */
(function () {
  "use strict";

  // -- Focus: start each page on its heading, or on the first field to correct ----------------
  function placeFocus() {
    var invalid = document.querySelector('[data-player-form] [aria-invalid="true"]');
    var target = invalid || document.querySelector("[data-autofocus]");
    if (target) {
      target.focus({ preventScroll: !invalid });
    }
  }

  // -- Timed questions ------------------------------------------------------------------------
  // Announced to screen readers at a few moments only, never every second.
  var ANNOUNCE_AT = [60, 30, 10];

  function formatSeconds(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    if (!minutes) {
      return rest + " s";
    }
    return minutes + " min " + (rest < 10 ? "0" : "") + rest + " s";
  }

  function startTimer(form) {
    var box = document.querySelector("[data-timer]");
    var input = form.querySelector("[data-timeout-input]");
    if (!box || !input) {
      return;
    }
    var value = box.querySelector("[data-timer-value]");
    var live = box.querySelector("[data-timer-announce]");
    var remaining = parseInt(box.getAttribute("data-remaining"), 10);
    if (isNaN(remaining)) {
      return;
    }
    var deadline = Date.now() + remaining * 1000;
    var announced = {};
    var finished = false;

    function secondsLeft() {
      return Math.ceil((deadline - Date.now()) / 1000);
    }

    function announce(text) {
      if (live) {
        live.textContent = text;
      }
    }

    function expire() {
      if (finished) {
        return;
      }
      finished = true;
      value.textContent = formatSeconds(0);
      box.classList.add("is-expired");
      announce(box.getAttribute("data-label-expired"));
      input.value = String(Math.min(-1, secondsLeft()));
      var submit = form.querySelector("[data-submit-answer]");
      form.setAttribute("data-auto-submitted", "");
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit(submit || undefined);
      } else {
        if (submit) {
          var action = document.createElement("input");
          action.type = "hidden";
          action.name = "action";
          action.value = "answer";
          form.appendChild(action);
        }
        form.submit();
      }
    }

    function tick() {
      var left = secondsLeft();
      if (left <= 0) {
        expire();
        return;
      }
      value.textContent = formatSeconds(left);
      box.classList.toggle("is-ending", left <= 10);
      ANNOUNCE_AT.forEach(function (moment) {
        if (left <= moment && !announced[moment] && remaining > moment) {
          announced[moment] = true;
          announce(box.getAttribute("data-label-left").replace("__S__", String(moment)));
        }
      });
      window.setTimeout(tick, 250);
    }

    form.addEventListener("submit", function () {
      if (!finished) {
        input.value = String(secondsLeft() > 0 ? secondsLeft() : Math.min(-1, secondsLeft()));
      }
    });
    if (remaining > 0) {
      announce(box.getAttribute("data-label-start"));
    }
    tick();
  }

  // -- Focused questions ----------------------------------------------------------------------
  function watchFocus(form) {
    if (!form.hasAttribute("data-focused")) {
      return;
    }
    var input = form.querySelector("[data-focused-out-input]");
    var notice = form.querySelector("[data-focus-notice]");
    var leaving = false;

    function markOut() {
      if (leaving || !input || input.value === "1") {
        return;
      }
      input.value = "1";
      if (notice) {
        notice.hidden = false;
      }
    }

    form.addEventListener("submit", function () {
      leaving = true; // sending the answer is not leaving the question
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        markOut();
      }
    });
    window.addEventListener("blur", function () {
      // Moving into the question's own simulator (an iframe of this page) is not leaving it.
      window.setTimeout(function () {
        var active = document.activeElement;
        if (active && active.tagName === "IFRAME" && !document.hidden) {
          return;
        }
        markOut();
      }, 0);
    });
  }

  // -- One submission per answer ----------------------------------------------------------------
  function oneSubmission(form) {
    form.addEventListener("submit", function (event) {
      if (form.hasAttribute("data-submitting")) {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-submitting", "");
    });
  }

  // -- Messages shown at load (a level reached, a report sent): a live region present when the page
  // loads is not read out, so the same words are put into a fresh one once the page is ready.
  function announceMessages() {
    var items = document.querySelectorAll(".messages li");
    if (!items.length) {
      return;
    }
    var live = document.createElement("div");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("data-player-announce", "");
    document.body.appendChild(live);
    var text = Array.prototype.map.call(items, function (item) {
      return item.textContent.trim();
    }).join(" ");
    window.setTimeout(function () {
      live.textContent = text;
    }, 300);
  }

  function init() {
    placeFocus();
    announceMessages();
    var form = document.querySelector("[data-player-form]");
    if (form) {
      oneSubmission(form);
      startTimer(form);
      watchFocus(form);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
