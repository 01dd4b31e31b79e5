/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  // Outcome forms: show only the fields of the chosen kind (decision, action item, information).
  // Without JavaScript all fields show, grouped, and the server clears those of other kinds.
  function outcomeKinds(container) {
    var radios = container.querySelectorAll('input[type="radio"][name$="kind"]');
    var parts = container.querySelectorAll("fieldset[data-kind]");
    var any = container.querySelectorAll("[data-kind-any]");
    if (!radios.length || !parts.length) return;
    function update() {
      var chosen = container.querySelector('input[type="radio"][name$="kind"]:checked');
      var kind = chosen ? chosen.value : "";
      parts.forEach(function (part) {
        var show = part.getAttribute("data-kind") === kind;
        part.hidden = !show;
        part.disabled = !show;
      });
      // In the minutes editor "Intet" (no outcome) hides the text too, unless something is typed.
      any.forEach(function (el) {
        var typed = el.querySelector("textarea") && el.querySelector("textarea").value.trim();
        el.hidden = !kind && !typed;
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  // Copy buttons (the calendar feed address): the button appears only where the Clipboard API
  // works (a secure context); the field stays a readonly input anyone can select and copy.
  function copyButton(button) {
    var field = document.getElementById(button.getAttribute("data-copy-from"));
    var box = button.closest(".copy-field");
    var status = box && box.parentNode.querySelector(".copy-status");
    if (!field || !navigator.clipboard || !window.isSecureContext) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { if (status) status.textContent = box.getAttribute("data-copied"); },
        function () {
          field.select();
          if (status) status.textContent = box.getAttribute("data-copy-failed");
        }
      );
    });
  }


  // The minutes editor: "all present", more outcome slots, a warning before leaving unsaved work.
  function minutesEditor(form) {
    var allPresent = form.querySelector("[data-all-present]");
    if (allPresent) {
      allPresent.hidden = false;
      allPresent.addEventListener("click", function () {
        form.querySelectorAll(".attendance-row").forEach(function (row) {
          var unknown = row.querySelector('input[value="unknown"]');
          var present = row.querySelector('input[value="present"]');
          if (unknown && unknown.checked && present) present.checked = true;
        });
        form.dispatchEvent(new Event("change", { bubbles: true }));
        markDirty();
      });
    }
    var template = document.getElementById("outcome-slot");
    form.querySelectorAll("[data-add-outcome]").forEach(function (button) {
      if (!template) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var item = button.getAttribute("data-add-outcome");
        var list = form.querySelector('.new-outcomes[data-item="' + item + '"]');
        var n = list.querySelectorAll("[data-outcome]").length + 1;
        var html = template.innerHTML.replace(/__item__/g, item).replace(/__n__/g, String(n));
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var slot = holder.firstElementChild;
        list.appendChild(slot);
        outcomeKinds(slot);
        var first = slot.querySelector('input[type="radio"]:not([value=""])');
        if (first) first.focus();
      });
    });

    // Leaving with unsaved changes asks first. The autosave keeps the minutes and attendance; new
    // outcomes are saved only with the form, so a typed outcome keeps the page "unsaved".
    var dirty = false;
    var message = form.getAttribute("data-unsaved-warning");
    function markDirty() { dirty = true; }
    function pendingOutcome() {
      return Array.prototype.some.call(form.querySelectorAll("[data-outcome]"), function (slot) {
        var kind = slot.querySelector('input[type="radio"]:checked');
        var text = slot.querySelector("textarea");
        return (kind && kind.value) || (text && text.value.trim());
      });
    }
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    form.addEventListener("submit", function () { dirty = false; window.removeEventListener("beforeunload", warn); });
    form.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.successful && !pendingOutcome()) dirty = false;
    });
    function warn(event) {
      if (!dirty) return undefined;
      event.preventDefault();
      event.returnValue = message;
      return message;
    }
    window.addEventListener("beforeunload", warn);
  }

  // Agenda order by drag and drop (SortableJS), beside the arrow buttons that do the same by keyboard.
  function agendaDragAndDrop(list) {
    if (typeof window.Sortable === "undefined") return;
    var url = list.getAttribute("data-reorder-url");
    var status = document.getElementById("reorder-status");
    var token = document.querySelector('input[name="csrfmiddlewaretoken"]');
    var hint = document.querySelector("[data-drag-hint]");
    if (hint) hint.hidden = false;
    list.querySelectorAll(".drag-handle").forEach(function (handle) { handle.hidden = false; });
    window.Sortable.create(list, {
      handle: ".drag-handle",
      animation: 150,
      onEnd: function () {
        var order = Array.prototype.map.call(list.querySelectorAll("li[data-item]"), function (li) {
          return li.getAttribute("data-item");
        });
        var body = new URLSearchParams({ order: order.join(",") });
        fetch(url, {
          method: "POST",
          body: body,
          headers: { "X-CSRFToken": token ? token.value : "", "HX-Request": "true" },
          credentials: "same-origin",
        }).then(function (response) {
          return response.text().then(function (text) {
            if (!response.ok) throw new Error(text);
            window.location.reload();  // positions and arrow buttons follow the new order
          });
        }).catch(function (error) {
          if (status) status.textContent = error.message;
        });
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-outcome]").forEach(outcomeKinds);
    document.querySelectorAll("form").forEach(function (form) {
      if (!form.querySelector("[data-outcome]")) outcomeKinds(form);
    });
    document.querySelectorAll("form[data-unsaved-warning]").forEach(minutesEditor);
    document.querySelectorAll("ol[data-reorder-url]").forEach(agendaDragAndDrop);
    document.querySelectorAll("button[data-copy-from]").forEach(copyButton);
  });
})();

/* The invitation picker: search as you type (JSON), keep what was ticked across searches.
   Without JavaScript the same page searches with a plain GET form and invites with a POST. */
(function () {
  "use strict";

  function invitePicker(root) {
    var input = root.querySelector("#picker-q");
    var results = root.querySelector("[data-picker-results]");
    var chosen = root.querySelector("[data-picker-chosen]");
    var status = root.querySelector("[data-picker-status]");
    var minQuery = parseInt(root.getAttribute("data-min-query"), 10) || 2;
    var url = root.getAttribute("data-picker-url");
    var timer = null;
    var latest = 0;

    function keepChecked() {
      // Ticked results move to "Valgt" so a new search does not drop them.
      results.querySelectorAll("input:checked").forEach(function (box) {
        chosen.appendChild(box.closest("li"));
      });
      chosen.closest("fieldset").hidden = !chosen.children.length;
    }

    function render(data) {
      keepChecked();
      results.textContent = "";
      data.results.forEach(function (m) {
        var id = "pick-" + m.kind + "-" + m.id;
        if (document.getElementById(id)) return; // already chosen
        var li = document.createElement("li");
        li.className = "form-check";
        var box = document.createElement("input");
        box.type = "checkbox"; box.className = "form-check-input"; box.name = m.field; box.value = m.id; box.id = id;
        box.disabled = m.invited;
        box.addEventListener("change", keepChecked);
        var label = document.createElement("label");
        label.className = "form-check-label"; label.htmlFor = id; label.textContent = m.label + " ";
        var detail = document.createElement("span");
        detail.className = "small text-muted";
        detail.textContent = "(" + m.detail + (m.invited ? " · " + root.getAttribute("data-invited-text") : "") + ")";
        label.appendChild(detail);
        li.appendChild(box); li.appendChild(label);
        results.appendChild(li);
      });
      status.textContent = !data.results.length ? root.getAttribute("data-none-text")
        : data.more ? root.getAttribute("data-more-text") : root.getAttribute("data-count-text").replace("%s", data.results.length);
    }

    function search() {
      var q = input.value.trim();
      if (q.length < minQuery) return;
      var mine = ++latest;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && mine === latest) render(data); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
    results.querySelectorAll("input").forEach(function (box) { box.addEventListener("change", keepChecked); });
  }

  document.querySelectorAll(".invite-picker[data-picker-url]").forEach(invitePicker);

  // Lookup selects (actors.lookup): typing fills the select with matches from the lookup endpoint,
  // keeping what is chosen. Without JavaScript the typed name is sent and the server resolves it.
  function lookupSelect(input) {
    var select = document.getElementById(input.getAttribute("data-lookup-for"));
    var status = input.parentNode.querySelector("[data-lookup-status]");
    var url = input.getAttribute("data-lookup-url");
    var minQuery = parseInt(input.getAttribute("data-lookup-min"), 10) || 2;
    var timer = null, latest = 0;
    if (!select || !url) return;

    function render(data) {
      var keep = Array.prototype.filter.call(select.options, function (o) { return o.value === "" || o.selected; });
      var kept = keep.map(function (o) { return o.value; });
      while (select.options.length) select.remove(0);
      keep.forEach(function (o) { select.add(o); });
      data.results.forEach(function (m) {
        if (kept.indexOf(String(m.id)) === -1) select.add(new Option(m.label, m.id));
      });
      if (!select.multiple && data.results.length === 1 && !select.value) select.value = String(data.results[0].id);
      status.textContent = !data.results.length ? input.getAttribute("data-none-text")
        : data.more ? input.getAttribute("data-more-text")
          : input.getAttribute("data-count-text").replace("{n}", data.results.length);
    }

    function search() {
      var q = input.value.trim();
      if (q.length < minQuery) return;
      var mine = ++latest;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && mine === latest) render(data); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();  // Enter searches; it does not send the form half-filled
      clearTimeout(timer);
      search();
    });
  }

  document.querySelectorAll("input[data-lookup-url]").forEach(lookupSelect);

  // "Select all on this page": a checkbox that ticks every box named in its data-select-all.
  // Without JavaScript the cases are ticked one by one.
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var boxes = document.querySelectorAll('input[name="' + all.getAttribute("data-select-all") + '"]');
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
  });
})();
