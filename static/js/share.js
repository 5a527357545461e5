// Progressive enhancement: a button that copies the page's link (without script, the link is
// in a read-only field to select and copy by hand).
(function () {
  var buttons = document.querySelectorAll("[data-copy]");
  if (!navigator.clipboard) return;
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.closest(".copy-link").querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = button.getAttribute("data-copied");
      }, function () {
        field.select();
      });
    });
  });
})();
