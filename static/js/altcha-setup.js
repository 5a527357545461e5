// The ALTCHA widget's external build solves in a worker that the page registers: the one for
// PBKDF2/SHA-256, the algorithm of our challenges, from our static files (its URL is on the widget).
(function () {
  "use strict";
  var widget = document.querySelector("altcha-widget[data-worker]");
  if (!widget || !window.$altcha) {
    return;
  }
  var workerUrl = widget.getAttribute("data-worker");
  window.$altcha.algorithms.set("PBKDF2/SHA-256", function () {
    return new Worker(workerUrl);
  });
})();
