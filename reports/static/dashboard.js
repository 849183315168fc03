(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.hidden = false;
  var tables = Array.prototype.slice.call(document.querySelectorAll("table[data-filter]"));
  var count = document.getElementById("filter-count");
  var countTpl = count ? count.getAttribute("data-template") : "";

  function apply() {
    var level = form.elements.level.value, status = form.elements.status.value, rule = form.elements.rule.value;
    var shown = 0, total = 0;
    tables.forEach(function (table) {
      var rows = table.tBodies[0].rows;
      for (var i = 0; i < rows.length; i++) {
        var tr = rows[i], ok = !level || tr.getAttribute("data-level") === level;
        if (ok && status) {
          var tokens = (tr.getAttribute("data-results") || "").split(" ");
          ok = rule ? tokens.indexOf(rule + "=" + status) >= 0
                    : tokens.some(function (t) { return t.slice(t.lastIndexOf("=") + 1) === status; });
        } else if (ok && rule && table.getAttribute("data-filter") === "matrix") {
          ok = (" " + (tr.getAttribute("data-results") || "")).indexOf(" " + rule + "=") >= 0;
        }
        tr.classList.toggle("hide", !ok);
        if (table.getAttribute("data-filter") === "matrix") { total++; if (ok) { shown++; } }
      }
      if (table.getAttribute("data-filter") === "matrix") {
        var cells = table.querySelectorAll("[data-rule]");
        for (var j = 0; j < cells.length; j++) {
          cells[j].classList.toggle("hide", !!rule && cells[j].getAttribute("data-rule") !== rule);
        }
      }
    });
    if (count) { count.textContent = countTpl.replace("{shown}", shown).replace("{total}", total); }
  }

  function sortBy(th) {
    var table = th.closest("table"), tbody = table.tBodies[0], idx = th.cellIndex;
    var asc = th.getAttribute("aria-sort") !== "ascending";
    var numeric = th.getAttribute("data-type") === "num";
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var ca = a.cells[idx], cb = b.cells[idx];
      var va = ca.getAttribute("data-v"), vb = cb.getAttribute("data-v");
      if (va === null) { va = ca.textContent.trim(); }
      if (vb === null) { vb = cb.textContent.trim(); }
      var r;
      if (numeric) {
        var na = parseFloat(va), nb = parseFloat(vb);
        if (isNaN(na)) { na = -Infinity; }
        if (isNaN(nb)) { nb = -Infinity; }
        r = na - nb;
      } else {
        r = va.localeCompare(vb, document.documentElement.lang || "vi");
      }
      return asc ? r : -r;
    });
    rows.forEach(function (tr) { tbody.appendChild(tr); });
    Array.prototype.forEach.call(table.querySelectorAll("th[aria-sort]"), function (h) {
      h.setAttribute("aria-sort", "none");
    });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
  }

  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("th[aria-sort] button") : null;
    if (btn) { sortBy(btn.closest("th")); }
  });
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
  apply();
}());
