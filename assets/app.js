// suido staff UI: small keyboard helpers; no frameworks, no inline script.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  document.addEventListener("DOMContentLoaded", function () {
    // Focus the first invalid field after a refused form, else the autofocus field.
    var bad = document.querySelector("[aria-invalid=true]");
    if (bad) { bad.focus(); }
    // Forms that ask before acting.
    document.querySelectorAll("form[data-confirm]").forEach(function (f) {
      f.addEventListener("submit", function (ev) {
        if (!window.confirm(f.getAttribute("data-confirm"))) { ev.preventDefault(); }
      });
    });
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    // "/" jumps to the search box from anywhere (when not typing).
    if (ev.key === "/" && !typing(t)) {
      var s = document.getElementById("global-search") || document.getElementById("home-q");
      if (s) { ev.preventDefault(); s.focus(); s.select(); }
    }
    // Esc leaves a form page (not from inside a textarea).
    if (ev.key === "Escape" && (!t || t.tagName !== "TEXTAREA")) {
      var cancel = document.querySelector("a.cancel");
      if (cancel) { window.location.href = cancel.getAttribute("href"); }
    }
  });
})();
