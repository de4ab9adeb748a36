// The counter under every long text (core.forms sets data-maxlength): how many characters are typed
// out of the limit, in red beyond it. Nothing is cut: the server refuses an over-long text at the field.
(function () {
  function update(box, note) {
    var limit = parseInt(box.getAttribute("data-maxlength"), 10);
    var used = Array.from(box.value).length; // characters, as the server counts them (not UTF-16 units)
    var over = used > limit;
    note.textContent = over ? "已输入 " + used + " 字，超出 " + (used - limit) + " 字（上限 " + limit + " 字）" : "已输入 " + used + " / " + limit + " 字";
    note.classList.toggle("text-danger", over);
    note.classList.toggle("text-muted", !over);
    box.classList.toggle("is-invalid", over || box.classList.contains("pz-server-invalid"));
  }
  function attach(box) {
    if (box.pzCounter) { return; }
    var note = document.createElement("div");
    note.className = "form-text text-end small pz-counter";
    note.id = (box.id || box.name) + "-counter";
    note.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", note);
    box.setAttribute("aria-describedby", ((box.getAttribute("aria-describedby") || "") + " " + note.id).trim());
    if (box.classList.contains("is-invalid")) { box.classList.add("pz-server-invalid"); }
    box.pzCounter = note;
    update(box, note);
  }
  function scan(root) {
    root.querySelectorAll("textarea[data-maxlength]").forEach(attach);
  }
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box.pzCounter) { update(box, box.pzCounter); }
  });
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSettle", function (event) { scan(event.target); });
})();
