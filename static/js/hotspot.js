/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  // The outcome form: show only the fields of the chosen kind (decision, action item, information).
  // Without JavaScript all fields show, grouped, and the server clears those of other kinds.
  function outcomeKinds(form) {
    var radios = form.querySelectorAll('input[name="kind"]');
    var parts = form.querySelectorAll("fieldset[data-kind]");
    if (!radios.length || !parts.length) return;
    function update() {
      var chosen = form.querySelector('input[name="kind"]:checked');
      var kind = chosen ? chosen.value : "";
      parts.forEach(function (part) {
        var show = part.getAttribute("data-kind") === kind;
        part.hidden = !show;
        part.disabled = !show;
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  document.querySelectorAll("form").forEach(outcomeKinds);
})();
