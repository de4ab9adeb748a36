// Role grant form: show only the scope select (commission / group / unit) the chosen role needs.
(function () {
  var form = document.querySelector(".js-grant-form");
  if (!form) { return; }
  var role = form.querySelector("[data-scope-map]");
  var map = {};
  role.getAttribute("data-scope-map").split(",").forEach(function (pair) {
    var parts = pair.split(":");
    map[parts[0]] = parts[1];
  });
  function update() {
    var wanted = map[role.value];
    form.querySelectorAll(".js-scope").forEach(function (box) {
      box.hidden = !role.value || box.getAttribute("data-scope") !== wanted;
    });
  }
  role.addEventListener("change", update);
  update();
})();
