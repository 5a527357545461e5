// Progressive enhancement: keep the petition's total live by polling the cheap count endpoint;
// when it changes, the page's other live parts (the statistics' map and tables) are refreshed.
(function () {
  var total = document.querySelector("[data-live-count]");
  if (!total || !window.fetch) return;
  var url = total.getAttribute("data-live-count");
  var goal = parseInt(total.getAttribute("data-goal"), 10);
  var bar = document.querySelector("[data-live-progress]");
  var regions = document.querySelectorAll("[data-live-refresh]");
  // Grouped as the server groups them (data-separator), so a number looks the same after.
  var separator = total.getAttribute("data-separator") || ",";
  function format(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  }
  // The count the server wrote into the page, so that the first poll already tells a change.
  var shown = parseInt(total.textContent.replace(/\D/g, ""), 10);
  function refreshRegions() {
    fetch(window.location.href, { headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        Array.prototype.forEach.call(regions, function (region) {
          var replacement = fresh.getElementById(region.id);
          if (!replacement) return;
          var opened = region.querySelector("details[open]");
          region.innerHTML = replacement.innerHTML;
          if (opened) region.querySelector("details").open = true;
        });
      })
      .catch(function () {});
  }
  function refresh() {
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var count = data.signature_count;
        total.textContent = format(count);
        if (bar) {
          bar.value = count;
          bar.textContent = goal ? Math.min(100, Math.floor((100 * count) / goal)) + " %" : "";
        }
        if (count !== shown && regions.length) refreshRegions();
        shown = count;
      })
      .catch(function () {});
  }
  setInterval(refresh, 10000);
})();
