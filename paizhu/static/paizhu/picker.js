// The people pickers (core.widgets.Picker): the search box asks the server as the user types and offers at
// most ten people; ↑ ↓ move, Enter picks, Esc closes. A pick becomes a ticked box in the list above the box,
// which the form posts. Without this script the box is posted instead and the server searches (see widgets.py).
(function () {
  var seq = 0;
  function attach(root) {
    if (root.pzPicker) { return; }
    root.pzPicker = true;
    var input = root.querySelector(".pz-picker-search input");
    var chosen = root.querySelector(".pz-picker-chosen");
    var find = root.querySelector(".pz-picker-find");
    var name = root.getAttribute("data-picker-name");
    var multiple = root.getAttribute("data-picker-multiple") === "1";
    var params = JSON.parse(root.getAttribute("data-picker-params") || "{}");
    var depends = JSON.parse(root.getAttribute("data-picker-depends") || "{}");
    var listId = input.id + "_list";
    var list = document.createElement("ul");
    list.className = "pz-picker-list list-group shadow-sm";
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    root.querySelector(".pz-picker-search").insertAdjacentElement("afterend", list);
    input.removeAttribute("name"); // the text typed is not posted: what counts is what is ticked
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    if (find) { find.hidden = true; }
    var items = [], active = -1, timer = null, asked = 0;

    function close() {
      list.hidden = true; list.innerHTML = ""; items = []; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) { li.classList.toggle("active", j === i); li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      if (i >= 0 && list.children[i]) { input.setAttribute("aria-activedescendant", list.children[i].id); list.children[i].scrollIntoView({ block: "nearest" }); }
    }
    function isChosen(id) {
      var box = chosen.querySelector('input[value="' + id + '"]');
      return box && box.checked;
    }
    function pick(entry) {
      if (!multiple) {
        chosen.querySelectorAll("input").forEach(function (box) { box.closest(".form-check").remove(); });
      }
      var box = chosen.querySelector('input[value="' + entry.id + '"]');
      if (!box) {
        var row = document.createElement("div");
        row.className = "form-check";
        box = document.createElement("input");
        box.className = "form-check-input";
        box.type = multiple ? "checkbox" : "radio";
        box.name = name;
        box.value = entry.id;
        box.id = input.id + "_" + entry.id;
        var label = document.createElement("label");
        label.className = "form-check-label";
        label.htmlFor = box.id;
        label.textContent = entry.label;
        row.appendChild(box); row.appendChild(label);
        chosen.appendChild(row);
      }
      box.checked = true;
      input.value = "";
      close();
      input.focus();
    }
    function show(data) {
      list.innerHTML = ""; items = data.items || []; active = -1;
      if (!items.length) {
        var none = document.createElement("li");
        none.className = "list-group-item small text-muted";
        none.textContent = "没有找到相符的人员";
        list.appendChild(none);
      }
      items.forEach(function (entry, i) {
        var li = document.createElement("li");
        li.className = "list-group-item list-group-item-action";
        li.id = listId + "_" + i;
        li.setAttribute("role", "option");
        li.textContent = entry.label + (isChosen(entry.id) ? "（已选）" : "");
        li.addEventListener("mousedown", function (event) { event.preventDefault(); pick(entry); });
        list.appendChild(li);
      });
      if (data.more) {
        var more = document.createElement("li");
        more.className = "list-group-item small text-muted";
        more.textContent = "只列出前 " + items.length + " 人，请输入更完整的姓名";
        list.appendChild(more);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (items.length) { highlight(0); }
    }
    function ask() {
      var text = input.value.trim();
      if (!text) { close(); return; }
      var query = new URLSearchParams(params);
      query.set("q", text);
      Object.keys(depends).forEach(function (key) {
        var field = input.form && input.form.elements[depends[key]];
        if (field && field.value) { query.set(key, field.value); }
      });
      var mine = ++seq; asked = mine;
      fetch(root.getAttribute("data-picker-source") + "?" + query.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (data) { if (mine === asked) { show(data); } })
        .catch(function () { if (mine === asked) { show({ items: [] }); } });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 200); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) { ask(); return; }
        if (!items.length) { return; }
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + items.length) % items.length);
      } else if (event.key === "Enter") {
        event.preventDefault(); // Enter in the search box picks; it never posts the form half-filled
        if (!list.hidden && active >= 0 && items[active]) { pick(items[active]); } else { ask(); }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }
  function scan(root) { root.querySelectorAll(".pz-picker").forEach(attach); }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSettle", function (event) { scan(event.target); });
})();
