// newsdossier: layer toggles, evidence links inside the text. No framework, nothing fetched.
(function () {
  "use strict";
  function setLayer(scope, name, on) {
    scope.querySelectorAll('mark.hl[data-layer="' + CSS.escape(name) + '"]').forEach(function (m) {
      m.classList.toggle("off", !on);
    });
  }
  document.querySelectorAll(".article-page").forEach(function (page) {
    page.querySelectorAll('.layer-toggle input[type="checkbox"]').forEach(function (box) {
      setLayer(page, box.dataset.layer, box.checked);
      box.addEventListener("change", function () { setLayer(page, box.dataset.layer, box.checked); });
    });
  });
  // a mark that links somewhere (a name to its entity, a reused passage to its twin) opens it on click
  document.addEventListener("click", function (ev) {
    var m = ev.target.closest ? ev.target.closest("mark.hl[data-href]") : null;
    if (!m || m.classList.contains("off") || window.getSelection().toString()) return;
    window.location.href = m.dataset.href;
  });
  // arriving at a span: switch its layer on and flash it
  function showTarget() {
    if (!location.hash) return;
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!el || !el.matches("mark.hl")) return;
    var page = el.closest(".article-page") || document;
    var box = page.querySelector('.layer-toggle input[data-layer="' + CSS.escape(el.dataset.layer) + '"]');
    if (box && !box.checked) { box.checked = true; setLayer(page, el.dataset.layer, true); }
    el.classList.add("flash");
    el.scrollIntoView({block: "center"});
  }
  window.addEventListener("hashchange", showTarget);
  showTarget();
})();
