// A form marked data-draft="key" keeps what is typed in the browser (localStorage) until it is saved: a
// member called away in the middle of a meeting finds the record as they left it. The page the save
// lands on carries data-draft-clear="key" and removes the draft; files and the CSRF token are never kept.
(function () {
  var PREFIX = "paizhu-draft:";
  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  function fields(form) {
    return Array.from(form.elements).filter(function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "version" && el.type !== "file" && el.type !== "submit" && el.type !== "button";
    });
  }
  function collect(form) {
    var data = {};
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { (data[el.name] = data[el.name] || []).push(el.value); }
        else if (!(el.name in data)) { data[el.name] = []; }
      } else if (el.tagName === "SELECT" && el.multiple) {
        data[el.name] = Array.from(el.selectedOptions).map(function (o) { return o.value; });
      } else {
        data[el.name] = [el.value];
      }
    });
    return data;
  }
  function restore(form, data) {
    fields(form).forEach(function (el) {
      var values = data[el.name];
      if (!values) { return; }
      if (el.type === "checkbox" || el.type === "radio") { el.checked = values.indexOf(el.value) >= 0; }
      else if (el.tagName === "SELECT" && el.multiple) { Array.from(el.options).forEach(function (o) { o.selected = values.indexOf(o.value) >= 0; }); }
      else { el.value = values[0] || ""; el.dispatchEvent(new Event("input", { bubbles: true })); }
    });
  }
  function start() {
    var store = storage();
    if (!store) { return; }
    document.querySelectorAll("[data-draft-clear]").forEach(function (el) { store.removeItem(PREFIX + el.getAttribute("data-draft-clear")); });
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      var key = PREFIX + form.getAttribute("data-draft");
      var notice = document.querySelector("[data-draft-notice]");
      var saved = store.getItem(key);
      // A form sent back with errors shows what was sent; the draft is kept, not applied over it.
      if (saved && !form.hasAttribute("data-draft-bound")) {
        try { restore(form, JSON.parse(saved)); if (notice) { notice.classList.remove("d-none"); } } catch (e) { store.removeItem(key); }
      }
      var save = function () { store.setItem(key, JSON.stringify(collect(form))); };
      form.addEventListener("input", save);
      form.addEventListener("change", save);
      var discard = document.querySelector("[data-draft-discard]");
      if (discard) {
        discard.addEventListener("click", function () { store.removeItem(key); window.location.reload(); });
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
