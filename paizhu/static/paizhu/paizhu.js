// Behaviour without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.classList && el.classList.contains("js-autosubmit") && el.form) { el.form.submit(); }
  // A file input shown as a Chinese button (core/widgets/files.html): the names chosen beside it.
  var pick = el.type === "file" && el.closest(".file-pick");
  if (pick) {
    var names = Array.prototype.map.call(el.files, function (f) { return f.name; });
    pick.querySelector(".file-pick-names").textContent =
      names.length === 0 ? "未选择文件" : names.length === 1 ? names[0] : "已选择 " + names.length + " 个文件：" + names.join("、");
  }
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) { event.preventDefault(); }
});
// On a phone a table's rows are shown as cards (paizhu.css): each cell carries its column's name to show beside it.
function labelCells(root) {
  (root || document).querySelectorAll("table.table-pz").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    if (!heads.length) { return; }
    table.classList.add("table-cards");
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (heads[i] && !cell.hasAttribute("colspan") && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", heads[i]); }
      });
    });
  });
}
// Filters folded away on a phone behind one button, which says how many are set.
function foldFilters() {
  document.querySelectorAll("form.filter-bar").forEach(function (form) {
    if (form.querySelector(".filter-toggle")) { return; }
    var set = Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "submit" && el.type !== "hidden" && ((el.type === "checkbox") ? el.checked : el.value);
    }).length;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-secondary filter-toggle";
    button.setAttribute("aria-expanded", "false");
    button.innerHTML = '<i class="bi bi-funnel"></i> 筛选' + (set ? "（已设 " + set + " 项）" : "");
    button.addEventListener("click", function () {
      var open = form.classList.toggle("filters-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    form.insertBefore(button, form.firstChild);
    form.classList.add("filters-foldable");
  });
}
document.addEventListener("DOMContentLoaded", function () { labelCells(); foldFilters(); });
document.addEventListener("htmx:afterSwap", function (event) { labelCells(event.target); });
