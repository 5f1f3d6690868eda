// suido staff UI: small keyboard helpers; no frameworks, no inline script.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  // A form with typed input that has not been sent: leaving the page asks first.
  var dirty = false;
  var LEAVE = "入力した内容はまだ保存されていません。この画面を離れますか？";
  function guarded(el) {
    var f = el && el.form;
    return f && (f.method || "").toLowerCase() === "post" && !f.hasAttribute("data-no-guard") && el.type !== "hidden";
  }
  document.addEventListener("input", function (ev) { if (guarded(ev.target)) { dirty = true; } });
  document.addEventListener("change", function (ev) { if (guarded(ev.target)) { dirty = true; } });
  document.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (ev) {
    if (dirty) { ev.preventDefault(); ev.returnValue = LEAVE; return LEAVE; }
  });
  document.addEventListener("DOMContentLoaded", function () {
    // Focus the first invalid field after a refused form, else the autofocus field.
    var bad = document.querySelector("[aria-invalid=true]");
    if (bad) { bad.focus(); }
    // A print button (no inline script under the CSP).
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    // Forms that ask before acting.
    document.querySelectorAll("form[data-confirm]").forEach(function (f) {
      f.addEventListener("submit", function (ev) {
        if (!window.confirm(f.getAttribute("data-confirm"))) { ev.preventDefault(); }
      });
    });
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    // Route entry grid: Enter moves to the next reading; on the last one it submits.
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && t && t.form && t.form.hasAttribute("data-grid")) {
      ev.preventDefault();   // Ctrl+Enter records what has been typed so far
      t.form.requestSubmit();
      return;
    }
    if (ev.key === "Enter" && t && t.tagName === "INPUT" && t.type === "text" && t.form && t.form.hasAttribute("data-grid")) {
      var inputs = Array.prototype.slice.call(t.form.querySelectorAll("tbody input[type=text]"));
      var i = inputs.indexOf(t);
      if (i >= 0 && i + 1 < inputs.length) {
        ev.preventDefault();
        inputs[i + 1].focus();
        inputs[i + 1].select();
        return;
      }
    }
    // Search results: ↓/↑ move between the results (from the search box too), Enter opens one.
    if ((ev.key === "ArrowDown" || ev.key === "ArrowUp") && !ev.altKey && !ev.ctrlKey && !ev.metaKey) {
      var links = Array.prototype.slice.call(document.querySelectorAll("table[data-nav] a.karte-link"));
      var at = links.indexOf(t);
      var box = t && t.id === "page-q";
      if (links.length && (at >= 0 || (box && ev.key === "ArrowDown"))) {
        ev.preventDefault();
        var next = box ? 0 : Math.max(0, Math.min(links.length - 1, at + (ev.key === "ArrowDown" ? 1 : -1)));
        links[next].focus();
        return;
      }
    }
    // "/" jumps to the search box from anywhere (when not typing).
    if (ev.key === "/" && !typing(t)) {
      var s = document.getElementById("global-search") || document.getElementById("home-q");
      if (s) { ev.preventDefault(); s.focus(); s.select(); }
    }
    // Esc leaves a form page (not from inside a textarea).
    if (ev.key === "Escape" && (!t || t.tagName !== "TEXTAREA")) {
      var cancel = document.querySelector("a.cancel");
      if (cancel) {
        if (dirty && !window.confirm(LEAVE)) { return; }
        dirty = false;   // asked already: no second question on unload
        window.location.href = cancel.getAttribute("href");
      }
    }
  });
  // A field that only some choices of a select need (data-shown-for="select-id:value value"):
  // hidden while another value is chosen; all of them shown while nothing is (and without script).
  function shownFor() {
    var parts = document.querySelectorAll("[data-shown-for]");
    for (var i = 0; i < parts.length; i++) {
      var spec = parts[i].getAttribute("data-shown-for").split(":");
      var sel = document.getElementById(spec[0]);
      if (!sel) { continue; }
      parts[i].hidden = sel.value !== "" && (" " + spec[1] + " ").indexOf(" " + sel.value + " ") < 0;
    }
  }
  document.addEventListener("change", function (ev) { if (ev.target.tagName === "SELECT") { shownFor(); } });
  document.addEventListener("DOMContentLoaded", shownFor);
})();
