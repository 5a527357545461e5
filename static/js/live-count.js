// Progressive enhancement: keep the petition's total live by polling the cheap count endpoint.
(function () {
  var total = document.querySelector("[data-live-count]");
  if (!total || !window.fetch) return;
  var url = total.getAttribute("data-live-count");
  var goal = parseInt(total.getAttribute("data-goal"), 10);
  var bar = document.querySelector("[data-live-progress]");
  var format = new Intl.NumberFormat(document.documentElement.lang);
  function refresh() {
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        total.textContent = format.format(data.signature_count);
        if (bar && goal) bar.style.width = Math.min(100, (100 * data.signature_count) / goal) + "%";
      })
      .catch(function () {});
  }
  setInterval(refresh, 10000);
})();
