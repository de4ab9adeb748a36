/* The API documentation page (/api/v1/docs): Swagger UI from the vendored copy, configured from the
   JSON block the page carries, so that no inline script is needed (CSP script-src 'self'). */
(function () {
  "use strict";
  var body = document.body;
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  config.validatorUrl = null; // never send the schema to validator.swagger.io
  if (body.dataset.csrfToken) {
    config.requestInterceptor = function (req) {
      req.headers["X-CSRFToken"] = body.dataset.csrfToken;
      return req;
    };
  }
  window.ui = SwaggerUIBundle(config);
})();
