// A video plays from its platform's privacy-enhanced player only once the visitor clicks:
// nothing is requested from the platform before. Without script, the link to it stays.
(function () {
  var videos = document.querySelectorAll("[data-player]");
  Array.prototype.forEach.call(videos, function (video) {
    var button = video.querySelector(".video-play");
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = video.getAttribute("data-player");
      frame.title = video.getAttribute("data-player-title");
      frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      video.replaceChild(frame, button);
      frame.focus();
    });
  });
})();
