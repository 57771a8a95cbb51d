// Account forms: show or hide a password, and tick the password rules as they are met.
// Progressive enhancement only: without JavaScript the rules are listed and the server checks them.
(function () {
  "use strict";

  var RULES = {
    length: function (value) { return value.length >= 8; },
    upper: function (value) { return /\p{Lu}/u.test(value); },
    lower: function (value) { return /\p{Ll}/u.test(value); },
    digit: function (value) { return /\p{Nd}/u.test(value); }
  };
  var lang = document.documentElement.lang;
  var MET = lang === "en" ? "(met)" : "(respecté)";
  var NOT_MET = lang === "en" ? "(not met)" : "(non respecté)";

  document.querySelectorAll("[data-password-toggle]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-password-toggle"));
    if (!input) { return; }
    var show = button.querySelector(".password-toggle__show");
    var hide = button.querySelector(".password-toggle__hide");
    button.hidden = false;
    button.addEventListener("click", function () {
      var visible = input.type === "text";
      input.type = visible ? "password" : "text";
      button.setAttribute("aria-pressed", visible ? "false" : "true");
      show.hidden = !visible;
      hide.hidden = visible;
    });
  });

  document.querySelectorAll("[data-password-rules]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-password-rules"));
    if (!list) { return; }
    var update = function () {
      list.querySelectorAll("[data-rule]").forEach(function (item) {
        var met = RULES[item.getAttribute("data-rule")](input.value);
        item.classList.toggle("is-met", met);
        var state = item.querySelector(".password-rules__state");
        if (state) { state.textContent = " " + (met ? MET : NOT_MET); }
      });
    };
    input.addEventListener("input", update);
    if (input.value) { update(); }
  });
})();
